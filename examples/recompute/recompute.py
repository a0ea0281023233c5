#!/usr/bin/python3
"""recompute.py — recompute a round's published values from its open data alone.

    python3 recompute.py DATOS_DIR [--tolerance 1e-9]

An independent reviewer's program (Python 3 standard library only): it reads
respuestas.csv (the raw answers), puntos.csv (scoring tables), marco.csv (the
tree, weights, methods, goalposts, scale factors), parametros.csv (every
step's parameters), instituciones.csv (groups and weights), niveles.csv
(maturity thresholds), and recomputes every value of indicadores.csv (the
value after each step), resultados.csv (pillars, indices, ranks, levels) and
the national figures of marco.csv and indices.csv; and the earlier round's
values and ranks of resultados.csv (valor_anterior, posicion_anterior) from
that round's own answers.  It prints one line per
difference larger than the tolerance and exits 1, or prints a summary and
exits 0.

The rules, as docs and parametros.csv state them:
  score        an indicator reads the answers to its pregunta (without one:
               the administrative values coded with its own code); an
               answer's score is its puntaje (the scoring table's points);
               a positive answer to an indicator that requires evidence, with
               no evidence or a malformed web address, counts 0 under
               regla_evidencia = zero.  Respondents are combined per
               institution and question by `respondents`: mean, median, max of
               the answered values, or official (the official respondent's
               answer; if none is official and exactly one answered, that one;
               else missing).
  denominate   value / (denominator / factor_escala).
  screen       kept if (indicators with data) / (indicators) >= threshold;
               with no_answers = exclude, an institution without any answer
               is left out.
  impute       zero, mean, median, group_mean, group_median over the kept
               institutions with data (group = instituciones.grupo).
  treat        skewness g1*sqrt(n(n-1))/(n-2) and kurtosis (sample-adjusted
               excess, as COINr/R e1071 type 2); an indicator fails when
               |skew| >= skew_max and kurt >= kurt_max; winsorise up to winmax
               points (the extreme values move to the next value, the side
               given by the skewness sign); if still failing and log_fallback,
               log(x - min + 0.01 (max - min)) of the untreated values.
  normalise    direction applied first (x * dir); goalposts
               (x - lower)/(upper - lower), clipped to [0, 1], mapped to
               [lower, upper] of the step; min-max; z-score; none.
  aggregate    over the children with data, weights renormalised: arithmetic
               sum(w x)/sum(w); geometric exp(sum(w log(x + s))/sum(w)) - s,
               s = zero_shift when a child is 0 (else 0).
  rank         competition ranks (1, 2, 2, 4) of the values rounded to the
               published decimals (round half away from zero on the 15
               significant digits), over the included institutions.
  levels       the index value rounded likewise; level i+1 when value >=
               threshold i (boundary = upper).
"""
import csv
import math
import os
import re
import sys
from decimal import ROUND_HALF_UP, Decimal

NAN = float("nan")


def read(base, name):
    with open(os.path.join(base, name + ".csv"), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def num(s):
    return NAN if s is None or s == "" else float(s)


def text(s):
    """A CSV text cell: a leading apostrophe before = + - @ was added to keep
    spreadsheets from running it (datapackage.json says so)."""
    return s[1:] if s[:1] == "'" and s[1:2] in ("=", "+", "-", "@", "\t", "\r") else s


def round_decimals(x, d):
    if math.isnan(x) or x == 0:
        return x
    q = Decimal("%.14e" % abs(x)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
    return math.copysign(float(q), x) if q else 0.0


def mean(v):
    """The engine's mean: long-double sum, then one refinement pass; floats
    with math.fsum give the correctly rounded sum, well within 1e-9."""
    return math.fsum(v) / len(v) if v else NAN


def median(v):
    s = sorted(v)
    n = len(s)
    if not n:
        return NAN
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def skew(v):
    n = len(v)
    if n < 3:
        return NAN
    m = mean(v)
    d = [x - m for x in v]
    s2 = math.fsum(x * x for x in d)
    s3 = math.fsum(x ** 3 for x in d)
    if s2 == 0:
        return NAN
    y = math.sqrt(n) * s3 / s2 ** 1.5
    return y * math.sqrt(n * (n - 1)) / (n - 2)


def kurt(v):
    n = len(v)
    if n < 4:
        return NAN
    m = mean(v)
    d = [x - m for x in v]
    s2 = math.fsum(x * x for x in d)
    s4 = math.fsum(x ** 4 for x in d)
    if s2 == 0:
        return NAN
    r = n * s4 / (s2 * s2)
    return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))


