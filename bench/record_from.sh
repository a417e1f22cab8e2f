#!/bin/sh
# usage: bench/record_from.sh [RUNS]
#
# okr record --from of a feed of 100,000 rows into a repository at the
# scale of SPEC §4 (okrgen -scale full: 2,000 owners, 128,000 key results,
# 1,000,000 measurement rows), against okr validate on the same repository:
# wall time, CPU time and peak memory (/usr/bin/time), RUNS times (default
# 3), each on a fresh copy. The feed is every ninth row of the generated
# measurement files at noon of its day (a new at for each), its value plus
# one, so that it appends to 1,823 of the 2,000 files; "again" runs the
# same feed a second time (nothing to record). "210 files" is a feed of as
# many rows that touches fewer files: every row of the first measurement
# files up to 100,000 (210 files), the same way.
set -eu
runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${OKR_BENCH_DIR:-${TMPDIR:-/tmp}}/okr-record-from
mkdir -p "$work/bin"
(cd "$root" && go build -o "$work/bin/okr" ./cmd/okr && go build -o "$work/bin/okrgen" ./cmd/okrgen)
if [ ! -e "$work/full/.done" ]; then
  rm -rf "$work/full"
  "$work/bin/okrgen" -scale full -o "$work/full" >&2
  : > "$work/full/.done"
fi
{
  echo "metric,at,value,note"
  find "$work/full/measurements" -name '*.csv' | sort | xargs cat | grep -v '^metric,' |
    awk -F, 'NR%9==0 && n<100000 {n++; print $1","$2"T12:00:00Z,"$3+1",feed"}'
} > "$work/feed.csv"
{
  echo "metric,at,value,note"
  find "$work/full/measurements" -name '*.csv' | sort | head -210 | xargs cat | grep -v '^metric,' |
    awk -F, 'n<100000 {n++; print $1","$2"T12:00:00Z,"$3+1",feed"}'
} > "$work/feed210.csv"
echo "feed: $(($(wc -l < "$work/feed.csv") - 1)) rows; 210 files: $(($(wc -l < "$work/feed210.csv") - 1)) rows; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  rm -rf "$work/run" && cp -r "$work/full" "$work/run" && sync
  /usr/bin/time -f "validate     %e s wall, %U s user, %S s sys, %M KB peak" "$work/bin/okr" validate -C "$work/run" --at 2026-11-15 > /dev/null
  /usr/bin/time -f "record-from  %e s wall, %U s user, %S s sys, %M KB peak" "$work/bin/okr" record -C "$work/run" --from "$work/feed.csv" > /dev/null
  /usr/bin/time -f "again        %e s wall, %U s user, %S s sys, %M KB peak" "$work/bin/okr" record -C "$work/run" --from "$work/feed.csv" > /dev/null
  rm -rf "$work/run" && cp -r "$work/full" "$work/run" && sync
  /usr/bin/time -f "210 files    %e s wall, %U s user, %S s sys, %M KB peak" "$work/bin/okr" record -C "$work/run" --from "$work/feed210.csv" > /dev/null
done 2>&1
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
