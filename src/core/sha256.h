/*
 * sha256.h — SHA-256 of input files (the run log records one per input).
 * The only file that includes Nettle's <nettle/sha2.h>.
 */
#ifndef INDIGO_SHA256_H
#define INDIGO_SHA256_H

#include <stddef.h>

/* hex gets 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t n, char hex[65]);
/* Hash a file; 0, or -1 with errno set. */
int sha256_file(const char *path, char hex[65]);

/* The same over data that arrives in pieces (an input read once, hashed as
   it is parsed): begin, add each piece in order, end (which frees ctx). */
struct sha256_ctx;
struct sha256_ctx *sha256_begin(void);
void sha256_add(struct sha256_ctx *c, const void *data, size_t n);
void sha256_end(struct sha256_ctx *c, char hex[65]);
void sha256_abandon(struct sha256_ctx *c);          /* accepts NULL */

#endif
