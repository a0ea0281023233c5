#!/usr/bin/env bash
# The national report's section 4, what the indices measure and where the
# data come from: the pillars, the survey files with their lines, answers
# and institutions, the coverage, the cells without an answer and the
# limitations are the database's, in Spanish and English; the check fails
# when the database says otherwise, and the pages the section takes are full.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
demo_round
for l in es en; do
    /usr/bin/python3 "$SRC/tests/e2e/check_about.py" "$W/indigo.db" "$R/informe-nacional-$year-$l.pdf" "$year" $l > "$W/out-$l" 2>&1
    r=$?
    ok $r "section 4 ($l) agrees with the database ($(tail -1 "$W/out-$l"))"
    [ $r -eq 0 ] || sed 's/^/#   /' "$W/out-$l" | head -20
done
# the figures the demo round holds, as a reader sees them
pdftotext -layout "$R/informe-nacional-$year-es.pdf" - 2>/dev/null | tr -s ' ' > "$W/es.txt"
grep -q "^surveys/demo/$year/igd_kobo.csv KoboToolbox u ODK 59 1758 30$" "$W/es.txt" &&
    grep -q "^surveys/demo/$year/itic_limesurvey.csv LimeSurvey 52 1080 30$" "$W/es.txt" &&
    grep -q "^IDA 30 30 0 1 29 0 29 0$" "$W/es.txt" && grep -q "IDA — excluidas por el filtrado: SAA." "$W/es.txt"
ok $? "the Kobo and LimeSurvey files with their rows, and IDA's coverage with SAA screened out"
pdftotext -layout "$R/informe-nacional-$year-en.pdf" - 2>/dev/null > "$W/en.txt"
awk '/^ *4\. What the indices/ { n++ } n == 2 && /^ *5\. Methodology *$/ { exit } n == 2' "$W/en.txt" > "$W/en4.txt"
[ -s "$W/en4.txt" ] && ! grep -qE "Cobertura|Limitaciones|Datos faltantes|registro administrativo|instituciones" "$W/en4.txt" &&
    grep -q "Relative indicators of ITIC: Bandwidth per employee" "$W/en4.txt"
ok $? "the English section is in English, ITIC's relative indicators named"
# the check can fail: a cell answered in the database but counted unanswered,
# and a file with one answer more
cp "$W/indigo.db" "$W/bad.db"
sqlite3 "$W/bad.db" "UPDATE indicator_value SET raw = NULL WHERE year = $year AND framework = 'IGD' AND (institution, indicator) = (SELECT institution, indicator FROM indicator_value WHERE year = $year AND framework = 'IGD' AND raw IS NOT NULL LIMIT 1)"
sqlite3 "$W/bad.db" "UPDATE input_file SET rows = rows + 1 WHERE year = $year AND path LIKE '%itic_limesurvey%'"
/usr/bin/python3 "$SRC/tests/e2e/check_about.py" "$W/bad.db" "$R/informe-nacional-$year-es.pdf" "$year" es > "$W/out-bad" 2>&1
ok $([ $? -ne 0 ] && grep -q "IGD missing data" "$W/out-bad" && grep -q "itic_limesurvey.csv: lines" "$W/out-bad"; echo $?) \
   "the check fails when the unanswered cells or a file's answers differ"
# no near-empty page: every page the section runs over holds a page of text
pages=$(pdfinfo "$R/informe-nacional-$year-es.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
first=0 last=0
for p in $(seq 3 "$pages"); do
    t=$(pdftotext -layout -f "$p" -l "$p" "$R/informe-nacional-$year-es.pdf" - 2>/dev/null)
    [ $first = 0 ] && echo "$t" | grep -qE "^ *4\. Qué miden los índices y de dónde vienen los datos *$" && first=$p
    [ $first != 0 ] && echo "$t" | grep -qE "^ *5\. Metodología *$" && { last=$p; break; }
done
short=""
for p in $(seq "$first" "$last"); do
    n=$(pdftotext -layout -f "$p" -l "$p" "$R/informe-nacional-$year-es.pdf" - 2>/dev/null | grep -c '[^[:space:]]')
    [ "$n" -ge 30 ] || short="$short $p:$n"
done
ok $([ $first -gt 0 ] && [ $last -ge $first ] && [ -z "$short" ]; echo $?) \
   "section 4 runs over pages $first-$last, each with 30 lines of text or more${short:+ (short:$short)}"
# without the uncertainty analysis (no robustness section: data quality is
# 6), with CIV scored but not ranked, and the plan's evidence addresses
# blanked out: the coverage, the evidence count and the pointers follow
sed -e 's/^runs = 1000/runs = 0/' -e "s#^institutions = .*#institutions = $W/inst.csv#" \
    -e "s#^file = surveys/demo/$year/igd_kobo.csv#file = $W/igd_kobo.csv#" "$W/indigo.ini" > "$W/var.ini"
sed -e '1s/$/,ranked/' -e '2,$s/$/,si/' -e 's/^\(CIV,.*\),si$/\1,no/' "$SRC/surveys/instituciones.csv" > "$W/inst.csv"
/usr/bin/python3 - "$SRC/surveys/demo/$year/igd_kobo.csv" "$W/igd_kobo.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
c = rows[0].index("gobernanza/estrategia/gob_plan_url")
for r in rows[1:]:
    r[c] = ""
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
"$INDIGO" -q -c "$W/var.ini" --database "$W/var.db" --output "$W/var" run 2> "$W/err2"
ok $? "run without uncertainty analysis, CIV not ranked, GOB_PLAN's evidence blanked, exits 0"
/usr/bin/python3 "$SRC/tests/e2e/check_about.py" "$W/var.db" "$W/var/$year/informe-nacional-$year-es.pdf" "$year" es > "$W/out3" 2>&1
r=$?
ok $r "section 4 of the variant agrees with the database ($(tail -1 "$W/out3"))"
[ $r -eq 0 ] || sed 's/^/#   /' "$W/out3" | head -20
pdftotext "$W/var/$year/informe-nacional-$year-es.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ' > "$W/var.txt"
noev=$(sqlite3 "$W/var.db" "SELECT count(*) FROM indicator_value WHERE year = $year AND framework = 'IGD' AND flags & 64")
grep -q "está en la sección 6, «Calidad de los datos»" "$W/var.txt" &&
    grep -q "el análisis de incertidumbre no se corrió" "$W/var.txt" &&
    grep -q "evaluadas sin posición: CIV" "$W/var.txt" && [ "$noev" -gt 0 ] &&
    grep -q "por institución e indicador: IGD $noev," "$W/var.txt"
ok $? "it points to section 6, says the analysis did not run, names CIV unranked and counts $noev answers without evidence"
tap_done
