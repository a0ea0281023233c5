#!/usr/bin/env bash
# Scored but not ranked (issue 19): the registry's ranked column.  SECC is
# marked ranked = no: it is computed and published with its score and level,
# but has no rank, does not count in the ranks' denominators, the peer ranks
# or the national mean -- in the open data, the PDFs, the portal, explain,
# the workbook (recalculated by gnumeric) and an independent recomputation.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
cp -r "$SRC/tests/catalogue/base" "$W/r"; cd "$W/r"
sed -i 's/^runs = 50$/runs = 20/' indigo.ini
sed -i '1s/$/,ranked/; 2s/$/,si/; 3s/$/,/; 4s/$/,no/' instituciones.csv
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "a round with ranked = no runs"
sed 's/^/#   /' "$W/err" | head -5
R=reports/2026 D=reports/2026/datos
is "$(grep '^CAT,[A-Z]*,CAT,' $D/resultados.csv | cut -d, -f2,5,6,10 | tr '\n' ' ')" \
   "MINA,1,3,true MINB,2,1,true SECC,,3,true " \
   "resultados.csv: SECC included, with its level, without a rank; MINA and MINB ranked 1 and 2"
mean=$(/usr/bin/python3 -c '
import csv, sys
v = {r["institucion"]: float(r["valor"]) for r in csv.DictReader(open(sys.argv[1]))
     if r["indice"] == "CAT" and r["nodo"] == "CAT"}
print(repr((v["MINA"] + v["MINB"]) / 2))' $D/resultados.csv)
is "$(cut -d, -f9 $D/indices.csv | tail -1)" "$mean" "the national mean is that of MINA and MINB only"
is "$(grep '^SECC,' $D/instituciones.csv | cut -d, -f6)" "false" "instituciones.csv: clasificada = false"
/usr/bin/python3 "$SRC/examples/recompute/recompute.py" "$D" > "$W/rc" 2>&1
ok $? "recompute.py reproduces every published value and rank from datos/"
sed 's/^/#   /' "$W/rc" | tail -3
pdftotext -layout "$R/informe-nacional-2026-es.pdf" "$W/nat.txt"
grep -q "^ *sin posición Secretaría de Planificación" "$W/nat.txt"
ok $? "the national ranking lists SECC as «sin posición»"
pdftotext -layout "$R/instituciones/SECC/ficha-SECC-2026-es.pdf" "$W/secc.txt"
grep -q "CAT — Índice del catálogo *82,5 Avanzado *sin posición *— " "$W/secc.txt"
ok $? "SECC's scorecard: score, level, «sin posición», no peer rank"
pdftotext -layout "$R/instituciones/MINA/ficha-MINA-2026-es.pdf" "$W/mina.txt"
grep -q "80,9 Avanzado *1 de 2 *1 de 2 (Ministerio)" "$W/mina.txt"
ok $? "MINA's scorecard: 1 of 2 ranked, 1 of 2 peers"
grep -q '<td class="num" data-v="">sin posición</td><th scope="row"><a href="institucion-SECC.html">' \
   "$R/sitio/es/index.html"; ok $? "the portal's ranking: SECC «sin posición»"
grep -q "<dd>1 de un total de 2</dd>" "$R/sitio/es/institucion-MINA.html"
ok $? "the portal: MINA 1 of a total of 2"
"$INDIGO" -c indigo.ini --lang en explain SECC CAT > "$W/ex" 2>&1
contains "$W/ex" "(not ranked: the registry marks it ranked = no" "explain says why SECC has no rank"
"$INDIGO" -c indigo.ini explain MINB CAT > "$W/ex" 2>&1
contains "$W/ex" "(Posición 2 / 2)" "explain: MINB 2 of the 2 ranked"
/usr/bin/python3 "$SRC/tests/e2e/check_unranked.py" "$R/indigo-2026-es.xlsx" "$W" "$tap_n" > "$W/tap"
cat "$W/tap"
tap_n=$(sed -n 's/^# done //p' "$W/tap")
tap_failed=$((tap_failed + $(grep -c '^not ok' "$W/tap")))

# the ranked column is part of the round's institutions: a change to it
# after the reports makes them stale, and publish says so
sed -i '4s/,no$/,si/' instituciones.csv
"$INDIGO" -q -c indigo.ini compute 2> "$W/err"; ok $? "ranked = no -> si: load and compute"
EN=$(english_indigo "$INDIGO" "$W")
"$EN" -q -c indigo.ini publish 2026 2> "$W/err"; is $? 65 "... publish refuses the reports (65)"
contains "$W/err" "these reports of 2026 were written before the last change to its files, frameworks or institutions" \
   "... as written before the institutions changed"
sed -i '4s/,si$/,no/' instituciones.csv
"$INDIGO" -q -c indigo.ini compute 2> "$W/err"; ok $? "ranked back to no: load and compute"
"$INDIGO" -q -c indigo.ini publish 2026 > /dev/null 2> "$W/err"; ok $? "... the same institutions: publish"
"$INDIGO" -q -c indigo.ini check > /dev/null 2> "$W/err"; ok $? "... and check passes"
sqlite3 catalogo.db "UPDATE round_institution SET unranked = 0 WHERE code = 'SECC'"
"$EN" -q -c indigo.ini check > /dev/null 2> "$W/err"; is $? 65 "SECC made ranked in the published round: check fails (65)"
contains "$W/err" "round 2026 was published on" "... saying the round changed"
contains "$W/err" "but its institutions changed since" "... in its institutions"

# a value that is neither si nor no: a precise message, nothing written
rm -rf reports catalogo.db
sed -i '4s/,no$/,quizás/' instituciones.csv
"$EN" -q -c indigo.ini run 2> "$W/err"; is $? 65 "ranked = quizás: data error (65)"
contains "$W/err" 'instituciones.csv:4:' "... at the file's line"
contains "$W/err" 'ranked "quizás" of SECC is not si or no' "... naming the value and the institution"
[ ! -e reports ] && [ ! -e catalogo.db ]; ok $? "... and nothing written"
tap_done
