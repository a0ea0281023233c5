/*
 * test_svg_canvas.c — the SVG canvas on its own: the document it writes for
 * a few drawing calls, numbers with at most two decimals, text escaped for
 * XML (control characters XML 1.0 forbids become spaces), transparency,
 * dashes, the rotated text's matrix, and numbered gradients.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "strbuf.h"
#include "svg_canvas.h"
#include "tap.h"

/* A measuring canvas: 0.5 em per byte. */
static double fake_width(void *impl, int bold, double size, const char *s)
{
    (void)impl;
    (void)bold;
    return 0.5 * size * (double)strlen(s);
}

static int has(const struct strbuf *sb, const char *needle)
{
    int found = strstr(sb->buf, needle) != NULL;
    if (!found)
        printf("#   not found: %s\n", needle);
    return found;
}

int main(void)
{
    struct canvas_ops mops = {0};
    mops.text_width = fake_width;
    struct canvas measure = {&mops, NULL, 0};

    struct strbuf out;
    strbuf_init(&out);
    struct canvas cv = svg_canvas_open(&out, 495, 120.5, &measure, "T <1> & \"2\"", NULL);
    cv_background(&cv);
    cv_rgb(&cv, 0, 0x72 / 255.0, 0xB2 / 255.0);
    cv_rect(&cv, 10, 20.25, 100, 5);
    cv_fill(&cv);
    cv_rgba(&cv, 1, 1, 1, 0.85);
    cv_circle(&cv, 50, 60, 3.5);
    cv_fill(&cv);
    double dash[] = {3, 2};
    cv_save(&cv);
    cv_rgb(&cv, 0.5, 0.5, 0.5);
    cv_line_width(&cv, 1.1);
    cv_dash(&cv, dash, 2);
    cv_move_to(&cv, 0, 0);
    cv_line_to(&cv, 10, 10);
    cv_stroke(&cv);
    cv_restore(&cv);
    cv_line_width(&cv, 0.4);
    cv_move_to(&cv, 1, 1);
    cv_line_to(&cv, 2, 2);
    cv_stroke(&cv);
    cv_rgb(&cv, 0.13, 0.13, 0.13);
    cv_text(&cv, 12, 30, 1, 7.5, "Ministerio de Agricultura, Ganadería & <Alimentación> \"MAGA\"\x01");
    is_num(cv_text_width(&cv, 0, 10, "abcd"), 20, 0, "text measured by the measuring canvas");
    cv_save(&cv);
    cv_translate(&cv, 100, 50);
    cv_rotate(&cv, -M_PI / 2);
    cv_text(&cv, 0, 0, 0, 40, "datos de demostración");
    cv_restore(&cv);
    double stops[] = {0, 0, 0, 1, 1, 1};
    cv_hramp(&cv, 10, 100, 200, 7, stops, 2);
    cv_hramp(&cv, 10, 110, 200, 7, stops, 2);
    svg_canvas_close(&cv);

    ok(has(&out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                 "width=\"495pt\" height=\"120.5pt\" viewBox=\"0 0 495 120.5\""),
       "header: size in points, viewBox in chart units");
    ok(has(&out, "font-family=\"'Liberation Sans', Arial, Helvetica, sans-serif\""), "font family");
    ok(has(&out, "role=\"img\" aria-labelledby=\"t\">\n<title id=\"t\">T &lt;1&gt; &amp; "
                 "&quot;2&quot;</title>\n"),
       "the title as <title>, escaped, named as the image's label");
    ok(!has(&out, "<desc>"), "no desc when none is given");
    ok(has(&out, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"), "white background");
    ok(has(&out, "<path d=\"M10 20.25L110 20.25L110 25.25L10 25.25Z\" fill=\"#0072b2\"/>"),
       "a filled rectangle, two decimals at most, Okabe-Ito blue");
    ok(has(&out, "M46.5 60a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0Z\" fill=\"#ffffff\" "
                 "fill-opacity=\"0.85\""),
       "a circle as two arcs, with its opacity");
    ok(has(&out, "<path d=\"M0 0L10 10\" fill=\"none\" stroke=\"#808080\" stroke-width=\"1.1\" "
                 "stroke-dasharray=\"3 2\"/>"),
       "a dashed stroke");
    ok(has(&out, "<path d=\"M1 1L2 2\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"0.4\" "
                 "stroke-opacity=\"0.85\"/>"),
       "restore brings back the colour and ends the dash");
    ok(has(&out, "<text x=\"12\" y=\"30\" font-size=\"7.5\" font-weight=\"bold\" fill=\"#212121\">"
                 "Ministerio de Agricultura, Ganadería &amp; &lt;Alimentación&gt; &quot;MAGA&quot;"
                 "\xEF\xBF\xBD</text>"),
       "text escaped, accents kept, a control character made U+FFFD");
    ok(has(&out, "transform=\"matrix(0.0000 -1.0000 1.0000 0.0000 100 50)\""),
       "rotated text carries its matrix");
    ok(has(&out, "<linearGradient id=\"ramp1\"") && has(&out, "<linearGradient id=\"ramp2\"") &&
           has(&out, "fill=\"url(#ramp2)\""),
       "gradients numbered in order of use");
    ok(has(&out, "</svg>\n"), "document closed");
    strbuf_release(&out);
    return tap_done();
}
