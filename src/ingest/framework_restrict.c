/*
 * framework_restrict.c — a framework without some of its indicators.
 *
 * A round compared with an earlier one on the new method ("back-calculated")
 * can only use the indicators whose questions the earlier round asked: the
 * others are left out of that basis, never imputed as 0 for a year in which
 * nobody was asked (docs/rondas.md).  framework_restrict() makes the copy of
 * the framework the back-calculation runs on.
 */
#include "framework.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static char **dup_list(char *const *items, int n)
{
    char **out = xcalloc((size_t)(n ? n : 1), sizeof *out);
    for (int i = 0; i < n; i++)
        out[i] = xstrdup(items[i]);
    return out;
}

static void copy_node(struct node *dst, const struct node *src)
{
    *dst = *src;
    dst->code = xstrdup(src->code);
    dst->parent_code = xstrdup(src->parent_code);
    dst->question = xstrdup(src->question);
    dst->denominator = xstrdup(src->denominator);
    dst->axis = xstrdup(src->axis);
    dst->source = xstrdup(src->source);
    for (int l = 0; l < LANG_COUNT; l++) {
        dst->name[l] = xstrdup(src->name[l]);
        dst->recommendation[l] = xstrdup(src->recommendation[l]);
    }
}

static void copy_question(struct question *dst, const struct question *src)
{
    *dst = *src;
    dst->code = xstrdup(src->code);
    for (int l = 0; l < LANG_COUNT; l++)
        dst->text[l] = xstrdup(src->text[l]);
    dst->options = xcalloc((size_t)(src->n_options ? src->n_options : 1), sizeof *dst->options);
    for (int k = 0; k < src->n_options; k++) {
        dst->options[k] = src->options[k];
        dst->options[k].code = xstrdup(src->options[k].code);
        for (int l = 0; l < LANG_COUNT; l++)
            dst->options[k].label[l] = xstrdup(src->options[k].label[l]);
    }
}

/* Which nodes stay: kept indicators, the aggregates above at least one of
   them, and the root. */
static char *nodes_kept(const struct framework *fw, const unsigned char *keep)
{
    char *stay = xcalloc((size_t)fw->n_nodes + 1, 1);
    for (int k = 0; k < fw->n_nodes; k++) {
        if (!fw->nodes[k].is_indicator || !keep[k])
            continue;
        int guard = 0;
        for (int p = k; p >= 0 && !stay[p]; p = fw->nodes[p].parent) {
            if (++guard > fw->n_nodes)
                BUG("framework_restrict: the parent links of '%s' form a cycle",
                    fw->nodes[k].code);
            stay[p] = 1;
        }
    }
    stay[fw->root] = 1;
    return stay;
}

struct framework *framework_restrict(const struct framework *fw, const unsigned char *keep)
{
    struct framework *out = xcalloc(1, sizeof *out);
    *out = *fw; /* scalars and steps; every pointer is replaced below */
    out->code = xstrdup(fw->code);
    out->dir = xstrdup(fw->dir);
    out->ini_path = xstrdup(fw->ini_path);
    for (int l = 0; l < LANG_COUNT; l++) {
        out->name[l] = xstrdup(fw->name[l]);
        out->axes_label[l] = xstrdup(fw->axes_label[l]);
        out->description[l] = xstrdup(fw->description[l]);
    }
    out->axis_names_en = xstrdup(fw->axis_names_en);
    out->source = xstrdup(fw->source);
    char *stay = nodes_kept(fw, keep);
    int *at = xcalloc((size_t)fw->n_nodes + 1, sizeof *at); /* old index -> new */
    out->nodes = xcalloc((size_t)fw->n_nodes + 1, sizeof *out->nodes);
    out->n_nodes = 0;
    for (int k = 0; k < fw->n_nodes; k++) {
        at[k] = -1;
        if (stay[k]) {
            at[k] = out->n_nodes;
            copy_node(&out->nodes[out->n_nodes++], &fw->nodes[k]);
        }
    }
    /* levels stay as in the whole framework: a node keeps the aggregation
       method and threshold of its level */
    for (int k = 0; k < out->n_nodes; k++) {
        int p = out->nodes[k].parent;
        out->nodes[k].parent = p >= 0 ? at[p] : -1;
    }
    out->root = at[fw->root];
    out->questions = xcalloc((size_t)(fw->n_questions ? fw->n_questions : 1),
                             sizeof *out->questions);
    for (int i = 0; i < fw->n_questions; i++)
        copy_question(&out->questions[i], &fw->questions[i]);
    out->variables = dup_list(fw->variables, fw->n_variables);
    out->steps.force_include = dup_list(fw->steps.force_include, fw->steps.n_force_include);
    out->steps.force_exclude = dup_list(fw->steps.force_exclude, fw->steps.n_force_exclude);
    for (int i = 0; i < MATURITY_MAX; i++)
        for (int l = 0; l < LANG_COUNT; l++)
            out->maturity.name[i][l] = xstrdup(fw->maturity.name[i][l]);
    free(stay);
    free(at);
    return out;
}
