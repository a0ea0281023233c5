#!/usr/bin/python3
"""check_workbook.py — indigo's workbooks read back by other programs (TAP).

  check_workbook.py content EXE     what the fixture's workbooks hold, read with
                                    openpyxl: sheets, hostile text kept as text,
                                    engine values cached, names, charts, dates
  check_workbook.py recalc [PROGRAM] EXE
                                    LibreOffice (or PROGRAM: Gnumeric, with
                                    ssconvert --recalc), forced to recalculate,
                                    against every formula's cached value
                                    (within 1e-9)
  check_workbook.py whatif [PROGRAM] EXE
                                    a weight edited in Pesos (openpyxl), then
                                    recalculated, against the engine run with
                                    that weight (scores, ranks, levels); an
                                    institution's weight in column C, against
                                    the weighted mean
  check_workbook.py recalc-file [PROGRAM] BOOK.xlsx [MIN_FORMULAS]
                                    the recalculation check on any workbook
                                    (e.g. the demo round's)

EXE is tests/workbook/test_workbook; `EXE --write DIR` writes the fixture's
workbooks and the engine's numbers (expected.txt, whatif.txt).

LibreOffice does not recalculate an xlsx on load unless told to: a private
profile with OOXMLRecalcMode = 0 ("always") does it.  To prove that it really
recalculated, every cached value is first overwritten with 0 in a copy, so a
LibreOffice that only echoed the cache would fail every check.
Run with /usr/bin/python3 (Debian's openpyxl).
"""
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl

TOL = 1e-9


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        print(("ok" if cond else "not ok") + " %d - %s" % (self.n, name))
        if not cond:
            self.failed += 1
            if diag:
                for line in str(diag).splitlines():
                    print("#   " + line)
        sys.stdout.flush()
        return cond

    def is_(self, got, want, name):
        return self.ok(got == want, name, "got  %r\nwant %r" % (got, want))

    def done(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


def generate(exe, d):
    subprocess.run([exe, "--write", d], check=True, stdout=subprocess.DEVNULL)


def read_expected(path):
    """'FW UNIT value rank level' lines -> {(fw, unit): (value, rank, level)}
    (level None for '-'); 'weight' line -> tuple"""
    exp, weight = {}, None
    with open(path) as fp:
        for line in fp:
            f = line.split()
            if f[0] == "weight":
                weight = (f[1], f[2], float(f[3]))
            else:
                exp[(f[0], f[1])] = (float(f[2]), int(f[3]), None if f[4] == "-" else f[4])
    return exp, weight


# ---------------------------------------------------------------------------
# LibreOffice
# ---------------------------------------------------------------------------

XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def poison(src, dst):
    """Copy src with every formula's cached value replaced by 0."""
    n = 0
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text, k = re.subn(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1<v>0</v>",
                                  data.decode("utf-8"))
                n += k
                data = text.encode("utf-8")
            zout.writestr(item, data)
    return n


def recalc(paths, workdir):
    """Open each workbook in LibreOffice with recalculation forced and save it
    as xlsx again; returns the paths of the recalculated copies."""
    profile = os.path.join(workdir, "lo-profile")
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as fp:
        fp.write(XCU)
    out = os.path.join(workdir, "recalculated")
    os.makedirs(out, exist_ok=True)
    cmd = ["soffice", "-env:UserInstallation=file://" + profile, "--headless",
           "--convert-to", "xlsx", "--outdir", out] + list(paths)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=100)
    return [os.path.join(out, os.path.basename(p)) for p in paths]


def formula_cells(path):
    """[(sheet, coordinate, formula, cached value)] of every formula cell."""
    wf = openpyxl.load_workbook(path)
    wv = openpyxl.load_workbook(path, data_only=True)
    cells = []
    for ws in wf.worksheets:
        vs = wv[ws.title]
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    cells.append((ws.title, c.coordinate, c.value, vs[c.coordinate].value))
    return cells


def recalc_gnumeric(paths, workdir):
    """The same with gnumeric's ssconvert --recalc (xlsx in, xlsx out)."""
    out = os.path.join(workdir, "recalculated-gnumeric")
    os.makedirs(out, exist_ok=True)
    res = []
    for p in paths:
        dst = os.path.join(out, os.path.basename(p))
        subprocess.run(["ssconvert", "--recalc", p, dst], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=100)
        res.append(dst)
    return res


