/* XML with expat (see xml.h). Events stream through: an element's character data is
 * gathered until a child starts or the element ends, then sent as one unit (trimmed;
 * white space alone is no unit) whose hint is the path of element names from the root,
 * namespace prefixes dropped ("ClinicalDocument/recordTarget/patientRole/patient/
 * birthTime/@value"). Lines are expat's: where the text starts; columns are 0 since
 * entities and CDATA make the text differ from the source.
 *
 * Safety: parameter entities and external entities are never loaded (no DTD is read,
 * no file or network touched); internal entity expansion is bounded by expat's billion
 * laughs protection with our own, tighter factor; element nesting by
 * BS_LIMIT_XML_DEPTH; hashing is salted against collision floods. Expat allocates
 * through our allocator. A fatal error (or a limit) ends the XML reading; what follows
 * is then read as plain text from that place, so nothing is dropped. */
#include "extract/xml.h"

#include <errno.h>
/* Debian's expat is built with DTD support; its header declares the billion laughs
 * settings only when told so. */
#define XML_DTD
#include <expat.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "base/strmap.h"
#include "detect/hints.h"
#include "extract/decode.h"
#include "extract/lines.h"

#define CHUNK_BYTES    ((size_t)1 << 20)
#define MAX_PATH_BYTES 4096
#define MAX_TEXT_BYTES ((size_t)64 << 20) /* longer text is sent in several units */
#define MAX_ATTR_HINTS 64                 /* attributes of one element sent */

typedef struct xml_reader {
  const bs_unit_sink *sink;                /* where units go */
  XML_Parser parser;                       /* expat */
  bs_strmap *paths;                        /* interned paths -> hint type + 1 */
  bs_buf path;                             /* current element path */
  size_t path_len[BS_LIMIT_XML_DEPTH + 1]; /* path length before each level's name */
  int depth;                               /* open elements */
  bs_buf text;                             /* character data gathered */
  uint64_t text_line;                      /* line where it starts */
  int stopped;                             /* a limit stopped the parser */
  XML_Index stop_byte;                     /* where */
  uint64_t stop_line, stop_column;         /* and its line and column (0-based) */
  size_t units;                            /* units sent */
  bs_status status;                        /* first error */
} xml_reader;

static void stop(xml_reader *r, const char *message) {
  if (r->stopped) return;
  r->stopped = 1;
  r->stop_byte = XML_GetCurrentByteIndex(r->parser);
  r->stop_line = XML_GetCurrentLineNumber(r->parser);
  r->stop_column = XML_GetCurrentColumnNumber(r->parser);
  if (message) {
    char place[64];
    snprintf(place, sizeof place, "line %llu", (unsigned long long)r->stop_line);
    r->sink->diagnostic(place, message, r->sink->ctx);
  }
  XML_StopParser(r->parser, XML_FALSE);
}

static void fail(xml_reader *r, bs_status status) {
  if (r->status == BS_OK) r->status = status;
  stop(r, NULL);
}

static const char *local_name(const char *name) {
  const char *colon = strrchr(name, ':');
  return colon ? colon + 1 : name;
}

