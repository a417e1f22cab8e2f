#!/bin/sh
# usage: bench/fmt_record_race.sh OKR_BINARY -> prints how many of 100 rounds lost the measurement
OKR=$1
D=$(mktemp -d)
cd $D
: > okr.yaml
printf 'apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n' > kpis.yaml
mkdir measurements
lost=0
for i in $(seq 1 100); do
  printf 'apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - at: 2026-10-01\n    value: 31\n  - at: 2026-10-15\n    value: 35\n' > measurements/nps.yaml
  $OKR fmt >/dev/null 2>&1 &
  $OKR record nps 44 --at 2026-11-01 >/dev/null 2>&1 &
  wait
  grep -q 'value: 44' measurements/nps.yaml || lost=$((lost+1))
done
echo "lost $lost of 100"
rm -rf $D
