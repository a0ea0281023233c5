/*
 * method_text.c — see method_text.h.  The phrases are in both languages here
 * (es, en), next to each other, so a statement cannot be translated apart
 * from its formula.
 */
#include "method_text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compute.h"
#include "round.h"
#include "numfmt.h"
#include "strbuf.h"

#define ES_EN(es, en) ((const char *const[LANG_COUNT]){(es), (en)})

/* x as the shortest text that reads back to the same double, with a
   decimal comma in Spanish. */
static void add_num(struct strbuf *sb, double x, enum lang lang)
{
    char num[FMT_SHORTEST_MAX];
    fmt_shortest(num, sizeof num, x);
    for (char *p = num; *p; p++)
        if (*p == '.' && lang == LANG_ES)
            *p = ',';
    strbuf_adds(sb, num);
}

/* The statement, with a no-break space after each binary minus (" - "):
   a line break there would leave "2u -" at a line's end, which reads as
   a hyphenated word (pdftotext even joins it).  Releases sb. */
static char *finish(struct strbuf *sb)
{
    struct strbuf out;
    strbuf_init(&out);
    for (size_t i = 0; i < sb->len; i++) {
        if (sb->buf[i] == ' ' && i > 0 && sb->buf[i - 1] == '-' && i > 1 && sb->buf[i - 2] == ' ')
            strbuf_adds(&out, "\xc2\xa0");
        else
            strbuf_addc(&out, sb->buf[i]);
    }
    strbuf_release(sb);
    char *s = strbuf_detach(&out);
    strbuf_release(&out);
    return s;
}

char *method_treat_text(const struct steps *st, enum lang lang)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Un indicador se trata cuando se superan ambos límites: |asimetría| >= ",
                           "An indicator is treated when both limits are exceeded: |skewness| >= ")
                         [lang]);
    add_num(&sb, st->skew_max, lang);
    strbuf_adds(&sb, ES_EN(" y curtosis >= ", " and kurtosis >= ")[lang]);
    add_num(&sb, st->kurt_max, lang);
    strbuf_adds(&sb, ES_EN(" (asimetría g1·sqrt(n(n-1))/(n-2) y curtosis en exceso ajustada a la "
                           "muestra, como COINr). Se winsorizan hasta ",
                           " (skewness g1·sqrt(n(n-1))/(n-2) and sample-adjusted excess kurtosis, as "
                           "COINr). Up to ")[lang]);
    strbuf_addf(&sb, "%d", st->winmax);
    strbuf_adds(&sb, ES_EN(" puntos: los valores extremos del lado que indica el signo de la "
                           "asimetría pasan al siguiente valor, hasta que se cumple un límite.",
                           " points are winsorised: the extreme values on the side the skewness's "
                           "sign points to move to the next value, until one limit holds.")[lang]);
    if (st->log_fallback)
        strbuf_adds(&sb, ES_EN(" Si no basta, se usa log(x - mín + 0,01·(máx - mín)) de los "
                               "valores sin tratar.",
                               " If that is not enough, log(x - min + 0.01·(max - min)) of the "
                               "untreated values is used.")[lang]);
    return finish(&sb);
}

static const char *agg_formula(enum agg_method m, enum lang lang)
{
    switch (m) {
    case AGG_ARITHMETIC:
        return ES_EN("media aritmética ponderada, sum(w_i x_i) / sum(w_i)",
                     "weighted arithmetic mean, sum(w_i x_i) / sum(w_i)")[lang];
    case AGG_GEOMETRIC:
        return ES_EN("media geométrica ponderada, exp(sum(w_i ln(x_i + s)) / sum(w_i)) - s",
                     "weighted geometric mean, exp(sum(w_i ln(x_i + s)) / sum(w_i)) - s")[lang];
    case AGG_HARMONIC:
        return ES_EN("media armónica ponderada, sum(w_i) / sum(w_i / (x_i + s)) - s",
                     "weighted harmonic mean, sum(w_i) / sum(w_i / (x_i + s)) - s")[lang];
    case AGG_MEDIAN:
        return ES_EN("mediana ponderada", "weighted median")[lang];
    }
    return "?";
}

/* The level's method as the nodes of that level use it (the first one's;
   overrides are listed apart). */
