/*
 * framework_validate.c — the checks that need the whole framework
 * (framework_check in framework.h) and the values derived from the tree.
 *
 * framework.c has read every record and reported what was wrong inside one
 * record.  Here: parents are resolved by code, the tree must have one root
 * and no cycle, codes must differ by more than case or accents, sibling
 * weights must not sum to zero, levels are computed (COINr: indicator = 1,
 * aggregate = 1 + highest child), every question reference must resolve and
 * every scored question must be read, the options must cover the answer
 * scale, and goalposts left empty take their default from the answer type.
 *
 * Each problem is reported once, at the line of the record to fix; a check
 * whose input file could not be read whole is skipped (read_ok).
 */
#include "framework.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

struct check {
    struct framework *fw;
    struct diag *d;
    unsigned read_ok;
    char *nodes_path, *questions_path, *options_path;
    char **node_fold;          /* code_fold of each node code               */
    int *bad_parent;           /* 1: parent code not found (reported)       */
    int *in_cycle;             /* 1: on a cycle (reported)                  */
    int *n_children;
    int tree_ok;               /* parents resolved, one root, no cycle      */
    int *q_used;               /* question read by an indicator or denominator */
};

static char *path_in(const char *dir, const char *file)
{
    size_t n = strlen(dir);
    if (n == 0)
        return xstrdup(file);
    return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", file);
}

/* Index of the first node whose folded code equals fold, or -1. */
static int node_by_fold(const struct check *c, const char *code)
{
    char *f = code_fold(code);
    int found = -1;
    for (int i = 0; i < c->fw->n_nodes && found < 0; i++)
        if (strcmp(c->node_fold[i], f) == 0)
            found = i;
    free(f);
    return found;
}

static const struct question *question_by_fold(const struct framework *fw, const char *code)
{
    char *f = code_fold(code);
    const struct question *found = NULL;
    for (int i = 0; i < fw->n_questions && !found; i++) {
        char *g = code_fold(fw->questions[i].code);
        if (strcmp(f, g) == 0)
            found = &fw->questions[i];
        free(g);
    }
    free(f);
    return found;
}

/* ------------------------------------------------------------------------ */
/* The tree                                                                  */
/* ------------------------------------------------------------------------ */

/* Codes equal once case and accents are folded (the first one wins). */
static void check_node_codes(struct check *c)
{
    struct framework *fw = c->fw;
    for (int i = 0; i < fw->n_nodes; i++) {
        for (int j = 0; j < i; j++) {
            if (strcmp(c->node_fold[i], c->node_fold[j]) != 0)
                continue;
            if (strcmp(fw->nodes[i].code, fw->nodes[j].code) == 0)
                diag_error(c->d, EX_DATAERR_, c->nodes_path, fw->nodes[i].line, 0,
                           "code \"%s\" appears twice (first at line %d) (expected unique codes)",
                           fw->nodes[i].code, fw->nodes[j].line);
            else
                diag_error(c->d, EX_DATAERR_, c->nodes_path, fw->nodes[i].line, 0,
                           "code \"%s\" is the same as \"%s\" at line %d apart from case or "
                           "accents (expected codes that differ by more than case or accents)",
                           fw->nodes[i].code, fw->nodes[j].code, fw->nodes[j].line);
            break;
        }
    }
}

