#!/usr/bin/env python3
"""Forge a derived index file (sidx.h's format) the way a careful forger
would: change its content and make every digest again, so that only a
comparison with what the registers give can tell.

  forge-index.py FILE drop     the first entry with two or more elements
                               loses its last one (a row left out)
  forge-index.py FILE swap     the first two entries exchange their slices
                               (each key points at the other's line)
"""
import hashlib
import struct
import sys

HEAD, KEY, PAGE_REC, ENT_REC, PER = 512, 32, 64, 64, 64


def main():
    path, what = sys.argv[1], sys.argv[2]
    b = bytearray(open(path, "rb").read())
    nent, npages, per, plen, elem = struct.unpack_from("<QQQQQ", b, 40)
    assert per == PER and what in ("drop", "swap")
    ents_at = HEAD + npages * PAGE_REC + 32
    pay_at = ents_at + nent * ENT_REC
    ents = [bytearray(b[ents_at + i * ENT_REC:ents_at + (i + 1) * ENT_REC]) for i in range(nent)]
    payload = bytearray(b[pay_at:pay_at + plen])
    slices = []
    for e in ents:
        off, n = struct.unpack_from("<QQ", e, KEY)
        slices.append((payload[off:off + n * elem], n))
    if what == "swap":
        slices[0], slices[1] = slices[1], slices[0]
    out_pay = bytearray()
    done = what == "swap"
    for e, (sl, n) in zip(ents, slices):
        if not done and n >= 2 and e[0] != 1:
            sl = sl[:-elem]
            n -= 1
            done = True
        struct.pack_into("<QQ", e, KEY, len(out_pay), n)
        e[KEY + 16:KEY + 32] = hashlib.sha256(bytes(e[:KEY]) + bytes(sl)).digest()[:16]
        out_pay += sl
    assert done, "no entry with two elements"
    struct.pack_into("<Q", b, 64, len(out_pay))
    allents = b"".join(bytes(e) for e in ents)
    for p in range(npages):
        chunk = allents[p * PER * ENT_REC:(p + 1) * PER * ENT_REC]
        at = HEAD + p * PAGE_REC
        b[at:at + KEY] = chunk[:KEY]
        b[at + KEY:at + PAGE_REC] = hashlib.sha256(chunk).digest()
    hlen = HEAD + npages * PAGE_REC
    b[hlen:hlen + 32] = hashlib.sha256(bytes(b[:hlen])).digest()
    out = bytes(b[:ents_at]) + allents + bytes(out_pay)
    open(path, "wb").write(out)


main()
