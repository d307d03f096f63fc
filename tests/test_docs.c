/* Document reader tests: recognition of PDF, HTML, XML, RTF and SQL dumps, and each
 * reader's units (text, line, column, row, place, hint), diagnostics, parts not
 * examined and members, on small inputs built here (PDFs: tests/data/pdf/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "detect/hints.h"
#include "extract/html.h"
#include "extract/pdf.h"
#include "extract/read.h"
#include "extract/rtf.h"
#include "extract/sql.h"
#include "extract/xml.h"
#include "test.h"

/* ---- A sink that keeps copies ------------------------------------------------------ */

enum { MAX_KEPT = 64, TEXT_CAP = 512 };

typedef struct kept {
  char text[TEXT_CAP];  /* unit text, or the diagnostic/unexamined place */
  char extra[TEXT_CAP]; /* unit hint ("" when none), diagnostic message, why */
  char place[64];       /* unit place ("" when none) */
  uint64_t line, column, row;
  int typed_right; /* hint_type == bs_hint_type(hint) */
  bs_element hint_type;
  const char *hint_ptr;
} kept;

typedef struct docs_sink {
  kept units[MAX_KEPT], diags[MAX_KEPT], unexamined[MAX_KEPT], members[MAX_KEPT];
  size_t unit_count, diag_count, unexamined_count, member_count;
} docs_sink;

static void copy(char *out, size_t cap, const char *text, size_t len) {
  size_t n = len < cap - 1 ? len : cap - 1;
  if (text) memcpy(out, text, n);
  out[text ? n : 0] = '\0';
}

static bs_status on_unit(const bs_unit *unit, void *ctx) {
  docs_sink *s = ctx;
  if (s->unit_count < MAX_KEPT) {
    kept *k = &s->units[s->unit_count];
    copy(k->text, sizeof k->text, unit->text, unit->len);
    copy(k->extra, sizeof k->extra, unit->hint, unit->hint ? strlen(unit->hint) : 0);
    copy(k->place, sizeof k->place, unit->place, unit->place ? strlen(unit->place) : 0);
    k->line = unit->line;
    k->column = unit->column;
    k->row = unit->row;
    k->hint_type = unit->hint_type;
    k->typed_right = unit->hint_type == bs_hint_type(unit->hint);
    k->hint_ptr = unit->hint;
  }
  s->unit_count++;
  return BS_OK;
}

static void keep_pair(kept *list, size_t *count, const char *a, const char *b) {
  if (*count < MAX_KEPT) {
    copy(list[*count].text, TEXT_CAP, a ? a : "(null)", a ? strlen(a) : 6);
    copy(list[*count].extra, TEXT_CAP, b ? b : "(null)", b ? strlen(b) : 6);
  }
  (*count)++;
}

static void on_diagnostic(const char *place, const char *message, void *ctx) {
  docs_sink *s = ctx;
  keep_pair(s->diags, &s->diag_count, place, message);
}

static void on_unexamined(const char *place, const char *why, void *ctx) {
  docs_sink *s = ctx;
  keep_pair(s->unexamined, &s->unexamined_count, place, why);
}

static bs_status on_member(const bs_member *member, void *ctx) {
  docs_sink *s = ctx;
  if (s->member_count < MAX_KEPT) {
    kept *k = &s->members[s->member_count];
    copy(k->text, sizeof k->text, member->name, strlen(member->name));
    copy(k->extra, sizeof k->extra, member->data ? member->data : member->not_examined,
         member->data ? member->len : strlen(member->not_examined));
  }
  s->member_count++;
  return BS_OK;
}

static docs_sink *sink_new(bs_unit_sink *sink) {
  docs_sink *s = calloc(1, sizeof *s);
  *sink = (bs_unit_sink){on_unit, on_diagnostic, on_member, on_unexamined, s};
  return s;
}

/* Reads bytes as `name` through bs_read (recognition included). */
static docs_sink *read_bytes(bs_status *status, bs_format *format, const char *name,
                             const char *data, size_t len) {
  bs_unit_sink sink;
  docs_sink *s = sink_new(&sink);
  bs_buf scratch;
  bs_buf_init(&scratch, (size_t)1 << 26);
  bs_source src = {.name = name, .data = data, .len = len};
  bs_read_info info;
  *status = bs_read(&info, &src, &scratch, &sink);
  *format = info.format;
  bs_buf_free(&scratch);
  return s;
}

static docs_sink *read_text(bs_status *status, bs_format *format, const char *name,
                            const char *text) {
  return read_bytes(status, format, name, text, strlen(text));
}

/* The unit expected at index i. hint NULL: none; place NULL: none. */
static void want_unit(const char *test, const docs_sink *s, size_t i, const char *text,
                      uint64_t line, uint64_t column, uint64_t row, const char *hint,
                      bs_element type, const char *place) {
  if (i >= s->unit_count || i >= MAX_KEPT) {
    CHECKF(0, "%.100s: no unit %zu (%zu units)", test, i, s->unit_count);
    return;
  }
  const kept *k = &s->units[i];
  CHECKF(strcmp(k->text, text) == 0, "%.100s: unit %zu text \"%.100s\", want \"%.100s\"", test, i,
         k->text, text);
  CHECKF(k->line == line && k->column == column && k->row == row,
         "%.100s: unit %zu at line %llu column %llu row %llu, want %llu %llu %llu", test, i,
         (unsigned long long)k->line, (unsigned long long)k->column, (unsigned long long)k->row,
         (unsigned long long)line, (unsigned long long)column, (unsigned long long)row);
  CHECKF(strcmp(k->extra, hint ? hint : "") == 0 && (hint != NULL) == (k->hint_ptr != NULL),
         "%.100s: unit %zu hint \"%.100s\", want \"%.100s\"", test, i, k->extra,
         hint ? hint : "(none)");
  CHECKF(k->hint_type == type && k->typed_right, "%.100s: unit %zu hint type %.100s, want %.100s",
         test, i, bs_element_name(k->hint_type), bs_element_name(type));
  CHECKF(strcmp(k->place, place ? place : "") == 0,
         "%.100s: unit %zu place \"%.100s\", want \"%.100s\"", test, i, k->place,
         place ? place : "");
}

static int has_pair(const kept *list, size_t count, const char *a, const char *b_part) {
  for (size_t i = 0; i < count && i < MAX_KEPT; i++)
    if (strcmp(list[i].text, a) == 0 && strstr(list[i].extra, b_part)) return 1;
  return 0;
}

static int unit_with(const docs_sink *s, const char *part) {
  for (size_t i = 0; i < s->unit_count && i < MAX_KEPT; i++)
    if (strstr(s->units[i].text, part)) return 1;
  return 0;
}

/* ---- Recognition ------------------------------------------------------------------- */

static void test_sniff_docs(void) {
  static const struct {
    const char *name, *data;
    size_t len;
    bs_format format;
  } cases[] = {
#define CASE(name, data, format) {name, data, sizeof(data) - 1, format}
      CASE("x.bin", "%PDF-1.7\n", BS_FMT_PDF),
      CASE("x", "\r\n\r\ngarbage then %PDF-1.4\n", BS_FMT_PDF),
      CASE("letter.doc", "{\\rtf1\\ansi hello}", BS_FMT_RTF),
      CASE("x", "\xEF\xBB\xBF{\\rtf1 hello}", BS_FMT_RTF),
      CASE("page", "<!DOCTYPE html><p>hi", BS_FMT_HTML),
      CASE("page", "  \n<HTML><body>", BS_FMT_HTML),
      CASE("page", "<?xml version=\"1.0\"?>\n<html xmlns=\"x\">", BS_FMT_HTML),
      CASE("page.htm", "<div>SSN</div>", BS_FMT_HTML),
      CASE("page.html", "<p>hi</p>", BS_FMT_HTML),
      CASE("x.txt", "<?xml version=\"1.0\"?><a/>", BS_FMT_XML),
      CASE("x", "\xEF\xBB\xBF<patients><p/></patients>", BS_FMT_XML),
      CASE("x", "<!-- export --><patients/>", BS_FMT_XML),
      CASE("x", "\xFF\xFE<\0?\0x\0m\0l\0 \0", BS_FMT_XML),
      CASE("x", "\xFE\xFF\0<\0h\0t\0m\0l\0>", BS_FMT_HTML),
      CASE("dump", "-- MySQL dump 10.13  Distrib 8.0\n", BS_FMT_SQL),
      CASE("dump", "--\n-- PostgreSQL database dump\n--\n", BS_FMT_SQL),
      CASE("dump", "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n", BS_FMT_SQL),
      CASE("dump", "-- phpMyAdmin SQL Dump\n-- version 5.2.1\n", BS_FMT_SQL),
      CASE("dump", "\n insert into t values (1);", BS_FMT_SQL),
      CASE("dump.sql", "select 1;", BS_FMT_SQL),
      CASE("notes.txt", "a < b, and that is all\n", BS_FMT_TEXT),
      CASE("notes.txt", "SSN 123-45-6789\n", BS_FMT_TEXT),
      CASE("notes.sql", "binary\0data", BS_FMT_TEXT),
      CASE("page.html", "no markup at all", BS_FMT_TEXT),
#undef CASE
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    bs_format format = bs_sniff_bytes(cases[i].name, cases[i].data, cases[i].len);
    CHECKF(format == cases[i].format, "sniff docs case %zu: %.100s, want %.100s", i,
           bs_format_name(format), bs_format_name(cases[i].format));
  }
  CHECK(strcmp(bs_format_name(BS_FMT_PDF), "pdf") == 0);
  CHECK(strcmp(bs_format_name(BS_FMT_SQL), "sql") == 0);
}

