#!/usr/bin/python3
"""gen_demo.py — deterministic demonstration answers for the IGD, ITIC and IDA.

Writes synthetic answers of the 30 institutions of surveys/instituciones.csv to
the three questionnaires of indicators/igd, indicators/itic and indicators/ida,
for the rounds 2025 and 2026, as the files real tools export:

  surveys/demo/<year>/igd_kobo.csv         KoboToolbox CSV export ("group/question"
                                           headers, _uuid, _submission_time ...)
  surveys/demo/<year>/itic_limesurvey.csv  LimeSurvey export (id, submitdate,
                                           Q01, Q07[SQ001] ..., answer codes)
  surveys/demo/<year>/ida_long.csv         institution,question,value,respondent,evidence
  surveys/demo/<year>/{igd,itic,ida}_admin.csv
                                           institution,indicator,value,source: data
                                           measured outside the survey (catálogo de
                                           trámites, portal de datos, SICOIN)
  surveys/demo/2026/igd_long.csv           the 2026 IGD answers again as a long
                                           table (a test checks both shapes agree)
  surveys/demo/igd_kobo_map.csv            Kobo column -> question mapping
  surveys/demo/itic_limesurvey_map.csv     LimeSurvey code -> question mapping

Everything is driven by the framework files: add a question to questions.csv
and rerun, and it gets answers.  The numbers come from a SplitMix64 generator
written out below and seeded per (institution, question, ...) from an FNV-1a
hash of the names, so the output never depends on Python's random module, on
dict order or on the clock, and adding a question does not change the answers
to the others.  Only +, -, *, / and comparisons touch the random numbers (no
exp/log), so the bytes are the same on any IEEE-754 machine.  Running the
script twice gives byte-identical files.

Model: every institution has a latent capacity; each framework and question
adds its own offset; 2026 adds a per-institution change (mostly a small
improvement).  An answer is the latent level passed through the answer type.
1-3 respondents per institution, one flagged official; a few questions are left
unanswered by everyone (so imputation has work), two secretariats answer
only part of the open-data questionnaire (so screening has work), and one
institution each has an extreme bandwidth per employee and an extreme ICT
spending share (so the ITIC's outlier treatment has work).

Usage: scripts/gen_demo.py [--out DIR]   (default: surveys/demo)
"""
import argparse
import csv
import io
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
YEARS = (2025, 2026)
BASE_SEED = 0x1D160_2026          # "indigo 2026"
MASK = (1 << 64) - 1
DEMO = "datos de demostración"

# ============================================================ random numbers


