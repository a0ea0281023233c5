#!/usr/bin/python3
"""The scorecards' strengths, weaknesses and recommendations against the open
data: no imputed or missing value among the strengths and weaknesses (items
"Name (CODE): value"), and in every index block the first recommendation
("Name (CODE, +gain ...") is the one with the largest gain, effective weight
x (scale max - normalised value), over the indicators the institution
answered that have a recommendation (indicators/*/nodes.csv) and are not
among its strengths (the three highest answered values, ties by code; half
of them, rounded up, when fewer than six were answered), which are never
recommended.
usage: check_scorecards.py SRC DATOS_DIR INSTITUCIONES_DIR YEAR"""
import csv, glob, math, os, re, subprocess, sys

src, datos, inst, year = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rows = lambda p: list(csv.DictReader(open(p, encoding="utf-8")))
has_rec = set()
for p in glob.glob(f"{src}/indicators/*/nodes.csv"):
    for r in rows(p):
        if r.get("recommendation_es"):
            has_rec.add(r["code"])
eff = {(r["indice"], r["nodo"]): float(r["peso_efectivo"]) for r in rows(f"{datos}/marco.csv")
       if r["es_indicador"] == "true"}
smax = {r["codigo"]: float(r["escala_max"]) for r in rows(f"{datos}/indices.csv")}
index_of, gains, unanswered, values = {}, {}, set(), {}
for r in rows(f"{datos}/indicadores.csv"):
    i, u, c = r["indice"], r["institucion"], r["indicador"]
    index_of[c] = i
    if r["imputado"] == "true" or r["faltante"] == "true" or r["valor_normalizado"] == "":
        unanswered.add((u, c))
        continue
    values.setdefault((u, i), {})[c] = float(r["valor_normalizado"])
    g = eff[(i, c)] * (smax[i] - float(r["valor_normalizado"]))
    if c in has_rec and g > 0:
        gains.setdefault((u, i), {})[c] = g
# the strengths are never recommended: drop them from the candidates
strengths = set()
for (u, i), vals in values.items():
    ranked = sorted(vals, key=lambda c: (-vals[c], c))
    for c in ranked[:3 if len(ranked) >= 6 else (len(ranked) + 1) // 2]:
        gains.get((u, i), {}).pop(c, None)
        strengths.add((u, c))

bad, n_cards, n_first = [], 0, 0
for pdf in sorted(glob.glob(f"{inst}/*/ficha-*-{year}-*.pdf")):
    u = os.path.basename(os.path.dirname(pdf))
    text = " ".join(subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                                   text=True).stdout.split())
    n_cards += 1
    for c in re.findall(r"\(([A-Z][A-Z0-9_]*)\): \d", text):
        if (u, c) in unanswered:
            bad.append(f"{pdf}: {c} is imputed or missing but listed as a strength or weakness")
    for block in re.split(r"Recomendaciones|Recommendations", text)[1:]:
        for c in re.findall(r"\(([A-Z][A-Z0-9_]*), \+[0-9.,]+", block):
            if (u, c) in strengths:
                bad.append(f"{pdf}: {c} is listed as a strength and recommended")
        m = re.search(r"\(([A-Z][A-Z0-9_]*), \+([0-9.,]+)", block.split("•")[1] if "•" in block else "")
        if not m:
            continue
        c = m.group(1)
        best = max(gains.get((u, index_of.get(c)), {}).items(), key=lambda kv: (kv[1], kv[0]),
                   default=(None, 0))
        n_first += 1
        if not math.isclose(gains.get((u, index_of.get(c)), {}).get(c, -1), best[1],
                            rel_tol=1e-12):
            bad.append(f"{pdf}: first recommendation {c} gains "
                       f"{gains.get((u, index_of.get(c)), {}).get(c)}, {best[0]} gains {best[1]}")
for b in bad[:20]:
    print(b)
print(f"{'ok' if not bad and n_first else 'FAIL'}: {n_cards} scorecards, "
      f"{n_first} first recommendations checked")
sys.exit(1 if bad or not n_first else 0)
