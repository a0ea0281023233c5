#!/usr/bin/python3
"""bench/gen_round.py — a deterministic generator of large rounds for the benchmark.

usage: gen_round.py OUTDIR N_INSTITUTIONS N_INDICATORS RESPONDENTS [SEED]

Writes OUTDIR/indigo.ini, OUTDIR/instituciones.csv, OUTDIR/fw/{framework.ini,
nodes.csv,questions.csv,options.csv} and OUTDIR/answers.csv (the long shape:
institution,question,value,respondent), so rows = N x indicators x respondents.

Institutions: the 30 of the Organismo Ejecutivo (surveys/instituciones.csv),
then the 340 municipalities of SEGEPLAN's ranking (data/guatemala/),
then synthetic ones (SYN00001...) up to N.  The random stream is SplitMix64,
written out here so the files never depend on Python's random module.
"""
import csv
import os
import sys

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.s = seed & MASK

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) / float(1 << 53)

    def below(self, n):
        return self.next() % n


def institutions(root, n):
    out = []
    with open(os.path.join(root, 'surveys', 'instituciones.csv'), newline='', encoding='utf-8') as f:
        for row in csv.DictReader(f):
            out.append((row['code'], row['name_es'], row.get('name_en') or row['name_es'], row['group']))
    muni = os.path.join(root, 'data', 'guatemala', 'segeplan_ranking_municipal.csv')
    if os.path.exists(muni):
        with open(muni, newline='', encoding='utf-8') as f:
            for row in csv.DictReader(f):
                code = 'MUNI-%s' % row['cod_mun']
                name = 'Municipalidad de %s, %s' % (row['mun'], row['depto'])
                out.append((code, name, 'Municipality of %s, %s' % (row['mun'], row['depto']),
                            'Municipalidad'))
    i = 1
    while len(out) < n:
        out.append(('SYN%05d' % i, 'Institución sintética %d' % i, 'Synthetic institution %d' % i,
                    'Sintética'))
        i += 1
    return out[:n]


TYPES = ['si_no', 'likert5', 'porcentaje', 'numero']


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    outdir, n_inst, n_ind, resp = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 20261123
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    rng = SplitMix64(seed)
    fwdir = os.path.join(outdir, 'fw')
    os.makedirs(fwdir, exist_ok=True)
    insts = institutions(root, n_inst)
    with open(os.path.join(outdir, 'instituciones.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['code', 'name_es', 'name_en', 'group', 'weight'])
        for c, es, en, g in sorted(insts):
            w.writerow([c, es, en, g, 1])
    n_pillars = max(1, min(10, n_ind // 10))
    with open(os.path.join(fwdir, 'framework.ini'), 'w', encoding='utf-8') as f:
        f.write('[index]\ncode = BENCH\nname_es = Índice de referencia\nname_en = Benchmark index\n'
                'scale_min = 0\nscale_max = 100\nrespondents = mean\n\n'
                '[steps]\norder = score, impute, normalise, aggregate\n\n'
                '[impute]\nmethod = group_mean\n\n[normalise]\nmethod = goalposts\n\n'
                '[aggregate]\nmethod = arithmetic\n\n'
                '[maturity]\nlevels_es = Inicial, Básico, Intermedio, Avanzado, Líder\n'
                'levels_en = Initial, Basic, Intermediate, Advanced, Leader\n'
                'thresholds = 20, 40, 60, 80\n')
    qtypes = []
    with open(os.path.join(fwdir, 'nodes.csv'), 'w', newline='', encoding='utf-8') as f, \
            open(os.path.join(fwdir, 'questions.csv'), 'w', newline='', encoding='utf-8') as q:
        w = csv.writer(f, lineterminator='\n')
        wq = csv.writer(q, lineterminator='\n')
        w.writerow(['code', 'parent', 'name_es', 'name_en', 'weight', 'question', 'lower', 'upper'])
        wq.writerow(['code', 'text_es', 'text_en', 'type', 'required'])
        w.writerow(['BENCH', '', 'Índice de referencia', 'Benchmark index', 1, '', '', ''])
        for p in range(n_pillars):
            w.writerow(['P%02d' % (p + 1), 'BENCH', 'Pilar %d' % (p + 1), 'Pillar %d' % (p + 1),
                        1 + p % 3, '', '', ''])
        for i in range(n_ind):
            t = TYPES[i % 4]
            qtypes.append(t)
            lo, hi = ('0', '500') if t == 'numero' else ('', '')
            w.writerow(['I%03d' % (i + 1), 'P%02d' % (i % n_pillars + 1), 'Indicador %d' % (i + 1),
                        'Indicator %d' % (i + 1), 1 + i % 2, 'Q%03d' % (i + 1), lo, hi])
            wq.writerow(['Q%03d' % (i + 1), '¿Pregunta %d?' % (i + 1), 'Question %d?' % (i + 1), t, 'no'])
    with open(os.path.join(fwdir, 'options.csv'), 'w', encoding='utf-8') as f:
        f.write('question,option,label_es,label_en,points\n')
    rows = 0
    with open(os.path.join(outdir, 'answers.csv'), 'w', encoding='utf-8', newline='') as f:
        f.write('institution,question,value,respondent\n')
        buf = []
        for c, _, _, _ in insts:
            level = rng.uniform()
            for r in range(resp):
                for i, t in enumerate(qtypes):
                    if rng.below(50) == 0:
                        continue  # a few unanswered
                    u = min(1.0, max(0.0, level + (rng.uniform() - 0.5) * 0.4))
                    if t == 'si_no':
                        v = 'si' if u > 0.5 else 'no'
                    elif t == 'likert5':
                        v = str(1 + int(u * 4.999))
                    elif t == 'porcentaje':
                        v = '%.1f' % (u * 100)
                    else:
                        v = str(int(u * 500))
                    buf.append('%s,Q%03d,%s,r%d\n' % (c, i + 1, v, r + 1))
                    rows += 1
                if len(buf) > 100000:
                    f.write(''.join(buf))
                    buf = []
        f.write(''.join(buf))
    with open(os.path.join(outdir, 'indigo.ini'), 'w', encoding='utf-8') as f:
        f.write('[round]\nyear = 2026\ndemo = true\n\n[paths]\ndatabase = bench.db\noutput = reports\n'
                'institutions = instituciones.csv\n\n[frameworks]\nlist = bench\nbench = fw\n\n'
                '[output]\nlanguage = es\nlanguages = es\n\n'
                '[survey.bench]\nfile = answers.csv\nframework = BENCH\nyear = 2026\nshape = long\n')
    print(rows)


if __name__ == '__main__':
    main()