/* Parent codes -> indices; the first root found is the index. */
static void resolve_parents(struct check *c)
{
    struct framework *fw = c->fw;
    int n_roots = 0;
    fw->root = -1;
    for (int i = 0; i < fw->n_nodes; i++) {
        struct node *n = &fw->nodes[i];
        n->parent = -1;
        if (!n->parent_code) {
            if (n_roots++ == 0)
                fw->root = i;
            else
                diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                           "\"%s\" has no parent, but \"%s\" at line %d is already the root "
                           "(expected exactly one node with an empty parent: the index)",
                           n->code, fw->nodes[fw->root].code, fw->nodes[fw->root].line);
            continue;
        }
        n->parent = framework_node(fw, n->parent_code);
        if (n->parent >= 0)
            continue;
        c->bad_parent[i] = 1;
        int near = node_by_fold(c, n->parent_code);
        if (near >= 0)
            diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                       "parent \"%s\" of \"%s\" is not a node code (expected a code of "
                       "nodes.csv; did you mean \"%s\"?)",
                       n->parent_code, n->code, fw->nodes[near].code);
        else
            diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                       "parent \"%s\" of \"%s\" is not a node code (expected a code of "
                       "nodes.csv)",
                       n->parent_code, n->code);
    }
    if (fw->n_nodes > 0 && n_roots == 0)
        diag_error(c->d, EX_DATAERR_, c->nodes_path, 0, 0,
                   "no root (expected exactly one node with an empty parent: the index)");
    c->tree_ok = n_roots == 1;
    for (int i = 0; i < fw->n_nodes; i++)
        c->tree_ok &= !c->bad_parent[i];
}

/* Follow every parent chain; a chain that comes back to itself is a cycle,
   reported once at its member with the lowest line. */
static void check_cycles(struct check *c)
{
    struct framework *fw = c->fw;
    int n = fw->n_nodes;
    int *stamp = xcalloc((size_t)n + 1, sizeof *stamp);   /* 0 = not seen, else walk id */
    for (int i = 0; i < n; i++) {
        int k = i;
        while (k >= 0 && !stamp[k]) {
            stamp[k] = i + 1;
            k = fw->nodes[k].parent;
        }
        if (k < 0 || stamp[k] != i + 1)
            continue;   /* reached the root, a bad parent, or an earlier walk */
        /* k is on a new cycle */
        int first = k;
        for (int m = fw->nodes[k].parent; m != k; m = fw->nodes[m].parent)
            if (fw->nodes[m].line < fw->nodes[first].line)
                first = m;
        struct strbuf sb;
        strbuf_init(&sb);
        int m = first;
        do {
            c->in_cycle[m] = 1;
            strbuf_addf(&sb, "%s -> ", fw->nodes[m].code);
            m = fw->nodes[m].parent;
        } while (m != first);
        strbuf_adds(&sb, fw->nodes[first].code);
        diag_error(c->d, EX_DATAERR_, c->nodes_path, fw->nodes[first].line, 0,
                   "\"%s\" is its own ancestor: %s (expected every chain of parents to end at "
                   "the root)",
                   fw->nodes[first].code, sb.buf);
        strbuf_release(&sb);
        c->tree_ok = 0;
    }
    free(stamp);
}

/* Children, indicators, sibling weights, columns that belong to the other
   kind of node. */
static void check_kinds(struct check *c)
{
    struct framework *fw = c->fw;
    double *sum = xcalloc((size_t)fw->n_nodes + 1, sizeof *sum);
    for (int i = 0; i < fw->n_nodes; i++) {
        int p = fw->nodes[i].parent;
        if (p >= 0) {
            c->n_children[p]++;
            sum[p] += fw->nodes[i].weight;
        }
    }
    for (int i = 0; i < fw->n_nodes; i++) {
        struct node *n = &fw->nodes[i];
        n->is_indicator = c->n_children[i] == 0;
        if (!n->is_indicator && sum[i] == 0)
            diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                       "the weights of the children of \"%s\" sum to 0 (expected a positive "
                       "total)",
                       n->code);
        if (c->in_cycle[i])
            continue;
        if (!n->is_indicator && n->question)
            diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                       "\"%s\" has children but reads question \"%s\" (expected question only "
                       "on indicators, the nodes without children)",
                       n->code, n->question);
        if (!n->is_indicator && n->denominator)
            diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                       "\"%s\" has children but has denominator \"%s\" (expected denominator "
                       "only on indicators, the nodes without children)",
                       n->code, n->denominator);
        if (n->is_indicator && n->agg_set)
            diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                       "indicator \"%s\" has an aggregation (expected aggregation only on nodes "
                       "with children)",
                       n->code);
    }
    free(sum);
    if (fw->n_nodes == 0) {
        diag_error(c->d, EX_DATAERR_, c->nodes_path, 0, 0,
                   "no nodes (expected the index, its pillars and at least one indicator)");
    } else if (fw->root >= 0 && c->n_children[fw->root] == 0 && c->tree_ok) {
        diag_error(c->d, EX_DATAERR_, c->nodes_path, fw->nodes[fw->root].line, 0,
                   "the index \"%s\" has no children (expected at least one indicator under "
                   "it)",
                   fw->nodes[fw->root].code);
    }
}