static void add_level(struct strbuf *sb, const struct framework *fw, int level, enum lang lang)
{
    const struct steps *st = &fw->steps;
    int root = fw->nodes[fw->root].level == level;
    if (root)
        strbuf_adds(sb, ES_EN("el índice", "the index")[lang]);
    else
        strbuf_addf(sb, "%s %d", ES_EN("nivel", "level")[lang], level);
    strbuf_adds(sb, ": ");
    enum agg_method m = root ? compute_node_agg(fw, fw->root) : st->agg[level];
    strbuf_adds(sb, agg_formula(m, lang));
    for (int k = 0; k < fw->n_nodes; k++) {
        const struct node *n = &fw->nodes[k];
        if (k == fw->root || n->level != level || n->is_indicator || compute_node_agg(fw, k) == m)
            continue;
        strbuf_addf(sb, " (%s %s: %s)", ES_EN("salvo", "except")[lang], n->code,
                    agg_formula(compute_node_agg(fw, k), lang));
    }
}

char *method_aggregate_text(const struct framework *fw, enum lang lang)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Cada nodo agrega a sus hijos con datos, con sus pesos renormalizados "
                           "entre ellos (w_i: peso del hijo); de abajo arriba, ",
                           "Each node aggregates its children with data, their weights "
                           "renormalised among them (w_i: the child's weight); from the bottom "
                           "up, ")[lang]);
    int top = fw->nodes[fw->root].level;
    for (int l = 2; l <= top; l++) {
        if (l > 2)
            strbuf_adds(&sb, "; ");
        add_level(&sb, fw, l, lang);
    }
    strbuf_adds(&sb, ". s = ");
    add_num(&sb, fw->steps.geo_zero_shift, lang);
    strbuf_adds(&sb, ES_EN(" si algún x_i es 0, si no 0.", " if some x_i is 0, else 0.")[lang]);
    return finish(&sb);
}

static const char *level_label_of(const struct maturity *m, int l, enum lang lang)
{
    return m->name[l][lang] && *m->name[l][lang] ? m->name[l][lang] : m->name[l][LANG_ES];
}

char *method_levels_text(const struct framework *fw, enum lang lang)
{
    const struct maturity *m = &fw->maturity;
    if (m->n <= 0)
        return NULL;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Nivel de madurez del índice v", "Maturity level of the index v")[lang]);
    if (m->rounded)
        strbuf_addf(&sb, ES_EN(" (redondeado antes a %d %s, como se publica)",
                               " (first rounded to %d %s, as published)")[lang],
                    m->decimals, m->decimals == 1 ? ES_EN("decimal", "decimal")[lang]
                                                  : ES_EN("decimales", "decimals")[lang]);
    strbuf_adds(&sb, ": ");
    /* a value on a threshold belongs to the level above it unless
       [maturity] boundary = lower */
    const char *below = m->boundary_lower ? " <= " : " < ";
    const char *above = m->boundary_lower ? " < " : " <= ";
    for (int l = 0; l < m->n; l++) {
        if (l > 0)
            strbuf_adds(&sb, "; ");
        strbuf_adds(&sb, level_label_of(m, l, lang));
        strbuf_adds(&sb, ES_EN(" si ", " if ")[lang]);
        if (l > 0) {
            add_num(&sb, m->threshold[l - 1], lang);
            strbuf_adds(&sb, above);
        }
        strbuf_adds(&sb, "v");
        if (l + 1 < m->n) {
            strbuf_adds(&sb, below);
            add_num(&sb, m->threshold[l], lang);
        } else {
            strbuf_adds(&sb, ES_EN(" (sin límite superior)", " (no upper limit)")[lang]);
        }
    }
    strbuf_adds(&sb, ".");
    return finish(&sb);
}