PROGRAMS = {"LibreOffice": recalc, "Gnumeric": recalc_gnumeric}


def close(got, want):
    """Numbers within TOL (relative above 1); text (a level) equal."""
    if isinstance(want, str) or isinstance(got, str):
        return got == want
    return (isinstance(got, (int, float)) and not isinstance(got, bool)
            and isinstance(want, (int, float)) and not isinstance(want, bool)
            and abs(got - want) <= TOL * max(1.0, abs(want)))


def check_recalc(t, path, workdir, min_formulas, program="LibreOffice"):
    """Every formula of path recalculated by program, from zeroed caches,
    against indigo's cached value: all within TOL, no exceptions (ranks are
    over ROUND columns, so equal published scores are equal numbers)."""
    name = os.path.basename(path)
    cells = formula_cells(path)
    t.ok(len(cells) >= min_formulas, "%s: %d formulas (at least %d)" % (name, len(cells),
                                                                       min_formulas))
    uncached = [c for c in cells if not isinstance(c[3], (int, float, str))]
    t.ok(not uncached, "%s: every formula has a cached value" % name,
         "\n".join("%s!%s %s cached %r" % c for c in uncached[:10]))
    bad_fn = [c for c in cells if "ISNUMBER" in c[2] or "--(" in c[2]]
    t.ok(not bad_fn, "%s: no --ISNUMBER constructs (Gnumeric makes them #VALUE!)" % name,
         "\n".join("%s!%s %s" % c[:3] for c in bad_fn[:5]))
    zero = os.path.join(workdir, "zeroed-" + name)
    n_zeroed = poison(path, zero)
    t.is_(n_zeroed, len(cells), "%s: every cached value zeroed in the copy %s opens"
          % (name, program))
    (out,) = PROGRAMS[program]([zero], workdir)
    rv = openpyxl.load_workbook(out, data_only=True)
    bad = []
    for sheet, coord, formula, value in cells:
        got = rv[sheet][coord].value
        if not close(got, value):
            bad.append("%s!%s %s: %s %r, indigo %r" % (sheet, coord, formula, program, got,
                                                        value))
    t.ok(not bad, "%s: %s recomputes all %d formulas to indigo's values within %g"
         % (name, program, len(cells), TOL),
         "\n".join(bad[:15]) + ("\n... %d in all" % len(bad) if len(bad) > 15 else ""))
    return rv


# ---------------------------------------------------------------------------
# Layout helpers (by header text, as a reader would find things)
# ---------------------------------------------------------------------------

def find_header(ws, first, max_row=12):
    """Row number whose column A holds `first`."""
    for r in range(1, max_row + 1):
        if ws.cell(r, 1).value == first:
            return r
    return None


def index_table(ws, root, rank_head, head_first="Código"):
    """{unit: (value, rank)} from an index sheet, found by its header."""
    hr = find_header(ws, head_first)
    heads = {ws.cell(hr, c).value: c for c in range(1, ws.max_column + 1)}
    vc, rc = heads[root], heads[rank_head]
    out = {}
    r = hr + 1
    while ws.cell(r, 1).value:
        out[ws.cell(r, 1).value] = (ws.cell(r, vc).value, ws.cell(r, rc).value)
        r += 1
    return out


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


# ---------------------------------------------------------------------------
# content
# ---------------------------------------------------------------------------

