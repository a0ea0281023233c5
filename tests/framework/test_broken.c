/*
 * test_broken.c — every directory under broken/ is a framework with known
 * mistakes; loading it must fail and print exactly its expected.txt: every
 * message (file:line[:column]) in order, then "status: N" (the exit status).
 *
 *   test_broken DIR            compare
 *   INDIGO_BLESS=1 test_broken DIR   (re)write each expected.txt — review
 *                              every line by hand before keeping it
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "framework.h"
#include "tap.h"
#include "testlib.h"

/* Print the first line where got and want differ. */
static void show_difference(const char *got, const char *want)
{
    int line = 1;
    while (*got && *got == *want) {
        if (*got == '\n')
            line++;
        got++, want++;
    }
    while (line > 1 && got[-1] != '\n')
        got--, want--;
    printf("#   first difference at line %d\n#   got  %.*s\n#   want %.*s\n", line,
           (int)strcspn(got, "\n"), got, (int)strcspn(want, "\n"), want);
}

static int is_case(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

int main(int argc, char **argv)
{
    if (argc != 2 || chdir(argv[1]) != 0) {
        fprintf(stderr, "usage: test_broken BROKEN_DIR\n");
        return 2;
    }
    int bless = getenv("INDIGO_BLESS") != NULL;
    struct dirent **list;
    int n = scandir(".", &list, is_case, alphasort);
    ok(n >= 25, "at least 25 broken frameworks (found %d)", n);
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        struct diag d;
        diag_init(&d);
        struct framework *fw = framework_load(name, &d);
        ok(fw == NULL, "%s: refused", name);
        framework_free(fw);

        char *got;
        size_t len;
        FILE *mem = open_memstream(&got, &len);
        diag_print(&d, mem);
        fprintf(mem, "status: %d\n", d.status);
        fclose(mem);
        char *path = malloc(strlen(name) + 16);
        sprintf(path, "%s/expected.txt", name);
        if (bless) {
            FILE *fp = fopen(path, "w");
            fputs(got, fp);
            fclose(fp);
        }
        char *want = slurp(path, NULL);
        if (!is_str(want ? "expected.txt present" : NULL, "expected.txt present", name)) {
        } else if (!ok(strcmp(got, want) == 0, "%s: messages", name)) {
            show_difference(got, want);
        }
        free(want);
        free(path);
        free(got);
        diag_release(&d);
        free(list[i]);
    }
    free(list);
    return tap_done();
}
