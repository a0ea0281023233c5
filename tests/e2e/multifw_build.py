#!/usr/bin/env python3
"""Build one KoboToolbox-style export carrying the IGD and the ITIC questions
of the demo's 2026 round (tests/e2e/e2e_multifw.sh): the rows of igd_kobo.csv,
then those of itic_limesurvey.csv, under one header holding the columns of
both (ITIC's as "itic/Q01", "itic/Q08/SQ001", ...); the mapping is
igd_kobo_map.csv plus the ITIC questions' codes.  A form whose sections
different people fill in exports just this: each row answers one part.

usage: multifw_build.py SRC OUT_CSV OUT_MAP"""
import csv
import sys

src, out_csv, out_map = sys.argv[1:4]
d = src + "/surveys/demo/2026/"
with open(d + "igd_kobo.csv", newline="", encoding="utf-8") as f:
    igd = list(csv.reader(f))
with open(d + "itic_limesurvey.csv", newline="", encoding="utf-8") as f:
    itic = list(csv.reader(f))
ih, irows = itic[0], itic[1:]
skip = {"id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
        "INST", "OFICIAL"}
icols = [c for c in ih if c not in skip]
kobo_name = {c: "itic/" + c.replace("[", "/").replace("]", "") for c in icols}
gh, grows = igd[0], igd[1:]
header = gh + [kobo_name[c] for c in icols]
pos = {h: i for i, h in enumerate(gh)}
out = [header]
for r in grows:
    out.append(r + [""] * len(icols))
for n, r in enumerate(irows):
    row = [""] * len(gh)
    v = dict(zip(ih, r))
    row[pos["datos_generales/institucion"]] = v["INST"]
    row[pos["datos_generales/respondente_oficial"]] = "si" if v["OFICIAL"] == "Y" else "no"
    row[pos["_id"]] = str(900000 + n)
    row[pos["_uuid"]] = "itic-%04d" % n
    out.append(row + [v[c] for c in icols])
with open(out_csv, "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\n").writerows(out)
with open(src + "/surveys/demo/igd_kobo_map.csv", encoding="utf-8") as f:
    igd_map = f.read()
with open(src + "/surveys/demo/itic_limesurvey_map.csv", encoding="utf-8") as f:
    itic_map = list(csv.reader(f))[1:]
with open(out_map, "w", encoding="utf-8") as f:
    f.write(igd_map if igd_map.endswith("\n") else igd_map + "\n")
    for col, q in itic_map:
        f.write("itic/%s,%s\n" % (col, q))
