/* Office 97-2003, Access and Outlook store readers: the fixtures of tests/data/ (XLS,
 * DOC, encrypted Office, kinds with no reader), damaged inputs built here, and
 * concurrent reads from several threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "collect.h"
#include "extract/mail.h"
#include "extract/office.h"
#include "extract/read.h"
#include "extract/xls_guard.h"
#include "test.h"

/* Reads a whole fixture. OUT: *len. NULL when missing (a failed case). */
static char *fixture(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  CHECKF(f != NULL, "fixture %s missing (run from the repository root)", path);
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = malloc(size > 0 ? (size_t)size : 1);
  *len = data && fread(data, 1, (size_t)size, f) == (size_t)size ? (size_t)size : 0;
  fclose(f);
  return data;
}

static got *read_bytes(const char *name, const char *data, size_t len, bs_status *status,
                       bs_format *format) {
  got *g = got_new();
  bs_unit_sink sink = got_sink(g);
  bs_buf scratch;
  bs_buf_init(&scratch, (size_t)1 << 24);
  bs_source src = {.name = name, .data = data, .len = len};
  bs_read_info info;
  *status = bs_read(&info, &src, &scratch, &sink);
  *format = info.format;
  bs_buf_free(&scratch);
  return g;
}

static void check_cell(const got *g, const char *text, const char *place, uint64_t row,
                       uint64_t column, const char *hint) {
  const got_unit *u = NULL;
  for (size_t i = 0; i < g->unit_count && i < GOT_UNITS; i++)
    if (strcmp(g->units[i].text, text) == 0) u = &g->units[i];
  CHECKF(u != NULL, "xls: no cell \"%s\"", text);
  if (!u) return;
  CHECKF(strcmp(u->place, place) == 0 && u->row == row && u->column == column && u->line == 0,
         "xls: \"%s\" at %s row %llu column %llu", text, u->place, (unsigned long long)u->row,
         (unsigned long long)u->column);
  CHECKF(hint ? u->has_hint && strcmp(u->hint, hint) == 0 : !u->has_hint, "xls: \"%s\" hint \"%s\"",
         text, u->hint);
  CHECK(u->type_matches);
}

static void test_xls(void) {
  size_t len;
  char *data = fixture("tests/data/xls/patients.xls", &len);
  if (!data) return;
  bs_status status;
  bs_format format;
  got *g = read_bytes("patients.xls", data, len, &status, &format);
  CHECKF(status == BS_OK && format == BS_FMT_XLS, "xls: status %d format %s", status,
         bs_format_name(format));
  CHECKF(g->unit_count == 7, "xls: %zu units", g->unit_count);
  check_cell(g, "00123456", "Patients!A2", 2, 1, "MRN");
  check_cell(g, "Okafor", "Patients!B2", 2, 2, "Last Name");
  check_cell(g, "1962-03-14", "Patients!C2", 2, 3, "DOB");
  check_cell(g, "123456789", "Patients!D2", 2, 4, "SSN");
  check_cell(g, "(312) 555-0142", "Patients!E2", 2, 5, "Phone");
  check_cell(g, "1.5", "Patients!D4", 4, 4, "SSN");
  check_cell(g, "Call José re SSN 287-65-4320", "Notes!B2", 2, 2, NULL);
  CHECK(got_unit_with(g, "Last Name") == NULL); /* the header is hints, not units */
  const got_unit *ssn = got_unit_with(g, "123456789"), *fraction = got_unit_with(g, "1.5");
  CHECK(ssn && fraction && ssn->hint_ptr == fraction->hint_ptr);
  CHECK(g->diag_count == 0 && g->unexamined_count == 0);
  free(g);
  free(data);
  data = fixture("tests/data/xls/encrypted.xls", &len);
  if (!data) return;
  g = read_bytes("encrypted.xls", data, len, &status, &format);
  CHECKF(status == BS_OK && format == BS_FMT_XLS && got_unexamined(g, "-: encrypted") &&
             g->unit_count == 0,
         "encrypted xls: %s", g->unexamined[0]);
  free(g);
  /* Cut short: reported, never a crash. */
  g = read_bytes("cut.xls", data, 1536, &status, &format);
  CHECK(status == BS_EFORMAT || status == BS_OK);
  CHECK(status == BS_OK || g->diag_count > 0);
  free(g);
  free(data);
}

/* The stream FreeXL is given (xls_guard.c): sheets re-laid after the globals, one
 * DIMENSIONS each computed from the cells, charts and unknown records left out, too
 * many cells refused. */
static size_t put_record(char *out, unsigned type, const char *data, size_t size) {
  out[0] = (char)(type & 0xFF);
  out[1] = (char)(type >> 8);
  out[2] = (char)(size & 0xFF);
  out[3] = (char)(size >> 8);
  memcpy(out + 4, data, size);
  return 4 + size;
}

