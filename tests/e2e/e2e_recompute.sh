#!/usr/bin/env bash
# An IRM reviewer's check (issue 23): run the demo round, then recompute
# every published value (each indicator after each step, pillars, indices,
# national figures, ranks, levels) from the open data alone with
# examples/recompute/recompute.py (Python standard library only), within
# 1e-9; and show the script is not blind: one published value changed by
# 1e-6, or the scoring of one answer changed, is caught.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
variant_config "$SRC" > "$W/indigo.ini"
year=$(sed -n 's/^year *= *//p' "$SRC/indigo.ini" | head -1)
D="$W/reports/$year/datos"
RC="$SRC/examples/recompute/recompute.py"

"$INDIGO" -q -c "$W/indigo.ini" --database "$W/indigo.db" --output "$W/reports" run 2> "$W/err"
st=$?; is $st 0 "the demo round runs"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head -20

/usr/bin/python3 "$RC" "$D" > "$W/out" 2>&1; st=$?
is $st 0 "recompute.py reproduces the demo round from datos/ alone"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/out" | head -20
contains "$W/out" "published values recomputed within 1e-09" "within 1e-9"
n=$(sed -n 's/^ok: \([0-9]*\) published.*/\1/p' "$W/out")
[ "${n:-0}" -gt 30000 ]; ok $? "every value checked ($n > 30000: indicators x 6 stages, nodes, ranks, levels, the 2025 round)"

# the sensitivity analysis as published: for every factor of every index,
# the first-order index does not exceed the total one beyond the stated
# bootstrap interval (Si <= STi's 95% quantile and Si's 5% quantile <= STi),
# and the design's size is stated
/usr/bin/python3 - "$D/sensibilidad.csv" > "$W/sa" 2>&1 <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
bad = [r for r in rows if not (float(r["primer_orden"]) <= float(r["total_q95"])
                               and float(r["primer_orden_q05"]) <= float(r["total"]))]
for r in bad:
    print(f"{r['indice']} {r['factor']}: Si {r['primer_orden']} > STi {r['total']} "
          f"[{r['total_q05']}, {r['total_q95']}]")
print(f"{len(rows)} factors, {len(bad)} with first order above total")
sys.exit(1 if bad or len(rows) < 15 else 0)
PY
st=$?; is $st 0 "first order <= total within the interval, every factor of IGD, ITIC and IDA"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/sa"
for k in seed generator weight_distribution normalisation_alternatives aggregation_alternatives \
         imputation_alternatives estimator_first_order estimator_total sa_n bootstrap; do
    grep -q "^IDA,uncertainty,$k," "$D/parametros.csv"; ok $? "the uncertainty specification states $k"
done

# a published index value nudged by 1e-6 is reported with its place
cp -r "$D" "$W/t1"
awk -F, 'BEGIN{OFS=","} $1=="IGD" && $3=="IGD" && !done && $4!="" {$4=$4+1e-6; done=1} {print}' \
    "$D/resultados.csv" > "$W/t1/resultados.csv"
/usr/bin/python3 "$RC" "$W/t1" > "$W/out1" 2>&1; st=$?
is $st 1 "a published index value off by 1e-6 is caught"
contains "$W/out1" "resultados.csv:" "the difference names resultados.csv and its line"

# one answer's score changed: the raw value and what follows no longer agree
cp -r "$D" "$W/t2"
awk -F, -v y="$year" 'BEGIN{OFS=","} $1==y && $2=="IGD" && $8!="" && !done {$8=$8+1; done=1} {print}' \
    "$D/respuestas.csv" > "$W/t2/respuestas.csv"
/usr/bin/python3 "$RC" "$W/t2" > "$W/out2" 2>&1; st=$?
is $st 1 "an answer scored differently is caught"
contains "$W/out2" "valor_bruto" "the raw value is named"
tap_done
