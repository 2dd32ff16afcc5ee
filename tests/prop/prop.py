#!/usr/bin/env python3
"""Property tests for the wmsj tools (stdlib only).

A seeded generator writes random but legal scenarios -- registrations,
activities, awards (single and batched through '-'), applications, donations,
redemptions, reissued cards, suspensions, withdrawals, clearings, reversals,
station moves, month closes, backdated entries -- plus illegal operations that
must be refused.  Each scenario is driven through the installed tools (found
on PATH, as the black-box tests find them) and through a small independent
model of the contract; after every step and at the end the invariants below
are checked.  A failing seed is shrunk to a short shell script.

    prop.py run [--seed S] [--count N] [--steps N] [--every K] [--skip-known]
                [--shrink DIR] [--tap]
    prop.py check --data DIR NAME     one report invariant on a data directory
    prop.py known NAME                prints the defect an invariant is known for

See HACKING.md ("Property tests").
"""
import csv
import datetime as dt
import hashlib
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True   # leave no __pycache__ in the source tree
from known import KNOWN  # noqa: E402

TODAY = "2026-11-22"
NOW = "2026-11-22T10:00:00"
START = dt.date(2025, 10, 1)
STATIONS = ["610724109001", "610724109003", "610724109204"]
GOODS = {"G01": 30, "G04": 15, "G05": 20, "G06": 10}  # from examples/data/wmsj.yaml
MAX_POINTS, MAX_HOURS = 50, 12
NAMES = ["王小明", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊",
         "周杰", "吴芳", "徐强", "孙丽", "马超", "朱琳", "胡军", "郭燕"]
CERTIFIER, SUPERVISOR, CLERK = "刘专干", "陈德明", "刘专干"


# Card numbers are random (issue 11); the run reads them from the tools'
# output.  A fixed sequence (a test build's WMSJ_CARD_SEED) only so that a
# shrunk script, which replays the card numbers its run printed, draws the
# same ones.
CARD_SEED = "prop"


def env():
    e = dict(os.environ)
    e.update(LC_ALL="C.UTF-8", LANG="C.UTF-8", TZ="UTC",
             WMSJ_TODAY=TODAY, WMSJ_NOW=NOW, WMSJ_CARD_SEED=CARD_SEED)
    for k in ("LANGUAGE", "WMSJ_DATA", "WMSJ_NO_SNAPSHOT", "WMSJ_CLERK"):
        e.pop(k, None)
    return e


ENV = env()


def day(s):
    return dt.date.fromisoformat(s)


def iso(d):
    return d.isoformat()


def month_end(m):
    y, mo = int(m[:4]), int(m[5:7])
    nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
    return iso(nxt - dt.timedelta(days=1))


def quarter_of(d):
    return "%sQ%d" % (d[:4], (int(d[5:7]) - 1) // 3 + 1)


def quarter_end(q):
    y, n = q[:4], int(q[5])
    return month_end("%s-%02d" % (y, n * 3))


def id_number(n):
    """A valid GB 11643 ID number, distinct for each n."""
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=n * 37 % 15000)
    s = "610724" + birth.strftime("%Y%m%d") + "%03d" % (n % 1000)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return s + "10X98765432"[sum(int(a) * b for a, b in zip(s, w)) % 11]


def parse_csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def num(s):
    """Points are integers; hours exact decimals: keep hours in hundredths."""
    if s in ("", None):
        return 0
    return int(round(float(s) * 100))


# ---------------------------------------------------------------------------
# The model: what the contract says should happen.  Verdicts are 'ok',
# 'refuse' or 'any' (the contract leaves the choice open).  Refusal rules that
# depend on figures *as of a date* are named so that they can be told apart.