static void test_xls_normalized(void) {
  static const char bof_globals[16] = {0x00, 0x06, 0x05, 0x00};
  static const char bof_sheet[16] = {0x00, 0x06, 0x10, 0x00};
  static const char bof_chart[16] = {0x00, 0x06, 0x20, 0x00};
  /* offset (set below), visible, worksheet, 1 character, 8-bit, the name */
  static const char sheet[] = {0, 0, 0, 0, 0, 0, 1, 0, 'S'};
  static const char dims[14] = {0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 5, 0, 0, 0};
  static const char huge[14] = {0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 1, 0, 0};
  static const char number[14] = {1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, (char)0xF0, 0x3F};
  static const char xf[20] = {0};
  static const char sst[8] = {0};
  char book[512], *p = book;
  p += put_record(p, 0x0809, bof_globals, sizeof bof_globals);
  p += put_record(p, 0x0042, "\xb0\x04", 2); /* CODEPAGE: UTF-16 */
  p += put_record(p, 0x00E0, xf, sizeof xf);
  size_t boundsheet_at = (size_t)(p - book);
  p += put_record(p, 0x0085, sheet, sizeof sheet);
  p += put_record(p, 0x1234, "junk", 4); /* unknown: left out */
  p += put_record(p, 0x00FC, sst, sizeof sst);
  p += put_record(p, 0x000A, "", 0);
  size_t sheet_at = (size_t)(p - book);
  book[boundsheet_at + 4] = (char)sheet_at; /* BOUNDSHEET offset */
  p += put_record(p, 0x0809, bof_sheet, sizeof bof_sheet);
  p += put_record(p, 0x0200, dims, sizeof dims);
  p += put_record(p, 0x0200, dims, sizeof dims); /* twice: FreeXL would leak */
  p += put_record(p, 0x0809, bof_chart, sizeof bof_chart);
  p += put_record(p, 0x0200, huge, sizeof huge); /* inside the chart: left out */
  p += put_record(p, 0x000A, "", 0);
  p += put_record(p, 0x0203, number, sizeof number);
  p += put_record(p, 0x000A, "", 0);
  bs_buf out;
  bs_buf_init(&out, 1 << 20);
  const char *why = "x";
  CHECK(bs_xls_normalize(&out, &why, book, (size_t)(p - book)) == BS_OK && why == NULL);
  /* globals: BOF 20, CODEPAGE 6, XF 24, BOUNDSHEET 13, SST 12, EOF 4; sheet: BOF 20,
   * DIMENSIONS 18, NUMBER 18, EOF 4 */
  CHECKF(out.len == 79 + 60, "normalized: %zu bytes", out.len);
  CHECK(out.len == 139 && (unsigned char)out.data[50 + 4] == 79 && out.data[50 + 5] == 0);
  size_t dimensions = 0;
  for (size_t at = 0; at + 4 <= out.len; at += 4 + (unsigned char)out.data[at + 2])
    dimensions += out.data[at] == 0x00 && out.data[at + 1] == 0x02;
  CHECK(dimensions == 1);
  /* The whole workbook through FreeXL: the one cell. */
  got *g = got_new();
  bs_unit_sink sink = got_sink(g);
  bs_source src = {.name = "x.xls", .data = book, .len = (size_t)(p - book)};
  bs_status read = bs_read_xls(&src, book, (size_t)(p - book), &sink);
  CHECKF(read == BS_OK, "normalized workbook: status %d, %s", read, g->diags[0]);
  CHECKF(g->unit_count == 1 && strcmp(g->units[0].text, "1") == 0 &&
             strcmp(g->units[0].place, "S!B2") == 0,
         "normalized workbook: %zu units", g->unit_count);
  /* A cell far out: more cells than the limit in the sheet's table, refused. */
  memcpy(p - 4 - 18 + 4, "\xff\xff\xff\xff", 4); /* the NUMBER's row and column */
  CHECK(bs_read_xls(&src, book, (size_t)(p - book), &sink) == BS_OK);
  CHECKF(got_unexamined(g, "-: workbook holds more cells than the limit"), "%s", g->unexamined[0]);
  free(g);
  bs_buf_free(&out);
}

/* Number cells shown through their number format ([MS-XLS] FORMAT and XF), as Excel
 * shows them: an SSN kept as a number with "000-00-0000", a ZIP code with "00000" (its
 * zero kept), whether the cell is NUMBER, RK or part of a MULRK; General stays plain. */