/* ---- PDF --------------------------------------------------------------------------- */

static char *load(size_t *len, const char *path) {
  FILE *f = fopen(path, "rb");
  char *data = malloc(1 << 16);
  *len = f && data ? fread(data, 1, 1 << 16, f) : 0;
  if (f) fclose(f);
  return data;
}

static docs_sink *read_fixture(bs_status *status, bs_format *format, const char *file) {
  char path[256];
  snprintf(path, sizeof path, "tests/data/pdf/%s", file);
  size_t len;
  char *data = load(&len, path);
  CHECKF(len > 0, "fixture %.100s missing (run from the repository root)", path);
  docs_sink *s = read_bytes(status, format, file, data, len);
  free(data);
  return s;
}

static docs_sink *read_bytes_file(bs_status *status, bs_format *format, const char *path) {
  size_t len;
  char *data = load(&len, path);
  CHECKF(len > 0, "%s missing (run from the repository root)", path);
  docs_sink *s = read_bytes(status, format, path, data, len);
  free(data);
  return s;
}

static void test_pdf(void) {
  bs_status status;
  bs_format format;
  docs_sink *s = read_fixture(&status, &format, "two-pages.pdf");
  CHECK(status == BS_OK && format == BS_FMT_PDF);
  CHECKF(s->unit_count == 2, "pdf: %zu units", s->unit_count);
  want_unit("pdf", s, 0,
            "Discharge summary\nPatient: Mary Okafor\nDOB: 03/14/1962 SSN: 123-45-6789", 1, 1, 0,
            NULL, BS_EL_NONE, "page 1");
  want_unit("pdf", s, 1, "Follow-up\nPhone: (312) 555-0142\nMRN: 00123456", 1, 1, 0, NULL,
            BS_EL_NONE, "page 2");
  CHECK(s->diag_count == 0 && s->unexamined_count == 0 && s->member_count == 0);
  free(s);

  s = read_fixture(&status, &format, "image-only.pdf");
  CHECK(status == BS_OK && s->unit_count == 1 && strcmp(s->units[0].place, "page 1") == 0);
  CHECKF(s->unexamined_count == 1 && has_pair(s->unexamined, 1, "page 2", "image only"),
         "pdf image only: %zu unexamined", s->unexamined_count);
  free(s);

  /* A page drawn without text is listed; a blank page is not. */
  s = read_fixture(&status, &format, "drawn.pdf");
  CHECK(status == BS_OK && s->unit_count == 1);
  CHECKF(s->unexamined_count == 1 && has_pair(s->unexamined, 1, "page 2", "image only"),
         "pdf drawn: %zu unexamined", s->unexamined_count);
  free(s);

  s = read_fixture(&status, &format, "encrypted.pdf");
  CHECK(status == BS_OK && s->unit_count == 0);
  CHECK(s->unexamined_count == 1 && has_pair(s->unexamined, 1, "(null)", "encrypted"));
  free(s);

  s = read_fixture(&status, &format, "damaged.pdf");
  CHECK(format == BS_FMT_PDF && status == BS_EFORMAT && s->unit_count == 0);
  CHECK(s->diag_count == 1 && has_pair(s->diags, 1, "byte 0", "damaged PDF"));
  free(s);

  s = read_fixture(&status, &format, "attachment.pdf");
  CHECK(status == BS_OK && s->unit_count == 1);
  CHECKF(s->member_count == 1 && strcmp(s->members[0].text, "referral.txt") == 0 &&
             strcmp(s->members[0].extra, "Referral: SSN 287-65-4320, born 14 Mar 1975\n") == 0,
         "pdf attachment: %zu members", s->member_count);
  free(s);

  /* A filled form: field values by field name, a note, a file attached to the page. */
  s = read_fixture(&status, &format, "form.pdf");
  CHECKF(status == BS_OK && s->unit_count == 4, "pdf form: %zu units", s->unit_count);
  want_unit("pdf form", s, 0, "Intake form", 1, 1, 0, NULL, BS_EL_NONE, "page 1");
  want_unit("pdf form", s, 1, "03/14/1962", 1, 0, 0, "dob", BS_EL_DOB, "page 1 form");
  want_unit("pdf form", s, 2, "123-45-6789", 2, 0, 0, "patient_ssn", BS_EL_SSN, "page 1 form");
  want_unit("pdf form", s, 3, "Called back, MRN 00123456", 1, 0, 0, NULL, BS_EL_NONE,
            "page 1 notes");
  CHECK(s->member_count == 1 && strcmp(s->members[0].text, "card.txt") == 0 &&
        strcmp(s->members[0].extra, "MBI 1EG4-TE5-MK73\n") == 0);
  free(s);

  /* A page whose font is missing: poppler shows nothing of it, and what it logged is
   * counted and reported, not printed. */
  size_t len;
  char *data = load(&len, "tests/data/pdf/two-pages.pdf");
  char *font = len ? memmem(data, len, "BT /F1", 6) : NULL;
  CHECK(font != NULL);
  if (font) font[5] = '9';
  s = read_bytes(&status, &format, "no-font.pdf", data, len);
  free(data);
  CHECK(status == BS_OK && s->unit_count == 1 && strcmp(s->units[0].place, "page 2") == 0);
  CHECKF(s->diag_count == 1 && strcmp(s->diags[0].text, "document") == 0 &&
             strstr(s->diags[0].extra, "damaged in places"),
         "pdf without font: %zu diagnostics", s->diag_count);
  free(s);

  /* File specifications poppler-glib crashes on (a string where a dictionary belongs):
   * the child reading attachments dies, the rest of the document is read, and the
   * attachments are listed as not examined. */
  s = read_bytes_file(&status, &format, "fuzz/corpus/pdf/crash-attachment-string-filespec");
  CHECK(status == BS_OK && format == BS_FMT_PDF && s->member_count == 0);
  CHECK(has_pair(s->diags, s->diag_count, "attachments", "failed in the PDF library"));
  CHECK(s->unexamined_count == 1 && has_pair(s->unexamined, 1, "attachments", "damaged"));
  free(s);
  data = load(&len, "tests/data/pdf/form.pdf");
  static const char spec[] =
      "/FS << /Type /Filespec /F (card.txt) /UF (card.txt) /EF << /F 11 0 R >> >>";
  char *fs = len ? memmem(data, len, spec, sizeof spec - 1) : NULL;
  CHECK(fs != NULL);
  if (fs) {
    memset(fs, ' ', sizeof spec - 1);
    memcpy(fs, "/FS (card.txt)", 14);
  }
  s = read_bytes(&status, &format, "form-string-spec.pdf", data, len);
  free(data);
  CHECK(status == BS_OK && s->unit_count == 4 && s->unexamined_count == 0);
  CHECKF(s->member_count == 1 && strcmp(s->members[0].text, "attachment-1") == 0 &&
             strcmp(s->members[0].extra, "damaged: could not be unpacked") == 0,
         "pdf string file spec: %zu members", s->member_count);
  free(s);

  /* Not a PDF past its magic: nothing readable, said so. */
  s = read_text(&status, &format, "x.pdf", "%PDF-1.4\nnothing else");
  CHECK(format == BS_FMT_PDF && status == BS_EFORMAT && s->diag_count == 1);
  free(s);
}

