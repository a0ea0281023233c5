#!/usr/bin/python3
"""The national report's key findings (page 3, section 1) against the
database: per index the national mean, the previous round's and the change,
how many institutions scored higher, lower or the same, and the count at
each maturity level (node_value.level, 1 = the lowest).  Means are weighted by the institutions' weights over
the institutions with a value, as indigo computes the national figure; the
figures print, and are compared, at DECIMALS, the published precision
([publisher] decimals when no framework sets [rank] decimals; default 1, the
0-100 scale's).
usage: check_findings.py DATABASE REPORT_PDF YEAR [DECIMALS]"""
import re, sqlite3, subprocess, sys

db, pdf, year = sys.argv[1], sys.argv[2], int(sys.argv[3])
dec = int(sys.argv[4]) if len(sys.argv) > 4 else 1
con = sqlite3.connect(db)
weight = dict(con.execute("SELECT code, weight FROM institution"))
# section 1 runs from page 3 to the rankings (each index's findings are
# followed by its national charts, so it takes more than one page)
text = " ".join(subprocess.run(["pdftotext", "-f", "3", pdf, "-"],
                               capture_output=True, text=True).stdout.split())
text = text.split(" 2. Clasificaciones ")[0]
es = lambda x: f"{x:.{dec}f}".replace(".", ",")
bad, checked = [], 0


def values(fw, y):
    return {u: (v, lv) for u, v, lv in con.execute(
        "SELECT institution, value, level FROM node_value WHERE year = ? AND framework = ? "
        "AND node = ? AND value IS NOT NULL", (y, fw, fw))}


def mean(vals):
    sw = sum(weight[u] for u in vals)
    return sum(weight[u] * v for u, (v, _) in vals.items()) / sw


for (fw,) in con.execute("SELECT code FROM framework ORDER BY code"):
    now = values(fw, year)
    prev_year = con.execute("SELECT max(year) FROM node_value WHERE framework = ? AND year < ?",
                            (fw, year)).fetchone()[0]
    m = re.search(re.escape(fw) + r" — [^•—]*• Promedio nacional: ([0-9,]+), nivel [^;.]+"
                  r"(?:; en (\d+) era ([0-9,]+) \(([-+]?[0-9,]+) puntos\))?\. "
                  r"(?:• Instituciones con más puntaje que en \d+: (\d+); con menos: (\d+); "
                  r"igual: (\d+)\. )?• Instituciones por nivel: ([^.]*)\.", text)
    if not m:
        bad.append(f"{fw}: no findings block in section 1")
        continue
    checked += 1
    want = es(mean(now))
    if m.group(1) != want:
        bad.append(f"{fw}: national mean {m.group(1)}, the database gives {want}")
    if prev_year:
        before = values(fw, prev_year)
        if m.group(2) != str(prev_year) or m.group(3) != es(mean(before)):
            bad.append(f"{fw}: previous round {m.group(2)} {m.group(3)}, the database gives "
                       f"{prev_year} {es(mean(before))}")
        chg = round(mean(now), dec) - round(mean(before), dec)
        if m.group(4) != ("+" if chg > 0.5 * 10 ** -dec else "") + es(chg):
            bad.append(f"{fw}: change {m.group(4)}, the database gives {es(chg)}")
        both = [u for u in now if u in before]
        d = [round(now[u][0], dec) - round(before[u][0], dec) for u in both]
        got = tuple(int(m.group(k)) for k in (5, 6, 7)) if m.group(5) else None
        exp = (sum(x > 1e-9 for x in d), sum(x < -1e-9 for x in d), sum(abs(x) <= 1e-9 for x in d))
        if got != exp:
            bad.append(f"{fw}: higher/lower/same {got}, the database gives {exp}")
    counts = [int(c) for c in re.findall(r" (\d+)(?:,|$)", m.group(8))]
    levels = [lv for _, lv in now.values()]
    exp = [levels.count(k + 1) for k in range(len(counts))]   # stored 1-based
    if counts != exp or sum(counts) != len(now):
        bad.append(f"{fw}: institutions per level {counts}, the database gives {exp} "
                   f"of {len(now)}")
for b in bad:
    print(b)
print(f"{'ok' if not bad and checked else 'FAIL'}: {checked} indices checked")
sys.exit(1 if bad or not checked else 0)