URL = re.compile(r"^https?://[A-Za-z0-9\u00c0-\uffff]([A-Za-z0-9\u00c0-\uffff.-]*)(:[0-9]+)?"
                 r"([/?#][^\s\"<>\\^`{|}]*)?$", re.I)


def evidence_ok(ev):
    if not ev:
        return False
    low = ev.lower()
    looks_web = "://" in low or low.startswith("http") or low.startswith("www.")
    return bool(URL.match(ev)) if looks_web else True


class Index:
    """One index of the round: its tree, parameters and institutions."""

    def __init__(self, code, data):
        self.code = code
        self.units = [r["codigo"] for r in data["instituciones"]]
        self.group = {r["codigo"]: r["grupo"] or None for r in data["instituciones"]}
        self.uweight = {r["codigo"]: num(r["peso"]) for r in data["instituciones"]}
        # clasificada = false (registry ranked = no): scored, but no rank and
        # not in the national figure
        self.ranked = {r["codigo"]: r.get("clasificada", "true") != "false"
                       for r in data["instituciones"]}
        self.nodes = [r for r in data["marco"] if r["indice"] == code]
        self.by_code = {r["nodo"]: r for r in self.nodes}
        self.children = {r["nodo"]: [] for r in self.nodes}
        for r in self.nodes:
            if r["padre"]:
                self.children[r["padre"]].append(r["nodo"])
        self.root = next(r["nodo"] for r in self.nodes if not r["padre"])
        self.ind = [r for r in self.nodes if r["es_indicador"] == "true"]
        self.p = {(r["paso"], r["parametro"]): r["valor"] for r in data["parametros"]
                  if r["indice"] == code}
        self.year = int(next(r["anio"] for r in data["indices"] if r["codigo"] == code))
        self.levels = [num(r["umbral_inferior"]) for r in data["niveles"] if r["indice"] == code]

    def param(self, step, name):
        return self.p[(step, name)]

    def steps(self):
        return self.param("index", "steps").split(";")


def score(ix, answers):
    """Raw values and denominators per (unit, indicator), from the answers."""
    rule = ix.param("score", "respondents")
    ev_rule = {}
    for r in ix.ind:
        if r["requiere_evidencia"] == "true" and r["pregunta"]:
            ev_rule[r["pregunta"]] = r["regla_evidencia"]
    cells = {}
    for a in answers:
        if a["indice"] != ix.code or int(a["anio"]) != ix.year:
            continue
        v = num(a["puntaje"])
        q = a["pregunta"]
        if q in ev_rule and not math.isnan(v) and v != 0 and not evidence_ok(a["evidencia"]):
            v = v if ev_rule[q] == "keep" else 0.0
        cells.setdefault((a["institucion"], q), []).append((v, a["oficial"] == "true"))

    def value(unit, q):
        got = cells.get((unit, q), [])
        vals = [v for v, _ in got if not math.isnan(v)]
        if rule == "mean":
            s = 0.0
            for v in vals:
                s += v
            return s / len(vals) if vals else NAN
        if rule == "median":
            return median(vals)
        if rule == "max":
            return max(vals) if vals else NAN
        off = [v for v, o in got if o]
        if off:
            return off[0] if all(v == off[0] for v in off) else NAN
        return vals[0] if len(vals) == 1 else NAN

    raw, den = {}, {}
    for u in ix.units:
        for r in ix.ind:
            raw[u, r["nodo"]] = value(u, r["pregunta"] or r["nodo"])
            den[u, r["nodo"]] = value(u, r["denominador"]) if r["denominador"] else NAN
    return raw, den


def denominate(ix, cur, den, inc):
    for r in ix.ind:
        if not r["denominador"]:
            continue
        sf = num(r["factor_escala"])
        for u in ix.units:
            if not inc[u]:
                continue
            c, d = cur[u, r["nodo"]], den[u, r["nodo"]]
            cur[u, r["nodo"]] = NAN if math.isnan(c) or math.isnan(d) or d == 0 else c / (d / sf)


