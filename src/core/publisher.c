/*
 * publisher.c — indigo.ini's [publisher] section (publisher.h).
 */
#include "publisher.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "ini.h"
#include "utf8.h"
#include "xalloc.h"

static char *opt(const struct ini *ini, const char *key)
{
    const char *v = ini_get(ini, "publisher", key);
    return v && *v ? xstrdup(v) : NULL;
}

static unsigned long be32(const unsigned char *b)
{
    return (unsigned long)b[0] << 24 | (unsigned long)b[1] << 16 | (unsigned long)b[2] << 8 | b[3];
}

int publisher_check_logo(const char *path, const char *cfg, int line, int *width,
                         int *height, struct diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_error(d, EX_NOINPUT_, cfg, line, 0, "[publisher] logo = %s: %s (expected a PNG file)",
                   path, strerror(errno));
        return -1;
    }
    unsigned char head[24];
    size_t got = fread(head, 1, sizeof head, f);
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    fclose(f);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (got < sizeof head || memcmp(head, sig, 8) != 0 || memcmp(head + 12, "IHDR", 4) != 0) {
        diag_error(d, EX_DATAERR_, cfg, line, 0,
                   "[publisher] logo = %s is not a PNG image (expected a .png file; convert "
                   "other formats first)", path);
        return -1;
    }
    if (size < 0 || size > PUBLISHER_LOGO_MAX_BYTES) {
        diag_error(d, EX_DATAERR_, cfg, line, 0,
                   "[publisher] logo = %s has %ld bytes (expected at most %ld: it is embedded "
                   "in every PDF)", path, size, PUBLISHER_LOGO_MAX_BYTES);
        return -1;
    }
    unsigned long w = be32(head + 16), h = be32(head + 20);
    if (w == 0 || h == 0 || w > PUBLISHER_LOGO_MAX_PIXELS || h > PUBLISHER_LOGO_MAX_PIXELS) {
        diag_error(d, EX_DATAERR_, cfg, line, 0,
                   "[publisher] logo = %s is %lu x %lu pixels (expected 1 to %d on each side)",
                   path, w, h, PUBLISHER_LOGO_MAX_PIXELS);
        return -1;
    }
    *width = (int)w;
    *height = (int)h;
    return 0;
}

/* A unit word needs both forms: a singular alone would leave the plural
   headings in the default word. */
static int load_units(struct publisher *p, const struct ini *ini, struct diag *d)
{
    static const char *const keys[LANG_COUNT][2] = {{"unit_es", "units_es"},
                                                    {"unit_en", "units_en"}};
    int bad = 0;
    for (int l = 0; l < LANG_COUNT; l++) {
        p->unit[l] = opt(ini, keys[l][0]);
        p->units[l] = opt(ini, keys[l][1]);
        if (!p->unit[l] != !p->units[l]) {
            const char *has = p->unit[l] ? keys[l][0] : keys[l][1];
            diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, "publisher", has), 0,
                       "[publisher] %s without %s (expected both the singular and the plural, "
                       "e.g. unit_es = municipio, units_es = municipios)",
                       has, p->unit[l] ? keys[l][1] : keys[l][0]);
            bad++;
        }
    }
    return bad;
}

/*
 * The grammatical gender of a Spanish noun, guessed: 1 masculine, 0 feminine.
 * Only the first word counts (the head of "unidad ejecutora", "consejo
 * departamental"), folded (lower case, no accents).  In order:
 *  1. nouns whose gender their ending does not tell: masculine despite -a
 *     (the Greek -ma words and a few more: sistema, programa, problema,
 *     tema, esquema, idioma, clima, día, mapa, planeta, ...) and feminine
 *     without -a (red, sede, ley, clase, parte, base, serie, ...), and the
 *     masculine -ión words (avión, camión);
 *  2. feminine endings: -ción, -sión and every other -ión (región, unión),
 *     -dad, -tad, -tud, -umbre, -a;
 *  3. anything else is masculine (municipio, país, organismo, consejo).
 * [publisher] gender_es overrides the guess.
 */
static const char *const masculine_words[] = {
    "sistema", "programa", "problema", "tema", "esquema", "idioma", "clima",
    "dia", "mapa", "planeta", "diagrama", "organigrama", "cronograma", "lema",
    "dilema", "emblema", "paradigma", "poema", "drama", "panorama", "avion", "camion"};
static const char *const feminine_words[] = {
    "red", "sede", "ley", "clase", "parte", "base", "fuente", "calle", "mano",
    "imagen", "gente", "llave", "torre", "flor", "labor", "mujer", "nave", "serie", "especie"};
static const char *const feminine_endings[] = {"ion", "dad", "tad", "tud", "umbre", "a"};

