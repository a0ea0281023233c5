#!/usr/bin/env bash
# One export feeding several frameworks (issue 19): framework = IGD, ITIC.
# The demo's 2026 IGD KoboToolbox export and ITIC LimeSurvey export, joined
# into one Kobo-style file with one mapping (multifw_build.py), give the same
# open data as the two files; so do one long file for IGD and IDA and one
# admin file for IGD and ITIC.  A column or code no listed framework knows
# is still refused or reported as before, an unknown code in the list is
# said at its place, and the same file twice for one framework is refused.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
EN=$(english_indigo "$INDIGO" "$W")
for d in demo multi long; do
    mkdir "$W/$d"
    cp -r "$SRC/indigo.ini" "$SRC/surveys" "$SRC/indicators" "$W/$d/"
    sed -i 's/^runs = 1000 /runs = 0 /' "$W/$d/indigo.ini"
done
/usr/bin/python3 "$SRC/tests/e2e/multifw_build.py" "$SRC" "$W/multi/surveys/demo/2026/encuesta.csv" \
    "$W/multi/surveys/demo/encuesta_map.csv"; ok $? "multifw_build.py joins the IGD and ITIC exports"
# sections: replace [survey.A] (up to the next section) by TEXT, or drop it
section() {  # section FILE NAME TEXT
    /usr/bin/python3 - "$@" <<'PY'
import sys
p, name, text = sys.argv[1:4]
s = open(p, encoding="utf-8").read()
a = s.index("[survey.%s]" % name)
b = s.find("\n[", a + 1)
s = s[:a] + text + (s[b + 1:] if b >= 0 else "")
open(p, "w", encoding="utf-8").write(s)
PY
}
section "$W/multi/indigo.ini" igd_2026 '[survey.encuesta_2026]
; one KoboToolbox form with the IGD and the ITIC questions
file = surveys/demo/2026/encuesta.csv
framework = IGD, ITIC
year = 2026
shape = kobo
institution_column = datos_generales/institucion
official_column = datos_generales/respondente_oficial
mapping = surveys/demo/encuesta_map.csv

'
section "$W/multi/indigo.ini" itic_2026 ''
# long: IGD's answers (igd_long.csv, the kobo export's in long form) and IDA's
# in one file; admin: IGD's and ITIC's administrative data in one file
L=$W/long/surveys/demo/2026
{ cat "$L/igd_long.csv"; tail -n +2 "$L/ida_long.csv"; } > "$L/respuestas.csv"
{ cat "$L/igd_admin.csv"; tail -n +2 "$L/itic_admin.csv"; } > "$L/admin.csv"
section "$W/long/indigo.ini" igd_2026 '[survey.respuestas_2026]
file = surveys/demo/2026/respuestas.csv
framework = IGD, IDA
year = 2026
shape = long

'
section "$W/long/indigo.ini" ida_2026 ''
section "$W/long/indigo.ini" igd_admin_2026 '[survey.admin_2026]
file = surveys/demo/2026/admin.csv
framework = ITIC, IGD
year = 2026
shape = admin

'
section "$W/long/indigo.ini" itic_admin_2026 ''
for d in demo multi long; do
    (cd "$W/$d" && "$INDIGO" -q -c indigo.ini run 2> "$W/$d.err"); ok $? "$d: the round runs"
    sed 's/^/#   /' "$W/$d.err" | head -5
done
D=reports/2026/datos
for f in resultados.csv indices.csv indicadores.csv niveles.csv; do
    cmp -s "$W/demo/$D/$f" "$W/multi/$D/$f"; ok $? "one Kobo file for IGD and ITIC: $f as from the two files"
    cmp -s "$W/demo/$D/$f" "$W/long/$D/$f"; ok $? "one long file (IGD, IDA) and one admin file (ITIC, IGD): $f the same"
done
is "$(grep -c '^IGD,' "$W/multi/$D/resultados.csv")" "$(grep -c '^IGD,' "$W/demo/$D/resultados.csv")" \
   "... IGD's rows are all there"
[ "$(grep -c '^ITIC,' "$W/multi/$D/resultados.csv")" -gt 100 ]; ok $? "... and ITIC's"
for who in MINFIN SEGEPLAN; do
    for fw in IGD ITIC; do
        (cd "$W/demo" && "$INDIGO" -c indigo.ini explain $who $fw > "$W/a" 2>&1)
        (cd "$W/multi" && "$INDIGO" -c indigo.ini explain $who $fw > "$W/b" 2>&1)
        cmp -s "$W/a" "$W/b"; ok $? "explain $who $fw: the same from one file"
    done
done
q() { sqlite3 "$W/multi/build/indigo.db" "$1"; }
is "$(q "SELECT group_concat(framework || ':' || rows, ' ') FROM (SELECT framework, rows FROM input_file WHERE year = 2026 AND path LIKE '%encuesta.csv' ORDER BY framework)")" \
   "IGD:$(sqlite3 "$W/demo/build/indigo.db" "SELECT rows FROM input_file WHERE year = 2026 AND path LIKE '%igd_kobo.csv'") ITIC:$(sqlite3 "$W/demo/build/indigo.db" "SELECT rows FROM input_file WHERE year = 2026 AND path LIKE '%itic_limesurvey.csv'")" \
   "the file is stored once per framework, with the answers each took from it"
