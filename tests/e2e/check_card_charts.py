#!/usr/bin/python3
"""The pillar profile of every scorecard against the open data: under each
index an institution was scored in, a chart row per node (the index, then
its pillars) that reads, in pdftotext -raw (the order it is drawn in,
the demo watermark last), "Name  score  national" and,
where the earlier round scored the institution, "  earlier  change", each
the open data's figure as printed at DEC decimals (within half a unit of
the last digit), in the scorecard's language.  And each row once: a chart
drawn twice or not at all fails.
usage: check_card_charts.py DATOS_DIR INSTITUCIONES_DIR YEAR [DEC]"""
import csv, glob, os, re, subprocess, sys

datos, inst, year = sys.argv[1], sys.argv[2], sys.argv[3]
dec = int(sys.argv[4]) if len(sys.argv) > 4 else 1
rows = lambda p: list(csv.DictReader(open(p, encoding="utf-8")))
NUM = r"(—|[+-]?\d+(?:[.,]\d+)?)"

nodes = {}          # index -> [(node, name_es, name_en)], the index first
national = {}
for r in rows(f"{datos}/marco.csv"):
    i, k = r["indice"], r["nodo"]
    if k == i or r["padre"] == i and r["es_indicador"] == "false":
        nodes.setdefault(i, []).append((k, r["nombre_es"], r["nombre_en"]))
        national[(i, k)] = float(r["promedio_nacional"])
for i in nodes:
    nodes[i].sort(key=lambda n: n[0] != i)
res = {(r["indice"], r["institucion"], r["nodo"]): r for r in rows(f"{datos}/resultados.csv")}


def agrees(printed, x):
    """printed shows x at dec decimals; "—" shows no value."""
    if printed == "—" or x is None:
        return printed == "—" and x is None
    return abs(float(printed.replace(",", ".")) - x) <= 0.5 * 10 ** -dec + 1e-9


num = lambda s: float(s) if s not in ("", None) else None
bad, n_rows, n_cards = [], 0, 0
for pdf in sorted(glob.glob(f"{inst}/*/ficha-*-{year}-*.pdf")):
    u, lang = os.path.basename(os.path.dirname(pdf)), pdf[-6:-4]
    lines = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True,
                           text=True).stdout.splitlines()
    n_cards += 1
    for i, ns in nodes.items():
        root = res.get((i, u, i))
        if not root or root["incluida"] != "true":
            continue
        prev = any(num(res[(i, u, k)]["valor_anterior"]) is not None for k, *_ in ns)
        for k, name_es, name_en in ns:
            r = res[(i, u, k)]
            name = name_es if lang == "es" else name_en
            want = [num(r["valor"]), national[(i, k)]]
            if prev:
                want += [num(r["valor_anterior"]), num(r["cambio"])]
            pat = re.compile(r"^\s*" + re.escape(name) + r"\s+" + r"\s+".join([NUM] * len(want)) + r"\s*$")
            found = [m.groups() for m in map(pat.match, lines) if m]
            n_rows += 1
            if len(found) != 1:
                bad.append(f"{pdf}: {len(found)} chart rows «{name}» with {len(want)} figures, not 1")
                continue
            for p, x, what in zip(found[0], want, ["score", "national", "earlier", "change"]):
                if not agrees(p, x):
                    bad.append(f"{pdf}: {k} {what} printed {p}, the open data say {x}")
for b in bad[:20]:
    print(b)
print(f"{'ok' if not bad and n_rows else 'FAIL'}: {n_cards} scorecards, {n_rows} chart rows checked")
sys.exit(1 if bad or not n_rows else 0)
