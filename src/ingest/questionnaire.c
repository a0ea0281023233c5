/*
 * questionnaire.c — the framework's questionnaire as an XLSForm (framework.h).
 *
 * Two CSV files, the "survey" and "choices" sheets of an XLSForm, which
 * KoboToolbox (and any ODK tool) imports once they are saved as the two
 * sheets of one workbook.  Labels are in both languages
 * ("label::Español (es)", "label::English (en)"), so the form offers both.
 *
 *   si_no               select_one si_no  (choices si / no)
 *   likert5             select_one <code> with its options, or
 *                       select_one likert5 (choices 1..5) when it has none
 *   porcentaje, numero  decimal (amounts are not always whole numbers)
 *   seleccion_unica     select_one <code>
 *   seleccion_multiple  select_multiple <code>
 *   texto               text
 *
 * The choice names are the option codes of options.csv, so an export of the
 * form is read back by ingest without a mapping.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "framework.h"
#include "strbuf.h"
#include "xalloc.h"

/* One CSV field (RFC 4180: quoted when it holds a separator, a quote, a line
   break or edge spaces; quotes doubled). */
static void put_field(struct strbuf *sb, const char *s, int last)
{
    s = s ? s : "";
    size_t n = strlen(s);
    int quote = strpbrk(s, ",\"\r\n") != NULL || (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
    if (quote) {
        strbuf_addc(sb, '"');
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                strbuf_addc(sb, '"');
            strbuf_addc(sb, *p);
        }
        strbuf_addc(sb, '"');
    } else {
        strbuf_adds(sb, s);
    }
    strbuf_adds(sb, last ? "\n" : ",");
}

static void put_row(struct strbuf *sb, const char *const *f, int n)
{
    for (int i = 0; i < n; i++)
        put_field(sb, f[i], i == n - 1);
}

/* 1 if an indicator reading question code asks for evidence. */
static int needs_evidence(const struct framework *fw, const char *code)
{
    for (int i = 0; i < fw->n_nodes; i++)
        if (fw->nodes[i].evidence_required && fw->nodes[i].question &&
            strcmp(fw->nodes[i].question, code) == 0)
            return 1;
    return 0;
}

static const char *hint_of(const struct question *q)
{
    switch (q->type) {
    case ANSWER_PERCENT:
        return "Porcentaje de 0 a 100";
    case ANSWER_NUMBER:
        return "Número mayor o igual a 0";
    case ANSWER_SELECT_MULTIPLE:
        return "Marque todas las opciones que correspondan";
    case ANSWER_YESNO:
    case ANSWER_LIKERT5:
    case ANSWER_SELECT_ONE:
    case ANSWER_TEXT:
        return NULL;
    }
    BUG("answer type %d", (int)q->type);
}

int questionnaire_write_xlsform(const struct framework *fw, const char *survey_csv,
                                const char *choices_csv)
{
    static const char *survey_head[] = {"type", "name", "label::Español (es)",
                                        "label::English (en)", "required", "hint"};
    static const char *choices_head[] = {"list_name", "name", "label::Español (es)",
                                         "label::English (en)"};
    struct strbuf sv, ch;
    strbuf_init(&sv);
    strbuf_init(&ch);
    put_row(&sv, survey_head, 6);
    put_row(&ch, choices_head, 4);
    int any_yesno = 0, any_likert = 0;
    for (int i = 0; i < fw->n_questions; i++) {
        const struct question *q = &fw->questions[i];
        any_yesno |= q->type == ANSWER_YESNO;
        any_likert |= q->type == ANSWER_LIKERT5 && q->n_options == 0;
    }
    /* the shared lists first, then one list per question with options */
    if (any_yesno) {
        const char *si[] = {"si_no", "si", "Sí", "Yes"};
        const char *no[] = {"si_no", "no", "No", "No"};
        put_row(&ch, si, 4);
        put_row(&ch, no, 4);
    }
    if (any_likert) {
        for (int v = 1; v <= 5; v++) {
            char num[2] = {(char)('0' + v), '\0'};
            const char *row[] = {"likert5", num, num, num};
            put_row(&ch, row, 4);
        }
    }
    for (int i = 0; i < fw->n_questions; i++) {
        const struct question *q = &fw->questions[i];
        char *type;
        switch (q->type) {
        case ANSWER_YESNO:
            type = xstrdup("select_one si_no");
            break;
        case ANSWER_LIKERT5:
            type = xasprintf("select_one %s", q->n_options ? q->code : "likert5");
            break;
        case ANSWER_SELECT_ONE:
            type = xasprintf("select_one %s", q->code);
            break;
        case ANSWER_SELECT_MULTIPLE:
            type = xasprintf("select_multiple %s", q->code);
            break;
        case ANSWER_PERCENT:
        case ANSWER_NUMBER:
            type = xstrdup("decimal");
            break;
        case ANSWER_TEXT:
            type = xstrdup("text");
            break;
        default:
            BUG("answer type %d", (int)q->type);
        }
        const char *base = hint_of(q);
        char *hint;
        if (needs_evidence(fw, q->code))
            hint = xasprintf("%s%sAdjunte evidencia (URL o documento)", base ? base : "",
                             base ? ". " : "");
        else
            hint = xstrdup(base ? base : "");
        const char *row[] = {type, q->code, q->text[LANG_ES], q->text[LANG_EN],
                             q->required ? "yes" : "", hint};
        put_row(&sv, row, 6);
        free(type);
        free(hint);
        for (int k = 0; k < q->n_options; k++) {
            const struct option *o = &q->options[k];
            const char *crow[] = {q->code, o->code, o->label[LANG_ES], o->label[LANG_EN]};
            put_row(&ch, crow, 4);
        }
    }
    int rc = write_file(survey_csv, sv.buf, sv.len);
    if (rc == 0)
        rc = write_file(choices_csv, ch.buf, ch.len);
    int saved = errno;
    strbuf_release(&sv);
    strbuf_release(&ch);
    errno = saved;
    return rc;
}