static int word_in(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

int publisher_guess_masculine(const char *word)
{
    if (!word)
        return 1;
    while (*word == ' ' || *word == '\t')
        word++;
    char *w = utf8_fold(word);
    w[strcspn(w, " \t")] = '\0';
    size_t n = strlen(w);
    int masculine = 1;
    if (word_in(w, masculine_words, sizeof masculine_words / sizeof *masculine_words))
        masculine = 1;
    else if (word_in(w, feminine_words, sizeof feminine_words / sizeof *feminine_words))
        masculine = 0;
    else
        for (size_t i = 0; i < sizeof feminine_endings / sizeof *feminine_endings; i++) {
            size_t k = strlen(feminine_endings[i]);
            if (n >= k && strcmp(w + n - k, feminine_endings[i]) == 0)
                masculine = 0;
        }
    free(w);
    return masculine;
}

/* The Spanish gender of unit_es, for the sentences that agree with it
   ("Un municipio excluido"): gender_es when set, else guessed from the word
   (publisher_guess_masculine). */
static int load_gender(struct publisher *p, const struct ini *ini, struct diag *d)
{
    const char *g = ini_get(ini, "publisher", "gender_es");
    if (g && *g) {
        static const char *const fem[] = {"femenino", "f", "feminine", "femenina"};
        static const char *const masc[] = {"masculino", "m", "masculine"};
        for (size_t i = 0; i < sizeof fem / sizeof *fem; i++)
            if (strcasecmp(g, fem[i]) == 0)
                return p->masculine = 0, 0;
        for (size_t i = 0; i < sizeof masc / sizeof *masc; i++)
            if (strcasecmp(g, masc[i]) == 0)
                return p->masculine = 1, 0;
        diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, "publisher", "gender_es"), 0,
                   "[publisher] gender_es = \"%s\" (expected femenino or masculino: the "
                   "gender of unit_es, which the reports' sentences agree with)",
                   g);
        return 1;
    }
    /* no unit word: the default "institución" is feminine */
    p->masculine = p->unit[LANG_ES] ? publisher_guess_masculine(p->unit[LANG_ES]) : 0;
    return 0;
}

/* decimals was checked against the schema (0 to 6) by ini_validate. */
static void load_decimals(struct publisher *p, const struct ini *ini)
{
    long n = ini_int(ini, "publisher", "decimals", -1);
    if (n >= 0) {
        p->decimals = (int)n;
        p->decimals_set = 1;
    }
}

static void unit_titles(struct publisher *p);

int publisher_load(struct publisher *p, const struct ini *ini, const char *dir,
                   struct diag *d)
{
    memset(p, 0, sizeof *p);
    int bad = 0; /* unknown keys and a bad decimals: ini_validate (config.c's schema) */
    p->name[LANG_ES] = opt(ini, "name_es");
    p->name[LANG_EN] = opt(ini, "name_en");
    p->country[LANG_ES] = opt(ini, "country_es");
    p->country[LANG_EN] = opt(ini, "country_en");
    if (!p->name[LANG_ES] && (p->name[LANG_EN] || p->country[LANG_ES] || p->country[LANG_EN])) {
        diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, "publisher", NULL), 0,
                   "[publisher] needs name_es = ... (the publisher's name; name_en and the "
                   "country are shown beside it)");
        bad++;
    }
    bad += load_units(p, ini, d);
    bad += load_gender(p, ini, d);
    unit_titles(p);
    /* the sentences of every report and message from here on */
    const char *unit[LANG_COUNT], *units[LANG_COUNT];
    for (int l = 0; l < LANG_COUNT; l++) {
        unit[l] = p->unit[l];
        units[l] = p->units[l];
    }
    i18n_set_units(unit, units, p->masculine);
    load_decimals(p, ini);
    const char *logo = ini_get(ini, "publisher", "logo");
    if (logo && *logo) {
        p->logo = logo[0] == '/' || strcmp(dir, ".") == 0 ? xstrdup(logo)
                                                           : xasprintf("%s/%s", dir, logo);
        if (publisher_check_logo(p->logo, ini_path(ini), ini_line(ini, "publisher", "logo"),
                                 &p->logo_width, &p->logo_height, d) != 0)
            bad++;
    }
    return bad;
}

void publisher_free(struct publisher *p)
{
    for (int l = 0; l < LANG_COUNT; l++) {
        free(p->name[l]);
        free(p->country[l]);
        free(p->unit[l]);
        free(p->units[l]);
        free(p->unit_title[l][0]);
        free(p->unit_title[l][1]);
    }
    free(p->logo);
}

static const char *in_lang(char *const *v, enum lang lang)
{
    return v[lang] ? v[lang] : v[LANG_ES];
}

const char *publisher_name(const struct publisher *p, enum lang lang)
{
    return in_lang(p->name, lang);
}

const char *publisher_country(const struct publisher *p, enum lang lang)
{
    return in_lang(p->country, lang);
}

/* Upper-case the first letter: ASCII, or Latin-1's letters as UTF-8
   (á -> Á, ñ -> Ñ), the ones Spanish and English words start with. */
static char *upper_first(char *s)
{
    unsigned char *u = (unsigned char *)s;
    if (u[0] >= 'a' && u[0] <= 'z')
        u[0] = (unsigned char)(u[0] - 'a' + 'A');
    else if (u[0] == 0xc3 && u[1] >= 0xa0 && u[1] <= 0xbe && u[1] != 0xb7)
        u[1] = (unsigned char)(u[1] - 0x20);
    return s;
}

static const char *const default_units[LANG_COUNT][2] = {{"Institución", "Instituciones"},
                                                         {"Institution", "Institutions"}};

/* An English word missing falls back to the default English one, not to
   the Spanish word (a table in English headed "Municipio" reads wrong). */
static void unit_titles(struct publisher *p)
{
    for (int l = 0; l < LANG_COUNT; l++) {
        p->unit_title[l][0] = upper_first(xstrdup(p->unit[l] ? p->unit[l] : default_units[l][0]));
        p->unit_title[l][1] = upper_first(xstrdup(p->units[l] ? p->units[l] : default_units[l][1]));
    }
}

const char *publisher_unit_title(const struct publisher *p, enum lang lang, int plural)
{
    const char *t = p->unit_title[lang][plural ? 1 : 0];
    return t ? t : default_units[lang][plural ? 1 : 0]; /* a config built in code */
}

int publisher_decimals(const struct publisher *p, int fw_decimals)
{
    return p->decimals_set ? p->decimals : fw_decimals;
}
