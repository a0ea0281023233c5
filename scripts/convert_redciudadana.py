#!/usr/bin/python3
"""convert_redciudadana.py — Red Ciudadana's 2021 open-data measurement -> indigo input.

Reads Red Ciudadana's published data (GitHub RedCiudadana/SistemaRanking,
_data/datosabiertos.json; a copy lives in data/guatemala/) and writes,
in surveys/rc2021/:

  redciudadana_2021.csv  the nine dimension scores of the 30 institutions in
                         indigo's admin shape (institution,indicator,value,source),
                         read by the RC2021 framework (indicators/rc2021/)
  published_2021.csv     institution,IndicadorInstitucion2021: the institution
                         indicator Red Ciudadana published, kept apart so that
                         indigo's own mean can be compared with it

and prints how the arithmetic mean of the nine dimensions compares with the
published indicator (docs/frameworks.md quotes this output).

Usage: scripts/convert_redciudadana.py [--json FILE] [--out DIR]
Both default to the repository layout (data/guatemala/ for the JSON).
The output is byte-identical for the same input: rows sorted by code, LF line
ends, no timestamps.
"""
import argparse
import csv
import io
import json
import math
import os
import sys

# JSON field -> indicator code in indicators/rc2021/nodes.csv, in the order
# Red Ciudadana lists the dimensions.
DIMENSIONS = [
    ("Recoleccion_y_produccion_de_datos", "RC_REC"),
    ("Disponibilidad_en_linea", "RC_DIS"),
    ("Plataformas", "RC_PLA"),
    ("Acceso", "RC_ACC"),
    ("Periodicidad_de_actualizacion", "RC_PER"),
    ("Licencia", "RC_LIC"),
    ("Formatos", "RC_FOR"),
    ("Legibilidad", "RC_LEG"),
    ("Gobernanza", "RC_GOB"),
]
SOURCE = ("Red Ciudadana, medición de datos abiertos 2021 "
          "(github.com/RedCiudadana/SistemaRanking, _data/datosabiertos.json)")
SCALE_MAX = 8   # their charts draw 8 as the "Puntaje Esperado" of every dimension


def parse_int(rec, field):
    """The JSON stores every number as a string; refuse anything but 0..8."""
    raw = rec.get(field)
    try:
        v = int(raw)
    except (TypeError, ValueError):
        sys.exit(f"convert_redciudadana: {rec.get('id_institucion')}: {field} = {raw!r} "
                 f"(expected an integer 0..{SCALE_MAX})")
    if not 0 <= v <= SCALE_MAX:
        sys.exit(f"convert_redciudadana: {rec.get('id_institucion')}: {field} = {v} "
                 f"(expected 0..{SCALE_MAX})")
    return v


def round_half_up(x):
    return math.floor(x + 0.5)


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", default=os.path.join(
        root, "data", "guatemala", "redciudadana_datos_abiertos_2021.json"))
    ap.add_argument("--out", default=os.path.join(root, "surveys", "rc2021"))
    args = ap.parse_args()

    with open(args.json, encoding="utf-8") as f:
        records = json.load(f)
    records.sort(key=lambda r: r["id_institucion"])

    admin, published, report = [], [], []
    for rec in records:
        code = rec["id_institucion"]
        values = [parse_int(rec, field) for field, _ in DIMENSIONS]
        for (_, ind), v in zip(DIMENSIONS, values):
            admin.append((code, ind, v, SOURCE))
        pub = parse_int(rec, "IndicadorInstitucion2021")
        published.append((code, pub))
        mean = sum(values) / len(values)
        report.append((code, sum(values), mean, round_half_up(mean), pub))

    os.makedirs(args.out, exist_ok=True)
    write_csv(os.path.join(args.out, "redciudadana_2021.csv"),
              ["institution", "indicator", "value", "source"], admin)
    write_csv(os.path.join(args.out, "published_2021.csv"),
              ["institution", "IndicadorInstitucion2021"], published)

    differ = [r for r in report if r[3] != r[4]]
    print(f"{len(records)} institutions, {len(admin)} dimension scores written to {args.out}")
    print(f"published indicator = mean of the nine dimensions rounded half up: "
          f"{len(records) - len(differ)} of {len(records)}")
    print(f"differs in {len(differ)}:")
    print("  institution  sum/9          rounded  published")
    for code, s, mean, rounded, pub in differ:
        print(f"  {code:<11}  {s:>2}/9 = {mean:.4f}  {rounded:>7}  {pub:>9}")
    higher = sum(1 for r in differ if r[4] > r[3])
    print(f"published above the rounded mean: {higher}; below: {len(differ) - higher}")


if __name__ == "__main__":
    main()
