#!/usr/bin/python3
"""convert.py — the UN EGDI 2022 table as an indigo round's input files.

Reads data/un_egdi_2022.csv (the UN e-Government Knowledgebase export) and
writes, next to this script:

  paises.csv       the registry: code, name_es, name_en, group, weight
  componentes.csv  the three components as administrative data, in the
                   columns indigo's admin shape reads: institution,
                   indicator, value, source

Codes are made from the country name (ASCII capitals, digits and '_'; at
most 32 characters), because the export carries no ISO code.  Values are
copied as published (4 decimals).  Output is deterministic: rows in the
order of the export.

    python3 examples/egdi/convert.py [OUTPUT_DIR]
"""
import csv
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = ("UN E-Government Survey 2022 (UN e-Government Knowledgebase export, "
          "data/un_egdi_2022.csv)")
COMPONENTS = [("OSI", "Online Service Index"), ("HCI", "Human Capital Index"),
              ("TII", "Telecommunication Infrastructure Index")]


def code_of(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = ascii_name.replace("'", "")
    return re.sub(r"[^A-Z0-9]+", "_", ascii_name.upper()).strip("_")[:32].rstrip("_")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    with open(os.path.join(HERE, "data", "un_egdi_2022.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    seen = {}
    with open(os.path.join(out, "paises.csv"), "w", encoding="utf-8", newline="") as reg, \
         open(os.path.join(out, "componentes.csv"), "w", encoding="utf-8", newline="") as adm:
        rw = csv.writer(reg, lineterminator="\n")
        aw = csv.writer(adm, lineterminator="\n")
        rw.writerow(["code", "name_es", "name_en", "group", "weight"])
        aw.writerow(["institution", "indicator", "value", "source"])
        for r in rows:
            name = r["Country Name"].strip()
            code = code_of(name)
            if code in seen:
                sys.exit("convert.py: %s and %s give the same code %s" % (seen[code], name, code))
            seen[code] = name
            rw.writerow([code, name, name, "", 1])
            for ind, column in COMPONENTS:
                aw.writerow([code, ind, r[column].strip(), SOURCE])


if __name__ == "__main__":
    main()
