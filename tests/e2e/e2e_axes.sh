#!/usr/bin/env bash
# The second view on the demo round: every axis score (per institution and
# national) equals the weighted mean of its indicators, in the database and
# in the open data; explain shows an axis; the checker can fail.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
variant_config "$SRC" > "$W/indigo.ini"
run() { "$INDIGO" -q -c "$W/indigo.ini" --database "$W/indigo.db" --output "$W/reports" "$@"; }
year=$(sed -n 's/^year *= *//p' "$SRC/indigo.ini" | head -1)
D="$W/reports/$year/datos"

run run 2> "$W/err"; st=$?; is $st 0 "run exits 0"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head -20
check() { /usr/bin/python3 "$SRC/tests/e2e/check_axes.py" "$@" > "$W/out" 2>&1; }
check "$W/indigo.db" "$D" "$year"
ok $? "every axis score equals the weighted mean of its indicators in the database and datos/ ($(tail -1 "$W/out"))"
[ $? -eq 0 ] || sed 's/^/#   /' "$W/out" | head -20
is "$(sqlite3 "$W/indigo.db" "SELECT count(*) FROM axis_national WHERE year = $year AND framework = 'IGD'")" 4 \
   "the IGD's four Plan axes are stored nationally"

# the checker fails on a tampered score
cp "$W/indigo.db" "$W/tampered.db"
sqlite3 "$W/tampered.db" "UPDATE axis_value SET value = value + 0.001 WHERE (year, framework, institution, axis) IN (SELECT year, framework, institution, axis FROM axis_value WHERE year = $year AND value IS NOT NULL LIMIT 1)"
check "$W/tampered.db" "$D" "$year"; st=$?
ok $([ $st -ne 0 ] && grep -q "recomputed" "$W/out"; echo $?) "the check fails on a tampered axis score"

# explain an axis
u=$(awk -F, 'NR == 2 { print $1 }' "$SRC/surveys/instituciones.csv")
run explain "$u" Eficacia > "$W/explain" 2> "$W/err"; st=$?
is $st 0 "explain $u Eficacia exits 0"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head -5
want=$(awk -F, -v u="$u" '$1 == "IGD" && $2 == u && $3 == "Eficacia" { print $4 }' "$D/ejes.csv")
grep -q -- "$want" "$W/explain"; ok $? "explain prints the stored axis score ($want)"
tap_done
