#!/usr/bin/env bash
# The install: `meson install` puts the binary, indigo(1) and the example
# round where an installed indigo looks for them; the manual documents every
# option and command --help lists; `indigo init` copies the example round into
# a new directory where it runs, never overwrites, and leaves nothing behind
# when it fails.  (tests/package/deb.sh does the same with the Debian package.)
INDIGO=$1 SRC=$2 BUILD=$3
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

# -- the manual page, from the table --help comes from ----------------------
"$INDIGO" --man > "$W/indigo.1"; is $? 0 "--man exits 0"
cmp -s "$W/indigo.1" "$BUILD/indigo.1"; ok $? "the build's indigo.1 is what --man prints"
groff -man -ww -z -K utf8 "$W/indigo.1" 2> "$W/groff"
is "$(cat "$W/groff")" "" "groff reads the page without a warning"
MANWIDTH=80 man -l -P cat "$W/indigo.1" > "$W/man.txt" 2> "$W/man.err"; is $? 0 "man renders it"
"$INDIGO" --help > "$W/help"
commands=$(sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\).*/\1/p' "$W/help")
missing=""
for c in $commands; do
    sed -n '/^COMMANDS/,/^EXIT STATUS/p' "$W/man.txt" | grep -q "^       $c\b" || missing="$missing $c"
done
is "$missing" "" "each of the $(echo $commands | wc -w) commands of --help has its entry in the manual"
options=$(sed -n '/^options:/,/^$/s/^  \(-[^ ].*[^ ]\)  .*/\1/p' "$W/help" | sed 's/ *$//')
missing=""
while IFS= read -r o; do
    grep -qF -- "       $o" "$W/man.txt" || missing="$missing [$o]"
done <<< "$options"
is "$missing" "" "each of the $(echo "$options" | wc -l) options of --help has its entry in the manual"

# -- meson install into a staging root -------------------------------------
meson install -C "$BUILD" --no-rebuild --quiet --destdir "$W/root" > "$W/install.log" 2>&1
ok $? "meson install --destdir exits 0"
eval "$(meson introspect --buildoptions "$BUILD" | /usr/bin/python3 -c '
import json, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
for k in ("prefix", "bindir", "datadir", "mandir"):
    v = o[k] if o[k].startswith("/") else o["prefix"] + "/" + o[k]
    print(f"{k}={v}")')"
R="$W/root"
[ -x "$R$bindir/indigo" ]; ok $? "the binary in $bindir"
[ -x "$R$bindir/indigo-render" ]; ok $? "indigo-render beside it (report and run)"
cmp -s "$R$mandir/man1/indigo.1" "$W/indigo.1"; ok $? "indigo(1) in $mandir/man1"
D="$R$datadir/indigo"
diff -r "$SRC/indicators" "$D/indicators" > "$W/diff" && diff -r "$SRC/surveys" "$D/surveys" >> "$W/diff" &&
    cmp -s "$SRC/indigo.ini" "$D/indigo.ini"
ok $? "the example round (indigo.ini, indicators/, surveys/) in $datadir/indigo"
[ $? -eq 0 ] || sed 's/^/#   /' "$W/diff" | head
[ -s "$R$datadir/doc/indigo/README.md" ] && [ -s "$R$datadir/doc/indigo/framework-format.md" ]
ok $? "README and the format documents in $datadir/doc/indigo"
contains "$W/man.txt" "$datadir/indigo" "the manual names the data directory"

# -- init: the round where an installed indigo runs it ---------------------
INDIGO=$(english_indigo "$INDIGO" "$W")   # its messages in English
if [ ! -e "$datadir/indigo/indigo.ini" ]; then
    INDIGO_DATADIR= "$INDIGO" init "$W/none" 2> "$W/err"; is $? 66 "init without an installed round exits 66"
    contains "$W/err" "$datadir/indigo/indigo.ini: error: cannot read the example round" \
        "and names where it looked"
fi
INDIGO_DATADIR="$D" "$INDIGO" init "$W/ronda" > "$W/out" 2> "$W/err"; is $? 0 "init DIR exits 0"
contains "$W/out" "the example round is in $W/ronda" "init says where the round is"
is "$(ls -A "$W/ronda" | tr '\n' ' ')" "indicators indigo.ini surveys " "DIR holds the three parts, no staging left"
diff -r "$D" "$W/ronda" > /dev/null; ok $? "a copy identical to the installed round"
(cd "$W/ronda" && "$INDIGO" -q run 2> "$W/err"); st=$?
is $st 0 "the copied round runs from its own directory"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head
[ -s "$W/ronda/build/indigo.db" ]; ok $? "its database in build/, created by the run"
[ -s "$W/ronda/reports/2026/informe-nacional-2026-es.pdf" ] &&
    [ -s "$W/ronda/reports/2026/indigo-2026-en.xlsx" ]
ok $? "its reports in reports/2026/"

h=$(tree_hash "$W/ronda")
INDIGO_DATADIR="$D" "$INDIGO" init "$W/ronda" 2> "$W/err"; is $? 73 "init into a round exits 73"
contains "$W/err" "$W/ronda/indigo.ini: error: already exists: init starts a round in a new or empty directory" \
    "and says what is in the way"
is "$(tree_hash "$W/ronda")" "$h" "and changes nothing"
mkdir -p "$W/part/surveys"
INDIGO_DATADIR="$D" "$INDIGO" init "$W/part" 2> "$W/err"; is $? 73 "init where only surveys/ exists exits 73"
is "$(ls -A "$W/part" | tr '\n' ' ')" "surveys " "and adds nothing"

# a data directory with something that cannot be copied half-way through
cp -r "$D" "$W/bad"; mkfifo "$W/bad/surveys/demo/pipe"
INDIGO_DATADIR="$W/bad" "$INDIGO" init "$W/new/ronda" 2> "$W/err"; is $? 66 "a broken example round: init exits 66"
contains "$W/err" "$W/bad/surveys/demo/pipe: error: neither a file nor a directory" "and names the file"
[ ! -e "$W/new/ronda" ]; ok $? "the directory it would have created is not there"
mkdir "$W/empty"
INDIGO_DATADIR="$W/bad" "$INDIGO" init "$W/empty" 2> /dev/null; is $? 66 "same into an existing empty directory"
is "$(ls -A "$W/empty")" "" "which stays empty (no staging directory left)"
tap_done
