#!/usr/bin/python3
"""check_datapackage.py — a small Frictionless Data Package checker (stdlib only).

    /usr/bin/python3 check_datapackage.py DIR

Reads DIR/datapackage.json and checks what indigo's open data promises:
every resource's file exists with the declared bytes and sha256 hash; each
CSV's header is the schema's field names; every cell has the declared type
(empty = missing, refused where required); primary keys are unique; foreign
keys resolve; no CSV text cell begins with = + - @ (formulas must arrive
neutralised); each JSON resource is an array of objects with exactly the
schema's fields, typed, holding the same rows as its CSV.  And what a
reviewer needs to recompute (issue 23): the answers, the scoring tables and
the parameters are published; every answer's score is the one the scoring
table gives (seleccion_unica, si_no, likert5 with a table); indicadores.csv's
encuestados is at least respuestas_combinadas.

Prints one "file:line: problem" per problem and exits 1, or prints a summary
and exits 0.
"""
import csv
import hashlib
import io
import json
import math
import os
import re
import sys

problems = []


def problem(where, msg):
    problems.append(f"{where}: {msg}")


INT_RE = re.compile(r"^-?[0-9]+$")
NUM_RE = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_value(field, cell, where):
    """The typed value of a CSV cell, None when missing."""
    if cell == "":
        if field.get("constraints", {}).get("required"):
            problem(where, f"{field['name']}: required value missing")
        return None
    t = field["type"]
    if t == "integer":
        if not INT_RE.match(cell):
            problem(where, f"{field['name']}: {cell!r} is not an integer")
            return None
        return int(cell)
    if t == "number":
        if not NUM_RE.match(cell) or not math.isfinite(float(cell)):
            problem(where, f"{field['name']}: {cell!r} is not a number")
            return None
        return float(cell)
    if t == "boolean":
        if cell in field.get("trueValues", ["true"]):
            return True
        if cell in field.get("falseValues", ["false"]):
            return False
        problem(where, f"{field['name']}: {cell!r} is not a boolean")
        return None
    if t == "string":
        if cell.startswith(FORMULA):
            problem(where, f"{field['name']}: {cell!r} begins like a formula and is not neutralised")
        return cell
    problem(where, f"{field['name']}: unknown type {t!r}")
    return None


def json_value(field, v, where):
    if v is None:
        if field.get("constraints", {}).get("required"):
            problem(where, f"{field['name']}: required value missing")
        return None
    t = field["type"]
    good = {
        "integer": isinstance(v, int) and not isinstance(v, bool),
        "number": isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": isinstance(v, bool),
        "string": isinstance(v, str) and v != "",
    }.get(t, False)
    if not good:
        problem(where, f"{field['name']}: {v!r} is not a {t}")
        return None
    if t == "number":
        return float(v)
    if t == "string" and v.startswith(FORMULA):
        return "'" + v      # as the CSV holds it
    return v


def check_file(base, res):
    where = f"datapackage.json: resource {res.get('name')!r}"
    rel = res.get("path", "")
    if not rel or os.path.isabs(rel) or ".." in rel.split("/"):
        problem(where, f"bad path {rel!r}")
        return None
    full = os.path.join(base, rel)
    if not os.path.isfile(full):
        problem(where, f"{rel} does not exist")
        return None
    data = open(full, "rb").read()
    if res.get("bytes") != len(data):
        problem(rel, f"{len(data)} bytes, datapackage.json says {res.get('bytes')}")
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    if res.get("hash") != digest:
        problem(rel, f"hash is {digest}, datapackage.json says {res.get('hash')}")
    try:
        return data.decode(res.get("encoding", "utf-8"))
    except UnicodeDecodeError as e:
        problem(rel, f"not {res.get('encoding')}: {e}")
        return None


def check_schema(res):
    where = f"datapackage.json: resource {res.get('name')!r}"
    schema = res.get("schema")
    if not isinstance(schema, dict) or not schema.get("fields"):
        problem(where, "no schema fields")
        return None
    names = [f.get("name") for f in schema["fields"]]
    if len(set(names)) != len(names):
        problem(where, "duplicate field names")
    for f in schema["fields"]:
        if f.get("type") not in ("string", "integer", "number", "boolean"):
            problem(where, f"field {f.get('name')!r}: type {f.get('type')!r}")
        if not f.get("description") or not f.get("description_en"):
            problem(where, f"field {f.get('name')!r}: description in Spanish and English required")
    for k in schema.get("primaryKey", []):
        if k not in names:
            problem(where, f"primary key field {k!r} is not a field")
    return schema


def read_csv(rel, text, res, schema):
    d = res.get("dialect", {})
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=d.get("delimiter", ","),
                        quotechar=d.get("quoteChar", '"'), doublequote=d.get("doubleQuote", True))
    fields = schema["fields"]
    rows = []
    header = next(reader, None)
    if header != [f["name"] for f in fields]:
        problem(f"{rel}:1", f"header {header} is not the schema's fields")
        return rows
    for line, row in enumerate(reader, start=2):
        if len(row) != len(fields):
            problem(f"{rel}:{line}", f"{len(row)} cells, {len(fields)} fields")
            continue
        rows.append((line, [csv_value(f, c, f"{rel}:{line}") for f, c in zip(fields, row)]))
    return rows


def read_json(rel, text, schema):
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    try:
        data = json.loads(text)
    except ValueError as e:
        problem(rel, f"invalid JSON: {e}")
        return []
    if not isinstance(data, list):
        problem(rel, "not an array")
        return []
    rows = []
    for i, obj in enumerate(data, start=1):
        where = f"{rel}: object {i}"
        if not isinstance(obj, dict) or list(obj.keys()) != names:
            problem(where, "keys are not the schema's fields in order")
            continue
        rows.append((i, [json_value(f, obj[f["name"]], where) for f in fields]))
    return rows