static void test_xls_number_formats(void) {
  static const char bof_globals[16] = {0x00, 0x06, 0x05, 0x00};
  static const char bof_sheet[16] = {0x00, 0x06, 0x10, 0x00};
  static const char sheet[] = {0, 0, 0, 0, 0, 0, 1, 0, 'S'};
  /* FORMAT 164 and 165: ifmt, cch (16 bits), fHighByte 0, the code */
  static const char ssn_format[] = "\xa4\x00\x0e\x00\x00"
                                   "000\\-00\\-0000";
  static const char zip_format[] = "\xa5\x00\x05\x00\x00"
                                   "00000";
  char xf_general[20] = {0}, xf_ssn[20] = {0}, xf_zip[20] = {0};
  xf_ssn[2] = (char)0xA4;
  xf_zip[2] = (char)0xA5;
  /* NUMBER 123456789 (XF 1) at B1; RK 2108 (XF 2) at C1; MULRK of XF 2 and XF 0 at
   * A2:B2 (2108, 2108) */
  char number[14] = {0, 0, 1, 0, 1, 0};
  double ssn = 123456789.0;
  memcpy(number + 6, &ssn, 8);
  static const char rk[10] = {0, 0, 2, 0, 2, 0, (char)0xF2, 0x20, 0, 0}; /* 2108 << 2 | 2 */
  static const char mulrk[18] = {1, 0, 0, 0,          2,    0, (char)0xF2, 0x20, 0,
                                 0, 0, 0, (char)0xF2, 0x20, 0, 0,          1,    0};
  char book[512], *p = book;
  p += put_record(p, 0x0809, bof_globals, sizeof bof_globals);
  p += put_record(p, 0x0042, "\xb0\x04", 2);
  p += put_record(p, 0x041E, ssn_format, sizeof ssn_format - 1);
  p += put_record(p, 0x041E, zip_format, sizeof zip_format - 1);
  p += put_record(p, 0x00E0, xf_general, sizeof xf_general);
  p += put_record(p, 0x00E0, xf_ssn, sizeof xf_ssn);
  p += put_record(p, 0x00E0, xf_zip, sizeof xf_zip);
  size_t boundsheet_at = (size_t)(p - book);
  p += put_record(p, 0x0085, sheet, sizeof sheet);
  p += put_record(p, 0x000A, "", 0);
  book[boundsheet_at + 4] = (char)(p - book);
  p += put_record(p, 0x0809, bof_sheet, sizeof bof_sheet);
  p += put_record(p, 0x0203, number, sizeof number);
  p += put_record(p, 0x027E, rk, sizeof rk);
  p += put_record(p, 0x00BD, mulrk, sizeof mulrk);
  p += put_record(p, 0x000A, "", 0);
  got *g = got_new();
  bs_unit_sink sink = got_sink(g);
  bs_source src = {.name = "f.xls", .data = book, .len = (size_t)(p - book)};
  CHECK(bs_read_xls(&src, book, (size_t)(p - book), &sink) == BS_OK);
  static const char *const want[][2] = {
      {"S!B1", "123-45-6789"}, {"S!C1", "02108"}, {"S!A2", "02108"}, {"S!B2", "2108"}};
  CHECKF(g->unit_count == 4, "number formats: %zu cells", g->unit_count);
  for (size_t i = 0; i < 4; i++) {
    int found = 0;
    for (size_t u = 0; u < g->unit_count && u < GOT_UNITS; u++)
      found |= !strcmp(g->units[u].place, want[i][0]) && !strcmp(g->units[u].text, want[i][1]);
    CHECKF(found, "number formats: %s is not %s", want[i][0], want[i][1]);
  }
  free(g);
}

static void test_doc(void) {
  size_t len;
  char *data = fixture("tests/data/doc/letter.doc", &len);
  if (!data) return;
  bs_status status;
  bs_format format;
  got *g = read_bytes("letter.doc", data, len, &status, &format);
  CHECKF(status == BS_OK && format == BS_FMT_DOC, "doc: status %d format %s", status,
         bs_format_name(format));
  CHECKF(g->unit_count == 1, "doc: %zu units", g->unit_count);
  const char *want = "Patient: Mary Okafor\nSSN: 123-45-6789\nDOB 03/14/1962\n  HYPERLINK  link \n"
                     "Paciente: José Pérez – MRN 00123456\n";
  CHECKF(g->unit_count && strcmp(g->units[0].text, want) == 0 && g->units[0].line == 1,
         "doc: text \"%.300s\"", g->units[0].text);
  free(g);
  free(data);
  data = fixture("tests/data/doc/encrypted.doc", &len);
  if (!data) return;
  g = read_bytes("encrypted.doc", data, len, &status, &format);
  CHECK(status == BS_OK && format == BS_FMT_DOC && got_unexamined(g, "-: encrypted") &&
        g->unit_count == 0);
  free(g);
  free(data);
}

