/*
 * sha256.c — SHA-256 through OpenSSL's libcrypto (already a dependency of
 * Debian's libxlsxwriter), so we write no hashing code of our own.
 */
#include "sha256.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

#include "atomic_file.h"

void sha256_hex(const void *data, size_t n, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data, n, md, &len, EVP_sha256(), NULL);
    for (unsigned int i = 0; i < len && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    hex[64] = '\0';
}

int sha256_file(const char *path, char hex[65])
{
    size_t n;
    char *data = read_file(path, &n);
    if (!data)
        return -1;
    sha256_hex(data, n, hex);
    free(data);
    return 0;
}