/* COINr levels: indicator 1, aggregate 1 + highest child.  Needs a tree. */
static void compute_levels(struct check *c)
{
    struct framework *fw = c->fw;
    for (int i = 0; i < fw->n_nodes; i++)
        fw->nodes[i].level = fw->nodes[i].is_indicator ? 1 : 0;
    for (int i = 0; i < fw->n_nodes; i++) {
        if (!fw->nodes[i].is_indicator)
            continue;
        int level = 1;
        for (int p = fw->nodes[i].parent; p >= 0; p = fw->nodes[p].parent) {
            level++;
            if (fw->nodes[p].level >= level)
                break;   /* this path is already counted above */
            fw->nodes[p].level = level;
        }
    }
    int top = fw->root >= 0 ? fw->nodes[fw->root].level : 0;
    if (top >= LEVEL_MAX)
        diag_error(c->d, EX_DATAERR_, c->nodes_path, fw->nodes[fw->root].line, 0,
                   "the tree under \"%s\" has %d levels (expected at most %d, indicators "
                   "included)",
                   fw->nodes[fw->root].code, top, LEVEL_MAX - 1);
}

/* ------------------------------------------------------------------------ */
/* Questions, denominators, options                                          */
/* ------------------------------------------------------------------------ */

static void check_question_codes(struct check *c)
{
    struct framework *fw = c->fw;
    char **fold = xcalloc((size_t)fw->n_questions + 1, sizeof *fold);
    for (int i = 0; i < fw->n_questions; i++) {
        fold[i] = code_fold(fw->questions[i].code);
        for (int j = 0; j < i; j++) {
            if (strcmp(fold[i], fold[j]) != 0)
                continue;
            if (strcmp(fw->questions[i].code, fw->questions[j].code) == 0)
                diag_error(c->d, EX_DATAERR_, c->questions_path, fw->questions[i].line, 0,
                           "code \"%s\" appears twice (first at line %d) (expected unique codes)",
                           fw->questions[i].code, fw->questions[j].line);
            else
                diag_error(c->d, EX_DATAERR_, c->questions_path, fw->questions[i].line, 0,
                           "code \"%s\" is the same as \"%s\" at line %d apart from case or "
                           "accents (expected codes that differ by more than case or accents)",
                           fw->questions[i].code, fw->questions[j].code, fw->questions[j].line);
            break;
        }
    }
    for (int i = 0; i < fw->n_questions; i++)
        free(fold[i]);
    free(fold);
}

static int is_variable(const struct framework *fw, const char *code)
{
    for (int i = 0; i < fw->n_variables; i++)
        if (strcmp(fw->variables[i], code) == 0)
            return 1;
    return 0;
}


/* [index] axis_names_en: each "CODE: name" names an axis nodes.csv uses, and
   once it is given every axis has its English name (an English document
   must not print a Spanish axis code). */
static int has_axis_name(const struct framework *fw, const char *axis)
{
    const char *p = fw->axis_names_en;
    char code[256], name[512];
    while (p && framework_axis_name_next(&p, code, sizeof code, name, sizeof name))
        if (strcmp(code, axis) == 0 && *name)
            return 1;
    return 0;
}