/* ---- HTML -------------------------------------------------------------------------- */

static void test_html(void) {
  bs_status status;
  bs_format format;
  docs_sink *s = read_text(&status, &format, "chart.html",
                           "<!DOCTYPE html>\n"
                           "<html><head><title>Chart</title><style>td{color:red}</style>\n"
                           "<script>var p = {\"ssn\": \"287-65-4320\"};</script></head>\n"
                           "<body><h1>Registration</h1>\n"
                           "<table><tr><th>Name</th><th>Birth Date</th><th>SSN</th></tr>\n"
                           "<tr><td>Mary Okafor</td><td>03/14/1962</td><td>123-45-6789</td>"
                           "</tr></table>\n"
                           "<p>DOB:</p><div>03/14/1962</div><p><b>Phone:</b>\n"
                           "(312) 555-0142<br>MRN 00123456</p>\n"
                           "<!-- note: SSN 123-45-6789 -->\n"
                           "</body></html>\n");
  CHECK(status == BS_OK && format == BS_FMT_HTML);
  CHECKF(s->unit_count == 8, "html: %zu units", s->unit_count);
  want_unit("html", s, 0, "Chart", 2, 1, 0, NULL, BS_EL_NONE, NULL);
  want_unit("html", s, 1, "var p = {\"ssn\": \"287-65-4320\"};", 3, 1, 0, NULL, BS_EL_NONE,
            "script");
  want_unit("html", s, 2, "Registration\nName\tBirth Date\tSSN", 4, 1, 0, NULL, BS_EL_NONE, NULL);
  want_unit("html", s, 3, "Mary Okafor", 6, 1, 0, "Name", BS_EL_NAME, NULL);
  want_unit("html", s, 4, "03/14/1962", 6, 1, 0, "Birth Date", BS_EL_DOB, NULL);
  want_unit("html", s, 5, "123-45-6789", 6, 1, 0, "SSN", BS_EL_SSN, NULL);
  /* Blocks apart (a tab on one line), inline markup joined, source lines kept. */
  want_unit("html", s, 6, "DOB:\t03/14/1962\tPhone:\n(312) 555-0142\tMRN 00123456", 7, 1, 0, NULL,
            BS_EL_NONE, NULL);
  want_unit("html", s, 7, "note: SSN 123-45-6789", 9, 1, 0, NULL, BS_EL_NONE, "comment");
  CHECK(!unit_with(s, "color"));
  /* One pointer per distinct hint. */
  CHECK(s->units[3].hint_ptr != s->units[4].hint_ptr);
  free(s);

  /* Cells without headers stay apart; a row's th heads its cells; colspan counts. */
  s = read_text(&status, &format, "t.html",
                "<html><table><tr><td>DOB:</td><td>03/14/1962</td></tr>"
                "<tr><th>SSN</th><td>123-45-6789</td></tr></table>"
                "<table><tr><th colspan=2>Patient</th><th>MRN</th></tr>"
                "<tr><td>Mary</td><td>Okafor</td><td>00123456</td></tr></table></html>");
  CHECK(status == BS_OK);
  want_unit("html cells", s, 0, "DOB:\t03/14/1962\tSSN", 1, 1, 0, NULL, BS_EL_NONE, NULL);
  want_unit("html cells", s, 1, "123-45-6789", 1, 1, 0, "SSN", BS_EL_SSN, NULL);
  want_unit("html cells", s, 2, "Patient\tMRN", 1, 1, 0, NULL, BS_EL_NONE, NULL);
  want_unit("html cells", s, 3, "Mary\tOkafor", 1, 1, 0, "Patient", BS_EL_NAME, NULL);
  want_unit("html cells", s, 4, "00123456", 1, 1, 0, "MRN", BS_EL_MRN, NULL);
  free(s);

  /* The charset of the meta tag; broken markup repaired. */
  s = read_text(&status, &format, "x.html",
                "<html><head><meta charset=\"windows-1252\"></head><body><p>Jos\xe9 <b>Okafor"
                "<td>unclosed");
  CHECK(status == BS_OK && s->unit_count == 1);
  want_unit("html 1252", s, 0, "Jos\xC3\xA9 Okafor\tunclosed", 1, 1, 0, NULL, BS_EL_NONE, NULL);
  free(s);

  /* Values of a saved form's inputs, by input name. */
  s = read_text(
      &status, &format, "form.html",
      "<html><body><form>Date of birth <input name=\"patient_dob\" "
      "value=\"03/14/1962\">\n<input type=text value=\" Mary \"> ok</form></body></html>");
  CHECKF(status == BS_OK && s->unit_count == 4, "html form: %zu units", s->unit_count);
  want_unit("html form", s, 0, "Date of birth", 1, 1, 0, NULL, BS_EL_NONE, NULL);
  want_unit("html form", s, 1, "03/14/1962", 1, 1, 0, "patient_dob", BS_EL_DOB, NULL);
  want_unit("html form", s, 2, "Mary", 2, 1, 0, NULL, BS_EL_NONE, NULL);
  want_unit("html form", s, 3, "ok", 2, 1, 0, NULL, BS_EL_NONE, NULL);
  free(s);

  /* Nesting past libxml2's default limit (256): read whole, text after it included. */
  bs_buf deep;
  bs_buf_init(&deep, (size_t)1 << 20);
  bs_buf_append(&deep, "<html><body>", 12);
  for (int i = 0; i < 300; i++) bs_buf_append(&deep, "<div>", 5);
  bs_buf_append(&deep, "SSN 123-45-6789", 15);
  for (int i = 0; i < 300; i++) bs_buf_append(&deep, "</div>", 6);
  bs_buf_append(&deep, "<p>MRN 00123456</p></body></html>", 33);
  s = read_bytes(&status, &format, "deep.html", deep.data, deep.len);
  bs_buf_free(&deep);
  CHECK(status == BS_OK && s->unit_count == 1 && s->diag_count == 0);
  want_unit("html deep", s, 0, "SSN 123-45-6789\tMRN 00123456", 1, 1, 0, NULL, BS_EL_NONE, NULL);
  free(s);

  /* What libxml2 cannot make a document of is read as text, said so. */
  s = read_bytes(&status, &format, "x.html", "<html>\0\0\0SSN 123-45-6789", 24);
  CHECK(status == BS_OK);
  free(s);

  s = read_text(&status, &format, "empty.html", "<html></html>");
  CHECK(status == BS_OK && s->unit_count == 0);
  free(s);
}

/* ---- XML --------------------------------------------------------------------------- */

