#!/usr/bin/python3
"""The national charts of a round against the database: for each index and
language, graficos/nacional-IDX-LANG.svg has a bar per node (the index, then
its pillars in file order) labelled with the node's name (or its code when
the name does not fit) and the national figure: the mean of the
institutions' values weighted by their weights, over those with a value, as
indigo computes it; graficos/tendencia-IDX-LANG.svg has a point per stored
round with results for the index (oldest first, this year last), its year
then that round's national figure.
Figures are compared as printed (DECIMALS, default 1; decimal comma in es).
usage: check_national_charts.py DATABASE GRAFICOS_DIR YEAR [DECIMALS]"""
import html, re, sqlite3, sys

db, charts, year = sys.argv[1], sys.argv[2], int(sys.argv[3])
dec = int(sys.argv[4]) if len(sys.argv) > 4 else 1
con = sqlite3.connect(db)
weight = dict(con.execute("SELECT code, weight FROM institution"))
bad, checked = [], 0


def fmt(x, lang):
    s = f"{x:.{dec}f}"
    return s.replace(".", ",") if lang == "es" else s


def national(fw, node, y):
    vals = con.execute("SELECT institution, value FROM node_value WHERE year = ? AND framework = ? "
                       "AND node = ? AND value IS NOT NULL", (y, fw, node)).fetchall()
    sw = sum(weight[u] for u, _ in vals)
    return sum(weight[u] * v for u, v in vals) / sw if sw else None


def texts(path):
    with open(path, encoding="utf-8") as f:
        return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", f.read())]


def check_rows(path, rows, lang):
    """rows: (labels a row may carry, the value it must print), in order."""
    global checked
    try:
        t = texts(path)
    except OSError as e:
        bad.append(f"{path}: {e}")
        return
    at = 0
    for labels, want in rows:
        k = next((i for i in range(at, len(t) - 1) if t[i] in labels), None)
        if k is None:
            bad.append(f"{path}: no row labelled {' / '.join(labels)}")
            continue
        if t[k + 1] != fmt(want, lang):
            bad.append(f"{path}: {labels[0]} prints {t[k + 1]}, the database gives {fmt(want, lang)}")
        checked += 1
        at = k + 1
    numbers = [s for s in t if re.fullmatch(r"-?[0-9]+[.,][0-9]+", s)]
    if len(numbers) != len(rows):
        bad.append(f"{path}: {len(numbers)} values printed, {len(rows)} rows expected")


for (fw,) in con.execute("SELECT code FROM framework ORDER BY code"):
    nodes = con.execute("SELECT code, name_es, name_en, parent FROM node WHERE framework = ? "
                        "AND is_indicator = 0 ORDER BY rowid", (fw,)).fetchall()
    root = [n for n in nodes if n[3] is None or n[3] == ""]
    if len(root) != 1:
        bad.append(f"{fw}: {len(root)} root nodes in the database")
        continue
    order = root + [n for n in nodes if n[3] == root[0][0]]
    years = [y for (y,) in con.execute("SELECT DISTINCT year FROM node_value WHERE framework = ? "
                                       "AND node = ? AND year <= ? AND value IS NOT NULL "
                                       "ORDER BY year", (fw, fw, year))]
    for lang in ("es", "en"):
        name = 1 if lang == "es" else 2
        check_rows(f"{charts}/nacional-{fw}-{lang}.svg",
                   [((n[name], n[0]), national(fw, n[0], year)) for n in order], lang)
        check_rows(f"{charts}/tendencia-{fw}-{lang}.svg",
                   [((str(y),), national(fw, fw, y)) for y in years], lang)

for b in bad:
    print(b)
print(f"{'FAIL' if bad else 'ok'}: {checked} bars checked, {len(bad)} problems")
sys.exit(1 if bad or not checked else 0)
