#!/usr/bin/python3
"""convert.py — SEGEPLAN's municipal ranking as an indigo round's input files.

Reads data/guatemala/segeplan_ranking_municipal.csv (provenance in
data/guatemala/SOURCES.md) and writes, next to this script:

  municipios.csv  the registry: code (the municipality's INE code, 4 digits),
                  name_es and name_en ("Ixcán, Quiché"), group (the
                  department), weight
  ranking.csv     SEGEPLAN's municipal ranking of 2013, 2016 and 2018 as
                  administrative data (institution, indicator, value, source),
                  in percent ("29.96%" -> 29.96); an empty cell (the six
                  municipalities created after 2013) is left out: no value

The published mean of the three (Promediosegeplan) is not copied: it is what
the example recomputes, and its test compares.  Rows in the file's order.

    python3 examples/municipios/convert.py [OUTPUT_DIR]
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "guatemala", "segeplan_ranking_municipal.csv")
YEARS = ["2013", "2016", "2018"]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    with open(DATA, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "municipios.csv"), "w", encoding="utf-8", newline="") as reg, \
         open(os.path.join(out, "ranking.csv"), "w", encoding="utf-8", newline="") as adm:
        rw = csv.writer(reg, lineterminator="\n")
        aw = csv.writer(adm, lineterminator="\n")
        rw.writerow(["code", "name_es", "name_en", "group", "weight"])
        aw.writerow(["institution", "indicator", "value", "source"])
        for r in rows:
            code = r["cod_mun"].strip().zfill(4)
            name = "%s, %s" % (r["mun"].strip(), r["depto"].strip())
            rw.writerow([code, name, name, r["depto"].strip(), 1])
            for y in YEARS:
                v = r["segeplan" + y].strip()
                if not v:
                    continue
                if not v.endswith("%"):
                    sys.exit("convert.py: %s %s: %r is not a percentage" % (code, y, v))
                aw.writerow([code, "SEG" + y, v[:-1],
                             "SEGEPLAN, Ranking de la gestión municipal %s (republicado por "
                             "Red Ciudadana)" % y])


if __name__ == "__main__":
    main()