static void emit(xml_reader *r, const char *text, size_t len, uint64_t line) {
  if (r->status != BS_OK) return;
  const char *hint = NULL;
  bs_element type = BS_EL_NONE;
  if (r->path.len) {
    int64_t *slot;
    int added;
    bs_status status = bs_strmap_upsert(r->paths, r->path.data, r->path.len, &slot, &hint, &added);
    if (status != BS_OK) {
      fail(r, status);
      return;
    }
    if (added) *slot = (int64_t)bs_hint_type(hint) + 1;
    type = (bs_element)(*slot - 1);
  }
  bs_unit unit = {
      .text = text, .len = len, .line = line ? line : 1, .hint = hint, .hint_type = type};
  r->units++;
  bs_status status = r->sink->unit(&unit, r->sink->ctx);
  if (status != BS_OK) fail(r, status);
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Sends the gathered text, trimmed, from the line of its first visible character. */
static void flush(xml_reader *r) {
  const char *text = r->text.data;
  size_t len = r->text.len;
  uint64_t line = r->text_line;
  while (len && is_space(*text)) {
    line += *text == '\n';
    text++;
    len--;
  }
  while (len && is_space(text[len - 1])) len--;
  if (len) emit(r, text, len, line);
  bs_buf_reset(&r->text);
}

/* Appends "/name" (or "name" at the root) to the path; a path past its limit keeps
 * the parent's, so hints stay those of the nearest ancestor. */
static void push_name(xml_reader *r, const char *name) {
  size_t before = r->path.len;
  bs_status status = BS_OK;
  if (before) status = bs_buf_append_char(&r->path, '/');
  if (status == BS_OK) status = bs_buf_append(&r->path, name, strlen(name));
  if (status == BS_ELIMIT) {
    r->path.len = before;
    r->path.data[before] = '\0';
  } else if (status != BS_OK) {
    fail(r, status);
  }
}

static void on_start(void *ctx, const XML_Char *name, const XML_Char **attributes) {
  xml_reader *r = ctx;
  if (r->stopped) return;
  flush(r);
  if (r->depth == BS_LIMIT_XML_DEPTH) {
    stop(r, "elements nested deeper than the limit; the rest read as text");
    return;
  }
  r->path_len[r->depth++] = r->path.len;
  push_name(r, local_name(name));
  uint64_t line = XML_GetCurrentLineNumber(r->parser);
  size_t element_len = r->path.len;
  for (int i = 0; attributes[i] && attributes[i + 1] && i < 2 * MAX_ATTR_HINTS; i += 2) {
    const char *attribute = attributes[i], *value = attributes[i + 1];
    if (!strncmp(attribute, "xmlns", 5) && (attribute[5] == '\0' || attribute[5] == ':')) continue;
    size_t len = strlen(value), lead = 0;
    while (lead < len && is_space(value[lead])) lead++;
    if (lead == len) continue;
    bs_status status = bs_buf_append(&r->path, "/@", 2);
    if (status == BS_OK)
      status = bs_buf_append(&r->path, local_name(attribute), strlen(local_name(attribute)));
    if (status != BS_OK && status != BS_ELIMIT) {
      fail(r, status);
      return;
    }
    emit(r, value + lead, len - lead, line);
    r->path.len = element_len;
    r->path.data[element_len] = '\0';
    if (r->stopped) return;
  }
}

static void on_end(void *ctx, const XML_Char *name) {
  (void)name;
  xml_reader *r = ctx;
  if (r->stopped) return;
  flush(r);
  if (r->depth > 0) {
    r->path.len = r->path_len[--r->depth];
    r->path.data[r->path.len] = '\0';
  }
}

static void on_text(void *ctx, const XML_Char *text, int len) {
  xml_reader *r = ctx;
  if (r->stopped || len <= 0) return;
  if (r->text.len + (size_t)len > MAX_TEXT_BYTES) flush(r);
  if (r->text.len == 0) r->text_line = XML_GetCurrentLineNumber(r->parser);
  bs_status status = bs_buf_append(&r->text, text, (size_t)len);
  if (status != BS_OK) fail(r, status);
}

/* Comments can hold notes about the record: read, without a hint. */
static void on_comment(void *ctx, const XML_Char *text) {
  xml_reader *r = ctx;
  if (r->stopped) return;
  flush(r);
  size_t saved = r->path.len;
  r->path.len = 0;
  on_text(r, text, (int)strnlen(text, INT32_MAX));
  flush(r);
  r->path.len = saved;
  if (r->path.data) r->path.data[saved] = '\0';
}

/* Single-byte encodings expat does not know (windows-1252, ISO-8859-15...): each byte
 * mapped through iconv. Multi-byte ones are refused (expat reports the error). */
static int on_unknown_encoding(void *data, const XML_Char *name, XML_Encoding *info) {
  (void)data;
  iconv_t cd = iconv_open("UTF-32LE", name);
  if ((intptr_t)cd == -1) return XML_STATUS_ERROR;
  int ok = 1;
  for (int b = 0; b < 256 && ok; b++) {
    char in = (char)b, out[8];
    char *inp = &in, *outp = out;
    size_t inleft = 1, outleft = sizeof out;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &inp, &inleft, &outp, &outleft) == (size_t)-1) {
      if (errno == EINVAL) ok = 0; /* the start of a multi-byte sequence */
      info->map[b] = -1;
    } else if (outleft == sizeof out - 4) {
      info->map[b] =
          (int)((unsigned char)out[0] | (unsigned char)out[1] << 8 | (unsigned char)out[2] << 16);
    } else {
      info->map[b] = -1;
    }
  }
  iconv_close(cd);
  info->data = NULL;
  info->convert = NULL;
  info->release = NULL;
  return ok ? XML_STATUS_OK : XML_STATUS_ERROR;
}

