#!/usr/bin/env bash
# Ties at the published precision (issue 19): every output prints an index
# at the decimals it is ranked at, so two institutions printed alike share a
# rank and two printed apart never do -- with the scale's default, with
# [publisher] decimals (fewer and more than the scale's), and with the
# framework's own [rank] decimals, which [publisher] decimals does not move.
# Exact ties (47.2 twice over), near-ties (47.16 and 47.24 print 47.2) and
# two doubles a bit apart that print alike (47.35, 47.349999999999994).
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
cp -r "$SRC/tests/catalogue/base" "$W/r"; cd "$W/r"
sed -i 's/^runs = 50$/runs = 0/' indigo.ini
# one indicator (Q4, a percentage), so the index is the answer itself
cat > fw/nodes.csv <<'CSV'
code,parent,name_es,name_en,weight,question,lower,upper,recommendation_es,recommendation_en
CAT,,Índice del catálogo,Catalogue index,,,,,,
P1,CAT,Satisfacción,Satisfaction,1,,,,,
I4,P1,Satisfacción,Satisfaction,1,Q4,,,Mida la satisfacción.,Measure satisfaction.
CSV
sed -i '/^Q[123],/d' fw/questions.csv
printf 'code,name_es,name_en,group,weight\n' > instituciones.csv
printf 'institution,question,value,respondent,evidence\n' > respuestas.csv
for p in A:47.25 B:47.2 C:47.16 D:47.24 E:47.15 F:50 G:47.35 H:47.349999999999994 I:47.2; do
    c=${p%%:*} v=${p#*:}
    echo "INS$c,Institución $c,Institution $c,Grupo,1" >> instituciones.csv
    echo "INS$c,Q4,$v,r1," >> respuestas.csv
done
cp indigo.ini base.ini; cp fw/framework.ini fw/base.ini
n=0
# run NAME DECIMALS: a fresh round, then check every output at DECIMALS
run() {
    rm -rf reports catalogo.db
    "$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "$1: the round runs"
    sed 's/^/#   /' "$W/err" | head -5
    /usr/bin/python3 "$SRC/tests/e2e/check_ties.py" reports/2026 "$2" "$tap_n" > "$W/tap"
    local st=$?
    cat "$W/tap"
    tap_n=$((tap_n + $(grep -c '^\(not \)\?ok' "$W/tap")))
    tap_failed=$((tap_failed + $(grep -c '^not ok' "$W/tap")))
    [ $st -eq 0 ] || [ "$(grep -c '^not ok' "$W/tap")" -gt 0 ] || ok 1 "$1: check_ties.py failed"
}
ranks() { grep '^CAT,INS.,CAT,' reports/2026/datos/resultados.csv | cut -d, -f2,5 | tr '\n' ' '; }

run "scale's 1 decimal" 1
is "$(ranks)" "INSA,4 INSB,5 INSC,5 INSD,5 INSE,5 INSF,1 INSG,2 INSH,2 INSI,5 " \
   "... 47.35 and 47.349999999999994 (47.4) share 2; 47.15 to 47.24 (47.2) share 5"

printf '\n[publisher]\ndecimals = 0\n' >> indigo.ini
run "[publisher] decimals = 0" 0
is "$(ranks)" "INSA,2 INSB,2 INSC,2 INSD,2 INSE,2 INSF,1 INSG,2 INSH,2 INSI,2 " \
   "... every 47 shares 2: not 47 ranked 2 beside 47 ranked 3"
pdftotext reports/2026/informe-nacional-2026-es.pdf - | tr '\n' ' ' > "$W/es.txt"
contains "$W/es.txt" "Mayor puntaje: Institución F (50)." "the findings print the leader at 0 decimals too"
contains "$W/es.txt" "Institución G, Institución H y Institución I (47)." \
   "... and name the tied last ones as a list"

cp base.ini indigo.ini; printf '\n[publisher]\ndecimals = 2\n' >> indigo.ini
run "[publisher] decimals = 2" 2
is "$(ranks)" "INSA,4 INSB,6 INSC,8 INSD,5 INSE,9 INSF,1 INSG,2 INSH,2 INSI,6 " \
   "... 47.16 and 47.2 print apart and rank apart"

# the framework's [rank] decimals is its published precision: [publisher]
# decimals = 0 does not print it at fewer
printf '\n[rank]\ndecimals = 1\n' >> fw/framework.ini
cp base.ini indigo.ini; printf '\n[publisher]\ndecimals = 0\n' >> indigo.ini
run "[rank] decimals = 1 with [publisher] decimals = 0" 1
is "$(ranks)" "INSA,4 INSB,5 INSC,5 INSD,5 INSE,5 INSF,1 INSG,2 INSH,2 INSI,5 " \
   "... ranks and prints at the framework's 1 decimal"
tap_done