static void test_xml(void) {
  bs_status status;
  bs_format format;
  docs_sink *s = read_text(&status, &format, "export",
                           "<?xml version=\"1.0\"?>\n"
                           "<hl7:patients xmlns:hl7=\"urn:hl7-org:v3\">\n"
                           "  <hl7:patient ssn=\"123-45-6789\" id=\" \">\n"
                           "    <name><given>Mary</given> <family>Okafor</family></name>\n"
                           "    <birthTime value=\"19620314\"/>\n"
                           "    <note>Seen &amp; well <![CDATA[<ok>]]>\n on 03/14/2024</note>\n"
                           "    <!-- MRN 00123456 -->\n"
                           "  </hl7:patient>\n"
                           "</hl7:patients>\n");
  CHECK(status == BS_OK && format == BS_FMT_XML && s->diag_count == 0);
  CHECKF(s->unit_count == 6, "xml: %zu units", s->unit_count);
  want_unit("xml", s, 0, "123-45-6789", 3, 0, 0, "patients/patient/@ssn", BS_EL_SSN, NULL);
  want_unit("xml", s, 1, "Mary", 4, 0, 0, "patients/patient/name/given", BS_EL_FIRST_NAME, NULL);
  want_unit("xml", s, 2, "Okafor", 4, 0, 0, "patients/patient/name/family", BS_EL_LAST_NAME, NULL);
  want_unit("xml", s, 3, "19620314", 5, 0, 0, "patients/patient/birthTime/@value", BS_EL_DOB, NULL);
  want_unit("xml", s, 4, "Seen & well <ok>\n on 03/14/2024", 6, 0, 0, "patients/patient/note",
            BS_EL_NONE, NULL);
  want_unit("xml", s, 5, "MRN 00123456", 8, 0, 0, NULL, BS_EL_NONE, NULL);
  free(s);

  /* A syntax error: what was read stays, the rest is read as text from there. */
  s = read_text(&status, &format, "x.xml",
                "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n"
                "<p><name>Jos\xe9</name>\n<n>A & B</n>\n<ssn>123-45-6789</ssn>\n");
  CHECK(status == BS_OK);
  want_unit("xml error", s, 0, "Jos\xC3\xA9", 2, 0, 0, "p/name", BS_EL_NAME, NULL);
  want_unit("xml error", s, 1, "A", 3, 0, 0, "p/n", BS_EL_NONE, NULL);
  want_unit("xml error", s, 2, " B</n>\n<ssn>123-45-6789</ssn>\n", 3, 7, 0, NULL, BS_EL_NONE, NULL);
  CHECKF(s->diag_count == 1 && has_pair(s->diags, 1, "line 3 column 7", "invalid XML"),
         "xml error: %.100s: %.100s", s->diags[0].text, s->diags[0].extra);
  free(s);

  /* Text that merely starts with '<': all of it read as text. */
  s = read_text(&status, &format, "note.txt", "<Mary Okafor> wrote:\nSSN 123-45-6789\n");
  CHECK(status == BS_OK && format == BS_FMT_XML && s->diag_count == 1);
  CHECKF(s->unit_count == 1, "xml as text: %zu units", s->unit_count);
  want_unit("xml as text", s, 0, "<Mary Okafor> wrote:\nSSN 123-45-6789\n", 1, 1, 0, NULL,
            BS_EL_NONE, NULL);
  free(s);

  /* Entities: no external one read; expansion bounded and reported. */
  s = read_text(&status, &format, "x.xml",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY ext SYSTEM \"/etc/passwd\">\n"
                "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
                "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
                "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
                "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
                "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">]>\n"
                "<r><x>&ext;</x><ssn>123-45-6789</ssn><y>&e;</y></r>\n");
  CHECK(status == BS_OK && !unit_with(s, "root:"));
  CHECK(unit_with(s, "123-45-6789"));
  CHECKF(s->diag_count == 1 && strstr(s->diags[0].extra, "entity expansion over the limit"),
         "xml laughs: %zu diagnostics", s->diag_count);
  free(s);

  /* Nesting past the limit: the rest as text, so the value inside is still read. */
  bs_buf deep;
  bs_buf_init(&deep, (size_t)1 << 20);
  for (int i = 0; i < 300; i++) bs_buf_append(&deep, "<a>", 3);
  bs_buf_append(&deep, "SSN 123-45-6789", 15);
  for (int i = 0; i < 300; i++) bs_buf_append(&deep, "</a>", 4);
  s = read_bytes(&status, &format, "deep.xml", deep.data, deep.len);
  CHECK(status == BS_OK && format == BS_FMT_XML && unit_with(s, "SSN 123-45-6789"));
  CHECK(s->diag_count == 1 && strstr(s->diags[0].extra, "deeper than the limit"));
  free(s);
  bs_buf_free(&deep);
}

/* ---- RTF --------------------------------------------------------------------------- */

static void test_rtf(void) {
  bs_status status;
  bs_format format;
  docs_sink *s = read_text(&status, &format, "letter.rtf",
                           "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}"
                           "{\\f1\\fcharset204 Times;}}\n{\\colortbl;\\red0\\green0\\blue0;}"
                           "{\\*\\generator Writer 123-45-6789;}{\\info{\\author Jane}}\n"
                           "\\f0 Patient: Jos\\'e9 Okafor\\par\n"
                           "DOB:\\cell 03/14/1962\\cell\\row\n"
                           "\\uc1\\u8217?s {\\f1 \\'cf\\'e0}\\line\\uc2\\u55357\\'3f\\'3f"
                           "\\u56832??\\tab x\\~y\\{z\\}\\\\\\par\n"
                           "{\\pict\\pngblip 89504e470d0a}{\\object\\objemb{\\*\\objdata 0105}}"
                           "\\bin3 {}\\ok{\\field{\\*\\fldinst HYPERLINK \"x\"}{\\fldrslt link}}}");
  CHECK(status == BS_OK && format == BS_FMT_RTF);
  /* \cell and \row outside a table (no \trowd, no \intbl): a tab and a line end. */
  CHECKF(s->unit_count == 1, "rtf: %zu units", s->unit_count);
  want_unit("rtf", s, 0,
            "Patient: Jos\xC3\xA9 Okafor\nDOB:\t03/14/1962\t\n"
            "\xE2\x80\x99s \xD0\x9F\xD0\xB0\n\xF0\x9F\x98\x80\tx y{z}\\\noklink",
            1, 1, 0, NULL, BS_EL_NONE, NULL);
  CHECK(s->diag_count == 0);
  CHECK(s->unexamined_count == 1 && has_pair(s->unexamined, 1, "object 1", "embedded object"));
  free(s);

  /* Damaged: a bad escape, binary past the end, groups never closed. */
  s = read_text(&status, &format, "x.rtf", "{\\rtf1{{ SSN \\'zz123-45-6789 \\bin99 ");
  CHECK(status == BS_OK && s->unit_count == 1);
  want_unit("rtf damaged", s, 0, " SSN zz123-45-6789 ", 1, 1, 0, NULL, BS_EL_NONE, NULL);
  CHECKF(s->diag_count == 3 && has_pair(s->diags, 3, "byte 13", "bad hexadecimal escape") &&
             has_pair(s->diags, 3, "byte 36", "groups not closed"),
         "rtf damaged: %zu diagnostics", s->diag_count);
  free(s);

  /* Nesting past the limit is reported, and its text still read. */
  bs_buf deep;
  bs_buf_init(&deep, (size_t)1 << 20);
  bs_buf_append(&deep, "{\\rtf1 ", 7);
  for (int i = 0; i < 600; i++) bs_buf_append(&deep, "{", 1);
  bs_buf_append(&deep, "SSN 123-45-6789", 15);
  for (int i = 0; i < 601; i++) bs_buf_append(&deep, "}", 1);
  s = read_bytes(&status, &format, "deep.rtf", deep.data, deep.len);
  CHECK(status == BS_OK && unit_with(s, "SSN 123-45-6789"));
  CHECK(s->diag_count == 1 && strstr(s->diags[0].extra, "deeper than the limit"));
  free(s);
  bs_buf_free(&deep);

  /* A scanned page saved as RTF: pictures, no text. */
  s = read_text(&status, &format, "scan.rtf", "{\\rtf1{\\pict\\jpegblip ffd8ffe0}}");
  CHECK(status == BS_OK && s->unit_count == 0 && s->unexamined_count == 1 &&
        has_pair(s->unexamined, 1, "(null)", "image only"));
  free(s);
}

/* RTF tables (RTF 1.9.1 "Table Definitions"): a unit per cell, the first row's cells
 * the hints of the columns below, as DOCX tables are read. */
