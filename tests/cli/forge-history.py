#!/usr/bin/env python3
"""What a forger with write access to a data directory can do to the
register history: change one event, recompute the history's chain from it
on, then put the new hashes into every close row of the ledger that names
them (history=R<seq>:<hash>), recompute the ledger's chain from the first
such row on and rebind the month snapshots after it (as forge.py does), so
that both chains, the snapshots and the views' stamps verify again.  Used by t-year.sh.

    forge-history.py DIR LINE OLD NEW

replaces the first OLD by NEW in line LINE of DIR/history.csv."""
import hashlib
import os
import re
import sys

d, ln, old, new = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode(), sys.argv[4].encode()


def rows(path):
    lines = open(path, "rb").read().split(b"\n")
    assert lines[-1] == b""
    return lines[:-1]


hpath = os.path.join(d, "history.csv")
h = rows(hpath)
if old not in h[ln - 1]:
    sys.exit("forge-history.py: line %d has no %r" % (ln, old))
h[ln - 1] = h[ln - 1].replace(old, new, 1)
newhash = {}
prev = b"0" * 64
for i in range(1, len(h)):
    body = h[i][: h[i].rindex(b",")]
    if i + 1 >= ln:
        h[i] = body + b"," + hashlib.sha256(prev + body).hexdigest().encode()
    seq = int(h[i][1 : h[i].index(b",")])
    newhash[seq] = h[i][h[i].rindex(b",") + 1 :]
    prev = newhash[seq]
open(hpath, "wb").write(b"\n".join(h) + b"\n")
# the views' stamps name history events by their hashes too
vpath = os.path.join(d, ".views")
if os.path.exists(vpath):
    v = open(vpath, "rb").read()
    v = re.sub(rb"R(\d+):[0-9a-f]{64}", lambda m: b"R" + m.group(1) + b":" + newhash[int(m.group(1))], v)
    open(vpath, "wb").write(v)

lpath = os.path.join(d, "ledger.csv")
lines = rows(lpath)
first = None
for i in range(1, len(lines)):
    m = re.search(rb"history=R(\d+):([0-9a-f]{64});", lines[i])
    if m and newhash.get(int(m.group(1))) != m.group(2):
        lines[i] = lines[i].replace(m.group(2), newhash[int(m.group(1))], 1)
        first = first or i + 1
if first is None:
    sys.exit(0)
offsets, off = [], 0
for l in lines:
    offsets.append(off)
    off += len(l) + 1
prev = "0" * 64
for i in range(1, len(lines)):
    body = lines[i][: lines[i].rindex(b",")]
    if i + 1 >= first:
        f = body.split(b",")
        if f[2] == b"close":
            snap = os.path.join(d, "seals", f[10].decode() + ".csv")
            if os.path.exists(snap):
                text = open(snap, "rb").read()
                start = int(re.search(rb"^start_offset,(\d+)$", text, re.M).group(1))
                k = offsets.index(start)
                before = lines[k - 1][lines[k - 1].rindex(b",") + 1 :] if k > 1 else b"0" * 64
                text = re.sub(rb"^start_prev_hash,[0-9a-f]{64}$", b"start_prev_hash," + before,
                              text, flags=re.M)
                open(snap, "wb").write(text)
                body = re.sub(rb"snapshot=[0-9a-f]{64}",
                              b"snapshot=" + hashlib.sha256(text).hexdigest().encode(), body)
        lines[i] = body + b"," + hashlib.sha256(prev.encode() + body).hexdigest().encode()
    prev = lines[i][lines[i].rindex(b",") + 1 :].decode()
open(lpath, "wb").write(b"\n".join(lines) + b"\n")
