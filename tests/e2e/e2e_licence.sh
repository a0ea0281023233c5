#!/usr/bin/env bash
# The open data's licence is the one [output] licence names: in
# datapackage.json (SPDX id, URL) and in the footer of every portal page, in
# each language.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
INDIGO=$(english_indigo "$INDIGO" "$W")   # its messages in English
cp -r "$SRC/tests/catalogue/base" "$W/r"; cd "$W/r"
sed -i 's/^languages = es$/languages = es, en\nlicence = cc0-1.0/; s/^\[uncertainty\]/[uncertainty]\nruns = 0/; s/^runs = 50$//' indigo.ini
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "a round with licence = cc0-1.0 runs"
sed 's/^/#   /' "$W/err" | head -5
R=$(sed -n 's/^output = //p' indigo.ini)/2026
/usr/bin/python3 - "$R/datos/datapackage.json" > "$W/lic" <<'PY'
import json, sys
lic = json.load(open(sys.argv[1], encoding="utf-8"))["licenses"]
print(len(lic), lic[0]["name"], lic[0]["path"])
PY
is "$(cat "$W/lic")" "1 CC0-1.0 https://creativecommons.org/publicdomain/zero/1.0/" \
   "datapackage.json: the licence's SPDX id and URL"
contains "$R/sitio/es/index.html" "Datos publicados con la licencia CC0 1.0 Universal (dominio público)." \
   "portal (es): the footer names it"
contains "$R/sitio/en/metodologia.html" "Data published under the CC0 1.0 Universal (public domain) licence." \
   "portal (en): the footer names it"
! grep -rq "CC BY 4.0\|CC-BY-4.0" "$R/sitio" "$R/datos"; ok $? "the default licence is named nowhere"
tap_done
