/* synth: the same seed writes the same bytes, another seed other bytes; every mention
 * stands where the truth says, with a normalized value; identifiers follow their rules. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <archive.h>
#include <archive_entry.h>
#include <ftw.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl_tree.h>

#include "detect/element.h"
#include "detect/refdata.h"
#include "detect/validate.h"
#include "extract/mail.h"
#include "extract/read.h"
#include "synth/biff_out.h"
#include "synth/mdb_out.h"
#include "synth/pst_out.h"
#include "synth/synth.h"
#include "synth_structure.h"
#include "test.h"

static char *slurp(const char *path, size_t *len) {
  FILE *in = fopen(path, "rb");
  if (!in) return NULL;
  fseek(in, 0, SEEK_END);
  long size = ftell(in);
  fseek(in, 0, SEEK_SET);
  char *data = malloc((size_t)size + 1);
  size_t got = data ? fread(data, 1, (size_t)size, in) : 0;
  fclose(in);
  if (!data) return NULL;
  data[got] = '\0';
  if (len) *len = got;
  return data;
}

/* Line `n` (1-based) of text, copied into out. */
static int nth_line(const char *text, unsigned long n, char *out, size_t cap) {
  const char *p = text;
  for (unsigned long i = 1; i < n && p; i++) {
    p = strchr(p, '\n');
    if (p) p++;
  }
  if (!p || !*p) return 0;
  size_t len = strcspn(p, "\n");
  if (len >= cap) len = cap - 1;
  memcpy(out, p, len);
  out[len] = '\0';
  return 1;
}

/* Cell `col` of a CSV (RFC 4180 quotes) or TSV line. */
static int nth_cell(const char *line, char sep, size_t col, char *out, size_t cap) {
  size_t c = 0, n = 0;
  int quoted = 0;
  for (const char *p = line;; p++) {
    if (*p == '\0' || (*p == sep && !quoted)) {
      if (c == col) {
        out[n] = '\0';
        return 1;
      }
      if (!*p) return 0;
      c++, n = 0;
    } else if (*p == '"' && sep == ',') {
      if (quoted && p[1] == '"') {
        if (c == col && n + 1 < cap) out[n++] = '"';
        p++;
      } else {
        quoted = !quoted;
      }
    } else if (c == col && n + 1 < cap) {
      out[n++] = *p;
    }
  }
}

/* ---- byte-identical trees --------------------------------------------------------- */

static const char *other_root;
static size_t root_len;
static int tree_differs, tree_files;

static int compare_file(const char *path, const struct stat *st, int kind, struct FTW *ftw) {
  (void)st, (void)ftw;
  if (kind != FTW_F) return 0;
  char other[1024];
  snprintf(other, sizeof other, "%s%s", other_root, path + root_len);
  size_t a_len = 0, b_len = 0;
  char *a = slurp(path, &a_len), *b = slurp(other, &b_len);
  if (!a || !b || a_len != b_len || memcmp(a, b, a_len) != 0) tree_differs++;
  tree_files++;
  free(a);
  free(b);
  return 0;
}

static int same_tree(const char *a, const char *b) {
  other_root = b;
  root_len = strlen(a);
  tree_differs = tree_files = 0;
  nftw(a, compare_file, 16, FTW_PHYS);
  return tree_files > 0 && tree_differs == 0;
}

/* ---- mentions --------------------------------------------------------------------- */

static const char *str(yajl_val doc, const char *key) {
  const char *path[] = {key, NULL};
  yajl_val v = yajl_tree_get(doc, path, yajl_t_string);
  return v ? YAJL_GET_STRING(v) : NULL;
}

static long long num(yajl_val doc, const char *key) {
  const char *path[] = {key, NULL};
  yajl_val v = yajl_tree_get(doc, path, yajl_t_number);
  return v && YAJL_IS_INTEGER(v) ? YAJL_GET_INTEGER(v) : -1;
}