/* What follows the place the XML reading stopped, as plain text. */
static bs_status read_rest(xml_reader *r, const bs_source *src, XML_Index at, uint64_t line,
                           uint64_t column, bs_buf *scratch) {
  if (at < 0 || (size_t)at >= src->len) return BS_OK;
  const char *text;
  size_t len;
  bs_encoding encoding;
  bs_status status =
      bs_decode(&text, &len, &encoding, src->data + at, src->len - (size_t)at, scratch, r->sink);
  if (status == BS_EFORMAT) {
    char place[64];
    snprintf(place, sizeof place, "line %llu", (unsigned long long)line);
    if (r->sink->unexamined)
      r->sink->unexamined(place, "not readable as XML or text", r->sink->ctx);
    return BS_OK;
  }
  if (status != BS_OK) return status;
  return bs_emit_lines(text, len, line ? line : 1, column + 1, NULL, r->sink);
}

static const XML_Memory_Handling_Suite memory = {bs_malloc, bs_realloc, bs_free};

bs_status bs_read_xml(const bs_source *src, bs_buf *scratch, const bs_unit_sink *sink) {
  xml_reader r = {.sink = sink, .status = BS_OK};
  r.parser = XML_ParserCreate_MM(NULL, &memory, NULL);
  if (!r.parser) return BS_ENOMEM;
  bs_status status = bs_strmap_create(&r.paths);
  if (status != BS_OK) {
    XML_ParserFree(r.parser);
    return status;
  }
  bs_buf_init(&r.path, MAX_PATH_BYTES);
  bs_buf_init(&r.text, MAX_TEXT_BYTES);
  unsigned long salt = 0;
  if (getrandom(&salt, sizeof salt, 0) != sizeof salt) salt = (unsigned long)(uintptr_t)&r;
  XML_SetHashSalt(r.parser, salt);
  XML_SetParamEntityParsing(r.parser, XML_PARAM_ENTITY_PARSING_NEVER);
  XML_SetBillionLaughsAttackProtectionMaximumAmplification(r.parser, BS_LIMIT_XML_AMPLIFY);
  XML_SetBillionLaughsAttackProtectionActivationThreshold(r.parser, BS_LIMIT_XML_AMP_FLOOR);
  XML_SetUserData(r.parser, &r);
  XML_SetElementHandler(r.parser, on_start, on_end);
  XML_SetCharacterDataHandler(r.parser, on_text);
  XML_SetCommentHandler(r.parser, on_comment);
  XML_SetUnknownEncodingHandler(r.parser, on_unknown_encoding, NULL);

  int failed = 0;
  for (size_t at = 0; !failed;) {
    size_t n = src->len - at > CHUNK_BYTES ? CHUNK_BYTES : src->len - at;
    int final = at + n == src->len;
    failed = XML_Parse(r.parser, src->data + at, (int)n, final) != XML_STATUS_OK;
    at += n;
    if (final) break;
  }
  if (failed && r.status == BS_OK) {
    if (!r.stopped) {
      enum XML_Error code = XML_GetErrorCode(r.parser);
      r.stop_byte = XML_GetCurrentByteIndex(r.parser);
      r.stop_line = XML_GetCurrentLineNumber(r.parser);
      r.stop_column = XML_GetCurrentColumnNumber(r.parser);
      char place[64], message[160];
      snprintf(place, sizeof place, "line %llu column %llu", (unsigned long long)r.stop_line,
               (unsigned long long)r.stop_column + 1);
      snprintf(message, sizeof message, "%s: %s; the rest read as text",
               code == XML_ERROR_AMPLIFICATION_LIMIT_BREACH ? "entity expansion over the limit"
                                                            : "invalid XML",
               XML_ErrorString(code));
      sink->diagnostic(place, message, sink->ctx);
    }
    flush(&r);
    /* Nothing read as XML (a text file that merely starts with '<'): all of it as text. */
    if (r.units == 0 && !r.stopped) {
      r.stop_byte = 0;
      r.stop_line = 1;
      r.stop_column = 0;
    }
    if (r.status == BS_OK)
      r.status = read_rest(&r, src, r.stop_byte, r.stop_line, r.stop_column, scratch);
  } else if (r.status == BS_OK) {
    flush(&r);
  }
  status = r.status;
  bs_buf_free(&r.path);
  bs_buf_free(&r.text);
  bs_strmap_free(r.paths);
  XML_ParserFree(r.parser);
  return status;
}