char *method_eff_weight_text(const struct framework *fw, enum lang lang)
{
    int geo = 0, har = 0, med = 0;
    for (int k = 0; k < fw->n_nodes; k++) {
        if (fw->nodes[k].is_indicator)
            continue;
        enum agg_method m = compute_node_agg(fw, k);
        geo |= m == AGG_GEOMETRIC;
        har |= m == AGG_HARMONIC;
        med |= m == AGG_MEDIAN;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Peso efectivo de un nodo: el producto de los pesos, normalizados entre "
                           "hermanos, desde el nodo hasta el índice.",
                           "Effective weight of a node: the product of the weights, normalised "
                           "among siblings, from the node up to the index.")[lang]);
    if (!geo && !har && !med)
        strbuf_adds(&sb, ES_EN(" Como toda la agregación es aritmética, es la parte del índice "
                               "que aporta el nodo: el índice sube w·d si el nodo sube d.",
                               " As every aggregate is arithmetic, it is the node's share of "
                               "the index: the index rises by w·d if the node rises by d.")[lang]);
    else
        strbuf_adds(&sb, ES_EN(" No es una parte lineal del índice donde la agregación no es "
                               "aritmética:", " It is not a linear share of the index where "
                               "the aggregation is not arithmetic:")[lang]);
    if (geo)
        strbuf_adds(&sb, ES_EN(" en una media geométrica el peso w_i es una elasticidad, "
                               "d(y + s)/(y + s) = w_i·d(x_i + s)/(x_i + s), y el efecto de un "
                               "punto es dy/dx_i = w_i·(y + s)/(x_i + s), mayor para los hijos "
                               "con valor bajo;",
                               " in a geometric mean the weight w_i is an elasticity, "
                               "d(y + s)/(y + s) = w_i·d(x_i + s)/(x_i + s), and one point's "
                               "effect is dy/dx_i = w_i·(y + s)/(x_i + s), larger for children "
                               "with low values;")[lang]);
    if (har)
        strbuf_adds(&sb, ES_EN(" en una media armónica dy/dx_i = w_i·((y + s)/(x_i + s))^2;",
                               " in a harmonic mean dy/dx_i = w_i·((y + s)/(x_i + s))^2;")[lang]);
    if (med)
        strbuf_adds(&sb, ES_EN(" en una mediana ponderada solo cuenta el hijo mediano;",
                               " in a weighted median only the median child counts;")[lang]);
    if (geo || har || med) {
        sb.buf[sb.len - 1] = '.';
    }
    return finish(&sb);
}


static void add_combine(struct strbuf *sb, enum combine_rule r, enum lang lang)
{
    switch (r) {
    case COMBINE_MEAN:
        strbuf_adds(sb, ES_EN("se promedian (media aritmética de las respuestas con valor)",
                              "are averaged (arithmetic mean of the answers with a value)")[lang]);
        break;
    case COMBINE_MEDIAN:
        strbuf_adds(sb, ES_EN("se toma la mediana de las respuestas con valor (con un número par, "
                              "la media de las dos centrales)",
                              "the median of the answers with a value is taken (with an even "
                              "count, the mean of the two middle ones)")[lang]);
        break;
    case COMBINE_MAX:
        strbuf_adds(sb, ES_EN("se toma la respuesta con más puntos",
                              "the answer with the most points is taken")[lang]);
        break;
    case COMBINE_OFFICIAL:
        strbuf_adds(sb, ES_EN("cuenta la respuesta del encuestado oficial, aunque la deje en "
                              "blanco (dos respuestas oficiales distintas dejan la celda sin "
                              "dato); sin encuestado oficial, cuenta la de un encuestado único, "
                              "y con varios encuestados y ninguno oficial la celda queda sin "
                              "dato, con un aviso",
                              "the official respondent's answer counts, even when left blank "
                              "(two official answers that differ leave the cell without data); "
                              "without an official respondent, a single respondent's answer "
                              "counts, and with several respondents and none official the cell "
                              "is left without data, with a warning")[lang]);
        break;
    }
}

char *method_score_text(const struct framework *fw, enum lang lang)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Cada respuesta se puntúa al cargarla: sí/no vale 1/0 (o los puntos "
                           "de la opción si el cuestionario los da); una opción única, sus "
                           "puntos; una selección múltiple, la suma de los puntos de las "
                           "opciones marcadas (cada una una vez); Likert 1–5, porcentajes y "
                           "números, su valor. El valor bruto de un indicador es la respuesta a "
                           "su pregunta (o el dato administrativo con su código). Si responden "
                           "varias personas de una institución, ",
                           "Each answer is scored when loaded: yes/no is 1/0 (or the option's "
                           "points when the questionnaire gives them); a single choice, its "
                           "points; a multiple choice, the sum of the points of the options "
                           "ticked (each once); Likert 1–5, percentages and numbers, their "
                           "value. An indicator's raw value is the answer to its question (or "
                           "the administrative value with its code). If several people of one "
                           "institution answer, ")[lang]);
    add_combine(&sb, fw->respondents, lang);
    strbuf_adds(&sb, ES_EN("; se combinan antes de dividir por el denominador, que se combina "
                           "igual. ",
                           "; they are combined before dividing by the denominator, which is "
                           "combined alike. ")[lang]);
    static const char *const ev[][LANG_COUNT] = {
        [EVIDENCE_ZERO] = {"Una respuesta positiva sin la evidencia que pide su indicador (una "
                           "URL http(s) válida) cuenta 0, con un aviso.",
                           "A positive answer without the evidence its indicator asks for (a "
                           "well-formed http(s) URL) counts 0, with a warning."},
        [EVIDENCE_KEEP] = {"Una respuesta positiva sin la evidencia que pide su indicador cuenta "
                           "como se dio, con un aviso.",
                           "A positive answer without the evidence its indicator asks for "
                           "counts as given, with a warning."},
        [EVIDENCE_ERROR] = {"Una respuesta positiva sin la evidencia que pide su indicador "
                            "rechaza el archivo.",
                            "A positive answer without the evidence its indicator asks for "
                            "refuses the file."},
    };
    strbuf_adds(&sb, ev[fw->missing_evidence][lang]);
    return finish(&sb);
}

