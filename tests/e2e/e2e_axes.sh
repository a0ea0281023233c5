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

# the national report: a subsection with the national mean of each axis
R="$W/reports/$year"
for l in es en; do
    pdftotext -layout "$R/informe-nacional-$year-$l.pdf" "$W/nat-$l.txt" 2>/dev/null
    [ -s "$R/graficos/ejes-IGD-$l.png" ] && [ -s "$R/graficos/ejes-IGD-$l.svg" ]
    ok $? "axes chart of IGD ($l) as PNG and SVG"
done
dec() { awk -v v="$1" -v l="$2" 'BEGIN { s = sprintf("%.1f", v); if (l == "es") sub(/\./, ",", s); print s }'; }
want_es=$(awk -F, '$1 == "IGD" { printf "%s ", $4 }' "$D/ejes_nacional.csv")
row_es=$(awk '/^ *3\.[0-9]+ Ejes estratégicos/ && ++n == 2 { on = 1 } on && /^ *4\. / { on = 0 }
              on && /Promedio nacional/ { print }' "$W/nat-es.txt" | tail -1 | tr -s ' ')
got=""; for v in $want_es; do got="$got $(dec "$v" es)"; done
is "$(echo "$row_es" | grep -o '[0-9]*,[0-9]' | tail -4 | tr '\n' ' ' | sed 's/ $//')" "${got# }" \
   "the national report's axes table ends with the national means of datos/ejes_nacional.csv"
grep -q "Strategic axes of the Digital Government Plan (IGD)" "$W/nat-en.txt"
ok $? "the English national report has the axes subsection"
pdftotext "$R/instituciones/MAGA/ficha-MAGA-$year-es.pdf" - 2>/dev/null | tr '\n' ' ' > "$W/card.txt"
v=$(awk -F, '$1 == "IGD" && $2 == "MAGA" && $3 == "Eficacia" { print $4 }' "$D/ejes.csv")
n=$(awk -F, '$1 == "IGD" && $2 == "Eficacia" { print $4 }' "$D/ejes_nacional.csv")
grep -q "Eficacia $(dec "$v" es) (nacional $(dec "$n" es))" "$W/card.txt"
ok $? "the scorecard of MAGA shows its Eficacia score beside the national mean"

# English documents name the axes and the groups in English ([index]
# axis_names_en, the registry's group_en): no Spanish axis code or group name
for f in "$R"/informe-nacional-"$year"-en.pdf "$R"/instituciones/*/ficha-*-"$year"-en.pdf; do
    pdftotext "$f" - 2>/dev/null
done | tr '\n' ' ' > "$W/en-all.txt"
cat "$R"/sitio/en/*.html 2>/dev/null | sed 's/<[^>]*>/ /g' >> "$W/en-all.txt"
grep -qw "Effectiveness" "$W/en-all.txt" && grep -qw "Openness" "$W/en-all.txt"
ok $? "the English documents name the axes in English"
hits=$(grep -oEw "Eficacia|Apertura|Inclusión|Cultura|Ministerio|Secretaría|Ministerios|Secretarías" "$W/en-all.txt" | sort | uniq -c | tr '\n' ' ')
ok $([ -z "$hits" ]; echo $?) "no Spanish axis or group name in the English PDFs and portal pages ($hits)"

# the workbooks' Marco sheet names each indicator's axis in the book's
# language (axis_names_en in English); the open data keeps the code
/usr/bin/python3 - "$W/indigo.db" "$R/indigo-$year-es.xlsx" "$R/indigo-$year-en.xlsx" "$D/marco.csv" \
    "$SRC/indicators/igd/framework.ini" > "$W/marco" 2>&1 <<'PY'
import configparser, csv, sqlite3, sys, openpyxl
db, es, en, marco, ini = sys.argv[1:]
cp = configparser.ConfigParser(interpolation=None)
cp.read(ini, encoding="utf-8")
english = dict(p.split(":", 1) for p in cp["index"]["axis_names_en"].split("|"))
english = {k.strip(): v.strip() for k, v in english.items()}
axis = dict(sqlite3.connect(db).execute(
    "SELECT code, axis FROM node WHERE framework = 'IGD' AND axis IS NOT NULL AND axis <> ''"))
assert len(axis) >= 10 and set(axis.values()) == set(english), (len(axis), set(axis.values()))
for book, want in ((es, axis), (en, {k: english[v] for k, v in axis.items()})):
    ws = openpyxl.load_workbook(book)["Marco" if book == es else "Framework"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] in ("Índice", "Index"))
    col = rows[head].index("Eje" if book == es else "Axis")
    got = {r[1]: r[col] for r in rows[head + 1:] if r[0] == "IGD" and r[1] in axis}
    assert got == want, f"{book}: {sorted(set(got.items()) ^ set(want.items()))[:4]}"
    print(f"{book.rsplit('/', 1)[1]}: {len(got)} axes, e.g. {sorted(got.items())[0]}")
got = {r["nodo"]: r["eje"] for r in csv.DictReader(open(marco, encoding="utf-8"))
       if r["indice"] == "IGD" and r["eje"]}
assert got == axis, "marco.csv keeps the axis codes"
PY
ok $? "Marco names the axes in English in the English workbook, by code in the Spanish one and datos/marco.csv ($(tail -1 "$W/marco"))" ||
    sed 's/^/#   /' "$W/marco" | head

# explain an axis
u=$(awk -F, 'NR == 2 { print $1 }' "$SRC/surveys/instituciones.csv")
run explain "$u" Eficacia > "$W/explain" 2> "$W/err"; st=$?
is $st 0 "explain $u Eficacia exits 0"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head -5
want=$(awk -F, -v u="$u" '$1 == "IGD" && $2 == u && $3 == "Eficacia" { print $4 }' "$D/ejes.csv")
grep -q -- "$want" "$W/explain"; ok $? "explain prints the stored axis score ($want)"
tap_done
