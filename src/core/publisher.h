/*
 * publisher.h — who publishes a round and what its units are called:
 * indigo.ini's optional [publisher] section.
 *
 *   [publisher]
 *   name_es = Comisión Presidencial de Gobierno Abierto y Electrónico (GAE)
 *   name_en = Presidential Commission for Open and Electronic Government (GAE)
 *   country_es = República de Guatemala     ; country_en = Republic of Guatemala
 *   logo = logo.png        ; PNG, at most 2 MiB and 4000 x 4000 pixels
 *   unit_es = institución  ; units_es = instituciones
 *   unit_en = institution  ; units_en = institutions
 *   gender_es = femenino   ; or masculino: what the sentences agree with;
 *                          ; default guessed from unit_es: -a, -ión, -dad,
 *                          ; -tad, -tud, -umbre femenino, else masculino,
 *                          ; with a short list of exceptions (sistema, día:
 *                          ; masculino; red, sede: femenino)
 *   decimals = 1           ; report decimals; default: each framework's scale
 *
 * Without the section the reports name no publisher (neutral wording) and the
 * units are "institución / institution".  An _en key left out falls back to
 * the _es one.
 */
#ifndef INDIGO_PUBLISHER_H
#define INDIGO_PUBLISHER_H

#include "error.h"
#include "model.h"

struct ini;

/* The largest logo accepted: it is embedded in every PDF. */
#define PUBLISHER_LOGO_MAX_BYTES (2L * 1024 * 1024)
#define PUBLISHER_LOGO_MAX_PIXELS 4000

struct publisher {
    char *name[LANG_COUNT];      /* NULL: no publisher named                  */
    char *country[LANG_COUNT];
    char *logo;                  /* resolved path of a checked PNG, or NULL   */
    int logo_width, logo_height; /* pixels, from the PNG header               */
    char *unit[LANG_COUNT];      /* singular, lower case as written           */
    char *units[LANG_COUNT];     /* plural                                    */
    int masculine;               /* unit_es is masculine (gender_es, else
                                    guessed from the word): the sentences'
                                    agreement (i18n_set_units)                */
    int decimals;                /* with decimals_set: the reports' decimals  */
    int decimals_set;            /* 0: each framework's scale's (a zeroed
                                    struct publisher is the neutral default)  */
    char *unit_title[LANG_COUNT][2]; /* "Institución" / "Instituciones": the
                                        words with an upper-case first letter,
                                        the defaults where none is set       */
};

/* Read [publisher] from ini (paths relative to dir).  Errors go to d with
   their line; returns the number of errors added. */
int publisher_load(struct publisher *p, const struct ini *ini, const char *dir,
                   struct diag *d);
void publisher_free(struct publisher *p);

/* The Spanish grammatical gender of word (its first word), guessed from its
   ending and a short list of exceptions: 1 masculine, 0 feminine
   (publisher.c says the rules). */
int publisher_guess_masculine(const char *word);

/* The name / country in lang (falling back to Spanish), or NULL. */
const char *publisher_name(const struct publisher *p, enum lang lang);
const char *publisher_country(const struct publisher *p, enum lang lang);
/* The unit word in lang with its first letter in upper case
   ("Institución", "Municipios"), for headings and column headers. */
const char *publisher_unit_title(const struct publisher *p, enum lang lang, int plural);
/* The decimals to show a value of a framework whose own are fw_decimals. */
int publisher_decimals(const struct publisher *p, int fw_decimals);

/* Check that path is a PNG a report can carry; 0, or -1 with the reason
   in d (EX_NOINPUT / EX_DATAERR) naming cfg:line and the key. */
int publisher_check_logo(const char *path, const char *cfg, int line, int *width,
                         int *height, struct diag *d);

#endif