char *method_denominate_text(const struct framework *fw, enum lang lang)
{
    struct strbuf sb;
    strbuf_init(&sb);
    int n = 0;
    for (int k = 0; k < fw->n_nodes; k++) {
        const struct node *nd = &fw->nodes[k];
        if (!nd->is_indicator || !nd->denominator || !*nd->denominator)
            continue;
        if (n++ == 0)
            strbuf_adds(&sb, ES_EN("Un indicador con denominador d y factor de escala f vale "
                                   "x / (d / f), con x su valor bruto; d es el valor del código "
                                   "que nombra (pregunta o dato administrativo) y, si responden "
                                   "varias personas de una institución, se combina entre ellas "
                                   "con la misma regla que las respuestas, antes de dividir. Sin "
                                   "x o sin d, queda sin dato; con d = 0, queda sin dato, con un "
                                   "aviso. Con denominador: ",
                                   "An indicator with denominator d and scale factor f counts "
                                   "x / (d / f), x being its raw value; d is the value of the "
                                   "code it names (a question or an administrative value) and, "
                                   "if several people of one institution answer, it is combined "
                                   "among them by the same rule as the answers, before the "
                                   "division. Without x or without d, it is left without data; "
                                   "with d = 0, it is left without data, with a warning. With a "
                                   "denominator: ")[lang]);
        else
            strbuf_adds(&sb, "; ");
        strbuf_addf(&sb, "%s = x / (%s / ", nd->code, nd->denominator);
        add_num(&sb, nd->scale_factor, lang);
        strbuf_adds(&sb, ")");
    }
    if (n)
        strbuf_adds(&sb, ".");
    else
        strbuf_adds(&sb, ES_EN("Ningún indicador tiene denominador: el valor bruto pasa sin "
                               "cambios.",
                               "No indicator has a denominator: the raw value passes "
                               "unchanged.")[lang]);
    return finish(&sb);
}

static void add_codes(struct strbuf *sb, char *const *codes, int n)
{
    for (int i = 0; i < n; i++)
        strbuf_addf(sb, "%s%s", i ? ", " : "", codes[i]);
}

char *method_screen_text(const struct steps *st, enum lang lang)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Una institución entra en el cálculo si tiene dato en al menos el ",
                           "An institution enters the computation if it has data in at least ")
                         [lang]);
    add_num(&sb, st->screen_threshold * 100, lang);
    strbuf_adds(&sb, ES_EN(" % de sus indicadores (proporción con dato / total >= umbral, en el "
                           "punto de la secuencia de pasos donde se filtra); si no, queda sin "
                           "puntaje ni posición.",
                           "% of its indicators (share with data / total >= threshold, where "
                           "screening stands in the sequence of steps); otherwise it gets no "
                           "score and no rank.")[lang]);
    if (st->n_force_include) {
        strbuf_adds(&sb, ES_EN(" Incluidas siempre: ", " Always included: ")[lang]);
        add_codes(&sb, st->force_include, st->n_force_include);
        strbuf_adds(&sb, ".");
    }
    if (st->n_force_exclude) {
        strbuf_adds(&sb, ES_EN(" Excluidas siempre: ", " Always excluded: ")[lang]);
        add_codes(&sb, st->force_exclude, st->n_force_exclude);
        strbuf_adds(&sb, ".");
    }
    return finish(&sb);
}