class SplitMix64:
    """Sebastiano Vigna's SplitMix64: a 64-bit state, one addition and two
    multiply-xorshift rounds per output.  Written out so the sequence is fixed
    forever, whatever Python's random module does."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        """[0, 1) with 53 random bits."""
        return (self.next64() >> 11) * (1.0 / (1 << 53))


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & MASK
    return h


def rng(*keys):
    """An independent stream for one combination of names."""
    return SplitMix64(fnv1a64("|".join(str(k) for k in keys)) ^ BASE_SEED)


def U(*keys):
    return rng(*keys).uniform()


def N(*keys):
    """Approximately standard normal: Irwin-Hall sum of four uniforms,
    centred and scaled (variance of the sum is 4/12)."""
    r = rng(*keys)
    s = r.uniform() + r.uniform() + r.uniform() + r.uniform()
    return (s - 2.0) * 1.7320508075688772


def clamp(x, lo=0.0, hi=1.0):
    return lo if x < lo else hi if x > hi else x


# ============================================================ inputs


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Framework:
    def __init__(self, code, directory):
        self.code = code
        self.nodes = read_csv(os.path.join(directory, "nodes.csv"))
        self.questions = read_csv(os.path.join(directory, "questions.csv"))
        self.options = {}
        for o in read_csv(os.path.join(directory, "options.csv")):
            self.options.setdefault(o["question"], []).append(o)
        self.by_code = {n["code"]: n for n in self.nodes}
        children = {n["parent"] for n in self.nodes}
        self.indicators = [n for n in self.nodes if n["code"] not in children]
        self.reader = {n["question"]: n for n in self.indicators if n["question"]}
        self.denominators = {n["denominator"] for n in self.indicators if n["denominator"]}
        self.evidence_q = {n["question"] for n in self.indicators
                           if n["evidence"] == "si" and n["question"]}
        # admin-only indicators (empty question) and [variables]
        self.admin = [n["code"] for n in self.indicators if not n["question"]]
        qcodes = {q["code"] for q in self.questions}
        self.variables = sorted(d for d in self.denominators if d not in qcodes)
        self.qtype = {q["code"]: q["type"] for q in self.questions}
        self.required = {q["code"] for q in self.questions if q["required"] == "si"}

    def evidence_of(self, qcode):
        """The texto question holding the URL for qcode (convention: qcode_url)."""
        return qcode + "_url"

    def answered(self):
        """Questions a respondent answers (texto evidence questions are
        written next to the question they support, not on their own)."""
        return [q["code"] for q in self.questions if q["type"] != "texto"]


def load_registry():
    rows = read_csv(os.path.join(ROOT, "surveys", "instituciones.csv"))
    return sorted(rows, key=lambda r: r["code"])


# ============================================================ the latent model


def capacity(inst):
    """Latent capacity of an institution, fixed across rounds; ministries have
    larger ICT units on average."""
    c = 0.22 + 0.56 * U("capacity", inst["code"])
    c += 0.07 if inst["group"] == "Ministerio" else -0.03
    return clamp(c, 0.08, 0.92)


def change(code, fw):
    """Change of the latent level from 2025 to 2026: most institutions improve
    a little, about one in six slips back."""
    if U("declines", code) < 0.17:
        return -0.07 * U("decline", code, fw)
    return 0.03 + 0.08 * U("improve", code, fw)


def level(inst, fw, year):
    base = capacity(inst) + 0.10 * N("fw", inst["code"], fw)
    return base + (change(inst["code"], fw) if year == 2026 else 0.0)


def p_question(inst, fw, q, year):
    return clamp(level(inst, fw, year) + 0.16 * N("q", inst["code"], fw, q))


def p_respondent(inst, fw, q, year, r):
    return clamp(p_question(inst, fw, q, year) + 0.07 * N("r", inst["code"], fw, q, r))


def employees(inst, year):
    code = inst["code"]
    u = U("employees", code)
    if inst["group"] == "Ministerio":
        n = 600 + 24000 * u * u * u
    else:
        n = 60 + 900 * u * u
    return int(n * (1.02 if year == 2026 else 1.0) + 0.5)


def catalogue(inst, year):
    code = inst["code"]
    u = U("catalogue", code)
    n = 12 + int(60 * u) if inst["group"] == "Ministerio" else 2 + int(13 * u)
    return n + (int(3 * U("catalogue", code, year)) if year == 2026 else 0)


def datasets_on_portal(inst, year):
    """One count used by both IGD (INF_DATOS_AB) and IDA (LIN_CONJUNTOS): they
    read the same portal."""
    p = clamp(level(inst, "IDA", year) + 0.15 * N("datasets", inst["code"]))
    return int(26 * p * p)


def spending(inst, year):
    """SICOIN: (ICT spending, total spending) in quetzales."""
    code = inst["code"]
    u = U("spending", code)
    total = (350e6 + 14e9 * u * u) if inst["group"] == "Ministerio" else (18e6 + 260e6 * u * u)
    total *= 1.05 if year == 2026 else 1.0
    p = clamp(level(inst, "ITIC", year) + 0.15 * N("ictshare", code))
    share = 0.004 + 0.045 * p * p
    if code == OUTLIERS.get("ict"):          # one large ICT project in the year
        share = 0.16
    return round(total * share, 2), round(total, 2)


# ============================================================ answers


def fmt_num(x, decimals=0):
    if decimals == 0:
        return str(int(round(x)))
    s = f"{x:.{decimals}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


# Questions whose value is derived from the institution's size rather than
# read off goalposts: code -> function(inst, year, p) -> number.
SIZED = {
    "tal_empleados": lambda i, y, p: employees(i, y),
    "itic_empleados": lambda i, y, p: employees(i, y),
    "tal_especialistas": lambda i, y, p: round(employees(i, y) * (0.002 + 0.05 * p * p)),
    "itic_computadoras": lambda i, y, p: round(employees(i, y) * (0.35 + 0.8 * p)),
    "itic_personal_tic": lambda i, y, p: round(employees(i, y) * (0.003 + 0.035 * p * p)),
    "itic_ancho_banda": lambda i, y, p: max(2, round(
        employees(i, y) * (9000 if i["code"] == OUTLIERS.get("bw") else 40 + 1400 * p * p * p)
        / 1000)),
    "ser_tramites_interaccion": lambda i, y, p: round(catalogue(i, y) * 0.95 * p),
}
DECIMALS = {"itic_edad_equipos": 1}

# One institution with far more bandwidth per employee than the rest and one
# with a large ICT project, so the ITIC's outlier treatment has work; chosen in
# main() as the institution with the smallest draw for each key.
OUTLIERS = {}


def answer_value(fw, inst, q, year, r):
    """The value respondent r of inst gives to question q, as the export
    would hold it (option codes for selects, si/no for yes/no)."""
    p = p_respondent(inst, fw.code, q, year, r)
    t = fw.qtype[q]
    if q in SIZED:
        return str(SIZED[q](inst, year, p))
    if t == "si_no":
        return "si" if U("yn", inst["code"], q, r) < p else "no"
    if t == "likert5":
        return str(1 + min(4, int(p * 5)))
    if t == "porcentaje":
        return fmt_num(100 * clamp(p + 0.05 * N("pct", inst["code"], q, year, r)))
    if t == "numero":
        node = fw.reader[q]
        lo, hi = float(node["lower"]), float(node["upper"])
        x = 1.15 * p                                   # some answers pass the upper goalpost
        v = lo + (hi - lo) * x if node["direction"] != "-1" else hi + 0.5 - (hi - lo) * x
        return fmt_num(max(0.0, v), DECIMALS.get(q, 0))
    opts = fw.options.get(q, [])
    if t == "seleccion_unica":
        ordered = sorted(opts, key=lambda o: float(o["points"]))
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]["option"]
    if t == "seleccion_multiple":
        positive = [o["option"] for o in opts if float(o["points"]) > 0]
        none = [o["option"] for o in opts if float(o["points"]) == 0]
        chosen = [c for c in positive if U("ms", inst["code"], q, c, r) < p]
        if not chosen:
            chosen = none[:1] if none else positive[:1]
        return " ".join(chosen)
    raise SystemExit(f"gen_demo: question {q}: type {t} has no generator")


def evidence_url(inst, q, year):
    return f"https://ejemplo.gob.gt/{inst['code'].lower()}/{year}/{q.replace('_', '-')}"


def n_respondents(code, fw, year):
    return 1 + int(3 * U("nresp", code, fw, year))


def unanswered(fw, inst, q, year, r, n, official):
    """True if respondent r leaves q blank.  The official respondent answers
    everything the others answer (under respondents = official a gap there
    would be a data-quality warning, not demo material)."""
    if q in fw.required:
        return False
    code = inst["code"]
    if fw.code == "IDA" and partial_ida(code, year):
        return U("partial", code, q) >= 0.25
    if U("blank_all", code, fw.code, q, year) < 0.025:
        return True                                    # nobody answers it
    return n > 1 and not official and U("skip", code, fw.code, q, year, r) < 0.04


def partial_ida(code, year):
    """Two secretariats that scored 0 in every dimension of Red Ciudadana's
    2021 measurement send only part of the open-data questionnaire: SAA in
    both rounds, SEPAZ in 2025 only (it catches up in 2026)."""
    return code == "SAA" or (code == "SEPAZ" and year == 2025)


class Submission:
    """One respondent's answers."""

    def __init__(self, fw, inst, year, r, n, official):
        self.inst = inst
        self.r = r
        self.official = official
        self.values = {}
        self.evidence = {}
        for q in fw.answered():
            if unanswered(fw, inst, q, year, r, n, official):
                continue
            self.values[q] = answer_value(fw, inst, q, year, r)
            if q in fw.evidence_q:
                self.evidence[q] = evidence_url(inst, q, year)
        self.uuid = uuid_of(inst["code"], fw.code, year, r)
        # submissions arrive over three weeks of March, during office hours
        day = 2 + int(20 * U("day", inst["code"], fw.code, year, r))
        secs = 8 * 3600 + int(9 * 3600 * U("time", inst["code"], fw.code, year, r))
        self.when = (year, 3, day, secs // 3600, secs // 60 % 60, secs % 60)
        self.took = 600 + int(2400 * U("took", inst["code"], fw.code, year, r))


def uuid_of(*keys):
    r = rng("uuid", *keys)
    h = f"{r.next64():016x}{r.next64():016x}"
    h = h[:12] + "4" + h[13:16] + "89ab"[int(h[16], 16) % 4] + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def submissions(fw, registry, year):
    out = []
    for inst in registry:
        n = n_respondents(inst["code"], fw.code, year)
        official = int(n * U("official", inst["code"], fw.code, year))
        for r in range(n):
            out.append(Submission(fw, inst, year, r, n, r == official))
    out.sort(key=lambda s: (s.when, s.inst["code"], s.r))
    return out


# ============================================================ writers


def write_rows(path, header, rows, delimiter=",", quote_all=False):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n",
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def stamp(when, plus=0, sep="T"):
    y, mo, d, h, mi, s = when
    t = h * 3600 + mi * 60 + s + plus
    return f"{y:04d}-{mo:02d}-{d:02d}{sep}{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}"


# Kobo group names (XLSForm "begin group" names) for the IGD tree.
KOBO_GROUPS = {
    "GOB": "gobernanza", "GOB.EST": "estrategia", "GOB.SEG": "coordinacion",
    "NOR": "marco_normativo", "TAL": "talento_digital",
    "INF": "infraestructura", "INF.PLA": "plataformas", "INF.DAT": "datos",
    "SER": "servicios", "SER.TRA": "tramites", "SER.ABI": "apertura", "SER.USU": "usuarios",
}
KOBO_GENERAL = "datos_generales"
ROLES = ["Director de Informática", "Jefa de Planificación", "Enlace de Gobierno Digital",
         "Director Administrativo", "Encargada de Acceso a la Información"]


def kobo_path(fw, q):
    """group/sub/question, following the tree of the indicator reading q."""
    if q not in fw.reader:
        return f"{KOBO_GENERAL}/{q}"                  # denominators: general data
    parts = []
    node = fw.by_code[fw.reader[q]["parent"]]
    while node["parent"]:
        parts.append(KOBO_GROUPS.get(node["code"], node["code"].lower().replace(".", "_")))
        node = fw.by_code[node["parent"]]
    return "/".join(reversed(parts)) + "/" + q


def kobo_columns(fw):
    cols = []                                         # (header, question, is_evidence)
    for q in fw.answered():
        if q in fw.reader:
            continue
        cols.append((kobo_path(fw, q), q, False))
    for q in fw.answered():
        if q not in fw.reader:
            continue
        cols.append((kobo_path(fw, q), q, False))
        if q in fw.evidence_q:
            path = kobo_path(fw, q)
            cols.append((path[: path.rfind("/") + 1] + fw.evidence_of(q), q, True))
    return cols


KOBO_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "__version__", "_tags", "_index"]


