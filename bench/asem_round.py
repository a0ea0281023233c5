#!/usr/bin/python3
"""bench/asem_round.py — COINr's ASEM example as an indigo round, for the benchmark.

usage: asem_round.py OUTDIR

Writes OUTDIR/indigo.ini, OUTDIR/instituciones.csv and OUTDIR/asem_admin.csv
from tests/asem/data/idata.csv (COINr 1.1.14's ASEM_iData, see its
SOURCES.md): the 51 countries as institutions grouped by EurAsia_group (the
group COINr's i_mean_grp imputes by), and every indicator and denominator
value as administrative data (the admin shape: institution, indicator,
value, source), read by tests/asem/framework, the framework the golden test
checks against COINr's build_example_coin().  So `indigo load` and `indigo
compute` on OUTDIR compute the index COINr builds, from the command line.
Missing values (NA) are left out, as an export leaves them empty.
"""
import csv
import os
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    data = os.path.join(root, 'tests', 'asem', 'data', 'idata.csv')
    fw = os.path.join(root, 'tests', 'asem', 'framework')
    codes = []
    with open(os.path.join(fw, 'nodes.csv'), newline='', encoding='utf-8') as f:
        for row in csv.DictReader(f):
            codes.append(row['code'])
    with open(os.path.join(fw, 'framework.ini'), encoding='utf-8') as f:
        for line in f:
            if line.startswith('list') and '=' in line:        # [variables] list
                codes += [c.strip() for c in line.split('=', 1)[1].split(',')]
    os.makedirs(out, exist_ok=True)
    with open(data, newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, 'instituciones.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['code', 'name_es', 'name_en', 'group', 'weight'])
        for r in sorted(rows, key=lambda r: r['uCode']):
            w.writerow([r['uCode'], r['uName'], r['uName'], r['EurAsia_group'], 1])
    n = 0
    with open(os.path.join(out, 'asem_admin.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['institution', 'indicator', 'value', 'source'])
        for r in rows:
            for c in codes:
                v = r.get(c)
                if v is None or v in ('', 'NA'):
                    continue
                w.writerow([r['uCode'], c, v, 'COINr 1.1.14 ASEM_iData'])
                n += 1
    with open(os.path.join(out, 'indigo.ini'), 'w', encoding='utf-8') as f:
        f.write('; COINr\'s ASEM example as a round (bench/asem_round.py)\n'
                '[round]\nyear = 2018\ndemo = true\n\n'
                '[paths]\ndatabase = asem.db\noutput = reports\ninstitutions = instituciones.csv\n\n'
                '[frameworks]\nlist = asem\nasem = %s\n\n'
                '[output]\nlanguage = en\nlanguages = en\n\n'
                '[survey.asem]\nfile = asem_admin.csv\nframework = ASEM\nyear = 2018\nshape = admin\n'
                % fw)
    print(n)


if __name__ == '__main__':
    main()