static void test_rtf_tables(void) {
  bs_status status;
  bs_format format;
  /* Word's shapes: \trowd before the cells, a cell of two paragraphs, an empty cell,
   * and (Word 2000 on) the row's properties again just before \row. */
  docs_sink *s =
      read_text(&status, &format, "consult.rtf",
                "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\n"
                "\\pard Consult summary\\par\n"
                "\\trowd\\trgaph108\\cellx2000\\cellx4000\\cellx6000\n"
                "\\pard\\intbl Patient\\cell Date of service\\cell Code\\cell\\row\n"
                "\\trowd\\trgaph108\\cellx2000\\cellx4000\\cellx6000\n"
                "\\pard\\intbl Jos\\'e9 Okafor\\par Room 4\\cell 07/02/2024\\cell\\cell\\row\n"
                "\\pard\\intbl{\\b Mary Ng}\\cell {07/03/2024}\\cell 80053\\cell"
                "\\pard\\intbl{\\trowd\\cellx2000\\cellx4000\\cellx6000\\row}\n"
                "\\pard After the table 123-45-6789\\par}");
  CHECK(status == BS_OK && format == BS_FMT_RTF && s->diag_count == 0);
  CHECKF(s->unit_count == 9, "rtf table: %zu units", s->unit_count);
  bs_element patient = bs_hint_type("Patient"), code = bs_hint_type("Code");
  want_unit("rtf table", s, 0, "Patient", 0, 1, 1, NULL, BS_EL_NONE, "table 1");
  want_unit("rtf table", s, 1, "Date of service", 0, 2, 1, NULL, BS_EL_NONE, "table 1");
  want_unit("rtf table", s, 2, "Code", 0, 3, 1, NULL, BS_EL_NONE, "table 1");
  want_unit("rtf table", s, 3, "Jos\xC3\xA9 Okafor\nRoom 4", 0, 1, 2, "Patient", patient,
            "table 1");
  want_unit("rtf table", s, 4, "07/02/2024", 0, 2, 2, "Date of service", BS_EL_SERVICE_DATE,
            "table 1");
  want_unit("rtf table", s, 5, "Mary Ng", 0, 1, 3, "Patient", patient, "table 1");
  want_unit("rtf table", s, 6, "07/03/2024", 0, 2, 3, "Date of service", BS_EL_SERVICE_DATE,
            "table 1");
  want_unit("rtf table", s, 7, "80053", 0, 3, 3, "Code", code, "table 1");
  /* Each row a line of the text: "After" stays on line 5. */
  want_unit("rtf table", s, 8, "Consult summary\n\n\n\nAfter the table 123-45-6789\n", 1, 1, 0,
            NULL, BS_EL_NONE, NULL);
  CHECK(s->units[4].hint_ptr == s->units[6].hint_ptr);
  free(s);

  /* Two tables apart; the second's first row is its own header. A row of one cell is
   * no header: the next row is taken. */
  s = read_text(&status, &format, "x.rtf",
                "{\\rtf1\\trowd\\pard\\intbl A\\cell B\\cell\\row\\pard between\\par"
                "\\trowd\\pard\\intbl Results\\cell\\row"
                "\\trowd\\pard\\intbl SSN\\cell DOB\\cell\\row"
                "\\trowd\\pard\\intbl 123-45-6789\\cell 03/14/1962\\cell\\row}");
  CHECK(status == BS_OK);
  CHECKF(s->unit_count == 8, "rtf tables: %zu units", s->unit_count);
  want_unit("rtf tables", s, 2, "Results", 0, 1, 1, NULL, BS_EL_NONE, "table 2");
  want_unit("rtf tables", s, 5, "123-45-6789", 0, 1, 3, "SSN", BS_EL_SSN, "table 2");
  want_unit("rtf tables", s, 6, "03/14/1962", 0, 2, 3, "DOB", BS_EL_DOB, "table 2");
  want_unit("rtf tables", s, 7, "\nbetween\n\n\n\n", 1, 1, 0, NULL, BS_EL_NONE, NULL);
  free(s);

  /* A nested table (\itap2, \nestcell, the \nestrow of \nesttableprops) flows into the
   * outer cell; {\nonesttables} is the copy for old readers, not read. */
  s = read_text(&status, &format, "nested.rtf",
                "{\\rtf1\\trowd\\cellx3000\\cellx6000\\pard\\intbl Name\\cell Notes\\cell\\row\n"
                "\\trowd\\cellx3000\\cellx6000\\pard\\intbl Ana Diaz\\cell\n"
                "\\pard\\intbl\\itap2 MRN\\nestcell 00123456\\nestcell"
                "{\\*\\nesttableprops\\trowd\\cellx1000\\cellx2000\\nestrow}"
                "{\\nonesttables MRN 00123456\\par}\n"
                "\\pard\\intbl\\itap1 \\cell\\row\\pard done\\par}");
  CHECK(status == BS_OK && s->diag_count == 0);
  CHECKF(s->unit_count == 5, "rtf nested: %zu units", s->unit_count);
  want_unit("rtf nested", s, 2, "Ana Diaz", 0, 1, 2, "Name", bs_hint_type("Name"), "table 1");
  want_unit("rtf nested", s, 3, "MRN\t00123456\t", 0, 2, 2, "Notes", bs_hint_type("Notes"),
            "table 1");
  want_unit("rtf nested", s, 4, "\n\ndone\n", 1, 1, 0, NULL, BS_EL_NONE, NULL);
  free(s);

  /* Malformed: a row the file does not end is still read, under its header. */
  s = read_text(&status, &format, "cut.rtf",
                "{\\rtf1\\trowd\\pard\\intbl Name\\cell SSN\\cell\\row"
                "\\trowd\\pard\\intbl Ana Diaz\\cell 123-45-");
  CHECK(status == BS_OK);
  CHECKF(s->unit_count == 5, "rtf cut: %zu units", s->unit_count);
  want_unit("rtf cut", s, 2, "Ana Diaz", 0, 1, 2, "Name", bs_hint_type("Name"), "table 1");
  want_unit("rtf cut", s, 3, "123-45-", 0, 2, 2, "SSN", BS_EL_SSN, "table 1");
  CHECK(s->diag_count == 1 && has_pair(s->diags, 1, "byte 85", "groups not closed"));
  free(s);

  /* \row with no row, \cell after a table ended, \nestcell outside any table. */
  s = read_text(&status, &format, "stray.rtf",
                "{\\rtf1 a\\row b\\nestcell c\\trowd\\pard\\intbl x\\cell y\\cell\\row"
                "\\pard d\\cell e\\nestrow}");
  CHECK(status == BS_OK && s->diag_count == 0);
  CHECKF(s->unit_count == 3, "rtf stray: %zu units", s->unit_count);
  want_unit("rtf stray", s, 2, "a\nb\tc\nd\te\n", 1, 1, 0, NULL, BS_EL_NONE, NULL);
  free(s);

  /* Nesting past every limit: groups past BS_LIMIT_RTF_DEPTH, \itap past any count. */
  bs_buf deep;
  bs_buf_init(&deep, (size_t)1 << 20);
  const char *start = "{\\rtf1\\trowd\\pard\\intbl ",
             *middle = "\\itap99999999999999 SSN 123-45-6789";
  bs_buf_append(&deep, start, strlen(start));
  char level[64];
  for (int i = 2; i < 700; i++) {
    int n = snprintf(level, sizeof level, "{\\pard\\intbl\\itap%d ", i);
    bs_buf_append(&deep, level, (size_t)n);
  }
  bs_buf_append(&deep, middle, strlen(middle));
  for (int i = 2; i < 700; i++) bs_buf_append(&deep, "\\nestrow}", 9);
  bs_buf_append(&deep, "\\cell\\row}", strlen("\\cell\\row}"));
  s = read_bytes(&status, &format, "deep.rtf", deep.data, deep.len);
  bs_buf_free(&deep);
  CHECKF(status == BS_OK && s->unit_count == 2, "rtf deep: %zu units", s->unit_count);
  CHECK(strstr(s->units[0].text, "SSN 123-45-6789") && !strcmp(s->units[0].place, "table 1") &&
        s->units[0].row == 1 && s->units[0].column == 1);
  CHECK(s->diag_count == 1 && strstr(s->diags[0].extra, "deeper than the limit"));
  free(s);
}

/* ---- SQL --------------------------------------------------------------------------- */

