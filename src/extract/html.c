/* HTML with libxml2 (see html.h). The push parser is fed the file in chunks and tells
 * its events (it repairs what browsers repair: unclosed cells, stray tags, each shown
 * as an element closed); no tree is built, so a page of any size costs about a chunk of
 * memory. The visible text is gathered, white space collapsed as a browser shows it. A block
 * element (p, div, td, br, li...) separates what comes before from what follows, so that
 * "DOB:</td><td>03/14/1962" is never read as one word "DOB:03/14/1962"; inline markup
 * (b, span, a) does not, so that "<b>SSN:</b> 123-45-6789" stays one phrase.
 *
 * Lines: a unit's text keeps the source's line breaks (a block boundary on the same
 * source line becomes a tab), so the lines of findings are the file's lines; columns
 * count characters of the visible text of that line, not of the markup. Text goes on
 * in one unit, with the context detectors need ("DOB:" next to its date), until the
 * hint changes: a table cell under a header (the th cells of its table's header row,
 * else the th heading its row) is a unit of its own with that header as hint.
 *
 * What a browser does not show is still in the file, so scripts (often JSON data) and
 * comments are read too, as units placed "script" and "comment", and so are the values
 * of form inputs (hinted by the input's name); style sheets are not. */
#include "extract/html.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/limits.h"
#include "base/strmap.h"
#include "detect/hints.h"
#include "extract/lines.h"
#include "extract/utf8.h"

#define MAX_RUN_BYTES    ((size_t)64 << 20) /* longer runs are cut into several units */
#define MAX_HEADER_BYTES 128
#define MAX_TABLES       16 /* nested tables followed for hints; deeper ones have none */
#define MAX_COLUMNS      256
#define MAX_SPAN         64
#define CHUNK_BYTES      ((size_t)64 << 10) /* fed to the parser at a time */
#define MAX_OPEN         ((size_t)1 << 20)  /* open elements followed */

enum { PENDING_SPACE = 1, PENDING_BREAK = 2 };

typedef struct table_state {
  const char *headers[MAX_COLUMNS]; /* interned column headers, NULL when none */
  const char *row_th[MAX_COLUMNS];  /* th cells of the current row, by column */
  unsigned column;                  /* next cell's column */
  int header_row;                   /* the current row has only th cells so far */
  const char *row_header;           /* the last th of the current row: heads its td cells */
} table_state;

typedef struct html_reader {
  const bs_unit_sink *sink;       /* where units go */
  bs_strmap *hints;               /* interned hints -> hint type + 1 */
  bs_buf run;                     /* text of the current unit, white space collapsed */
  uint64_t run_line;              /* source line of its first character */
  uint64_t run_end_line;          /* source line of its last character */
  uint64_t last_line;             /* last line of the last unit: units never go back */
  int pending;                    /* separator owed before the next byte */
  const char *run_place;          /* NULL, "script" or "comment" */
  const char *run_hint;           /* hint of the unit */
  table_state tables[MAX_TABLES]; /* open tables, innermost last */
  int table_depth;                /* open tables (may pass MAX_TABLES) */
  int cell;                       /* inside a td or th of the innermost table */
  const char *cell_hint;          /* hint of the current cell */
  bs_buf header;                  /* text of the th being read */
  int in_th;                      /* inside a th */
  unsigned th_column, th_span;    /* where the th being read goes */
  bs_buf repaired;                /* a run with its invalid UTF-8 replaced */
  htmlParserCtxtPtr parser;       /* for the line being parsed */
  unsigned char *open;            /* kinds of the open elements, innermost last */
  size_t depth, open_cap;         /* open elements; allocated */
  size_t skipped;                 /* open elements inside one not read (style, head's
                                     others): nothing inside is read */
  int in_head;                    /* inside head */
  bs_status status;               /* first error */
} html_reader;

static pthread_once_t libxml_once = PTHREAD_ONCE_INIT;

/* libxml2 must be initialised once, before threads use it. */
static void init_libxml(void) { xmlInitParser(); }

/* libxml2 prints some errors (encoding errors, with the offending input bytes) however
 * the parser is told: while we parse, this thread's handlers drop them. Input bytes
 * must not reach a terminal or a log. */
