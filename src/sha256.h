/*
 * sha256.h — SHA-256 of input files (the run log records one per input).
 * The only file that includes OpenSSL's <openssl/evp.h>.
 */
#ifndef INDIGO_SHA256_H
#define INDIGO_SHA256_H

#include <stddef.h>

/* hex gets 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t n, char hex[65]);
/* Hash a file; 0, or -1 with errno set. */
int sha256_file(const char *path, char hex[65]);

/* The digest of data given in pieces: begin, add as often as needed, end
   (which writes the hex digest and frees the stream). */
struct sha256_stream;
struct sha256_stream *sha256_begin(void);
void sha256_add(struct sha256_stream *h, const void *data, size_t n);
void sha256_end(struct sha256_stream *h, char hex[65]);

#endif
