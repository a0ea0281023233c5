# tap.sh — TAP helpers for the shell tests (sourced).
tap_n=0
tap_failed=0
# ok STATUS NAME...: one TAP line; returns 0 for a pass and 1 for a failure,
# so that `ok ...; [ $? -eq 0 ] || show details` and `ok ... || ...` work.
ok() {
    local st=$1; shift
    tap_n=$((tap_n + 1))
    if [ "$st" -eq 0 ]; then echo "ok $tap_n - $*"; return 0; fi
    echo "not ok $tap_n - $*"
    tap_failed=$((tap_failed + 1))
    return 1
}
is() {  # is GOT WANT NAME...
    local got=$1 want=$2; shift 2
    if [ "$got" = "$want" ]; then ok 0 "$@"; else ok 1 "$@"; echo "#   got:  $got"; echo "#   want: $want"; fi
}
contains() {  # contains FILE PATTERN NAME...  (fixed string)
    local f=$1 pat=$2; shift 2
    if grep -qF -- "$pat" "$f"; then ok 0 "$@"; else ok 1 "$@"; echo "#   no \"$pat\" in:"; sed 's/^/#   /' "$f" | head -20; fi
}
tap_done() { echo "1..$tap_n"; [ $tap_failed -eq 0 ]; }
# A copy of the demo config that reads the repository's files and writes into $2.
variant_config() {  # variant_config SRC WORKDIR > config
    sed -e "s#^\[paths\]#[paths]\nbase = $1#" "$1/indigo.ini"
}
# The demo round run once into $W with INDIGO (from SRC's config): sets
# year and R (its reports), and checks the run's exit status.
demo_round() {
    variant_config "$SRC" > "$W/indigo.ini"
    year=$(sed -n 's/^year *= *//p' "$SRC/indigo.ini" | head -1)
    R="$W/reports/$year"
    "$INDIGO" -q -c "$W/indigo.ini" --database "$W/indigo.db" --output "$W/reports" run 2> "$W/err"
    local st=$?
    is $st 0 "run exits 0"
    [ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head -20
}
tree_hash() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1; }
# The tests that read indigo's messages read them in English: the demo and
# catalogue configs say language = es, which also sets the messages'
# language (docs/rondas.md).  english_indigo BINARY DIR writes DIR/indigo-en,
# which runs BINARY --lang en with the same arguments, and prints its path.
english_indigo() {
    printf '#!/bin/sh\nexec "%s" --lang en "$@"\n' "$1" > "$2/indigo-en" && chmod +x "$2/indigo-en"
    echo "$2/indigo-en"
}
