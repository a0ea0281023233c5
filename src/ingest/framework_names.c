/*
 * framework_names.c — the names of a framework's things: the enums as files
 * and messages spell them (and their parsers), codes folded for comparison,
 * nodes and questions looked up by code.
 *
 * Both the reader (framework.c) and the checks across records
 * (framework_validate.c) use these, and neither is used here, so the
 * dependencies run one way: framework.c -> framework_validate.c ->
 * framework_names.c.
 */
#include "framework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

#define N_OF(a) (sizeof(a) / sizeof *(a))

/* ------------------------------------------------------------------------ */
/* Codes folded                                                              */
/* ------------------------------------------------------------------------ */

char *code_fold(const char *s)
{
    /* the second byte of the two-byte UTF-8 letters after 0xC3, and the
       ASCII letter each becomes */
    static const struct {
        unsigned char second;
        char base;
    } accents[] = {
        {0xA1, 'a'}, {0x81, 'a'}, {0xA9, 'e'}, {0x89, 'e'}, {0xAD, 'i'}, {0x8D, 'i'},
        {0xB3, 'o'}, {0x93, 'o'}, {0xBA, 'u'}, {0x9A, 'u'}, {0xBC, 'u'}, {0x9C, 'u'},
        {0xB1, 'n'}, {0x91, 'n'},
    };
    struct strbuf sb;
    strbuf_init(&sb);
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (*p >= 'A' && *p <= 'Z') {
            strbuf_addc(&sb, (char)(*p - 'A' + 'a'));
            continue;
        }
        if (*p == 0xC3 && p[1]) {
            char base = 0;
            for (size_t i = 0; i < sizeof accents / sizeof *accents && !base; i++)
                if (accents[i].second == p[1])
                    base = accents[i].base;
            if (base) {
                strbuf_addc(&sb, base);
                p++;
                continue;
            }
        }
        strbuf_addc(&sb, (char)*p);
    }
    char *out = strbuf_detach(&sb);
    strbuf_release(&sb);   /* detach leaves sb re-initialised */
    return out;
}

/* ------------------------------------------------------------------------ */
/* Names of the enums                                                        */
/* ------------------------------------------------------------------------ */

/* The first entry of each value is its canonical name (the one written in
   files and messages); the others are accepted spellings.  Names are stored
   folded (code_fold), so input is compared ignoring case and accents. */
struct name {
    const char *name;
    int value;
};

static const struct name answer_types[] = {
    {"si_no", ANSWER_YESNO},           {"likert5", ANSWER_LIKERT5},
    {"porcentaje", ANSWER_PERCENT},    {"numero", ANSWER_NUMBER},
    {"seleccion_unica", ANSWER_SELECT_ONE}, {"seleccion_multiple", ANSWER_SELECT_MULTIPLE},
    {"texto", ANSWER_TEXT},            {"yesno", ANSWER_YESNO},
    {"yes_no", ANSWER_YESNO},          {"percent", ANSWER_PERCENT},
    {"number", ANSWER_NUMBER},         {"select_one", ANSWER_SELECT_ONE},
    {"select_multiple", ANSWER_SELECT_MULTIPLE}, {"text", ANSWER_TEXT},
};

static const struct name norm_methods[] = {
    {"none", NORM_NONE},         {"minmax", NORM_MINMAX},   {"zscore", NORM_ZSCORE},
    {"goalposts", NORM_GOALPOSTS}, {"dist_target", NORM_DIST_TARGET},
    {"dist_ref", NORM_DIST_REF}, {"dist_max", NORM_DIST_MAX}, {"prank", NORM_PRANK},
    {"rank", NORM_RANK},         {"ninguna", NORM_NONE},    {"min_max", NORM_MINMAX},
    {"z_score", NORM_ZSCORE},
};

static const struct name agg_methods[] = {
    {"arithmetic", AGG_ARITHMETIC}, {"geometric", AGG_GEOMETRIC},
    {"harmonic", AGG_HARMONIC},     {"median", AGG_MEDIAN},
    {"aritmetica", AGG_ARITHMETIC}, {"geometrica", AGG_GEOMETRIC},
    {"armonica", AGG_HARMONIC},     {"mediana", AGG_MEDIAN},
};

static const struct name impute_methods[] = {
    {"none", IMPUTE_NONE},           {"mean", IMPUTE_MEAN},
    {"median", IMPUTE_MEDIAN},       {"group_mean", IMPUTE_GROUP_MEAN},
    {"group_median", IMPUTE_GROUP_MEDIAN}, {"zero", IMPUTE_ZERO},
    {"ninguna", IMPUTE_NONE},        {"media", IMPUTE_MEAN},
    {"mediana", IMPUTE_MEDIAN},      {"media_grupo", IMPUTE_GROUP_MEAN},
    {"mediana_grupo", IMPUTE_GROUP_MEDIAN}, {"cero", IMPUTE_ZERO},
};

static const struct name combine_rules[] = {
    {"mean", COMBINE_MEAN},     {"median", COMBINE_MEDIAN}, {"max", COMBINE_MAX},
    {"official", COMBINE_OFFICIAL}, {"media", COMBINE_MEAN}, {"promedio", COMBINE_MEAN},
    {"mediana", COMBINE_MEDIAN}, {"maximo", COMBINE_MAX},    {"oficial", COMBINE_OFFICIAL},
};