static void check_axis_names(struct check *c, const struct framework *fw)
{
    const char *p = fw->axis_names_en;
    char code[256], name[512];
    while (p && framework_axis_name_next(&p, code, sizeof code, name, sizeof name)) {
        int used = 0;
        for (int i = 0; i < fw->n_nodes && !used; i++)
            used = fw->nodes[i].axis && strcmp(fw->nodes[i].axis, code) == 0;
        if (!used)
            diag_error(c->d, EX_DATAERR_, fw->ini_path, 0, 0,
                       "[index] axis_names_en names \"%s\", which is no axis of nodes.csv "
                       "(expected \"CODE: English name\" for each axis code, separated by |)",
                       code);
    }
    for (int i = 0; fw->axis_names_en && i < fw->n_nodes; i++) {
        const struct node *n = &fw->nodes[i];
        if (n->axis && !has_axis_name(fw, n->axis))
            diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                       "axis \"%s\" of \"%s\" has no English name (expected \"%s: ...\" in "
                       "[index] axis_names_en)",
                       n->axis, n->code, n->axis);
    }
}

/* What each indicator reads: its question (or its own code as an
   administrative value) and its denominator. */
static void check_references(struct check *c)
{
    struct framework *fw = c->fw;
    int types = (c->read_ok & FW_READ_TYPES) != 0;
    for (int i = 0; i < fw->n_nodes; i++) {
        const struct node *n = &fw->nodes[i];
        if (!n->is_indicator || c->in_cycle[i])
            continue;
        if (n->question) {
            const struct question *q = framework_question(fw, n->question);
            if (!q) {
                const struct question *near = question_by_fold(fw, n->question);
                if (near)
                    diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                               "indicator \"%s\" reads question \"%s\", which is not in "
                               "questions.csv (expected a question code; did you mean \"%s\"?)",
                               n->code, n->question, near->code);
                else
                    diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                               "indicator \"%s\" reads question \"%s\", which is not in "
                               "questions.csv (expected a question code, or an empty question "
                               "for an administrative value)",
                               n->code, n->question);
            } else {
                c->q_used[q - fw->questions] = 1;
                if (types && q->type == ANSWER_TEXT)
                    diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                               "indicator \"%s\" reads question \"%s\" of type texto, which is "
                               "never scored (expected a question of another type)",
                               n->code, n->question);
            }
        } else {
            const struct question *q = framework_question(fw, n->code);
            if (q)
                diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                           "indicator \"%s\" has an empty question, but questions.csv has a "
                           "question \"%s\" at line %d (expected question = %s to read it, or "
                           "another code for an administrative value)",
                           n->code, q->code, q->line, q->code);
        }
        if (n->denominator) {
            const struct question *q = framework_question(fw, n->denominator);
            if (q) {
                c->q_used[q - fw->questions] = 1;
                if (types && q->type != ANSWER_NUMBER && q->type != ANSWER_PERCENT)
                    diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                               "denominator \"%s\" of \"%s\" is a question of type %s (expected "
                               "a numero or porcentaje question, or a [variables] code)",
                               n->denominator, n->code, answer_type_name(q->type));
            } else if ((c->read_ok & FW_READ_INI) && !is_variable(fw, n->denominator)) {
                diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                           "denominator \"%s\" of \"%s\" is neither a question nor a variable "
                           "(expected a code of questions.csv or of [variables] list in "
                           "framework.ini)",
                           n->denominator, n->code);
            }
        }
        if ((c->read_ok & FW_READ_INI) && n->axis && !fw->axes_label[LANG_ES])
            diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                       "indicator \"%s\" has axis \"%s\" but framework.ini declares no axes "
                       "(expected axes_es and axes_en in [index])",
                       n->code, n->axis);
    }
    if (c->read_ok & FW_READ_INI)
        check_axis_names(c, fw);
    for (int i = 0; i < fw->n_questions; i++) {
        const struct question *q = &fw->questions[i];
        if (!c->q_used[i] && q->type != ANSWER_TEXT)
            diag_error(c->d, EX_DATAERR_, c->questions_path, q->line, 0,
                       "question \"%s\" is read by no indicator (expected an indicator with "
                       "question = %s in nodes.csv, or type texto for evidence)",
                       q->code, q->code);
    }
}