static void drop_generic_error(void *ctx, const char *message, ...) {
  (void)ctx;
  (void)message;
}

static void drop_structured_error(void *ctx, xmlErrorPtr error) {
  (void)ctx;
  (void)error;
}

/* What the reader does with an element, from its name (one lookup per node). */
typedef enum element_kind {
  EL_INLINE,  /* joins the text around it */
  EL_BLOCK,   /* separates the text before from the text after */
  EL_SCRIPT,  /* text placed "script" */
  EL_SKIPPED, /* style sheets, templates: not read */
  EL_HEAD,    /* only its title and scripts read */
  EL_TITLE,   /* a block read inside head */
  EL_TABLE,   /* a block that opens a table */
  EL_ROW,     /* tr */
  EL_CELL,    /* td */
  EL_HEADER,  /* th */
  EL_INPUT,   /* a block whose value attribute is read */
} element_kind;

static int compare_kind_name(const void *key, const void *entry) {
  return strcasecmp(key, *(const char *const *)entry);
}

static element_kind kind_of(const char *name) {
  /* Sorted by name for bsearch; kinds in the same order. */
  static const char *const names[] = {
      "address",  "article",    "aside",   "blockquote", "body",   "br",     "button", "caption",
      "center",   "dd",         "details", "dialog",     "dir",    "div",    "dl",     "dt",
      "fieldset", "figcaption", "figure",  "footer",     "form",   "frame",  "h1",     "h2",
      "h3",       "h4",         "h5",      "h6",         "head",   "header", "hr",     "html",
      "iframe",   "img",        "input",   "label",      "legend", "li",     "main",   "menu",
      "nav",      "noscript",   "ol",      "optgroup",   "option", "p",      "pre",    "script",
      "section",  "select",     "style",   "summary",    "table",  "tbody",  "td",     "template",
      "textarea", "tfoot",      "th",      "thead",      "title",  "tr",     "ul"};
  static const unsigned char kinds[] = {
      EL_BLOCK, EL_BLOCK,   EL_BLOCK,  EL_BLOCK, EL_BLOCK, EL_BLOCK,  EL_BLOCK,   /* address */
      EL_BLOCK, EL_BLOCK,   EL_BLOCK,  EL_BLOCK, EL_BLOCK, EL_BLOCK,  EL_BLOCK,   /* caption */
      EL_BLOCK, EL_BLOCK,   EL_BLOCK,  EL_BLOCK, EL_BLOCK, EL_BLOCK,  EL_BLOCK,   /* dl */
      EL_BLOCK, EL_BLOCK,   EL_BLOCK,  EL_BLOCK, EL_BLOCK, EL_BLOCK,  EL_BLOCK,   /* frame */
      EL_HEAD,  EL_BLOCK,   EL_BLOCK,  EL_BLOCK, EL_BLOCK, EL_BLOCK,  EL_INPUT,   /* head */
      EL_BLOCK, EL_BLOCK,   EL_BLOCK,  EL_BLOCK, EL_BLOCK, EL_BLOCK,  EL_BLOCK,   /* label */
      EL_BLOCK, EL_BLOCK,   EL_BLOCK,  EL_BLOCK, EL_BLOCK, EL_SCRIPT, EL_BLOCK,   /* ol */
      EL_BLOCK, EL_SKIPPED, EL_BLOCK,  EL_TABLE, EL_BLOCK, EL_CELL,   EL_SKIPPED, /* select */
      EL_BLOCK, EL_BLOCK,   EL_HEADER, EL_BLOCK, EL_TITLE, EL_ROW,    EL_BLOCK};  /* textarea */
  _Static_assert(sizeof names / sizeof names[0] == sizeof kinds, "one kind per name");
  if (!name) return EL_INLINE;
  const char *const *found =
      bsearch(name, names, sizeof names / sizeof names[0], sizeof names[0], compare_kind_name);
  return found ? (element_kind)kinds[found - names] : EL_INLINE;
}