/* The piece table reader on damaged FIBs and pieces. */
static void test_doc_damaged(void) {
  char word[1024] = {0}, table[64] = {0};
  got *g = got_new();
  bs_unit_sink sink = got_sink(g);
  bs_source src = {.name = "x.doc", .data = "", .len = 0};
  CHECK(bs_read_doc(&src, word, sizeof word, table, sizeof table, &sink) == BS_EFORMAT);
  CHECK(got_diag(g, "byte 0: Word document damaged: no valid FIB"));
  word[0] = (char)0xEC;
  word[1] = (char)0xA5;
  word[2] = 0x65; /* nFib of Word 6 */
  CHECK(bs_read_doc(&src, word, sizeof word, table, sizeof table, &sink) == BS_OK);
  CHECK(got_unexamined(g, "-: Word 6 or Word 95 document: no reader for this version"));
  word[2] = (char)0xC1;
  CHECK(bs_read_doc(&src, word, sizeof word, table, sizeof table, &sink) == BS_EFORMAT);
  CHECK(got_diag(g, "byte 0: Word document damaged: its piece table could not be read"));
  /* A valid FIB whose one piece lies past the end of the stream. */
  size_t at = 32;
  word[at] = 0; /* csw 0 */
  at += 2;
  word[at] = 0; /* cslw 0 */
  at += 2;
  word[at] = 34; /* cbRgFcLcb */
  at += 2;
  size_t clx_at = at + 8 * 33;
  static const char clx[] = "\x02\x10\x00\x00\x00"
                            "\x00\x00\x00\x00\x10\x00\x00\x00"
                            "\x00\x00\x00\x00\x01\x00\x00\x00";
  word[clx_at + 4] = (char)(sizeof clx - 1); /* lcbClx; fcClx 0 */
  memcpy(table, clx, sizeof clx - 1);
  table[5 + 8 + 2] = (char)0xF0; /* fc far past the stream */
  g->diag_count = 0;
  CHECK(bs_read_doc(&src, word, sizeof word, table, sizeof table, &sink) == BS_OK);
  CHECKF(got_diag(g, "piece table: pieces of text outside the document: not read"), "%s",
         g->diags[0]);
  free(g);
}

/* ---- Word tables, built by hand ([MS-DOC] 2.4.3) ------------------------------------ */

/* A paragraph of a hand-built document: its text, its mark, its sprms (after istd). */
typedef struct doc_paragraph {
  const char *text;  /* Windows-1252, without the mark */
  char mark;         /* 0x0D or 0x07; 0: none (text the document does not end) */
  const char *sprms; /* grpprl bytes */
  size_t sprms_len;  /* bytes */
} doc_paragraph;

#define IN_TABLE   "\x16\x24\x01"
#define TTP        "\x17\x24\x01"
#define ITAP2      "\x49\x66\x02\x00\x00\x00"
#define INNER_CELL "\x4B\x24\x01"
#define INNER_TTP  "\x4C\x24\x01"

/* A WordDocument of 4096 bytes (FIB; the text, one compressed piece, from 0x400; one
 * PapxFkp at page 4) and its table stream (Clx at 0, PlcBtePapx at 64), read. `crun`
 * other than 0 overrides the page's count of paragraphs (a damaged page). */
static got *read_doc_paragraphs(const doc_paragraph *ps, size_t n, int crun, bs_status *status) {
  static char word[4096], table[128];
  memset(word, 0, sizeof word);
  memset(table, 0, sizeof table);
  word[0] = (char)0xEC, word[1] = (char)0xA5, word[2] = (char)0xC1; /* wIdent, nFib */
  word[36] = 34;                                                    /* csw 0, cslw 0, pairs */
  char *pairs = word + 38;
  unsigned char *page = (unsigned char *)word + 4 * 512;
  size_t at = 0x400, top = 511;
  for (size_t i = 0; i < n; i++) {
    page[4 * i] = (unsigned char)(at & 0xFF), page[4 * i + 1] = (unsigned char)(at >> 8);
    size_t len = strlen(ps[i].text);
    memcpy(word + at, ps[i].text, len);
    at += len;
    if (ps[i].mark) word[at++] = ps[i].mark;
    size_t grpprl = 2 + ps[i].sprms_len, size = grpprl + 2 + grpprl % 2; /* cb 0, cb' */
    top = (top - size) & ~(size_t)1;
    page[top + 1] = (unsigned char)((grpprl + 1) / 2);
    memcpy(page + top + 4, ps[i].sprms, ps[i].sprms_len);
    page[4 * (n + 1) + 13 * i] = (unsigned char)(top / 2);
  }
  page[4 * n] = (unsigned char)(at & 0xFF), page[4 * n + 1] = (unsigned char)(at >> 8);
  page[511] = (unsigned char)(crun ? crun : (int)n);
  size_t count = at - 0x400;
  /* Clx: a Pcdt of one piece at 0x400, compressed (fc 0x800 | bit 30) */
  memcpy(table, "\x02\x10\x00\x00\x00", 5);
  table[9] = (char)count;
  memcpy(table + 13 + 2, "\x00\x08\x00\x40", 4);
  memcpy(pairs + 8 * 33 + 4, "\x15", 1); /* lcbClx 21; fcClx 0 */
  /* PlcBtePapx: aFC 0x400 and the end, pn 4 */
  table[64 + 1] = 0x04;
  table[64 + 4] = (char)(at & 0xFF), table[64 + 5] = (char)(at >> 8);
  table[64 + 8] = 4;
  pairs[8 * 13] = 64, pairs[8 * 13 + 4] = 12;
  got *g = got_new();
  bs_unit_sink sink = got_sink(g);
  bs_source src = {.name = "x.doc", .data = "", .len = 0};
  *status = bs_read_doc(&src, word, sizeof word, table, sizeof table, &sink);
  return g;
}

