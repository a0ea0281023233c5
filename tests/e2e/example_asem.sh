#!/usr/bin/env bash
# examples/asem: COINr's ASEM example run through indigo's interface (the
# data set as a wide survey file and as the registry, the framework from
# tests/asem) reproduces COINr's published results table: every score of
# every level within 1e-9 and the index ranks identical.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
"$INDIGO" -q -c "$SRC/examples/asem/indigo.ini" --database "$W/asem.db" --output "$W/rep" run \
    2> "$W/err"
st=$?; is $st 0 "the README's line runs the example"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head -20
/usr/bin/python3 - "$W/rep/2018/datos/resultados.csv" \
    "$SRC/tests/asem/data/coinr_default_build_results.csv" > "$W/cmp" <<'PY'
import csv, sys
got = {(r['institucion'], r['nodo']): r for r in csv.DictReader(open(sys.argv[1], encoding='utf-8'))}
want = list(csv.DictReader(open(sys.argv[2], encoding='utf-8')))
cols = [c for c in want[0] if c not in ('uCode', 'uName', 'Index_Rank')]
n = worst = bad_rank = 0
for w in want:
    for c in cols:
        worst = max(worst, abs(float(got[(w['uCode'], c)]['valor']) - float(w[c])))
        n += 1
    bad_rank += int(got[(w['uCode'], 'Index')]['posicion']) != int(w['Index_Rank'])
print(n, len(want), worst, bad_rank)
PY
read -r n units worst bad_rank < "$W/cmp"
is "$n $units" "561 51" "51 countries x 11 scores compared (8 pillars, 2 sub-indices, the index)"
/usr/bin/python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 1e-9 else 1)" "$worst"
ok $? "every score within 1e-9 of COINr's (largest difference $worst)"
is "$bad_rank" 0 "every index rank is COINr's (ranked unrounded: [rank] decimals = full)"
tap_done