static const char *intern_hint(html_reader *r, const char *text, size_t len, bs_element *type) {
  int64_t *slot;
  const char *stored;
  int added;
  r->status = bs_strmap_upsert(r->hints, text, len, &slot, &stored, &added);
  if (r->status != BS_OK) return NULL;
  if (added) *slot = (int64_t)bs_hint_type(stored) + 1;
  if (type) *type = (bs_element)(*slot - 1);
  return stored;
}

/* Sends the gathered unit. */
static void flush(html_reader *r) {
  if (r->run.len == 0 || r->status != BS_OK) {
    bs_buf_reset(&r->run);
    r->pending = 0;
    return;
  }
  const char *text = r->run.data;
  size_t len = r->run.len;
  if (!bs_utf8_valid(text, len)) {
    r->status = bs_utf8_repair(&r->repaired, text, len);
    text = r->repaired.data;
    len = r->repaired.len;
  }
  bs_unit unit = {.text = text,
                  .len = len,
                  .line = r->run_line,
                  .column = 1,
                  .place = r->run_place,
                  .hint = r->run_hint,
                  .hint_type = BS_EL_NONE};
  if (r->run_hint) { /* typed when interned (bs_hint_type is costly) */
    const int64_t *slot = bs_strmap_find(r->hints, r->run_hint, strlen(r->run_hint));
    unit.hint_type = slot ? (bs_element)(*slot - 1) : bs_hint_type(r->run_hint);
  }
  if (r->status == BS_OK) r->status = r->sink->unit(&unit, r->sink->ctx);
  r->last_line = r->run_end_line;
  bs_buf_reset(&r->run);
  r->pending = 0;
}

/* A block starts or ends: what follows is apart from what came before. */
static void soft_break(html_reader *r) {
  if (r->run.len) r->pending = PENDING_BREAK;
}

/* The line the parser is on. */
static uint64_t parser_line(const html_reader *r) {
  long line = r->parser->input ? (long)r->parser->input->line : 1;
  return line > 0 ? (uint64_t)line : 1;
}

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Appends one visible byte found at source line `line`: the unit's text keeps the
 * source's line breaks (so the engine's lines are the file's), and a space or a tab
 * for what separated it from the byte before. */
static void add_byte(html_reader *r, char c, uint64_t line) {
  if (r->run.len == 0) {
    r->run_line = r->run_end_line = line < r->last_line ? r->last_line : line;
  } else if (line > r->run_end_line) {
    for (; r->run_end_line < line && r->status == BS_OK; r->run_end_line++)
      r->status = bs_buf_append_char(&r->run, '\n');
  } else if (r->pending) {
    r->status = bs_buf_append_char(&r->run, r->pending == PENDING_BREAK ? '\t' : ' ');
  }
  r->pending = 0;
  if (r->status == BS_OK) r->status = bs_buf_append_char(&r->run, c);
}

/* Adds text that starts at source line `line`, white space collapsed, to the unit of
 * its place and hint. */
static void add_text(html_reader *r, const char *text, size_t len, uint64_t line, const char *place,
                     const char *hint) {
  if (r->run.len && (r->run_place != place || r->run_hint != hint)) flush(r);
  r->run_place = place;
  r->run_hint = hint;
  for (const char *p = text; p < text + len && r->status == BS_OK; p++) {
    unsigned char c = (unsigned char)*p;
    if (is_space(c)) {
      line += c == '\n';
      if (r->run.len && !r->pending) r->pending = PENDING_SPACE;
      continue;
    }
    /* A long unit is cut at a character boundary. */
    if (r->run.len >= MAX_RUN_BYTES && (c & 0xC0) != 0x80) flush(r);
    add_byte(r, (char)c, line);
  }
}

/* Text as the parser hands it over (a text may come in several pieces), or a comment. */
static void add_chars(html_reader *r, const char *text, size_t len, const char *place) {
  /* The parser is at the end of the piece: count back to its start. */
  uint64_t line = parser_line(r), newlines = 0;
  for (size_t i = 0; i < len; i++) newlines += text[i] == '\n';
  add_text(r, text, len, line > newlines ? line - newlines : 1, place, place ? NULL : r->cell_hint);
  if (r->in_th && !place && r->header.len < MAX_HEADER_BYTES) {
    if (len > MAX_HEADER_BYTES - r->header.len) len = MAX_HEADER_BYTES - r->header.len;
    if (bs_buf_append(&r->header, text, len) != BS_OK) r->status = BS_ENOMEM;
  }
}

