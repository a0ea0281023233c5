/*
 * messages.c — the message catalogue (messages.h, messages.def).
 *
 * The table is indexed once, on first use, by its English text (sorted,
 * then binary search), as i18n.c indexes the report strings.
 */
#include "messages.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct message {
    const char *en, *es;
};

static const struct message table[] = {
#define M(en, es) {en, es},
#include "messages.def"
#undef M
};
#define N_MESSAGES (sizeof table / sizeof table[0])

static const struct message *index_[N_MESSAGES];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;
static enum lang run_lang = LANG_EN;

static int cmp_message(const void *a, const void *b)
{
    return strcmp((*(const struct message *const *)a)->en,
                  (*(const struct message *const *)b)->en);
}

/* A defect of the program itself, printed as error.h's BUG() prints it.
   Not BUG() itself: error.c looks its messages up here, and a call back
   would make the two files call each other (tests/stages). */
static _Noreturn void messages_bug(const char *what, const char *s)
{
    fprintf(stderr, "BUG: %s: %s%s\n", __FILE__, what, s);
    abort();
}

/* Two different translations of one message would make the output depend
   on the sort: a BUG in messages.def. */
static void build_index(void)
{
    for (size_t i = 0; i < N_MESSAGES; i++)
        index_[i] = &table[i];
    qsort(index_, N_MESSAGES, sizeof index_[0], cmp_message);
    for (size_t i = 1; i < N_MESSAGES; i++)
        if (strcmp(index_[i - 1]->en, index_[i]->en) == 0 &&
            strcmp(index_[i - 1]->es, index_[i]->es) != 0)
            messages_bug("messages.def: two translations of ", index_[i]->en);
}

void msg_set_lang(enum lang lang)
{
    if ((unsigned)lang >= LANG_COUNT)
        messages_bug("msg_set_lang(): language out of range", "");
    run_lang = lang;
}

enum lang msg_lang(void) { return run_lang; }

const char *msg_tr(const char *en)
{
    if (!en)
        messages_bug("msg_tr() called with NULL", "");
    if (run_lang == LANG_EN)
        return en;
    pthread_once(&index_once, build_index);
    struct message key = {en, NULL};
    const struct message *pkey = &key;
    const struct message *const *hit =
        bsearch(&pkey, index_, N_MESSAGES, sizeof index_[0], cmp_message);
    return hit ? (*hit)->es : en;
}
