/*
 * round_init.h — `indigo init DIR`: a round of one's own, started from the
 * example round the install ships (indigo.ini, indicators/, surveys/ in the
 * data directory, INDIGO_DATADIR in indigo_paths.h).
 *
 * An installed indigo has no source tree beside it; its example config
 * names its files by paths relative to itself, so a copy of the three runs
 * anywhere: `indigo init ronda && cd ronda && indigo run`.
 */
#ifndef INDIGO_ROUND_INIT_H
#define INDIGO_ROUND_INIT_H

/* Copy the example round from datadir into dir (created if missing).
   Never overwrites: if dir already holds indigo.ini, indicators or surveys
   it refuses (EX_CANTCREAT) and writes nothing.  The copy is made in a
   hidden staging directory inside dir and moved into place only when whole.
   Returns a sysexits status after printing any problem to stderr. */
int cmd_init(const char *datadir, const char *dir, int quiet);

#endif