/* An attribute's value from the parser's name/value list, or NULL. */
static const char *attribute(const xmlChar **attrs, const char *name) {
  for (size_t i = 0; attrs && attrs[i]; i += 2)
    if (!strcasecmp((const char *)attrs[i], name))
      return attrs[i + 1] ? (const char *)attrs[i + 1] : "";
  return NULL;
}

/* The value of a form's input (a saved page keeps what was typed), as a unit of its
 * own with the input's name (else the cell's header) as hint. */
static void add_input_value(html_reader *r, const xmlChar **attrs) {
  const char *value = attribute(attrs, "value");
  if (!value) return;
  const char *name = attribute(attrs, "name");
  if (!name) name = attribute(attrs, "id");
  const char *hint = r->cell_hint;
  size_t name_len = name ? strlen(name) : 0;
  if (name_len && name_len <= MAX_HEADER_BYTES && bs_utf8_valid(name, name_len))
    hint = intern_hint(r, name, name_len, NULL);
  flush(r);
  if (r->status == BS_OK) add_text(r, value, strlen(value), parser_line(r), NULL, hint);
  flush(r);
}

static table_state *table(html_reader *r) {
  return r->table_depth > 0 && r->table_depth <= MAX_TABLES ? &r->tables[r->table_depth - 1] : NULL;
}

static unsigned span_of(const xmlChar **attrs) {
  const char *value = attribute(attrs, "colspan");
  if (!value) return 1;
  long n = strtol(value, NULL, 10);
  return n < 1 ? 1 : n > MAX_SPAN ? MAX_SPAN : (unsigned)n;
}

/* A header's text, white space collapsed and trimmed, interned. */
static const char *header_hint(html_reader *r) {
  char clean[MAX_HEADER_BYTES + 1];
  size_t n = 0;
  for (size_t i = 0; i < r->header.len && n < MAX_HEADER_BYTES; i++) {
    unsigned char c = (unsigned char)r->header.data[i];
    if (is_space(c)) {
      if (n && clean[n - 1] != ' ') clean[n++] = ' ';
    } else {
      clean[n++] = (char)c;
    }
  }
  while (n && clean[n - 1] == ' ') n--;
  while (n && ((unsigned char)clean[n - 1] & 0xC0) == 0x80) n--; /* a cut character */
  if (n && ((unsigned char)clean[n - 1] & 0xC0) == 0xC0) n--;
  if (n == 0 || !bs_utf8_valid(clean, n)) return NULL;
  return intern_hint(r, clean, n, NULL);
}

static void enter_cell(html_reader *r, const xmlChar **attrs, int header) {
  table_state *t = table(r);
  r->cell = 1;
  r->cell_hint = NULL;
  if (!t) return;
  unsigned span = span_of(attrs);
  if (header) {
    r->in_th = 1;
    r->th_column = t->column;
    r->th_span = span;
    bs_buf_reset(&r->header);
  } else {
    t->header_row = 0;
    if (t->column < MAX_COLUMNS) r->cell_hint = t->headers[t->column];
    if (!r->cell_hint) r->cell_hint = t->row_header;
  }
  t->column += span;
}

static void leave_cell(html_reader *r) {
  table_state *t = table(r);
  if (r->in_th && t) {
    /* Whether the th heads a column or its row is known at the row's end. */
    const char *hint = header_hint(r);
    for (unsigned c = r->th_column; c < r->th_column + r->th_span && c < MAX_COLUMNS; c++)
      t->row_th[c] = hint;
    t->row_header = hint;
  }
  r->in_th = 0;
  r->cell = 0;
  r->cell_hint = NULL;
}

