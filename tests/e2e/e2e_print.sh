#!/usr/bin/env bash
# Chart text prints at 8 pt or more in every PDF of the demo round: the
# font size times the scale each chart is placed at, read from the pages'
# content (check_chart_text.py).  Charts are laid out at the width they are
# placed and long ones split across pages by rows, never shrunk.
# And a demonstration round flags every row of its open data (datos_demostracion).
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
demo_round
pdfs=("$R"/informe-nacional-*.pdf "$R"/instituciones/*/ficha-*.pdf)
/usr/bin/python3 "$SRC/tests/e2e/check_chart_text.py" 8 "${pdfs[@]}" > "$W/out" 2>&1
ok $? "chart text is 8 pt or more at print size ($(tail -1 "$W/out"))"
[ $? -eq 0 ] || sed 's/^/#   /' "$W/out" | head -20
for l in es en; do
    /usr/bin/python3 "$SRC/tests/e2e/check_chart_text.py" 8 "$R/informe-nacional-$year-$l.pdf" > "$W/nat" 2>&1
    n=$(sed -n 's/^ok: \([0-9]*\) pieces.*/\1/p' "$W/nat")
    ok $([ "${n:-0}" -ge 1000 ]; echo $?) "the national report ($l) has its charts (${n:-0} pieces of chart text)"
done
# the ranking of 30 institutions is taller than a page: it runs over two
pages=0
for p in $(seq 1 "$(pdfinfo "$R/informe-nacional-$year-es.pdf" | sed -n 's/^Pages: *//p')"); do
    pdftotext -f "$p" -l "$p" "$R/informe-nacional-$year-es.pdf" - 2>/dev/null > "$W/page"
    grep -q "Clasificación de las instituciones por puntaje" "$W/page" &&
        grep -q "(IGD) · $year" "$W/page" && pages=$((pages + 1))
done
ok $([ "$pages" -ge 2 ]; echo $?) "the IGD ranking chart is split across pages, not shrunk ($pages pages)"
# every part of a split chart after the first says so in its title, in the
# report's language (check_continued.py)
for lm in "es:(continuación)" "en:(continued)"; do
    l=${lm%%:*} mark=${lm#*:}
    /usr/bin/python3 "$SRC/tests/e2e/check_continued.py" "$R/informe-nacional-$year-$l.pdf" "$year" "$mark" 10 > "$W/cont" 2>&1
    ok $? "the continued parts of the split charts are titled «… $mark» ($l: $(tail -1 "$W/cont"))" ||
        sed 's/^/#   /' "$W/cont" | head
done
/usr/bin/python3 "$SRC/tests/e2e/check_continued.py" "$R/informe-nacional-$year-es.pdf" "$year" "(continued)" 10 > "$W/cont" 2>&1
ok $([ $? -ne 0 ]; echo $?) "the check fails when the mark is not the report's"
# every downloadable table of a demonstration round says so on every row
bad=0 n=0
for f in "$R"/datos/*.csv; do
    n=$((n + 1))
    head -1 "$f" | grep -q ',datos_demostracion$' || { echo "# $f: no datos_demostracion column"; bad=1; }
    [ "$(tail -n +2 "$f" | grep -vc ',true$')" = 0 ] || { echo "# $f: a row not flagged"; bad=1; }
done
for f in "$R"/datos/*.json; do
    [ "${f##*/}" = datapackage.json ] && continue
    n=$((n + 1))
    /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r and all(x.get("datos_demostracion") is True for x in r) else 1)' "$f" ||
        { echo "# $f: a row without datos_demostracion: true"; bad=1; }
done
/usr/bin/python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); sys.exit(0 if all(r["schema"]["fields"][-1]["name"] == "datos_demostracion" for r in p["resources"]) else 1)' "$R/datos/datapackage.json" || bad=1
ok $([ $bad = 0 ] && [ $n -ge 20 ]; echo $?) "the demo flag is on every row of the $n open-data files and in their schemas"
# the check can fail: text at exactly 8 pt is under 8.5
/usr/bin/python3 "$SRC/tests/e2e/check_chart_text.py" 8.5 "$R/informe-nacional-$year-es.pdf" > "$W/out2" 2>&1
ok $([ $? -ne 0 ] && grep -q "under 8.5 pt" "$W/out2"; echo $?) "the check fails on text under its limit"
tap_done