def write_kobo(path, fw, subs, year):
    cols = kobo_columns(fw)
    header = (["start", "end", f"{KOBO_GENERAL}/institucion", f"{KOBO_GENERAL}/cargo_respondente",
               f"{KOBO_GENERAL}/respondente_oficial"] + [c[0] for c in cols] + KOBO_META)
    rows = []
    for i, s in enumerate(subs):
        start = stamp(s.when, -s.took) + ".000-06:00"
        end = stamp(s.when, -30) + ".000-06:00"
        role = ROLES[int(len(ROLES) * U("role", s.inst["code"], year, s.r))]
        row = [start, end, s.inst["code"], role, "si" if s.official else "no"]
        for _, q, is_ev in cols:
            row.append(s.evidence.get(q, "") if is_ev else s.values.get(q, ""))
        row += [str((310000 if year == 2025 else 402000) + i + 1), s.uuid, stamp(s.when),
                "", "", "submitted_via_web", "", "vGd2025xQpT7", "", str(i + 1)]
        rows.append(row)
    write_rows(path, header, rows)


def write_kobo_map(path, fw):
    rows = [["start", ""], ["end", ""], [f"{KOBO_GENERAL}/cargo_respondente", ""]]
    for header, q, is_ev in kobo_columns(fw):
        if is_ev:
            rows.append([header, q + "#evidencia"])
    write_rows(path, ["column", "question"], rows)