def screen(ix, cur, inc):
    thr = num(ix.param("screen", "threshold"))
    n = len(ix.ind)
    keep = {u: inc[u] and n > 0 and sum(not math.isnan(cur[u, r["nodo"]]) for r in ix.ind) / n >= thr
            for u in ix.units}
    for u in filter(None, ix.param("screen", "force_include").split(";")):
        keep[u] = True
    for u in filter(None, ix.param("screen", "force_exclude").split(";")):
        keep[u] = False
    for u in ix.units:
        if not (keep[u] and inc[u]):
            inc[u] = False
            for r in ix.ind:
                cur[u, r["nodo"]] = NAN


def impute(ix, cur, inc):
    m = ix.param("impute", "method")
    if m == "none":
        return
    for r in ix.ind:
        have = [(u, cur[u, r["nodo"]]) for u in ix.units
                if inc[u] and not math.isnan(cur[u, r["nodo"]])]
        f = median if "median" in m else mean
        for u in ix.units:
            if not inc[u] or not math.isnan(cur[u, r["nodo"]]):
                continue
            if m == "zero":
                fill = 0.0
            elif m.startswith("group"):
                g = ix.group[u]
                if g is None:
                    continue
                fill = f([v for w, v in have if ix.group[w] == g])
            else:
                fill = f([v for _, v in have])
            if not math.isnan(fill):
                cur[u, r["nodo"]] = fill


def passes(v, smax, kmax):
    s, k = skew(v), kurt(v)
    return abs(s) < smax or k < kmax or (math.isnan(s) and math.isnan(k))


def winsorise(w, winmax, smax, kmax):
    nmax = nmin = nwin = 0
    ok = False
    while not ok and nwin < winmax:
        high = skew(w) >= 0
        ext = max(w) if high else min(w)
        rest = [x for x in w if x != ext]
        if not rest:
            break
        nxt = max(rest) if high else min(rest)
        tied = len(w) - len(rest)
        w[:] = [nxt if x == ext else x for x in w]
        if high:
            nmax = tied
        else:
            nmin = tied
        nwin = nmax + nmin
        ok = passes(w, smax, kmax)
    return ok


def treat(ix, cur, inc):
    smax, kmax = num(ix.param("treat", "skew_max")), num(ix.param("treat", "kurt_max"))
    winmax = int(num(ix.param("treat", "winmax")))
    logf = ix.param("treat", "log_fallback") == "true"
    for r in ix.ind:
        at = [u for u in ix.units if inc[u] and not math.isnan(cur[u, r["nodo"]])]
        v = [cur[u, r["nodo"]] for u in at]
        if len(v) < 4 or passes(v, smax, kmax):
            continue
        w = list(v)
        if not winsorise(w, winmax, smax, kmax) and logf:
            mn, mx = min(v), max(v)
            w = [math.log(x - mn + 0.01 * (mx - mn)) for x in v]
        for u, x in zip(at, w):
            cur[u, r["nodo"]] = x


def normalise(ix, cur, inc):
    lo, hi = num(ix.param("normalise", "lower")), num(ix.param("normalise", "upper"))
    for r in ix.ind:
        m, d = r["normalizacion"], int(r["direccion"])
        at = [u for u in ix.units if inc[u] and not math.isnan(cur[u, r["nodo"]])]
        v = [cur[u, r["nodo"]] * d for u in at]
        if not v:
            continue
        if m == "none":
            out = v
        elif m == "goalposts":
            gl, gu = num(r["meta_inferior"]), num(r["meta_superior"])
            out = []
            for x in v:
                y = (x - (-gu)) / ((-gl) - (-gu)) if d < 0 else (x - gl) / (gu - gl)
                out.append(lo + min(1.0, max(0.0, y)) * (hi - lo))
        elif m == "minmax":
            mn, mx = min(v), max(v)
            out = [NAN if mn == mx else (x - mn) / (mx - mn) * (hi - lo) + lo for x in v]
        elif m == "zscore":
            mu = mean(v)
            sd = math.sqrt(math.fsum((x - mu) ** 2 for x in v) / (len(v) - 1)) if len(v) > 1 else NAN
            out = [(x - mu) / sd if sd > 0 else NAN for x in v]
        else:
            raise SystemExit(f"recompute.py: normalisation {m!r} is not implemented here")
        for u, x in zip(at, out):
            cur[u, r["nodo"]] = x