is "$(q "SELECT count(*) FROM answer a JOIN input_file f ON f.id = a.file_id WHERE f.year = 2026 AND f.path LIKE '%encuesta.csv' AND f.framework = 'ITIC' AND a.question LIKE 'itic_%'")" \
   "$(sqlite3 "$W/demo/build/indigo.db" "SELECT count(*) FROM answer a JOIN input_file f ON f.id = a.file_id WHERE f.year = 2026 AND f.path LIKE '%itic_limesurvey.csv'")" \
   "ITIC takes as many answers from it as from its LimeSurvey export"
cd "$W/multi" || exit 1
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "run again: nothing changed"
grep -q "changed, replaced" "$W/err"; ok $((! $?)) "... no file reloaded"

# bad cases: each from this config, nothing written
cp indigo.ini good.ini; cp surveys/demo/2026/encuesta.csv good.csv
tree=$(find build reports -type f | sort | xargs sha256sum | sha256sum)
sed -i 's/^framework = IGD, ITIC$/framework = IGD, ITCI/' indigo.ini
"$EN" -q -c indigo.ini run 2> "$W/err"; is $? 65 "framework = IGD, ITCI: data error (65)"
line=$(grep -n '^framework = IGD, ITCI' indigo.ini | cut -d: -f1)
contains "$W/err" "indigo.ini:$line:18: error: [survey.encuesta_2026] framework = IGD, ITCI: ITCI is not the code of a framework of [frameworks] list (expected codes among IGD, ITIC, IDA, separated by commas)" \
   "... said at the code's line and column, with the codes there are"
"$INDIGO" -q -c indigo.ini run 2> "$W/err"
contains "$W/err" "ITCI no es el código de un marco de la lista de [frameworks]" "... and in Spanish"
cp good.ini indigo.ini
sed -i 's/^framework = IGD, ITIC$/framework = IGD, ITIC, igd/' indigo.ini
"$EN" -q -c indigo.ini run 2> "$W/err"; is $? 65 "framework = IGD, ITIC, igd: refused (65)"
contains "$W/err" "[survey.encuesta_2026] framework lists igd twice (expected each framework once: the file's answers would count twice)" \
   "... a framework listed twice"
cp good.ini indigo.ini
printf '\n[survey.again]\nfile = surveys/demo/2026/encuesta.csv\nframework = IGD\nyear = 2026\nshape = kobo\ninstitution_column = datos_generales/institucion\nmapping = surveys/demo/encuesta_map.csv\n' >> indigo.ini
"$EN" -q -c indigo.ini run 2> "$W/err"; is $? 65 "the same file twice for IGD: refused (65)"
contains "$W/err" "[survey.again] reads surveys/demo/2026/encuesta.csv, already read by [survey.encuesta_2026]" \
   "... as before"
cp good.ini indigo.ini
sed -i '1s/$/,zz_extra/; 2,$s/$/,x/' surveys/demo/2026/encuesta.csv
"$EN" -q -c indigo.ini check > /dev/null 2> "$W/err"; ok $? "a column no listed framework knows: a warning (other_columns = warn)"
contains "$W/err" "1 column not used by the IGD/ITIC questionnaire, read as no data: \"zz_extra\"" "... naming both frameworks"
is "$(grep -c zz_extra "$W/err")" 1 "... once"
sed -i 's/^framework = IGD, ITIC$/framework = IGD, ITIC\nother_columns = error/' indigo.ini
"$EN" -q -c indigo.ini run 2> "$W/err"; is $? 65 "... with other_columns = error: refused (65)"
contains "$W/err" "not a question of the IGD/ITIC questionnaire (other_columns = error in [survey.encuesta_2026]" "... said once for the file"
is "$(grep -c 'not a question of' "$W/err")" 1 "... at its one column"
cp good.ini indigo.ini; cp good.csv surveys/demo/2026/encuesta.csv
printf 'itic/Q99,itic_nada\n' >> surveys/demo/encuesta_map.csv
"$EN" -q -c indigo.ini run 2> "$W/err"; is $? 65 "a mapping to a question of no listed framework: refused (65)"
contains "$W/err" 'unknown question "itic_nada"' "... naming it"
is "$(grep -c 'itic_nada' "$W/err")" 1 "... once"
is "$(find build reports -type f | sort | xargs sha256sum | sha256sum)" "$tree" "nothing was written by the refused runs"
cp good.ini indigo.ini
"$INDIGO" -q round new 2027 --from 2026 > /dev/null 2> "$W/err"; ok $? "round new 2027 from a round with one file for two frameworks"
is "$(grep -c '^\[survey\.encuesta_2027\]' indigo.ini) $(sed -n '/^\[survey\.encuesta_2027\]/,/^\[/s/^framework = //p' indigo.ini)" \
   "1 IGD, ITIC" "... writes its section once, with both frameworks"
cd "$W/long" || exit 1
printf 'MINFIN,xyz_nada,1,r1,\n' >> surveys/demo/2026/respuestas.csv
"$EN" -q -c indigo.ini run 2> "$W/err"; is $? 65 "long: a code no listed framework knows: refused (65)"
contains "$W/err" 'unknown question "xyz_nada" (not in the IGD/IDA questionnaire)' "... naming both frameworks"
is "$(grep -c 'xyz_nada' "$W/err")" 1 "... once"
tap_done
