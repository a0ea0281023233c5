/*
 * wrap.c — word wrapping shared by the chart and PDF renderers (wrap.h).
 */
#include "wrap.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

size_t utf8_seq_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

int text_wrap(const char *s, double maxw, text_width_fn width, const void *ctx, char **lines,
              int maxlines)
{
    struct strbuf line;
    int n = 0;
    strbuf_init(&line);
    while (*s) {
        if (*s == '\n') {               /* an explicit line break */
            if (n < maxlines)
                lines[n] = xstrdup(line.buf);
            n++;
            strbuf_reset(&line);
            s++;
            continue;
        }
        while (*s == ' ')
            s++;
        if (!*s || *s == '\n')
            continue;
        size_t wl = strcspn(s, " \n");
        size_t keep = line.len;
        if (line.len)
            strbuf_addc(&line, ' ');
        strbuf_add(&line, s, wl);
        if (width(ctx, line.buf) <= maxw) {
            s += wl;
            continue;
        }
        if (keep) {
            line.len = keep;
            line.buf[keep] = '\0';
        } else {
            /* a word wider than the line: cut it between characters and
               mark the cut with a hyphen, so a reader (and pdftotext) sees
               one word broken, not two words */
            size_t cut = 0;
            strbuf_reset(&line);
            while (cut < wl) {
                size_t cl = utf8_seq_len((unsigned char)s[cut]), len0 = line.len;
                if (cl > wl - cut)                 /* a sequence cut short by the end */
                    cl = wl - cut;
                strbuf_add(&line, s + cut, cl);
                if (cut + cl < wl)
                    strbuf_addc(&line, '-');   /* measured with the hyphen a cut needs */
                int fits = width(ctx, line.buf) <= maxw;
                line.len = len0 + cl;
                line.buf[line.len] = '\0';
                if (!fits && cut) {                /* at least one character a line */
                    line.len = len0;
                    line.buf[len0] = '\0';
                    break;
                }
                cut += cl;
            }
            if (cut < wl)
                strbuf_addc(&line, '-');
            s += cut;
        }
        if (n < maxlines)
            lines[n] = xstrdup(line.buf);
        n++;
        strbuf_reset(&line);
    }
    if (line.len) {
        if (n < maxlines)
            lines[n] = xstrdup(line.buf);
        n++;
    }
    strbuf_release(&line);
    return n;
}

double text_widest_word(const char *s, text_width_fn width, const void *ctx)
{
    double widest = 0;
    struct strbuf word;
    strbuf_init(&word);
    while (*s) {
        s += strspn(s, " \n");
        size_t wl = strcspn(s, " \n");
        if (!wl)
            continue;
        strbuf_reset(&word);
        strbuf_add(&word, s, wl);
        double w = width(ctx, word.buf);
        if (w > widest)
            widest = w;
        s += wl;
    }
    strbuf_release(&word);
    return widest;
}

void text_lines_free(char **lines, int n, int maxlines)
{
    for (int i = 0; i < n && i < maxlines; i++)
        free(lines[i]);
}