def content(t, d):
    es = os.path.join(d, "round-es.xlsx")
    en = os.path.join(d, "round-en.xlsx")
    exp, _ = read_expected(os.path.join(d, "expected.txt"))
    wb = openpyxl.load_workbook(es)
    wv = openpyxl.load_workbook(es, data_only=True)
    t.is_(wb.sheetnames, ["Resumen", "TA", "TB", "Indicadores", "Pesos", "Marco", "Respuestas",
                          "Metodología", "Robustez", "Procedencia"], "Spanish sheet names, in order")
    wbe = openpyxl.load_workbook(en)
    t.is_(wbe.sheetnames, ["Summary", "TA", "TB", "Indicators", "Weights", "Framework",
                           "Answers", "Methodology", "Robustness", "Provenance"], "English sheet names")
    notes = [ws.title for ws in wb.worksheets
             if "«datos de demostración»" not in str(ws["A2"].value)]
    t.ok(not notes, "every Spanish sheet says «datos de demostración» in A2", notes)
    notes = [ws.title for ws in wbe.worksheets
             if "«demonstration data»" not in str(wbe[ws.title]["A2"].value)]
    t.ok(not notes, "every English sheet says «demonstration data» in A2", notes)

    # engine values cached where a reader without recalculation looks
    for fw in ("TA", "TB"):
        tab = index_table(wv[fw], fw, "Posición " + fw)
        bad = [(u, tab.get(u), v) for (f, u), v in exp.items() if f == fw
               and not (close(tab.get(u, (None,))[0], v[0]) and tab[u][1] == v[1])]
        t.ok(not bad and len(tab) == 6, "%s sheet caches the engine's index values and ranks"
             % fw, bad)
    ta = index_table(wv["TA"], "TA", "Posición TA")
    t.ok(ta["U5"] == (None, None), "TA: the screened-out U5 has no value and no rank")
    res = wv["Resumen"]
    hr = find_header(res, "Código")
    heads = {res.cell(hr, c).value: c for c in range(1, res.max_column + 1)}
    rows = {res.cell(r, 1).value: r for r in range(hr + 1, hr + 7)}
    t.ok(close(res.cell(rows["U2"], heads["TA: Puntaje"]).value, exp[("TA", "U2")][0]),
         "Resumen caches U2's TA score")
    t.is_(res.cell(rows["U2"], heads["TA: Posición 2025"]).value, 4, "Resumen: U2's 2025 rank")
    t.ok(close(res.cell(rows["U2"], heads["TA: Cambio de puntaje"]).value,
               exp[("TA", "U2")][0] - 40.25), "Resumen: U2's change = score - 40.25")
    t.is_(res.cell(rows["U2"], heads["TA: Cambio de posición"]).value,
          4 - exp[("TA", "U2")][1], "Resumen: U2's change in rank = 4 - rank")
    t.is_(res.cell(rows["U2"], heads["TA: Nivel"]).value, "Avanzado",
          "Resumen: U2's maturity level (62.2 -> Avanzado)")

    # text from the inputs stays text
    inj = [("TA", "B8"), ("Resumen", "B%d" % rows["U3"])]
    for sheet, coord in inj:
        c = wb[sheet][coord]
        t.ok(c.data_type == "s" and c.value == '=HYPERLINK("http://example.com","clic")',
             "%s!%s: the institution named =HYPERLINK(...) is a string cell" % (sheet, coord),
             "%r %r" % (c.data_type, c.value))
    ans = wb["Respuestas"]
    vals = {}
    for r in range(5, ans.max_row + 1):
        c = ans.cell(r, 6)
        vals[c.value] = c.data_type
    for v in ['=HYPERLINK("http://evil.example","x")', "+5", "-3", "@SUM(A1)"]:
        t.is_(vals.get(v), "s", "answer %r stays a string cell" % v)
    t.ok("caf\ufffd con leche" in vals, "an invalid UTF-8 byte becomes U+FFFD", list(vals))
    evid = [ans.cell(r, 8).value for r in range(5, ans.max_row + 1)]
    long_ev = [e for e in evid if e and len(e) > 1000]
    mark = "… [texto truncado]"
    if t.ok(len(long_ev) == 1, "the 40,000-character evidence is there"):
        e = long_ev[0]
        t.is_(utf16_len(e), 32767, "and cut to 32,767 characters")
        t.ok(e.endswith(mark) and e.startswith("é" * 20000)
             and e[20000:-len(mark)] == "a" * (32767 - 20000 - len(mark)),
             "at a character boundary, with the mark %r" % mark)
    t.ok("tab\there" in evid, "a tab in text is kept")
    src = [wb["Marco"].cell(r, 19) for r in range(5, 30)]
    src = [c for c in src if c.value and c.value.startswith("=SUM")]
    t.ok(len(src) == 1 and src[0].data_type == "s", "Marco: a source starting with = is text")
    t.is_(wbe["Framework"]["A1"].data_type, "s", "English Framework title is text")

    # Indicadores: imputed cells marked, NA empty, excluded flagged
    ind = wb["Indicadores"]
    ih = find_header(ind, "Índice")
    ih_cols = {ind.cell(ih, c).value: c for c in range(1, ind.max_column + 1)}
    byrow = {}
    for r in range(ih + 1, ind.max_row + 1):
        byrow[(ind.cell(r, ih_cols["Índice"]).value, ind.cell(r, ih_cols["Indicador"]).value,
               ind.cell(r, ih_cols["Código"]).value)] = r
    r = byrow[("TA", "a2", "U2")]
    imp = ind.cell(r, ih_cols["Imputado"])
    t.ok(wv["Indicadores"].cell(r, ih_cols["Imputado"]).value == 10
         and imp.fill.fgColor.rgb in ("FFFCE4D6", "00FCE4D6"),
         "U2's imputed a2 = 10 with an orange fill", "%r %r" % (imp.value, imp.fill.fgColor.rgb))
    t.is_(ind.cell(r, ih_cols["Marcas"]).value, "imputado", "and the flag column says imputado")
    r = byrow[("TA", "a3", "U6")]
    t.ok(ind.cell(r, ih_cols["Normalizado"]).value is None
         and ind.cell(r, ih_cols["Marcas"]).value == "sin dato",
         "U6's a3 (NA) has no normalised value and the flag sin dato")
    r = byrow[("TA", "b2", "U5")]
    t.ok(ind.cell(r, ih_cols["Bruto"]).value == 1 and ind.cell(r, ih_cols["Tratado"]).value is None
         and ind.cell(r, ih_cols["Marcas"]).value == "excluido por filtrado",
         "U5 (screened out): raw value kept, later stages empty, flagged")
    r = byrow[("TB", "c2", "U5")]
    t.is_(ind.cell(r, ih_cols["Marcas"]).value, "winsorizado, recortado",
          "TB: U5's c2 flagged winsorizado and recortado (capped at the target)")
    t.is_(ind.cell(byrow[("TA", "a1", "U1")], ih_cols["Marcas"]).value,
          "sin evidencia: no puntúa (cuenta 0)",
          "TA: U1's unsupported a1 says it does not score (missing_evidence = zero)")
    t.is_(ind.cell(byrow[("TB", "c1", "U1")], ih_cols["Marcas"]).value,
          "recortado, sin evidencia: puntúa igual (missing_evidence = keep)",
          "TB: U1's unsupported c1 says it scores as given (missing_evidence = keep)")
    r = byrow[("TB", "c1", "U3")]
    t.is_(ind.cell(r, ih_cols["Marcas"]).value, "recortado", "TB: U3's c1 flagged recortado")
    f = ind.cell(byrow[("TA", "a1", "U1")], ih_cols["Normalizado"]).value
    t.is_(f, "=MAX(0,MIN(1,(L5-'Marco'!$N$7)/('Marco'!$O$7-'Marco'!$N$7)))*100",
          "TA a1 (goalposts) normalised from «Tratado» and Marco's goalposts")
    f = ind.cell(byrow[("TA", "b1", "U1")], ih_cols["Normalizado"]).value
    t.is_(f, "=(MAX(L$23:L$28)-L23)/(MAX(L$23:L$28)-MIN(L$23:L$28))*100",
          "TA b1 (min-max, direction -1) over its block")
    t.is_(wb["Marco"]["B7"].value, "a1", "Marco row 7 is a1 (depth first: TA, P1, a1)")
    t.is_((wb["Marco"]["N7"].value, wb["Marco"]["O7"].value), (0, 1),
          "Marco N7:O7 hold a1's goalposts 0 and 1")

    # ranks, levels and the national mean: live formulas every program agrees on
    ta = wb["TA"]
    th = {ta.cell(5, c).value: c for c in range(1, ta.max_column + 1)}
    lv = ta.cell(7, th["Nivel de madurez"])
    t.ok(str(lv.value).startswith("=INDEX(") and "<=" in lv.value
         and wv["TA"].cell(7, th["Nivel de madurez"]).value == "Avanzado",
         "TA: U2's level is an INDEX over the thresholds table (>= goes up), cached Avanzado",
         lv.value)
    t.is_([wv["TA"].cell(r, th["Desde (puntaje)"]).value for r in range(6, 11)],
          [0, 20, 40, 60, 80], "TA: the thresholds table beside the index table")
    t.is_(ta.cell(12, th["TA"]).value, '=SUMPRODUCT($C$6:$C$11,D6:D11)/SUMIF(D6:D11,"<>",$C$6:$C$11)',
          "TA: the national mean weighted by column C, over the institutions with a value")
    t.is_(ta.cell(6, th["Posición TA"]).value, "=_xlfn.RANK.EQ(D6,D$6:D$11,0)",
          "TA ([rank] unrounded): RANK.EQ over the values themselves")

    tb, tbv = wb["TB"], wv["TB"]
    bh = {tb.cell(5, c).value: c for c in range(1, tb.max_column + 1)}
    brow = {tb.cell(r, 1).value: r for r in range(6, 12)}
    t.ok([(tbv.cell(brow[u], bh["TB redondeado"]).value,
           tbv.cell(brow[u], bh["Posición TB"]).value) for u in ("U2", "U5")] == [(57, 3)] * 2
         and exp[("TB", "U2")][1] == exp[("TB", "U5")][1] == 3
         and exp[("TB", "U2")][0] != exp[("TB", "U5")][0],
         "TB ([rank] decimals = 0): U2 and U5, 57.34 and 57.43, both publish as 57 and share "
         "rank 3, in the engine and the workbook")
    t.is_((tb.cell(brow["U2"], bh["TB redondeado"]).value,
           tb.cell(brow["U2"], bh["Posición TB"]).value),
          ("=ROUND(D7,0)", "=_xlfn.RANK.EQ(%s7,%s$6:%s$11,0)" % ((
              openpyxl.utils.get_column_letter(bh["TB redondeado"]),) * 3)),
          "TB: the rank is RANK.EQ over the ROUND column")

    # weights: named cells, live formulas
    names = {n.name: n.attr_text for n in wb.defined_names.definedName}
    t.is_(len(names), 17, "17 weight names (every node but the two roots)")
    t.is_(names.get("Peso_TA_P2"), "'Pesos'!$F$7", "Peso_TA_P2 points at Pesos!F7")
    t.is_(wb["Pesos"]["F7"].value, 2, "which holds P2's weight 2 (breadth first: TA, P1, P2)")
    t.is_(wb["TA"]["F4"].value, "=Peso_TA_P2", "the TA sheet's weight row reads the name")
    namese = {n.name for n in wbe.defined_names.definedName}
    t.ok("Weight_TA_P2" in namese, "English names: Weight_TA_P2")
    t.ok(close(wv["Pesos"]["H9"].value, 1 / 6), "Pesos: a2's effective weight 1/6 cached")

    # presentation
    t.is_(wb["TA"].freeze_panes, "C6", "TA: header and names frozen")
    t.is_(wb["TA"].auto_filter.ref, "A5:P11", "TA: autofilter over the table")
    t.is_(wb["Indicadores"].auto_filter.ref, "A4:N82", "Indicadores: autofilter over 78 rows")
    t.is_(wb["TA"]["D6"].number_format, "0.0",
          "scores shown at the decimals of the scale (0-100: one), as the reports print them")
    t.ok(not float(wv["TA"]["D6"].value).is_integer() and
         wv["TA"]["D6"].value != round(wv["TA"]["D6"].value, 2),
         "the cell holds the unrounded double")
    t.ok(len(wb["TA"].conditional_formatting) > 0, "TA: colour scale on scores")
    with zipfile.ZipFile(es) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        core = z.read("docProps/core.xml").decode()
    t.is_(len(charts), 4, "four native charts (ranking and pillar profile per index)")
    t.ok("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-01-01T00:00:00Z</dcterms:created>"
         in core, "created = round_timestamp(2026)")
    with zipfile.ZipFile(es) as z:
        c1 = z.read("xl/charts/chart1.xml").decode()
    cat = re.search(r"<c:catAx>.*?</c:catAx>", c1)
    t.ok("<c:f>TA!$B$15:$B$19</c:f>" in c1 and cat
         and '<c:orientation val="maxMin"/>' in cat.group(0),
         "ranking chart: the ranking table's names, rank 1 on top")

    # methodology and provenance
    met = [str(c.value) for row in wb["Metodología"].iter_rows() for c in row if c.value]
    for s in ["Filtrado de instituciones", "Imputación", "Normalización", "Agregación",
              "sobre las instituciones incluidas con dato del mismo grupo", "La mediana ponderada no tiene una fórmula clara en una hoja "
              "de cálculo."]:
        t.ok(any(s in m for m in met), "Metodología mentions %r" % s)
    prov = [str(c.value) for row in wb["Procedencia"].iter_rows() for c in row if c.value]
    for s in ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
              "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
              "0.1.0-test", "2026-01-01T00:00:00Z", "/srv/indigo/indigo.ini"]:
        t.ok(s in prov, "Procedencia holds %s" % s)

    # the institution workbook
    iw = openpyxl.load_workbook(os.path.join(d, "inst-U1-es.xlsx"))
    iv = openpyxl.load_workbook(os.path.join(d, "inst-U1-es.xlsx"), data_only=True)
    t.is_(iw.sheetnames, ["Resumen", "Indicadores", "Respuestas", "Procedencia"],
          "institution workbook sheets")
    t.is_(iw["Resumen"]["A1"].value, "Ministerio de Finanzas Públicas (U1) — 2026",
          "institution workbook title")
    t.ok(close(iv["Resumen"]["C5"].value, exp[("TA", "U1")][0]) and
         iv["Resumen"]["D5"].value == exp[("TA", "U1")][1], "U1's TA score and rank")
    t.is_(iw["Indicadores"].max_row, 4 + 13, "its 13 indicators")
    t.is_(iw["Respuestas"].max_row, 4 + 3, "its 3 answers")
    i3 = openpyxl.load_workbook(os.path.join(d, "inst-U3-en.xlsx"))
    t.is_(i3["Summary"]["A1"].value, "+5 Secretariat (U3) — 2026",
          "U3's English name +5... is the title, as text")
    with zipfile.ZipFile(os.path.join(d, "inst-U1-es.xlsx")) as z:
        t.is_(len([n for n in z.namelist() if n.startswith("xl/charts/chart")]), 2,
              "institution workbook: a pillar chart per index")


