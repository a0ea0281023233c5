#!/usr/bin/python3
"""The parts of a chart split across pages by rows: every part after the
first carries the chart's title followed by MARK ("(continuación)" /
"(continued)"), and no first part does.  A part is a chart title ("… (IDX)
· YEAR", as pdftotext -raw reads it in drawing order) with the subtitle
under it; a part continues the one before when both have the same title and
subtitle and it is on a later page.  Prints a line per problem, then
"ok: N charts, M continued parts" (fails with fewer than MIN continued).
usage: check_continued.py PDF YEAR MARK MIN"""
import re, subprocess, sys

pdf, year, mark, least = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True,
                      check=True).stdout
title = re.compile(r"(.*\([A-Z0-9_]+\) · " + year + r")( " + re.escape(mark) + r")?")
parts = []
for p, page in enumerate(text.split("\f"), 1):
    lines = page.split("\n")
    for i in range(len(lines) - 1):
        m = title.fullmatch(lines[i])
        if m:
            parts.append((p, m.group(1), lines[i + 1], m.group(2) is not None))
bad, charts, continued = [], 0, 0
prev = None
for p, t, sub, marked in parts:
    follows = prev is not None and prev[1:3] == (t, sub) and p > prev[0]
    if follows and not marked:
        bad.append(f"page {p}: «{t}» / «{sub}» continues page {prev[0]} without «{mark}»")
    if not follows and marked:
        bad.append(f"page {p}: «{t}» / «{sub}» is a first part, yet says «{mark}»")
    charts += not follows
    continued += follows
    prev = (p, t, sub)
if continued < least:
    bad.append(f"{continued} continued parts, at least {least} expected")
for b in bad:
    print(b)
print(f"{'FAIL' if bad else 'ok'}: {charts} charts, {continued} continued parts")
sys.exit(1 if bad else 0)
