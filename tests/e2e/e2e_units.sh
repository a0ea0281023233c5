#!/usr/bin/env bash
# The unit words inside the sentences (issue 19): with [publisher] unit_es =
# municipio the reports speak of municipios, in agreement ("Un municipio
# excluido", "Ficha del municipio", "a municipality"), and no PDF, chart or
# portal page says institución / institution (file names aside); a feminine
# word agrees too; a bad gender_es is refused.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
cp -r "$SRC/tests/catalogue/base" "$W/r"; cd "$W/r"
sed -i 's/^runs = 50$/runs = 20/; s/^languages = es$/languages = es, en/' indigo.ini
cp indigo.ini base.ini
printf '\n[publisher]\nunit_es = municipio\nunits_es = municipios\nunit_en = municipality\nunits_en = municipalities\n' >> indigo.ini
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "a round of municipios runs"
R=reports/2026
# every text a reader sees: the PDFs, the portal, the charts
all() {
    for f in $(find $R -name '*.pdf' | sort); do pdftotext "$f" -; done
    cat $R/sitio/*/*.html $R/graficos/*.svg
}
all | tr '\n' ' ' > "$W/all.txt"
# links and the open data's file names (datos/instituciones.csv) are names,
# not sentences
left=$(sed -e 's/href="[^"]*"//g; s/instituciones\.\(csv\|json\)//g' "$W/all.txt" |
       grep -oiE '[^ >"]*(instituci[oó]n|institution)[^ <."]*' | sort | uniq -c)
is "$left" "" "no report, chart or portal page says institución / institution"
contains "$W/all.txt" "Un municipio excluido por falta de datos no tiene posición." "Spanish agrees: un municipio excluido"
contains "$W/all.txt" "Ficha del municipio" "... ficha del municipio"
contains "$W/all.txt" "Municipios por nivel:" "... the findings count municipios"
contains "$W/all.txt" "Si responden varias personas de un municipio" "... the methodology too"
contains "$W/all.txt" "A municipality excluded for lack of data has no rank." "English: a municipality"
contains "$W/all.txt" "Municipality scorecard" "... the scorecard's title"
"$INDIGO" -c indigo.ini explain MINA CAT > "$W/ex" 2>&1
contains "$W/ex" "Municipio: MINA" "explain names the unit"

# a feminine word: una entidad excluida
rm -rf reports catalogo.db; cp base.ini indigo.ini
printf '\n[publisher]\nunit_es = entidad\nunits_es = entidades\n' >> indigo.ini
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "a round of entidades runs"
pdftotext "$R/informe-nacional-2026-es.pdf" - | tr '\n' ' ' > "$W/ent.txt"
contains "$W/ent.txt" "Una entidad excluida por falta de datos no tiene posición." "feminine: una entidad excluida"
printf 'gender_es = masculino\n' >> indigo.ini; rm -rf reports catalogo.db
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "gender_es = masculino runs"
pdftotext "$R/informe-nacional-2026-es.pdf" - | tr '\n' ' ' > "$W/ent.txt"
contains "$W/ent.txt" "Un entidad excluido" "gender_es overrides the guess (agreement follows the setting)"

sed -i 's/^gender_es = masculino$/gender_es = neutro/' indigo.ini; rm -rf reports catalogo.db
EN=$(english_indigo "$INDIGO" "$W")
"$EN" -q -c indigo.ini run 2> "$W/err"; is $? 65 "gender_es = neutro: data error (65)"
contains "$W/err" '[publisher] gender_es = "neutro" (expected femenino or masculino' "... said precisely"
[ ! -e reports ] && [ ! -e catalogo.db ]; ok $? "... and nothing written"

# without [publisher] the sentences read as before
rm -rf reports catalogo.db; cp base.ini indigo.ini
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "a round without unit words runs"
pdftotext "$R/informe-nacional-2026-es.pdf" - | tr '\n' ' ' > "$W/def.txt"
contains "$W/def.txt" "Una institución excluida por falta de datos no tiene posición." "default: una institución excluida"
tap_done
