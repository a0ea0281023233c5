/*
 * ini_impl.h — what ini.c and ini_validate.c share about a loaded file
 * (nothing else includes this).
 */
#ifndef INDIGO_INI_IMPL_H
#define INDIGO_INI_IMPL_H

#include <iniparser/iniparser.h>
#include <stddef.h>

struct ini_key {
    char *section;   /* lowercase                                   */
    char *key;       /* lowercase, NULL for a section header        */
    int line;        /* where it starts (continuations joined)      */
    int reported;    /* ini_validate found it bad: getters skip it  */
};

struct ini {
    char *path;
    char sha256[65];
    dictionary *dict;
    struct ini_key *keys;    /* every header and key, in file order */
    size_t n_keys, cap_keys;
    char **sections; int n_sections; /* distinct, in file order     */
    const char **scratch;     /* ini_keys() result                  */
};

/* The record of section:key (key NULL: the section header); the last one,
   as iniparser keeps the last.  NULL if absent. */
struct ini_key *ini_find_record(const struct ini *ini, const char *section, const char *key);
/* Values as the getters read them: 0, or -1 if v is not one. */
int ini_parse_bool(const char *v, int *out);
int ini_parse_uint64(const char *v, unsigned long long *out);

#endif