#define P(text, mark, sprms)                                                                       \
  { text, mark, sprms, sizeof sprms - 1 }

/* A visit list as Word writes it: cells ended by 0x07 in sprmPFInTable paragraphs, rows
 * by a 0x07 paragraph with sprmPFTtp; the first row gives the hints. */
static void test_doc_table(void) {
  static const doc_paragraph letter[] = {
      P("Before", 0x0D, ""),     P("Date of service", 0x07, IN_TABLE), P("CPT", 0x07, IN_TABLE),
      P("", 0x07, IN_TABLE TTP), P("03/04/2024", 0x07, IN_TABLE),      P("99213", 0x07, IN_TABLE),
      P("", 0x07, IN_TABLE TTP), P("After 07/02/2024", 0x0D, ""),
  };
  bs_status status;
  got *g = read_doc_paragraphs(letter, sizeof letter / sizeof letter[0], 0, &status);
  CHECK(status == BS_OK && g->diag_count == 0);
  check_cell(g, "03/04/2024", "table 1", 2, 1, "Date of service");
  check_cell(g, "99213", "table 1", 2, 2, "CPT");
  /* The text outside keeps its lines: a row a line. */
  const got_unit *text = got_unit_with(g, "Before");
  CHECKF(text && !strcmp(text->text, "Before\n\n\nAfter 07/02/2024\n") && text->line == 1 &&
             !text->place[0],
         "doc table: text \"%.200s\"", text ? text->text : "");
  free(g);

  /* A nested table flows into its outer cell; two tables are "table 1" and "table 2". */
  static const doc_paragraph nested[] = {
      P("Name", 0x07, IN_TABLE),
      P("Notes", 0x07, IN_TABLE),
      P("", 0x07, IN_TABLE TTP),
      P("Mary Okafor", 0x07, IN_TABLE),
      P("seen", 0x0D, IN_TABLE),
      P("a", 0x07, IN_TABLE ITAP2 INNER_CELL),
      P("b", 0x07, IN_TABLE ITAP2 INNER_CELL),
      P("", 0x07, IN_TABLE ITAP2 INNER_TTP),
      P("", 0x07, IN_TABLE),
      P("", 0x07, IN_TABLE TTP),
      P("between", 0x0D, ""),
      P("MRN", 0x07, IN_TABLE),
      P("DOB", 0x07, IN_TABLE),
      P("", 0x07, IN_TABLE TTP),
      P("00123456", 0x07, IN_TABLE),
      P("03/14/1962", 0x07, IN_TABLE),
      P("", 0x07, IN_TABLE TTP),
  };
  g = read_doc_paragraphs(nested, sizeof nested / sizeof nested[0], 0, &status);
  CHECK(status == BS_OK && g->diag_count == 0);
  check_cell(g, "Mary Okafor", "table 1", 2, 1, "Name");
  check_cell(g, "seen\na\tb\t", "table 1", 2, 2, "Notes");
  check_cell(g, "00123456", "table 2", 2, 1, "MRN");
  free(g);

  /* 0x07 of no table paragraph stays a tab; a row the document does not end still gives
   * its cells; text after the last mark is read. */
  static const doc_paragraph broken[] = {
      P("x", 0x07, ""),
      P("y", 0x0D, ""),
      P("Patient", 0x07, IN_TABLE),
      P("Name", 0x07, IN_TABLE),
      P("", 0x07, IN_TABLE TTP),
      P("00123456", 0x07, IN_TABLE),
      P("Mary Okafor", 0, IN_TABLE),
  };
  g = read_doc_paragraphs(broken, sizeof broken / sizeof broken[0], 0, &status);
  CHECK(status == BS_OK && g->diag_count == 0);
  check_cell(g, "00123456", "table 1", 2, 1, "Patient");
  check_cell(g, "Mary Okafor", "table 1", 2, 2, "Name");
  text = got_unit_with(g, "x\ty");
  CHECKF(text && !strcmp(text->text, "x\ty\n\n\n") && text->line == 1, "doc: text \"%.200s\"",
         text ? text->text : "");
  free(g);

  /* A page of paragraph properties whose count runs past its end: a diagnostic, and its
   * paragraphs read as text as before. */
  g = read_doc_paragraphs(letter, sizeof letter / sizeof letter[0], 200, &status);
  CHECK(status == BS_OK && got_diag(g, "paragraph properties: pages of paragraph properties "
                                       "damaged: tables there read as text"));
  text = got_unit_with(g, "Before");
  CHECKF(text && !strcmp(text->text, "Before\nDate of service\tCPT\t\t03/04/2024\t99213\t\tAfter "
                                     "07/02/2024\n"),
         "doc damaged: \"%.200s\"", text ? text->text : "");
  free(g);
}

