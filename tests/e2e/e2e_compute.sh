#!/usr/bin/env bash
# `indigo compute` scores from a cursor over the store; `indigo report` scores
# the answer set in memory, as every earlier release did.  What compute stores
# must be, bit for bit, what the report publishes (datos/, printed to round-trip),
# and compute must warn exactly as the report does: on the demo round (kobo,
# limesurvey, long and admin exports; mean and official respondents), and on
# a generated round under each respondents rule (median walks the answers by
# cell) with two institutions the registry no longer has.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
INDIGO=$(english_indigo "$INDIGO" "$W")   # its messages in English

# same DB REPORTS YEAR: every node and indicator value of YEAR in DB against
# the open data, compared as the bits of the doubles; prints what differs.
same() {
    /usr/bin/python3 - "$1" "$2/$3/datos" "$3" <<'PY'
import csv, sqlite3, struct, sys
db, datos, year = sys.argv[1], sys.argv[2], int(sys.argv[3])
con = sqlite3.connect(db)
bits = lambda x: struct.pack('<d', x)
def eq(v, text):                       # a stored REAL (None = NULL) and a shortest round-trip cell
    return text == '' if v is None else text != '' and bits(v) == bits(float(text))
bad = []
nodes = {r[:3]: r[3:] for r in con.execute(
    'SELECT framework, institution, node, value, rank FROM node_value WHERE year = ?', (year,))}
for r in csv.DictReader(open(datos + '/resultados.csv', encoding='utf-8')):
    got = nodes.pop((r['indice'], r['institucion'], r['nodo']), None)
    if got is None or not eq(got[0], r['valor']) or str(got[1] or '') != r['posicion']:
        bad.append(('node', r['indice'], r['institucion'], r['nodo'], got, r['valor'], r['posicion']))
inds = {r[:3]: r[3:] for r in con.execute(
    'SELECT framework, institution, indicator, raw, denominated, imputed, treated, normalised, '
    'flags FROM indicator_value WHERE year = ?', (year,))}
cols = ['valor_bruto', 'valor_denominado', 'valor_imputado', 'valor_tratado', 'valor_normalizado']
flags = ['faltante', 'imputado', 'winsorizado', 'logaritmo', 'recortado', 'excluido']
for r in csv.DictReader(open(datos + '/indicadores.csv', encoding='utf-8')):
    got = inds.pop((r['indice'], r['institucion'], r['indicador']), None)
    f = sum(1 << i for i, c in enumerate(flags) if r[c] == 'true')
    # the open data has a column for the six flags below (bits 1..32), not yet
    # for 64 (no evidence) and 128 (no answers), which only the store keeps
    if got is None or not all(eq(v, r[c]) for v, c in zip(got, cols)) or got[5] & 63 != f:
        bad.append(('indicator', r['indice'], r['institucion'], r['indicador'], got))
# rows of institutions the registry no longer has are stored, not published
bad += [('not published', k) for k in list(nodes) + list(inds)
        if k[1] in {r['codigo'] for r in csv.DictReader(open(datos + '/instituciones.csv', encoding='utf-8'))}]
for b in bad[:10]:
    print(*b)
print('%d node values, %d indicator values differ' % (sum(b[0] == 'node' for b in bad),
                                                      sum(b[0] != 'node' for b in bad)))
sys.exit(1 if bad else 0)
PY
}
# the scoring warnings of a command's stderr
scoring_warnings() { grep -E 'is not in the registry|left empty' "$1"; }

# -- the demo round ---------------------------------------------------------
# one language and no uncertainty analysis: neither changes a stored value
variant_config "$SRC" | sed -e 's/^languages *=.*/languages = es/' -e 's/^runs *=.*/runs = 0/' \
    > "$W/demo.ini"
demo() { "$INDIGO" -q -c "$W/demo.ini" --database "$W/demo.db" --output "$W/demo" "$@"; }
year=$(sed -n 's/^year *= *//p' "$SRC/indigo.ini" | head -1)
demo load 2> "$W/err"; is $? 0 "demo round: load"
demo compute 2> "$W/compute.err"; is $? 0 "demo round: compute"
demo report 2> "$W/report.err"; is $? 0 "demo round: report"
same "$W/demo.db" "$W/demo" "$year" > "$W/diff"
ok $? "demo round: every value compute stored is the report's, to the bit ($(tail -1 "$W/diff"))"
[ $? -eq 0 ] || sed 's/^/#   /' "$W/diff"
is "$(scoring_warnings "$W/compute.err")" "$(scoring_warnings "$W/report.err")" \
    "demo round: compute and report give the same scoring warnings"
sqlite3 "$W/demo.db" "SELECT framework, institution, node, printf('%!.17g', value), rank FROM node_value
    UNION ALL SELECT framework, institution, indicator, printf('%!.17g %!.17g %!.17g %!.17g %!.17g',
    raw, denominated, imputed, treated, normalised), flags FROM indicator_value ORDER BY 1, 2, 3" > "$W/v1"
demo compute 2> /dev/null
sqlite3 "$W/demo.db" "SELECT framework, institution, node, printf('%!.17g', value), rank FROM node_value
    UNION ALL SELECT framework, institution, indicator, printf('%!.17g %!.17g %!.17g %!.17g %!.17g',
    raw, denominated, imputed, treated, normalised), flags FROM indicator_value ORDER BY 1, 2, 3" > "$W/v2"
cmp -s "$W/v1" "$W/v2"; ok $? "demo round: computing again stores the same values ($(wc -l < "$W/v1") rows)"

# -- a generated round under every rule ------------------------------------
G="$W/gen"
/usr/bin/python3 "$SRC/bench/gen_round.py" "$G" 14 9 3 > /dev/null
"$INDIGO" -q -c "$G/indigo.ini" load 2> "$W/err"; is $? 0 "generated round: load"
# two institutions leave the registry after their answers were stored
gone=$(awk -F, 'NR == 4 || NR == 9 { print $1 }' "$G/instituciones.csv" | tr '\n' ' ')
awk -F, 'NR != 4 && NR != 9' "$G/instituciones.csv" > "$W/inst" && mv "$W/inst" "$G/instituciones.csv"
for rule in mean median max official; do
    sed -i "s/^respondents = .*/respondents = $rule/" "$G/fw/framework.ini"
    "$INDIGO" -q -c "$G/indigo.ini" compute 2> "$W/compute.err"; is $? 0 "$rule: compute"
    "$INDIGO" -q -c "$G/indigo.ini" report 2> "$W/report.err"; is $? 0 "$rule: report"
    same "$G/bench.db" "$G/reports" 2026 > "$W/diff"
    ok $? "$rule: every value compute stored is the report's, to the bit ($(tail -1 "$W/diff"))"
    [ $? -eq 0 ] || sed 's/^/#   /' "$W/diff"
    scoring_warnings "$W/compute.err" > "$W/w1"; scoring_warnings "$W/report.err" > "$W/w2"
    cmp -s "$W/w1" "$W/w2"; ok $? "$rule: the same scoring warnings ($(wc -l < "$W/w1") lines)"
    [ -s "$W/w1" ] || cat "$W/compute.err" | sed 's/^/#   /' | head
done
for c in $gone; do
    contains "$W/w1" "answers.csv:" "institution $c, no longer in the registry, is warned with file and line"
    contains "$W/w1" "institution \"$c\" is not in the registry" "institution $c is named"
done
contains "$W/w1" "left empty: several respondents answered but no respondent marked official did" \
    "official without an official respondent: the cells left empty are warned"
tap_done
