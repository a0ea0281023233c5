#!/usr/bin/env bash
# Rounds as versioned units (docs/rondas.md): the demo round's 2026 is
# published, 2027 is prepared from it with `round new`, given a changed
# weight, a new question and indicator and a new institution, and run.
# Then: every 2026 file and database row is as published; the 2027 reports
# state the method change and show both comparison bases; nothing of 2026 is
# invented for the new indicator or institution; `explain --change` adds up
# to the change; and what would change a published round is refused.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
# a round of its own: `round new` writes into its config and frameworks
cp -r "$SRC/indigo.ini" "$SRC/surveys" "$W/"
mkdir -p "$W/indicators" "$W/build"
cp -r "$SRC/indicators/igd" "$SRC/indicators/itic" "$SRC/indicators/ida" "$W/indicators/"
cd "$W" || exit 1
I() { "$INDIGO" -q "$@"; }
# every row of round $1 in the database, one digest per table
db_rows() {
    for q in "SELECT f.framework, f.path, f.sha256, a.* FROM answer a JOIN input_file f ON f.id = a.file_id WHERE f.year = $1 ORDER BY 1, 2, 4, 6" \
             "SELECT * FROM input_file WHERE year = $1 ORDER BY framework, path" \
             "SELECT * FROM round_framework WHERE year = $1 ORDER BY framework, file" \
             "SELECT * FROM round_institution WHERE year = $1 ORDER BY code" \
             "SELECT * FROM node_value WHERE year = $1 ORDER BY framework, institution, node" \
             "SELECT * FROM indicator_value WHERE year = $1 ORDER BY framework, institution, indicator" \
             "SELECT * FROM publication WHERE year = $1" \
             "SELECT * FROM published_file WHERE year = $1 ORDER BY path"; do
        sqlite3 build/indigo.db "$q" | sha256sum | cut -c1-64
    done
}
q() { sqlite3 build/indigo.db "$1"; }

# -- 2026, published ---------------------------------------------------------
I run 2> err; is $? 0 "the demo round runs"
I publish 2026 > out 2> err; is $? 0 "publish 2026 exits 0"
contains out "2026" "publish says what it froze"
is "$(q "SELECT count(*) FROM publication WHERE year = 2026")" 1 "the publication is recorded"
is "$(q "SELECT count(*) FROM published_file WHERE year = 2026")" \
   "$(find reports/2026 -type f | wc -l)" "with every file of the report tree"
I publish 2026 2> err; is $? 77 "publishing twice is refused (77)"
tree26=$(tree_hash reports/2026)
rows26=$(db_rows 2026)
ini26=$(sha256sum < indigo.ini)

# -- 2027, prepared by round new ---------------------------------------------
I diff 2026 2027 2> err; is $? 64 "diff of a round the config does not describe exits 64"
I round new 2027 --from 2026 > out 2> err; is $? 0 "round new 2027 --from 2026 exits 0"
grep -q '^\[frameworks.2027\]' indigo.ini; ok $? "indigo.ini gets [frameworks.2027]"
is "$(sed -n '/^\[round\]/,/^\[/s/^year *= *//p' indigo.ini)" 2027 "[round] year is 2027"
is "$(sed -n 's/^compare_with *= *//p' indigo.ini)" 2026 "compare_with = 2026"
is "$(awk '/^\[survey\./ { s = 1 } /^\[round\]/ { s = 0 } s && /^year = 2027/' indigo.ini | wc -l)" 6 \
   "the six survey sections of 2026, for 2027"
grep -q '^file = surveys/demo/2027/igd_kobo.csv' indigo.ini; ok $? "each reads its 2027 export"
cmp -s indicators/igd/nodes.csv indicators/2027/igd/nodes.csv; ok $? "the frameworks copied to indicators/2027/"
I round new 2027 --from 2026 2> err; is $? 64 "round new twice is refused"
I diff 2026 2027 > out 2> err; is $? 0 "diff 2026 2027 exits 0"
contains out "Sin diferencias de método entre 2026 y 2027" "before any edit the methods are the same"

# the analyst's changes (tests/e2e/rounds_2027.py says which)
/usr/bin/python3 "$SRC/tests/e2e/rounds_2027.py" "$W" || ok 1 "rounds_2027.py"
I diff 2026 2027 > out 2> err; is $? 0 "diff after the edits exits 0"
contains out "GOB: peso 1 → 2" "diff lists the weight"
contains out "SER_ASIST: indicador añadido (en SER.USU)" "diff lists the indicator added"
contains out "ser_asistente: pregunta añadida" "diff lists the question added"
is "$(grep -c . out)" 4 "and nothing else (a title and three differences)"
"$INDIGO" -q --lang en diff 2026 2027 > out 2> err
contains out "GOB: weight 1 → 2" "diff in English with --lang en"

