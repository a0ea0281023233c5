/*
 * sha256.c — SHA-256 through GNU Nettle (Debian's libnettle8, which uses
 * the processor's SHA instructions where there are some), so we write no
 * hashing code of our own.  Not OpenSSL's libcrypto: loading it and
 * initialising its EVP layer (which reads openssl.cnf) cost several
 * milliseconds of every command's start-up, more than `indigo compute` on
 * a small round takes for everything else.
 */
#include "sha256.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>

#include "xalloc.h"

static void hex_of(const uint8_t md[SHA256_DIGEST_SIZE], char hex[65])
{
    static const char digit[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digit[md[i] >> 4];
        hex[2 * i + 1] = digit[md[i] & 15];
    }
    hex[64] = '\0';
}

void sha256_hex(const void *data, size_t n, char hex[65])
{
    struct sha256_ctx c;
    uint8_t md[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, n, data);
    sha256_digest(&c, sizeof md, md);
    hex_of(md, hex);
}

/* In blocks: memory does not grow with the file. */
int sha256_file(const char *path, char hex[65])
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    struct sha256_ctx c;
    sha256_init(&c);
    uint8_t buf[1 << 16];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
        sha256_update(&c, got, buf);
    int failed = ferror(fp);
    int err = errno;
    fclose(fp);
    if (failed) {
        errno = err ? err : EIO;
        return -1;
    }
    uint8_t md[SHA256_DIGEST_SIZE];
    sha256_digest(&c, sizeof md, md);
    hex_of(md, hex);
    return 0;
}

/* sha256.h's opaque struct sha256_ctx is Nettle's own context type (the
   same name): here it is complete, elsewhere nobody looks inside. */
struct sha256_ctx *sha256_begin(void)
{
    struct sha256_ctx *c = xmalloc(sizeof *c);
    sha256_init(c);
    return c;
}

void sha256_add(struct sha256_ctx *c, const void *data, size_t n)
{
    if (c && n)
        sha256_update(c, n, data);
}

void sha256_end(struct sha256_ctx *c, char hex[65])
{
    uint8_t md[SHA256_DIGEST_SIZE];
    sha256_digest(c, sizeof md, md);
    hex_of(md, hex);
    sha256_abandon(c);
}

void sha256_abandon(struct sha256_ctx *c)
{
    free(c);
}