static void test_msg(void) {
  size_t len;
  char *data = fixture("tests/data/msg/statement.msg", &len);
  if (!data) return;
  bs_status status;
  bs_format format;
  got *g = read_bytes("statement.msg", data, len, &status, &format);
  CHECKF(status == BS_OK && format == BS_FMT_MSG, "msg: status %d format %s", status,
         bs_format_name(format));
  const got_unit *from = got_unit_with(g, "billing@");
  CHECK(from && strcmp(from->text, "Clinic Billing <billing@example.com>") == 0 &&
        strcmp(from->hint, "From") == 0 && strcmp(from->place, "header") == 0);
  const got_unit *to = got_unit_with(g, "mary.okafor@");
  CHECK(to && strcmp(to->text, "Mary Okafor <mary.okafor@example.org>") == 0 &&
        strcmp(to->hint, "To") == 0);
  const got_unit *subject = got_unit_with(g, "Statement");
  CHECK(subject && strcmp(subject->text, "Statement for José") == 0);
  const got_unit *body = got_unit_with(g, "SSN 123-45-6789");
  CHECK(body && strcmp(body->place, "body") == 0 && body->line == 1);
  const got_member *csv = got_member_named(g, "claims.csv");
  CHECK(csv && csv->has_data && strcmp(csv->data, "MRN,SSN\n00777001,287-65-4320\n") == 0);
  const got_member *inner = got_member_named(g, "Fwd: lab (2024-07-02).eml");
  CHECK(inner && inner->has_data && strstr(inner->data, "MRN 00123456"));
  CHECKF(g->member_count == 2 && g->diag_count == 0, "msg: %zu members, %zu diagnostics",
         g->member_count, g->diag_count);
  free(g);
  free(data);
}