RECOMPUTE = ("respuestas", "puntos", "parametros", "marco", "indicadores", "resultados")


def named_rows(tables, name):
    """The rows of a CSV resource as dicts, with their line numbers."""
    res, schema, rows = tables[name]
    names = [f["name"] for f in schema["fields"]]
    return res["path"], [(line, dict(zip(names, r))) for line, r in rows]


def fold(s):
    """Lower case without accents, as the engine folds yes/no words."""
    import unicodedata
    d = unicodedata.normalize("NFD", s.strip().lower())
    return "".join(c for c in d if unicodedata.category(c) != "Mn")


def check_recomputable(tables):
    for name in RECOMPUTE:
        if name not in tables:
            problem("datapackage.json", f"no resource {name!r}: the open data cannot be recomputed")
    if any(n not in tables for n in RECOMPUTE):
        return
    path, points = named_rows(tables, "puntos")
    table = {}
    for _, r in points:
        table.setdefault((r["indice"], r["pregunta"]), (r["tipo"], {}))[1][r["opcion"]] = r["puntos"]
    path, answers = named_rows(tables, "respuestas")
    for line, a in answers:
        kind, opts = table.get((a["indice"], a["pregunta"]), (None, {}))
        text = a["respuesta"]
        if text is None or kind not in ("seleccion_unica", "si_no", "likert5"):
            continue
        text = text[1:] if text.startswith("'") and text[1:2] in FORMULA else text
        want = opts.get(text, opts.get(fold(text)))
        if want is not None and a["puntaje"] != want:
            problem(f"{path}:{line}", f"{a['pregunta']} = {text!r} scored {a['puntaje']}, "
                    f"the scoring table says {want}")
    path, ind = named_rows(tables, "indicadores")
    for line, r in ind:
        if r["encuestados"] is not None and r["respuestas_combinadas"] is not None \
                and r["encuestados"] < r["respuestas_combinadas"]:
            problem(f"{path}:{line}", f"encuestados {r['encuestados']} < respuestas_combinadas "
                    f"{r['respuestas_combinadas']}")


def main():
    if len(sys.argv) != 2:
        print("usage: check_datapackage.py DIR", file=sys.stderr)
        return 2
    base = sys.argv[1]
    try:
        pkg = json.load(open(os.path.join(base, "datapackage.json"), encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"datapackage.json: {e}")
        return 1
    for key in ("name", "title", "licenses", "sources", "version", "resources"):
        if not pkg.get(key):
            problem("datapackage.json", f"missing {key!r}")
    resources = pkg.get("resources", [])
    names = [r.get("name") for r in resources]
    if len(set(names)) != len(names):
        problem("datapackage.json", "duplicate resource names")
    for n in names:
        if not isinstance(n, str) or not re.match(r"^[a-z0-9._-]+$", n):
            problem("datapackage.json", f"bad resource name {n!r}")

    tables = {}    # resource name -> (resource, schema, rows)
    n_rows = 0
    for res in resources:
        text = check_file(base, res)
        schema = check_schema(res)
        if text is None or schema is None:
            continue
        rel = res["path"]
        if res.get("format") == "csv":
            rows = read_csv(rel, text, res, schema)
        elif res.get("format") == "json":
            rows = read_json(rel, text, schema)
        else:
            problem(rel, f"format {res.get('format')!r}")
            continue
        n_rows += len(rows)
        tables[res["name"]] = (res, schema, rows)

    for name, (res, schema, rows) in tables.items():
        rel = res["path"]
        idx = {f["name"]: i for i, f in enumerate(schema["fields"])}
        pk = schema.get("primaryKey", [])
        if pk:
            seen = {}
            for line, row in rows:
                key = tuple(row[idx[k]] for k in pk)
                if key in seen:
                    problem(f"{rel}:{line}", f"duplicate primary key {key} (first at line {seen[key]})")
                else:
                    seen[key] = line
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            if ref["resource"] not in tables:
                problem(rel, f"foreign key to unknown resource {ref['resource']!r}")
                continue
            rres, rschema, rrows = tables[ref["resource"]]
            ridx = {f["name"]: i for i, f in enumerate(rschema["fields"])}
            keys = {tuple(r[ridx[k]] for k in ref["fields"]) for _, r in rrows}
            for line, row in rows:
                key = tuple(row[idx[k]] for k in fk["fields"])
                if None in key:
                    continue
                if key not in keys:
                    problem(f"{rel}:{line}", f"{fk['fields']} = {key} not found in {rres['path']}")
        if res.get("format") == "json":
            twin = name[:-5] if name.endswith("-json") else None
            if twin not in tables:
                problem(rel, "no CSV resource with the same table")
                continue
            csv_rows = [r for _, r in tables[twin][2]]
            json_rows = [r for _, r in rows]
            if csv_rows != json_rows:
                for i, (a, b) in enumerate(zip(csv_rows, json_rows), start=1):
                    if a != b:
                        problem(f"{rel}: object {i}", f"differs from {tables[twin][0]['path']}: {b} vs {a}")
                        break
                else:
                    problem(rel, f"{len(json_rows)} objects, the CSV has {len(csv_rows)} rows")

    check_recomputable(tables)
    if problems:
        for p in problems:
            print(p)
        return 1
    print(f"ok: {len(tables)} resources, {n_rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