/* An element opens. Inside one not read, only its depth is counted. */
static void on_start(void *ctx, const xmlChar *name, const xmlChar **attrs) {
  html_reader *r = ctx;
  if (r->status != BS_OK) return;
  element_kind kind = kind_of((const char *)name);
  if (r->depth == r->open_cap) {
    size_t cap = r->open_cap ? r->open_cap * 2 : 64;
    unsigned char *open = cap <= MAX_OPEN ? bs_realloc(r->open, cap) : NULL;
    if (!open) {
      r->status = cap <= MAX_OPEN ? BS_ENOMEM : BS_ELIMIT;
      return;
    }
    r->open = open;
    r->open_cap = cap;
  }
  r->open[r->depth++] = (unsigned char)kind;
  if (r->skipped || kind == EL_SKIPPED ||
      (r->in_head && kind != EL_TITLE && kind != EL_SCRIPT && kind != EL_HEAD)) {
    r->skipped++;
    return;
  }
  if (kind == EL_HEAD) r->in_head = 1;
  if (kind != EL_INLINE) soft_break(r);
  table_state *t = table(r);
  switch (kind) {
  case EL_TABLE:
    r->table_depth++;
    t = table(r);
    if (t) memset(t, 0, sizeof *t);
    break;
  case EL_ROW:
    if (t) {
      t->column = 0;
      t->header_row = 1;
      t->row_header = NULL;
      memset(t->row_th, 0, sizeof t->row_th);
    }
    break;
  case EL_CELL:
  case EL_HEADER: enter_cell(r, attrs, kind == EL_HEADER); break;
  case EL_INPUT: add_input_value(r, attrs); break;
  default: break;
  }
}

/* An element closes (the parser closes every element it opened, in order). */
static void on_end(void *ctx, const xmlChar *name) {
  html_reader *r = ctx;
  (void)name;
  if (r->status != BS_OK || r->depth == 0) return;
  element_kind kind = (element_kind)r->open[--r->depth];
  if (r->skipped) {
    r->skipped--;
    if (!r->skipped && kind != EL_INLINE) soft_break(r);
    return;
  }
  if (kind != EL_INLINE) soft_break(r);
  table_state *t = table(r);
  switch (kind) {
  case EL_HEAD: r->in_head = 0; break;
  case EL_CELL:
  case EL_HEADER: leave_cell(r); break;
  case EL_ROW:
    if (t && t->header_row) /* th cells only: column headers */
      for (unsigned c = 0; c < t->column && c < MAX_COLUMNS; c++)
        if (t->row_th[c]) t->headers[c] = t->row_th[c];
    break;
  case EL_TABLE:
    if (r->table_depth > 0) r->table_depth--;
    r->cell = 0;
    break;
  default: break;
  }
}

/* Text, and a script's or style's content (libxml2 gives those as CDATA). */
static void on_text(void *ctx, const xmlChar *text, int len) {
  html_reader *r = ctx;
  if (r->status != BS_OK || r->skipped || len <= 0) return;
  int in_script = r->depth && r->open[r->depth - 1] == EL_SCRIPT;
  add_chars(r, (const char *)text, (size_t)len, in_script ? "script" : NULL);
}

static void on_comment(void *ctx, const xmlChar *text) {
  html_reader *r = ctx;
  if (r->status != BS_OK || r->skipped || !text) return;
  flush(r);
  add_chars(r, (const char *)text, strlen((const char *)text), "comment");
  flush(r);
}

/* A charset declared near the start: a meta tag, or an XML declaration's encoding. */
static int declares_charset(const char *data, size_t len) {
  size_t n = len < 2048 ? len : 2048;
  for (size_t i = 0; i + 8 <= n; i++)
    if (!strncasecmp(data + i, "charset=", 8) || !strncasecmp(data + i, "encoding=", 8)) return 1;
  return n >= 2 && ((unsigned char)data[0] >= 0xfe || (unsigned char)data[0] == 0xef); /* BOM */
}

/* The rest of the file from byte `from`, as text lines, once the parser gave up. */
static bs_status read_rest_as_text(const bs_source *src, size_t from, uint64_t line,
                                   bs_buf *scratch, const bs_unit_sink *sink) {
  sink->diagnostic("byte 0", "HTML the parser gave up on (nested too deep?); the rest read as text",
                   sink->ctx);
  bs_source rest = {.name = src->name, .data = src->data + from, .len = src->len - from};
  const char *text;
  size_t len;
  bs_encoding encoding;
  bs_status status = bs_decode(&text, &len, &encoding, rest.data, rest.len, scratch, sink);
  if (status == BS_EFORMAT) {
    if (sink->unexamined) sink->unexamined(NULL, "not readable as HTML or text", sink->ctx);
    return BS_OK;
  }
  return status == BS_OK ? bs_emit_lines(text, len, line, 1, NULL, sink) : status;
}

