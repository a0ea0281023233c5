/*
 * site_fixture.c — writes the fixture round (fixture.h) as a report
 * directory for the browser check:
 *
 *   site_fixture OUT      -> OUT/2026/datos/ (open data), OUT/2026/sitio/,
 *                            and OUT/2026/instituciones/ALFA/ficha-ALFA-2026-es.pdf
 *
 * The scorecard PDFs are written by render_pdf.c, which this test does not
 * exercise; one stand-in file is created so the site shows a download link
 * for ALFA in Spanish (and none anywhere else), which the browser check
 * then follows.  Exit status 0 or 1.
 */
#include <stdio.h>
#include <stdlib.h>

#include "atomic_file.h"
#include "error.h"
#include "fixture.h"
#include "render.h"
#include "render_site.h"
#include "xalloc.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: site_fixture OUT\n");
        return 2;
    }
    struct rfx f;
    if (fx_build(&f, 1) != 0)
        return 1;
    struct diag d;
    diag_init(&d);
    char *datos = xasprintf("%s/2026/datos", argv[1]);
    char *unit = xasprintf("%s/2026/instituciones/ALFA", argv[1]);
    char *pdf = xasprintf("%s/ficha-ALFA-2026-es.pdf", unit);
    char *sitio = xasprintf("%s/2026/sitio", argv[1]);
    static const char stand_in[] = "%PDF-1.4\n% stand-in for render_pdf.c output\n%%EOF\n";
    int rc = render_open_data(&f.rd, datos, &d);
    if (rc == 0 && (mkdir_p(unit) != 0 || write_file(pdf, stand_in, sizeof stand_in - 1) != 0)) {
        perror(pdf);
        rc = -1;
    }
    if (rc == 0)
        rc = render_site(&f.rd, sitio, &d);
    diag_print(&d, stderr);
    diag_release(&d);
    free(datos);
    free(unit);
    free(pdf);
    free(sitio);
    fx_release(&f);
    return rc == 0 ? 0 : 1;
}
