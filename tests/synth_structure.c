/* Structure checks of synth's files, without our readers (see synth_structure.h). */
#include "synth_structure.h"

#include <archive.h>
#include <archive_entry.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int bs_check_xml_ok(const char *data, size_t len, const char *root) {
  xmlDocPtr doc = xmlReadMemory(data, (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  int ok = doc && xmlDocGetRootElement(doc) &&
           (!root || !strcmp((const char *)xmlDocGetRootElement(doc)->name, root));
  xmlFreeDoc(doc);
  return ok;
}

/* ---- zip packages ------------------------------------------------------------------- */

static unsigned le16(const char *p) {
  return (unsigned)(unsigned char)p[0] | (unsigned)(unsigned char)p[1] << 8;
}

typedef int (*part_fn)(const char *name, const char *data, size_t len, void *ctx);

/* Calls fn with each member of the zip in order; the faults it returns, plus one for a
 * zip or member that cannot be read. */
static int each_part(const char *data, size_t len, part_fn fn, void *ctx) {
  struct archive *a = archive_read_new();
  archive_read_support_format_zip(a);
  int faults = archive_read_open_memory(a, data, len) != ARCHIVE_OK;
  struct archive_entry *entry;
  while (!faults && archive_read_next_header(a, &entry) == ARCHIVE_OK) {
    size_t size = (size_t)archive_entry_size(entry);
    char *part = malloc(size + 1);
    if (!part || archive_read_data(a, part, size) != (la_ssize_t)size) {
      faults++;
    } else {
      part[size] = '\0';
      faults += fn(archive_entry_pathname(entry), part, size, ctx);
    }
    free(part);
  }
  archive_read_free(a);
  return faults;
}

typedef struct odf_ctx {
  const char *media_type;
  int parts, content, manifest;
} odf_ctx;

static int odf_part(const char *name, const char *data, size_t len, void *ctx) {
  odf_ctx *c = ctx;
  if (c->parts++ == 0) return strcmp(name, "mimetype") != 0 || strcmp(data, c->media_type) != 0;
  if (!strcmp(name, "content.xml")) {
    c->content = 1;
    return !bs_check_xml_ok(data, len, "document-content");
  }
  if (!strcmp(name, "META-INF/manifest.xml")) {
    c->manifest = 1;
    char entry[256];
    snprintf(entry, sizeof entry, "manifest:media-type=\"%s\"", c->media_type);
    return !bs_check_xml_ok(data, len, "manifest") || !strstr(data, entry);
  }
  size_t n = strlen(name);
  return n > 4 && !strcmp(name + n - 4, ".xml") && !bs_check_xml_ok(data, len, NULL);
}

int bs_check_odf(const char *data, size_t len, const char *media_type) {
  size_t type_len = strlen(media_type);
  /* The local header of the first member (APPNOTE 4.3.7): method 0, no extra field,
   * the name "mimetype", its bytes right after: at offset 38. */
  int faults = len < 38 + type_len || memcmp(data, "PK\3\4", 4) != 0;
  if (!faults) {
    faults += le16(data + 8) != 0;       /* compression method: stored */
    faults += le16(data + 26) != 8;      /* name length */
    faults += le16(data + 28) != 0;      /* extra field length */
    faults += (le16(data + 6) & 8) != 0; /* sizes in the header, no data descriptor */
    faults += memcmp(data + 30, "mimetype", 8) != 0 || memcmp(data + 38, media_type, type_len) != 0;
  }
  odf_ctx c = {.media_type = media_type};
  faults += each_part(data, len, odf_part, &c);
  return faults + !c.content + !c.manifest;
}

typedef struct pptx_ctx {
  int parts;
  char *types, *rels; /* [Content_Types].xml and the presentation's relationships */
  int slides;         /* slide parts */
  char slide_names[32][64];
} pptx_ctx;

static int pptx_part(const char *name, const char *data, size_t len, void *ctx) {
  pptx_ctx *c = ctx;
  int faults = c->parts++ == 0 && strcmp(name, "[Content_Types].xml") != 0;
  faults += !bs_check_xml_ok(data, len, NULL);
  if (!strcmp(name, "[Content_Types].xml")) c->types = strdup(data);
  if (!strcmp(name, "ppt/_rels/presentation.xml.rels")) c->rels = strdup(data);
  if (!strncmp(name, "ppt/slides/slide", 16) && c->slides < 32)
    snprintf(c->slide_names[c->slides++], sizeof c->slide_names[0], "%s", name);
  return faults;
}

int bs_check_pptx(const char *data, size_t len) {
  pptx_ctx c = {0};
  int faults = each_part(data, len, pptx_part, &c);
  faults += !c.types || !c.rels || c.slides == 0;
  for (int i = 0; c.types && c.rels && i < c.slides; i++) {
    char override[128], target[128];
    snprintf(override, sizeof override, "PartName=\"/%s\"", c.slide_names[i]);
    snprintf(target, sizeof target, "Target=\"%s\"", c.slide_names[i] + 4); /* from ppt/ */
    faults += !strstr(c.types, override) || !strstr(c.rels, target);
  }
  faults += c.types && !strstr(c.types, "presentationml.presentation.main+xml");
  free(c.types);
  free(c.rels);
  return faults;
}

/* ---- text formats ------------------------------------------------------------------- */

int bs_check_mbox(const char *text) {
  int faults = strncmp(text, "From ", 5) != 0, messages = 0;
  int after_blank = 1; /* the first line may be a From_ line */
  for (const char *line = text; *line;) {
    const char *nl = strchr(line, '\n');
    size_t len = nl ? (size_t)(nl - line) : strlen(line);
    if (!strncmp(line, "From ", 5)) {
      if (!after_blank) faults++; /* a "From " line inside a message, not quoted */
      messages++;
      /* the message: a MIME message of its own */
      const char *head_end = strstr(line, "\n\n");
      size_t head = head_end ? (size_t)(head_end - line) : strlen(line);
      faults += !memmem(line, head, "\nMIME-Version: 1.0", 18) ||
                !memmem(line, head, "\nMessage-Id: ", 13) || !memmem(line, head, "\nDate: ", 7);
    }
    after_blank = len == 0;
    line = nl ? nl + 1 : line + len;
  }
  return faults + (messages == 0) + !strstr(text, "\n>From "); /* quoting was needed once */
}

static int is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int bs_check_rtf(const char *text) {
  int faults = strncmp(text, "{\\rtf1", 6) != 0, depth = 0, closed = 0;
  for (const char *p = text; *p; p++) {
    if ((unsigned char)*p >= 0x80) faults++;
    if (closed && *p != '\n' && *p != '\r') faults++;
    if (*p == '\\' && p[1]) {
      if (p[1] == '\'') faults += !is_hex(p[2]) || !is_hex(p[3]);
      p++; /* \\ \{ \} and the first letter of a word */
    } else if (*p == '{') {
      depth++;
    } else if (*p == '}') {
      if (--depth < 0) faults++;
      closed = depth == 0;
    }
  }
  return faults + (depth != 0) + !closed;
}

/* HTML's void elements (HTML Living Standard 13.1.2): no end tag. */
static int is_void(const char *name) {
  static const char *const names[] = {"area",  "base", "br",   "col",    "embed", "hr", "img",
                                      "input", "link", "meta", "source", "track", "wbr"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcasecmp(name, names[i])) return 1;
  return 0;
}

int bs_check_html(const char *text) {
  int faults = strncasecmp(text, "<!DOCTYPE html>", 15) != 0;
  char stack[64][16];
  int depth = 0, header_cells = 0, cells = 0;
  for (const char *p = strchr(text + 1, '<'); p; p = strchr(p + 1, '<')) {
    if (p[1] == '!') continue; /* a comment */
    int end = p[1] == '/';
    char name[16];
    size_t n = 0;
    for (const char *c = p + 1 + end;
         n + 1 < sizeof name && ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')); c++)
      name[n++] = *c;
    name[n] = '\0';
    if (n == 0) {
      faults++;
      continue;
    }
    if (!end && is_void(name)) continue;
    if (!end) {
      if (depth < 64) snprintf(stack[depth], sizeof stack[0], "%s", name);
      depth++;
      if (!strcmp(name, "th")) header_cells++;
      if (!strcmp(name, "td")) cells++;
      if (!strcmp(name, "table")) header_cells = 0;
      if (!strcmp(name, "tr")) cells = 0;
      if (!strcmp(name, "script") || !strcmp(name, "style")) { /* raw text to its end tag */
        char close[24];
        snprintf(close, sizeof close, "</%s>", name);
        const char *end_tag = strstr(p, close);
        if (!end_tag) return faults + 1;
        p = end_tag - 1;
      }
      continue;
    }
    if (depth == 0 || (depth <= 64 && strcmp(stack[depth - 1], name) != 0)) faults++;
    if (depth > 0) depth--;
    if (!strcmp(name, "tr") && cells && cells != header_cells) faults++;
  }
  return faults + (depth != 0);
}

/* The values of a parenthesized tuple at *p (after '('), quotes and backslash escapes
 * followed; *p left after ')'. -1 when it does not close. */
static int tuple_values(const char **p) {
  int values = 1, quoted = 0;
  for (const char *c = *p; *c; c++) {
    if (quoted) {
      if (*c == '\\' && c[1])
        c++;
      else if (*c == '\'')
        quoted = 0;
    } else if (*c == '\'') {
      quoted = 1;
    } else if (*c == ',') {
      values++;
    } else if (*c == ')') {
      *p = c + 1;
      return values;
    }
  }
  return -1;
}

static int mysql_faults(const char *text) {
  const char *create = strstr(text, "CREATE TABLE `");
  if (!create) return 1;
  int columns = 0;
  for (const char *line = strchr(create, '\n'); line && !strncmp(line, "\n  `", 4);
       line = strchr(line + 1, '\n'))
    columns++;
  int faults = columns == 0, rows = 0;
  for (const char *insert = strstr(text, "INSERT INTO `"); insert;
       insert = strstr(insert, "INSERT INTO `")) {
    const char *p = strstr(insert, " VALUES (");
    if (!p) return faults + 1;
    p += 9;
    for (;;) {
      int values = tuple_values(&p);
      rows++;
      if (values != columns) faults++;
      if (values < 0 || *p != ',') break;
      p += 2; /* ",(" */
    }
    faults += *p != ';';
    insert = p;
  }
  return faults + (rows == 0);
}

static int copy_faults(const char *text) {
  const char *copy = strstr(text, "\nCOPY ");
  const char *list = copy ? strchr(copy, '(') : NULL;
  if (!list) return 1;
  int columns = 1;
  for (const char *c = list; *c && *c != ')'; c++) columns += *c == ',';
  int faults = 0, rows = 0;
  const char *line = strchr(list, '\n');
  for (line = line ? line + 1 : NULL; line && strncmp(line, "\\.\n", 3) != 0;) {
    const char *nl = strchr(line, '\n');
    if (!nl) return faults + 1; /* no end marker */
    int fields = 1;
    for (const char *c = line; c < nl; c++) fields += *c == '\t';
    faults += fields != columns;
    rows++;
    line = nl + 1;
  }
  return faults + (rows == 0) + !line;
}

int bs_check_sql(const char *text) {
  if (strstr(text, "-- MySQL dump")) return mysql_faults(text);
  if (strstr(text, "-- PostgreSQL database dump")) return copy_faults(text);
  return 1;
}