/* Select questions need options; Likert options must be exactly 1..5. */
static void check_options(struct check *c)
{
    struct framework *fw = c->fw;
    for (int i = 0; i < fw->n_questions; i++) {
        const struct question *q = &fw->questions[i];
        if ((q->type == ANSWER_SELECT_ONE || q->type == ANSWER_SELECT_MULTIPLE) &&
            q->n_options == 0)
            diag_error(c->d, EX_DATAERR_, c->questions_path, q->line, 0,
                       "question \"%s\" (%s) has no options (expected rows with question = %s "
                       "in options.csv)",
                       q->code, answer_type_name(q->type), q->code);
        if (q->type != ANSWER_LIKERT5 || q->n_options == 0)
            continue;
        int seen[6] = {0}, ok = q->n_options == 5;
        for (int k = 0; k < q->n_options; k++) {
            const char *s = q->options[k].code;
            if (s[0] >= '1' && s[0] <= '5' && !s[1])
                seen[s[0] - '0']++;
            else
                ok = 0;
        }
        for (int v = 1; v <= 5; v++)
            ok &= seen[v] == 1;
        if (ok)
            continue;
        struct strbuf sb;
        strbuf_init(&sb);
        for (int k = 0; k < q->n_options; k++)
            strbuf_addf(&sb, "%s%s", k ? ", " : "", q->options[k].code);
        diag_error(c->d, EX_DATAERR_, c->options_path, q->options[0].line, 0,
                   "likert5 question \"%s\" has options %s (expected exactly 1, 2, 3, 4, 5, or "
                   "no options for plain 1 to 5)",
                   q->code, sb.buf);
        strbuf_release(&sb);
    }
}

/* ------------------------------------------------------------------------ */
/* Goalposts                                                                 */
/* ------------------------------------------------------------------------ */

/* The answer type's natural range (doc: "lower, upper"): 1, or 0 if the
   type has none, or -1 if it cannot be known because of a mistake already
   reported (a select without options, points that are not a number). */
static int type_range(const struct question *q, double *lo, double *hi)
{
    double mn = INFINITY, mx = -INFINITY, pos = 0;
    if ((q->type == ANSWER_SELECT_ONE || q->type == ANSWER_SELECT_MULTIPLE) && q->n_options == 0)
        return -1;
    for (int k = 0; k < q->n_options; k++) {
        double p = q->options[k].points;
        if (isnan(p))
            return -1;
        mn = fmin(mn, p);
        mx = fmax(mx, p);
        if (p > 0)
            pos += p;
    }
    switch (q->type) {
    case ANSWER_YESNO:
        *lo = 0, *hi = 1;
        return 1;
    case ANSWER_LIKERT5:
        if (q->n_options > 0)
            *lo = mn, *hi = mx;
        else
            *lo = 1, *hi = 5;
        return 1;
    case ANSWER_PERCENT:
        *lo = 0, *hi = 100;
        return 1;
    case ANSWER_SELECT_ONE:
        *lo = 0, *hi = q->n_options > 0 ? mx : 0;
        return 1;
    case ANSWER_SELECT_MULTIPLE:
        *lo = 0, *hi = pos;
        return 1;
    case ANSWER_NUMBER:
    case ANSWER_TEXT:
        return 0;
    }
    BUG("answer type %d", (int)q->type);
}