# ---------------------------------------------------------------------------
# what-if
# ---------------------------------------------------------------------------

def whatif(t, d, program="LibreOffice"):
    """A weight edited in Pesos: scores, ranks and levels follow the engine's
    run with that weight.  Then an institution's weight in column C: the
    national mean becomes the mean weighted by the edited column."""
    exp, _ = read_expected(os.path.join(d, "expected.txt"))
    want, (fw, node, w) = read_expected(os.path.join(d, "whatif.txt"))
    src = os.path.join(d, "round-es.xlsx")
    wb = openpyxl.load_workbook(src)
    dn = [n for n in wb.defined_names.definedName if n.name == "Peso_%s_%s" % (fw, node)]
    if not t.ok(len(dn) == 1, "the weight of %s %s has a name" % (fw, node)):
        return
    ((sheet, coord),) = list(dn[0].destinations)
    old = wb[sheet][coord.replace("$", "")].value
    wb[sheet][coord.replace("$", "")].value = w
    edited = os.path.join(d, "whatif.xlsx")
    wb.save(edited)
    t.ok(old != w, "edited %s!%s from %r to %r" % (sheet, coord, old, w))
    (out,) = PROGRAMS[program]([edited], d)
    rv = openpyxl.load_workbook(out, data_only=True)
    for f in ("TA", "TB"):
        tab = index_table(rv[f], f, "Posición " + f)
        lev = index_table(rv[f], f, "Nivel de madurez")
        bad = [(u, tab.get(u), lev.get(u, (None, None))[1], v) for (g, u), v in want.items()
               if g == f and not (close(tab.get(u, (None,))[0], v[0]) and tab[u][1] == v[1]
                                  and lev[u][1] == v[2])]
        t.ok(not bad, "%s after the edit (%s): index values, ranks and levels equal the "
             "engine's with that weight" % (f, program), bad)
    moved = [u for (g, u), v in want.items() if g == "TA" and v[1] != exp[(g, u)][1]]
    t.ok(len(moved) >= 2, "the edit moved ranks (%s)" % ", ".join(moved))
    moved = [u for (g, u), v in want.items() if g == "TA" and v[2] != exp[(g, u)][2]]
    t.ok(len(moved) >= 1, "the edit moved levels (%s), and the live formulas followed"
         % ", ".join(moved))
    res = rv["Resumen"]
    hr = find_header(res, "Código")
    heads = {res.cell(hr, c).value: c for c in range(1, res.max_column + 1)}
    rows = {res.cell(r, 1).value: r for r in range(hr + 1, hr + 7)}
    bad = [u for (g, u), v in want.items() if g == "TA" and not (
        close(res.cell(rows[u], heads["TA: Puntaje"]).value, v[0])
        and res.cell(rows[u], heads["TA: Posición"]).value == v[1]
        and res.cell(rows[u], heads["TA: Nivel"]).value == v[2])]
    t.ok(not bad, "Resumen follows: TA scores, ranks and levels as the engine's", bad)
    whatif_national(t, d, exp, program)


