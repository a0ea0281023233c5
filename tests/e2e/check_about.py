#!/usr/bin/python3
"""The national report's section 4 ("Qué miden los índices y de dónde vienen
los datos") against the database: per index the pillars with their
indicators, questions and administrative data (node); the survey files of
the round with their lines, answers and institutions (input_file, answer);
the coverage row (round_institution, indicator_value's flags, node_value);
the cells without an answer and the imputed ones (indicator_value); the
positive answers without evidence (flag 0x40); the demo flag; and the
pointer to the data quality section, which must be there.
usage: check_about.py DATABASE REPORT_PDF YEAR LANG"""
import re, sqlite3, subprocess, sys

db, pdf, year, lang = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
con = sqlite3.connect(db)
q = lambda sql, *a: con.execute(sql, a).fetchall()
one = lambda sql, *a: con.execute(sql, a).fetchone()[0]
W = {"es": {"head": "4. Qué miden los índices y de dónde vienen los datos", "next": "5. Metodología",
            "quality": "Calidad de los datos", "demo": "Datos de demostración (demo = true)",
            "evidence": "por institución e indicador:", "point": "está en la sección {}, «{}»"},
     "en": {"head": "4. What the indices measure and where the data come from", "next": "5. Methodology",
            "quality": "Data quality", "demo": "Demonstration data (demo = true)",
            "evidence": "per institution and indicator:", "point": "is in section {}, «{}»"}}[lang]
dec = (lambda x: f"{x:.1f}".replace(".", ",")) if lang == "es" else (lambda x: f"{x:.1f}")
text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
lines = text.split("\n")
# the section's own heading (the contents page lists it with a page number)
start = [i for i, l in enumerate(lines) if l.strip() == W["head"]]
end = [i for i, l in enumerate(lines) if l.strip() == W["next"]]
bad, checked = [], 0
if not start or not end or end[-1] < start[-1]:
    print(f"no section «{W['head']}» followed by «{W['next']}» in {pdf}")
    sys.exit(1)
sec = lines[start[-1]:end[-1]]
flat = " ".join(" ".join(sec).split())


def expect(cond, what):
    global checked
    checked += 1
    if not cond:
        bad.append(what)


def row(first, n, anywhere=False):
    """The n numbers at the end of the section's lines starting with first
    (anywhere: holding it as a word)."""
    out = []
    for l in sec:
        t = l.split()
        if t and (t[0] == first or anywhere and first in t):
            nums = re.findall(r"\d+", " ".join(t[1:]))
            out.append([int(x) for x in nums[-n:]] if len(nums) >= n else None)
    return out


fws = [r[0] for r in q("SELECT DISTINCT framework FROM indicator_value WHERE year = ? ORDER BY 1",
                        year)]
registry = one("SELECT count(*) FROM round_institution WHERE year = ?", year)
for fw in fws:
    # pillars: indicators under each, of them questions and admin data
    nodes = q("SELECT code, parent, is_indicator, question FROM node WHERE framework = ?", fw)
    parent = {c: p for c, p, _, _ in nodes}
    for pil in [c for c, p, _, _ in nodes if p == fw]:
        def under(c):
            while c and parent.get(c) != fw:
                c = parent.get(c)
            return c == pil
        ind = [(c, qu) for c, p, i, qu in nodes if i and under(c)]
        n_q = sum(1 for _, qu in ind if qu)
        got = [r for r in row(pil, 3, True) if r]
        expect(got and got[0] == [len(ind), n_q, len(ind) - n_q],
               f"{fw} pillar {pil}: indicators, questions, admin {got} != {[len(ind), n_q, len(ind) - n_q]}")
    # the round's files of the index
    for path, fid, rows in q("SELECT path, id, rows FROM input_file WHERE year = ? AND framework = ?",
                             year, fw):
        n_lines = one("SELECT count(DISTINCT line) FROM answer WHERE file_id = ?", fid)
        n_inst = one("SELECT count(DISTINCT institution) FROM answer WHERE file_id = ?", fid)
        got = row(path, 3)
        expect(got == [[n_lines, rows, n_inst]],
               f"{path}: lines, answers, institutions {got} != {[n_lines, rows, n_inst]}")
    # coverage
    unit_flags = dict(q("SELECT institution, max(flags & 128) FROM indicator_value WHERE year = ? "
                        "AND framework = ? GROUP BY institution", year, fw))
    screened_units = {u for (u,) in q("SELECT DISTINCT institution FROM indicator_value WHERE year = ? "
                                      "AND framework = ? AND flags & 32", year, fw)}
    none = sum(1 for u, f in unit_flags.items() if f)
    screened = sum(1 for u in screened_units if not unit_flags.get(u))
    scored = one("SELECT count(*) FROM node_value WHERE year = ? AND framework = ? AND node = ? "
                 "AND value IS NOT NULL", year, fw, fw)
    unranked = one("SELECT count(*) FROM node_value v JOIN round_institution r ON r.year = v.year "
                   "AND r.code = v.institution WHERE v.year = ? AND v.framework = ? AND v.node = ? "
                   "AND v.value IS NOT NULL AND r.unranked = 1", year, fw, fw)
    ranked = one("SELECT count(*) FROM node_value WHERE year = ? AND framework = ? AND node = ? "
                 "AND rank > 0", year, fw, fw)
    prev = one("SELECT max(year) FROM node_value WHERE framework = ? AND year < ?", fw, year)
    fresh = one("SELECT count(*) FROM round_institution WHERE year = ? AND code NOT IN "
                "(SELECT code FROM round_institution WHERE year = ?)", year, prev) if prev else None
    want = [registry, registry - none, none, screened, scored, unranked, ranked] + \
        ([fresh] if fresh is not None else [])
    got = [r for r in row(fw, len(want)) if r]
    expect(want in got, f"{fw} coverage {got} lacks {want}")
    # missing data
    cells, unanswered, imputed, noev = con.execute(
        "SELECT count(*), sum(raw IS NULL), sum(flags & 2 != 0), sum(flags & 64 != 0) "
        "FROM indicator_value WHERE year = ? AND framework = ?", (year, fw)).fetchone()
    m = re.search(rf"{fw} +{cells} +{unanswered} \({re.escape(dec(100 * unanswered / cells))} %\).* {imputed}$",
                  "\n".join(" ".join(l.split()) for l in sec), re.M)
    expect(m, f"{fw} missing data: no row «{fw} {cells} {unanswered} ({dec(100 * unanswered / cells)} %) … {imputed}»")
    ev = flat.split(W["evidence"])[-1]
    expect(re.search(rf"\b{fw} {noev}\b", ev), f"{fw}: {noev} answers without evidence not stated")
expect(W["demo"] in flat, "the demo data limitation is missing")
n_q = 7 if re.search(r"^\s*7\. " + W["quality"] + r"\s*$", text, re.M) else 6
expect(W["point"].format(n_q, W["quality"]) in flat,
       f"no pointer to section {n_q}, «{W['quality']}»")
expect(re.search(rf"^\s*{n_q}\. {W['quality']}\s*$", text, re.M),
       f"section {n_q} is not «{W['quality']}»")
for b in bad:
    print("#", b)
print(f"{checked - len(bad)} of {checked} figures agree")
sys.exit(1 if bad else 0)