class Model:
    def __init__(self):
        self.vols = {}      # handle -> dict(station, status, reg, name, cards)
        self.acts = {}      # handle -> dict(station, date, points, hours)
        self.rows = []      # dict(id=(label,k), date, kind, vol, points, hours, item, qty, rev, reversed)
        self.byid = {}
        self.closed = ""    # last closed month, '' for none
        self.awarded = set()
        self.reversed_awards = set()   # (activity, volunteer) of awards reversed
        self.apps = {}      # handle -> dict(act, vol, status)
        self.nvol = 0

    # figures ---------------------------------------------------------------
    def balance(self, v, upto=None):
        return sum(r["points"] for r in self.rows
                   if r["vol"] == v and (upto is None or r["date"] <= upto))

    def hours(self, v, upto=None):
        return sum(r["hours"] for r in self.rows
                   if r["vol"] == v and (upto is None or r["date"] <= upto))

    def stock(self, key, upto=None):
        """The stock of a shelf (station, item) as of upto: the rows of the
        item whose station is the shelf's (wmsj(7): every station's exchange
        point has its own shelf; examples/data/wmsj.yaml has no shared
        point); an item alone: every shelf together, the town's."""
        st, item = key if isinstance(key, tuple) else (None, key)
        return sum(r["qty"] for r in self.rows
                   if r["item"] == item and (st is None or r["station"] == st)
                   and (upto is None or r["date"] <= upto))

    def min_from(self, fig, key, start, delta):
        """Smallest figure as of any date >= start after adding delta there."""
        dates = sorted({r["date"] for r in self.rows if r["date"] > start} | {start})
        return min(fig(key, d) for d in dates) + delta

    def clears(self, v, year):
        return [r for r in self.rows if r["vol"] == v and r["kind"] == "clear"
                and not r["reversed"] and r["date"][:4] == year]

    def last_clear(self, v):
        """The latest-dated clearing of v that is not reversed (wmsj(7))."""
        cl = [r for r in self.rows if r["vol"] == v and r["kind"] == "clear" and not r["reversed"]]
        return max(cl, key=lambda r: r["date"]) if cl else None

    def cleared_rule(self, v, d):
        """A volunteer's row dated d against their clearing: nothing may be
        dated before it, and nothing earned or redeemed in its year."""
        lc = self.last_clear(v)
        if lc is None:
            return None
        if d < lc["date"]:
            return "before-clearing"
        if d[:4] == lc["date"][:4]:
            return "cleared"
        return None

    def open_date(self, d):
        if d > TODAY:
            return "future-date"
        if self.closed and d[:7] <= self.closed:
            return "closed-month"
        return None

    # verdicts --------------------------------------------------------------
    def award_one(self, v, a, pts, hrs, certifier, seen):
        vol, act = self.vols[v], self.acts[a]
        if vol["status"] != "active":
            return "refuse", "status"
        if v in seen:
            return "refuse", "duplicate"
        if (a, v) in self.reversed_awards:
            return "any", "award-again-after-reversal"
        if (a, v) in self.awarded:
            return "refuse", "duplicate"
        if certifier == vol["name"]:
            return "refuse", "self-certification"
        why = self.cleared_rule(v, act["date"])
        if why:
            return "refuse", why
        if act["date"] < vol["reg"]:
            return "any", "before-registration"
        return "ok", ""

    def verdict(self, s):
        op = s["op"]
        if op == "add":
            if any(x["idn"] == s["idn"] for x in self.vols.values()):
                return "refuse", "duplicate-id-number"
            return "ok", ""
        if op == "act":
            if s["points"] > MAX_POINTS or s["hours"] > MAX_HOURS * 100:
                return "refuse", "over-cap"
            why = self.open_date(s["date"])
            return ("refuse", why) if why else ("ok", "")
        if op in ("award", "approve"):
            if op == "approve":
                pairs = []
                for p in s["apps"]:
                    ap = self.apps[p]
                    if ap["status"] != "pending":
                        return "refuse", "not-pending"
                    pairs.append((ap["vol"], ap["act"]))
                pts = hrs = None
                cert = CERTIFIER
            else:
                pairs = [(v, s["act"]) for v in s["vols"]]
                pts, hrs, cert = s.get("points"), s.get("hours"), s["certifier"]
            worst, why = "ok", ""
            seen = set()
            for v, a in pairs:
                act = self.acts[a]
                p = act["points"] if pts is None else pts
                h = act["hours"] if hrs is None else hrs
                if p > MAX_POINTS or h > MAX_HOURS * 100:
                    return "refuse", "over-cap"
                w = self.open_date(act["date"])
                if w:
                    return "refuse", w
                vd, vw = self.award_one(v, a, p, h, cert, seen if op == "award" else set())
                seen.add(v)
                if vd == "refuse":
                    return vd, vw
                if vd == "any":
                    worst, why = vd, vw
            return worst, why
        if op == "apply":
            ap_act = self.acts[s["act"]]
            same = [x["status"] for x in self.apps.values() if (x["act"], x["vol"]) == (s["act"], s["vol"])]
            if "pending" in same or "approved" in same:
                return "refuse", "applied-twice"
            if (s["act"], s["vol"]) in self.awarded or same:
                return "any", "apply-after-award"
            if self.vols[s["vol"]]["status"] != "active" or self.open_date(ap_act["date"]):
                return "any", "apply-inactive"
            # rules.h: an application is refused as its award would be
            why = self.cleared_rule(s["vol"], ap_act["date"])
            if why:
                return "refuse", why
            return "ok", ""
        if op == "reject":
            return ("ok", "") if self.apps[s["app"]]["status"] == "pending" else ("refuse", "not-pending")
        if op == "stock":
            why = self.open_date(s["date"])
            return ("refuse", why) if why else ("ok", "")
        if op == "redeem":
            vol = self.vols[s["vol"]]
            if s["card"] == "old":
                return "refuse", "old-card"
            if vol["status"] != "active":
                return "refuse", "status"
            why = self.open_date(s["date"])
            if why:
                return "refuse", why
            cost = GOODS[s["item"]] * s["qty"]
            if cost > self.balance(s["vol"]):
                return "refuse", "balance"
            shelf = (vol["station"], s["item"])   # the volunteer's own station's shelf
            if s["qty"] > self.stock(shelf):
                return "refuse", "stock"
            why = self.cleared_rule(s["vol"], s["date"])
            if why:
                return "refuse", why
            if self.min_from(self.balance, s["vol"], s["date"], -cost) < 0:
                return "refuse", "asof-balance"
            if self.min_from(self.stock, shelf, s["date"], -s["qty"]) < 0:
                return "refuse", "asof-stock"
            return "ok", ""
        if op == "clear":
            why = self.open_date(s["date"])
            if why:
                return "refuse", why
            v = s["vol"]
            if self.vols[v]["status"] == "withdrawn":
                return "any", "clear-withdrawn"
            # a clearing stays the volunteer's latest row (wmsj(7))
            if any(r["vol"] == v and r["date"] > s["date"] for r in self.rows):
                return "refuse", "before-clearing"
            if self.last_clear(v):
                return "any", "cleared-twice"
            return "ok", ""
        if op == "reverse":
            r = self.byid.get(tuple(s["ref"]))
            if r is None:
                return "any", "no-row"
            if r["kind"] == "reverse":
                return "refuse", "reverse-a-reverse"
            if r["reversed"]:
                return "refuse", "reversed-twice"
            why = self.open_date(s["date"])
            if why:
                return "refuse", why
            if s["date"] < r["date"]:
                return "any", "reverse-before-row"
            if r["vol"]:
                why = self.cleared_rule(r["vol"], s["date"]) if r["kind"] != "clear" else None
                if why == "before-clearing":
                    return "refuse", why
                if self.balance(r["vol"]) - r["points"] < 0:
                    return "refuse", "negative-balance"
                if self.min_from(self.balance, r["vol"], s["date"], -r["points"]) < 0:
                    return "refuse", "asof-balance"
                if r["kind"] == "clear" and self.vols[r["vol"]]["status"] == "withdrawn":
                    return "any", "withdrawn"
            if r["item"]:
                if self.stock((r["station"], r["item"])) - r["qty"] < 0:
                    return "refuse", "negative-stock"
                if self.min_from(self.stock, (r["station"], r["item"]), s["date"], -r["qty"]) < 0:
                    return "refuse", "asof-stock"
            return "ok", ""
        if op == "reissue":
            return ("ok", "") if self.vols[s["vol"]]["status"] != "withdrawn" else ("any", "withdrawn")
        if op == "suspend":
            return ("ok", "") if self.vols[s["vol"]]["status"] == "active" else ("refuse", "transition")
        if op == "resume":
            return ("ok", "") if self.vols[s["vol"]]["status"] == "suspended" else ("refuse", "transition")
        if op == "withdraw":
            return ("ok", "") if self.vols[s["vol"]]["status"] != "withdrawn" else ("refuse", "transition")
        if op == "move":
            return ("ok", "") if self.vols[s["vol"]]["status"] != "withdrawn" else ("any", "withdrawn")
        if op == "close":
            if s["month"] >= TODAY[:7]:
                return "refuse", "month-not-over"
            if self.closed and s["month"] <= self.closed:
                return "any", "closed-again"
            return "ok", ""
        raise ValueError(op)

    # effects ---------------------------------------------------------------
    def row(self, label, k, **kw):
        r = dict(id=(label, k), date="", kind="", vol="", station="", points=0, hours=0,
                 item="", qty=0, rev=None, reversed=False, award=None)
        r.update(kw)
        self.rows.append(r)
        self.byid[r["id"]] = r
        return r

    def apply(self, s, clear_points=None):
        """Apply an accepted step; returns the rows the ledger should gain."""
        op, lab = s["op"], s["label"]
        before = len(self.rows)
        if op == "add":
            self.nvol += 1
            self.vols[s["h"]] = dict(station=s["station"], status="active", reg=s["date"],
                                     name=s["name"], idn=s["idn"], cards=1)
        elif op == "act":
            self.acts[s["h"]] = dict(station=s["station"], date=s["date"],
                                     points=s["points"], hours=s["hours"])
        elif op in ("award", "approve"):
            if op == "approve":
                pairs = [(self.apps[p]["vol"], self.apps[p]["act"]) for p in s["apps"]]
                for p in s["apps"]:
                    self.apps[p]["status"] = "approved"
                pts = hrs = None
            else:
                pairs = [(v, s["act"]) for v in s["vols"]]
                pts, hrs = s.get("points"), s.get("hours")
            for k, (v, a) in enumerate(pairs):
                act = self.acts[a]
                self.awarded.add((a, v))
                self.row(lab, k, date=act["date"], kind="award", vol=v, award=(a, v),
                         points=act["points"] if pts is None else pts,
                         hours=act["hours"] if hrs is None else hrs)
        elif op == "apply":
            self.apps[s["h"]] = dict(act=s["act"], vol=s["vol"], status="pending")
        elif op == "reject":
            self.apps[s["app"]]["status"] = "rejected"
        elif op == "stock":
            self.row(lab, 0, date=s["date"], kind="stock", item=s["item"], qty=s["qty"],
                     station=s["station"])
        elif op == "redeem":
            self.row(lab, 0, date=s["date"], kind="redeem", vol=s["vol"], item=s["item"],
                     qty=-s["qty"], points=-GOODS[s["item"]] * s["qty"],
                     station=self.vols[s["vol"]]["station"])
        elif op == "clear":
            pts = -self.balance(s["vol"]) if clear_points is None else clear_points
            self.row(lab, 0, date=s["date"], kind="clear", vol=s["vol"], points=pts)
        elif op == "reverse":
            r = self.byid[tuple(s["ref"])]
            r["reversed"] = True
            if r["kind"] == "award":
                self.reversed_awards.add(r["award"])
            self.row(lab, 0, date=s["date"], kind="reverse", vol=r["vol"], points=-r["points"],
                     hours=-r["hours"], item=r["item"], qty=-r["qty"], rev=r["id"],
                     station=r["station"])
        elif op == "reissue":
            self.vols[s["vol"]]["cards"] += 1
        elif op == "suspend":
            self.vols[s["vol"]]["status"] = "suspended"
        elif op == "resume":
            self.vols[s["vol"]]["status"] = "active"
        elif op == "withdraw":
            self.vols[s["vol"]]["status"] = "withdrawn"
        elif op == "move":
            self.vols[s["vol"]]["station"] = s["station"]
        elif op == "close":
            self.closed = max(self.closed, s["month"])
        return self.rows[before:]


# ---------------------------------------------------------------------------
# The generator.

OPS = [("add", 6), ("act", 6), ("award", 12), ("batch", 4), ("apply", 3),
       ("approve", 3), ("reject", 1), ("stock", 5), ("redeem", 9), ("clear", 2),
       ("reverse", 4), ("reissue", 1), ("suspend", 2), ("resume", 2),
       ("withdraw", 1), ("move", 2), ("close", 2), ("illegal", 8)]