char *method_impute_text(const struct steps *st, enum lang lang)
{
    static const char *const txt[][LANG_COUNT] = {
        [IMPUTE_NONE] = {"Los datos que faltan no se completan.", "Missing data are not filled."},
        [IMPUTE_MEAN] = {"Un dato que falta se completa con la media del indicador sobre las "
                         "instituciones incluidas con dato.",
                         "A missing value is filled with the indicator's mean over the included "
                         "institutions with data."},
        [IMPUTE_MEDIAN] = {"Un dato que falta se completa con la mediana del indicador sobre las "
                           "instituciones incluidas con dato.",
                           "A missing value is filled with the indicator's median over the "
                           "included institutions with data."},
        [IMPUTE_GROUP_MEAN] = {"Un dato que falta se completa con la media del indicador sobre "
                               "las instituciones incluidas con dato del mismo grupo (columna "
                               "de grupo del registro de instituciones); sin grupo, o si nadie del "
                               "grupo tiene dato, queda sin dato.",
                               "A missing value is filled with the indicator's mean over the "
                               "included institutions with data in the same group (the "
                               "registry's group column); without a group, or if no one in the "
                               "group has data, it stays missing."},
        [IMPUTE_GROUP_MEDIAN] = {"Un dato que falta se completa con la mediana del indicador sobre "
                                 "las instituciones incluidas con dato del mismo grupo (columna "
                                 "de grupo del registro de instituciones); sin grupo, o si nadie "
                                 "del grupo tiene dato, queda sin dato.",
                                 "A missing value is filled with the indicator's median over the "
                                 "included institutions with data in the same group (the "
                                 "registry's group column); without a group, or if no one in "
                                 "the group has data, it stays missing."},
        [IMPUTE_ZERO] = {"Una pregunta sin respuesta vale 0 (como el índice de gobierno digital "
                         "de la OCDE).",
                         "An unanswered question counts 0 (as the OECD Digital Government "
                         "Index)."},
    };
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, txt[st->impute][lang]);
    return finish(&sb);
}

static const char *norm_formula(enum norm_method m, enum lang lang)
{
    static const char *const f[][LANG_COUNT] = {
        [NORM_NONE] = {"x·d sin cambios", "x·d unchanged"},
        [NORM_MINMAX] = {"mín-máx, (x·d - mín)/(máx - mín)·(b - a) + a, con mín y máx de x·d "
                         "sobre las instituciones incluidas con dato",
                         "min-max, (x·d - min)/(max - min)·(b - a) + a, min and max of x·d over "
                         "the included institutions with data"},
        [NORM_ZSCORE] = {"puntuación z, (x·d - media)/desv, desviación con n - 1",
                         "z-score, (x·d - mean)/sd, sd with n - 1"},
        [NORM_GOALPOSTS] = {"metas, y = (x - L)/(U - L) (con d = -1, y = (U - x)/(U - L)), "
                            "recortado a [0, 1] (marca «recortado»), a + y·(b - a); L y U son las "
                            "metas del indicador",
                            "goalposts, y = (x - L)/(U - L) (with d = -1, y = (U - x)/(U - L)), "
                            "clipped to [0, 1] (flag «clipped»), a + y·(b - a); L and U are the "
                            "indicator's goalposts"},
        [NORM_DIST_TARGET] = {"distancia a la meta, r = x/T (con d = -1, r = T/x), r hasta 1, "
                              "a + r·(b - a)",
                              "distance to target, r = x/T (with d = -1, r = T/x), r capped at "
                              "1, a + r·(b - a)"},
        [NORM_DIST_REF] = {"distancia a la referencia, r = x/T (con d = -1, r = T/x), "
                           "a + r·(b - a)",
                           "distance to reference, r = x/T (with d = -1, r = T/x), a + r·(b - a)"},
        [NORM_DIST_MAX] = {"distancia al máximo, r = x/máx (con d = -1, r = mín/x), a + r·(b - a)",
                           "distance to maximum, r = x/max (with d = -1, r = min/x), "
                           "a + r·(b - a)"},
        [NORM_PRANK] = {"rango percentil, (rango mínimo de x·d - 1)/(n - 1), a + p·(b - a)",
                        "percentile rank, (min rank of x·d - 1)/(n - 1), a + p·(b - a)"},
        [NORM_RANK] = {"rango, rango mínimo de x·d (1 = el más bajo)",
                       "rank, min rank of x·d (1 = the lowest)"},
    };
    return f[m][lang];
}

