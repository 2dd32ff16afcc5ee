#!/usr/bin/env python3
"""What a forger with write access to a data directory can do: change a
ledger row, recompute the chain from that row on, and rebind every month
snapshot after it (its start_prev_hash, and its SHA-256 in the close row),
so that the chain and the snapshots verify again.  Used by t-witness.sh.

    forge.py DIR LINE OLD NEW

replaces the first OLD by NEW in line LINE of DIR/ledger.csv (same length
in bytes: the snapshots' offsets stay right)."""
import hashlib
import os
import re
import sys

d, ln, old, new = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode(), sys.argv[4].encode()
if len(old) != len(new):
    sys.exit("forge.py: OLD and NEW must have the same length in bytes")
path = os.path.join(d, "ledger.csv")
lines = open(path, "rb").read().split(b"\n")
assert lines[-1] == b""
lines = lines[:-1]
if old not in lines[ln - 1]:
    sys.exit("forge.py: line %d has no %r" % (ln, old))
lines[ln - 1] = lines[ln - 1].replace(old, new, 1)

offsets, off = [], 0
for l in lines:
    offsets.append(off)
    off += len(l) + 1

prev = "0" * 64
for i in range(1, len(lines)):
    body = lines[i][: lines[i].rindex(b",")]
    if i + 1 >= ln:
        f = body.split(b",")
        if f[2] == b"close":
            snap = os.path.join(d, "seals", f[10].decode() + ".csv")
            if os.path.exists(snap):
                text = open(snap, "rb").read()
                start = int(re.search(rb"^start_offset,(\d+)$", text, re.M).group(1))
                k = offsets.index(start)
                before = lines[k - 1][lines[k - 1].rindex(b",") + 1:] if k > 1 else b"0" * 64
                text = re.sub(rb"^start_prev_hash,[0-9a-f]{64}$", b"start_prev_hash," + before, text,
                              flags=re.M)
                open(snap, "wb").write(text)
                body = re.sub(rb"snapshot=[0-9a-f]{64}",
                              b"snapshot=" + hashlib.sha256(text).hexdigest().encode(), body)
        h = hashlib.sha256(prev.encode() + body).hexdigest()
        lines[i] = body + b"," + h.encode()
    prev = lines[i][lines[i].rindex(b",") + 1:].decode()
open(path, "wb").write(b"\n".join(lines) + b"\n")
