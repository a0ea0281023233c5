/*
 * test_xlsform.c — the XLSForm export of the small framework, compared byte
 * for byte with tests/framework/xlsform/{survey,choices}.csv (checked by hand:
 * one survey row per question in questions.csv order, the shared si_no and
 * likert5 lists first, then each question's options).
 *
 *   test_xlsform TESTS_FRAMEWORK_DIR
 *   INDIGO_BLESS=1 test_xlsform DIR   rewrite the expected files (review them!)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "framework.h"
#include "tap.h"
#include "testlib.h"
#include "xalloc.h"

static void compare(const char *got_path, const char *want_path, int bless, const char *name)
{
    char *got = slurp(got_path, NULL);
    if (bless && got) {
        FILE *fp = fopen(want_path, "wb");
        fputs(got, fp);
        fclose(fp);
    }
    char *want = slurp(want_path, NULL);
    int same = got && want && strcmp(got, want) == 0;
    if (!ok(same, "%s matches the expected file", name) && got && want) {
        const char *g = got, *w = want;
        int line = 1;
        while (*g && *g == *w)
            line += *g++ == '\n', w++;
        printf("#   first difference at line %d\n", line);
    }
    free(got);
    free(want);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_xlsform TESTS_FRAMEWORK_DIR\n");
        return 2;
    }
    int bless = getenv("INDIGO_BLESS") != NULL;
    struct diag d;
    diag_init(&d);
    char *path = xasprintf("%s/valid/small", argv[1]);
    struct framework *fw = framework_load(path, &d);
    diag_print(&d, stdout);
    if (!ok(fw != NULL, "small framework loads"))
        return tap_done();

    char tmp[] = "/tmp/indigo-xlsform-XXXXXX";
    ok(mkdtemp(tmp) != NULL, "temporary directory");
    char *sv = xasprintf("%s/survey.csv", tmp);
    char *ch = xasprintf("%s/choices.csv", tmp);
    is_int(questionnaire_write_xlsform(fw, sv, ch), 0, "written");
    char *want_sv = xasprintf("%s/xlsform/survey.csv", argv[1]);
    char *want_ch = xasprintf("%s/xlsform/choices.csv", argv[1]);
    compare(sv, want_sv, bless, "survey.csv");
    compare(ch, want_ch, bless, "choices.csv");

    /* a directory that does not exist: -1 and errno, no crash */
    char *bad = xasprintf("%s/no/such/dir/survey.csv", tmp);
    errno = 0;
    is_int(questionnaire_write_xlsform(fw, bad, ch), -1, "unwritable path: -1");
    ok(errno != 0, "errno set (%s)", strerror(errno));

    unlink(sv);
    unlink(ch);
    rmdir(tmp);
    free(bad);
    free(sv);
    free(ch);
    free(want_sv);
    free(want_ch);
    free(path);
    framework_free(fw);
    diag_release(&d);
    return tap_done();
}
