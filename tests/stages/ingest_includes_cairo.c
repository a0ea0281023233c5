/* Deliberately wrong: ingest using the chart library. */
#include <cairo.h>
int stage_probe(void);
int stage_probe(void) { return 0; }
