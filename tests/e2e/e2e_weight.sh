#!/usr/bin/env bash
# Changing one weight in a framework file changes the scores the way the
# documented formula says: index = sum(w_p * pillar_p) / sum(w_p).
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
cp -r "$SRC/tests/catalogue/base" "$W/r"; cd "$W/r"
sed -i 's/^\[uncertainty\]/[uncertainty]\nruns = 0/; s/^runs = 50$//' indigo.ini
val() { sqlite3 catalogo.db "SELECT printf('%.15g', value) FROM node_value WHERE institution='$1' AND node='$2'"; }
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "base round runs"
# hand-computed: MINA I1=100 (si), I2=(4-1)/4*100=75, I3=120/200*100=60, I4=75.5
is "$(val MINA P1)" 87.5 "P1 of MINA = (100 + 75) / 2"
is "$(val MINA P2)" 67.75 "P2 of MINA = (60 + 75.5) / 2"
is "$(val MINA CAT)" 80.9166666666667 "CAT of MINA = (2 x 87.5 + 1 x 67.75) / 3"
sed -i 's/^P1,CAT,Gobernanza,Governance,2,/P1,CAT,Gobernanza,Governance,1,/' fw/nodes.csv
sed -i 's/^I3,P2,Trámites en línea,Online procedures,1,/I3,P2,Trámites en línea,Online procedures,3,/' fw/nodes.csv
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "the round runs with the new weights"
is "$(val MINA P2)" 63.875 "P2 of MINA = (3 x 60 + 1 x 75.5) / 4"
is "$(val MINA CAT)" 75.6875 "CAT of MINA = (1 x 87.5 + 1 x 63.875) / 2"
is "$(val MINB CAT)" "$(sqlite3 catalogo.db "SELECT printf('%.15g', (p1.value + p2.value) / 2) FROM node_value p1, node_value p2 WHERE p1.institution='MINB' AND p2.institution='MINB' AND p1.node='P1' AND p2.node='P2'")" "CAT of MINB = (P1 + P2) / 2 with equal weights"

# reloading: an identical file is a no-op, a changed one replaces its rows
log() { sqlite3 catalogo.db "SELECT message FROM run_log WHERE command = 'load' ORDER BY seq DESC LIMIT 1"; }
rows() { sqlite3 catalogo.db "SELECT count(*) FROM answer"; }
"$INDIGO" -q -c indigo.ini load 2> "$W/err"; ok $? "reloading the same files"
case "$(log)" in *"unchanged, sha256"*": not reloaded") ok 0 "the run log says the file was unchanged";; *) ok 1 "run log: $(log)";; esac
sed -i '/^MINB,Q4,/d' respuestas.csv
"$INDIGO" -q -c indigo.ini load 2> "$W/err"; ok $? "loading a changed file"
case "$(log)" in *"changed, replaced its earlier rows: 11 answers"*) ok 0 "the run log says its rows were replaced";; *) ok 1 "run log: $(log)";; esac
is "$(rows)" 11 "the file's 12 rows were replaced by its 11"
tap_done