def write_long(path, fw, subs, respondent_of):
    rows = []
    for s in sorted(subs, key=lambda s: (s.inst["code"], s.r)):
        for q in fw.answered():
            if q in s.values:
                rows.append([s.inst["code"], q, s.values[q], respondent_of(s),
                             s.evidence.get(q, "")])
    write_rows(path, ["institution", "question", "value", "respondent", "evidence"], rows)


def limesurvey_codes(fw):
    return {q: f"Q{i + 1:02d}" for i, q in enumerate(fw.answered())}


def write_limesurvey(path, fw, subs, year):
    codes = limesurvey_codes(fw)
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate",
              "datestamp", "INST", "OFICIAL"]
    cols = []                                          # (question, option or None)
    for q in fw.answered():
        if fw.qtype[q] == "seleccion_multiple":
            for o in fw.options[q]:
                header.append(f"{codes[q]}[{o['option']}]")
                cols.append((q, o["option"]))
        else:
            header.append(codes[q])
            cols.append((q, None))
    rows = []
    for i, s in enumerate(subs):
        row = [str(i + 1), stamp(s.when, 0, " "), "5", "es",
               str(rng("seed", s.inst["code"], year, s.r).next64() % 2000000000),
               stamp(s.when, -s.took, " "), stamp(s.when, 0, " "), s.inst["code"],
               "Y" if s.official else "N"]
        for q, opt in cols:
            v = s.values.get(q, "")
            if opt is None:
                row.append(v)
            else:
                row.append("Y" if v and opt in v.split(" ") else "")
        rows.append(row)
    write_rows(path, header, rows, quote_all=True)


