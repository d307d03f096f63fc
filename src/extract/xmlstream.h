/* Streaming XML with expat for the readers of XML-based formats: element names without
 * their namespace prefix, a depth limit, and a hash salt against collision attacks.
 * External entities are never loaded. */
#ifndef BS_XMLSTREAM_H
#define BS_XMLSTREAM_H
#include <expat.h>
#include <stddef.h>

#include "base/status.h"

typedef struct bs_xml_handlers {
  /* name is the local name ("t" for "w:t"); attrs alternate names and values. */
  void (*start)(void *ctx, const char *name, const char **attrs);
  void (*end)(void *ctx, const char *name);
  void (*text)(void *ctx, const char *text, size_t len);
} bs_xml_handlers;

typedef struct bs_xml_stream {
  XML_Parser parser;               /* expat */
  const bs_xml_handlers *handlers; /* callbacks */
  void *ctx;                       /* theirs */
  unsigned depth;                  /* open elements */
  bs_status status;                /* BS_ELIMIT once too deep */
} bs_xml_stream;

bs_status bs_xml_begin(bs_xml_stream *x, const bs_xml_handlers *handlers, void *ctx);
/* Parses a chunk; last marks the end of the document. BS_EFORMAT on malformed XML
 * (bs_xml_line tells where), BS_ELIMIT past the depth limit. */
bs_status bs_xml_feed(bs_xml_stream *x, const char *data, size_t len, int last);
unsigned long bs_xml_line(const bs_xml_stream *x);
void bs_xml_end(bs_xml_stream *x);

/* The local part of a name ("r" for "r:id"). */
const char *bs_xml_local(const char *name);
/* The value of the attribute with this local name, or NULL. */
const char *bs_xml_attr(const char **attrs, const char *local);

#endif
