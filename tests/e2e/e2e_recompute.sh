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
# the bounds as published: each interval that leaves [0, 1] is named in the
# specification with the N that would keep it inside (or, for an estimate
# at 0 or 1, that none would), or "a larger N is needed" when wholly
# outside; none: it says every interval lies within [0, 1].  The list must
# be exactly the one sensibilidad.csv shows, for every index.
/usr/bin/python3 - "$D" > "$W/bounds" 2>&1 <<'PY'
import csv, json, math, os, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(d, "sensibilidad.csv"), encoding="utf-8")))
spec = {m["index"]: m["uncertainty_en"]
        for m in json.load(open(os.path.join(d, "datapackage.json"), encoding="utf-8"))["indigo"]["method"]}
bad = n_out = 0
for idx in dict.fromkeys(r["indice"] for r in rows):
    edge, off = [], []
    for r in (r for r in rows if r["indice"] == idx):
        for t, c in (("S_i", "primer_orden"), ("ST_i", "total")):
            lo, hi = float(r[c + "_q05"]), float(r[c + "_q95"])
            if lo < 0 or hi > 1:
                n_out += 1
                what = f"{t} of {r['factor']}"
                if not ((lo < 0 and hi >= 0) or (hi > 1 and lo <= 1)):
                    off.append(what)
                    continue
                # the N that would keep it inside with the same estimate
                # (width ~ 1/sqrt(N)), or none if the estimate is at the end
                est, n = float(r[c]), int(r["puntos_base"])
                gap = est if lo < 0 else 1 - est
                if not gap > 0:
                    end = "<= 0: consistent with 0" if lo < 0 else ">= 1: consistent with 1"
                    edge.append(f"{what} (estimate {end}, no N keeps it inside)")
                else:
                    q = ((est - lo) if lo < 0 else (hi - est)) / gap
                    edge.append(f"{what} (N >= {math.ceil(n * q * q)} would keep it inside)")
    want = []
    if edge:
        want.append("Intervals that leave [0, 1]: " + ", ".join(edge) + ". Each contains the end")
    if off:
        want.append("Intervals wholly outside [0, 1]: " + ", ".join(off) + "; a larger N is needed.")
    if not edge and not off:
        want.append("Every interval lies within [0, 1].")
    for w in want:
        if w not in spec.get(idx, ""):
            bad += 1
            print(f"{idx}: the specification does not say: {w}")
    for other in ("Intervals that leave", "Intervals wholly outside", "Every interval lies"):
        if other in spec.get(idx, "") and not any(w.startswith(other) for w in want):
            bad += 1
            print(f"{idx}: the specification says '{other}' but sensibilidad.csv does not show it")
print(f"{n_out} bounds outside [0, 1], {bad} not stated as published")
sys.exit(1 if bad else 0)
PY
st=$?; is $st 0 "every bound outside [0, 1] is named in the specification with its reason, as sensibilidad.csv shows"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/bounds"
tail -1 "$W/bounds" | sed 's/^/# /'
for k in seed generator weight_distribution normalisation_alternatives aggregation_alternatives \
         imputation_alternatives estimator_first_order estimator_total sa_n bootstrap; do
    grep -q "^IDA,uncertainty,$k," "$D/parametros.csv"; ok $? "the uncertainty specification states $k"
done

# the method stated once (src/render/method_text.c): the statements
# datapackage.json carries are the ones the national report (pdftotext), the
# workbook's Metodología sheet (openpyxl) and the portal's method page print,
# in both languages; the uncertainty specification likewise, on the portal's
# robustness page
/usr/bin/python3 - "$W/reports/$year" "$year" > "$W/method" 2>&1 <<'PY'
import html, json, os, re, subprocess, sys
base, year = sys.argv[1], sys.argv[2]
flat = lambda s: re.sub(r"\s+", " ", s).strip()
pkg = json.load(open(os.path.join(base, "datos", "datapackage.json"), encoding="utf-8"))
import csv
# the steps each index runs, as parametros.csv publishes them: each one's
# statement must be in the package (and so in every document)
steps = {r["indice"]: r["valor"].split(";")
         for r in csv.DictReader(open(os.path.join(base, "datos", "parametros.csv"), encoding="utf-8"))
         if r["paso"] == "index" and r["parametro"] == "steps"}
bad = n = 0
for lang, sfx in (("es", ""), ("en", "_en")):
    raw = subprocess.run(["pdftotext", os.path.join(base, f"informe-nacional-{year}-{lang}.pdf"),
                          "-"], capture_output=True, text=True).stdout
    # the running head and foot of each page may fall inside a sentence
    running = re.compile(r"^(P(á|a)gin(a|e) \d+ (de|of) \d+|Page \d+ of \d+|datos de demostración|"
                         r"demonstration data|(Informe nacional|National report) \d{4} · .*)$")
    pdf = flat(" ".join(l for l in raw.replace("\f", "\n").split("\n") if not running.match(l.strip())))
    page = os.path.join(base, "sitio", lang,
                        "metodologia.html" if lang == "es" else "methodology.html")
    if not os.path.exists(page):
        page = next(os.path.join(base, "sitio", lang, f) for f in os.listdir(os.path.join(base, "sitio", lang))
                    if f.startswith("metod") or f.startswith("method"))
    web = flat(html.unescape(re.sub(r"<[^>]+>", " ", open(page, encoding="utf-8").read())))
    # the uncertainty analysis has its own page on the portal
    robust = os.path.join(base, "sitio", lang, "robustez.html")
    rweb = flat(html.unescape(re.sub(r"<[^>]+>", " ", open(robust, encoding="utf-8").read()))) \
        if os.path.exists(robust) else ""
    import openpyxl
    wb = openpyxl.load_workbook(os.path.join(base, f"indigo-{year}-{lang}.xlsx"), read_only=True)
    ws = next(wb[n] for n in wb.sheetnames if n.startswith("Metodolog") or n.startswith("Method"))
    book = flat(" ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c))
    for m in pkg["indigo"]["method"]:
        # every statement the package carries, in every document; the
        # steps a framework does not run (treat) or has no levels for are
        # absent from all of them
        keys = ("score", "denominate", "screen", "impute", "treat", "normalise", "aggregate", "rank",
                "levels", "effective_weights")
        for k in steps[m["index"]] + ["rank", "effective_weights"]:
            if k + sfx not in m:
                bad += 1
                print(f"{m['index']}: datapackage.json has no {k + sfx}")
        checks = [(k + sfx, (web, pdf, book)) for k in keys if k + sfx in m]
        # the uncertainty specification: in the PDF's robustness section,
        # the workbook's Metodología and the portal's robustness page
        if "uncertainty" + sfx not in m:
            bad += 1
            print(f"{m['index']}: datapackage.json has no {'uncertainty' + sfx}")
        else:
            checks.append(("uncertainty" + sfx, (pdf, book, rweb)))
        for key, docs in checks:
            for doc in docs:
                n += 1
                if flat(m[key]) not in doc:
                    bad += 1
                    where = ("the PDF" if doc is pdf else "the workbook" if doc is book
                             else robust if doc is rweb else page)
                    print(f"{m['index']} {key}: not in {where}: {m[key][:90]}")
print(f"{n} statements compared, {bad} missing")
# 3 indices x 2 languages x 3 documents x (at least 7 statements, and the
# uncertainty specification)
sys.exit(1 if bad or n < 3 * 2 * 3 * 8 else 0)
PY
st=$?; is $st 0 "the method statements of datapackage.json are those of the PDF, the workbook and the portal"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/method" | head -12
tail -1 "$W/method" | sed 's/^/# /'

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
