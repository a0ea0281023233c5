#!/usr/bin/env bash
# A failed run changes nothing, whichever stage fails and however it ends:
# the report stage failing (an output path under a regular file, reports
# that cannot be replaced), SIGTERM, SIGINT or SIGHUP mid-run, the first run
# of a database interrupted; and a staging directory left by a run killed
# with SIGKILL is removed by the next run.  The config also reads from a
# pipe, once.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'chattr -i "$W"/r/reports/2026 2>/dev/null; rm -rf "$W"' EXIT
INDIGO=$(english_indigo "$INDIGO" "$W")   # its messages in English
cp -r "$SRC/tests/catalogue/base" "$W/r"
cd "$W/r"
cp respuestas.csv A.csv
sed '2s/,si,/,no,/' A.csv > B.csv
run() { "$INDIGO" -q -c indigo.ini "$@" run; }
db() { sha256sum catalogo.db | cut -d' ' -f1; }
staging() { find . -name '.*.tmp-*' | wc -l; }

run 2>/dev/null; ok $? "the round runs"
db0=$(db); rep0=$(tree_hash reports)
cp B.csv respuestas.csv   # every run below would change the database

# -- the report stage fails: an output path under a regular file
touch notadir
run --output notadir/reports 2> "$W/err"
is $? 73 "an output path under a regular file: exit 73"
grep -q "notadir/reports: error: cannot create output directory" "$W/err"
ok $? "and it says where"
is "$(db)" "$db0" "the database is unchanged (load and compute are rolled back)"
rm notadir

# -- reports/2026 that cannot be replaced (immutable): the swap fails
if chattr +i reports/2026 2>/dev/null; then
    run 2> "$W/err"
    is $? 73 "reports that cannot be replaced: exit 73"
    sed 's/^/#   /' "$W/err" | head -2
    chattr -i reports/2026
    is "$(db)" "$db0" "the database is unchanged"
    is "$(staging)" 0 "the staging directory is removed"
    is "$(tree_hash reports)" "$rep0" "reports/ is unchanged"
else
    for i in 1 2 3 4; do ok 0 "# SKIP chattr +i is not supported here"; done
fi

# -- signals mid-run: staging removed, the transaction rolled back
for sig in TERM INT HUP; do
    # a background job of a script starts with SIGINT ignored: undo that
    env --default-signal=$sig "$INDIGO" -q -c indigo.ini run 2>/dev/null &
    pid=$!
    for i in $(seq 1 400); do   # until the reports are being rendered
        [ "$(staging)" -gt 0 ] && break
        sleep 0.01
    done
    kill -$sig $pid
    wait $pid
    st=$?
    is "$st" $((128 + $(kill -l $sig))) "SIG$sig mid-run: the run dies of it"
    is "$(staging)" 0 "SIG$sig: the staging directory is removed"
    is "$(tree_hash reports)" "$rep0" "SIG$sig: reports/ is unchanged"
    sqlite3 catalogo.db 'PRAGMA integrity_check' > /dev/null   # rolls the journal back
    is "$(db)" "$db0" "SIG$sig: the database is as it was once opened again"
done

# -- the first run of a database, interrupted: no database is left
mkdir fresh && cp -r fw indigo.ini instituciones.csv respuestas.csv fresh/
(cd fresh && { "$INDIGO" -q -c indigo.ini run 2>/dev/null & pid=$!
  for i in $(seq 1 400); do [ -e catalogo.db ] && break; sleep 0.005; done
  kill -TERM $pid; wait $pid; })
ok $([ ! -e fresh/catalogo.db ] && [ ! -e fresh/catalogo.db-journal ]; echo $?) \
   "an interrupted first run leaves no database behind"

# -- SIGKILL leaves the staging directory; the next run removes it, even if
#    that run fails
"$INDIGO" -q -c indigo.ini run 2>/dev/null &
pid=$!
for i in $(seq 1 400); do [ "$(staging)" -gt 0 ] && break; sleep 0.01; done
kill -KILL $pid; wait $pid 2>/dev/null
is "$(staging)" 1 "SIGKILL leaves its staging directory"
printf 'institution,question,value\n' > C.csv
sed -i 's/^file = respuestas.csv/file = C.csv/' indigo.ini
run 2>/dev/null
is $? 65 "the next run fails (a header-only survey)"
is "$(staging)" 0 "and still removes the leftover staging directory"
sed -i 's/^file = C.csv/file = respuestas.csv/' indigo.ini

# -- the config through a pipe is read once
cat indigo.ini | "$INDIGO" -q -c /dev/stdin check > "$W/out" 2> "$W/err"
ok $? "check reads the config from a pipe"
grep -q "^ok: 3 institutions" "$W/out"; ok $? "and finds every file it names"
cat indigo.ini | "$INDIGO" -q -c /dev/stdin run 2> "$W/err"
ok $? "run reads the config from a pipe"
is "$(sqlite3 catalogo.db "SELECT count(*) FROM run_log WHERE command = 'report'")" 2 \
   "and that run completed (its report is logged)"
tap_done
