/* Streaming XML with expat (see xmlstream.h). */
#include "extract/xmlstream.h"

#include <sodium.h>
#include <string.h>

#include "base/limits.h"

const char *bs_xml_local(const char *name) {
  const char *colon = strrchr(name, ':');
  return colon ? colon + 1 : name;
}

const char *bs_xml_attr(const char **attrs, const char *local) {
  for (size_t i = 0; attrs && attrs[i]; i += 2)
    if (!strcmp(bs_xml_local(attrs[i]), local)) return attrs[i + 1];
  return NULL;
}

static void on_start(void *ctx, const XML_Char *name, const XML_Char **attrs) {
  bs_xml_stream *x = ctx;
  if (++x->depth > BS_LIMIT_XML_DEPTH) {
    x->status = BS_ELIMIT;
    XML_StopParser(x->parser, XML_FALSE);
    return;
  }
  if (x->handlers->start) x->handlers->start(x->ctx, bs_xml_local(name), attrs);
}

static void on_end(void *ctx, const XML_Char *name) {
  bs_xml_stream *x = ctx;
  x->depth--;
  if (x->handlers->end) x->handlers->end(x->ctx, bs_xml_local(name));
}

static void on_text(void *ctx, const XML_Char *text, int len) {
  bs_xml_stream *x = ctx;
  if (x->handlers->text && len > 0) x->handlers->text(x->ctx, text, (size_t)len);
}

bs_status bs_xml_begin(bs_xml_stream *x, const bs_xml_handlers *handlers, void *ctx) {
  memset(x, 0, sizeof *x);
  x->handlers = handlers;
  x->ctx = ctx;
  x->parser = XML_ParserCreate("UTF-8");
  if (!x->parser) return BS_ENOMEM;
  if (sodium_init() < 0) return BS_EINVAL;
  XML_SetHashSalt(x->parser, randombytes_random());
  XML_SetUserData(x->parser, x);
  XML_SetElementHandler(x->parser, on_start, on_end);
  XML_SetCharacterDataHandler(x->parser, on_text);
  return BS_OK;
}

bs_status bs_xml_feed(bs_xml_stream *x, const char *data, size_t len, int last) {
  if (x->status != BS_OK) return x->status;
  while (len > 0 || last) {
    int n = len > (size_t)1 << 30 ? 1 << 30 : (int)len;
    int final = last && (size_t)n == len;
    if (XML_Parse(x->parser, data, n, final) == XML_STATUS_ERROR) {
      if (x->status == BS_OK) x->status = BS_EFORMAT;
      return x->status;
    }
    data += n;
    len -= (size_t)n;
    if (final) break;
  }
  return x->status;
}

unsigned long bs_xml_line(const bs_xml_stream *x) {
  return x->parser ? (unsigned long)XML_GetCurrentLineNumber(x->parser) : 0;
}

void bs_xml_end(bs_xml_stream *x) {
  if (x->parser) XML_ParserFree(x->parser);
  x->parser = NULL;
}