def agg_values(method, xs, ws, shift):
    sw = math.fsum(ws)
    if method == "arithmetic":
        return math.fsum(w / sw * x for x, w in zip(xs, ws))
    if method == "geometric":
        s = shift if any(x == 0 for x in xs) else 0.0
        return math.exp(math.fsum(w * math.log(x + s) for x, w in zip(xs, ws)) / sw) - s
    if method == "harmonic":
        s = shift if any(x == 0 for x in xs) else 0.0
        return sw / math.fsum(w / (x + s) for x, w in zip(xs, ws)) - s
    raise SystemExit(f"recompute.py: aggregation {method!r} is not implemented here")


def aggregate(ix, value, inc):
    """Children before parents: a node's value once all its children have one."""
    shift = num(ix.param("aggregate", "zero_shift"))

    def visit(k):
        kids = ix.children[k]
        if not kids:
            return
        for c in kids:
            visit(c)
        node = ix.by_code[k]
        thr = num(ix.param("aggregate", "level%s_threshold" % node["nivel_arbol"]))
        for u in ix.units:
            if not inc[u]:
                value[u, k] = NAN
                continue
            have = [(value[u, c], num(ix.by_code[c]["peso"])) for c in kids
                    if not math.isnan(value[u, c])]
            ok = have and not (len(have) / len(kids) < thr)
            value[u, k] = agg_values(node["agregacion"], [x for x, _ in have],
                                     [w for _, w in have], shift) if ok else NAN
    visit(ix.root)


def ranks(ix, value, inc, k, decimals):
    vals = {u: round_decimals(value[u, k], decimals) if decimals is not None else value[u, k]
            for u in ix.units if inc[u] and ix.ranked[u] and not math.isnan(value[u, k])}
    return {u: 1 + sum(w > v for w in vals.values()) for u, v in vals.items()}


def level(ix, x, decimals):
    if math.isnan(x) or not ix.levels:
        return None
    if decimals is not None:
        x = round_decimals(x, decimals)
    lv = 1
    for i, t in enumerate(ix.levels[1:]):
        if (x > t) if ix.param("maturity", "boundary") == "lower" else (x >= t):
            lv = i + 2
    return lv


def run(ix, answers):
    """Every published value of the index: the stage snapshots per indicator
    cell, the node values, ranks, levels and national figures."""
    raw, den = score(ix, answers)
    inc = {u: True for u in ix.units}
    if ix.param("screen", "no_answers") == "exclude":
        for u in ix.units:
            inc[u] = any(not math.isnan(raw[u, r["nodo"]]) or not math.isnan(den[u, r["nodo"]])
                         for r in ix.ind) or not ix.ind
    cur = dict(raw)
    stage = {}
    for s in ix.steps():
        if s == "denominate":
            denominate(ix, cur, den, inc)
            stage["valor_denominado"] = dict(cur)
        elif s == "screen":
            screen(ix, cur, inc)
        elif s == "impute":
            impute(ix, cur, inc)
            stage["valor_imputado"] = dict(cur)
        elif s == "treat":
            treat(ix, cur, inc)
            stage["valor_tratado"] = dict(cur)
        elif s == "normalise":
            normalise(ix, cur, inc)
    prev = raw
    for name in ("valor_denominado", "valor_imputado", "valor_tratado"):
        prev = stage.setdefault(name, dict(prev))
    stage["valor_bruto"], stage["denominador"], stage["valor_normalizado"] = raw, den, dict(cur)
    value = {(u, r["nodo"]): cur[u, r["nodo"]] if inc[u] else NAN
             for u in ix.units for r in ix.ind}
    if "aggregate" in ix.steps():
        aggregate(ix, value, inc)
    dec = int(num(ix.param("rank", "decimals"))) if ix.param("rank", "rounded") == "true" else None
    rank = {k["nodo"]: ranks(ix, value, inc, k["nodo"], dec) for k in ix.nodes}
    mdec = int(num(ix.param("maturity", "decimals"))) if ix.param("maturity", "rounded") == "true" \
        else None
    levels = {u: level(ix, value[u, ix.root], mdec) for u in ix.units}
    national = {}
    for k in ix.nodes:
        pairs = [(ix.uweight[u], value[u, k["nodo"]]) for u in ix.units
                 if inc[u] and ix.ranked[u] and not math.isnan(value[u, k["nodo"]])]
        sw = math.fsum(w for w, _ in pairs)
        national[k["nodo"]] = math.fsum(w * v for w, v in pairs) / sw if sw > 0 else NAN
    return stage, value, rank, levels, national, inc


