#!/usr/bin/env bash
# [publisher] in indigo.ini: the publisher the config names is on the PDF
# cover, in its metadata and (its logo) in the portal's header; the unit word
# heads the tables; a round without [publisher] names nobody.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
cp -r "$SRC/tests/catalogue/base" "$W/r"; cd "$W/r"
sed -i 's/^runs = 50$/runs = 0/' indigo.ini
# A real 48 x 24 PNG (RGB, one colour), written here so no binary is stored.
/usr/bin/python3 - <<'PY'
import struct, zlib
def chunk(t, b):
    return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b))
raw = b"".join(b"\0" + b"\x1d\x5a\x8e" * 48 for _ in range(24))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 48, 24, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
open("escudo.png", "wb").write(png)
PY

"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "a round without [publisher] runs"
R=reports/2026
pdftotext "$R/informe-nacional-2026-es.pdf" "$W/neutral.txt"
! grep -q "Comisión\|Guatemala" "$W/neutral.txt"; ok $? "without [publisher] the report names no publisher"
! pdfinfo "$R/informe-nacional-2026-es.pdf" | grep -q "^Author:"; ok $? "... and its metadata no author"
contains "$W/neutral.txt" "Institución" "... and the tables say Institución"
contains "$W/neutral.txt" "Promedio nacional: 60,3 (Intermedio)" "... and values have the scale's one decimal"
rm -rf reports catalogo.db

cat >> indigo.ini <<'INI'

[publisher]
name_es = Municipalidad de Ejemplo
name_en = Example Municipality
country_es = República de Ejemplo
unit_es = municipio
units_es = municipios
unit_en = municipality
units_en = municipalities
decimals = 2
logo = escudo.png
INI
sed -i 's/^languages = es$/languages = es, en/' indigo.ini
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "a round with [publisher] and a logo runs"
sed 's/^/#   /' "$W/err" | head -5
pdftotext "$R/informe-nacional-2026-es.pdf" "$W/es.txt"
pdftotext "$R/informe-nacional-2026-en.pdf" "$W/en.txt"
contains "$W/es.txt" "Municipalidad de Ejemplo" "the Spanish cover names the publisher"
contains "$W/es.txt" "República de Ejemplo" "... and its country"
contains "$W/en.txt" "Example Municipality" "the English cover names it in English"
contains "$W/en.txt" "República de Ejemplo" "... and the country falls back to Spanish"
contains "$W/es.txt" "Municipio" "the tables say the unit word (es)"
contains "$W/en.txt" "Municipality" "the tables say the unit word (en)"
is "$(pdfinfo "$R/informe-nacional-2026-en.pdf" | sed -n 's/^Author: *//p')" \
   "Municipalidad de Ejemplo" "the PDF's author is the publisher"
is "$(pdfimages -list "$R/informe-nacional-2026-es.pdf" | awk 'NR > 2 && $4 == 48 && $5 == 24' | wc -l)" \
   "1" "the cover carries the 48 x 24 logo"
cmp -s escudo.png "$R/sitio/recursos/logo.png"; ok $? "the portal carries the logo byte for byte"
contains "$R/sitio/es/index.html" '<img src="../recursos/logo.png" alt="Municipalidad de Ejemplo"' \
   "the portal's header shows it, named for screen readers"
contains "$W/es.txt" "Promedio nacional: 60,31 (Intermedio)" "decimals = 2 prints two decimals"
contains "$R/sitio/es/index.html" "<strong>60,31</strong>" "... in the portal too"
contains "$R/graficos/ranking-CAT-es.svg" "Promedio nacional: 60,31" "... and in the charts"

# A 0-1 scale (the UN's EGDI) without [publisher] decimals: every output
# prints the scale's three, not "0,6" (and not "1,0" for Denmark).
rm -rf reports catalogo.db
cp -r "$SRC/tests/catalogue/base" "$W/u"; cd "$W/u"
sed -i 's/^runs = 50$/runs = 0/' indigo.ini
sed -i 's/^scale_max   = 100/scale_max   = 1/; s/^thresholds = 40, 70/thresholds = 0.4, 0.75/; s/^method = goalposts/method = goalposts\nupper = 1/' fw/framework.ini
"$INDIGO" -q -c indigo.ini run 2> "$W/err"; ok $? "a round on a 0-1 scale runs"
sed 's/^/#   /' "$W/err" | head -5
pdftotext "$R/informe-nacional-2026-es.pdf" "$W/unit.txt"
contains "$W/unit.txt" "Promedio nacional: 0,603 (Intermedio)" "0-1 scale: the report prints three decimals"
contains "$R/sitio/es/index.html" "<strong>0,603</strong>" "... the portal too"
contains "$R/graficos/ranking-CAT-es.svg" "Promedio nacional: 0,603" "... and the ranking chart"
contains "$R/graficos/ranking-CAT-es.svg" ">0,2<" "... whose axis ticks step by 0,2, not 0"
contains "$R/sitio/es/metodologia.html" '<td class="num">0,750</td>' \
   "the portal's level table gives the threshold 0.75 as 0,750, not 0,8"
# the workbook's index sheet: each score and the national mean as "0.000"
is "$(/usr/bin/python3 -c '
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["CAT"]
print(" ".join(ws[c].number_format for c in ("D6", "D7", "E6", "D9")))' "$R/indigo-2026-es.xlsx")" \
   "0.000 0.000 0.000 0.000" "... and the workbook shows scores and the mean at 0.000"
tap_done
