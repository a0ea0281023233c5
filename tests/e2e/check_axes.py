#!/usr/bin/python3
"""Recompute every axis score of a round from its indicators, as a reviewer
would: the mean of the normalised values of the axis's indicators with data,
weighted by their effective weights (datos/marco.csv), and the national
figure as the institutions' axis scores weighted by their weights
(datos/instituciones.csv).  Compare with the database (axis_value,
axis_national) and the open data (datos/ejes.csv, datos/ejes_nacional.csv).
usage: check_axes.py DATABASE DATOS_DIR YEAR"""
import csv, math, sqlite3, sys

db, datos, year = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = lambda name: list(csv.DictReader(open(f"{datos}/{name}", encoding="utf-8")))
num = lambda s: float(s) if s not in ("", None) else math.nan

axis_of, eff = {}, {}
for r in rows("marco.csv"):
    if r["es_indicador"] == "true" and r["eje"]:
        axis_of[(r["indice"], r["nodo"])] = r["eje"]
        eff[(r["indice"], r["nodo"])] = float(r["peso_efectivo"])
weight = {r["codigo"]: float(r["peso"]) for r in rows("instituciones.csv")}

sums = {}  # (index, institution, axis) -> [sum w x, sum w]
for r in rows("indicadores.csv"):
    key = (r["indice"], r["indicador"])
    if key not in axis_of or r["excluido"] == "true":
        continue
    x = num(r["valor_normalizado"])
    s = sums.setdefault((r["indice"], r["institucion"], axis_of[key]), [0.0, 0.0])
    if not math.isnan(x):
        s[0] += eff[key] * x
        s[1] += eff[key]
want = {k: (s[0] / s[1] if s[1] > 0 else math.nan) for k, s in sums.items()}
nat = {}
for (i, u, a), v in want.items():
    if not math.isnan(v):
        n = nat.setdefault((i, a), [0.0, 0.0])
        n[0] += weight[u] * v
        n[1] += weight[u]
want_nat = {k: n[0] / n[1] for k, n in nat.items()}

def same(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))

bad = []
con = sqlite3.connect(db)
got_db = {(i, u, a): (math.nan if v is None else v) for i, u, a, v in con.execute(
    "SELECT framework, institution, axis, value FROM axis_value WHERE year = ?", (year,))}
got_db_nat = {(i, a): (math.nan if v is None else v) for i, a, v in con.execute(
    "SELECT framework, axis, value FROM axis_national WHERE year = ?", (year,))}
got_csv = {(r["indice"], r["institucion"], r["eje"]): num(r["valor"]) for r in rows("ejes.csv")}
got_csv_nat = {(r["indice"], r["eje"]): num(r["promedio_nacional"])
               for r in rows("ejes_nacional.csv")}
for where, got, exp in (("database axis_value", got_db, want),
                        ("database axis_national", got_db_nat, want_nat),
                        ("datos/ejes.csv", got_csv, want),
                        ("datos/ejes_nacional.csv", got_csv_nat, want_nat)):
    if not exp:
        bad.append(f"{where}: nothing to compare (no axes in the round?)")
    for k, v in exp.items():
        if k not in got:
            bad.append(f"{where}: {k} missing")
        elif not same(got[k], v):
            bad.append(f"{where}: {k} = {got[k]!r}, recomputed {v!r}")
    for k in got:
        if k not in exp and not (isinstance(got[k], float) and math.isnan(got[k])):
            bad.append(f"{where}: {k} has a value but no indicators")
for b in bad[:20]:
    print(b)
print(f"{'ok' if not bad else 'FAIL'}: {len(want)} institution axis scores and "
      f"{len(want_nat)} national ones recomputed")
sys.exit(1 if bad else 0)