char *method_normalise_text(const struct framework *fw, enum lang lang)
{
    const struct steps *st = &fw->steps;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Cada indicador se lleva a la escala [a, b] = [",
                           "Each indicator is brought to the scale [a, b] = [")[lang]);
    add_num(&sb, st->norm_lower, lang);
    strbuf_adds(&sb, ", ");
    add_num(&sb, st->norm_upper, lang);
    strbuf_adds(&sb, ES_EN("] con ", "] by ")[lang]);
    strbuf_adds(&sb, norm_formula(st->norm, lang));
    strbuf_adds(&sb, ES_EN("; d es la dirección del indicador (1 o -1).",
                           "; d is the indicator's direction (1 or -1).")[lang]);
    int first = 1;
    for (int k = 0; k < fw->n_nodes; k++) {
        const struct node *n = &fw->nodes[k];
        if (!n->is_indicator || !n->norm_set || n->norm == st->norm)
            continue;
        strbuf_adds(&sb, first ? ES_EN(" Salvo ", " Except ")[lang] : "; ");
        strbuf_addf(&sb, "%s: %s", n->code, norm_formula(n->norm, lang));
        first = 0;
    }
    if (!first)
        strbuf_adds(&sb, ".");
    return finish(&sb);
}

char *method_rank_text(const struct framework *fw, enum lang lang)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Posición: 1 + el número de instituciones con un valor mayor",
                           "Rank: 1 + the number of institutions with a greater value")[lang]);
    if (fw->rank_rounded)
        strbuf_addf(&sb, ES_EN(" una vez redondeados a %d %s, como se publican",
                               " once rounded to %d %s, as published")[lang],
                    fw->rank_decimals, fw->rank_decimals == 1 ? "decimal"
                                       : ES_EN("decimales", "decimals")[lang]);
    strbuf_adds(&sb, ES_EN("; los empates comparten la mejor posición y la siguiente salta "
                           "(1, 2, 2, 4); sin valor, sin posición.",
                           "; ties share the best rank and the next one skips (1, 2, 2, 4); "
                           "no value, no rank.")[lang]);
    return finish(&sb);
}

/* The choices of factor f after the nominal one, as labels. */
static void add_choices(struct strbuf *sb, const struct uncertainty *ua, enum ua_factor f,
                        enum lang lang)
{
    strbuf_adds(sb, ES_EN("la del marco", "the framework's own")[lang]);
    for (int c = 1; c < ua->n_choice[f]; c++) {
        int m = ua->choice[f][c];
        strbuf_adds(sb, c + 1 < ua->n_choice[f] ? ", " : ES_EN(" o ", " or ")[lang]);
        strbuf_adds(sb, f == UA_NORM  ? norm_method_label((enum norm_method)m, lang)
                        : f == UA_AGG ? agg_method_label((enum agg_method)m, lang)
                                      : impute_method_label((enum impute_method)m, lang));
    }
    strbuf_addf(sb, ES_EN(" (cada una con probabilidad 1/%d)", " (each with probability 1/%d)")
                        [lang], ua->n_choice[f]);
}

static void add_factors(struct strbuf *sb, const struct uncertainty *ua,
                        const struct ua_options *o, enum lang lang)
{
    int first = 1;
    for (int f = 0; f < UA_N_FACTORS; f++) {
        if (!(ua->varied & UA_BIT(f)))
            continue;
        strbuf_adds(sb, first ? " " : "; ");
        first = 0;
        switch ((enum ua_factor)f) {
        case UA_WEIGHTS:
            strbuf_adds(sb, ES_EN("pesos: cada peso w (salvo el del índice) pasa a "
                                  "w·(1 + r·(2u - 1)), u uniforme en [0, 1), un u por nodo, r = ",
                                  "weights: every weight w (but the index's) becomes "
                                  "w·(1 + r·(2u - 1)), u uniform on [0, 1), one u per node, r = ")
                                [lang]);
            add_num(sb, o->weight_noise[1], lang);
            break;
        case UA_NORM:
            strbuf_adds(sb, ES_EN("normalización: ", "normalisation: ")[lang]);
            add_choices(sb, ua, UA_NORM, lang);
            break;
        case UA_AGG:
            strbuf_adds(sb, ES_EN("agregación en todos los niveles: ",
                                  "aggregation at every level: ")[lang]);
            add_choices(sb, ua, UA_AGG, lang);
            break;
        case UA_IMPUTE:
            strbuf_adds(sb, ES_EN("imputación: ", "imputation: ")[lang]);
            add_choices(sb, ua, UA_IMPUTE, lang);
            break;
        case UA_DROP:
            strbuf_addf(sb, ES_EN("indicador omitido: ninguno o uno de los %d, cada caso con "
                                  "probabilidad 1/%d",
                                  "indicator dropped: none or one of the %d, each case with "
                                  "probability 1/%d")[lang],
                        ua->n_choice[UA_DROP] - 1, ua->n_choice[UA_DROP]);
            break;
        case UA_N_FACTORS:
            break;
        }
    }
    strbuf_adds(sb, ".");
}

