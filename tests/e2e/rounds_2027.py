#!/usr/bin/env python3
"""rounds_2027.py DIR — the 2027 round of the rounds test, made from 2026.

In DIR (a copy of the repository's round after `indigo round new 2027 --from
2026`), as an analyst would:
  - the weight of the IGD pillar GOB goes from 1 to 2 (indicators/2027/igd);
  - a new question ser_asistente (si/no) and its indicator SER_ASIST under
    SER.USU (indicators/2027/igd), asked in the 2027 KoboToolbox export only;
  - a new institution RENAP, alone in its group ("Entidad autónoma"), in the
    registry and in every 2027 export (MINFIN's 2026 answers, with two ITIC
    answers left blank, which group imputation cannot fill);
  - the 2027 exports are the 2026 ones with MINFIN's IGD plan answer changed.
Synthetic test data, derived from the demo round (surveys/demo/README.md).
"""
import csv, io, os, sys

d = sys.argv[1]

def rd(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))

def wr(path, rows, quote=csv.QUOTE_MINIMAL):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, quoting=quote, lineterminator="\n").writerows(rows)

# the method: a weight and a question with its indicator
fw = os.path.join(d, "indicators/2027/igd")
nodes = rd(os.path.join(fw, "nodes.csv"))
h = nodes[0]
for r in nodes[1:]:
    if r[0] == "GOB":
        r[h.index("weight")] = "2"
new = [""] * len(h)
new[h.index("code")], new[h.index("parent")] = "SER_ASIST", "SER.USU"
new[h.index("name_es")] = "Asistente digital para los usuarios"
new[h.index("name_en")] = "Digital assistant for users"
new[h.index("question")] = "ser_asistente"
nodes.append(new)
wr(os.path.join(fw, "nodes.csv"), nodes)
with open(os.path.join(fw, "questions.csv"), "a", encoding="utf-8") as f:
    f.write("ser_asistente,¿Ofrece la institución un asistente digital a sus usuarios?,"
            "Does the institution offer its users a digital assistant?,si_no,no\n")

# the registry: RENAP, alone in its group
with open(os.path.join(d, "surveys/instituciones.csv"), "a", encoding="utf-8") as f:
    f.write("RENAP,Registro Nacional de las Personas,National Registry of Persons,"
            "Entidad autónoma,1,Autonomous entity\n")

src, dst = os.path.join(d, "surveys/demo/2026"), os.path.join(d, "surveys/demo/2027")

def with_renap(rows, col, blank=()):
    """rows plus a copy of MINFIN's rows for RENAP (columns in blank emptied)."""
    out = list(rows)
    for r in rows[1:]:
        if r[col] == "MINFIN":
            c = list(r)
            c[col] = "RENAP"
            for b in blank:
                c[b] = ""
            out.append(c)
    return out

# IGD, KoboToolbox: the new question's column, MINFIN's plan changed
rows = rd(os.path.join(src, "igd_kobo.csv"))
h = rows[0]
inst, plan = h.index("datos_generales/institucion"), h.index("gobernanza/estrategia/gob_plan")
h.append("servicios/usuarios/ser_asistente")
for i, r in enumerate(rows[1:]):
    r.append("si" if i % 3 == 0 else "no")
    if r[inst] == "MINFIN":
        r[plan] = "no_existe"
rows = with_renap(rows, inst)
for r in rows[1:]:
    if r[inst] == "RENAP":
        r[h.index("_uuid")] = r[h.index("_uuid")][:-4] + "ffff"
wr(os.path.join(dst, "igd_kobo.csv"), rows)
# ITIC, LimeSurvey (every field quoted, as LimeSurvey writes it)
rows = rd(os.path.join(src, "itic_limesurvey.csv"))
h = rows[0]
rows = with_renap(rows, h.index("INST"), blank=(h.index("Q03"), h.index("Q07")))
for k, r in enumerate(rows[1:]):
    if r[h.index("INST")] == "RENAP":
        r[h.index("id")] = str(1000 + k)
wr(os.path.join(dst, "itic_limesurvey.csv"), rows, quote=csv.QUOTE_ALL)
# the long and administrative files
for name in ("igd_admin.csv", "itic_admin.csv", "ida_admin.csv", "ida_long.csv"):
    rows = rd(os.path.join(src, name))
    rows = with_renap(rows, rows[0].index("institution"))
    if name == "ida_long.csv":
        for r in rows[1:]:
            if r[0] == "RENAP" and r[3]:
                r[3] = r[3].replace("MINFIN", "RENAP")
    wr(os.path.join(dst, name), rows)
