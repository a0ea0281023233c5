#!/usr/bin/env bash
# The demo round end to end: every output, byte-identical reruns, a broken
# survey that changes nothing, two export shapes that agree, explain, and a
# second run on a database in use.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
INDIGO=$(english_indigo "$INDIGO" "$W")   # its messages in English
variant_config "$SRC" > "$W/indigo.ini"
run() { "$INDIGO" -q -c "$W/indigo.ini" --database "$W/indigo.db" --output "$W/reports" "$@"; }
year=$(sed -n 's/^year *= *//p' "$SRC/indigo.ini" | head -1)
R="$W/reports/$year"

run check > "$W/out" 2> "$W/err"; is $? 0 "check passes on the demo round"
contains "$W/out" "ok: 30 institutions, 3 frameworks" "check counts institutions and frameworks"

run run 2> "$W/err"; st=$?; is $st 0 "run exits 0"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head -30
for l in es en; do
    [ -s "$R/indigo-$year-$l.xlsx" ]; ok $? "workbook ($l)"
    [ -s "$R/informe-nacional-$year-$l.pdf" ]; ok $? "national report ($l)"
    is "$(ls "$R"/instituciones/*/ficha-*-$year-$l.pdf 2>/dev/null | wc -l)" 30 "30 scorecards ($l)"
    is "$(ls "$R"/instituciones/*/*-$year-$l.xlsx 2>/dev/null | wc -l)" 30 "30 institution workbooks ($l)"
    for fw in IGD ITIC IDA; do
        [ -s "$R/graficos/ranking-$fw-$l.png" ] && [ -s "$R/graficos/ranking-$fw-$l.svg" ]
        ok $? "ranking chart $fw ($l) as PNG and SVG"
    done
done
pdftotext "$R/informe-nacional-$year-es.pdf" - 2>/dev/null | grep -q "datos de demostración"
ok $? "the national report says «datos de demostración»"

# -- the published files pass the checks a reviewer would run --------------
# from zeroed caches, by LibreOffice and by gnumeric's ssconvert --recalc: the
# round workbook and an institution's, every formula within 1e-9
inst=$(ls "$R"/instituciones/MINEX/MINEX-$year-es.xlsx)
for prog in LibreOffice Gnumeric; do
    for book in "$R/indigo-$year-es.xlsx:1000" "$inst:20"; do
        /usr/bin/python3 "$SRC/tests/workbook/check_workbook.py" recalc-file $prog "${book%:*}" "${book##*:}" > "$W/recalc" 2>&1
        ok $? "$prog recalculates every formula of $(basename "${book%:*}") to indigo's value ($(grep -o '[0-9]* formulas' "$W/recalc" | head -1))"
        [ $? -eq 0 ] || grep -v '^ok' "$W/recalc" | sed 's/^/#   /' | head -10
    done
done
# the tie of issue 19: MINEX and SVET score 47.2 in GOB.EST (47.22222222222221
# in indigo, one bit apart in a spreadsheet); printed alike, ranked alike
/usr/bin/python3 - "$R/indigo-$year-es.xlsx" > "$W/tie" 2>&1 <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)["IGD"]
head = {ws.cell(5, c).value: c for c in range(1, ws.max_column + 1)}
rows = {ws.cell(r, 1).value: r for r in range(6, 36)}
got = [(ws.cell(rows[u], head["GOB.EST redondeado"]).value,
        ws.cell(rows[u], head["Posición GOB.EST"]).value) for u in ("MINEX", "SVET")]
