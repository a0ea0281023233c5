/*
 * messages.h — every message indigo prints, in the language of the run.
 *
 * Messages are written in the code in English (their format strings are
 * the keys); src/messages.def gives each its Spanish, M("English",
 * "Spanish"), with the same conversions in the same order (a test checks
 * both: tests/i18n/check_messages.py).  diag_error(), diag_warning() and the
 * progress lines look their format up here, so a caller writes English and
 * the reader gets the language of --lang or [output] language.
 *
 * The language is process-wide: set once, when the command knows it (from
 * --lang, else the config).  Until then, and in the unit tests, English.
 */
#ifndef INDIGO_MESSAGES_H
#define INDIGO_MESSAGES_H

#include "model.h"

void msg_set_lang(enum lang lang);
enum lang msg_lang(void);

/* The format en in the run's language: its translation, or en itself when
   the language is English or messages.def has none. */
const char *msg_tr(const char *en) __attribute__((format_arg(1)));

#endif
