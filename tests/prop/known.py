# Invariants that fail on main because of defects already on record.
#
# make check skips a violation of an invariant named here (t-prop.sh reports
# it as known); make proptest reports it.  When a fix lands, remove its entry
# in the same commit: a regression script in tests/cli/prop-regress/ whose
# invariant is listed here but now holds makes make check fail, so the list
# cannot go stale.
#
# Only defects on record belong here (issue 15 items 1-7, issue 10 item 14).
# Every item of issue 15 and item 14 of issue 10 holds on main (their
# invariants: history-date-order, history-asof, audit-negative-asof,
# verdict-clearing, audit-verify-clear-date, ranking-nonnegative,
# ranking-year, monthly-awards, stats-volunteers, stats-monthly,
# negative-asof, verdict-asof); regressions in tests/cli/prop-regress/.
KNOWN = {
}
