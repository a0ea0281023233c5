#!/usr/bin/env bash
# The round's answers failing to read back while the reports are written
# (the file the report keeps them in, app/answer_spill.c, read by the round
# workbook's Respuestas, the open data and every scorecard): every read of
# it fails with EIO through the failread.c shim.  The run says so with the
# reason, exits 74 (EX_IOERR), and changes nothing: reports/ as it was, no
# staging directory left, the database rolled back.
INDIGO=$1 SRC=$2 SHIM=$3
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
INDIGO=$(english_indigo "$INDIGO" "$W")   # its messages in English
cp -r "$SRC/tests/catalogue/base" "$W/r"
cd "$W/r"
run() { "$INDIGO" -q -c indigo.ini run; }
db() { sha256sum catalogo.db | cut -d' ' -f1; }
staging() { find . -name '.*.tmp-*' | wc -l; }

run 2>/dev/null; ok $? "the round runs"
db0=$(db); rep0=$(tree_hash reports)
sed -i '2s/,si,/,no,/' respuestas.csv   # the run below would change the reports

# a sanitized build's runtime must come first among the libraries: the shim
# comes before it, which is harmless here
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 LD_PRELOAD=$SHIM run 2> "$W/err"
is $? 74 "the answers failing to read back: exit 74 (EX_IOERR)"
sed 's/^/#   /' "$W/err" | head -3
want="reports/.2026.tmp-PID: error: cannot read back the round's answers for the reports: Input/output error"
n=$(grep -c . "$W/err")
ok $([ "$n" -ge 1 ]; echo $?) "the reason said ($n lines)"
is "$(sed 's/tmp-[0-9]*:/tmp-PID:/' "$W/err" | sort -u)" "$want" "each line is that message, nothing else"
is "$(tree_hash reports)" "$rep0" "reports/ is unchanged"
is "$(staging)" 0 "the staging directory is removed"
is "$(db)" "$db0" "the database is unchanged (load and compute are rolled back)"

run 2>/dev/null; ok $? "without the shim the same round runs"
[ "$(tree_hash reports)" != "$rep0" ]; ok $? "and replaces the reports"
tap_done
