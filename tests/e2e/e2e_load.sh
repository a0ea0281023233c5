#!/usr/bin/env bash
# `indigo load` streams each file's answers into the database as they are
# validated, inside one transaction.  A problem anywhere stops the storing
# but not the reading: every problem of every file is reported, and the
# database is left as it was (byte-identical; not created when there was
# none), even when an earlier file was already streamed in.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
INDIGO=$(english_indigo "$INDIGO" "$W")   # its messages in English
cp -r "$SRC/tests/catalogue/base" "$W/r"; cd "$W/r"
# two files of one round: MINA and MINB in a.csv, SECC in b.csv
head -9 respuestas.csv > a.csv
{ head -1 respuestas.csv; tail -n +10 respuestas.csv; } > b.csv
sed -i 's/^\[survey.respuestas\]/[survey.a]/; s/^file = respuestas.csv/file = a.csv/' indigo.ini
printf '\n[survey.b]\nfile = b.csv\nframework = CAT\nyear = 2026\nshape = long\n' >> indigo.ini
cp a.csv a.good; cp b.csv b.good
load() { "$INDIGO" -q -c indigo.ini load 2> "$W/err"; }
rows() { sqlite3 catalogo.db "SELECT count(*) FROM answer"; }
logs() { sqlite3 catalogo.db "SELECT message FROM run_log WHERE command = 'load' ORDER BY seq"; }
db_hash() { sha256sum catalogo.db | cut -d' ' -f1; }

"$INDIGO" -c indigo.ini check > "$W/out" 2> "$W/err"; is $? 0 "check passes on two files"
contains "$W/out" "2 survey files, 12 answers" "check counts the answers of both files"
[ ! -e catalogo.db ]; ok $? "check creates no database"

# -- a fresh database and a bad row in the second file: no database at all
sed -i '3s/,5,/,9,/' b.csv
load; is $? 65 "a bad row in the second file: load exits 65"
contains "$W/err" 'b.csv:3:9: error: column value (C): Q2: "9" is not a valid answer (expected a whole number from 1 to 5)' \
    "the bad row is named"
[ ! -e catalogo.db ] && [ ! -e catalogo.db.lock ] && [ ! -e catalogo.db-journal ]
ok $? "no database is left behind where there was none (the first file had been streamed in)"

# -- the good round
cp b.good b.csv
"$INDIGO" -c indigo.ini load 2> "$W/err"; is $? 0 "the good round loads"
contains "$W/err" "indigo: load: 2 files stored, 0 unchanged, 12 answers read" "the progress line counts every answer"
is "$(rows)" 12 "12 answers stored"
is "$(sqlite3 catalogo.db "SELECT path || ':' || rows FROM input_file ORDER BY path" | tr '\n' ' ')" \
    "a.csv:8 b.csv:4 " "input_file.rows counts each file's answers"
case "$(logs | tr '\n' '|')" in
    *"a.csv (2026, CAT) loaded: 8 answers, sha256 "*"|b.csv (2026, CAT) loaded: 4 answers, sha256 "*) ok 0 "the run log says both were loaded";;
    *) ok 1 "run log: $(logs)";;
esac
is "$(sqlite3 catalogo.db "SELECT group_concat(line || question, ' ') FROM (SELECT a.line, a.question FROM answer a JOIN input_file f ON f.id = a.file_id WHERE f.path = 'a.csv' ORDER BY a.line, a.question)")" \
    "2Q1 3Q2 4Q3 5Q4 6Q1 7Q2 8Q3 9Q4" "each answer keeps its line"
h0=$(db_hash)

# -- an existing database: file a changed (streamed in), then b refused
sed -i '2s/,si,/,no,/' a.csv
sed -i 's/^SECC,Q3,10,/SECC,Q3,-10,/; s/^SECC,Q4,90,/SECC,Q4,190,/' b.csv
load; is $? 65 "a changed first file and a bad second one: load exits 65"
contains "$W/err" 'b.csv:4:9: error: column value (C): Q3: "-10" is not a valid answer (expected a number >= 0)' "first problem of b.csv"
contains "$W/err" 'b.csv:5:9: error: column value (C): Q4: "190" is not a valid answer (expected a percentage from 0 to 100)' \
    "and the next one: the file is read to its end"
is "$(db_hash)" "$h0" "the database is byte-identical"
is "$(sqlite3 catalogo.db "SELECT value FROM answer WHERE institution = 'MINA' AND question = 'Q1'")" si \
    "the first file's new rows were not kept"

# -- problems in both files: all reported, in file order, with the total
cp a.good a.csv; cp b.good b.csv
for i in $(seq 1 70); do echo "MINZ,Q1,si,x$i," >> a.csv; echo "SECC,Q9,si,y$i," >> b.csv; done
load; is $? 65 "70 problems in each file: load exits 65"
is "$(grep -c ': error: ' "$W/err")" 100 "the first 100 are listed"
contains "$W/err" "... and 40 more (140 errors in all)" "with the total of both files"
is "$(head -1 "$W/err")" 'a.csv:10:1: error: column institution (A): unknown institution "MINZ" (not in instituciones.csv)' \
    "the first file's first"
is "$(grep -c '^b.csv:' "$W/err")" 30 "then the second file's"
is "$(db_hash)" "$h0" "the database is byte-identical"

# -- an unchanged file is still validated
cp a.good a.csv; cp b.good b.csv
load; is $? 0 "reloading the same files"
case "$(logs | tail -2 | tr '\n' '|')" in
    *"a.csv (2026, CAT) unchanged, sha256 "*": not reloaded|b.csv (2026, CAT) unchanged, sha256 "*": not reloaded|") ok 0 "the run log says both were unchanged";;
    *) ok 1 "run log: $(logs | tail -2)";;
esac
[ ! -s "$W/err" ]; ok $? "and says nothing"
h1=$(db_hash)
sed -i 's/^Q3,\(.*\),numero,no$/Q3,\1,numero,si/' fw/questions.csv
sed -i '/^SECC,Q3,/d' b.csv
load; is $? 65 "an unchanged file that the framework now refuses: load exits 65"
contains "$W/err" 'b.csv:2: error: SECC, respondent "r1": no answer to required question Q3' \
    "the changed file's problem is reported"
is "$(db_hash)" "$h1" "the database is byte-identical"
sed -i '/^MINB,Q3,/d' a.csv; cp b.good b.csv
load; is $? 65 "a changed file with the problem and an unchanged one: 65"
contains "$W/err" 'a.csv:6: error: MINB, respondent "r1": no answer to required question Q3' \
    "the changed file's problem is reported"
cp a.good a.csv; cp "$SRC/tests/catalogue/base/fw/questions.csv" fw/questions.csv

# -- a database in use and a bad file: the file's problem, as when files were read first
sed -i '3s/,5,/,9,/' b.csv
exec 9> catalogo.db.lock
flock 9
load; is $? 65 "a bad file and a database in use: exit 65"
contains "$W/err" 'b.csv:3:9: error: column value (C): Q2: "9" is not a valid answer' "the file's problem is reported"
cp b.good b.csv
load; is $? 75 "a good round and a database in use: exit 75"
flock -u 9
exec 9>&-
is "$(db_hash)" "$h1" "the database is byte-identical"
tap_done
