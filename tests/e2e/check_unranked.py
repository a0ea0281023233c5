#!/usr/bin/python3
"""check_unranked.py WORKBOOK WORKDIR N0: the round workbook of the
ranked = no test (SECC scored, not ranked), read as a reader reads it and
recalculated by gnumeric from zeroed caches (check_workbook.check_recalc).
TAP lines numbered from N0 + 1."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "workbook"))
import check_workbook as cw  # noqa: E402

import openpyxl  # noqa: E402

path, work, n0 = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = cw.Tap()
t.n = n0
wf = openpyxl.load_workbook(path)["CAT"]
wv = openpyxl.load_workbook(path, data_only=True)["CAT"]
rows = {wv.cell(r, 1).value: r for r in range(6, 9)}
secc, mina = rows.get("SECC"), rows.get("MINA")
t.ok(secc and mina, "the CAT sheet lists SECC and MINA", rows)
t.is_(wv.cell(secc, 3).value, 0, "SECC weighs 0 in the national mean (column C)")
t.ok(isinstance(wv.cell(secc, 4).value, float), "... and has its score")
rank_col = [c for c in range(1, 20) if wf.cell(5, c).value == "Posición CAT"][0]
t.is_(wf.cell(secc, rank_col).value, None, "... and no rank formula")
round_col = [c for c in range(1, 30) if wf.cell(5, c).value == "CAT redondeado"][0]
letter = openpyxl.utils.get_column_letter(round_col)
t.is_(wf.cell(mina, rank_col).value.split(",")[1], "%s$6:%s$8" % (letter, letter),
      "MINA's rank ranges over the ROUND column ...")
t.is_(wf.cell(secc, round_col).value, None, "... whose SECC cell is empty, so it does not count")
t.is_(wv.cell(mina, rank_col).value, 1, "MINA ranks 1 of the 2 ranked")
cw.check_recalc(t, path, work, 80, "Gnumeric")
print("# done", t.n)
sys.exit(1 if t.failed else 0)
