/*
 * sha256.c — SHA-256 through OpenSSL's libcrypto (already a dependency of
 * Debian's libxlsxwriter), so we write no hashing code of our own.
 */
#include "sha256.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

void sha256_hex(const void *data, size_t n, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data, n, md, &len, EVP_sha256(), NULL);
    for (unsigned int i = 0; i < len && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    hex[64] = '\0';
}

/* In blocks: memory does not grow with the file. */
int sha256_file(const char *path, char hex[65])
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        fclose(fp);
        errno = ENOMEM;
        return -1;
    }
    char buf[1 << 16];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
        EVP_DigestUpdate(ctx, buf, got);
    int failed = ferror(fp);
    int err = errno;
    fclose(fp);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    if (failed) {
        errno = err ? err : EIO;
        return -1;
    }
    for (unsigned int i = 0; i < len && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    hex[64] = '\0';
    return 0;
}

struct sha256_stream {
    EVP_MD_CTX *ctx;
};

struct sha256_stream *sha256_begin(void)
{
    struct sha256_stream *h = malloc(sizeof *h);
    if (!h)
        abort();
    h->ctx = EVP_MD_CTX_new();
    if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1)
        abort(); /* out of memory, as xmalloc treats it */
    return h;
}

void sha256_add(struct sha256_stream *h, const void *data, size_t n)
{
    EVP_DigestUpdate(h->ctx, data, n);
}

void sha256_end(struct sha256_stream *h, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(h->ctx, md, &len);
    EVP_MD_CTX_free(h->ctx);
    free(h);
    for (unsigned int i = 0; i < len && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    hex[64] = '\0';
}