class Checker:
    def __init__(self, tol):
        self.tol, self.n, self.bad = tol, 0, []

    def num(self, where, got, want):
        self.n += 1
        if math.isnan(got) and math.isnan(want):
            return
        if math.isnan(got) or math.isnan(want) or abs(got - want) > self.tol * max(1.0, abs(want)):
            self.bad.append(f"{where}: published {want!r}, recomputed {got!r}")

    def same(self, where, got, want):
        self.n += 1
        if got != want:
            self.bad.append(f"{where}: published {want!r}, recomputed {got!r}")


def check_previous(ix, data, chk):
    """valor_anterior and posicion_anterior: the earlier round recomputed from
    its own answers (respuestas.csv holds every stored round) with the same
    framework."""
    prev = {int(r["anio_anterior"]) for r in data["indices"]
            if r["codigo"] == ix.code and r["anio_anterior"]}
    if not prev:
        return
    year, ix.year = ix.year, prev.pop()
    _, value, rank, _, _, _ = run(ix, data["respuestas"])
    ix.year = year
    for line, r in enumerate(data["resultados"], start=2):
        if r["indice"] != ix.code:
            continue
        u, k = r["institucion"], r["nodo"]
        chk.num(f"resultados.csv:{line}: valor_anterior {ix.code} {u} {k}", value[u, k],
                num(r["valor_anterior"]))
        chk.same(f"resultados.csv:{line}: posicion_anterior {ix.code} {u} {k}", rank[k].get(u),
                 int(r["posicion_anterior"]) if r["posicion_anterior"] else None)


def check_index(ix, data, chk):
    check_previous(ix, data, chk)
    stage, value, rank, levels, national, inc = run(ix, data["respuestas"])
    for line, r in enumerate(data["indicadores"], start=2):
        if r["indice"] != ix.code:
            continue
        u, k = r["institucion"], r["indicador"]
        for col in ("valor_bruto", "denominador", "valor_denominado", "valor_imputado",
                    "valor_tratado", "valor_normalizado"):
            chk.num(f"indicadores.csv:{line}: {col} {ix.code} {u} {k}", stage[col][u, k],
                    num(r[col]))
    for line, r in enumerate(data["resultados"], start=2):
        if r["indice"] != ix.code:
            continue
        u, k = r["institucion"], r["nodo"]
        chk.num(f"resultados.csv:{line}: valor {ix.code} {u} {k}", value[u, k], num(r["valor"]))
        chk.same(f"resultados.csv:{line}: posicion {ix.code} {u} {k}", rank[k].get(u),
                 int(r["posicion"]) if r["posicion"] else None)
        chk.same(f"resultados.csv:{line}: incluida {ix.code} {u}", inc[u], r["incluida"] == "true")
        if k == ix.root:
            chk.same(f"resultados.csv:{line}: nivel {ix.code} {u}", levels[u],
                     int(r["nivel"]) if r["nivel"] else None)
    for line, r in enumerate(data["marco"], start=2):
        if r["indice"] == ix.code:
            chk.num(f"marco.csv:{line}: promedio_nacional {ix.code} {r['nodo']}",
                    national[r["nodo"]], num(r["promedio_nacional"]))
    for line, r in enumerate(data["indices"], start=2):
        if r["codigo"] == ix.code:
            chk.num(f"indices.csv:{line}: promedio_nacional {ix.code}", national[ix.root],
                    num(r["promedio_nacional"]))


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--tolerance"):
        print("usage: recompute.py DATOS_DIR [--tolerance 1e-9]", file=sys.stderr)
        return 2
    tol = float(argv[3]) if len(argv) == 4 else 1e-9
    names = ("indices", "instituciones", "marco", "niveles", "resultados", "indicadores",
             "respuestas", "parametros")
    data = {n: read(argv[1], n) for n in names}
    for r in data["respuestas"]:
        r["respuesta"] = text(r["respuesta"])
    chk = Checker(tol)
    for r in data["indices"]:
        check_index(Index(r["codigo"], data), data, chk)
    for b in chk.bad[:50]:
        print(b)
    if chk.bad:
        print(f"{len(chk.bad)} of {chk.n} published values differ by more than {tol}")
        return 1
    print(f"ok: {chk.n} published values recomputed within {tol}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
