#!/usr/bin/env bash
# The scorecards of the demo round say what to do next: no imputed value
# among strengths and weaknesses, unanswered questions as their own
# recommendation, recommendations ranked by the points the index would gain.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
variant_config "$SRC" > "$W/indigo.ini"
run() { "$INDIGO" -q -c "$W/indigo.ini" --database "$W/indigo.db" --output "$W/reports" "$@"; }
year=$(sed -n 's/^year *= *//p' "$SRC/indigo.ini" | head -1)
R="$W/reports/$year"

run run 2> "$W/err"; st=$?; is $st 0 "run exits 0"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head -20
/usr/bin/python3 "$SRC/tests/e2e/check_scorecards.py" "$SRC" "$R/datos" "$R/instituciones" "$year" > "$W/out" 2>&1
ok $? "no imputed value among strengths or weaknesses; every first recommendation has the largest gain ($(tail -1 "$W/out"))"
[ $? -eq 0 ] || sed 's/^/#   /' "$W/out" | head -20
# an institution with an imputed answer is asked to answer it, in both languages
# (indicadores.csv columns found by their names: the open data may gain columns)
col() {  # col NAME: the number of indicadores.csv's column NAME
    awk -F, -v n="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) print i; exit }' "$R/datos/indicadores.csv"
}
ci=$(col indicador) cu=$(col institucion) cx=$(col indice) cn=$(col valor_normalizado)
cm=$(col faltante) cp=$(col imputado) ce=$(col excluido)
ok $([ -n "$ci" ] && [ -n "$cu" ] && [ -n "$cx" ] && [ -n "$cn" ] && [ -n "$cm" ] && [ -n "$cp" ] && [ -n "$ce" ]; echo $?) \
   "indicadores.csv names its columns (indicador $ci, imputado $cp, excluido $ce)"
u=$(awk -F, -v p="$cp" -v e="$ce" -v cu="$cu" 'NR > 1 && $p == "true" && $e == "false" { print $cu; exit }' "$R/datos/indicadores.csv")
c=$(awk -F, -v u="$u" -v p="$cp" -v cu="$cu" -v ci="$ci" 'NR > 1 && $cu == u && $p == "true" { print $ci; exit }' "$R/datos/indicadores.csv")
ok $([ -n "$u" ] && [ -n "$c" ]; echo $?) "the demo round has an imputed answer ($u, $c)"
pdftotext "$R/instituciones/$u/ficha-$u-$year-es.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ' > "$W/es.txt"
pdftotext "$R/instituciones/$u/ficha-$u-$year-en.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ' > "$W/en.txt"
grep -q "Responder estas preguntas: .*($c)" "$W/es.txt" && grep -q "sin respuesta — imputado" "$W/es.txt"
ok $? "$u is asked to answer $c (imputed), marked «sin respuesta — imputado»"
grep -q "Answer these questions: .*($c)" "$W/en.txt" && grep -q "no answer — imputed" "$W/en.txt"
ok $? "the same in English"
# the check can fail: a scorecard whose first recommendation is not the largest gain
mkdir -p "$W/fake/$u"
# the answered IGD indicator of u closest to the goal (a small gain)
low=$(awk -F, -v u="$u" -v cx="$cx" -v cu="$cu" -v ci="$ci" -v cn="$cn" -v cm="$cm" -v cp="$cp" \
      'NR > 1 && $cx == "IGD" && $cu == u && $cm == "false" && $cp == "false" && $cn != "" && $cn < 100 && $cn > best { best = $cn; c = $ci } END { print c }' "$R/datos/indicadores.csv")
/usr/bin/python3 - "$W/fake/$u/ficha-$u-$year-es.pdf" "$low" <<'PY'
import sys
# a one-page PDF whose text lists the lowest-gain indicator first
body = "BT /F1 10 Tf 50 700 Td (Recommendations) Tj 0 -14 Td (\x95 X \\(" + sys.argv[2] + ", +0.1\\)) Tj ET"
objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
out, offs = b"%PDF-1.4\n", []
for i, o in enumerate(objs, 1):
    offs.append(len(out)); out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin-1")