class Gen:
    def __init__(self, seed, nsteps):
        self.rng = random.Random(seed)
        self.seed = seed
        self.nsteps = nsteps
        self.m = Model()
        self.steps = []
        self.clock = START
        self.nv = self.na = self.np = 0

    def date(self, backdate=0.2):
        """Today's date of the scenario, or now and then a backdated one."""
        rng = self.rng
        d = self.clock
        if rng.random() < backdate:
            lo = START
            if self.m.closed:
                lo = day(month_end(self.m.closed)) + dt.timedelta(days=1)
            lo = max(lo, d - dt.timedelta(days=90))
            if lo < d:
                d = lo + dt.timedelta(days=rng.randrange((d - lo).days + 1))
        return iso(d)

    def pick(self, seq):
        return self.rng.choice(sorted(seq)) if seq else None

    def vols(self, status=None):
        return [h for h, v in self.m.vols.items() if status is None or v["status"] == status]

    def emit(self, s):
        s["label"] = len(self.steps)
        self.steps.append(s)
        verdict, _ = self.m.verdict(s)
        if verdict != "refuse":
            self.m.apply(s)

    def add(self):
        self.nv += 1
        n = self.seed * 1000 + self.nv
        self.emit(dict(op="add", h="v%d" % self.nv, station=self.rng.choice(STATIONS),
                       date=self.date(0.1), name=self.rng.choice(NAMES) + "%d" % self.nv,
                       idn=id_number(n), phone="138%08d" % (n % 10 ** 8)))

    def act(self, points=None, date=None):
        self.na += 1
        rng = self.rng
        self.emit(dict(op="act", h="a%d" % self.na, station=rng.choice(STATIONS),
                       date=date or self.date(0.25),
                       points=points if points is not None else rng.choice([5, 10, 10, 15, 20, 30, 50]),
                       hours=rng.choice([50, 100, 150, 200, 250, 350, 1200])))

    def open_acts(self):
        return [h for h, a in self.m.acts.items() if not self.m.open_date(a["date"])]

    def step(self):
        rng, m = self.rng, self.m
        # the scenario's clock runs from October 2025 to today
        left = self.nsteps - len(self.steps)
        remaining = (day(TODAY) - self.clock).days
        if left > 0 and remaining > 0:
            self.clock += dt.timedelta(days=rng.randrange(0, 2 * remaining // left + 2))
            self.clock = min(self.clock, day(TODAY))
        names, weights = zip(*OPS)
        op = rng.choices(names, weights)[0]
        active = self.vols("active")
        if op == "add" or not m.vols:
            return self.add()
        if op == "act" or not m.acts:
            return self.act()
        if op in ("award", "batch"):
            a = self.pick(self.open_acts())
            cands = [v for v in active if (a, v) not in m.awarded]
            if not a or not cands:
                return self.act()
            k = 1 if op == "award" else rng.randint(1, min(4, len(cands)))
            s = dict(op="award", act=a, vols=rng.sample(sorted(cands), k),
                     certifier=CERTIFIER, batch=(op == "batch" or rng.random() < 0.2))
            if rng.random() < 0.2:
                s["points"] = rng.randint(1, MAX_POINTS)
                s["hours"] = rng.choice([0, 25, 100, 300])
            return self.emit(s)
        if op == "apply":
            a, v = self.pick(self.open_acts()), self.pick(active)
            if not a or not v:
                return self.act()
            self.np += 1
            return self.emit(dict(op="apply", h="p%d" % self.np, act=a, vol=v))
        if op in ("approve", "reject"):
            pend = [p for p, x in m.apps.items() if x["status"] == "pending"]
            if not pend:
                return self.act()
            if op == "reject":
                return self.emit(dict(op="reject", app=self.pick(pend)))
            return self.emit(dict(op="approve", apps=rng.sample(sorted(pend), rng.randint(1, len(pend)))))
        if op == "stock":
            return self.emit(dict(op="stock", item=self.pick(GOODS), qty=rng.randint(1, 6), date=self.date(),
                                  station=rng.choice(STATIONS)))
        if op == "redeem":
            rich = [v for v in active if m.balance(v) >= 10]
            v = self.pick(rich)
            st = m.vols[v]["station"] if v else rng.choice(STATIONS)
            items = [i for i in GOODS if m.stock((st, i)) > 0 and v and GOODS[i] <= m.balance(v)]
            if not v or not items:
                return self.emit(dict(op="stock", item=self.pick(GOODS), qty=rng.randint(1, 6), date=self.date(),
                                      station=st))
            i = self.pick(items)
            q = rng.randint(1, max(1, min(m.stock((st, i)), m.balance(v) // GOODS[i], 3)))
            return self.emit(dict(op="redeem", vol=v, card="cur", item=i, qty=q, date=self.date()))
        if op == "clear":
            v = self.pick([x for x in m.vols if m.vols[x]["status"] != "withdrawn"])
            if not v:
                return self.add()
            return self.emit(dict(op="clear", vol=v, reason=rng.choice("ABC"), date=self.date(0.3)))
        if op == "reverse":
            cand = [r for r in m.rows if r["kind"] in ("award", "redeem", "stock", "clear")
                    and not r["reversed"]]
            r = self.pick_row(cand)
            if r is None:
                return self.act()
            d = max(self.date(), r["date"])
            return self.emit(dict(op="reverse", ref=list(r["id"]), date=d))
        if op in ("reissue", "suspend", "withdraw", "move"):
            v = self.pick([x for x in m.vols if m.vols[x]["status"] != "withdrawn"])
            if not v:
                return self.add()
            if op == "suspend" and m.vols[v]["status"] != "active":
                op = "resume"
            s = dict(op=op, vol=v)
            if op == "move":
                s["station"] = rng.choice([x for x in STATIONS if x != m.vols[v]["station"]])
            return self.emit(s)
        if op == "resume":
            v = self.pick(self.vols("suspended"))
            return self.emit(dict(op="resume", vol=v)) if v else self.act()
        if op == "close":
            last = (self.clock.replace(day=1) - dt.timedelta(days=1)).isoformat()[:7]
            if last <= m.closed or last < "2025-10":
                return self.act()
            # close last month, or the one before: later backdated entries still fit
            if rng.random() < 0.5 and last[5:7] != "01":
                last = "%s-%02d" % (last[:4], int(last[5:7]) - 1)
            if last <= m.closed or last < "2025-10":
                return self.act()
            return self.emit(dict(op="close", month=last))
        return self.illegal()

    def pick_row(self, rows):
        return self.rng.choice(rows) if rows else None

    def illegal(self):
        """An operation the tools must refuse, the registers untouched."""
        rng, m = self.rng, self.m
        kinds = ["over-cap", "act-over-cap", "redeem-balance", "redeem-stock", "award-suspended",
                 "duplicate", "closed-month", "reverse-reverse", "reverse-twice",
                 "old-card", "future", "self-cert", "dup-id", "bad-transition"]
        kind = rng.choice(kinds)
        active = self.vols("active")
        a = self.pick(self.open_acts())
        v = self.pick(active)
        if kind == "over-cap" and a and v:
            return self.emit(dict(op="award", act=a, vols=[v], certifier=CERTIFIER,
                                  points=MAX_POINTS + rng.randint(1, 20)))
        if kind == "act-over-cap":
            self.na += 1
            return self.emit(dict(op="act", h="a%d" % self.na, station=rng.choice(STATIONS),
                                  date=self.date(), points=MAX_POINTS + 1, hours=100))
        if kind == "redeem-balance" and v:
            i = self.pick(GOODS)
            q = m.balance(v) // GOODS[i] + 1
            return self.emit(dict(op="redeem", vol=v, card="cur", item=i, qty=q, date=self.date()))
        if kind == "redeem-stock" and v:
            i = self.pick(GOODS)
            return self.emit(dict(op="redeem", vol=v, card="cur", item=i,
                                  qty=m.stock((m.vols[v]["station"], i)) + 1, date=self.date()))
        if kind == "award-suspended":
            bad = [x for x in m.vols if m.vols[x]["status"] != "active"]
            cl = [x for x in active if m.clears(x, self.clock.isoformat()[:4])]
            b = self.pick(bad + cl)
            if a and b and (a, b) not in m.awarded:
                return self.emit(dict(op="award", act=a, vols=[b], certifier=CERTIFIER, batch=True))
        if kind == "duplicate":
            done = sorted(x for x in m.awarded if x[0] in self.open_acts())
            if done:
                a2, v2 = rng.choice(done)
                return self.emit(dict(op="award", act=a2, vols=[v2], certifier=CERTIFIER))
        if kind == "closed-month" and m.closed and v:
            d = iso(day(month_end(m.closed)) - dt.timedelta(days=rng.randrange(20)))
            what = rng.choice(["stock", "redeem", "act", "clear"])
            if what == "stock":
                return self.emit(dict(op="stock", item="G06", qty=1, date=d, station=rng.choice(STATIONS)))
            if what == "redeem":
                return self.emit(dict(op="redeem", vol=v, card="cur", item="G06", qty=1, date=d))
            if what == "clear":
                return self.emit(dict(op="clear", vol=v, reason="C", date=d))
            return self.act(date=d)
        if kind == "reverse-reverse":
            r = self.pick_row([x for x in m.rows if x["kind"] == "reverse"])
            if r:
                return self.emit(dict(op="reverse", ref=list(r["id"]), date=self.date(0)))
        if kind == "reverse-twice":
            r = self.pick_row([x for x in m.rows if x["reversed"]])
            if r:
                return self.emit(dict(op="reverse", ref=list(r["id"]), date=self.date(0)))
        if kind == "old-card" and v and m.vols[v]["cards"] > 1 and m.stock((m.vols[v]["station"], "G06")) > 0:
            return self.emit(dict(op="redeem", vol=v, card="old", item="G06", qty=1, date=self.date()))
        if kind == "future":
            return self.emit(dict(op="stock", item="G01", qty=1, date="2026-12-%02d" % rng.randint(1, 31),
                                  station=rng.choice(STATIONS)))
        if kind == "self-cert" and a and v:
            return self.emit(dict(op="award", act=a, vols=[v], certifier=m.vols[v]["name"]))
        if kind == "dup-id" and m.vols:
            o = m.vols[self.pick(m.vols)]
            self.nv += 1
            return self.emit(dict(op="add", h="v%d" % self.nv, station=o["station"], date=self.date(0),
                                  name="重复", idn=o["idn"], phone="13900000000"))
        if kind == "bad-transition" and m.vols:
            w = self.pick(m.vols)
            st = m.vols[w]["status"]
            op = {"active": "resume", "suspended": "suspend", "withdrawn": "withdraw"}[st]
            return self.emit(dict(op=op, vol=w))
        self.na += 1
        return self.emit(dict(op="act", h="a%d" % self.na, station=rng.choice(STATIONS),
                              date=self.date(), points=10, hours=MAX_HOURS * 100 + 50))

    def run(self):
        # a scenario opens with a few volunteers and an activity
        for _ in range(self.rng.randint(2, 4)):
            self.add()
        while len(self.steps) < self.nsteps:
            self.step()
        return self.steps


def generate(seed, nsteps):
    return Gen(seed, nsteps).run()


# ---------------------------------------------------------------------------
# Running a scenario through the tools.

class Skip(Exception):
    pass


class Violation(Exception):
    pass


CALLS = {}


def tool(argv, data, stdin=None, extra=None):
    key = " ".join(argv[:2])
    CALLS[key] = CALLS.get(key, 0) + 1
    e = ENV if not extra else dict(ENV, **extra)
    p = subprocess.run(argv[:1] + ["-d", data] + argv[1:], input=stdin, env=e,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


# The derived indexes (.ledger.idx, .volunteers.idx), the state checkpoint (.ledger.state) and the writer's
# checkpoint (.ledger.chk) are caches, not registers: any command may write
# them, a refused one too.
def derived(name):
    return (name.startswith(".") and name.endswith(".idx")) or name in (".ledger.chk", ".ledger.state")


def dir_hash(data):
    h = hashlib.sha256()
    for root, dirs, files in os.walk(data):
        dirs.sort()
        for f in sorted(files):
            if derived(f):
                continue
            p = os.path.join(root, f)
            h.update(os.path.relpath(p, data).encode() + b"\0")
            with open(p, "rb") as fh:
                h.update(fh.read())
            h.update(b"\0")
    return h.hexdigest()


class Run:
    """One scenario against the tools, the model kept in step."""

    def __init__(self, steps, data, every=0, skip_known=False, full=True, light=False):
        self.steps = steps
        self.data = data
        self.every = every
        self.skip_known = skip_known
        self.full = full
        self.light = light      # sample dates, months and quarters (make check)
        self.m = Model()
        self.vid = {}       # volunteer handle -> id
        self.cards = {}     # volunteer handle -> [card numbers]
        self.aid = {}       # activity handle -> id
        self.pid = {}       # application handle -> id
        self.txn = {}       # (label, k) -> txn
        self.log = []       # (argv, stdin, status, verdict) of each step run
        self.violations = []   # (name, step index or None, detail)
        self.known = []
        self.why = {}           # known invariant -> why (KNOWN or after which step)
        self.tainted = None     # the first known verdict-* violation
        self.nsteps = 0

    def is_known(self, name, at):
        """Why a violation is known, or None.  Once the tools accepted a step
        the contract forbids for a known reason, the registers hold a state
        the contract does not allow, and what the reports then disagree on
        is counted against that step, not as a new defect."""
        if name in KNOWN:
            return KNOWN[name]
        if at is None and self.tainted:
            return "after %s (%s)" % (self.tainted, KNOWN[self.tainted])
        return None

    def fail(self, name, detail, at=None):
        why = self.is_known(name, at)
        if why:
            self.known.append((name, at, detail))
            self.why[name] = why
            if at is not None and name.startswith("verdict-") and not self.tainted:
                self.tainted = name
            if self.skip_known:
                return
        self.violations.append((name, at, detail))
        # a step that went wrong ends the scenario (the model may have lost
        # step); a report check runs to its end, so that it names every
        # invariant the state breaks
        if not why and at is not None:
            raise Violation(name)

    def checkpoint(self, final):
        check_reports(self, final)
        if any(v[0] not in self.why for v in self.violations):
            raise Violation("report")

    def argv(self, s):
        op = s["op"]

        def V(h):
            if h not in self.vid:
                raise Skip()
            return self.vid[h]

        def A(h):
            if h not in self.aid:
                raise Skip()
            return self.aid[h]

        if op == "add":
            return ["wmsj-volunteer", "add", "--name", s["name"], "--id-number", s["idn"],
                    "--phone", s["phone"], "--station", s["station"], "--date", s["date"]], None
        if op == "act":
            return ["wmsj-points", "activity", "add", "--station", s["station"], "--date", s["date"],
                    "--platform", "theory", "--title", "活动" + s["h"], "--points", str(s["points"]),
                    "--hours", fmt_hours(s["hours"])], None
        if op == "award":
            a = ["wmsj-points", "award", "--activity", A(s["act"]), "--certifier", s["certifier"],
                 "--supervisor", SUPERVISOR]
            if "points" in s:
                a += ["--points", str(s["points"])]
            if "hours" in s:
                a += ["--hours", fmt_hours(s["hours"])]
            ids = [V(v) for v in s["vols"]]
            if s.get("batch"):
                return a + ["-"], "id\n" + "".join(i + "\n" for i in ids)
            return a + ids, None
        if op == "apply":
            return ["wmsj-points", "apply", "--activity", A(s["act"]), V(s["vol"])], None
        if op == "approve":
            if any(p not in self.pid for p in s["apps"]):
                raise Skip()
            return (["wmsj-points", "approve"] + [self.pid[p] for p in s["apps"]]
                    + ["--certifier", CERTIFIER, "--supervisor", SUPERVISOR]), None
        if op == "reject":
            if s["app"] not in self.pid:
                raise Skip()
            return ["wmsj-points", "reject", self.pid[s["app"]], "--reason", "不符合条件"], None
        if op == "stock":
            return ["wmsj-points", "stock", "--item", s["item"], "--qty", str(s["qty"]),
                    "--donor", "镇商会", "--station", s.get("station", STATIONS[0]), "--date", s["date"]], None
        if op == "redeem":
            V(s["vol"])
            cards = self.cards[s["vol"]]
            if s["card"] == "old" and len(cards) < 2:
                raise Skip()
            card = cards[-1] if s["card"] == "cur" else cards[-2]
            return ["wmsj-points", "redeem", "--card", card, "--item", s["item"], "--qty", str(s["qty"]),
                    "--clerk", CLERK, "--date", s["date"]], None
        if op == "clear":
            return ["wmsj-points", "clear", V(s["vol"]), "--reason", s["reason"], "--note", "通报",
                    "--approver", "所长", "--date", s["date"]], None
        if op == "reverse":
            ref = tuple(s["ref"])
            if ref not in self.txn or ref not in self.m.byid:
                raise Skip()
            return ["wmsj-points", "reverse", self.txn[ref], "--reason", "录入有误", "--approver", "所长",
                    "--date", s["date"]], None
        if op == "reissue":
            return ["wmsj-volunteer", "reissue", V(s["vol"])], None
        if op in ("suspend", "withdraw"):
            return ["wmsj-volunteer", op, V(s["vol"]), "--reason", "本人申请"], None
        if op == "resume":
            return ["wmsj-volunteer", "resume", V(s["vol"])], None
        if op == "move":
            return ["wmsj-volunteer", "update", V(s["vol"]), "--station", s["station"]], None
        if op == "close":
            return ["wmsj-points", "close", "--month", s["month"], "--clerk", CLERK], None
        raise ValueError(op)

    def run(self):
        os.makedirs(self.data, exist_ok=True)
        shutil.copy(os.path.join(TOP, "examples", "data", "wmsj.yaml"), self.data)
        try:
            for i, s in enumerate(self.steps):
                self.one(i, s)
                if self.every and (i + 1) % self.every == 0 and i + 1 < len(self.steps):
                    self.checkpoint(final=False)
            self.checkpoint(final=self.full)
        except Violation:
            pass
        return self

    def one(self, i, s):
        try:
            argv, stdin = self.argv(s)
        except Skip:
            return
        verdict, rule = self.m.verdict(s)
        before = dir_hash(self.data)
        st, out, err = tool(argv, self.data, stdin.encode() if stdin else None)
        self.nsteps += 1
        self.log.append((argv, stdin, st, verdict, rule))
        where = "step %d: %s -> %d" % (i, " ".join(argv), st)
        if st not in (0, 1):
            self.fail("status", "%s: %s" % (where, err.strip()), i)
        if st == 1:
            if dir_hash(self.data) != before:
                self.fail("refused-unchanged", "%s changed the registers: %s" % (where, err.strip()), i)
            if verdict == "ok":
                self.fail("verdict-refused", "%s: refused a legal operation: %s" % (where, err.strip()), i)
            return
        if st != 0:
            return
        if verdict == "refuse":
            name = ("verdict-asof" if rule.startswith("asof-") else
                    "verdict-clearing" if rule == "before-clearing" else "verdict-accepted")
            self.fail(name, "%s: accepted although %s" % (where, rule), i)
        rows = parse_csv(out)
        op = s["op"]
        if op == "add":
            self.vid[s["h"]] = rows[0]["id"]
            self.cards[s["h"]] = [rows[0]["card_no"]]
        elif op == "act":
            self.aid[s["h"]] = rows[0]["id"]
        elif op == "apply":
            self.pid[s["h"]] = rows[0]["id"]
        elif op == "reissue":
            self.cards[s["vol"]].append(rows[0]["card_no"])
        clear_points = num(rows[0]["points"]) // 100 if op == "clear" else None
        new = self.m.apply(s, clear_points)
        if len(new) != len(rows) and op not in ("add", "act", "apply", "reject", "reissue", "suspend",
                                                 "resume", "withdraw", "move", "close"):
            self.fail("rows-model", "%s: printed %d rows, the model expects %d" % (where, len(rows), len(new)), i)
            return
        for r, t in zip(new, rows if new else []):
            self.txn[r["id"]] = t["txn"]
            r["txn"] = t["txn"]
            got = (t["date"], num(t["points"]) // 100, num(t["hours"]), t["item"], int(t["qty"] or 0))
            want = (r["date"], r["points"], r["hours"], r["item"], r["qty"])
            if r["vol"]:
                want_v = self.vid[r["vol"]]
                if t["volunteer"] != want_v:
                    self.fail("rows-model", "%s: row for %s, expected %s" % (where, t["volunteer"], want_v), i)
            if got != want:
                self.fail("rows-model", "%s: row %s is %s, the model expects %s" % (where, t["txn"], got, want), i)


def fmt_hours(h):
    return ("%d.%02d" % divmod(h, 100)).rstrip("0").rstrip(".")


# ---------------------------------------------------------------------------
# Invariants over the reports, at checkpoints and at the end.

class Q:
    """Cached report queries on one data directory."""

    def __init__(self, data, extra=None):
        self.data, self.extra, self.cache = data, extra, {}

    def __call__(self, *argv):
        if argv not in self.cache:
            st, out, err = tool(list(argv), self.data, extra=self.extra)
            self.cache[argv] = (st, out, err)
        return self.cache[argv]

    def csv(self, *argv):
        st, out, err = self(*argv)
        if st != 0:
            raise RuntimeError("%s exited %d: %s" % (" ".join(argv), st, err.strip()))
        return parse_csv(out)


def check_reports(run, final):
    """Cross-report invariants; run is a Run (with its model) or None."""
    q = Q(run.data)
    neg_years = set()
    fail = run.fail
    export = q.csv("wmsj-points", "export")
    vrows = [r for r in export if r["volunteer"]]
    vols = sorted({r["volunteer"] for r in vrows} | set(run.vid.values()))
    dates = sorted({r["date"] for r in export})

    # the model's balances are the tools'
    bal = {r["id"]: r for r in q.csv("wmsj-points", "balance")}
    inv = {v: k for k, v in run.vid.items()}
    for v in vols:
        want = run.m.balance(inv[v]) if v in inv else None
        got = num(bal[v]["balance"]) // 100 if v in bal else None
        if want is not None and got != want:
            fail("balance-model", "%s: balance %s, the model says %s" % (v, got, want))
        if v in bal and v in inv and num(bal[v]["hours"]) != run.m.hours(inv[v]):
            fail("balance-model", "%s: hours %s, the model says %s" % (v, bal[v]["hours"],
                                                                       fmt_hours(run.m.hours(inv[v]))))

    # the shelf is the model's; stars count the model's cumulative hours
    for it in q.csv("wmsj-points", "stock"):
        key = (it["station"], it["item"])
        if it["item"] in GOODS and run.vid and int(it["stock"]) != run.m.stock(key):
            fail("stock-model", "%s at %s: stock %s, the model says %d"
                 % (it["item"], it["station"], it["stock"], run.m.stock(key)))
    for r in q.csv("wmsj-report", "stars"):
        if r["id"] in inv and num(r["hours"]) != run.m.hours(inv[r["id"]]):
            fail("stars-hours", "%s: stars counts %s hours, the model %s"
                 % (r["id"], r["hours"], fmt_hours(run.m.hours(inv[r["id"]]))))

    # as of every date of a row (and every quarter's end): balance --as-of
    # equals the model's dated sum; nothing is negative
    quarters = sorted({quarter_of(d) for d in dates if quarter_end(quarter_of(d)) < TODAY})
    months = all_months = sorted({d[:7] for d in dates})
    sample = random.Random(len(export))
    light = run.light or not final
    if light and len(quarters) > 2:
        quarters = sorted(sample.sample(quarters, 2))
    if light and len(months) > 4:
        months = sorted(sample.sample(months, 4))
    asof_dates = sorted(set(dates))
    if light and len(asof_dates) > 5:
        asof_dates = sorted(sample.sample(asof_dates, 5))
    asof_dates = sorted(set(asof_dates) | {quarter_end(x) for x in quarters})
    asof = {}
    for d in asof_dates:
        asof[d] = {r["id"]: num(r["balance"]) // 100
                   for r in q.csv("wmsj-points", "balance", "--as-of", d)}
        for v in vols:
            want = sum(num(r["points"]) // 100 for r in vrows if r["volunteer"] == v and r["date"] <= d)
            got = asof[d].get(v, 0)
            if got != want:
                fail("asof-export", "%s: balance --as-of %s is %s, the export's rows up to then sum to %s"
                     % (v, d, got, want))
            if v in inv and got != run.m.balance(inv[v], d):
                fail("asof-model", "%s: balance --as-of %s is %s, the model says %s"
                     % (v, d, got, run.m.balance(inv[v], d)))
            if want < 0:
                name = "negative-asof"
                # a clearing dated before rows entered earlier (issue 15 item 3)
                for i, c in enumerate(vrows):
                    if c["volunteer"] == v and c["kind"] == "clear" and c["date"] <= d and any(
                            o["volunteer"] == v and o["date"] > c["date"] for o in vrows[:i]):
                        name = "negative-asof-clear"
                fail(name, "%s: balance as of %s is %d" % (v, d, want))
                neg_years.add(d[:4])
        for item in GOODS:
            for st in STATIONS:
                s = sum(int(r["qty"] or 0) for r in export
                        if r["item"] == item and r["station"] == st and r["date"] <= d)
                if s < 0:
                    fail("negative-asof", "stock of %s at %s as of %s is %d" % (item, st, d, s))
                    neg_years.add(d[:4])

    # wmsj(7): a clearing clears the balance as of its date to zero, and
    # nothing may be dated before it: as of an unreversed clearing's date
    # the volunteer's rows sum to zero
    undone = {r["ref"] for r in vrows if r["kind"] == "reverse"}
    for c in vrows:
        if c["kind"] == "clear" and c["txn"] not in undone:
            left = sum(num(r["points"]) for r in vrows if r["volunteer"] == c["volunteer"] and r["date"] <= c["date"])
            if left:
                fail("clear-zero", "%s: balance as of the clearing %s (%s) is %d"
                     % (c["volunteer"], c["txn"], c["date"], left // 100))

    # history: date order, running sum, and the running balance on the last
    # row up to a date equals balance --as-of that date
    for v in vols:
        h = q.csv("wmsj-points", "history", v)
        run_bal = 0
        for i, r in enumerate(h):
            run_bal += num(r["points"]) // 100
            if num(r["balance"]) // 100 != run_bal:
                fail("history-sum", "%s: history row %s balance %s, the rows above sum to %d"
                     % (v, r["txn"], r["balance"], run_bal))
            if i and r["date"] < h[i - 1]["date"]:
                fail("history-date-order", "%s: history row %s (%s) after %s (%s)"
                     % (v, r["txn"], r["date"], h[i - 1]["txn"], h[i - 1]["date"]))
        for d in asof_dates:
            upto = [r for r in h if r["date"] <= d]
            if upto and d in asof and num(upto[-1]["balance"]) // 100 != asof[d].get(v, 0):
                fail("history-asof", "%s: history's running balance up to %s is %s, balance --as-of says %s"
                     % (v, d, upto[-1]["balance"], asof[d].get(v, 0)))

    # a quarter's notice = the sums of export --quarter per volunteer, its
    # balance = balance --as-of the quarter's end
    for qu in quarters:
        qrows = q.csv("wmsj-points", "export", "--quarter", qu)
        lo, hi = qu[:4] + "-%02d-01" % (int(qu[5]) * 3 - 2), quarter_end(qu)
        if [r["txn"] for r in qrows] != [r["txn"] for r in export if lo <= r["date"] <= hi]:
            fail("export-filter", "export --quarter %s differs from the export's rows dated in it" % qu)
        notice = q.csv("wmsj-report", "notice", "--quarter", qu, "--format", "csv")
        seen = set()
        for n in notice:
            v = n["id"] if "id" in n else None
            if not v:
                continue
            seen.add(v)
            rs = [r for r in qrows if r["volunteer"] == v]
            net = sum(num(r["points"]) for r in rs)
            got = num(n["earned"]) - num(n["redeemed"]) - num(n["cleared"])
            if got != net:
                fail("notice-export", "%s %s: earned-redeemed-cleared %d, export --quarter sums to %d"
                     % (qu, v, got // 100, net // 100))
            if num(n["hours"]) != sum(num(r["hours"]) for r in rs):
                fail("notice-export", "%s %s: hours %s, export --quarter sums to %s"
                     % (qu, v, n["hours"], fmt_hours(sum(num(r["hours"]) for r in rs))))
            if hi in asof and num(n["balance"]) // 100 != asof[hi].get(v, 0):
                fail("notice-asof", "%s %s: notice balance %s, balance --as-of %s says %s"
                     % (qu, v, n["balance"], hi, asof[hi].get(v, 0)))
        net = {}
        for r in qrows:
            if r["volunteer"]:
                t = net.setdefault(r["volunteer"], [0, 0])
                t[0] += num(r["points"])
                t[1] += num(r["hours"])
        # the exchange ledger: the quarter's redemptions and their reversals
        ex = q.csv("wmsj-report", "exchanges", "--quarter", qu)
        byt = {r["txn"]: r for r in export}
        want = [(r["date"], r["item"], -int(r["qty"] or 0), -num(r["points"])) for r in qrows
                if r["kind"] == "redeem" or (r["kind"] == "reverse" and byt.get(r["ref"], {}).get("kind") == "redeem")]
        got = [(r["date"], r["item"], int(r["qty"]), num(r["points"])) for r in ex]
        if sorted(got) != sorted(want):
            fail("exchanges-export", "%s: exchanges lists %s, the export's redemptions and their reversals %s"
                 % (qu, sorted(got), sorted(want)))
        for v in {v for v, t in net.items() if t != [0, 0]} - seen:
            fail("notice-export", "%s: %s has figures in the quarter but is not on the notice" % (qu, v))

    # monthly: per station = the month's export rows of that station; the
    # sum of a year's monthly = the year's stats per station
    years = sorted({d[:4] for d in dates})
    ysum = {}
    for mo in months:
        mrows = [r for r in vrows if r["date"][:7] == mo]
        for s in q.csv("wmsj-report", "monthly", "--month", mo):
            st = s["station"]
            rs = [r for r in mrows if r["station"] == st]
            net = num(s["earned"]) - num(s["redeemed"]) - num(s["cleared"])
            want = sum(num(r["points"]) for r in rs)
            if net != want:
                fail("monthly-export", "%s %s: earned-redeemed-cleared %d, the export's rows sum to %d"
                     % (mo, st, net // 100, want // 100))
            awards = sum(1 for r in rs if r["kind"] == "award")
            if int(s["awards"]) != awards:
                fail("monthly-awards", "%s %s: awards %s, the export has %d award rows"
                     % (mo, st, s["awards"], awards))
            acc = ysum.setdefault((mo[:4], st), [0, 0, 0])
            for k, col in enumerate(("earned", "redeemed", "cleared")):
                acc[k] += num(s[col])
    for y in years:
        for s in q.csv("wmsj-report", "stats", "--year", y) if months == all_months else []:
            acc = ysum.get((y, s["station"]), [0, 0, 0])
            got = [num(s[c]) for c in ("earned", "redeemed", "cleared")]
            if got != acc:
                fail("stats-monthly", "%s %s: stats earned/redeemed/cleared %s, the months add up to %s"
                     % (y, s["station"], [g // 100 for g in got], [a // 100 for a in acc]))
        rk = q.csv("wmsj-report", "ranking", "--year", y)
        for r in rk:
            if num(r["points"]) < 0 or num(r["hours"]) < 0:
                fail("ranking-nonnegative", "%s: %s ranked %s with %s points, %s hours"
                     % (y, r["id"], r["rank"], r["points"], r["hours"]))
            better = sum(1 for o in rk if num(o["points"]) > num(r["points"]))
            if int(r["rank"]) != better + 1:
                fail("ranking-order", "%s: %s ranked %s with %s points, %d rank above"
                     % (y, r["id"], r["rank"], r["points"], better))
        # wmsj(7): the awards dated in the year net of their reversals,
        # whenever dated; who may not be commended (ELIGIBILITY: cleared in
        # the year, suspended or withdrawn as the register stands) is not ranked
        year = {}
        txns = {r["txn"]: r for r in vrows}
        for r in vrows:
            a = r if r["kind"] == "award" else txns.get(r["ref"]) if r["kind"] == "reverse" else None
            if a is not None and a["kind"] == "award" and a["date"][:4] == y:
                t = year.setdefault(r["volunteer"], [0, 0])
                t[0] += num(r["points"])
                t[1] += num(r["hours"])
        reversed_txn = {r["ref"] for r in vrows if r["kind"] == "reverse"}
        cleared_in = {r["volunteer"] for r in vrows if r["kind"] == "clear" and r["txn"] not in reversed_txn
                      and r["date"][:4] == y}
        ranked = {r["id"]: r for r in rk}
        status = {r["id"]: r["status"] for r in q.csv("wmsj-volunteer", "list")}
        for v, (p, h) in year.items():
            cleared = v in cleared_in or status.get(v, "active") != "active"
            if v in ranked and (cleared or [num(ranked[v]["points"]), num(ranked[v]["hours"])] != [p, h]):
                fail("ranking-year", "%s: %s ranked with %s points, %s hours; the year's awards net of their "
                     "reversals are %d, %s%s" % (y, v, ranked[v]["points"], ranked[v]["hours"], p // 100,
                                                 fmt_hours(h), " (not commended: cleared in the year or not active)" if cleared else ""))
            if v not in ranked and p > 0 and not cleared:
                fail("ranking-year", "%s: %s not ranked, with %d points" % (y, v, p // 100))
    if years and TODAY[:4] in years:
        reg = q.csv("wmsj-volunteer", "list")
        for s in q.csv("wmsj-report", "stats", "--year", TODAY[:4]):
            own = sum(run.m.stock((s["station"], i)) for i in GOODS)   # its own shelf
            if run.vid and int(s["stock"]) != own:
                fail("stats-stock", "%s: stats shows %s goods in stock, the model %d"
                     % (s["station"], s["stock"], own))
            n = sum(1 for r in reg if r["station"] == s["station"] and r["status"] != "withdrawn")
            if int(s["volunteers"]) != n:
                fail("stats-volunteers", "%s: stats counts %s volunteers, the register %d not withdrawn"
                     % (s["station"], s["volunteers"], n))

    # the audit: an untampered directory verifies
    st, out, err = q("wmsj-audit", "verify")
    if st != 0:
        checks = {r.get("check") for r in parse_csv(out)} if st == 1 else set()
        fail("audit-verify-clear-date" if checks == {"clear-date"} else "audit-verify",
             "wmsj-audit verify exited %d: %s %s" % (st, out.strip()[:300], err.strip()[:300]))
    if not final:
        return
    # the audit sees a balance negative as of a date
    for y in sorted(neg_years):
        found = {r["check"] for r in parse_csv(q("wmsj-audit", "--year", y)[1])}
        if not found & {"over-redeem", "negative-balance", "stock"}:
            fail("audit-negative-asof", "a balance or stock negative as of a date in %s, and wmsj-audit --year %s "
                 "reports no over-redeem, negative-balance or stock finding" % (y, y))

    # WMSJ_NO_SNAPSHOT=1 changes no output
    nq = Q(run.data, {"WMSJ_NO_SNAPSHOT": "1"})
    for argv, (st, out, err) in list(q.cache.items()):
        if argv[0] == "wmsj-audit" or (run.light and argv[1] not in ("balance", "notice")):
            continue
        if nq(*argv) != (st, out, err):
            fail("no-snapshot", "%s differs under WMSJ_NO_SNAPSHOT=1" % " ".join(argv))

    # deleting the month snapshots (derived files: "a month sealed without
    # one ... is read from the rows", wmsj(5)) changes no output either
    seals = os.path.join(run.data, "seals")
    if os.path.isdir(seals) and os.listdir(seals):
        copy = tempfile.mkdtemp(prefix="wmsj-nosnap.", dir=os.path.dirname(run.data))
        try:
            shutil.copytree(run.data, os.path.join(copy, "d"))
            for f in os.listdir(os.path.join(copy, "d", "seals")):
                if f.endswith(".csv"):
                    os.unlink(os.path.join(copy, "d", "seals", f))
            dq = Q(os.path.join(copy, "d"))
            for argv, res in list(q.cache.items()):
                if argv[0] == "wmsj-audit" or (run.light and argv[1] not in ("balance", "notice")):
                    continue
                if dq(*argv) != res:
                    fail("no-snapshot", "%s differs once the month snapshots are deleted" % " ".join(argv))
        finally:
            shutil.rmtree(copy, ignore_errors=True)

    # every single-row forgery is found and located
    forge_check(run, export)
    # the audit replays by date: a well-chained redemption dated before the
    # points that pay for it is reported, although the balance today covers it
    replay_check(run, export)


def replay_check(run, export):
    closed = run.m.closed if run.m else ""
    inv = {v: k for k, v in run.vid.items()}
    for v in sorted(inv):
        rows = [r for r in export if r["volunteer"] == v]
        first = min((r["date"] for r in rows), default=None)
        if first is None or sum(num(r["points"]) for r in rows) < 1000 or inv[v] not in run.cards:
            continue
        d = iso(day(first) - dt.timedelta(days=1))
        if d < "2025-10-01" or (closed and d[:7] <= closed):
            continue
        break
    else:
        return
    station = rows[-1]["station"]
    card = run.cards[inv[v]][-1]
    copy = tempfile.mkdtemp(prefix="wmsj-replay.", dir=os.path.dirname(run.data))
    try:
        data = os.path.join(copy, "d")
        shutil.copytree(run.data, data)
        p = os.path.join(data, "ledger.csv")
        with open(p, encoding="utf-8") as fh:
            lines = fh.read().rstrip("\n").split("\n")
        body = "T%08d,%s,redeem,%s,%s,-10,,G06,-1,,%s,,%s,%s,,,," % (
            len(lines), d, v, station, card, NOW, CLERK)
        h = hashlib.sha256((lines[-1].rsplit(",", 1)[1] + body).encode()).hexdigest()
        with open(p, "a", encoding="utf-8") as fh:
            fh.write(body + "," + h + "\n")
        st, out, err = tool(["wmsj-audit", "--year", d[:4]], data)
        where = "ledger.csv:%d" % (len(lines) + 1)
        found = [r for r in parse_csv(out) if r.get("where") == where
                 and r.get("check") in ("over-redeem", "negative-balance")]
        if st != 1 or not found:
            run.fail("audit-replay", "a redemption by %s dated %s, before any of their points, appended "
                     "well-chained as %s: wmsj-audit --year %s exited %d and reports no over-redeem there"
                     % (v, d, where, d[:4], st))
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def forge_check(run, export):
    path = os.path.join(run.data, "ledger.csv")
    if not export:
        return
    with open(path, encoding="utf-8", newline="") as fh:
        lines = fh.read().split("\n")
    rng = random.Random(len(lines))
    n = rng.randrange(1, len(lines) - 1)   # a data row (line n+1 of the file)
    row = next(csv.reader([lines[n]]))
    hdr = next(csv.reader([lines[0]]))
    what = rng.choice(["points", "date", "volunteer", "qty"])
    col = hdr.index(what)
    if what == "date":
        row[col] = iso(day(row[col]) - dt.timedelta(days=1))
    elif what == "volunteer":
        row[col] = (row[col] or "V610724109001-0001")[:-1] + "9"
    else:
        row[col] = str(int(row[col] or 0) + rng.choice([1, 10, -1]))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(row)
    forged = tempfile.mkdtemp(prefix="wmsj-forged.", dir=os.path.dirname(run.data))
    try:
        for f in os.listdir(run.data):
            src = os.path.join(run.data, f)
            (shutil.copytree if os.path.isdir(src) else shutil.copy2)(src, os.path.join(forged, f))
        with open(os.path.join(forged, "ledger.csv"), "w", encoding="utf-8", newline="") as fh:
            fh.write("\n".join(lines[:n] + [buf.getvalue()] + lines[n + 1:]))
        st, out, err = tool(["wmsj-audit", "verify"], forged)
        where = "ledger.csv:%d" % (n + 1)
        if st != 1 or where not in out + err:
            run.fail("audit-forgery", "%s of line %d forged: verify exited %d without naming %s: %s %s"
                     % (what, n + 1, st, where, out.strip()[:200], err.strip()[:200]))
    finally:
        shutil.rmtree(forged, ignore_errors=True)


# ---------------------------------------------------------------------------
# Shrinking a failing scenario and writing it down as a shell script.

def attempt(steps, name, tmp):
    d = tempfile.mkdtemp(prefix="shrink.", dir=tmp)
    try:
        r = Run(steps, os.path.join(d, "data"), skip_known=False).run()
        return any(v[0] == name for v in r.violations + r.known), r
    finally:
        shutil.rmtree(d, ignore_errors=True)


def shrink(steps, name, tmp, budget=200):
    """Delta debugging over the step list: the shortest list found that
    still shows the violation."""
    tries = [0]

    def bad(sub):
        tries[0] += 1
        return tries[0] <= budget and attempt(sub, name, tmp)[0]

    # a step that went wrong: nothing after it matters
    hit, r = attempt(steps, name, tmp)
    at = [v[1] for v in r.violations + r.known if v[0] == name and v[1] is not None]
    if hit and at:
        steps = steps[:min(at) + 1]
    while True:
        before = steps
        steps = ddmin(steps, bad)
        steps = simplify(steps, bad)
        if steps == before or tries[0] > budget:
            return steps


def ddmin(steps, bad):
    n = 2
    while len(steps) >= 2:
        chunk = max(1, len(steps) // n)
        done = False
        for i in range(0, len(steps), chunk):
            sub = steps[:i] + steps[i + chunk:]
            if sub and bad(sub):
                steps, n, done = sub, max(n - 1, 2), True
                break
        if not done:
            if chunk == 1:
                break
            n = min(len(steps), n * 2)
    return steps


def simplify(steps, bad):
    """Fewer volunteers in a batch, fewer applications in an approval."""
    for i, st in enumerate(steps):
        for key in ("vols", "apps"):
            j = 0
            while key in st and len(st[key]) > 1 and j < len(st[key]):
                sub = dict(st, **{key: st[key][:j] + st[key][j + 1:]})
                if bad(steps[:i] + [sub] + steps[i + 1:]):
                    steps = steps[:i] + [sub] + steps[i + 1:]
                    st = sub
                else:
                    j += 1
    return steps


SCRIPT_HEAD = r'''#!/bin/sh
# Property-test regression: %(name)s%(known)s
# Shrunk by tests/prop/prop.py from seed %(seed)s (%(orig)d steps to %(n)d).
# invariant: %(name)s
# Run with the tools on PATH (tests/cli/t-prop.sh does): exit 0 when the
# invariant holds, 1 when it is violated.
set -u
export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC WMSJ_TODAY=%(today)s WMSJ_NOW=%(now)s
# the card numbers below are the ones this fixed sequence draws
export WMSJ_CARD_SEED=%(card_seed)s
unset WMSJ_NO_SNAPSHOT
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/wmsj-prop.XXXXXX")
trap 'rm -rf "$T"' EXIT
D=$T/data IN=$T/in
mkdir "$D" && cp "$TOP/examples/data/wmsj.yaml" "$D/"
export WMSJ_DATA=$D
# step STATUS CMD...: run CMD (stdin from $IN); a refusal (1) must leave
# the registers unchanged
: >"$IN"
step() {
	want=$1; shift
	h=$(cd "$D" && find . -type f ! -name '.*.idx' ! -name .ledger.chk ! -name .ledger.state | sort | xargs cat | cksum)
	"$@" <"$IN" >"$T/out" 2>"$T/err"; st=$?
	: >"$IN"
	[ "$st" -eq 1 ] && [ "$(cd "$D" && find . -type f ! -name '.*.idx' ! -name .ledger.chk ! -name .ledger.state | sort | xargs cat | cksum)" != "$h" ] &&
		{ echo "refused but changed the registers: $*"; return 1; }
	[ "$want" = any ] || [ "$st" -eq "$want" ] || { echo "status $st, expected $want: $*"; return 1; }
	return 0
}
'''


def q_sh(a):
    if a and all(c.isalnum() or c in "-_.:/" for c in a):
        return a
    return "'" + a.replace("'", "'\\''") + "'"


def script(run, name, seed, orig):
    known = " (known: %s)" % KNOWN[name] if name in KNOWN else ""
    out = [SCRIPT_HEAD % dict(name=name, known=known, seed=seed, orig=orig, n=len(run.log),
                              today=TODAY, now=NOW, card_seed=CARD_SEED)]
    step_inv = name.startswith("verdict-") or name in ("status", "refused-unchanged", "rows-model")
    for i, (argv, stdin, st, verdict, rule) in enumerate(run.log):
        want = {"ok": "0", "refuse": "1", "any": "any"}[verdict]
        cmd = " ".join(q_sh(a) for a in argv)
        note = "  # the model: %s%s" % (verdict, " (" + rule + ")" if rule else "")
        if stdin:
            out.append("printf '%s' >\"$IN\"" % stdin.replace("\n", "\\n"))
        out.append("step %s %s || exit 1%s" % (want, cmd, note))
    if not step_inv:
        out.append('exec "${PYTHON:-python3}" "$TOP/tests/prop/prop.py" check --data "$D" %s' % name)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------

def main(argv):
    import argparse
    ap = argparse.ArgumentParser(prog="prop.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--count", type=int, default=100)
    r.add_argument("--steps", type=int, default=20)
    r.add_argument("--every", type=int, default=0)
    r.add_argument("--skip-known", action="store_true")
    r.add_argument("--shrink", metavar="DIR")
    r.add_argument("--tap", action="store_true")
    r.add_argument("--only", metavar="NAME,...", help="shrink only these invariants")
    r.add_argument("--also-known", metavar="NAME,...", default="",
                   help="treat these invariants as known too (to get past them to others)")
    r.add_argument("--light", action="store_true", help="sample dates and months in the checks")
    r.add_argument("--jobs", "-j", type=int, default=2)
    c = sub.add_parser("check")
    c.add_argument("--data", required=True)
    c.add_argument("name")
    k = sub.add_parser("known")
    k.add_argument("name")
    a = ap.parse_args(argv)
    if a.cmd == "known":
        print(KNOWN.get(a.name, ""))
        return 0
    if a.cmd == "check":
        return check_dir(a.data, a.name)
    return run_many(a)


def check_dir(data, name):
    """One report invariant on an existing directory (for shrunk scripts)."""
    run = Run([], data)
    run.m = None
    viol = []

    def fail(n, detail, at=None):
        if n == name:
            viol.append(detail)
    run.fail = fail
    # without the model (no handles known): only the cross-report invariants
    run.m = Model()
    if name == "audit-forgery":
        forge_check(run, Q(data).csv("wmsj-points", "export"))
    else:
        check_reports(run, final=True)
    for d in viol:
        print("violated: %s: %s" % (name, d))
    return 1 if viol else 0


def one_seed(seed, a, tmp):
    steps = generate(seed, a.steps)
    d = os.path.join(tmp, "s%d" % seed)
    r = Run(steps, d, every=a.every, skip_known=a.skip_known, light=a.light).run()
    shutil.rmtree(d, ignore_errors=True)
    return seed, steps, r


def run_many(a):
    for name in filter(None, a.also_known.split(",")):
        KNOWN.setdefault(name, "--also-known")
    from concurrent.futures import ThreadPoolExecutor
    tmp = tempfile.mkdtemp(prefix="wmsj-prop.")
    t0 = time.time()
    nsteps = nscen = 0
    failures = {}
    known = {}
    try:
        with ThreadPoolExecutor(max_workers=a.jobs) as ex:
            results = ex.map(lambda sd: one_seed(sd, a, tmp), range(a.seed, a.seed + a.count))
            for seed, steps, r in results:
                nscen += 1
                nsteps += r.nsteps
                if not a.tap and nscen % 250 == 0:
                    print("# %d of %d scenarios, %d steps, %.0f s" % (nscen, a.count, nsteps, time.time() - t0),
                          flush=True)
                for name, at, detail in r.known:
                    known.setdefault((name, r.why[name]), []).append(seed)
                shown = set()
                for name, at, detail in r.violations:
                    if name not in failures:
                        failures[name] = (seed, detail, steps)
                    if name not in shown:
                        shown.add(name)
                        print("%sseed %d: %s%s: %s" % ("not ok - " if a.tap else "", seed, name,
                                                        " (known: %s)" % r.why[name] if name in r.why else "",
                                                        detail), flush=True)
        elapsed = time.time() - t0
        for (name, why), seeds in sorted(known.items()):
            print("# known: %s (%s): %d of %d scenarios, first seed %d"
                  % (name, why, len(set(seeds)), nscen, min(seeds)))
        print("# %d scenarios, %d steps, %.1f s, %d invariant(s) violated%s"
              % (nscen, nsteps, elapsed, len(failures), " (known ones skipped)" if a.skip_known else ""))
        if a.tap and not failures:
            print("ok - %d scenarios, %d steps (seeds %d-%d): every invariant held"
                  % (nscen, nsteps, a.seed, a.seed + a.count - 1))
        if a.shrink:
            os.makedirs(a.shrink, exist_ok=True)
            for name, (seed, detail, steps) in sorted(failures.items()):
                if a.only and name not in a.only.split(","):
                    continue
                small = shrink(steps, name, tmp)
                ok, r = attempt(small, name, tmp)
                path = os.path.join(a.shrink, "%s-seed%d.sh" % (name, seed))
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(script(r, name, seed, len(steps)))
                print("# %s: seed %d shrunk from %d to %d steps: %s" % (name, seed, len(steps), len(r.log), path))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
