/*
 * test_tap.c — tap.h itself: a failing assertion says where it is.  The
 * failures are written to a temporary file in place of stdout, then read
 * back and checked with the counters reset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "xalloc.h"

int main(void)
{
    fflush(stdout);
    int saved = dup(1);
    FILE *tmp = tmpfile();
    if (saved < 0 || !tmp || dup2(fileno(tmp), 1) < 0) {
        printf("Bail out! cannot redirect stdout\n");
        return 1;
    }
    int line = __LINE__ + 1;
    int r1 = is_int(2, 3, "two is three");
    int r2 = ok(1 + 1 == 2, "arithmetic");
    int r3 = is_str("a", "b", "a is b");
    int r4 = is_num(NAN, NAN, 0, "NAN is NAN");
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    int failed = tap_failed;
    tap_n = tap_failed = 0;

    rewind(tmp);
    char out[4096];
    size_t n = fread(out, 1, sizeof out - 1, tmp);
    out[n] = '\0';
    fclose(tmp);
    ok(!r1 && r2 && !r3 && r4, "each returns whether it passed");
    is_int(failed, 2, "two of four failed");
    char *want = xasprintf("not ok 1 - two is three\n#   at tests/lib/test_tap.c:%d\n"
                           "#   got 2, want 3\n",
                           line);
    ok(strncmp(out, want, strlen(want)) == 0, "a failure: the name, then file:line, then got and want");
    free(want);
    ok(strstr(out, "ok 2 - arithmetic\n") != NULL && strstr(out, "ok 2 - arithmetic\n#") == NULL,
       "a pass: no location");
    want = xasprintf("not ok 3 - a is b\n#   at tests/lib/test_tap.c:%d\n", line + 2);
    ok(strstr(out, want) != NULL, "is_str: its own line");
    free(want);
    if (tap_failed)
        printf("# captured:\n%s", out);
    return tap_done();
}