assert got[0] == got[1] and got[0][0] == 47.2, got
f = openpyxl.load_workbook(sys.argv[1])["IGD"].cell(rows["SVET"], head["Posición GOB.EST"]).value
assert "RANK.EQ" in f and "ISNUMBER" not in f, f
PY
ok $? "MINEX and SVET tie at 47.2 in GOB.EST and share its rank (RANK.EQ over the ROUND column)"
[ $? -eq 0 ] || sed 's/^/#   /' "$W/tie"
qpdf --check "$R/informe-nacional-$year-es.pdf" > /dev/null 2>&1; ok $? "qpdf --check passes on the national report"
# columns: name type encoding emb sub uni object-number generation
! pdffonts "$R/informe-nacional-$year-es.pdf" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes"' | grep -q .
ok $? "every font of the national report is embedded"
long=$(awk -F, 'NR > 1 { print length($2), $1 }' "$SRC/surveys/instituciones.csv" | sort -n | tail -1 | cut -d' ' -f2)
for l in es en; do
    pages=$(pdfinfo "$R/instituciones/$long/ficha-$long-$year-$l.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    ok $([ -n "$pages" ] && [ "$pages" -le 2 ]; echo $?) "the scorecard of $long (longest name) fits on 2 pages ($l: $pages)"
done
pdftotext "$R/instituciones/$long/ficha-$long-$year-es.pdf" - 2>/dev/null > "$W/ficha.txt"
grep -q "Secretaría" "$W/ficha.txt"; ok $? "accents survive in the scorecard text"
/usr/bin/python3 - "$R/indigo-$year-es.xlsx" > "$W/rob" 2>&1 <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Robustez"]
rows = [r for r in ws.iter_rows(values_only=True)]
runs = [r[1] for r in rows if r[0] == "Réplicas Monte Carlo"]
alpha = [r for r in rows if r[0] == "Código" and r[5] == "Alfa de Cronbach"]
assert runs == [1000, 1000, 1000], runs
assert len(alpha) == 3, alpha
PY
ok $? "the workbook's Robustez sheet holds 1000 replications and coherence for each index"
[ $? -eq 0 ] || sed 's/^/#   /' "$W/rob"
[ -s "$R/datos/datapackage.json" ] && [ -s "$R/sitio/es/index.html" ]; ok $? "open data and the portal are published"

# -- byte-identical reruns ------------------------------------------------
h1=$(tree_hash "$R")
run run 2> "$W/err"; is $? 0 "second run exits 0"
is "$(tree_hash "$R")" "$h1" "second run gives byte-identical reports"
rm -rf "$W/reports" "$W/indigo.db"
run run 2> "$W/err"; is $? 0 "run on a fresh database exits 0"
is "$(tree_hash "$R")" "$h1" "a fresh database gives byte-identical reports"
for j in 1 3; do
    run -j $j report 2> "$W/err"; is $? 0 "report with $j rendering process(es) exits 0"
    is "$(tree_hash "$R")" "$h1" "and gives byte-identical reports"
done

# -- a survey broken in the middle changes nothing -------------------------
db_before=$(sha256sum "$W/indigo.db" | cut -d' ' -f1)
igd=$(sed -n 's/^file *= *\(.*igd_kobo.csv\).*/\1/p' "$SRC/indigo.ini" | tail -1)
n=$(wc -l < "$SRC/$igd")
mid=$((n / 2))
awk -v m=$mid 'NR==m { sub(/,/, ",\"") } { print }' "$SRC/$igd" > "$W/broken.csv"
sed -e "s#^file *= *$igd#file = $W/broken.csv#" "$W/indigo.ini" > "$W/broken.ini"
"$INDIGO" -q -c "$W/broken.ini" --database "$W/indigo.db" --output "$W/reports" run 2> "$W/err"
is $? 65 "a broken survey makes run exit 65"
grep -qE "^$W/broken.csv:$mid(:[0-9]+)?: error: unterminated quoted field" "$W/err"
ok $? "the error names the file and line $mid"
[ $? -eq 0 ] || sed 's/^/#   /' "$W/err" | head
is "$(sha256sum "$W/indigo.db" | cut -d' ' -f1)" "$db_before" "the database is byte-identical"
is "$(tree_hash "$R")" "$h1" "reports/ is unchanged"

# -- two export shapes give the same results ------------------------------
if [ -f "$SRC/surveys/demo/$year/igd_long.csv" ]; then
    sed -e "/^file *= *surveys\/demo\/$year\/igd_kobo.csv/,/^\[/{s#^file *=.*#file = surveys/demo/$year/igd_long.csv#;s#^shape *=.*#shape = long#;/^institution_column/d;/^mapping/d;/^respondent_column/d;/^official_column/d}" \
        "$W/indigo.ini" > "$W/long.ini"
    "$INDIGO" -q -c "$W/long.ini" --database "$W/long.db" --output "$W/long" run 2> "$W/err"
    is $? 0 "the round loads from the long table"
    q="SELECT institution, node, printf('%.15g', value), rank FROM node_value WHERE framework='IGD' AND year=$year ORDER BY 1, 2"
    sqlite3 "$W/indigo.db" "$q" > "$W/a.txt"; sqlite3 "$W/long.db" "$q" > "$W/b.txt"
    [ -s "$W/a.txt" ] && cmp -s "$W/a.txt" "$W/b.txt"
    ok $? "KoboToolbox export and long table give the same IGD results ($(wc -l < "$W/a.txt") values)"
else
    ok 1 "surveys/demo/$year/igd_long.csv exists"
fi

# -- explain --------------------------------------------------------------
run explain MINFIN IGD > "$W/explain" 2> "$W/err"; is $? 0 "explain MINFIN IGD exits 0"
# the stored double as the shortest text that reads back to it (Python's repr,
# as explain prints it), not SQLite's printf, which stops at 16 digits
v=$(sqlite3 "$W/indigo.db" "SELECT printf('%!.17g', value) FROM node_value WHERE framework='IGD' AND year=$year AND institution='MINFIN' AND node=(SELECT code FROM node WHERE framework='IGD' AND parent IS NULL)")
v=$(/usr/bin/python3 -c "import sys; print(repr(float(sys.argv[1])))" "$v")
contains "$W/explain" "Score: $v " "explain shows the stored index value $v, no longer than it needs"
run explain NOSUCH IGD 2> "$W/err"; is $? 64 "explain of an unknown institution exits 64"

# -- a database in use -------------------------------------------------------
exec 9> "$W/indigo.db.lock"
flock 9
run load 2> "$W/err"; is $? 75 "a second run on a database in use exits 75"
contains "$W/err" "the database is in use by another indigo run" "and says why"
flock -u 9
exec 9>&-
tap_done
