/* Deliberately wrong: compute reaching up into the store. */
#include "store.h"
int stage_probe(void);
int stage_probe(void) { return 0; }