# -- 2027 run ------------------------------------------------------------------
"$INDIGO" run > out 2> err; st=$?; is $st 0 "the 2027 round runs"
[ $st -eq 0 ] || sed 's/^/#   /' err | head -20
contains err "compute: 2026 está publicada: sus resultados se conservan como se publicaron" \
    "compute leaves 2026 alone (messages in Spanish, the config's language)"
contains err "RENAP/ACC_RENOV (Entidad autónoma)" "group imputation that cannot be done names the cells"
is "$(tree_hash reports/2026)" "$tree26" "every 2026 report file is unchanged"
is "$(db_rows 2026)" "$rows26" "every 2026 database row is unchanged"
I check > out 2> err; is $? 0 "check passes"
contains out "ronda publicada 2026" "check verifies the published round"

is "$(q "SELECT count(*) FROM indicator_value WHERE year = 2026 AND indicator = 'SER_ASIST'")" 0 \
   "no 2026 value for the new indicator"
is "$(q "SELECT count(*) FROM node_value WHERE year IN (2025, 2026) AND institution = 'RENAP'")" 0 \
   "no earlier value for the new institution"
is "$(q "SELECT count(*) FROM round_institution WHERE year = 2026")" 30 "2026 keeps its 30 institutions"
is "$(q "SELECT count(*) FROM round_institution WHERE year = 2027")" 31 "2027 measures 31"
is "$(q "SELECT count(*) FROM node_value WHERE year = 2027 AND framework = 'IGD' AND node = 'SER_ASIST'")" 31 \
   "the new indicator is computed for 2027"

# -- the 2027 reports state the basis ----------------------------------------------
R=reports/2027
pdftotext -layout "$R/informe-nacional-2027-es.pdf" nat.txt 2> /dev/null
contains nat.txt "Comparación con la ronda anterior" "the national report has a comparison section"
contains nat.txt "GOB: peso 1 → 2" "it lists the weight change"
contains nat.txt "SER_ASIST: indicador añadido" "it lists the indicator added"
contains nat.txt "Fuera de la base recalculada, por no haberse preguntado en 2026: SER_ASIST" \
    "it says the new indicator is left out of the recalculated basis"
grep -q "desde 2026 *método 2027" nat.txt; ok $? "the rankings show the change on the new method"
contains nat.txt "Promedio nacional de 2026: publicado" "the national mean of 2026 on both bases"
grep "RENAP" nat.txt | grep -q "nueva"; ok $? "RENAP is «nueva» in the rankings"
# section 4 states the same: RENAP new in the coverage, the method change
# with a pointer to the comparison, every figure the database's
/usr/bin/python3 "$SRC/tests/e2e/check_about.py" build/indigo.db "$R/informe-nacional-2027-es.pdf" 2027 es > about 2>&1
ok $? "section 4 of 2027 agrees with the database ($(tail -1 about))" || sed 's/^/#   /' about | head
tr -s ' \n' ' ' < nat.txt | grep -qE "nuevas: RENAP\.|IGD — nuevas: RENAP" &&
    tr -s ' \n' ' ' < nat.txt | grep -qE "Cambios de método: IGD: [0-9]+ cambios desde 2026; la sección 5\.4 compara las rondas con el método de esta\."
ok $? "section 4 names RENAP as new and points to the comparison (5.4) for IGD's method change"
# the trend across the three stored rounds: the database's national figure
# of each (its institutions and weights; 2026 as published), in the national
# report's words and in the chart
/usr/bin/python3 - build/indigo.db "$R" > trend 2>&1 <<'PY'
import html, re, sqlite3, subprocess, sys
con = sqlite3.connect(sys.argv[1])
R = sys.argv[2]
def national(fw, y):
    rows = con.execute("SELECT v.value, r.weight FROM node_value v JOIN round_institution r "
                       "ON r.year = v.year AND r.code = v.institution WHERE v.year = ? AND "
                       "v.framework = ? AND v.node = ? AND v.value IS NOT NULL AND r.unranked = 0",
                       (y, fw, fw)).fetchall()
    return sum(v * w for v, w in rows) / sum(w for _, w in rows)
