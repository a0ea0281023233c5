#!/usr/bin/env bash
# An answer without its evidence is flagged on the scorecard (issue 19): I1
# asks for evidence (evidence = si); MINA and SECC answered si without it, so
# under missing_evidence = zero the scorecard says which indicator did not
# score, and under keep which one scored as given.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
INDIGO=$(english_indigo "$INDIGO" "$W")   # its messages in English
cp -r "$SRC/tests/catalogue/base" "$W/r"; cd "$W/r"
sed -i 's/^runs = 50$/runs = 0/' indigo.ini
sed -i '1s/$/,evidence/; 2,4s/$/,/; 5s/$/,si/; 6,8s/$/,/' fw/nodes.csv
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "a round with evidence = si on I1 runs"
contains "$W/err" "2 positive answers without valid evidence" "... and warns about the answers without it"
card() { pdftotext "reports/2026/instituciones/$1/ficha-$1-2026-es.pdf" - | tr '\n' ' ' | tr -s ' '; }
card MINA > "$W/mina.txt"
contains "$W/mina.txt" "sin evidencia: no puntúa (cuenta 0): I1" "MINA's scorecard: I1 did not score"
card MINB > "$W/minb.txt"
! grep -q "sin evidencia" "$W/minb.txt"; ok $? "MINB (answered no) is not flagged"
sed -i 's/^respondents = mean$/respondents = mean\nmissing_evidence = keep/' fw/framework.ini
rm -rf reports catalogo.db
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "the same round with missing_evidence = keep runs"
card MINA > "$W/mina.txt"
contains "$W/mina.txt" "sin evidencia: puntúa igual (missing_evidence = keep): I1" "... and the scorecard says I1 scored as given"
tap_done