x = len(out)
out += f"xref\n0 {len(objs)+1}\n0000000000 65535 f \n".encode() + b"".join(f"{o:010d} 00000 n \n".encode() for o in offs)
out += f"trailer\n<< /Size {len(objs)+1} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
open(sys.argv[1], "wb").write(out)
PY
/usr/bin/python3 "$SRC/tests/e2e/check_scorecards.py" "$SRC" "$R/datos" "$W/fake" "$year" > "$W/out2" 2>&1
ok $([ $? -ne 0 ] && grep -q "first recommendation $low gains" "$W/out2"; echo $?) "the check fails on a scorecard whose first recommendation is not the largest gain"
# the English scorecards name the group in English (registry column group_en)
spanish=$(for f in "$R"/instituciones/*/ficha-*-"$year"-en.pdf; do
    pdftotext "$f" - 2>/dev/null | tr '\n' ' ' | grep -oE "\((Ministerio|Secretaría)\)|· (Ministerio|Secretaría)" | sed "s#^#$(basename "$f"): #"
done | head -3)
english=$(pdftotext "$R/instituciones/$u/ficha-$u-$year-en.pdf" - 2>/dev/null | grep -cE "\((Ministry|Secretariat)\)")
ok $([ -z "$spanish" ] && [ "$english" -gt 0 ]; echo $?) "English scorecards: the group in English (${spanish:-none in Spanish})"
# a pillar profile under each index of every scorecard, in both languages: the
# institution's score, the national mean, last round's score and the change
# per pillar, as the open data hold them (check_card_charts.py)
/usr/bin/python3 "$SRC/tests/e2e/check_card_charts.py" "$R/datos" "$R/instituciones" "$year" > "$W/charts" 2>&1
ok $? "every scorecard charts its pillars with the open data's figures ($(tail -1 "$W/charts"))"
[ $? -eq 0 ] || sed 's/^/#   /' "$W/charts" | head -20
# the check can fail: one pillar score changed in a copy of the open data
cp -r "$R/datos" "$W/datos2"
/usr/bin/python3 - "$W/datos2/resultados.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
h = rows[0]
r = next(r for r in rows[1:] if r[h.index("indice")] == "IGD" and r[h.index("nodo")] == "GOB")
r[h.index("valor")] = str(float(r[h.index("valor")]) + 0.2)
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline="")).writerows(rows)
PY
/usr/bin/python3 "$SRC/tests/e2e/check_card_charts.py" "$W/datos2" "$R/instituciones" "$year" > "$W/charts2" 2>&1
ok $([ $? -ne 0 ] && grep -q "GOB score printed" "$W/charts2"; echo $?) "the check fails on a pillar score the chart does not print"
# the charts' text prints at 8 pt or more, every scorecard has its charts
# (text under a Tm: check_chart_text.py) and stays on two pages
few="" small="" long=""
for f in "$R"/instituciones/*/ficha-*-"$year"-*.pdf; do
    /usr/bin/python3 "$SRC/tests/e2e/check_chart_text.py" 8 "$f" > "$W/pt" 2>&1 || small="$small ${f##*/}"
    n=$(sed -n 's/^ok: \([0-9]*\) pieces.*/\1/p' "$W/pt")
    [ "${n:-0}" -ge 60 ] || few="$few ${f##*/}(${n:-0})"
    [ "$(pdfinfo "$f" 2>/dev/null | sed -n 's/^Pages: *//p')" = 2 ] || long="$long ${f##*/}"
done
ok $([ -z "$small" ]; echo $?) "scorecard chart text is 8 pt or more at print size (${small:-all 60})"
ok $([ -z "$few" ]; echo $?) "every scorecard has its charts: 60 pieces of chart text or more (${few:-all 60})"
ok $([ -z "$long" ]; echo $?) "every demo scorecard is two pages (${long:-all 60})"
# the year once in the titles (the configured title already names it)
for l in es en; do
    t=$(pdfinfo "$R/informe-nacional-$year-$l.pdf" 2>/dev/null | sed -n 's/^Title: *//p')
    ok $([ -n "$t" ] && ! echo "$t" | grep -q "$year.*$year"; echo $?) "national report title ($l) names $year once: $t"
    /usr/bin/python3 - "$R/indigo-$year-$l.xlsx" "$year" > "$W/wb" 2>&1 <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[wb.sheetnames[0]]
twice = [c.value for row in ws.iter_rows(max_row=3) for c in row
         if isinstance(c.value, str) and c.value.count(sys.argv[2]) > 1]
print(twice or "ok")
sys.exit(1 if twice else 0)
PY
    ok $? "workbook ($l): no title with $year twice ($(cat "$W/wb"))"
done
tap_done