static void test_sql(void) {
  bs_status status;
  bs_format format;
  docs_sink *s = read_text(&status, &format, "backup",
                           "-- MySQL dump 10.13\n"
                           "CREATE TABLE `patients` (\n"
                           "  `id` int NOT NULL,\n"
                           "  `first_name` varchar(40),\n"
                           "  `dob` date DEFAULT NULL COMMENT 'a, b',\n"
                           "  `ssn` char(11),\n"
                           "  PRIMARY KEY (`id`)\n"
                           ");\n"
                           "INSERT INTO `patients` VALUES (1,'Mary','1962-03-14','123-45-6789'),"
                           "(2,'O\\'Brien ''Jr''\\n',NULL,DEFAULT);\n"
                           "INSERT IGNORE INTO `visits` (`patient_id`, `visit_date`) VALUES "
                           "(1, '2024-07-02');\n"
                           "-- call (312) 555-0142\n");
  CHECK(status == BS_OK && format == BS_FMT_SQL);
  /* CREATE TABLE: its names are not text, its literal is, where it stands. */
  CHECKF(s->unit_count == 11, "sql mysql: %zu units", s->unit_count);
  want_unit("sql mysql", s, 0, "-- MySQL dump 10.13\n", 1, 1, 0, NULL, BS_EL_NONE, NULL);
  want_unit("sql mysql", s, 1, "a, b", 5, 36, 0, NULL, BS_EL_NONE, NULL);
  want_unit("sql mysql", s, 2, "1", 0, 1, 1, "patients.id", BS_EL_NONE, NULL);
  want_unit("sql mysql", s, 3, "Mary", 0, 2, 1, "patients.first_name", BS_EL_FIRST_NAME, NULL);
  want_unit("sql mysql", s, 4, "1962-03-14", 0, 3, 1, "patients.dob", BS_EL_DOB, NULL);
  want_unit("sql mysql", s, 5, "123-45-6789", 0, 4, 1, "patients.ssn", BS_EL_SSN, NULL);
  want_unit("sql mysql", s, 6, "2", 0, 1, 2, "patients.id", BS_EL_NONE, NULL);
  want_unit("sql mysql", s, 7, "O'Brien 'Jr'\n", 0, 2, 2, "patients.first_name", BS_EL_FIRST_NAME,
            NULL);
  want_unit("sql mysql", s, 8, "1", 0, 1, 3, "visits.patient_id", BS_EL_MRN, NULL);
  want_unit("sql mysql", s, 9, "2024-07-02", 0, 2, 3, "visits.visit_date", BS_EL_SERVICE_DATE,
            NULL);
  want_unit("sql mysql", s, 10, "-- call (312) 555-0142\n", 11, 1, 0, NULL, BS_EL_NONE, NULL);
  CHECK(s->units[3].hint_ptr == s->units[7].hint_ptr);
  CHECK(s->diag_count == 0);
  free(s);

  /* PostgreSQL: COPY blocks; E'' strings take backslashes, standard ones do not. */
  s = read_text(&status, &format, "pg.sql",
                "-- PostgreSQL database dump\n"
                "COPY public.patients (id, last_name, ssn) FROM stdin;\n"
                "1\tOkafor\t123-45-6789\n"
                "2\tO\\tBrien\t\\N\n"
                "\\.\n"
                "INSERT INTO public.patients VALUES (3, E'Ng\\'uyen', 'C:\\dir');\n");
  CHECK(status == BS_OK);
  CHECKF(s->unit_count == 9, "sql pg: %zu units", s->unit_count);
  want_unit("sql pg", s, 0, "-- PostgreSQL database dump\n", 1, 1, 0, NULL, BS_EL_NONE, NULL);
  want_unit("sql pg", s, 1, "1", 0, 1, 1, "patients.id", BS_EL_NONE, NULL);
  want_unit("sql pg", s, 2, "Okafor", 0, 2, 1, "patients.last_name", BS_EL_LAST_NAME, NULL);
  want_unit("sql pg", s, 3, "123-45-6789", 0, 3, 1, "patients.ssn", BS_EL_SSN, NULL);
  want_unit("sql pg", s, 5, "O\tBrien", 0, 2, 2, "patients.last_name", BS_EL_LAST_NAME, NULL);
  want_unit("sql pg", s, 6, "3", 0, 1, 3, "patients.1", BS_EL_NONE, NULL);
  want_unit("sql pg", s, 7, "Ng'uyen", 0, 2, 3, "patients.2", BS_EL_NONE, NULL);
  want_unit("sql pg", s, 8, "C:\\dir", 0, 3, 3, "patients.3", BS_EL_NONE, NULL);
  free(s);

  /* SQLite and SQL Server names; what is not understood is read as text, reported. */
  s = read_text(&status, &format, "db.sql",
                "CREATE TABLE patients(id INTEGER PRIMARY KEY, \"date of birth\" TEXT);\n"
                "INSERT INTO patients VALUES(1,'1962-03-14');\n"
                "INSERT INTO [dbo].[patients] ([ssn]) VALUES (N'123-45-6789');\n"
                "INSERT INTO patients SELECT * FROM old;\n"
                "INSERT INTO t VALUES (1 2);\n");
  CHECK(status == BS_OK);
  want_unit("sql names", s, 0, "1", 0, 1, 1, "patients.id", BS_EL_NONE, NULL);
  want_unit("sql names", s, 1, "1962-03-14", 0, 2, 1, "patients.date of birth", BS_EL_DOB, NULL);
  want_unit("sql names", s, 2, "123-45-6789", 0, 1, 2, "patients.ssn", BS_EL_SSN, NULL);
  want_unit("sql names", s, 3, "INSERT INTO patients SELECT * FROM old;", 4, 1, 0, NULL, BS_EL_NONE,
            NULL);
  want_unit("sql names", s, 4, "1 2", 0, 1, 3, "t.1", BS_EL_NONE, NULL);
  CHECKF(s->unit_count == 5 && s->diag_count == 1 &&
             has_pair(s->diags, 1, "line 4", "not understood"),
         "sql names: %zu diagnostics", s->diag_count);
  free(s);
}

/* The index of the first unit whose text is exactly `text`, or MAX_KEPT (want_unit then
 * reports it missing). */
static size_t unit_index(const docs_sink *s, const char *text) {
  for (size_t i = 0; i < s->unit_count && i < MAX_KEPT; i++)
    if (strcmp(s->units[i].text, text) == 0) return i;
  return MAX_KEPT;
}

/* No unit holds any of the names (NULL-terminated list) a schema gave its objects. */
static void want_no_names(const char *test, const docs_sink *s, const char *const *names) {
  for (; *names; names++)
    CHECKF(!unit_with(s, *names), "%.100s: a unit holds the name \"%.100s\"", test, *names);
}

/* Schema statements as dump tools write them: their names are no text (a key named
 * `Mary Johnson` is no person), their literals and comments are; data rows unchanged. */
