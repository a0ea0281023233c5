/*
 * url.c — the form of an http(s) URL (url.h).
 */
#include "url.h"

#include <string.h>
#include <strings.h>

static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A host name: labels of letters, digits and '-' (or UTF-8 bytes of an
   internationalised name), no empty label, no '-' at a label's ends.
   [b, e) is the host. */
static const char *host_problem(const char *b, const char *e)
{
    if (b == e)
        return "has no host after the //";
    if (*b == '[') {
        if (e[-1] != ']' || e - b < 4)
            return "has an unclosed [ in its host";
        for (const char *p = b + 1; p < e - 1; p++)
            if (!is_hex((unsigned char)*p) && *p != ':' && *p != '.')
                return "has a character that is not allowed in an IPv6 host";
        return NULL;
    }
    for (const char *p = b; p <= e;) {
        const char *q = p;
        while (q < e && *q != '.')
            q++;
        if (q == p)
            return "has an empty part in its host name: two dots, or a dot at an end";
        if (*p == '-' || q[-1] == '-')
            return "has a host name part that begins or ends with '-'";
        for (const char *c = p; c < q; c++)
            if (!is_alnum((unsigned char)*c) && *c != '-' && (unsigned char)*c < 0x80)
                return "has a character that is not allowed in a host name";
        p = q + 1;
    }
    return NULL;
}

const char *url_problem(const char *s)
{
    if (!s || !*s)
        return "is empty";
    size_t skip;
    if (strncasecmp(s, "https://", 8) == 0)
        skip = 8;
    else if (strncasecmp(s, "http://", 7) == 0)
        skip = 7;
    else
        return "does not begin with http:// or https://";
    const char *host = s + skip, *end = host + strcspn(host, "/?#");
    const char *at = memchr(host, '@', (size_t)(end - host));
    if (at)
        host = at + 1;   /* user information: allowed, not checked further */
    /* a port: the last ':' outside an IPv6 literal */
    const char *host_end = end;
    const char *colon = NULL;
    for (const char *p = host; p < end; p++)
        if (*p == ':' && !(host < end && *host == '[' && memchr(p, ']', (size_t)(end - p))))
            colon = p;
    if (colon) {
        host_end = colon;
        long port = 0;
        if (colon + 1 == end || end - colon > 6)
            return "has a port that is not a number from 1 to 65535";
        for (const char *p = colon + 1; p < end; p++) {
            if (*p < '0' || *p > '9')
                return "has a port that is not a number from 1 to 65535";
            port = port * 10 + (*p - '0');
        }
        if (port < 1 || port > 65535)
            return "has a port that is not a number from 1 to 65535";
    }
    const char *why = host_problem(host, host_end);
    if (why)
        return why;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ')
            return "contains a space, which a URL writes as %20";
        if (c < 0x20 || c == 0x7f)
            return "contains a control character";
        if (strchr("\"<>\\^`{|}", c))
            return "contains one of \" < > \\ ^ ` { | }, which a URL does not allow";
        if (c == '%' && !(is_hex((unsigned char)p[1]) && is_hex((unsigned char)p[2])))
            return "has a '%' that is not followed by two hexadecimal digits";
    }
    return NULL;
}

const char *evidence_problem(const char *ev)
{
    if (!ev || !*ev)
        return "is empty";
    if (strstr(ev, "://") || strncasecmp(ev, "http", 4) == 0 || strncasecmp(ev, "www.", 4) == 0)
        return url_problem(ev);
    return NULL;   /* a document: "acta 7-2026", "oficio DS-12" */
}