static void test_ole2_kinds(void) {
  static const struct {
    const char *path, *note;
  } cases[] = {
      {"tests/data/ole2/encrypted.docx", "-: encrypted"},
      {"tests/data/ole2/slides.ppt",
       "-: PowerPoint 97-2003 presentation: no reader for this format"},
      {"tests/data/ole2/other.bin", "-: OLE2 compound file of a kind with no reader"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t len;
    char *data = fixture(cases[i].path, &len);
    if (!data) continue;
    bs_status status;
    bs_format format;
    got *g = read_bytes(cases[i].path, data, len, &status, &format);
    CHECKF(status == BS_OK && format == BS_FMT_OLE2 && got_unexamined(g, cases[i].note), "%s: %s",
           cases[i].path, g->unexamined[0]);
    free(g);
    free(data);
  }
  /* The magic and nothing sound after it. */
  char bad[1024];
  memset(bad, 0x5A, sizeof bad);
  memcpy(bad, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  bs_status status;
  bs_format format;
  got *g = read_bytes("bad.xls", bad, sizeof bad, &status, &format);
  CHECK(status == BS_EFORMAT &&
        got_diag(g, "byte 0: damaged OLE2 compound file: its directory could not be read"));
  free(g);
}

/* A unit of text exactly `text`, or NULL. */
static const got_unit *unit_exactly(const got *g, const char *text) {
  for (size_t i = 0; i < g->unit_count && i < GOT_UNITS; i++)
    if (strcmp(g->units[i].text, text) == 0) return &g->units[i];
  return NULL;
}

/* Whole Access databases (the fuzz seeds, written by tests/data/make_mdb.py --small):
 * fields at table, row and column with the column name as hint; then the Jet 4 one
 * damaged here in ways libmdb passes over in silence, each reported. */
static void test_mdb_sample(void) {
  static const char *const seeds[] = {"fuzz/corpus/mdb/jet4-small", "fuzz/corpus/mdb/jet3-small"};
  for (size_t i = 0; i < 2; i++) {
    size_t len = 0;
    char *data = fixture(seeds[i], &len);
    if (!data) continue;
    bs_status status;
    bs_format format;
    got *g = read_bytes("db.mdb", data, len, &status, &format);
    CHECKF(format == BS_FMT_MDB && status == BS_OK && g->diag_count == 0,
           "%s: status %d, %zu diags", seeds[i], status, g->diag_count);
    const got_unit *u = unit_exactly(g, "123-45-6789");
    CHECKF(u && !strcmp(u->place, "Patients") && u->row == 1 && u->column == 6 &&
               !strcmp(u->hint, "SSN") && u->type_matches,
           "%s: ssn", seeds[i]);
    u = unit_exactly(g, "1962-03-14 00:00:00");
    CHECKF(u && u->row == 1 && u->column == 5 && !strcmp(u->hint, "DOB"), "%s: date", seeds[i]);
    u = got_unit_with(g, "287-65-4320"); /* a memo on a long-value page */
    CHECKF(u && u->row == 2 && u->column == 15 && !strcmp(u->hint, "Notes"), "%s: memo", seeds[i]);
    free(g);
    free(data);
  }
  size_t len = 0;
  char *data = fixture("fuzz/corpus/mdb/jet4-small", &len);
  if (!data || len < 9 * 4096) {
    free(data);
    return;
  }
  bs_status status;
  bs_format format;
  got *g = read_bytes("db.mdb", data, len - 1, &status, &format);
  CHECK(status == BS_OK && got_diag(g, "byte 36863: the file ends inside page 8: cut short"));
  free(g);
  g = read_bytes("db.mdb", data, 100, &status, &format);
  CHECK(status == BS_EFORMAT &&
        got_diag(g, "byte 0: damaged Access database: shorter than its header page"));
  free(g);
  g = read_bytes("db.mdb", data, 0, &status, &format);
  CHECK(format == BS_FMT_MDB && status == BS_EFORMAT && got_diag(g, "byte 0: empty file"));
  free(g);
  /* Page 5 is the table's definition (after the header, the global usage map, the
   * catalog's definition, usage maps and rows): continued on itself. */
  char *bad = malloc(len);
  if (!bad) return;
  memcpy(bad, data, len);
  CHECK(bad[5 * 4096] == 2);
  memcpy(bad + 5 * 4096 + 4, "\5\0\0\0", 4);
  g = read_bytes("db.mdb", bad, len, &status, &format);
  CHECK(status == BS_OK && got_diag(g, "table 1: the pages of its definition loop") &&
        unit_exactly(g, "123-45-6789"));
  free(g);
  /* Cut before the long-value page (page 8): the memo's text reported missing. */
  g = read_bytes("db.mdb", data, 8 * 4096, &status, &format);
  CHECK(status == BS_OK &&
        got_diag(g,
                 "table 1 row 2 column 15: a memo's text is on page 8, past the end of the file") &&
        unit_exactly(g, "123-45-6789") && !got_unit_with(g, "287-65-4320"));
  free(g);
  /* The long-value page no longer marked so: reported (libmdb reads it all the same). */
  memcpy(bad, data, len);
  memcpy(bad + 8 * 4096 + 4, "LVAX", 4);
  g = read_bytes("db.mdb", bad, len, &status, &format);
  CHECK(status == BS_OK &&
        got_diag(
            g, "table 1 row 2 column 15: a memo's text is on page 8, which is no long-value page"));
  free(g);
  /* The table's usage map an empty row (libmdb 1.0.0 would read it through a null
   * pointer): the table refused, the file still read. The definition (page 5) names
   * row 1 of page 6 for it, and row 1 is made to start where it ends, at row 0's start. */
  memcpy(bad, data, len);
  CHECK(bad[6 * 4096] == 1 && bad[5 * 4096 + 55] == 0);
  bad[5 * 4096 + 55] = 1;
  memcpy(bad + 6 * 4096 + 16, bad + 6 * 4096 + 14, 2);
  g = read_bytes("db.mdb", bad, len, &status, &format);
  CHECK(status == BS_OK && got_diag(g, "table 1: its usage map is an empty row"));
  free(g);
  free(bad);
  free(data);
}

/* Damaged Access databases and Outlook stores: a diagnostic or a note, no crash. */
static void test_mdb_pst_damaged(void) {
  static char page[8192];
  memset(page, 0, sizeof page);
  memcpy(page, "\0\1\0\0Standard Jet DB\0", 20);
  bs_status status;
  bs_format format;
  got *g = read_bytes("x.mdb", page, sizeof page, &status, &format);
  CHECKF(format == BS_FMT_MDB && (status == BS_EFORMAT || status == BS_OK) &&
             g->diag_count + g->unexamined_count > 0 && g->unit_count == 0,
         "mdb: status %d", status);
  free(g);
  memcpy(page, "\0\1\0\0Standard ACE DB\0", 20);
  g = read_bytes("x.accdb", page, 100, &status, &format);
  CHECK(format == BS_FMT_MDB && g->diag_count + g->unexamined_count > 0);
  free(g);
  memset(page, 0, sizeof page);
  memcpy(page, "!BDN", 4);
  g = read_bytes("x.pst", page, sizeof page, &status, &format);
  CHECKF(format == BS_FMT_PST && status == BS_EFORMAT && g->diag_count > 0, "pst: status %d",
         status);
  free(g);
  g = read_bytes("x.pst", page, 4, &status, &format);
  CHECK(format == BS_FMT_PST && status == BS_EFORMAT);
  free(g);
}

/* A whole Outlook store, written by tests/data/make_pst.py (the fuzz seed): its message
 * handed on as a member with its attachment; its recipient no failed attachment, its
 * sole recipient given the address of the recipient table; a copy cut short said
 * truncated where it ends. */
static void test_pst_store(void) {
  size_t len;
  char *data = fixture("fuzz/corpus/pst/inbox-attachment.pst", &len);
  if (!data) return;
  bs_status status;
  bs_format format;
  got *g = read_bytes("mail.pst", data, len, &status, &format);
  CHECKF(status == BS_OK && format == BS_FMT_PST, "pst: status %d format %s", status,
         bs_format_name(format));
  const got_member *m = got_member_named(g, "Inbox/Lab results (2024-07-02).eml");
  CHECKF(g->member_count == 1 && m && m->has_data, "pst: %zu members", g->member_count);
  CHECK(m && strstr(m->data, "From: Clinic Billing <billing@clinic.example>") &&
        strstr(m->data, "filename=claims.csv") &&
        strstr(m->data, "To: Mary Okafor <mary.okafor@example.org>"));
  CHECKF(g->diag_count == 0, "pst: %s", g->diags[0]);
  free(g);
  char expected[128];
  snprintf(expected, sizeof expected,
           "byte %zu: truncated Outlook store: 100 of its %zu bytes missing", len - 100, len);
  g = read_bytes("mail.pst", data, len - 100, &status, &format);
  CHECKF(status == BS_EFORMAT && got_diag(g, expected) && g->member_count == 0, "pst: %s",
         g->diags[0]);
  free(g);
  free(data);
}

/* The scanner reads files on several threads: XLS (FreeXL), MDB and PST (locked),
 * email (GMime) at once. */
typedef struct thread_job {
  const char *xls; /* the workbook */
  size_t xls_len;  /* its bytes */
  int ok;          /* every read gave what it should */
} thread_job;

static void *read_many(void *arg) {
  thread_job *job = arg;
  static const char message[] = "From: a@b.org\nTo: c@d.org\nSubject: x\n\nSSN 123-45-6789\n";
  char pst[512] = "!BDN", mdb[4096] = "\0\1\0\0Standard Jet DB";
  job->ok = 1;
  for (int i = 0; i < 20; i++) {
    bs_status status;
    bs_format format;
    got *g = read_bytes("p.xls", job->xls, job->xls_len, &status, &format);
    job->ok &= status == BS_OK && g->unit_count == 7;
    free(g);
    g = read_bytes("m.eml", message, sizeof message - 1, &status, &format);
    job->ok &= status == BS_OK && g->unit_count == 4;
    free(g);
    g = read_bytes("x.pst", pst, sizeof pst, &status, &format);
    free(g);
    if (i == 0) { /* libmdb reports damage on stderr itself: once is enough */
      g = read_bytes("x.mdb", mdb, sizeof mdb, &status, &format);
      free(g);
    }
  }
  return NULL;
}

static void test_office_threads(void) {
  size_t len;
  char *data = fixture("tests/data/xls/patients.xls", &len);
  if (!data) return;
  enum { THREADS = 4 };
  pthread_t threads[THREADS];
  thread_job jobs[THREADS];
  for (int i = 0; i < THREADS; i++) {
    jobs[i] = (thread_job){.xls = data, .xls_len = len};
    CHECK(pthread_create(&threads[i], NULL, read_many, &jobs[i]) == 0);
  }
  for (int i = 0; i < THREADS; i++) {
    pthread_join(threads[i], NULL);
    CHECKF(jobs[i].ok, "thread %d: a read went wrong", i);
  }
  free(data);
}

void test_ole2office(void) {
  test_xls();
  test_xls_normalized();
  test_xls_number_formats();
  test_doc();
  test_doc_damaged();
  test_doc_table();
  test_msg();
  test_ole2_kinds();
  test_mdb_sample();
  test_mdb_pst_damaged();
  test_pst_store();
  test_office_threads();
}
