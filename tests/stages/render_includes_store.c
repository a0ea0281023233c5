/* Deliberately wrong: a renderer reading the database instead of the round. */
#include "store.h"
int stage_probe(void);
int stage_probe(void) { return 0; }
