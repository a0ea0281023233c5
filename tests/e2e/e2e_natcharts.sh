#!/usr/bin/env bash
# The national charts: per index a bar for the national figure of the index
# and of each pillar, and a bar for the national figure of each stored
# round; their values are the database's (check_national_charts.py), and
# the national report shows both after each index's key findings.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
demo_round
n=$(sqlite3 "$W/indigo.db" "SELECT count(*) FROM framework")
missing=0
for fw in $(sqlite3 "$W/indigo.db" "SELECT code FROM framework"); do
    for l in es en; do
        for k in nacional tendencia; do
            [ -s "$R/graficos/$k-$fw-$l.png" ] && [ -s "$R/graficos/$k-$fw-$l.svg" ] ||
                { echo "# no $k-$fw-$l.png/.svg"; missing=1; }
        done
    done
done
ok $missing "a national and a trend chart (PNG and SVG) for each of the $n indices, in es and en"
/usr/bin/python3 "$SRC/tests/e2e/check_national_charts.py" "$W/indigo.db" "$R/graficos" "$year" > "$W/out" 2>&1
ok $? "the charts print the database's national figures ($(tail -1 "$W/out"))"
[ $? -eq 0 ] || sed 's/^/#   /' "$W/out" | head -20
# the check can fail: one pillar value changed in a copy of the database
cp "$W/indigo.db" "$W/moved.db"
sqlite3 "$W/moved.db" "UPDATE node_value SET value = value + 30 WHERE year = $year AND framework = 'ITIC' AND node = (SELECT code FROM node WHERE framework = 'ITIC' AND parent = 'ITIC' ORDER BY rowid LIMIT 1)"
/usr/bin/python3 "$SRC/tests/e2e/check_national_charts.py" "$W/moved.db" "$R/graficos" "$year" > "$W/out2" 2>&1
ok $([ $? -ne 0 ] && grep -q "nacional-ITIC-es.svg: .* prints" "$W/out2"; echo $?) "the check fails when a pillar's national figure differs"
# in the national report, one of each per index
for l in es en; do
    pdftotext "$R/informe-nacional-$year-$l.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ' > "$W/$l.txt"
done
np=$(grep -o "Promedio nacional del índice y de cada pilar" "$W/es.txt" | wc -l)
nt=$(grep -o "Promedio nacional en cada ronda guardada" "$W/es.txt" | wc -l)
ok $([ "$np" = "$n" ] && [ "$nt" = "$n" ]; echo $?) "the Spanish report carries $n national and $n trend charts ($np, $nt)"
# after the key findings, before the rankings: the pages between them
first=$(grep -o "1\. Hallazgos principales.*" "$W/es.txt" | tail -1)
body=${first%%" 2. Clasificaciones Las instituciones"*}
np=$(grep -o "Promedio nacional del índice y de cada pilar" <<< "$body" | wc -l)
ok $([ "$np" = "$n" ]; echo $?) "the national charts are in section 1, with the key findings ($np)"
np=$(grep -o "National mean of the index and of each pillar" "$W/en.txt" | wc -l)
nt=$(grep -o "National mean in each stored round" "$W/en.txt" | wc -l)
ok $([ "$np" = "$n" ] && [ "$nt" = "$n" ]; echo $?) "the English report carries them too ($np, $nt)"
# on the portal: each index's section of the home page, in es and en, shows
# both charts beside tables of the same figures (check_portal_national.py)
/usr/bin/python3 "$SRC/tests/e2e/check_portal_national.py" "$W/indigo.db" "$R/sitio" "$year" > "$W/out3" 2>&1
ok $? "the portal shows each index's national and trend charts with the database's figures ($(tail -1 "$W/out3"))"
[ $? -eq 0 ] || sed 's/^/#   /' "$W/out3" | head -20
/usr/bin/python3 "$SRC/tests/e2e/check_portal_national.py" "$W/moved.db" "$R/sitio" "$year" > "$W/out4" 2>&1
ok $([ $? -ne 0 ] && grep -q "nacional-ITIC: row .* prints" "$W/out4"; echo $?) "the portal check fails when a pillar's national figure differs"
cp "$W/indigo.db" "$W/before.db"
sqlite3 "$W/before.db" "UPDATE node_value SET value = value - 5 WHERE year < $year AND framework = 'IDA' AND node = 'IDA'"
/usr/bin/python3 "$SRC/tests/e2e/check_portal_national.py" "$W/before.db" "$R/sitio" "$year" > "$W/out5" 2>&1
ok $([ $? -ne 0 ] && grep -q "tendencia-IDA: row .* prints" "$W/out5"; echo $?) "the portal check fails when an earlier round's national figure differs"
tap_done