def write_limesurvey_map(path, fw):
    codes = limesurvey_codes(fw)
    write_rows(path, ["column", "question"], [[codes[q], q] for q in fw.answered()])


# Administrative data: indicator/variable -> (value function, source text).
def admin_rows(fw, registry, year):
    prev = year - 1
    src = {
        "TRAM_CATALOGO": f"Catálogo de trámites de la institución, corte al 31-12-{prev} — {DEMO}",
        "SER_TRANSAC": f"Catálogo de trámites: trámites con transacción completa en línea, corte al 31-12-{prev} — {DEMO}",
        "INF_DATOS_AB": f"Portal nacional de datos abiertos: conjuntos publicados, corte al 31-12-{prev} — {DEMO}",
        "LIN_CONJUNTOS": f"Portal nacional de datos abiertos: conjuntos publicados, corte al 31-12-{prev} — {DEMO}",
        "SEG_PRESUP": f"SICOIN: gasto devengado en TIC {prev}, quetzales — {DEMO}",
        "GASTO_TOTAL": f"SICOIN: gasto total devengado {prev}, quetzales — {DEMO}",
    }
    rows = []
    for inst in registry:
        for code in fw.admin + fw.variables:
            if code == "TRAM_CATALOGO":
                v = str(catalogue(inst, year))
            elif code == "SER_TRANSAC":
                p = clamp(level(inst, fw.code, year) + 0.15 * N("transac", inst["code"]))
                v = str(int(catalogue(inst, year) * 0.6 * p * p))
            elif code in ("INF_DATOS_AB", "LIN_CONJUNTOS"):
                v = str(datasets_on_portal(inst, year))
            elif code == "SEG_PRESUP":
                v = f"{spending(inst, year)[0]:.2f}"
            elif code == "GASTO_TOTAL":
                v = f"{spending(inst, year)[1]:.2f}"
            else:
                raise SystemExit(f"gen_demo: admin code {code} has no generator")
            rows.append([inst["code"], code, v, src[code]])
    return rows


