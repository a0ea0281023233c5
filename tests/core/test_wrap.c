/*
 * test_wrap.c — word wrapping: lines break at spaces; a word wider than a
 * line is cut between characters and the cut is marked with a hyphen.
 */
#include <string.h>

#include "tap.h"
#include "wrap.h"

/* One unit per byte: widths are easy to count. */
static double bytes(const void *ctx, const char *s)
{
    (void)ctx;
    return (double)strlen(s);
}

static char *joined(char **lines, int n, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        strncat(buf, lines[i], size - strlen(buf) - 1);
        if (i + 1 < n)
            strncat(buf, "|", size - strlen(buf) - 1);
    }
    return buf;
}

int main(void)
{
    char *lines[16], buf[256];
    int n = text_wrap("Gobernanza e institucionalidad", 12, bytes, NULL, lines, 16);
    is_str(joined(lines, n, buf, sizeof buf), "Gobernanza e|institucion-|alidad",
           "a long word is cut with a hyphen, every line within the width");
    text_lines_free(lines, n, 16);
    n = text_wrap("LIN_CONJUNTOS", 13, bytes, NULL, lines, 16);
    is_str(joined(lines, n, buf, sizeof buf), "LIN_CONJUNTOS", "a word that fits is whole");
    text_lines_free(lines, n, 16);
    n = text_wrap("ab cd", 1, bytes, NULL, lines, 16);
    is_str(joined(lines, n, buf, sizeof buf), "a-|b|c-|d",
           "narrower than a character plus hyphen: one character a line, still marked");
    text_lines_free(lines, n, 16);
    n = text_wrap("\xc3\xa1\xc3\xa9\xc3\xad\xc3\xb3", 5, bytes, NULL, lines, 16);
    is_str(joined(lines, n, buf, sizeof buf), "\xc3\xa1\xc3\xa9-|\xc3\xad\xc3\xb3",
           "cuts fall between whole UTF-8 characters");
    text_lines_free(lines, n, 16);
    n = text_wrap("ab\xc3", 2, bytes, NULL, lines, 16);
    ok(n >= 1, "a sequence cut short by the end of the text does not read past it (%d lines)", n);
    text_lines_free(lines, n, 16);
    return tap_done();
}
