/*
 * test_i18n.c — tr(), lang_code(), lang_parse() and fmt_num() (i18n.c).
 */
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "i18n.h"
#include "tap.h"

int main(void)
{
    char buf[32];

    /* the table: Spanish is the key, English its translation */
    is_str(tr(LANG_ES, "Promedio nacional"), "Promedio nacional", "tr es: the key itself");
    is_str(tr(LANG_EN, "Promedio nacional"), "National mean", "tr en");
    is_str(tr(LANG_EN, "datos de demostración"), "demonstration data", "tr en: accented key");
    is_str(tr(LANG_EN, "Índice"), "Index", "tr en: key starting with Í");
    ok(tr(LANG_ES, "Puntaje") == tr(LANG_ES, "Puntaje"), "tr returns the table's own pointer");

    /* a missing key is a BUG(): abort with the key in the message */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        (void)fd;
        dup2(fd, 2);
        tr(LANG_EN, "esta cadena no existe");
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "missing key aborts (BUG)");

    is_str(lang_code(LANG_ES), "es", "lang_code es");
    is_str(lang_code(LANG_EN), "en", "lang_code en");
    is_int(lang_parse("es"), LANG_ES, "lang_parse es");
    is_int(lang_parse("EN"), LANG_EN, "lang_parse EN");
    is_int(lang_parse("es_GT.UTF-8"), LANG_ES, "lang_parse es_GT.UTF-8");
    is_int(lang_parse("en-US"), LANG_EN, "lang_parse en-US");
    is_int(lang_parse("esp"), -1, "lang_parse esp");
    is_int(lang_parse("fr"), -1, "lang_parse fr");
    is_int(lang_parse(""), -1, "lang_parse empty");
    is_int(lang_parse(NULL), -1, "lang_parse NULL");

    is_str(fmt_num(buf, sizeof buf, 72.5, 1, LANG_ES), "72,5", "fmt_num es: decimal comma");
    is_str(fmt_num(buf, sizeof buf, 72.5, 1, LANG_EN), "72.5", "fmt_num en: decimal point");
    is_str(fmt_num(buf, sizeof buf, 86.25, 1, LANG_ES), "86,3", "fmt_num: half away from zero");
    is_str(fmt_num(buf, sizeof buf, -2.25, 1, LANG_ES), "-2,3", "fmt_num: negative half away");
    is_str(fmt_num(buf, sizeof buf, 59.375, 2, LANG_EN), "59.38", "fmt_num: two decimals");
    is_str(fmt_num(buf, sizeof buf, 1234.0, 0, LANG_ES), "1234", "fmt_num: no decimals, no mark");
    is_str(fmt_num(buf, sizeof buf, -0.04, 1, LANG_ES), "0,0", "fmt_num: no minus on zero");
    is_str(fmt_num(buf, sizeof buf, NAN, 1, LANG_ES), "—", "fmt_num: NAN is an em dash");
    is_str(fmt_num(buf, sizeof buf, INFINITY, 1, LANG_EN), "—", "fmt_num: infinity too");
    {
        char b32[32];
        is_str(fmt_num(b32, sizeof b32, 1e29, 2, LANG_ES), "1,00e+29",
               "fmt_num: too wide for the buffer, scientific notation");
        is_str(fmt_num(b32, sizeof b32, -1.7976931348623157e308, 15, LANG_EN),
               "-1.797693134862316e+308", "fmt_num: the largest double fits 32 bytes");
        is_str(fmt_num(b32, sizeof b32, 1e15, 15, LANG_EN), "1.000000000000000e+15",
               "fmt_num: 15 decimals of 1e15 do not fit, scientific");
    }
    return tap_done();
}
