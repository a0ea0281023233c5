/*
 * licence.h — the licences a round's open data may be published under.
 *
 * datapackage.json names the licence (Frictionless: SPDX id, URL, title) and
 * every portal page says it in the reader's language.  The Commission picks
 * it with [output] licence = ID in indigo.ini; CC-BY-4.0 when unset.
 */
#ifndef INDIGO_LICENCE_H
#define INDIGO_LICENCE_H

#include "i18n.h"

struct licence {
    const char *id;                    /* SPDX identifier: "CC-BY-4.0"        */
    const char *url;                   /* the licence text                    */
    const char *title;                 /* its name, in English                */
    const char *phrase[LANG_COUNT];    /* how a sentence names it             */
};

/* The licence with this SPDX id (any case), or NULL. */
const struct licence *licence_find(const char *id);
/* The default: CC-BY-4.0. */
const struct licence *licence_default(void);
/* The licence a round's config names: the default when there is no config
   or it names none (the renderer tests build rounds without one). */
struct config;
const struct licence *licence_of(const struct config *cfg);
/* The ids indigo knows, for messages: "CC-BY-4.0, ..., or PDDL-1.0". */
const char *licence_ids(void);

#endif
