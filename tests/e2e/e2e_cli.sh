#!/usr/bin/env bash
# The command line: help, version, usage errors and their exit statuses.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
INDIGO=$(english_indigo "$INDIGO" "$W")   # its messages in English

"$INDIGO" --version > "$W/out"; is $? 0 "--version exits 0"
contains "$W/out" "indigo 0." "--version prints the version"
"$INDIGO" --help > "$W/out"; is $? 0 "--help exits 0"
for c in check load compute report run explain; do
    contains "$W/out" "  $c" "--help lists $c"
    "$INDIGO" $c --help > "$W/c" 2>&1; is $? 0 "$c --help exits 0"
    contains "$W/c" "usage: indigo [-c FILE] $c" "$c --help shows its usage"
done
"$INDIGO" frobnicate 2> "$W/err"; is $? 64 "unknown command exits 64"
contains "$W/err" 'unknown command "frobnicate"' "unknown command is named"
"$INDIGO" 2> /dev/null; is $? 64 "no command exits 64"
"$INDIGO" --lang fr check 2> "$W/err"; is $? 64 "--lang fr exits 64"
"$INDIGO" -j 0 check 2> "$W/err"; is $? 64 "-j 0 exits 64"
contains "$W/err" "expected a number of processes from 1 to 64" "-j 0 says what it expected"
"$INDIGO" explain MINFIN 2> "$W/err"; is $? 64 "explain with one argument exits 64"
contains "$W/err" "explain takes 2 arguments" "explain arity is explained"
"$INDIGO" -c "$W/none.ini" check 2> "$W/err"; is $? 66 "missing config exits 66"
contains "$W/err" "$W/none.ini: error: cannot read" "missing config is named"
printf '[round]\nyear = 20x6\n' > "$W/bad.ini"
"$INDIGO" -c "$W/bad.ini" check 2> "$W/err"; is $? 65 "bad config exits 65"
contains "$W/err" "$W/bad.ini:2: error: [round] year = \"20x6\" is not a whole number" "bad year reported at its line"
contains "$W/err" "$W/bad.ini: error: [paths] needs database = ..." "missing section reported"
printf '\xef\xbb\xbf[round]\nyear = 2026\n' > "$W/bom.ini"
"$INDIGO" -c "$W/bom.ini" check 2> "$W/err"; is $? 65 "config with BOM exits 65"
contains "$W/err" "$W/bom.ini:1:1: error: file starts with a UTF-8 byte-order mark" "BOM is reported"
# -- the language of messages, options after the command ---------------------
"$1" frobnicate 2> "$W/err"; is $? 64 "unknown command exits 64 in Spanish too"
contains "$W/err" 'indigo: comando desconocido "frobnicate"' "messages are in Spanish by default"
"$1" -c "$W/bad.ini" check 2> "$W/err"
contains "$W/err" "$W/bad.ini:2: error: [round] year = \"20x6\" no es un número entero" \
    "config problems in Spanish"
"$1" check -c "$W/bad.ini" --lang en 2> "$W/err"; is $? 65 "options after the command"
contains "$W/err" "$W/bad.ini:2: error: [round] year = \"20x6\" is not a whole number" \
    "and --lang en after the command gives English"
"$1" explain MINFIN --change 2> "$W/err"; is $? 64 "explain --change with one argument exits 64"
"$1" check --change 2> "$W/err"; is $? 64 "an option of another command exits 64"
contains "$W/err" "--change es una opción de \`indigo explain\`" "and says whose option it is"
for c in publish reopen round diff; do
    contains "$W/out" "  $c" "--help lists $c"
    "$INDIGO" $c --help > "$W/c" 2>&1; is $? 0 "$c --help exits 0"
done

# -- two programs: indigo without the renderers, indigo-render with them
libs=$(ldd "$1")
for lib in libcairo libxlsxwriter libhpdf libpng libisal libfreetype libzip libexpat libcrypto; do
    case "$libs" in *"$lib"*) ok 1 "indigo does not load $lib (it does)";;
                    *) ok 0 "indigo does not load $lib";; esac
done
case "$(ldd "$(dirname "$1")/indigo-render")" in *libcairo*) ok 0 "indigo-render loads cairo";;
    *) ok 1 "indigo-render loads cairo";; esac
mkdir "$W/alone" && cp "$1" "$W/alone/indigo"
"$W/alone/indigo" --lang en -c "$W/none.ini" report 2> "$W/err"; is $? 69 "report without indigo-render beside indigo exits 69"
contains "$W/err" "$W/alone/indigo-render, which cannot be run" "and names the program it looked for"
"$W/alone/indigo" report --help > "$W/out"; is $? 0 "report --help needs no indigo-render"
"$INDIGO" -c "$W/none.ini" report 2> "$W/err"; is $? 66 "report through indigo-render: missing config exits 66"
contains "$W/err" "$W/none.ini: error: cannot read" "and is reported as before"
tap_done
