#!/usr/bin/env bash
# run_catalogue.sh INDIGO — runs every case of cases.sh (TAP).  With
# CATALOGUE_SHOW=1 it prints what each bad case produced instead of checking.
INDIGO=$1
SPANISH=$1   # the default language: every case's message is checked in it too
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../e2e/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
INDIGO=$(english_indigo "$INDIGO" "$W")   # its messages in English
# the state every bad case must leave untouched: one good run
cp -r "$HERE/base" "$W/state"
(cd "$W/state" && "$INDIGO" -q -c indigo.ini run) 2> "$W/err" || { cat "$W/err"; echo "not ok 1 - base round runs"; echo 1..1; exit 1; }
db_hash=$(sha256sum "$W/state/catalogo.db" | cut -d' ' -f1)
rep_hash=$(tree_hash "$W/state/reports")
n_bad=0
bad() {
    local name=$1 want=$2 line=$3 mutation=$4
    n_bad=$((n_bad + 1))
    rm -rf "$W/c"; cp -r "$HERE/base" "$W/c"
    (cd "$W/c" && eval "$mutation") || { ok 1 "$name: mutation applies"; return; }
    (cd "$W/c" && "$INDIGO" -q -c indigo.ini --database "$W/state/catalogo.db" \
        --output "$W/state/reports" run) > "$W/out" 2> "$W/err"
    local st=$?
    if [ -n "${CATALOGUE_SHOW:-}" ]; then
        echo "== $name ($st)"; head -5 "$W/err"; return
    fi
    is "$st" "$want" "$name: exit status $want"
    if grep -qxF -- "$line" "$W/err"; then ok 0 "$name: message"; else
        ok 1 "$name: message"; echo "#   want: $line"; sed 's/^/#   got:  /' "$W/err" | head -5; fi
    spanish_message "$name"
    is "$(sha256sum "$W/state/catalogo.db" | cut -d' ' -f1)" "$db_hash" "$name: database unchanged"
    is "$(tree_hash "$W/state/reports")" "$rep_hash" "$name: reports unchanged"
}
# The same case in Spanish, the default: its messages hold no English
# sentence (settings, file and column names stay as written).
english_words=' the | expected | is not |did you mean| must | cannot | does not | has no | found | set | save it | or the '
spanish_message() {
    (cd "$W/c" && "$SPANISH" -q -c indigo.ini --database "$W/es.db" --output "$W/es-reports" run) \
        > /dev/null 2> "$W/err-es"
    rm -rf "$W/es.db" "$W/es.db-wal" "$W/es.db-shm" "$W/es-reports"
    if grep -E -- "$english_words" "$W/err-es" > "$W/english"; then
        ok 1 "$1: message in Spanish"; sed 's/^/#   /' "$W/english" | head -3
    else
        ok 0 "$1: message in Spanish"
    fi
}
good() {
    local name=$1 mutation=$2 sql=$3 want=$4
    rm -rf "$W/g"; cp -r "$HERE/base" "$W/g"
    (cd "$W/g" && eval "$mutation") || { ok 1 "$name: mutation applies"; return; }
    (cd "$W/g" && "$INDIGO" -q -c indigo.ini load) 2> "$W/err"
    local st=$?
    [ -n "${CATALOGUE_SHOW:-}" ] && { echo "== $name ($st)"; head -5 "$W/err"; }
    is "$st" 0 "$name: accepted"
    is "$(sqlite3 "$W/g/catalogo.db" "$sql" 2>&1)" "$want" "$name: stored as expected"
}
. "$HERE/cases.sh"
ok $([ $n_bad -ge 100 ]; echo $?) "the catalogue has at least 100 bad cases ($n_bad)"
tap_done
