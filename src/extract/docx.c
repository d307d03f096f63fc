/* DOCX and PPTX (ECMA-376 WordprocessingML and PresentationML): every text-bearing
 * part streamed through expat into doctext.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/doctext.h"
#include "extract/ooxml.h"
#include "extract/xmlstream.h"
#include "extract/zipdoc.h"

typedef struct part_reader {
  const bs_source *src;
  const bs_unit_sink *sink;
  int presentation;  /* PPTX */
  bs_doctext text;   /* the part's text */
  bs_xml_stream xml; /* its parser */
  int open;          /* a part is being read */
  int broken;        /* this part's XML failed: skip the rest of it */
  unsigned in_text;  /* inside t / delText */
  unsigned in_props; /* inside pPr / rPr / tabs: tab stops are not text */
} part_reader;

/* "word/header2.xml" -> "header2"; "ppt/slides/slide3.xml" -> "slide 3". */
static void part_place(char *out, size_t cap, const char *part, int presentation) {
  const char *base = strrchr(part, '/');
  base = base ? base + 1 : part;
  size_t len = strcspn(base, ".");
  if (presentation) {
    const char *digits = base;
    while (digits < base + len && (*digits < '0' || *digits > '9')) digits++;
    int notes = !strncmp(base, "notesSlide", 10);
    snprintf(out, cap, "%s %.*s", notes ? "notes" : "slide", (int)(base + len - digits), digits);
  } else {
    snprintf(out, cap, "%.*s", (int)len, base);
  }
}

static int has_prefix(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int want_part(const char *part, void *ctx) {
  part_reader *r = ctx;
  if (!has_prefix(part, r->presentation ? "ppt/" : "word/")) return 0;
  const char *ext = strrchr(part, '.');
  if (!ext || strcmp(ext, ".xml") != 0 || strstr(part, "/_rels/")) return 0;
  if (r->presentation)
    return has_prefix(part, "ppt/slides/slide") || has_prefix(part, "ppt/notesSlides/notesSlide");
  static const char *const parts[] = {"word/document",  "word/header",   "word/footer",
                                      "word/footnotes", "word/endnotes", "word/comments"};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    if (has_prefix(part, parts[i])) return 1;
  return 0;
}

static void on_start(void *ctx, const char *name, const char **attrs) {
  (void)attrs;
  part_reader *r = ctx;
  if (!strcmp(name, "t") || !strcmp(name, "delText"))
    r->in_text++;
  else if (!strcmp(name, "pPr") || !strcmp(name, "rPr") || !strcmp(name, "tabs"))
    r->in_props++;
  else if (r->in_props)
    return;
  else if (!strcmp(name, "tab"))
    bs_doctext_text(&r->text, "\t", 1);
  else if (!strcmp(name, "br") || !strcmp(name, "cr"))
    bs_doctext_newline(&r->text);
  else if (!strcmp(name, "tbl"))
    bs_doctext_table_start(&r->text);
  else if (!strcmp(name, "tr"))
    bs_doctext_row_start(&r->text);
  else if (!strcmp(name, "tc"))
    bs_doctext_cell_start(&r->text);
}

static void on_end(void *ctx, const char *name) {
  part_reader *r = ctx;
  if ((!strcmp(name, "t") || !strcmp(name, "delText")) && r->in_text)
    r->in_text--;
  else if ((!strcmp(name, "pPr") || !strcmp(name, "rPr") || !strcmp(name, "tabs")) && r->in_props)
    r->in_props--;
  else if (!strcmp(name, "p"))
    bs_doctext_newline(&r->text);
  else if (!strcmp(name, "tbl"))
    bs_doctext_table_end(&r->text);
  else if (!strcmp(name, "tr"))
    bs_doctext_row_end(&r->text);
  else if (!strcmp(name, "tc"))
    bs_doctext_cell_end(&r->text, 1);
}

static void on_text(void *ctx, const char *text, size_t len) {
  part_reader *r = ctx;
  if (r->in_text) bs_doctext_text(&r->text, text, len);
}

static const bs_xml_handlers handlers = {on_start, on_end, on_text};

static bs_status on_chunk(const char *part, const char *data, size_t len, int last, void *ctx) {
  part_reader *r = ctx;
  if (!r->open) {
    char place[256];
    part_place(place, sizeof place, part, r->presentation);
    bs_doctext_begin_part(&r->text, place);
    bs_status status = bs_xml_begin(&r->xml, &handlers, r);
    if (status != BS_OK) return status;
    r->open = 1;
    r->broken = 0;
    r->in_text = r->in_props = 0;
  }
  bs_status status = r->broken ? BS_OK : bs_xml_feed(&r->xml, data, len, last);
  if (status == BS_EFORMAT || status == BS_ELIMIT) {
    char place[300];
    snprintf(place, sizeof place, "%s line %lu", r->text.place, bs_xml_line(&r->xml));
    r->sink->diagnostic(place,
                        status == BS_ELIMIT
                            ? "elements nested past the limit: rest of part not read"
                            : "malformed XML: the rest of the part not read",
                        r->sink->ctx);
    r->broken = 1;
    status = BS_OK;
  }
  if (last || status != BS_OK) {
    bs_status end = bs_doctext_end_part(&r->text);
    if (status == BS_OK) status = end;
    bs_xml_end(&r->xml);
    r->open = 0;
  }
  return status;
}

static bs_status read_parts(const bs_source *src, const bs_unit_sink *sink, int presentation) {
  part_reader r = {.src = src, .sink = sink, .presentation = presentation};
  bs_doctext_init(&r.text, sink);
  bs_status status = bs_zipdoc_each(src, want_part, on_chunk, &r);
  if (r.open) bs_xml_end(&r.xml);
  bs_doctext_free(&r.text);
  return status;
}

bs_status bs_read_docx(const bs_source *src, const bs_unit_sink *sink) {
  return read_parts(src, sink, 0);
}

bs_status bs_read_pptx(const bs_source *src, const bs_unit_sink *sink) {
  return read_parts(src, sink, 1);
}
