#!/usr/bin/env bash
# examples/municipios: Guatemala's 340 municipalities ranked by the mean of
# SEGEPLAN's municipal ranking 2013, 2016 and 2018.  Every mean, rounded to
# the 2 decimals published, is SEGEPLAN's (Promediosegeplan), every rank the
# competition ranking of the published means, and the six municipalities
# created after 2013 are said aloud: computed from 2 of their 3 editions.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
INDIGO=$(english_indigo "$INDIGO" "$W")   # its messages in English
E="$SRC/examples/municipios"
/usr/bin/python3 "$E/convert.py" "$W" && cmp -s "$W/municipios.csv" "$E/municipios.csv" &&
    cmp -s "$W/ranking.csv" "$E/ranking.csv"
ok $? "convert.py makes the example's municipios.csv and ranking.csv from SEGEPLAN's table"
run() { "$INDIGO" -q -c "$E/indigo.ini" --database "$W/m.db" --output "$W/rep" "$@"; }
run run 2> "$W/err"
st=$?; is $st 0 "the README's line runs the example"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head -20
contains "$W/err" "aggregate 'RGM' (3 children) computed from fewer children for 6 units: 0514 2 of 3, 1021 2 of 3, 1230 2 of 3, 1333 2 of 3, 1714 2 of 3, 1911 2 of 3" \
    "the six municipalities without a 2013 edition are warned about, with counts"
/usr/bin/python3 - "$W/m.db" "$SRC/data/guatemala/segeplan_ranking_municipal.csv" \
    "$W/rep/2018/datos/resultados.csv" > "$W/cmp" <<'PY'
import csv, sqlite3, sys
from decimal import Decimal, ROUND_HALF_UP
db, published, results = sys.argv[1:]
pub = {r['cod_mun'].zfill(4): Decimal(r['Promediosegeplan'].rstrip('%'))
       for r in csv.DictReader(open(published, encoding='utf-8'))}
datos = {r['institucion']: r for r in csv.DictReader(open(results, encoding='utf-8'))
         if r['nodo'] == 'RGM'}
two = lambda v: Decimal(repr(v)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)
n = bad_mean = bad_rank = 0
for code, value, rank in sqlite3.connect(db).execute(
        "SELECT institution, value, rank FROM node_value WHERE node = 'RGM'"):
    n += 1
    bad_mean += two(value) != pub[code]
    want = 1 + sum(1 for c in pub if pub[c] > pub[code])
    bad_rank += rank != want or datos[code]['posicion'] != str(rank)
print(n, bad_mean, bad_rank)
PY
read -r n bad_mean bad_rank < "$W/cmp"
is "$n" 340 "340 municipalities computed"
is "$bad_mean" 0 "every mean, at the 2 decimals published, is SEGEPLAN's"
is "$bad_rank" 0 "every rank is the competition ranking of the published means"
# the reports speak of municipios ([publisher] unit_es), and print the
# means at the 2 decimals they are ranked at
pdftotext "$W/rep/2018/informe-nacional-2018-es.pdf" - | tr '\n' ' ' > "$W/nat.txt"
cat "$W/rep/2018/sitio/es/index.html" "$W/rep/2018/sitio/es/metodologia.html" |
    sed -e 's/href="[^"]*"//g; s/instituciones\.\(csv\|json\)//g' >> "$W/nat.txt"
is "$(grep -oiE '[^ >"]*instituci[oó]n[^ <."]*' "$W/nat.txt" | sort | uniq -c)" "" \
   "no «institución» in the national report or the portal's pages"
contains "$W/nat.txt" "Municipios por nivel:" "... which count municipios"
contains "$W/nat.txt" "Un municipio excluido por falta de datos no tiene posición." "... in agreement"
run explain 0514 RGM > "$W/explain" 2> /dev/null
contains "$W/explain" "computed from fewer children than it has: 2 of 3" \
    "explain says San Jorge's mean is of 2 of its 3 editions"
tap_done
