#!/usr/bin/env bash
# A whole round (load, compute with uncertainty, every report) under valgrind
# memcheck: no errors and no definite or indirect leaks of ours.  `indigo
# run` executes indigo-render (main.c), so valgrind follows the exec.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
cp -r "$SRC/tests/catalogue/base" "$W/r"
cd "$W/r"
valgrind -q --trace-children=yes --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect --suppressions="$SRC/tests/valgrind.supp" \
    "$INDIGO" -q -c indigo.ini run > "$W/out" 2> "$W/err"
st=$?
is "$st" 0 "indigo run under memcheck: no errors, no leaks"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head -40
valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --suppressions="$SRC/tests/valgrind.supp" \
    "$INDIGO" -q -c indigo.ini explain MINA I3 > "$W/out" 2> "$W/err"
is $? 0 "indigo explain under memcheck"
[ -s reports/2026/indigo-2026-es.xlsx ]; ok $? "the round was written"
tap_done