static const struct name evidence_rules[] = {
    {"zero", EVIDENCE_ZERO}, {"keep", EVIDENCE_KEEP}, {"error", EVIDENCE_ERROR},
    {"cero", EVIDENCE_ZERO}, {"mantener", EVIDENCE_KEEP},
};

static const struct name step_names[] = {
    {"score", STEP_SCORE},       {"denominate", STEP_DENOMINATE}, {"screen", STEP_SCREEN},
    {"impute", STEP_IMPUTE},     {"treat", STEP_TREAT},           {"normalise", STEP_NORMALISE},
    {"aggregate", STEP_AGGREGATE}, {"normalize", STEP_NORMALISE},
};

static int name_parse(const struct name *t, size_t n, const char *s)
{
    if (!s)
        return -1;
    char *f = code_fold(s);
    int v = -1;
    for (size_t i = 0; i < n && v < 0; i++)
        if (strcmp(f, t[i].name) == 0)
            v = t[i].value;
    free(f);
    return v;
}

static const char *name_of(const struct name *t, size_t n, int v)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].value == v)
            return t[i].name;
    BUG("enum value %d has no name", v);
}

const char *answer_type_name(enum answer_type t) { return name_of(answer_types, N_OF(answer_types), (int)t); }
int answer_type_parse(const char *s) { return name_parse(answer_types, N_OF(answer_types), s); }
const char *norm_method_name(enum norm_method m) { return name_of(norm_methods, N_OF(norm_methods), (int)m); }
int norm_method_parse(const char *s) { return name_parse(norm_methods, N_OF(norm_methods), s); }
const char *agg_method_name(enum agg_method m) { return name_of(agg_methods, N_OF(agg_methods), (int)m); }
int agg_method_parse(const char *s) { return name_parse(agg_methods, N_OF(agg_methods), s); }
const char *impute_method_name(enum impute_method m) { return name_of(impute_methods, N_OF(impute_methods), (int)m); }
int impute_method_parse(const char *s) { return name_parse(impute_methods, N_OF(impute_methods), s); }
const char *combine_rule_name(enum combine_rule r) { return name_of(combine_rules, N_OF(combine_rules), (int)r); }
int combine_rule_parse(const char *s) { return name_parse(combine_rules, N_OF(combine_rules), s); }
const char *evidence_rule_name(enum evidence_rule r) { return name_of(evidence_rules, N_OF(evidence_rules), (int)r); }
int evidence_rule_parse(const char *s) { return name_parse(evidence_rules, N_OF(evidence_rules), s); }
const char *step_name(enum step_kind s) { return name_of(step_names, N_OF(step_names), (int)s); }
int step_parse(const char *s) { return name_parse(step_names, N_OF(step_names), s); }

/* ------------------------------------------------------------------------ */
/* Lookups                                                                   */
/* ------------------------------------------------------------------------ */

const struct question *framework_question(const struct framework *fw, const char *code)
{
    if (!code)
        return NULL;
    for (int i = 0; i < fw->n_questions; i++)
        if (strcmp(fw->questions[i].code, code) == 0)
            return &fw->questions[i];
    return NULL;
}

int framework_node(const struct framework *fw, const char *code)
{
    if (!code)
        return -1;
    for (int i = 0; i < fw->n_nodes; i++)
        if (strcmp(fw->nodes[i].code, code) == 0)
            return i;
    return -1;
}

/* The rule for an unsupported positive answer to indicator k: its own
   (nodes.csv missing_evidence), else the framework's. */
enum evidence_rule framework_evidence_rule(const struct framework *fw, int k)
{
    const struct node *nd = &fw->nodes[k];
    return nd->evidence_rule_set ? nd->evidence_rule : fw->missing_evidence;
}

/* The segment of [index] axis_names_en after *p ("CODE: name |"): its code
   and name, trimmed, into the buffers; *p moves past it.  0 at the end. */
int framework_axis_name_next(const char **p, char *code, size_t nc, char *name, size_t nn)
{
    const char *s = *p;
    while (*s == ' ' || *s == '|')
        s++;
    if (!*s)
        return 0;
    const char *end = strchr(s, '|'), *stop = end ? end : s + strlen(s);
    const char *colon = memchr(s, ':', (size_t)(stop - s));
    const char *ce = colon ? colon : stop, *ns = colon ? colon + 1 : stop;
    while (ce > s && ce[-1] == ' ')
        ce--;
    while (ns < stop && *ns == ' ')
        ns++;
    const char *ne = stop;
    while (ne > ns && ne[-1] == ' ')
        ne--;
    snprintf(code, nc, "%.*s", (int)(ce - s), s);
    snprintf(name, nn, "%.*s", colon ? (int)(ne - ns) : 0, ns);
    *p = stop;
    return 1;
}

const char *framework_axis_name(const struct framework *fw, const char *code, enum lang lang,
                                char *buf, size_t n)
{
    char c[256], name[512];
    for (const char *p = lang == LANG_EN ? fw->axis_names_en : NULL;
         p && framework_axis_name_next(&p, c, sizeof c, name, sizeof name);)
        if (strcmp(c, code) == 0 && *name) {
            snprintf(buf, n, "%s", name);
            return buf;
        }
    snprintf(buf, n, "%s", code);
    return buf;
}