/* One interval [lo, hi] of an index and where it leaves [0, 1]: 0 inside
   (or no interval: n_boot = 0), 1 out but containing the end of [0, 1] it
   crosses (an index at 0 or 1, estimated with noise), 2 wholly outside. */
static int bound_out(double lo, double hi)
{
    if (!(lo < 0) && !(hi > 1))
        return 0;
    return (lo < 0 && hi >= 0) || (hi > 1 && lo <= 1) ? 1 : 2;
}

/* An interval [lo, hi] around the estimate c that crosses an end of [0, 1]:
   the base points N' that would keep it inside with the same estimate (the
   interval's width falls as 1/sqrt(N): N' = N·((c - lo)/c)^2 at 0,
   N·((hi - c)/(1 - c))^2 at 1), or none when the estimate is itself at or
   beyond the end (consistent with it: no N keeps it inside). */
static void add_edge(struct strbuf *sb, const char *what, double c, double lo, double hi, int n,
                     enum lang lang)
{
    strbuf_addf(sb, "%s%s", sb->len ? ", " : "", what);
    int low = lo < 0;
    double gap = low ? c : 1 - c;
    if (!(gap > 0)) {
        strbuf_adds(sb, low ? ES_EN(" (estimación <= 0: compatible con 0, ningún N lo deja "
                                    "dentro)",
                                    " (estimate <= 0: consistent with 0, no N keeps it "
                                    "inside)")[lang]
                            : ES_EN(" (estimación >= 1: compatible con 1, ningún N lo deja "
                                    "dentro)",
                                    " (estimate >= 1: consistent with 1, no N keeps it "
                                    "inside)")[lang]);
        return;
    }
    double r = (low ? c - lo : hi - c) / gap;
    strbuf_addf(sb, ES_EN(" (N >= %.0f lo dejaría dentro)", " (N >= %.0f would keep it inside)")
                        [lang], ceil((double)n * r * r));
}

/* What the published estimates show, checked as they came out rather than
   promised: first order <= total within the intervals, and each interval
   that leaves [0, 1], named as sensibilidad.csv names it ("S_i of drop"),
   with the N that would keep it inside, or why none would. */
static void add_sens_checks(struct strbuf *sb, const struct uncertainty *ua, enum lang lang)
{
    struct strbuf bad, edge, off;
    strbuf_init(&bad);
    strbuf_init(&edge);
    strbuf_init(&off);
    for (int k = 0; k < ua->n_sens; k++) {
        const struct ua_sens *x = &ua->sens[k];
        const char *f = ua_factor_name(x->factor);
        if (!(x->si <= x->sti_q95 && x->si_q05 <= x->sti))
            strbuf_addf(&bad, "%s%s", bad.len ? ", " : "", f);
        const double c[] = {x->si, x->sti}, lo[] = {x->si_q05, x->sti_q05},
                     hi[] = {x->si_q95, x->sti_q95};
        for (int t = 0; t < 2; t++) {
            char what[64];
            snprintf(what, sizeof what, "%s %s %s", t ? "ST_i" : "S_i", ES_EN("de", "of")[lang], f);
            int o = bound_out(lo[t], hi[t]);
            if (o == 1)
                add_edge(&edge, what, c[t], lo[t], hi[t], ua->sa_n, lang);
            else if (o == 2)
                strbuf_addf(&off, "%s%s", off.len ? ", " : "", what);
        }
    }
    if (bad.len)
        strbuf_addf(sb, ES_EN(" S_i supera a ST_i más allá de los intervalos en: %s; "
                              "hace falta un N mayor.",
                              " S_i exceeds ST_i beyond the intervals for: %s; a larger N "
                              "is needed.")[lang], bad.buf);
    else
        strbuf_adds(sb, ES_EN(" Para cada factor, S_i <= ST_i dentro de los intervalos.",
                              " For every factor, S_i <= ST_i within the intervals.")[lang]);
    if (edge.len)
        strbuf_addf(sb, ES_EN(" Intervalos que salen de [0, 1]: %s. Cada uno contiene el "
                              "extremo de [0, 1] que cruza: el índice está en ese extremo o "
                              "cerca; el ancho de un intervalo baja como 1/sqrt(N), y el N "
                              "entre paréntesis es el que lo dejaría dentro con la misma "
                              "estimación.",
                              " Intervals that leave [0, 1]: %s. Each contains the end of "
                              "[0, 1] it crosses: the index is at that end or close to it; an "
                              "interval's width falls as 1/sqrt(N), and the N in brackets is "
                              "the one that would keep it inside with the same estimate.")[lang],
                      edge.buf);
    if (off.len)
        strbuf_addf(sb, ES_EN(" Intervalos enteramente fuera de [0, 1]: %s; hace falta un N "
                              "mayor.",
                              " Intervals wholly outside [0, 1]: %s; a larger N is "
                              "needed.")[lang], off.buf);
    if (!edge.len && !off.len)
        strbuf_adds(sb, ES_EN(" Todos los intervalos están dentro de [0, 1].",
                              " Every interval lies within [0, 1].")[lang]);
    strbuf_release(&bad);
    strbuf_release(&edge);
    strbuf_release(&off);
}

