/* Deliberately wrong: compute using the database library. */
#include <sqlite3.h>
int stage_probe(void);
int stage_probe(void) { return 0; }
