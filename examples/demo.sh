#!/bin/sh
# A one-minute tour on the example town (堰口镇): register, award, redeem,
# seal a month, publish the quarterly notice and audit.  Runs on a copy of
# examples/data in a temporary directory; uses ./build/bin when not installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$here/../build/bin/wmsj-volunteer" ] && PATH="$here/../build/bin:$PATH"
D=$(mktemp -d "${TMPDIR:-/tmp}/wmsj-demo.XXXXXX")
trap 'rm -rf "$D"' EXIT
cp "$here/data/wmsj.yaml" "$D/"
export WMSJ_DATA="$D"

echo "== 登记志愿者 register 60 volunteers from a spreadsheet"
wmsj-volunteer import --date 2026-08-01 "$here/data/volunteers-import.csv" --format csv >/dev/null
wmsj-volunteer list --station 610724109001 --format table | head -6

echo "== 发布活动、认定积分 publish an activity and certify the participants"
wmsj-points activity add --station 610724109001 --date 2026-09-15 --platform 理论宣讲 \
	--title "茶乡微讲堂：文明新风进万家" --points 10 --hours 2 --place 堰口社区文化广场 \
	--organizer 堰口社区实践站 --responsible 陈德明 --format csv >/dev/null
wmsj-volunteer list --station 610724109001 --eligible --date 2026-09-15 --format csv |
	wmsj-points award --activity A610724109001-0001 --certifier 刘专干 --supervisor 陈德明 - \
	--format csv >/dev/null
wmsj-points balance --station 610724109001 --format table | head -5

echo "== 爱心捐赠入库、积分兑换 goods donated, points redeemed at the exchange point"
wmsj-points stock --item G01 --qty 20 --donor 堰口爱心超市 --station 610724109001 --date 2026-09-20 --format csv >/dev/null
card=$(wmsj-volunteer show V610724109001-0001 --format csv | awk -F, 'NR==2{print $2}')
wmsj-points redeem --card "$card" --item G06 --clerk 刘专干 --date 2026-09-28 --format table 2>&1 || true
wmsj-points stock --item G06 --qty 10 --donor 镇商会 --station 610724109001 --date 2026-09-20 --format csv >/dev/null
wmsj-points redeem --card "$card" --item G06 --clerk 刘专干 --date 2026-09-28 --format table

echo "== 月结 month-end settlement"
wmsj-points close --month 2026-09 --clerk 刘专干 --format table

echo "== 季度公示 the quarterly notice"
wmsj-report notice --quarter 2026Q3 --station 610724109001 --format text | head -20
mkdir -p "$D/notices"
wmsj-report notice --quarter 2026Q3 --format csv --out "$D/notices" >/dev/null

echo "== 审计 audit: the ledger is intact and the notice matches it"
wmsj-audit verify && echo "verify: intact"
wmsj-audit notice "$D/notices/2026Q3-610724109001.csv" && echo "notice: matches the ledger"