static void test_sql_schema(void) {
  bs_status status;
  bs_format format;
  /* mysqldump 8.0 */
  docs_sink *s = read_text(
      &status, &format, "clinic.sql",
      "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n"
      "--\n"
      "-- Host: localhost    Database: Anna Kowalski\n"
      "-- ------------------------------------------------------\n"
      "-- Server version\t8.0.36\n"
      "\n"
      "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
      "/*!50503 SET NAMES utf8mb4 */;\n"
      "/*!40103 SET TIME_ZONE='+00:00' */;\n"
      "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n"
      "\n"
      "--\n"
      "-- Table structure for table `patients`\n"
      "--\n"
      "\n"
      "DROP TABLE IF EXISTS `patients`;\n"
      "/*!40101 SET @saved_cs_client     = @@character_set_client */;\n"
      "CREATE TABLE `patients` (\n"
      "  `id` int NOT NULL AUTO_INCREMENT,\n"
      "  `mrn` varchar(16) NOT NULL,\n"
      "  `first_name` varchar(40) DEFAULT NULL,\n"
      "  `dob` date DEFAULT NULL COMMENT 'Date of birth',\n"
      "  `ssn` char(11) DEFAULT NULL,\n"
      "  `physician_id` int DEFAULT NULL,\n"
      "  PRIMARY KEY (`id`),\n"
      "  UNIQUE KEY `mrn` (`mrn`),\n"
      "  UNIQUE KEY `Patient Name` (`first_name`),\n"
      "  KEY `Mary Johnson` (`first_name`),\n"
      "  CONSTRAINT `Robert Smith` FOREIGN KEY (`physician_id`) REFERENCES `James Whitfield` "
      "(`id`)\n"
      ") ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COMMENT='call (312) 555-0142';\n"
      "/*!40101 SET character_set_client = @saved_cs_client */;\n"
      "\n"
      "--\n"
      "-- Dumping data for table `patients`\n"
      "--\n"
      "\n"
      "LOCK TABLES `patients` WRITE;\n"
      "/*!40000 ALTER TABLE `patients` DISABLE KEYS */;\n"
      "INSERT INTO `patients` VALUES (1,'00123456','Mary','1962-03-14','123-45-6789',NULL);\n"
      "/*!40000 ALTER TABLE `patients` ENABLE KEYS */;\n"
      "UNLOCK TABLES;\n"
      "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n"
      "\n"
      "-- Dump completed on 2024-07-01 12:00:00\n");
  CHECK(status == BS_OK && format == BS_FMT_SQL && s->diag_count == 0);
  static const char *const mysql_names[] = {"Anna Kowalski",
                                            "UNIQUE KEY",
                                            "Patient Name",
                                            "Mary Johnson",
                                            "Robert Smith",
                                            "James Whitfield",
                                            "InnoDB",
                                            "utf8mb4",
                                            "DISABLE KEYS",
                                            "LOCK TABLES",
                                            "patients",
                                            "character_set_client",
                                            NULL};
  want_no_names("sql mysqldump", s, mysql_names);
  want_unit("sql mysqldump", s, 0, "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n",
            1, 1, 0, NULL, BS_EL_NONE, NULL);
  want_unit("sql mysqldump", s, unit_index(s, "+00:00"), "+00:00", 9, 25, 0, NULL, BS_EL_NONE,
            NULL);
  want_unit("sql mysqldump", s, unit_index(s, "Date of birth"), "Date of birth", 22, 36, 0, NULL,
            BS_EL_NONE, NULL);
  want_unit("sql mysqldump", s, unit_index(s, "call (312) 555-0142"), "call (312) 555-0142", 30, 67,
            0, NULL, BS_EL_NONE, NULL);
  size_t first = unit_index(s, "1");
  want_unit("sql mysqldump", s, first, "1", 0, 1, 1, "patients.id", BS_EL_NONE, NULL);
  want_unit("sql mysqldump", s, first + 1, "00123456", 0, 2, 1, "patients.mrn", BS_EL_MRN, NULL);
  want_unit("sql mysqldump", s, first + 2, "Mary", 0, 3, 1, "patients.first_name", BS_EL_FIRST_NAME,
            NULL);
  want_unit("sql mysqldump", s, first + 3, "1962-03-14", 0, 4, 1, "patients.dob", BS_EL_DOB, NULL);
  want_unit("sql mysqldump", s, first + 4, "123-45-6789", 0, 5, 1, "patients.ssn", BS_EL_SSN, NULL);
  want_unit("sql mysqldump", s, first + 5, "-- Dump completed on 2024-07-01 12:00:00\n", 44, 1, 0,
            NULL, BS_EL_NONE, NULL);
  CHECKF(s->unit_count == first + 6, "sql mysqldump: %zu units", s->unit_count);
  free(s);

  /* pg_dump 16, plain format */
  s = read_text(
      &status, &format, "clinic.sql",
      "--\n"
      "-- PostgreSQL database dump\n"
      "--\n"
      "\n"
      "\\restrict 7hQm3XPf2JvKcLa9Rz\n"
      "\n"
      "SET statement_timeout = 0;\n"
      "SET client_encoding = 'UTF8';\n"
      "SELECT pg_catalog.set_config('search_path', '', false);\n"
      "\n"
      "--\n"
      "-- Name: patients; Type: TABLE; Schema: public; Owner: Anna Kowalski\n"
      "--\n"
      "\n"
      "CREATE TABLE public.patients (\n"
      "    id integer NOT NULL,\n"
      "    last_name character varying(40),\n"
      "    \"Maria Lopez\" text DEFAULT 'none'::text,\n"
      "    ssn character(11)\n"
      ");\n"
      "\n"
      "ALTER TABLE public.patients OWNER TO \"Anna Kowalski\";\n"
      "\n"
      "COMMENT ON COLUMN public.patients.ssn IS 'Social security number, as 123-45-6789';\n"
      "\n"
      "--\n"
      "-- Data for Name: patients; Type: TABLE DATA; Schema: public; Owner: Anna Kowalski\n"
      "--\n"
      "\n"
      "COPY public.patients (id, last_name, \"Maria Lopez\", ssn) FROM stdin;\n"
      "1\tOkafor\t\\N\t123-45-6789\n"
      "\\.\n"
      "\n"
      "ALTER TABLE ONLY public.patients\n"
      "    ADD CONSTRAINT \"Robert Smith\" UNIQUE (ssn);\n"
      "\n"
      "--\n"
      "-- Name: patients Johnson Williams; Type: INDEX; Schema: public; Owner: postgres\n"
      "--\n"
      "\n"
      "CREATE INDEX \"Johnson Williams\" ON public.patients USING btree (last_name);\n"
      "\n"
      "\\unrestrict 7hQm3XPf2JvKcLa9Rz\n");
  CHECK(status == BS_OK && s->diag_count == 0);
  static const char *const pg_names[] = {"Anna Kowalski",
                                         "Maria Lopez",
                                         "Robert Smith",
                                         "Johnson Williams",
                                         "7hQm3XPf2JvKcLa9Rz",
                                         "btree",
                                         "public",
                                         "patients",
                                         "Type:",
                                         NULL};
  want_no_names("sql pg_dump", s, pg_names);
  want_unit("sql pg_dump", s, 0, "--\n-- PostgreSQL database dump\n--\n\n", 1, 1, 0, NULL,
            BS_EL_NONE, NULL);
  want_unit("sql pg_dump", s, unit_index(s, "none"), "none", 18, 33, 0, NULL, BS_EL_NONE, NULL);
  want_unit("sql pg_dump", s, unit_index(s, "Social security number, as 123-45-6789"),
            "Social security number, as 123-45-6789", 24, 43, 0, NULL, BS_EL_NONE, NULL);
  first = unit_index(s, "Okafor");
  want_unit("sql pg_dump", s, first - 1, "1", 0, 1, 1, "patients.id", BS_EL_NONE, NULL);
  want_unit("sql pg_dump", s, first, "Okafor", 0, 2, 1, "patients.last_name", BS_EL_LAST_NAME,
            NULL);
  want_unit("sql pg_dump", s, first + 1, "123-45-6789", 0, 4, 1, "patients.ssn", BS_EL_SSN, NULL);
  /* pg_dump's own lone "--" lines are the only text left after the data. */
  for (size_t i = first + 2; i < s->unit_count && i < MAX_KEPT; i++)
    CHECKF(strspn(s->units[i].text, "-\n") == strlen(s->units[i].text),
           "sql pg_dump: unit %zu \"%.100s\"", i, s->units[i].text);
  free(s);

  /* SQL Server Management Studio: GO between batches, no ';', an UPDATE. */
  s = read_text(
      &status, &format, "clinic.sql",
      "USE [clinic]\r\nGO\r\n"
      "/****** Object:  Table [dbo].[Patients]    Script Date: 7/1/2024 10:00:00 AM ******/\r\n"
      "SET ANSI_NULLS ON\r\nGO\r\n"
      "CREATE TABLE [dbo].[Patients](\r\n"
      "\t[Id] [int] IDENTITY(1,1) NOT NULL,\r\n"
      "\t[LastName] [nvarchar](50) NULL,\r\n"
      "\t[SSN] [char](11) NULL,\r\n"
      " CONSTRAINT [Mary Johnson] PRIMARY KEY CLUSTERED \r\n(\r\n\t[Id] ASC\r\n)"
      "WITH (PAD_INDEX = OFF) ON [PRIMARY]\r\n) ON [PRIMARY]\r\nGO\r\n"
      "SET IDENTITY_INSERT [dbo].[Patients] ON \r\n\r\n"
      "INSERT [dbo].[Patients] ([Id], [LastName], [SSN]) VALUES (1, N'Okafor', N'123-45-6789')\r\n"
      "INSERT [dbo].[Patients] ([Id], [LastName], [SSN]) VALUES (2, N'Whitfield', NULL)\r\n"
      "SET IDENTITY_INSERT [dbo].[Patients] OFF\r\nGO\r\n"
      "UPDATE [dbo].[Patients] SET [LastName] = N'Diaz', [SSN] = '234-56-7890' WHERE [Id] = 1\r\n"
      "GO\r\n"
      "ALTER TABLE [dbo].[Patients] ADD CONSTRAINT [DF_Note] DEFAULT ('Robert Smith') FOR "
      "[LastName]\r\nGO 2\r\n");
  CHECK(status == BS_OK && s->diag_count == 0);
  static const char *const mssql_names[] = {"Mary Johnson",    "Script Date", "Patients", "clinic",
                                            "IDENTITY_INSERT", "PRIMARY",     "GO",       NULL};
  want_no_names("sql server", s, mssql_names);
  CHECKF(s->unit_count == 9, "sql server: %zu units", s->unit_count);
  want_unit("sql server", s, 1, "Okafor", 0, 2, 1, "Patients.LastName", BS_EL_LAST_NAME, NULL);
  want_unit("sql server", s, 2, "123-45-6789", 0, 3, 1, "Patients.SSN", BS_EL_SSN, NULL);
  want_unit("sql server", s, 4, "Whitfield", 0, 2, 2, "Patients.LastName", BS_EL_LAST_NAME, NULL);
  want_unit("sql server", s, 5, "Diaz", 0, 1, 3, "Patients.LastName", BS_EL_LAST_NAME, NULL);
  want_unit("sql server", s, 6, "234-56-7890", 0, 2, 3, "Patients.SSN", BS_EL_SSN, NULL);
  want_unit("sql server", s, 7, "WHERE [Id] = 1\r\n", 22, 73, 0, NULL, BS_EL_NONE, NULL);
  want_unit("sql server", s, 8, "Robert Smith", 24, 65, 0, NULL, BS_EL_NONE, NULL);
  free(s);

  /* UPDATE: a value ended by a clause, an expression, a name not followed. */
  s = read_text(&status, &format, "u.sql",
                "UPDATE patients p SET dob = '1962-03-14', visits = visits + 1 WHERE id = 7;\n"
                "UPDATE a JOIN b ON a.id = b.id SET a.ssn = '123-45-6789';\n");
  CHECK(status == BS_OK && s->diag_count == 0);
  CHECKF(s->unit_count == 4, "sql update: %zu units", s->unit_count);
  want_unit("sql update", s, 0, "1962-03-14", 0, 1, 1, "patients.dob", BS_EL_DOB, NULL);
  want_unit("sql update", s, 1, "visits + 1", 0, 2, 1, "patients.visits", BS_EL_SERVICE_DATE, NULL);
  want_unit("sql update", s, 2, "WHERE id = 7;", 1, 63, 0, NULL, BS_EL_NONE, NULL);
  want_unit("sql update", s, 3, "UPDATE a JOIN b ON a.id = b.id SET a.ssn = '123-45-6789';", 2, 1,
            0, NULL, BS_EL_NONE, NULL);
  free(s);

  /* Damaged schema statements end cleanly: an unclosed literal, an unclosed
   * executable comment, a quote left open inside one. */
  s = read_text(&status, &format, "bad.sql",
                "/*!40101 SET x='123-45-6789 */;\nCREATE TABLE `t` (a int COMMENT 'Mary Okafor");
  CHECK(status == BS_OK && unit_with(s, "123-45-6789") && unit_with(s, "Mary Okafor"));
  free(s);
}

