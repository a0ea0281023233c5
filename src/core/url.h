/*
 * url.h — is this evidence a web address a reviewer can open?
 *
 * Evidence for a positive answer is a link to the published document (the
 * plan, the portal page, the decree).  url_problem() checks the form of an
 * http or https URL (RFC 3986, with the non-ASCII letters of IRIs allowed,
 * since respondents paste addresses such as https://www.x.gob.gt/año):
 *
 *   http:// or https:// (any case), then a host: a name of dot-separated
 *   labels (letters, digits, '-', not at either end of a label) or a
 *   bracketed IPv6 address; an optional :port
 *   (1 to 65535); then an optional path, query and fragment with no spaces,
 *   control characters or any of  " < > \ ^ ` { | }  and with every '%'
 *   followed by two hexadecimal digits.
 *
 * It does not fetch anything: the address is well formed, not necessarily
 * alive.
 */
#ifndef INDIGO_URL_H
#define INDIGO_URL_H

/* NULL if s is a well-formed http(s) URL, else a short English phrase saying
   what is wrong ("has no host", "contains a space", ...) for a message. */
const char *url_problem(const char *s);

/* Evidence is "a URL or a document" (the questionnaire's hint): text that
   looks like a web address (it contains "://", or begins with "http" or
   "www.", ignoring case) must be a well-formed http(s) URL; any other text
   names a document and is taken as given.  NULL if ev supports an answer,
   else what is wrong ("is empty" for NULL or ""). */
const char *evidence_problem(const char *ev);

#endif