char *method_uncertainty_text(const struct uncertainty *ua, const struct ua_options *o,
                              enum lang lang)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Supuestos variados, independientes entre sí:",
                           "Assumptions varied, independently of each other:")[lang]);
    add_factors(&sb, ua, o, lang);
    strbuf_addf(&sb, ES_EN(" %d simulaciones Monte Carlo con el generador xoshiro256** y la "
                           "semilla %llu (un flujo por simulación, así que el resultado no "
                           "depende del número de hilos). Por simulación, y = media sobre las "
                           "instituciones con posición oficial de |posición - posición "
                           "oficial| (empates con la mejor posición); grupo alto y bajo: las "
                           "max(1, piso(n/4)) primeras y últimas posiciones.",
                           " %d Monte Carlo simulations with the xoshiro256** generator and "
                           "seed %llu (one stream per simulation, so the result does not depend "
                           "on the number of threads). Per simulation, y = mean over the "
                           "institutions with an official rank of |rank - official rank| (ties "
                           "take the best rank); top and bottom groups: the max(1, floor(n/4)) "
                           "first and last ranks.")[lang],
                ua->runs, (unsigned long long)o->seed);
    if (ua->n_sens > 0)
        strbuf_addf(&sb, ES_EN(" Sensibilidad: diseño de Saltelli A, B, AB_i con N = %d puntos "
                               "base y k = %d factores, N·(k + 2) = %ld evaluaciones; primer "
                               "orden S_i = media(yB·(yAB_i - yA)) / Var(yA, yB) (Saltelli "
                               "2010), total ST_i = media((yA - yAB_i)^2) / (2·Var(yA, yB)) "
                               "(Jansen 1999); intervalos: cuantiles 5 %% y 95 %% de %d "
                               "remuestreos bootstrap de los N términos. Las estimaciones no se "
                               "recortan: con N finito, un índice cercano a 0 puede estimarse "
                               "negativo, y su límite inferior también; se lee como 0 dentro "
                               "del intervalo.",
                               " Sensitivity: Saltelli's A, B, AB_i design with N = %d base "
                               "points and k = %d factors, N·(k + 2) = %ld evaluations; first "
                               "order S_i = mean(yB·(yAB_i - yA)) / Var(yA, yB) (Saltelli "
                               "2010), total ST_i = mean((yA - yAB_i)^2) / (2·Var(yA, yB)) "
                               "(Jansen 1999); intervals: the 5 %% and 95 %% quantiles of %d "
                               "bootstrap resamples of the N terms. The estimates are not "
                               "clamped: with a finite N, an index close to 0 may be estimated "
                               "negative, and so may its lower bound; read it as 0 within the "
                               "interval.")[lang],
                    ua->sa_n, ua->n_sens, (long)ua->sa_n * (ua->n_sens + 2), o->n_boot);
    if (ua->n_sens > 0)
        add_sens_checks(&sb, ua, lang);
    return finish(&sb);
}
