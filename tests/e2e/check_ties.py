#!/usr/bin/python3
"""check_ties.py REPORTS DECIMALS: in every output of the round in REPORTS
(reports/2026 of the ties test) the index CAT is printed at DECIMALS and two
institutions printed alike share a rank while two printed apart never do:
datos/resultados.csv (the full value, rounded as a reader rounds it), the
national PDF's ranking table, the portal's ranking and the workbook's CAT
sheet (its number format, its ROUND() column and its cached RANK.EQ).  Prints
TAP lines, numbered from the third argument + 1; exits 1 on a failure."""
import csv
import re
import subprocess
import sys
from decimal import Decimal, ROUND_HALF_UP

import openpyxl

rep, dec, n0 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
n, failed = n0, 0


def ok(good, name, detail=""):
    global n, failed
    n += 1
    print(("ok" if good else "not ok"), n, "-", name)
    if not good:
        failed += 1
        print("#  ", detail)


def printed(v):
    """v as a reader rounds it: half away from zero on its 15 digits."""
    q = Decimal(1).scaleb(-dec)
    return Decimal("%.15g" % v).quantize(q, rounding=ROUND_HALF_UP)


def agrees(rows):
    """rows: (code, printed text, rank).  Competition ranking of the printed
    values; returns the rows that disagree."""
    vals = [Decimal(t.replace(",", ".")) for _, t, _ in rows]
    bad = []
    for (code, t, r), v in zip(rows, vals):
        want = 1 + sum(1 for w in vals if w > v)
        if r != want:
            bad.append((code, t, r, want))
    return bad


def decimals_of(text):
    return len(text.split(",")[1]) if "," in text else 0


# open data: the unrounded value beside its rank
rows = []
with open(rep + "/datos/resultados.csv", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        if r["indice"] == "CAT" and r["nodo"] == "CAT" and r["posicion"]:
            rows.append((r["institucion"], str(printed(float(r["valor"]))), int(r["posicion"])))
ok(len(rows) >= 6 and not agrees(rows), "datos/resultados.csv: ranks are those of the values "
   "rounded to %d decimals" % dec, agrees(rows))

# the national report's ranking table: "rank name code value level"
txt = subprocess.run(["pdftotext", "-layout", rep + "/informe-nacional-2026-es.pdf", "-"],
                     capture_output=True, text=True, check=True).stdout
pdf = [(m.group(2), m.group(3), int(m.group(1))) for m in
       re.finditer(r"^\s*(\d+) Institución \w+\s+(INS\w+)\s+(\d+(?:,\d+)?) ", txt, re.M)]
ok(len(pdf) == len(rows) and all(decimals_of(t) == dec for _, t, _ in pdf),
   "the PDF ranking prints every score at %d decimals" % dec, pdf)
ok(pdf and not agrees(pdf), "... and equal printed scores share a rank, unequal ones never",
   agrees(pdf))

# the portal's ranking: <td>rank</td><th>name</th><td data-v=value>printed</td>
html = open(rep + "/sitio/es/index.html", encoding="utf-8").read()
site = [(m.group(2), m.group(3), int(m.group(1))) for m in re.finditer(
    r'<tr><td class="num" data-v="(\d+)">\d+</td><th scope="row"><a href="institucion-(INS\w+)'
    r'\.html">[^<]*</a></th><td class="num" data-v="[^"]*">([\d,]+)</td>', html)]
ok(len(site) == len(rows) and all(decimals_of(t) == dec for _, t, _ in site) and not agrees(site),
   "the portal's ranking: %d decimals, ranks agree with the printed scores" % dec, site)

# the workbook: D = score (cached), I = ROUND(D, dec), G = RANK.EQ over I
path = rep + "/indigo-2026-es.xlsx"
wf, wv = openpyxl.load_workbook(path)["CAT"], openpyxl.load_workbook(path, data_only=True)["CAT"]
fmt = "0." + "0" * dec if dec else "0"
book, good_formulas = [], True
for row in range(6, 6 + len(rows)):
    code = wv.cell(row, 1).value
    good_formulas &= wf.cell(row, 4).number_format == fmt
    good_formulas &= wf.cell(row, 9).value == "=ROUND(D%d,%d)" % (row, dec)
    good_formulas &= wf.cell(row, 7).value.startswith("=_xlfn.RANK.EQ(I%d," % row)
    book.append((code, str(printed(wv.cell(row, 4).value)), int(wv.cell(row, 7).value)))
ok(good_formulas, "the workbook shows the score as %s and ranks ROUND(score, %d)" % (fmt, dec))
ok(not agrees(book), "... and its cached ranks agree with the scores it shows", agrees(book))
sys.exit(1 if failed else 0)
