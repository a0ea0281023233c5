#!/usr/bin/env bash
# compute writes only what changed (store_put_result compares the stored
# results with the computed ones; the round's framework files and
# institutions are rewritten only when they differ).  After each change
# below, the database computed that way holds exactly what the same
# database holds when every result and the prepared round's frameworks and
# institutions are deleted and computed again from scratch, row for row and
# bit for bit; a compute that changes nothing changes nothing but its log.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
mkdir "$W/r" && cp -r "$SRC/indigo.ini" "$SRC/surveys" "$SRC/indicators" "$W/r/" && cd "$W/r" || exit 1
year=$(sed -n 's/^year *= *//p' indigo.ini | head -1)
run() { "$INDIGO" -q -c indigo.ini --database "$@" 2>> "$W/err"; }
tables="node_value indicator_value axis_value axis_national round_framework round_institution"
# the rows of the tables in one database and not in the other (SQLite
# compares REALs exactly and BLOBs byte for byte)
differ() {
    for t in $tables; do
        sqlite3 "$1" "ATTACH '$2' AS b;
            SELECT '$t <', * FROM (SELECT * FROM main.$t EXCEPT SELECT * FROM b.$t);
            SELECT '$t >', * FROM (SELECT * FROM b.$t EXCEPT SELECT * FROM main.$t);"
    done
}
# the database as compute from scratch leaves it: a copy with every result
# and the prepared round's frameworks and institutions deleted, computed
scratch() {
    rm -f "$W/scratch.db"* && cp "$W/inc.db" "$W/scratch.db" &&
        sqlite3 "$W/scratch.db" "DELETE FROM node_value; DELETE FROM indicator_value;
            DELETE FROM axis_value; DELETE FROM axis_national;
            DELETE FROM round_framework WHERE year = $year;
            DELETE FROM round_institution WHERE year = $year;" &&
        run "$W/scratch.db" compute
}
rows() { sqlite3 "$W/inc.db" "SELECT count(*) FROM $1"; }
compare() {  # compare WHAT: the incremental database against one from scratch
    scratch; ok $? "$1: computed again from scratch" || sed 's/^/#   /' "$W/err" | tail -5
    differ "$W/inc.db" "$W/scratch.db" > "$W/diff"
    is "$(wc -l < "$W/diff")" 0 "$1: every stored row is what computing from scratch stores" ||
        sed 's/^/#   /' "$W/diff" | head -10
}
dump() { sqlite3 "$W/inc.db" .dump | grep -v '^INSERT INTO run_log '; }

run "$W/inc.db" load; ok $? "load"
run "$W/inc.db" compute; ok $? "first compute"
ok $([ "$(rows node_value)" -gt 1000 ] && [ "$(rows axis_value)" -gt 0 ]; echo $?) \
   "results stored ($(rows node_value) node values, $(rows axis_value) axis scores)"
compare "first compute"

dump > "$W/before"
run "$W/inc.db" compute; ok $? "compute again, nothing changed"
dump > "$W/after"
cmp -s "$W/before" "$W/after"; ok $? "an unchanged compute changes nothing but the run log"
is "$(sqlite3 "$W/inc.db" "SELECT count(*) FROM run_log WHERE command = 'compute'")" \
   "$(( $(sqlite3 "$W/inc.db" "SELECT count(DISTINCT year || framework) FROM node_value") * 2 ))" \
   "and the run log has a line for each round and framework computed, each time"

# one weight: the pillar GOB of the IGD counts three times
sed -i 's/^GOB,IGD,\(.*\),1,,,,,,,,,,,,,,$/GOB,IGD,\1,3,,,,,,,,,,,,,,/' indicators/igd/nodes.csv
grep -q '^GOB,IGD,.*,3,' indicators/igd/nodes.csv; ok $? "the weight of GOB is changed in the copy"
run "$W/inc.db" compute; ok $? "compute with the new weight"
is "$(sqlite3 "$W/inc.db" "SELECT count(*) FROM round_framework WHERE year = $year AND framework = 'IGD' AND file = 'nodes.csv' AND instr(CAST(content AS TEXT), ',3,,,,,,,,,,,,,,') > 0")" 1 \
   "the prepared round keeps the changed nodes.csv"
compare "a weight changed"

# an institution removed from the registry and its answers from the files
gone=$(sed -n 2p surveys/instituciones.csv | cut -d, -f1)
sed -i "/^$gone,/d" surveys/instituciones.csv
grep -rl "$gone" surveys/demo | while read -r f; do sed -i "/\\b$gone\\b/d" "$f"; done
run "$W/inc.db" load; ok $? "load without $gone" || sed "s/^/#   /" "$W/err" | tail -5
run "$W/inc.db" compute; ok $? "compute without $gone"
is "$(sqlite3 "$W/inc.db" "SELECT count(*) FROM node_value WHERE year = $year AND institution = '$gone'")" 0 \
   "$gone has no results left in $year"
compare "an institution removed"

# one answer changed
f=surveys/demo/$year/igd_admin.csv
awk -F, 'BEGIN { OFS = "," } NR == 2 { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+(\.[0-9]+)?$/) { $i = $i + 1; break } } { print }' "$f" > "$W/x" && mv "$W/x" "$f"
run "$W/inc.db" load; ok $? "load with one answer changed" || sed "s/^/#   /" "$W/err" | tail -5
run "$W/inc.db" compute; ok $? "compute with one answer changed"
compare "an answer changed"
tap_done
