#!/usr/bin/python3
"""The portal's national charts against the database: for each index and
language, the home page SITE/LANG/index.html shows, in the index's section,
the national chart (svg#n-IDX) and its table (table#nacional-IDX): the
index, then its pillars in file order, each with the national figure (the
mean of the ranked institutions' values weighted by their weights, over
those with a value, as indigo computes it) and its change since the
previous stored round (that round's values, this round's weights); and the trend chart (svg#t-IDX) and its table (table#tendencia-IDX):
every stored round with results for the index up to YEAR, oldest first,
with that round's national figure.  Each chart's <desc> and its <text>s
carry the same figures as its table.
Figures are compared as printed (DECIMALS, default 1; decimal comma in es).
usage: check_portal_national.py DATABASE SITE_DIR YEAR [DECIMALS]"""
import html.parser, re, sqlite3, sys

db, site, year = sys.argv[1], sys.argv[2], int(sys.argv[3])
dec = int(sys.argv[4]) if len(sys.argv) > 4 else 1
con = sqlite3.connect(db)
bad, checked = [], 0


class Page(html.parser.HTMLParser):
    """Rows (cell texts) of every table with an id, and the <text>s and
    <desc> of every svg with an id."""

    def __init__(self):
        super().__init__()
        self.tables, self.svgs = {}, {}
        self.table = self.svg = self.cell = self.desc = self.text = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id"):
            self.table = self.tables.setdefault(a["id"], [])
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th") and self.table is not None:
            self.cell = []
        elif tag == "span" and self.cell is not None:
            self.cell.append("\n")
        elif tag == "svg" and a.get("id") is None and "aria-labelledby" in a:
            self.svg = self.svgs.setdefault(a["aria-labelledby"].split("-t ")[0], {"text": [], "desc": ""})
        elif tag == "desc" and self.svg is not None:
            self.desc = []
        elif tag == "text" and self.svg is not None:
            self.text = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None
        elif tag in ("td", "th") and self.cell is not None:
            self.table[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "svg":
            self.svg = None
        elif tag == "desc" and self.desc is not None:
            self.svg["desc"] = "".join(self.desc)
            self.desc = None
        elif tag == "text" and self.text is not None:
            self.svg["text"].append("".join(self.text))
            self.text = None

    def handle_data(self, data):
        for buf in (self.cell, self.desc, self.text):
            if buf is not None:
                buf.append(data)


def fmt(x, lang):
    s = f"{x:.{dec}f}"
    if s.startswith("-") and float(s) == 0:
        s = s[1:]
    return s.replace(".", ",") if lang == "es" else s


def signed(x, lang):
    s = fmt(abs(x), lang)
    return s if re.fullmatch(r"[0.,]+", s) else ("+" if x > 0 else "\u2212") + s


def national(fw, node, y, weights_of=None):
    """The weighted mean over the ranked institutions with a value: with the
    weights of round weights_of (this round's, for the change since the
    previous one, as indigo compares), else of round y itself (the trend:
    each round as stored, with its own institutions and weights)."""
    w = weights_of or y
    rows = con.execute("SELECT v.value, r.weight FROM node_value v JOIN round_institution r "
                       "ON r.year = ? AND r.code = v.institution WHERE v.year = ? AND "
                       "v.framework = ? AND v.node = ? AND v.value IS NOT NULL AND r.unranked = 0",
                       (w, y, fw, node)).fetchall()
    sw = sum(x for _, x in rows)
    return sum(v * x for v, x in rows) / sw if sw else None


def check_table(where, rows, want):
    """want: (label, value, change or None) per row, in order."""
    global checked
    body = [r for r in rows if r and not r[0].startswith(("Componente", "Component", "Ronda", "Round"))]
    if len(body) != len(want):
        bad.append(f"{where}: {len(body)} rows, {len(want)} expected")
    for r, (label, value, change) in zip(body, want):
        figure = r[1].split("\n")[0] if len(r) > 1 else ""
        if r[0] != label or figure != value:
            bad.append(f"{where}: row {r[0]!r} prints {figure}, the database gives {label!r} {value}")
        if change is not None and (len(r) < 3 or r[2] != change):
            bad.append(f"{where}: {label} changes by {r[2] if len(r) > 2 else '?'}, "
                       f"the database gives {change}")
        checked += 1


def check_svg(where, svg, want):
    if svg is None:
        bad.append(f"{where}: no chart")
        return
    for label, value in want:
        if label not in svg["text"] or value not in svg["text"]:
            bad.append(f"{where}: the chart does not print {label} {value}")
        if f"{label} {value}" not in svg["desc"] and f"{label}: {value}" not in svg["desc"]:
            bad.append(f"{where}: its description does not give {label} {value}: {svg['desc']}")


for lang in ("es", "en"):
    path = f"{site}/{lang}/index.html"
    page = Page()
    try:
        with open(path, encoding="utf-8") as f:
            page.feed(f.read())
    except OSError as e:
        bad.append(f"{path}: {e}")
        continue
    col = 1 if lang == "es" else 2
    for fw, fname_es, fname_en in con.execute("SELECT code, name_es, name_en FROM framework ORDER BY code"):
        fname = fname_es if lang == "es" else fname_en
        pillars = con.execute("SELECT code, name_es, name_en FROM node WHERE framework = ? AND parent = ? "
                              "AND is_indicator = 0 ORDER BY rowid", (fw, fw)).fetchall()
        years = [y for (y,) in con.execute("SELECT DISTINCT year FROM node_value WHERE framework = ? "
                                           "AND node = ? AND year <= ? AND value IS NOT NULL "
                                           "ORDER BY year", (fw, fw, year))]
        prev = years[-2] if len(years) >= 2 else None
        want = []
        for code, label in [(fw, fname)] + [(p[0], p[col]) for p in pillars]:
            now = national(fw, code, year)
            before = national(fw, code, prev, year) if prev else None
            change = signed(round(now, dec) - round(before, dec), lang) if before is not None else None
            want.append((label, fmt(now, lang), change))
        check_table(f"{path} nacional-{fw}", page.tables.get(f"nacional-{fw}", []), want)
        check_svg(f"{path} n-{fw}", page.svgs.get(f"n-{fw}"),
                  [(w[0], w[1]) for w in want])
        values = [national(fw, fw, y) for y in years]
        trend = [(str(y), fmt(v, lang)) for y, v in zip(years, values)]
        tw = [(y, v, signed(round(values[k], dec) - round(values[k - 1], dec), lang) if k else "\u2014")
              for k, (y, v) in enumerate(trend)]
        check_table(f"{path} tendencia-{fw}", page.tables.get(f"tendencia-{fw}", []), tw)
        check_svg(f"{path} t-{fw}", page.svgs.get(f"t-{fw}"), trend)

for b in bad:
    print(b)
print(f"{checked} figures checked, {len(bad)} wrong")
sys.exit(1 if bad or not checked else 0)