def whatif_national(t, d, exp, program):
    """Column C («Peso en el promedio nacional») of TA edited: the national
    mean row recomputes as sum(C v) / sum(C) over the institutions with a
    value, the engine's rule, so editing C is a real what-if."""
    src = os.path.join(d, "round-es.xlsx")
    wb = openpyxl.load_workbook(src)
    ws = wb["TA"]
    hr = find_header(ws, "Código")
    heads = {ws.cell(hr, c).value: c for c in range(1, ws.max_column + 1)}
    wc, vc = heads["Peso en el promedio nacional"], heads["TA"]
    rows = {ws.cell(r, 1).value: r for r in range(hr + 1, hr + 7)}
    nat_row = hr + 7
    t.is_(ws.cell(nat_row, 2).value, "Promedio nacional", "TA: the national mean row")
    weights = {u: ws.cell(r, wc).value for u, r in rows.items()}
    weights["U2"] = 5
    ws.cell(rows["U2"], wc).value = 5
    edited = os.path.join(d, "whatif-c.xlsx")
    wb.save(edited)
    (out,) = PROGRAMS[program]([edited], d)
    rv = openpyxl.load_workbook(out, data_only=True)
    vals = {u: v[0] for (g, u), v in exp.items() if g == "TA"}
    want = sum(weights[u] * v for u, v in vals.items()) / sum(weights[u] for u in vals)
    plain = sum(vals.values()) / len(vals)
    got = rv["TA"].cell(nat_row, vc).value
    t.ok(close(got, want) and not close(got, plain),
         "TA: U2's weight in column C set to 5 moves the national mean to the weighted mean "
         "(%s: %r, want %r, unweighted %r)" % (program, got, want, plain))


def main(argv):
    t = Tap()
    mode = argv[1] if len(argv) > 1 else ""
    program = "LibreOffice"
    if len(argv) > 2 and argv[2] in PROGRAMS:
        program = argv.pop(2)
    if mode == "recalc-file":
        with tempfile.TemporaryDirectory() as d:
            check_recalc(t, argv[2], d, int(argv[3]) if len(argv) > 3 else 1, program)
        return t.done()
    if mode not in ("content", "recalc", "whatif") or len(argv) != 3:
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as d:
        generate(argv[2], d)
        if mode == "content":
            content(t, d)
        elif mode == "recalc":
            for name, n in (("round-es.xlsx", 300), ("round-en.xlsx", 300),
                            ("round-streamed-es.xlsx", 300), ("inst-U1-es.xlsx", 9)):
                check_recalc(t, os.path.join(d, name), d, n, program)
        else:
            whatif(t, d, program)
    return t.done()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
