#!/usr/bin/env bash
# The national report opens with key findings written from the data: the
# national mean and its change, the movers and the count per maturity level
# are the database's, in Spanish and English; the check fails when the
# database says otherwise.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
demo_round
/usr/bin/python3 "$SRC/tests/e2e/check_findings.py" "$W/indigo.db" "$R/informe-nacional-$year-es.pdf" "$year" > "$W/out" 2>&1
r=$?
ok $r "key findings agree with the database ($(tail -1 "$W/out"))"
[ $r -eq 0 ] || sed 's/^/#   /' "$W/out" | head -20
pdftotext -f 3 -l 3 "$R/informe-nacional-$year-en.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ' > "$W/en.txt"
grep -q "1. Key findings" "$W/en.txt" && grep -q "National mean: " "$W/en.txt" && grep -q "Institutions per level: " "$W/en.txt"
ok $? "the English report has the same findings in English"
! grep -qE "Ministerio|Secretaría|Promedio nacional" "$W/en.txt"
ok $? "no Spanish group name or label on the English findings page"
# the check can fail: one institution moved a level up in a copy of the database
cp "$W/indigo.db" "$W/moved.db"
sqlite3 "$W/moved.db" "UPDATE node_value SET level = level + 1 WHERE year = $year AND framework = 'ITIC' AND node = 'ITIC' AND institution = (SELECT min(institution) FROM node_value WHERE year = $year AND framework = 'ITIC' AND node = 'ITIC' AND level = 2)"
/usr/bin/python3 "$SRC/tests/e2e/check_findings.py" "$W/moved.db" "$R/informe-nacional-$year-es.pdf" "$year" > "$W/out2" 2>&1
ok $([ $? -ne 0 ] && grep -q "ITIC: institutions per level" "$W/out2"; echo $?) "the check fails when a level count differs"
# the methodology points to where each indicator's parameters are, and
# they are there: the workbook's sheet, marco.csv's columns, the XLSForms
for l in es en; do
    pdftotext "$R/informe-nacional-$year-$l.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ' > "$W/m-$l.txt"
done
sheet_es=Marco sheet_en=Framework
grep -q "está en la hoja «Marco» de indigo-$year-es.xlsx y en datos/marco.csv" "$W/m-es.txt" &&
    grep -q "is in the «Framework» sheet of indigo-$year-en.xlsx and in datos/marco.csv" "$W/m-en.txt"
ok $? "the methodology points to the workbook's framework sheet and marco.csv"
found=1
for l in es en; do
    eval sheet=\$sheet_$l
    unzip -p "$R/indigo-$year-$l.xlsx" xl/workbook.xml 2>/dev/null | grep -q "name=\"$sheet\"" || found=0
done
head -1 "$R/datos/marco.csv" | tr ',' '\n' > "$W/cols"
for c in pregunta direccion meta_inferior meta_superior objetivo; do grep -qx "$c" "$W/cols" || found=0; done
for fw in IGD ITIC IDA; do [ -s "$R/cuestionarios/$fw-xlsform-survey.csv" ] || found=0; done
grep -q "Imputación: Una pregunta sin respuesta" "$W/m-es.txt" || found=0
ok $([ $found = 1 ]; echo $?) "what it points to is there: the sheets, marco.csv's columns, the XLSForms, the imputation rule"
# [publisher] decimals = 2: the findings print at the report's decimals,
# as its tables do, not at a fixed one
sed -e 's/^\[publisher\]/[publisher]\ndecimals = 2/' "$W/indigo.ini" > "$W/dec2.ini"
"$INDIGO" -q -c "$W/dec2.ini" --database "$W/dec2.db" --output "$W/dec2" run 2> "$W/err2"
ok $? "run with [publisher] decimals = 2 exits 0"
/usr/bin/python3 "$SRC/tests/e2e/check_findings.py" "$W/dec2.db" "$W/dec2/$year/informe-nacional-$year-es.pdf" "$year" 2 > "$W/out3" 2>&1
r=$?
ok $r "key findings print at 2 decimals and agree with the database ($(tail -1 "$W/out3"))"
[ $r -eq 0 ] || sed 's/^/#   /' "$W/out3" | head -20
# and so do the changes in the tables ("+8,12"), national and on a scorecard
card=$(ls "$W/dec2/$year/instituciones" | head -1)
for f in "$W/dec2/$year/informe-nacional-$year-es.pdf" "$W/dec2/$year/instituciones/$card/ficha-$card-$year-es.pdf"; do
    pdftotext "$f" - 2>/dev/null
done | grep -oE "(^|[ (])[+-][0-9]+,[0-9]+" | sed 's/.*,//' | awk '{print length($0)}' | sort | uniq -c > "$W/chg"
[ "$(awk '$2 != 2' "$W/chg" | wc -l)" = 0 ] && [ -s "$W/chg" ]
ok $? "every printed change has 2 decimals ($(tr '\n' ' ' < "$W/chg"))"
tap_done