README = """# Datos de demostración

Todos los archivos de esta carpeta son
datos de demostración — generados por scripts/gen_demo.py
y no describen a ninguna institución real: las respuestas son sintéticas (un
generador pseudoaleatorio con semilla fija), aunque los códigos y nombres de
las instituciones son los del registro `surveys/instituciones.csv`.

Regenerar (el resultado es idéntico byte a byte):

    scripts/gen_demo.py

| archivo | forma (`shape` en indigo.ini) | qué contiene |
|---|---|---|
| `<año>/igd_kobo.csv` | kobo | respuestas al cuestionario del IGD, exportación CSV de KoboToolbox (encabezados `grupo/pregunta`, `_uuid`, `_submission_time`, selección múltiple separada por espacios, evidencia en las columnas `..._url`) |
| `igd_kobo_map.csv` | — | columnas de Kobo que no son preguntas (`start`, `end`, cargo) y columnas de evidencia (`pregunta#evidencia`) |
| `<año>/itic_limesurvey.csv` | limesurvey | respuestas al cuestionario del ITIC, exportación de LimeSurvey (`id`, `submitdate`, `Q01`, `Q07[SQ001]`, códigos de respuesta) |
| `itic_limesurvey_map.csv` | — | código de LimeSurvey → código de pregunta |
| `<año>/ida_long.csv` | long | respuestas al cuestionario del IDA, una fila por respuesta |
| `<año>/igd_admin.csv`, `itic_admin.csv`, `ida_admin.csv` | admin | datos administrativos: catálogo de trámites, portal nacional de datos abiertos, SICOIN |
| `2026/igd_long.csv` | long | las mismas respuestas de `2026/igd_kobo.csv` en forma larga (para la prueba que compara ambas formas; no figura en indigo.ini) |

Rasgos que el modelo introduce a propósito para que los informes tengan algo
que mostrar: de 1 a 3 personas responden por institución (una marcada como
oficial); algunas preguntas quedan sin respuesta (imputación); la SAA en ambas
rondas y la SEPAZ en 2025 envían solo parte del cuestionario del IDA (filtrado
por disponibilidad de datos); 2026 es en general un poco mejor que 2025
(cambio entre rondas); el ancho de banda y el gasto en TIC tienen valores
extremos (tratamiento de atípicos).
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "surveys", "demo"))
    args = ap.parse_args()
    out = args.out

    registry = load_registry()
    for key in ("bw", "ict"):
        OUTLIERS[key] = min(registry, key=lambda i: U("outlier", key, i["code"]))["code"]
    igd = Framework("IGD", os.path.join(ROOT, "indicators", "igd"))
    itic = Framework("ITIC", os.path.join(ROOT, "indicators", "itic"))
    ida = Framework("IDA", os.path.join(ROOT, "indicators", "ida"))

    write_kobo_map(os.path.join(out, "igd_kobo_map.csv"), igd)
    write_limesurvey_map(os.path.join(out, "itic_limesurvey_map.csv"), itic)
    for year in YEARS:
        d = os.path.join(out, str(year))
        subs = submissions(igd, registry, year)
        write_kobo(os.path.join(d, "igd_kobo.csv"), igd, subs, year)
        if year == 2026:
            write_long(os.path.join(d, "igd_long.csv"), igd, subs, lambda s: s.uuid)
        write_limesurvey(os.path.join(d, "itic_limesurvey.csv"), itic,
                         submissions(itic, registry, year), year)
        write_long(os.path.join(d, "ida_long.csv"), ida, submissions(ida, registry, year),
                   lambda s: f"{s.inst['code']}-{s.r + 1}")
        for fw, name in ((igd, "igd"), (itic, "itic"), (ida, "ida")):
            write_rows(os.path.join(d, f"{name}_admin.csv"),
                       ["institution", "indicator", "value", "source"],
                       admin_rows(fw, registry, year))
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8", newline="") as f:
        f.write(README)


if __name__ == "__main__":
    main()