years = [y for (y,) in con.execute("SELECT DISTINCT year FROM node_value ORDER BY year")]
assert years == [2025, 2026, 2027], years
for lang, word in (("es", "rondas guardadas con resultados, de 2025 a 2027:"),
                   ("en", "stored rounds with results, 2025 to 2027:")):
    text = " ".join(subprocess.run(["pdftotext", f"{R}/informe-nacional-2027-{lang}.pdf", "-"],
                                   capture_output=True, text=True).stdout.split())
    for (fw,) in con.execute("SELECT code FROM framework ORDER BY code"):
        want = [f"{y}: " + f"{national(fw, y):.1f}".replace(".", "," if lang == "es" else ".")
                for y in years]
        line = "; ".join(want)
        assert f"3 {word} {line}." in text, f"{lang} {fw}: no «3 {word} {line}.»"
        svg = open(f"{R}/graficos/tendencia-{fw}-{lang}.svg", encoding="utf-8").read()
        t = [html.unescape(x) for x in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
        got = [f"{t[i]}: {t[i + 1]}" for i in range(len(t) - 1) if t[i] in map(str, years)]
        assert got == want, f"{fw}-{lang} chart: {got}, the database: {want}"
        print(f"{fw} {lang}: {line}")
PY
ok $? "the 2027 national report and trend charts show the three rounds' national figures the database holds ($(grep "^IGD es" trend))" ||
    sed 's/^/#   /' trend | head
contains "$R/graficos/tendencia-IGD-es.svg" "Línea discontinua: el método cambió entre 2026 y 2027" \
    "the trend chart marks the method change"
pdftotext -layout "$R/instituciones/MINFIN/ficha-MINFIN-2027-es.pdf" card.txt 2> /dev/null
contains card.txt "Por qué cambió desde 2026" "the scorecard splits the change"
contains card.txt "El método cambió. Con el método de 2027 las respuestas de 2026: IGD" \
    "the scorecard shows 2026 on the new method"
pdftotext -layout "$R/instituciones/RENAP/ficha-RENAP-2027-es.pdf" renap.txt 2> /dev/null
contains renap.txt "sin pares (Entidad" "a group of one has no peer rank"
contains renap.txt "institución nueva" "RENAP's scorecard has no change to split"
! grep -q "1 de 1" renap.txt; ok $? "no «1 de 1» among peers"
pages=$(pdfinfo "$R/instituciones/MINFIN/ficha-MINFIN-2027-es.pdf" 2> /dev/null | sed -n 's/^Pages: *//p')
ok $([ -n "$pages" ] && [ "$pages" -le 2 ]; echo $?) "the scorecard still fits on 2 pages ($pages)"
/usr/bin/python3 - "$R/indigo-2027-es.xlsx" "$R/instituciones/MINFIN/MINFIN-2027-es.xlsx" > xl 2>&1 <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Comparación"]
rows = [r for r in ws.iter_rows(values_only=True)]
assert any(r[2] == "GOB: peso 1 → 2" for r in rows), "weight change listed"
head = [r for r in rows if r[0] == "Código"][0]
assert "IGD: 2026 publicado" in head and "IGD: 2026 con el método de 2027" in head, head
renap = [r for r in rows if r[0] == "RENAP"][0]
assert renap[3] == "nueva", renap
ws = openpyxl.load_workbook(sys.argv[2])["Comparación"]
assert any(r[1] == "SER_ASIST" for r in ws.iter_rows(values_only=True)), "split by indicator"
PY
ok $? "the workbooks have the Comparación sheet with both bases" || sed 's/^/#   /' xl
/usr/bin/python3 "$SRC/tests/workbook/check_workbook.py" recalc-file "$R/indigo-2027-es.xlsx" 1000 > recalc 2>&1
ok $? "LibreOffice recalculates every formula of the 2027 workbook, Comparación included, to indigo's values"
[ $? -eq 0 ] || grep -v '^ok' recalc | sed 's/^/#   /' | head
grep -q "El método cambió desde 2026: GOB: peso 1 → 2" "$R/sitio/es/index.html"; ok $? "the portal notes the method change"
grep -q "Puntaje en 2026, con el método de 2027" "$R/sitio/es/institucion-MINFIN.html"; ok $? "the portal shows both bases"

# -- explain --change: the parts add up to the published change -------------------
"$INDIGO" -q explain MINFIN IGD --change > chg 2> err; is $? 0 "explain MINFIN IGD --change exits 0"
Y=$(q "SELECT printf('%.17g', value) FROM node_value WHERE year = 2027 AND framework = 'IGD' AND institution = 'MINFIN' AND node = 'IGD'")
P=$(q "SELECT printf('%.17g', value) FROM node_value WHERE year = 2026 AND framework = 'IGD' AND institution = 'MINFIN' AND node = 'IGD'")
/usr/bin/python3 - chg "$Y" "$P" > sum 2>&1 <<'PY'
import re, sys
t = open(sys.argv[1]).read()
Y, P = float(sys.argv[2]), float(sys.argv[3])
val = lambda k: float(re.search(r"^  " + re.escape(k) + r" .*?(-?[0-9.e+-]+)$", t, re.M).group(1))
chg = float(re.search(r"^Cambio \(Y-P\): (\S+)$", t, re.M).group(1))
parts = [val("(B-P)"), val("(R-B)"), val("(Y-R)")]
assert abs(chg - (Y - P)) <= 1e-12, ("change is not the published Y - P", chg, Y - P)
assert abs(sum(parts) - chg) <= 1e-12, ("parts", parts, chg)
rows = re.search(r"^  suma\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$", t, re.M).groups()
for got, want in zip(map(float, rows[:3]), parts):
    assert abs(got - want) <= 1e-12, ("indicator rows", got, want)
assert abs(float(rows[3]) - chg) <= 1e-12
assert parts[0] != 0 and parts[1] != 0 and parts[2] != 0, parts
print("ok", chg, parts)
PY
ok $? "the parts (method, answers, indicators added) and the indicator rows add up to Y - P within 1e-12"
[ $? -eq 0 ] || sed 's/^/#   /' sum
contains chg "[Pesos] GOB: peso 1 → 2" "explain --change lists the method changes"
"$INDIGO" -q explain --change RENAP IGD > chg 2> err; is $? 0 "explain --change of a new institution exits 0"
contains chg "institución nueva" "and says it is new"

# -- nothing changes a published round -----------------------------------------------
db0=$(sha256sum < build/indigo.db)
echo "# an edit" >> surveys/demo/2026/igd_admin.csv
I load 2> err; is $? 77 "a changed 2026 file is refused (77)"
contains err "la ronda 2026 está publicada y este archivo difiere del que se publicó con ella" \
    "with a clear message"
"$INDIGO" -q --lang en load 2> err
contains err "round 2026 is published and this file differs from the one published with it" \
    "in English with --lang en"
is "$(sha256sum < build/indigo.db)" "$db0" "and the database is unchanged"
cp "$SRC/surveys/demo/2026/igd_admin.csv" surveys/demo/2026/igd_admin.csv
sed -i 's/^GOB,IGD,\(.*\),1,/GOB,IGD,\1,3,/' indicators/igd/nodes.csv
I load 2> err; is $? 77 "editing 2026's framework is refused (77)"
contains err "la ronda 2026 se publicó con otro nodes.csv del marco IGD" "naming the file"
cp "$SRC/indicators/igd/nodes.csv" indicators/igd/nodes.csv
I report --year 2026 2> err; is $? 77 "rewriting the published reports is refused (77)"
I report --year 2026 --output elsewhere 2> err; is $? 0 "writing them elsewhere is allowed"
is "$(tree_hash reports/2026)" "$tree26" "the published tree is still unchanged"
I reopen 2026 2> err; is $? 64 "reopen without a reason exits 64"
I reopen 2026 --reason "fe de erratas: respuesta corregida de MINFIN" > out 2> err; is $? 0 "reopen with a reason"
contains <(q "SELECT message FROM run_log WHERE command = 'reopen'") "fe de erratas: respuesta corregida de MINFIN" \
    "the run log keeps the reason"
is "$(q "SELECT count(*) FROM publication")" 0 "2026 is no longer published"
I check > /dev/null 2> err; is $? 0 "check passes with the round reopened"

# -- an earlier round keeps its framework, published or not ----------------------
fw26=$(q "SELECT group_concat(sha256) FROM round_framework WHERE year = 2026")
fw25=$(q "SELECT group_concat(sha256) FROM round_framework WHERE year = 2025")
sed -i 's/^GOB,IGD,\(.*\),1,/GOB,IGD,\1,3,/' indicators/igd/nodes.csv
I load 2> err; is $? 0 "editing the framework folder of earlier rounds: load exits 0"
contains err "nodes.csv difiere del guardado con la ronda 2026" "and warns that 2026 keeps its own"
is "$(q "SELECT group_concat(sha256) FROM round_framework WHERE year = 2026")" "$fw26" \
   "2026 (reopened, not published) still keeps the framework it was loaded with"
is "$(q "SELECT group_concat(sha256) FROM round_framework WHERE year = 2025")" "$fw25" \
   "and so does 2025, never published"
I --year 2026 load 2> err; is $? 0 "load --year 2026 gives 2026 the edited framework on purpose"
[ "$(q "SELECT group_concat(sha256) FROM round_framework WHERE year = 2026")" != "$fw26" ]
ok $? "2026 now keeps the edited framework"
is "$(q "SELECT group_concat(sha256) FROM round_framework WHERE year = 2025")" "$fw25" \
   "2025 still keeps its own"
tap_done