static void resolve_goalposts(struct check *c)
{
    struct framework *fw = c->fw;
    int norm_known = (c->read_ok & FW_READ_INI) != 0;
    for (int i = 0; i < fw->n_nodes; i++) {
        struct node *n = &fw->nodes[i];
        if (!n->is_indicator || c->in_cycle[i])
            continue;
        const struct question *q = n->question ? framework_question(fw, n->question) : NULL;
        if (n->question && (!q || q->type == ANSWER_TEXT))
            continue;   /* reported: unknown question, or texto (or an unreadable type) */
        int explicit_lo = !isnan(n->lower), explicit_hi = !isnan(n->upper);
        double lo, hi;
        int range = q && !n->denominator ? type_range(q, &lo, &hi) : 0;
        if (range < 0)
            continue;
        if (range > 0) {
            if (!explicit_lo)
                n->lower = lo;
            if (!explicit_hi)
                n->upper = hi;
            if ((!explicit_lo || !explicit_hi) && !(n->lower < n->upper))
                diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                           "the default goalposts of \"%s\" from question \"%s\" are %g to %g "
                           "(expected lower < upper: give the options positive points, or set "
                           "lower and upper)",
                           n->code, q->code, n->lower, n->upper);
        }
        if (!n->norm_set && !norm_known)
            continue;
        enum norm_method m = n->norm_set ? n->norm : fw->steps.norm;
        if (m == NORM_GOALPOSTS && (isnan(n->lower) || isnan(n->upper)))
            diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                       "indicator \"%s\" is normalised by goalposts but has no %s (expected "
                       "lower and upper in nodes.csv: numbers, administrative values and "
                       "values with a denominator have no default)",
                       n->code, isnan(n->lower) && isnan(n->upper) ? "lower and upper"
                                : isnan(n->lower)                  ? "lower"
                                                                   : "upper");
        if ((m == NORM_DIST_TARGET || m == NORM_DIST_REF) && isnan(n->target))
            diag_error(c->d, EX_DATAERR_, c->nodes_path, n->line, 0,
                       "indicator \"%s\" is normalised by %s but has no target (expected a "
                       "target value in nodes.csv)",
                       n->code, norm_method_name(m));
    }
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                               */
/* ------------------------------------------------------------------------ */

int framework_check(struct framework *fw, unsigned read_ok, struct diag *d)
{
    long errors0 = d->n_errors;
    struct check c = {.fw = fw, .d = d, .read_ok = read_ok};
    size_t n = (size_t)fw->n_nodes + 1;
    c.nodes_path = path_in(fw->dir ? fw->dir : "", "nodes.csv");
    c.questions_path = path_in(fw->dir ? fw->dir : "", "questions.csv");
    c.options_path = path_in(fw->dir ? fw->dir : "", "options.csv");
    c.node_fold = xcalloc(n, sizeof *c.node_fold);
    c.bad_parent = xcalloc(n, sizeof *c.bad_parent);
    c.in_cycle = xcalloc(n, sizeof *c.in_cycle);
    c.n_children = xcalloc(n, sizeof *c.n_children);
    c.q_used = xcalloc((size_t)fw->n_questions + 1, sizeof *c.q_used);
    for (int i = 0; i < fw->n_nodes; i++)
        c.node_fold[i] = code_fold(fw->nodes[i].code);

    int nodes = (read_ok & FW_READ_NODES) != 0;
    int questions = (read_ok & FW_READ_QUESTIONS) != 0;
    if (nodes) {
        check_node_codes(&c);
        resolve_parents(&c);
        check_cycles(&c);
        check_kinds(&c);
        if (c.tree_ok)
            compute_levels(&c);
    }
    if (questions)
        check_question_codes(&c);
    if (nodes && questions && fw->n_nodes > 0)
        check_references(&c);
    if (questions && (read_ok & FW_READ_OPTIONS))
        check_options(&c);
    if (nodes && questions && (read_ok & FW_READ_OPTIONS))
        resolve_goalposts(&c);

    for (int i = 0; i < fw->n_nodes; i++)
        free(c.node_fold[i]);
    free(c.node_fold);
    free(c.bad_parent);
    free(c.in_cycle);
    free(c.n_children);
    free(c.q_used);
    free(c.nodes_path);
    free(c.questions_path);
    free(c.options_path);
    return d->n_errors > errors0 ? -1 : 0;
}
