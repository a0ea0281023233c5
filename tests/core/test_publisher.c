/*
 * test_publisher.c — the Spanish gender guessed for [publisher] unit_es:
 * the endings, the exceptions the endings get wrong, and the first word of
 * a phrase.
 */
#include "publisher.h"
#include "tap.h"

static void guess(const char *word, int masculine)
{
    ok(publisher_guess_masculine(word) == masculine, "%s is %s", word,
       masculine ? "masculine" : "feminine");
}

int main(void)
{
    /* the endings */
    guess("institución", 0);
    guess("dependencia", 0);
    guess("entidad", 0);
    guess("facultad", 0);
    guess("juventud", 0);
    guess("comisión", 0);
    guess("región", 0);
    guess("muchedumbre", 0);
    guess("municipio", 1);
    guess("país", 1);
    guess("organismo", 1);
    guess("ministerio", 1);
    /* masculine despite -a */
    guess("sistema", 1);
    guess("programa", 1);
    guess("problema", 1);
    guess("día", 1);
    guess("mapa", 1);
    guess("tema", 1);
    /* feminine without a feminine ending */
    guess("red", 0);
    guess("sede", 0);
    guess("unidad", 0);
    guess("ley", 0);
    /* masculine -ión */
    guess("avión", 1);
    /* case, accents and phrases: the first word decides */
    guess("Institución", 0);
    guess("INSTITUCION", 0);
    guess("Sistema", 1);
    guess("unidad ejecutora", 0);
    guess("programa presupuestario", 1);
    guess("consejo de desarrollo", 1);
    guess("sede departamental", 0);
    guess("  red hospitalaria", 0);
    is_int(publisher_guess_masculine(NULL), 1, "no word: masculine (the caller defaults)");
    return tap_done();
}
