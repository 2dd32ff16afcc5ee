# Invariants that fail on main because of defects already on record.
#
# make check skips a violation of an invariant named here (t-prop.sh reports
# it as known); make proptest reports it.  When a fix lands, remove its entry
# in the same commit: a regression script in tests/cli/prop-regress/ whose
# invariant is listed here but now holds makes make check fail, so the list
# cannot go stale.
#
# Only defects on record belong here (issue 15 items 1-7, issue 10 item 14).
# Items 1, 2, 4, 5, 6, 7 of issue 15 and item 14 of issue 10 hold on main
# (their invariants: history-date-order, history-asof, audit-negative-asof,
# ranking-nonnegative, ranking-year, monthly-awards, stats-volunteers,
# stats-monthly, negative-asof, verdict-asof); regressions in
# tests/cli/prop-regress/.
KNOWN = {
    # wmsj(7): a clearing stays the volunteer's latest row, nothing may be
    # dated before it.  wmsj-points accepts an award dated before a clearing
    # of a later year, and wmsj-audit verify then reports the untampered
    # directory (check clear-date).
    "verdict-clearing": "issue 15 item 3",
    "audit-verify-clear-date": "issue 15 item 3",
}
