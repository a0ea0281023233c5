/*
 * i18n.h — every user-visible string of the reports in Spanish and English.
 *
 * One place for all strings: src/strings.def, lines S("Spanish", "English").
 * tr(lang, "Spanish") returns the text in lang; the Spanish text is the key,
 * as with gettext's msgid.  A key missing from the table is a BUG() (the test
 * suite renders everything in English, so a missing entry cannot ship).
 */
#ifndef INDIGO_I18N_H
#define INDIGO_I18N_H

#include "model.h"

const char *tr(enum lang lang, const char *es);

/* The unit words.  strings.def's U("key", "Spanish", "English") lines are
   sentences about the units, written with markers that tr() replaces:
   {u} / {us} the unit word, singular / plural ("institución", "municipios"),
   {U} / {Us} the same with an upper-case first letter, and {a|b} a choice
   by the Spanish word's gender, a when feminine and b when masculine
   ("Un{a|} {u} excluid{a|o}": "Una institución excluida", "Un municipio
   excluido"); {an} / {An} the English article before the singular word
   ("an institution", "a municipality").  tr_units() expands such a template itself (method_text.c's
   own sentences); the text lives as long as the process.
   i18n_set_units() sets the words ([publisher]: publisher_load); NULL for a
   word keeps the default, institución / instituciones (feminine),
   institution / institutions. */
const char *tr_units(enum lang lang, const char *tmpl);
void i18n_set_units(const char *const unit[LANG_COUNT], const char *const units[LANG_COUNT],
                    int masculine);
const char *lang_code(enum lang lang);        /* "es" / "en"              */
int lang_parse(const char *s);                /* -1 if unknown            */
/* A node's or institution's name in lang, falling back to Spanish. */
#define NAME(obj, lang) ((obj)->name[(lang)] && *(obj)->name[(lang)] ? (obj)->name[(lang)] : (obj)->name[LANG_ES])

/* An institution's group as the reports name it in lang: the registry's
   group_en in English when given, else the group itself. */
#define GROUP_NAME(it, lang) \
    ((lang) == LANG_EN && (it)->group_en && *(it)->group_en ? (it)->group_en : (it)->group)

/* Format a number for presentation: decimals places, decimal comma in es
   ("72,5"), point in en.  Writes into buf, returns buf.  NAN -> "—". */
char *fmt_num(char *buf, size_t n, double x, int decimals, enum lang lang);

#endif