static int all_digits(const char *s, size_t n) {
  if (strlen(s) != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

/* The value is in the form `findings` prints, and follows its identifier's rules. */
static int value_ok(const bs_refdata *ref, const char *type, const char *v) {
  int y, m, d;
  if (!strcmp(type, "ssn")) return all_digits(v, 9) && bs_validate_ssn(v) == BS_SSN_VALID;
  if (!strcmp(type, "phone")) return all_digits(v, 10) && bs_validate_phone(v);
  if (!strcmp(type, "npi")) return all_digits(v, 10) && bs_validate_npi(v);
  if (!strcmp(type, "mbi")) return strlen(v) == 11 && bs_validate_mbi(v);
  if (!strcmp(type, "card"))
    return bs_validate_luhn(v, strlen(v)) && bs_refdata_card_known(ref, v, strlen(v));
  if (!strcmp(type, "icd10cm")) return bs_codeset_has(&ref->icd10cm, v, strlen(v));
  if (!strcmp(type, "hcpcs")) return bs_codeset_has(&ref->hcpcs, v, strlen(v));
  if (!strcmp(type, "icd10pcs")) return bs_codeset_has(&ref->icd10pcs, v, strlen(v));
  if (!strcmp(type, "cpt")) return all_digits(v, 5);
  if (!strcmp(type, "zip"))
    return (all_digits(v, 5) || (strlen(v) == 10 && v[5] == '-')) &&
           bs_refdata_zip_state(ref, v)[0];
  if (!strcmp(type, "dob") || !strcmp(type, "service_date") || !strcmp(type, "date"))
    return strlen(v) == 10 && sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
           bs_validate_date(y, m, d);
  if (!strcmp(type, "email")) {
    for (const char *c = v; *c; c++)
      if (*c >= 'A' && *c <= 'Z') return 0;
    return strchr(v, '@') != NULL;
  }
  for (const char *c = v; *c; c++) /* names, places, ids: upper case */
    if (*c >= 'a' && *c <= 'z') return 0;
  return *v != '\0';
}

/* ---- reading the new formats back with our readers ------------------------------- */

/* Every unit our readers give for the files of the formats written as containers or
 * structured records, with the path the scanner gives it ("x.zip!a/b.docx"). */
typedef struct read_unit {
  char *path, *text, *hint, *place; /* copies; hint and place "" when none */
  uint64_t line, row;               /* as delivered */
} read_unit;

static struct {
  read_unit *units;
  size_t count, cap;
  size_t diagnostics, unexamined; /* over all the files read */
  size_t files;                   /* files and members read */
  char paths[64][160];            /* diagnostics' files, for the report */
} back;

static char *copy_of(const char *text, size_t len) {
  char *out = malloc(len + 1);
  if (out) {
    memcpy(out, text, len);
    out[len] = '\0';
  }
  return out;
}

typedef struct read_ctx {
  const char *path; /* of the file or member being read */
  int depth;        /* containers around it */
} read_ctx;

static bs_status back_unit(const bs_unit *unit, void *ctx) {
  read_ctx *r = ctx;
  if (back.count == back.cap) {
    size_t cap = back.cap ? back.cap * 2 : 4096;
    read_unit *units = realloc(back.units, cap * sizeof *units);
    if (!units) return BS_ENOMEM;
    back.units = units;
    back.cap = cap;
  }
  read_unit *u = &back.units[back.count++];
  u->path = copy_of(r->path, strlen(r->path));
  u->text = copy_of(unit->text, unit->len);
  u->hint = copy_of(unit->hint ? unit->hint : "", unit->hint ? strlen(unit->hint) : 0);
  u->place = copy_of(unit->place ? unit->place : "", unit->place ? strlen(unit->place) : 0);
  u->line = unit->line;
  u->row = unit->row;
  return u->path && u->text && u->hint && u->place ? BS_OK : BS_ENOMEM;
}

static void back_diagnostic(const char *place, const char *message, void *ctx) {
  read_ctx *r = ctx;
  if (back.diagnostics < 3) fprintf(stderr, "  diagnostic: %s %s: %s\n", r->path, place, message);
  back.diagnostics++;
}

static void back_unexamined(const char *place, const char *why, void *ctx) {
  read_ctx *r = ctx;
  if (back.unexamined < 3)
    fprintf(stderr, "  not examined: %s %s: %s\n", r->path, place ? place : "-", why);
  back.unexamined++;
}

static void read_back_bytes(const char *path, const char *data, size_t len, int depth);

static bs_status back_member(const bs_member *member, void *ctx) {
  read_ctx *r = ctx;
  char path[1024];
  snprintf(path, sizeof path, "%s!%s", r->path, member->name);
  if (member->not_examined || !member->data) {
    back_unexamined(member->name, member->not_examined ? member->not_examined : "not read", ctx);
    return BS_OK;
  }
  read_back_bytes(path, member->data, member->len, r->depth + 1);
  return BS_OK;
}

static void read_back_bytes(const char *path, const char *data, size_t len, int depth) {
  read_ctx r = {path, depth};
  bs_unit_sink sink = {back_unit, back_diagnostic, depth < 4 ? back_member : NULL, back_unexamined,
                       &r};
  const char *slash = strrchr(path, '/'), *bang = strrchr(path, '!');
  bs_source source = {.name = (bang && bang > slash) ? bang + 1
                              : slash                ? slash + 1
                                                     : path,
                      .data = data,
                      .len = len};
  bs_buf scratch;
  bs_buf_init(&scratch, (size_t)1 << 28);
  bs_read_info info;
  bs_status status = bs_read(&info, &source, &scratch, &sink);
  CHECKF(status == BS_OK, "%s: read %s", path, bs_status_str(status));
  bs_buf_free(&scratch);
  back.files++;
}

/* The formats whose mentions are checked by reading the file back. */
static int read_back_checked(const char *path, yajl_val doc) {
  static const char *const extensions[] = {".xlsx", ".docx", ".pdf", ".hl7",  ".x12", ".xml",
                                           ".zip",  ".ods",  ".odt", ".pptx", ".rtf", ".html",
                                           ".sql",  ".mbox", ".xls", ".doc",  ".mdb", ".pst"};
  if (strchr(path, '!') || strstr(path, "/fhir") || strstr(path, "mail/sent/")) return 1;
  size_t len = strlen(path);
  for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
    size_t n = strlen(extensions[i]);
    if (len > n && !strcmp(path + len - n, extensions[i])) return 1;
  }
  return str(doc, "place") != NULL;
}

static const char *root_dir;

static int read_back_file(const char *file, const struct stat *st, int kind, struct FTW *ftw) {
  (void)st, (void)ftw;
  if (kind != FTW_F) return 0;
  const char *path = file + strlen(root_dir) + 1; /* "files/..." */
  if (!read_back_checked(path, NULL)) return 0;
  size_t len = 0;
  char *data = slurp(file, &len);
  CHECK(data != NULL);
  if (data) read_back_bytes(path, data, len, 0);
  free(data);
  return 0;
}

static void read_back_all(const char *dir) {
  char files[1024];
  snprintf(files, sizeof files, "%s/files", dir);
  root_dir = dir;
  nftw(files, read_back_file, 16, FTW_PHYS);
}

static void read_back_free(void) {
  for (size_t i = 0; i < back.count; i++) {
    free(back.units[i].path);
    free(back.units[i].text);
    free(back.units[i].hint);
    free(back.units[i].place);
  }
  free(back.units);
  memset(&back, 0, sizeof back);
}

/* Line `n` (0-based) of a unit's text holds `text`. */
static int line_holds(const char *unit_text, unsigned long n, const char *text) {
  char line[8192];
  return nth_line(unit_text, n + 1, line, sizeof line) && strstr(line, text);
}

/* Some unit of the mention's path, field, place, row and line holds its text. */
static int read_back_found(yajl_val doc) {
  const char *text = str(doc, "text"), *path = str(doc, "path"), *field = str(doc, "field"),
             *place = str(doc, "place");
  long long line = num(doc, "line"), row = num(doc, "row");
  for (size_t i = 0; i < back.count; i++) {
    const read_unit *u = &back.units[i];
    if (strcmp(u->path, path) != 0 || !strstr(u->text, text)) continue;
    if (field && strcmp(u->hint, field) != 0) continue;
    if (place && strcmp(u->place, place) != 0) continue;
    if (row > 0 && u->row != (uint64_t)row) continue;
    /* A unit of several lines: lines of the file from its own (a PDF page, a body), or
     * an XML narrative whose line is where it ends. */
    if (line > 0 && u->line != (uint64_t)line &&
        ((uint64_t)line < u->line ||
         !line_holds(u->text, (unsigned long)((uint64_t)line - u->line), text)))
      continue;
    return 1;
  }
  return 0;
}

/* ---- the published structures, checked without our readers ----------------------- */

/* X12 5010: ISA of 106 characters, SE01 the count of ST..SE, GE01/IEA01 the counts of
 * sets and groups. Returns the number of faults. */
static int x12_faults(const char *text) {
  int faults = 0;
  if (strncmp(text, "ISA*", 4) != 0 || strchr(text, '~') - text != 105) faults++;
  long in_set = -1, sets = 0;
  for (const char *seg = text; *seg;) {
    while (*seg == '\n') seg++;
    const char *end = strchr(seg, '~');
    if (!end) break;
    if (!strncmp(seg, "ST*", 3)) in_set = 0, sets++;
    if (in_set >= 0) in_set++;
    if (!strncmp(seg, "SE*", 3) && strtol(seg + 3, NULL, 10) != in_set) faults++;
    if (!strncmp(seg, "GE*", 3) && strtol(seg + 3, NULL, 10) != sets) faults++;
    seg = end + 1;
  }
  return faults + (sets == 0);
}

/* HL7 v2.5.1: messages open with MSH declaring version 2.5.1; segments are three
 * upper-case letters or digits and the field separator, ended by CR (MLLP framing
 * bytes around messages allowed). */
static int hl7_faults(const char *text) {
  int faults = 0, messages = 0;
  for (const char *seg = text; *seg;) {
    while (*seg == '\x0b' || *seg == '\x1c' || *seg == '\r') seg++;
    if (!*seg) break;
    const char *end = strchr(seg, '\r');
    if (!end) return faults + 1;
    for (int i = 0; i < 3; i++)
      if (!((seg[i] >= 'A' && seg[i] <= 'Z') || (seg[i] >= '0' && seg[i] <= '9'))) faults++;
    if (seg[3] != '|') faults++;
    if (!strncmp(seg, "MSH", 3)) {
      messages++;
      int bars = 0;
      const char *p = seg;
      while (p < end && bars < 11) bars += *p++ == '|';
      if (strncmp(p, "2.5.1|", 6) != 0) faults++; /* MSH-12 */
    }
    seg = end + 1;
  }
  return faults + (messages == 0);
}

static const char *structure_root;
static int structure_faults, structure_files;

/* An OOXML package: [Content_Types].xml, the main part, every XML part well-formed. */
static int ooxml_faults(const char *data, size_t len, const char *main_part) {
  struct archive *a = archive_read_new();
  archive_read_support_format_zip(a);
  int faults = archive_read_open_memory(a, data, len) != ARCHIVE_OK;
  int types = 0, main = 0;
  struct archive_entry *entry;
  while (!faults && archive_read_next_header(a, &entry) == ARCHIVE_OK) {
    const char *name = archive_entry_pathname(entry);
    types |= !strcmp(name, "[Content_Types].xml");
    main |= !strcmp(name, main_part);
    size_t size = (size_t)archive_entry_size(entry);
    char *part = malloc(size + 1);
    if (!part || archive_read_data(a, part, size) != (la_ssize_t)size ||
        !bs_check_xml_ok(part, size, NULL))
      faults++;
    free(part);
  }
  archive_read_free(a);
  return faults + !types + !main;
}

static int check_structure(const char *file, const struct stat *st, int kind, struct FTW *ftw) {
  (void)st, (void)ftw;
  if (kind != FTW_F) return 0;
  const char *dot = strrchr(file, '.');
  if (!dot) return 0;
  size_t len = 0;
  char *data = NULL;
  int faults = 0;
  if (!strcmp(dot, ".x12") || !strcmp(dot, ".hl7")) {
    data = slurp(file, &len);
    faults = !data ? 1 : dot[1] == 'x' ? x12_faults(data) : hl7_faults(data);
  } else if (!strcmp(dot, ".xml")) {
    data = slurp(file, &len);
    faults = !data || !bs_check_xml_ok(data, len, "ClinicalDocument");
  } else if (!strcmp(dot, ".xlsx") || !strcmp(dot, ".docx")) {
    data = slurp(file, &len);
    faults =
        !data || ooxml_faults(data, len, dot[1] == 'x' ? "xl/workbook.xml" : "word/document.xml");
  } else if (!strcmp(dot, ".ods") || !strcmp(dot, ".odt")) {
    data = slurp(file, &len);
    faults = !data || bs_check_odf(data, len,
                                   dot[3] == 's' ? "application/vnd.oasis.opendocument.spreadsheet"
                                                 : "application/vnd.oasis.opendocument.text");
  } else if (!strcmp(dot, ".pptx")) {
    data = slurp(file, &len);
    faults = !data || bs_check_pptx(data, len);
  } else if (!strcmp(dot, ".mbox") || !strcmp(dot, ".rtf") || !strcmp(dot, ".html") ||
             !strcmp(dot, ".sql")) {
    data = slurp(file, &len);
    faults = !data                   ? 1
             : !strcmp(dot, ".mbox") ? bs_check_mbox(data)
             : !strcmp(dot, ".rtf")  ? bs_check_rtf(data)
             : !strcmp(dot, ".html") ? bs_check_html(data)
                                     : bs_check_sql(data);
  } else if (!strcmp(dot, ".xls") || !strcmp(dot, ".doc")) {
    data = slurp(file, &len);
    int a = 0, b = 0;
    faults = !data           ? 1
             : dot[1] == 'x' ? bs_check_xls(data, len, &a)
                             : bs_check_doc(data, len, &a, &b);
    if (dot[1] == 'd') faults += a == 0 || b == 0; /* a UTF-16 piece and a compressed one */
  } else if (!strcmp(dot, ".mdb")) {
    data = slurp(file, &len);
    int tables = 0, chained = 0;
    faults = !data ? 1 : bs_check_mdb(data, len, &tables, &chained);
    faults += tables != 2; /* Patients and Visits */
  } else if (!strcmp(dot, ".pst")) {
    data = slurp(file, &len);
    faults = !data || bs_check_pst(data, len);
    if (faults && data) fprintf(stderr, "  pst: %s\n", bs_pst_first_fault);
  } else if (strstr(file, "/fhir")) { /* NDJSON: an object a line; a Bundle: one object */
    data = slurp(file, &len);
    char *line = data, *next;
    int objects = 0;
    for (; line && *line; line = next) {
      next = !strcmp(dot, ".ndjson") ? strchr(line, '\n') : NULL;
      if (next) *next++ = '\0';
      yajl_val v = yajl_tree_parse(line, NULL, 0);
      faults += !v || !YAJL_IS_OBJECT(v) || !str(v, "resourceType");
      objects++;
      yajl_tree_free(v);
    }
    faults += objects == 0;
  } else {
    return 0;
  }
  if (faults && structure_faults < 3)
    fprintf(stderr, "  malformed: %s\n", file + strlen(structure_root));
  structure_faults += faults;
  structure_files++;
  free(data);
  return 0;
}

typedef struct check_counts {
  int mentions, misplaced, bad_values, unknown_types;
  int read_back[24]; /* mentions found by reading back, per format of read_back_formats */
  int doc_cells;     /* of those, in a Word 97 letter's table, found as its cells */
} check_counts;

/* Formats whose mentions are read back, by the extension of the innermost file. */
static const char *const read_back_formats[] = {
    "xlsx", "docx", "pdf",  "eml", "zip",  "hl7", "x12", "ndjson", "json", "xml", "ods",
    "odt",  "pptx", "mbox", "rtf", "html", "sql", "xls", "doc",    "mdb",  "pst"};
#define READ_BACK_FORMATS (sizeof read_back_formats / sizeof read_back_formats[0])

static void count_format(check_counts *c, const char *format) {
  for (size_t i = 0; i < READ_BACK_FORMATS; i++)
    if (!strcmp(format, read_back_formats[i])) c->read_back[i]++;
}

static void count_read_back(check_counts *c, const char *path) {
  const char *dot = strrchr(path, '.');
  if (dot) count_format(c, dot + 1);
  /* inside an archive or a mailbox, whatever the member */
  if (strstr(path, ".zip!")) count_format(c, "zip");
  if (strstr(path, ".mbox!")) count_format(c, "mbox");
  if (strstr(path, ".pst!")) count_format(c, "pst");
}

static void check_mention(const char *dir, const bs_refdata *ref, yajl_val doc, check_counts *c) {
  const char *type = str(doc, "type"), *value = str(doc, "value"), *text = str(doc, "text"),
             *path = str(doc, "path"), *field = str(doc, "field");
  long long line = num(doc, "line"), row = num(doc, "row");
  c->mentions++;
  if (!type || !value || !text || !path || bs_element_from_name(type) == BS_EL_NONE) {
    c->unknown_types++;
    return;
  }
  if (!value_ok(ref, type, value)) {
    c->bad_values++;
    if (c->bad_values < 5) fprintf(stderr, "  bad value: %s %s\n", type, value);
  }
  if (read_back_checked(path, doc)) {
    if (read_back_found(doc)) {
      count_read_back(c, path);
      const char *place = str(doc, "place");
      size_t n = strlen(path);
      c->doc_cells += n > 4 && !strcmp(path + n - 4, ".doc") && place &&
                      !strcmp(place, "table 1") && row > 1 && field;
    } else if (++c->misplaced < 5)
      fprintf(stderr, "  not read back: %s %s in %s\n", type, text, path);
    return;
  }
  char full[1024], got[8192], header[8192], cell[1024];
  snprintf(full, sizeof full, "%s/%s", dir, path);
  char *data = slurp(full, NULL);
  int ok = 0;
  size_t len = strlen(path);
  int csv = len > 4 && !strcmp(path + len - 4, ".csv");
  int tsv = len > 4 && !strcmp(path + len - 4, ".tsv");
  int json = len > 5 && !strcmp(path + len - 5, ".json");
  if (!data) {
    ok = 0;
  } else if (csv || tsv) {
    /* Cells hold no line breaks here, so row N is line N; the field names the column. */
    char sep = csv ? ',' : '\t';
    if (field && row > 0 && nth_line(data, 1, header, sizeof header) &&
        nth_line(data, (unsigned long)row, got, sizeof got))
      for (size_t col = 0; nth_cell(header, sep, col, cell, sizeof cell); col++)
        if (!strcmp(cell, field)) {
          ok = nth_cell(got, sep, col, cell, sizeof cell) && !strcmp(cell, text);
          break;
        }
  } else if (json) {
    /* One element of the top array a line, after the opening bracket. */
    ok = row > 0 && nth_line(data, (unsigned long)row + 1, got, sizeof got) && strstr(got, text);
  } else {
    ok = line > 0 && nth_line(data, (unsigned long)line, got, sizeof got) && strstr(got, text);
  }
  if (!ok && ++c->misplaced < 5) fprintf(stderr, "  misplaced: %s %s in %s\n", type, text, path);
  free(data);
}

static void check_mentions(const char *dir, check_counts *c) {
  bs_refdata *ref = NULL;
  CHECK(bs_refdata_create(&ref) == BS_OK);
  if (!ref) return;
  char path[1024];
  snprintf(path, sizeof path, "%s/truth/mentions.jsonl", dir);
  FILE *in = fopen(path, "r");
  CHECK(in != NULL);
  char *line = NULL;
  size_t cap = 0;
  while (in && getline(&line, &cap, in) > 0) {
    yajl_val doc = yajl_tree_parse(line, NULL, 0);
    if (doc)
      check_mention(dir, ref, doc, c);
    else
      c->unknown_types++;
    yajl_tree_free(doc);
  }
  free(line);
  if (in) fclose(in);
  bs_refdata_free(ref);
}

/* persons.csv: SSNs per SSA, MBIs per CMS, phones per NANP, real birth dates. */
static void check_persons(const char *dir) {
  char path[1024];
  snprintf(path, sizeof path, "%s/truth/persons.csv", dir);
  char *data = slurp(path, NULL);
  CHECK(data != NULL);
  if (!data) return;
  char header[1024], row[2048], cell[256];
  CHECK(nth_line(data, 1, header, sizeof header));
  static const char columns[] = "id,first,middle,last,suffix,sex,dob,street,unit,city,state,zip";
  CHECK(strncmp(header, columns, sizeof columns - 1) == 0);
  int rows = 0, bad = 0, with_ssn = 0, with_mbi = 0, exposed = 0;
  for (unsigned long n = 2; nth_line(data, n, row, sizeof row); n++) {
    rows++;
    int y, m, d;
    if (nth_cell(row, ',', 6, cell, sizeof cell) &&
        !(sscanf(cell, "%4d-%2d-%2d", &y, &m, &d) == 3 && bs_validate_date(y, m, d)))
      bad++;
    if (nth_cell(row, ',', 12, cell, sizeof cell) &&
        !(all_digits(cell, 10) && bs_validate_phone(cell)))
      bad++;
    if (nth_cell(row, ',', 16, cell, sizeof cell) && cell[0] && ++with_mbi &&
        !(strlen(cell) == 11 && bs_validate_mbi(cell)))
      bad++;
    if (nth_cell(row, ',', 17, cell, sizeof cell) && cell[0] && ++with_ssn &&
        !(all_digits(cell, 9) && bs_validate_ssn(cell) == BS_SSN_VALID))
      bad++;
    if (nth_cell(row, ',', 20, cell, sizeof cell) && cell[0]) exposed++;
  }
  CHECKF(rows == 40, "persons.csv rows %d", rows);
  CHECKF(bad == 0, "%d person fields break their rules", bad);
  CHECK(with_ssn > 0 && with_ssn < rows); /* a subset gave an SSN */
  CHECK(with_mbi > 0 && with_mbi < rows); /* the elderly have an MBI */
  CHECK(exposed > rows / 2);
  free(data);
}

/* The structure checks find what they look for: each case breaks one rule. */
static void structure_checks_fail(const char *xlsx_path) {
  CHECK(bs_check_rtf("{\\rtf1\\ansi Hello\\par}\n") == 0);
  CHECK(bs_check_rtf("{\\rtf1\\ansi {Hello\\par}\n") > 0);      /* a group not closed */
  CHECK(bs_check_rtf("{\\rtf1\\ansi Caf\\'e\\par}\n") > 0);     /* one hex digit */
  CHECK(bs_check_rtf("{\\rtf1\\ansi Caf\xc3\xa9\\par}\n") > 0); /* 8-bit text */
  static const char head[] = "From a@b.org Mon Jul 15 09:00:00 2024\nDate: x\nMessage-Id: <1@b>\n"
                             "MIME-Version: 1.0\n\n";
  char box[512];
  snprintf(box, sizeof box, "%sHi\n>From here\n\n", head);
  CHECK(bs_check_mbox(box) == 0);
  snprintf(box, sizeof box, "%sHi\n>From here\nFrom there\n\n", head); /* not quoted */
  CHECK(bs_check_mbox(box) > 0);
  CHECK(bs_check_html("<!DOCTYPE html>\n<p>a<br>b</p>") == 0);
  CHECK(bs_check_html("<!DOCTYPE html>\n<p><b>a</p></b>") > 0);
  CHECK(bs_check_html("<!DOCTYPE html>\n<table><tr><th>A</th><th>B</th></tr>"
                      "<tr><td>1</td></tr></table>") > 0); /* a cell short */
  static const char create[] = "-- MySQL dump\nCREATE TABLE `t` (\n  `a` int,\n  `b` text\n);\n";
  char sql[512];
  snprintf(sql, sizeof sql, "%sINSERT INTO `t` VALUES (1,'x'),(2,'it\\'s');\n", create);
  CHECK(bs_check_sql(sql) == 0);
  snprintf(sql, sizeof sql, "%sINSERT INTO `t` VALUES (1,'x'),(2);\n", create);
  CHECK(bs_check_sql(sql) > 0);
  CHECK(bs_check_sql("-- PostgreSQL database dump\nCOPY t (a, b) FROM stdin;\n1\tx\n2\n\\.\n") > 0);
  /* A zip written by libarchive: not an OpenDocument package. */
  size_t len = 0;
  char *xlsx = slurp(xlsx_path, &len);
  CHECK(xlsx && bs_check_odf(xlsx, len, "application/vnd.oasis.opendocument.spreadsheet") > 0);
  CHECK(xlsx && bs_check_pptx(xlsx, len) > 0); /* no slides */
  free(xlsx);
}

/* A workbook of more strings than one SST record holds, some in UTF-16: the SST goes
 * on in CONTINUE records, strings split between them, and every cell reads back with
 * its number format (SSNs past RK's 30 bits as NUMBER). */
static void test_xls_continue(void) {
  uint32_t rk = 0;
  CHECK(bs_xls_rk(&rk, 1.0) && rk == (1u << 2 | 2u));
  CHECK(bs_xls_rk(&rk, 660.53) && rk == (66053u << 2 | 3u));
  CHECK(bs_xls_rk(&rk, 0.1) && rk == (10u << 2 | 3u));
  CHECK(bs_xls_rk(&rk, 1.0 / 1024) && rk == 0x3F500000u); /* the top 30 bits of the double */
  CHECK(!bs_xls_rk(&rk, 0.123456) && !bs_xls_rk(&rk, 623456789.0));
  bs_truth truth = {.mentions = tmpfile(), .root = "/nonexistent"};
  FILE *out = tmpfile();
  CHECK(truth.mentions && out);
  if (!truth.mentions || !out) return;
  static const char *const headers[] = {"Name", "SSN", "ZIP", "Balance"};
  bs_xls x;
  bs_xls_begin(&x, &truth, "files/big.xls", out, "Big", headers, 4);
  char text[64], name[64];
  for (int i = 1; i <= 1200; i++) {
    snprintf(text, sizeof text, "Patient %04d %s", i, i % 7 ? "Smith" : "\xc5\x81ukasz");
    bs_xls_text(&x, text);
    bs_xls_number(&x, (i % 2 ? 123456789.0 : 623456789.0) + i, BS_XLSX_SSN, NULL, BS_EL_NONE, NULL,
                  NULL);
    bs_xls_number(&x, 2108, BS_XLSX_ZIP, NULL, BS_EL_NONE, NULL, NULL);
    bs_xls_number(&x, i / 100.0, BS_XLSX_MONEY, NULL, BS_EL_NONE, NULL, NULL);
    bs_xls_end_row(&x);
  }
  CHECK(bs_xls_finish(&x) == BS_OK);
  fseek(out, 0, SEEK_END); /* libgsf seeks back to write the header */
  size_t len = (size_t)ftell(out);
  char *data = malloc(len);
  rewind(out);
  CHECK(data && fread(data, 1, len, out) == len);
  int continues = 0;
  CHECKF(data && bs_check_xls(data, len, &continues) == 0, "big.xls: faults of structure");
  CHECKF(continues >= 3, "big.xls: %d CONTINUE records", continues);
  if (data) read_back_bytes("files/big.xls", data, len, 0);
  CHECK(back.diagnostics == 0 && back.unexamined == 0);
  int found = 0;
  for (size_t i = 0; i < back.count; i++) {
    const read_unit *u = &back.units[i];
    found += !strcmp(u->place, "Big!A8") && !strcmp(u->text, "Patient 0007 \xc5\x81ukasz") &&
             !strcmp(u->hint, "Name");
    found += !strcmp(u->place, "Big!B2") && !strcmp(u->text, "123-45-6790");
    found += !strcmp(u->place, "Big!B3") && !strcmp(u->text, "623-45-6791");
    found += !strcmp(u->place, "Big!C1201") && !strcmp(u->text, "02108");
    found += !strcmp(u->place, "Big!D1201") && !strcmp(u->text, "12.00");
    snprintf(name, sizeof name, "Patient 1200 Smith");
    found += !strcmp(u->place, "Big!A1201") && !strcmp(u->text, name);
  }
  CHECKF(found == 6, "big.xls: %d of 6 cells read back as written", found);
  CHECKF(back.count == 4 * 1200, "big.xls: %zu cells read", back.count);
  read_back_free();
  free(data);
  fclose(out);
  fclose(truth.mentions);
}

/* A file's bytes, written by a writer into `out`, malloc'd. OUT: *len. */
static char *file_bytes(FILE *out, size_t *len) {
  fseek(out, 0, SEEK_END);
  *len = (size_t)ftell(out);
  char *data = malloc(*len ? *len : 1);
  rewind(out);
  if (data && fread(data, 1, *len, out) != *len) {
    free(data);
    data = NULL;
  }
  return data;
}

/* The unit read back at place, row and hint; NULL when none. */
static const read_unit *unit_at(const char *place, uint64_t row, const char *hint) {
  for (size_t i = 0; i < back.count; i++)
    if (!strcmp(back.units[i].place, place) && back.units[i].row == row &&
        !strcmp(back.units[i].hint, hint))
      return &back.units[i];
  return NULL;
}

/* An Access database of rows wider than half a page (one a page: over 512 pages, so its
 * usage maps are bitmap pages), a definition over two pages (long column names), text
 * compressed, switched to two bytes a character and left as UCS-2, memos in the row, on
 * long-value pages and chained over pages, and every fixed type: the structure holds,
 * and our reader (libmdb) gives each value back where it was written. */
static void test_mdb_writer(void) {
  enum { WIDE_TEXTS = 6, FLAGS = 24, COLUMNS = WIDE_TEXTS + 3 + FLAGS, ROWS = 700 };
  bs_mdb_column wide[COLUMNS];
  char names[COLUMNS][80];
  for (int c = 0; c < COLUMNS; c++) {
    snprintf(names[c], sizeof names[c], "%s %02d of a name as long as Access allows it, nearly",
             c < WIDE_TEXTS        ? "Text"
             : c == WIDE_TEXTS     ? "Number"
             : c == WIDE_TEXTS + 1 ? "Note"
             : c == WIDE_TEXTS + 2 ? "Who"
                                   : "Flag",
             c);
    wide[c] = (bs_mdb_column){names[c], c < WIDE_TEXTS ? BS_MDB_TEXT : BS_MDB_BOOL, 255};
  }
  wide[WIDE_TEXTS].type = BS_MDB_LONG;
  wide[WIDE_TEXTS + 1].type = BS_MDB_MEMO;
  wide[WIDE_TEXTS + 2].type = BS_MDB_TEXT;
  wide[WIDE_TEXTS + 2].size = 40;
  static const bs_mdb_column small[] = {{"Yes", BS_MDB_BOOL, 0},     {"Byte", BS_MDB_BYTE, 0},
                                        {"Int", BS_MDB_INT, 0},      {"Weight", BS_MDB_DOUBLE, 0},
                                        {"Due", BS_MDB_CURRENCY, 0}, {"Taken", BS_MDB_DATETIME, 0}};
  FILE *out = tmpfile();
  CHECK(out != NULL);
  if (!out) return;
  bs_mdb *db = NULL;
  CHECK(bs_mdb_create(&db, out, bs_mdb_ole_date((bs_date){2024, 7, 1}, 0)) == BS_OK);
  if (!db) return;
  CHECK(bs_mdb_table(db, "Wide", wide, COLUMNS) == BS_OK);
  char text[1024], note[12000];
  for (int i = 0; i < ROWS; i++) {
    size_t n = 0; /* 255 characters of "\u0141" (Ł): UCS-2 is shorter than compressed */
    for (int k = 0; k < 255; k++) n += (size_t)snprintf(text + n, sizeof text - n, "\xc5\x81");
    for (int c = 0; c < WIDE_TEXTS; c++) bs_mdb_text(db, (size_t)c, text);
    bs_mdb_integer(db, WIDE_TEXTS, i + 1);
    if (i % 100 == 99) { /* chained: over three pages, its SSN at the end */
      n = 0;
      while (n < 10000) n += (size_t)snprintf(note + n, sizeof note - n, "Routine visit. ");
      snprintf(note + n, sizeof note - n, "SSN 219-09-%04d", i);
      bs_mdb_text(db, WIDE_TEXTS + 1, note);
    } else if (i % 3 == 1) {
      snprintf(note, sizeof note, "Short note %d", i);
      bs_mdb_text(db, WIDE_TEXTS + 1, note);
    } else if (i % 3 == 2) {
      n = 0;
      while (n < 900) n += (size_t)snprintf(note + n, sizeof note - n, "Longer note %d. ", i);
      bs_mdb_text(db, WIDE_TEXTS + 1, note);
    }
    bs_mdb_text(db, WIDE_TEXTS + 2, i % 2 ? "\xc5\x81ukasz \xc5\xbb\x61k" : "\xc4\x80nna");
    for (int c = WIDE_TEXTS + 3; c < COLUMNS; c++) bs_mdb_integer(db, (size_t)c, (i + c) % 2);
    bs_mdb_end_row(db);
  }
  CHECK(bs_mdb_table(db, "Small", small, sizeof small / sizeof small[0]) == BS_OK);
  for (int i = 0; i < 3; i++) {
    bs_mdb_integer(db, 0, i == 1);
    bs_mdb_integer(db, 1, 200 + i);
    bs_mdb_integer(db, 2, -1234 - i);
    bs_mdb_double(db, 3, 71.5 + i);
    bs_mdb_money(db, 4, 12550 + i);
    if (i < 2) bs_mdb_double(db, 5, bs_mdb_ole_date((bs_date){2024, 7, 2 + i}, 9 * 3600 + 20 * 60));
    bs_mdb_end_row(db);
  }
  CHECK(bs_mdb_finish(db) == BS_OK);
  size_t len = 0;
  char *data = file_bytes(out, &len);
  int tables = 0, chained = 0;
  CHECKF(data && bs_check_mdb(data, len, &tables, &chained) == 0, "wide.mdb: faults of structure");
  CHECKF(tables == 2 && chained == ROWS / 100, "wide.mdb: %d tables, %d chained memos", tables,
         chained);
  CHECKF(len / 4096 > 512 + 5, "wide.mdb: %zu pages", len / 4096);
  CHECK(data && data[5 * 4096] == 0x02 && data[5 * 4096 + 4] != 0); /* a definition over pages */
  if (data) {              /* the check finds damage: a row count one too many, a page of no type */
    data[5 * 4096 + 16]++; /* Wide's definition is the first page after the catalog's */
    CHECK(bs_check_mdb(data, len, &tables, &chained) > 0);
    data[5 * 4096 + 16]--;
    char saved = data[len - 4096];
    data[len - 4096] = 0x07;
    CHECK(bs_check_mdb(data, len, &tables, &chained) > 0);
    data[len - 4096] = saved;
  }
  if (data) read_back_bytes("files/wide.mdb", data, len, 0);
  CHECK(back.diagnostics == 0 && back.unexamined == 0);
  const read_unit *u = unit_at("Wide", ROWS, names[0]);
  CHECK(u && strlen(u->text) == 2 * 255 && !strncmp(u->text, "\xc5\x81\xc5\x81", 4));
  u = unit_at("Wide", ROWS, names[WIDE_TEXTS]);
  CHECK(u && !strcmp(u->text, "700"));
  u = unit_at("Wide", 100, names[WIDE_TEXTS + 1]);
  CHECK(u && strlen(u->text) > 10000 && strstr(u->text, "SSN 219-09-0099"));
  u = unit_at("Wide", 2, names[WIDE_TEXTS + 1]);
  CHECK(u && !strcmp(u->text, "Short note 1"));
  u = unit_at("Wide", 3, names[WIDE_TEXTS + 1]);
  CHECK(u && strlen(u->text) >= 900 && !strncmp(u->text, "Longer note 2. ", 15));
  CHECK(!unit_at("Wide", 1, names[WIDE_TEXTS + 1])); /* null */
  u = unit_at("Wide", 2, names[WIDE_TEXTS + 2]);
  CHECK(u && !strcmp(u->text, "\xc5\x81ukasz \xc5\xbb\x61k"));
  u = unit_at("Wide", 1, names[WIDE_TEXTS + 2]);
  CHECK(u && !strcmp(u->text, "\xc4\x80nna"));
  u = unit_at("Wide", 2, names[COLUMNS - 1]);
  CHECK(u && !strcmp(u->text, "1")); /* Yes (libmdb's text for it) */
  u = unit_at("Small", 2, "Taken");
  CHECK(u && !strcmp(u->text, "2024-07-03 09:20:00"));
  CHECK(!unit_at("Small", 3, "Taken"));
  u = unit_at("Small", 1, "Int");
  CHECK(u && !strcmp(u->text, "-1234"));
  u = unit_at("Small", 3, "Byte");
  CHECK(u && !strcmp(u->text, "202"));
  u = unit_at("Small", 2, "Due");
  CHECK(u && !strncmp(u->text, "125.51", 6));
  u = unit_at("Small", 1, "Weight");
  CHECK(u && !strncmp(u->text, "71.5", 4));
  size_t values = 3 * 6 - 1; /* Small: all but one date */
  for (int i = 0; i < ROWS; i++) values += COLUMNS - 1 + (i % 100 == 99 || i % 3 != 0);
  CHECKF(back.count == values, "wide.mdb: %zu values read of %zu", back.count, values);
  read_back_free();
  free(data);
  fclose(out);

  /* Refused: text longer than its column, a type Jet has not, a 17th table. */
  out = tmpfile();
  CHECK(out && bs_mdb_create(&db, out, 0) == BS_OK);
  if (!db) return;
  static const bs_mdb_column narrow[] = {{"Code", BS_MDB_TEXT, 3}};
  static const bs_mdb_column odd[] = {{"Odd", (bs_mdb_type)0x06, 0}};
  CHECK(bs_mdb_table(db, "Odd", odd, 1) == BS_EINVAL);
  CHECK(bs_mdb_finish(db) == BS_EINVAL);
  CHECK(bs_mdb_create(&db, out, 0) == BS_OK);
  if (!db) return;
  CHECK(bs_mdb_table(db, "Narrow", narrow, 1) == BS_OK);
  bs_mdb_text(db, 0, "ABCD");
  bs_mdb_end_row(db);
  CHECK(bs_mdb_finish(db) == BS_EINVAL);
  CHECK(bs_mdb_create(&db, out, 0) == BS_OK);
  if (!db) return;
  bs_status status = BS_OK;
  for (int i = 0; i <= BS_MDB_MAX_TABLES && status == BS_OK; i++) {
    snprintf(text, sizeof text, "T%d", i);
    status = bs_mdb_table(db, text, narrow, 1);
  }
  CHECK(status == BS_ELIMIT);
  CHECK(bs_mdb_finish(db) == BS_ELIMIT);
  fclose(out);
}

/* ---- An Outlook store larger than synth's ------------------------------------------ */

typedef struct pst_back {
  unsigned messages;   /* members handed */
  size_t last_line_at; /* the long body's last line found: its length, else 0 */
  size_t attached;     /* bytes of the big message's attachment */
  int diagnostics;     /* of any reader */
} pst_back;

static bs_status pst_back_unit(const bs_unit *unit, void *ctx) {
  pst_back *b = ctx;
  static const char last[] = "Line 1200: call back at (617) 555-0199.";
  const char *at = memmem(unit->text, unit->len, last, sizeof last - 1);
  if (!at) return BS_OK;
  b->last_line_at = unit->line;
  for (const char *c = unit->text; c < at; c++) b->last_line_at += *c == '\n';
  return BS_OK;
}

static void pst_back_diagnostic(const char *place, const char *message, void *ctx) {
  pst_back *b = ctx;
  fprintf(stderr, "  pst read back: %s: %s\n", place ? place : "-", message);
  b->diagnostics++;
}

static bs_status pst_back_attachment(const bs_member *m, void *ctx) {
  ((pst_back *)ctx)->attached = m->len;
  return BS_OK;
}

/* A message of the store: its body read as text, its attachment measured. */
static bs_status pst_back_message(const bs_member *m, void *ctx) {
  pst_back *b = ctx;
  b->messages++;
  if (!strstr(m->name, "Long one") && !strstr(m->name, "Big one")) return BS_OK;
  bs_unit_sink sink = {pst_back_unit, pst_back_diagnostic, pst_back_attachment, NULL, b};
  bs_source src = {.name = m->name, .data = m->data, .len = m->len};
  return bs_read_eml(&src, &sink);
}

/* 700 messages in one folder (the contents table's rows in a subnode, B-trees of two
 * levels and more), a body of 1200 lines (a value subnode over several blocks), an
 * attachment of 8.4 MB (an XXBLOCK of XBLOCKs, the file past 33 AMaps): the structure
 * checked, then read back by the reader: every message, the body's last line at its
 * line, the attachment whole. */
static void test_pst_store(void) {
  enum { MESSAGES = 700, BIG = 8400000 };
  bs_pst *pst = NULL;
  uint32_t inbox = 0, sent = 0, old = 0, nowhere = 0;
  CHECK(bs_pst_create(&pst, "Test store") == BS_OK);
  CHECK(bs_pst_add_folder(pst, &inbox, BS_PST_TOP, "Inbox") == BS_OK);
  CHECK(bs_pst_add_folder(pst, &old, inbox, "Old") == BS_OK);
  CHECK(bs_pst_add_folder(pst, &sent, BS_PST_TOP, "Sent Items") == BS_OK);
  CHECK(bs_pst_add_folder(pst, &nowhere, 12345, "Nowhere") == BS_EINVAL);
  char *big = malloc(BIG), *body = malloc(1300 * 48);
  CHECK(big && body);
  if (!pst || !big || !body) {
    bs_pst_free(pst);
    free(big);
    free(body);
    return;
  }
  for (size_t i = 0; i < BIG; i++) big[i] = (char)(i * 7 % 251);
  size_t n = 0;
  for (int i = 1; i <= 1200; i++)
    n += (size_t)sprintf(body + n, "Line %d: call back at (617) 555-0199.\n", i);
  const bs_pst_recipient to = {"billing@clinic.example", "billing@clinic.example", 0};
  const bs_pst_attachment attached = {"big.bin", NULL, big, BIG};
  bs_pst_message m = {.subject = "Long one",
                      .sender_name = "Front Desk",
                      .sender_address = "desk@clinic.example",
                      .date = 1719914400, /* 2024-07-02 10:00 UTC */
                      .body = body,
                      .recipients = &to,
                      .recipient_count = 1};
  CHECK(bs_pst_add_message(pst, inbox, &m) == BS_OK);
  m.subject = "Big one";
  m.body = "See the file attached.\n";
  m.attachments = &attached;
  m.attachment_count = 1;
  CHECK(bs_pst_add_message(pst, old, &m) == BS_OK);
  m.attachment_count = 0;
  char subject[32];
  for (int i = 0; i < MESSAGES; i++) {
    snprintf(subject, sizeof subject, "Statement %d", i);
    m.subject = subject;
    m.date += 3600;
    CHECK(bs_pst_add_message(pst, sent, &m) == BS_OK);
  }
  FILE *out = tmpfile();
  CHECK(out && bs_pst_finish(pst, out) == BS_OK);
  bs_pst_free(pst);
  free(body);
  size_t len = out ? (size_t)ftell(out) : 0;
  char *data = len ? malloc(len) : NULL;
  if (data) rewind(out);
  CHECK(data && fread(data, 1, len, out) == len);
  if (out) fclose(out);
  CHECKF(data && bs_check_pst(data, len) == 0, "big store: %s", bs_pst_first_fault);
  pst_back b = {0};
  bs_unit_sink sink = {pst_back_unit, pst_back_diagnostic, pst_back_message, NULL, &b};
  bs_source src = {.name = "big.pst", .data = data, .len = len};
  CHECK(data && bs_read_pst(&src, &sink) == BS_OK);
  CHECKF(b.messages == MESSAGES + 2, "big store: %u messages read back", b.messages);
  CHECKF(b.last_line_at == 1200, "big store: the long body's last line at %zu", b.last_line_at);
  CHECKF(b.attached == BIG, "big store: attachment of %zu bytes read back", b.attached);
  CHECK(b.diagnostics == 0);
  /* A damaged copy: the structure check finds it (a block's byte changed). */
  if (data && len > 0x4900) {
    data[0x4810] ^= 0x55;
    CHECK(bs_check_pst(data, len) > 0 && strstr(bs_pst_first_fault, "block trailer"));
  }
  free(big);
  free(data);
}

void test_synth(void) {
  char base[] = "/tmp/bs-synth-XXXXXX";
  int made = mkdtemp(base) != NULL;
  CHECK(made);
  if (!made) return;
  char a[300], b[300], c[300], cmd[1000];
  snprintf(a, sizeof a, "%s/a", base);
  snprintf(b, sizeof b, "%s/b", base);
  snprintf(c, sizeof c, "%s/c", base);
  bs_synth_summary sa, sb, sc;
  CHECK(bs_synth_run(&sa, a, 40, 7) == BS_OK);
  CHECK(bs_synth_run(&sb, b, 40, 7) == BS_OK);
  CHECK(bs_synth_run(&sc, c, 40, 8) == BS_OK);
  CHECK(sa.files > 10 && sa.mentions > 500);
  CHECK(sa.files == sb.files && sa.mentions == sb.mentions);
  CHECK(same_tree(a, b));
  CHECK(same_tree(b, a));
  CHECK(!same_tree(a, c));
  /* Refuses a folder that holds something, and nonsense counts. */
  CHECK(bs_synth_run(&sb, a, 40, 7) == BS_EEXIST);
  CHECK(bs_synth_run(&sb, c, 0, 7) == BS_EINVAL);

  /* The formats of containers and records: our readers read every file whole (no
   * diagnostic, nothing left unexamined) and give each mention where the truth says. */
  structure_root = a;
  char files[400];
  snprintf(files, sizeof files, "%s/files", a);
  nftw(files, check_structure, 16, FTW_PHYS);
  CHECKF(structure_faults == 0, "%d faults of structure", structure_faults);
  CHECKF(structure_files >= 20, "%d files checked for structure", structure_files);
  read_back_all(a);
  CHECKF(back.diagnostics == 0, "%zu diagnostics reading the files back", back.diagnostics);
  CHECKF(back.unexamined == 0, "%zu parts not examined", back.unexamined);
  CHECKF(back.files > 30, "%zu files and members read back", back.files);
  check_counts counts = {0};
  check_mentions(a, &counts);
  read_back_free();
  for (size_t i = 0; i < READ_BACK_FORMATS; i++)
    CHECKF(counts.read_back[i] > 10, "%s: %d mentions read back", read_back_formats[i],
           counts.read_back[i]);
  /* The visit lists of the DOC letters: Word tables whose cells come back placed
   * "table 1" with their row and their column's header (a row of three at least). */
  CHECKF(counts.doc_cells >= 3, "doc: %d table cells read back", counts.doc_cells);
  CHECK(counts.mentions == (int)sa.mentions);
  CHECKF(counts.misplaced == 0, "%d mentions not where the truth says", counts.misplaced);
  CHECKF(counts.bad_values == 0, "%d values not normalized or invalid", counts.bad_values);
  CHECK(counts.unknown_types == 0);
  check_persons(a);
  snprintf(files, sizeof files, "%s/files/frontdesk/patient-list-2024.xlsx", a);
  structure_checks_fail(files);

  snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
  CHECK(system(cmd) == 0);
  test_xls_continue();
  test_mdb_writer();
  test_pst_store();
}