/* ---- Robustness -------------------------------------------------------------------- */

/* Malformed inputs holding a name and an SSN: no diagnostic quotes them. */
static void test_docs_no_personal_data_in_diagnostics(void) {
  static const char *const inputs[][2] = {
      {"x.xml", "<?xml version=\"1.0\"?><Smith>123-45-6789</Smyth>"},
      {"x.xml", "<a><Smith 123-45-6789/></a>"},
      {"x.rtf", "{\\rtf1 Smith \\'Sm 123-45-6789 \\bin12345 {"},
      {"x.sql", "INSERT INTO Smith VALUES ('123-45-6789', Smith;"},
      {"x.sql", "COPY Smith (a) FROM stdin;\n123-45-6789\n"},
      {"x.pdf", "%PDF-1.4 Smith 123-45-6789"},
  };
  static const char *const secrets[] = {"Smith", "123-45-6789", "6789"};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    bs_status status;
    bs_format format;
    docs_sink *s = read_text(&status, &format, inputs[i][0], inputs[i][1]);
    CHECKF(s->diag_count >= 1, "docs leak case %zu: no diagnostic", i);
    for (size_t d = 0; d < s->diag_count && d < MAX_KEPT; d++)
      for (size_t k = 0; k < sizeof secrets / sizeof secrets[0]; k++)
        CHECKF(!strstr(s->diags[d].text, secrets[k]) && !strstr(s->diags[d].extra, secrets[k]),
               "docs leak case %zu: \"%.100s: %.100s\"", i, s->diags[d].text, s->diags[d].extra);
    free(s);
  }
}

/* Each allocation of our readers failing in turn: BS_ENOMEM or a full read, no leak. */
static void test_docs_allocation_failures(void) {
  static const char *const inputs[][2] = {
      {"x.xml", "<?xml version=\"1.0\"?><p a=\"1\"><ssn>123-45-6789</ssn><!-- c --></p>"},
      {"x.sql", "CREATE TABLE t (a int, b text);\nINSERT INTO t VALUES (1,'x'),(2,'y');\n"},
      {"x.rtf", "{\\rtf1\\ansicpg1251 \\'cf SSN 123-45-6789\\par}"},
      {"x.rtf", "{\\rtf1\\trowd\\pard\\intbl SSN\\cell DOB\\cell\\row"
                "\\trowd\\pard\\intbl 123-45-6789\\cell x\\cell\\row after\\par}"},
      {"x.html", "<html><table><tr><th>SSN</th></tr><tr><td>123-45-6789</td></tr></table>"},
  };
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    int completed = 0;
    for (long n = 1; n < 400 && !completed; n++) {
      bs_alloc_fail_after(n);
      bs_status status;
      bs_format format;
      docs_sink *s = read_text(&status, &format, inputs[i][0], inputs[i][1]);
      bs_alloc_fail_after(0);
      CHECKF(status == BS_OK || status == BS_ENOMEM, "alloc case %zu n %ld: status %d", i, n,
             (int)status);
      completed = status == BS_OK && unit_with(s, "123-45-6789") + unit_with(s, "x") > 0;
      free(s);
    }
    CHECKF(completed, "alloc case %zu never completed", i);
  }
}

/* libxml2 prints encoding errors with the bytes at fault, whatever the parser options:
 * nothing may reach stderr (fuzz find, fuzz/corpus/html/crash-encoding-error-printed). */
static void test_html_quiet(void) {
  fflush(stderr);
  int saved = dup(2);
  FILE *capture = tmpfile();
  if (saved < 0 || !capture) {
    CHECK(0);
    return;
  }
  dup2(fileno(capture), 2);
  bs_unit_sink sink;
  docs_sink *s = sink_new(&sink);
  bs_source src = {.name = "x.html", .data = "<\0\0\0", .len = 4};
  bs_buf scratch;
  bs_buf_init(&scratch, 1024);
  bs_status status = bs_read_html(&src, &scratch, &sink);
  bs_buf_free(&scratch);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  CHECK(status == BS_OK || status == BS_EFORMAT);
  CHECKF(ftell(capture) == 0, "html: %ld bytes printed to stderr", ftell(capture));
  fclose(capture);
  free(s);
}

/* Nothing at all, handed to each reader directly (bs_read calls it empty first). */
static void test_docs_empty(void) {
  bs_unit_sink sink;
  docs_sink *s = sink_new(&sink);
  bs_source src = {.name = "empty", .data = "", .len = 0};
  bs_buf scratch;
  bs_buf_init(&scratch, 1024);
  bs_encoding encoding;
  CHECK(bs_read_html(&src, &scratch, &sink) == BS_OK);
  CHECK(bs_read_xml(&src, &scratch, &sink) == BS_OK);
  CHECK(bs_read_rtf(&src, &sink) == BS_OK);
  CHECK(bs_read_sql(&encoding, &src, &scratch, &sink) == BS_OK);
  CHECK(bs_read_pdf(&src, &sink) == BS_EFORMAT);
  CHECK(s->unit_count == 0 && s->member_count == 0 && s->unexamined_count == 0);
  bs_buf_free(&scratch);
  free(s);
}

void test_docs(void) {
  test_docs_empty();
  test_html_quiet();
  test_sniff_docs();
  test_pdf();
  test_html();
  test_xml();
  test_rtf();
  test_rtf_tables();
  test_sql();
  test_sql_schema();
  test_docs_no_personal_data_in_diagnostics();
  test_docs_allocation_failures();
}
