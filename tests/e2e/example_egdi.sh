#!/usr/bin/env bash
# examples/egdi: the UN EGDI 2022 rebuilt from its published components.
# Every country's EGDI within 7e-5 of the published one (the UN averages
# unrounded components), every rank the UN's (competition ranking at the 4
# decimals published: ranked unrounded, 4 countries would lose a place), and
# every group the UN's (Very High > 0.75: boundary = lower).
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
E="$SRC/examples/egdi"
/usr/bin/python3 "$E/convert.py" "$W" && cmp -s "$W/paises.csv" "$E/paises.csv" &&
    cmp -s "$W/componentes.csv" "$E/componentes.csv"
ok $? "convert.py makes the example's paises.csv and componentes.csv from the UN table"
"$INDIGO" -q -c "$E/indigo.ini" --database "$W/egdi.db" --output "$W/rep" run 2> "$W/err"
st=$?; is $st 0 "the README's line runs the example"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head -20
# compare DB PUBLISHED REGISTRY RESULTS_CSV: countries, worst |EGDI - UN|,
# ranks and groups that differ (from the database and from datos/; "-": the
# database only)
compare() {
    /usr/bin/python3 - "$@" <<'PY'
import csv, sqlite3, sys
db, published, registry, results = sys.argv[1:]
pub = {r['Country Name'].strip(): r for r in csv.DictReader(open(published, encoding='utf-8'))}
name = {r['code']: r['name_en'] for r in csv.DictReader(open(registry, encoding='utf-8'))}
datos = {} if results == '-' else {
    r['institucion']: r for r in csv.DictReader(open(results, encoding='utf-8'))
    if r['nodo'] == 'EGDI'}
group = lambda v: 4 if v > 0.75 else 3 if v > 0.5 else 2 if v > 0.25 else 1
n = worst = bad_rank = bad_group = 0
for code, value, rank, level in sqlite3.connect(db).execute(
        "SELECT institution, value, rank, level FROM node_value WHERE node = 'EGDI'"):
    p = pub[name[code]]
    egdi = float(p['E-Government Index'])
    n += 1
    worst = max(worst, abs(value - egdi))
    bad_rank += rank != int(p['E-Government Rank']) or (bool(datos) and datos[code]['posicion'] != str(rank))
    bad_group += level != group(egdi) or (bool(datos) and datos[code]['nivel'] != str(level))
print(n, worst, bad_rank, bad_group)
PY
}
compare "$W/egdi.db" "$E/data/un_egdi_2022.csv" "$E/paises.csv" \
    "$W/rep/2022/datos/resultados.csv" > "$W/cmp"
read -r n worst bad_rank bad_group < "$W/cmp"
is "$n" 193 "193 countries computed"
/usr/bin/python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 7e-5 else 1)" "$worst"
ok $? "every EGDI within 7e-5 of the published one (largest difference $worst)"
is "$bad_rank" 0 "every rank is the UN's, in the database and in datos/resultados.csv"
is "$bad_group" 0 "every group is the UN's (Very High > 0.75, ...), stored as the level"

# the same round ranked on the unrounded values: the UN's ties are lost
cp -r "$E" "$W/full"
sed -i 's/^decimals = 4 .*/decimals = full/' "$W/full/framework/framework.ini"
full() { "$INDIGO" -q -c "$W/full/indigo.ini" --database "$W/full.db" "$@"; }
full load 2> "$W/err" && full compute 2>> "$W/err"
is $? 0 "the round with [rank] decimals = full computes"
compare "$W/full.db" "$E/data/un_egdi_2022.csv" "$E/paises.csv" - > "$W/cmp"
read -r n worst bad_rank bad_group < "$W/cmp"
is "$bad_rank" 4 "ranked unrounded, 4 countries lose the place the UN gives them"
tap_done