bs_status bs_read_html(const bs_source *src, bs_buf *scratch, const bs_unit_sink *sink) {
  pthread_once(&libxml_once, init_libxml);
  if (src->len == 0) return BS_OK; /* libxml2 makes no parser for nothing */
  xmlGenericErrorFunc generic = xmlGenericError;
  void *generic_ctx = xmlGenericErrorContext;
  xmlStructuredErrorFunc structured = xmlStructuredError;
  void *structured_ctx = xmlStructuredErrorContext;
  xmlSetGenericErrorFunc(NULL, drop_generic_error);
  xmlSetStructuredErrorFunc(NULL, drop_structured_error);
  htmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.startElement = on_start;
  sax.endElement = on_end;
  sax.characters = on_text;
  sax.ignorableWhitespace = on_text;
  sax.cdataBlock = on_text;
  sax.comment = on_comment;
  html_reader r = {.sink = sink, .status = BS_OK};
  /* Without a declared charset libxml2 reads Latin-1; a page that is valid UTF-8 and
   * says nothing (an e-mail's HTML part, most pages today) is UTF-8. */
  xmlCharEncoding encoding =
      !declares_charset(src->data, src->len) && bs_utf8_valid(src->data, src->len)
          ? XML_CHAR_ENCODING_UTF8
          : XML_CHAR_ENCODING_NONE;
  r.parser = htmlCreatePushParserCtxt(&sax, &r, NULL, 0, NULL, encoding);
  if (!r.parser) {
    xmlSetGenericErrorFunc(generic_ctx, generic);
    xmlSetStructuredErrorFunc(structured_ctx, structured);
    return BS_ENOMEM;
  }
  /* HUGE: nesting to 2048 and text nodes past 10 MB; BIG_LINES: lines past 65535. */
  htmlCtxtUseOptions(r.parser, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                   HTML_PARSE_NONET | HTML_PARSE_COMPACT);
  r.parser->options |= XML_PARSE_BIG_LINES | XML_PARSE_HUGE;
  r.status = bs_strmap_create(&r.hints);
  bs_buf_init(&r.run, MAX_RUN_BYTES + 8);
  bs_buf_init(&r.header, MAX_HEADER_BYTES + 8);
  bs_buf_init(&r.repaired, 2 * MAX_RUN_BYTES + 64);
  /* In recovery mode the parser stops (disableSAX) only when it gives up: nesting past
   * its limit, or memory. */
  size_t fed = 0;
  while (r.status == BS_OK && !r.parser->disableSAX && fed < src->len) {
    size_t n = src->len - fed < CHUNK_BYTES ? src->len - fed : CHUNK_BYTES;
    htmlParseChunk(r.parser, src->data + fed, (int)n, 0);
    fed += n;
  }
  if (r.status == BS_OK && !r.parser->disableSAX) htmlParseChunk(r.parser, NULL, 0, 1);
  flush(&r);
  int halted = r.parser->disableSAX != 0;
  long consumed = halted ? xmlByteConsumed(r.parser) : 0;
  uint64_t line = parser_line(&r);
  int empty = r.status == BS_OK && !halted && r.depth == 0 && !r.open;
  htmlFreeParserCtxt(r.parser);
  xmlSetGenericErrorFunc(generic_ctx, generic);
  xmlSetStructuredErrorFunc(structured_ctx, structured);
  if (r.status == BS_OK && halted)
    r.status =
        read_rest_as_text(src, consumed > 0 && (size_t)consumed < src->len ? (size_t)consumed : 0,
                          consumed > 0 ? line : 1, scratch, sink);
  if (empty) sink->diagnostic("byte 0", "HTML without content", sink->ctx);
  bs_buf_free(&r.run);
  bs_buf_free(&r.header);
  bs_buf_free(&r.repaired);
  bs_free(r.open);
  bs_strmap_free(r.hints);
  return r.status;
}
