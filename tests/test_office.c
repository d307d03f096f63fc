/* Containers and Office documents through bs_read: archives (members, encryption,
 * bombs), XLSX, DOCX, PPTX, ODS, ODT, ODP (units, places, hints), number formats.
 * Inputs are built here with libarchive's writer from XML written to the standards. */
#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "detect/hints.h"
#include "extract/numfmt.h"
#include "extract/read.h"
#include "test.h"

#define MAX_ITEMS 64

typedef struct got_unit {
  char text[256], place[128], hint[64];
  uint64_t line, row, column;
  bs_element hint_type;
  uint64_t record;
} got_unit;

typedef struct got {
  got_unit units[MAX_ITEMS];
  size_t units_n;
  char members[MAX_ITEMS][128];
  char member_why[MAX_ITEMS][96];
  size_t member_len[MAX_ITEMS];
  size_t members_n;
  char unexamined[8][128];
  size_t unexamined_n;
  char diags[8][160];
  size_t diags_n;
} got;

static bs_status on_unit(const bs_unit *u, void *ctx) {
  got *g = ctx;
  if (g->units_n < MAX_ITEMS) {
    got_unit *k = &g->units[g->units_n];
    snprintf(k->text, sizeof k->text, "%.*s", (int)u->len, u->text);
    snprintf(k->place, sizeof k->place, "%s", u->place ? u->place : "");
    snprintf(k->hint, sizeof k->hint, "%s", u->hint ? u->hint : "");
    k->line = u->line;
    k->row = u->row;
    k->column = u->column;
    k->hint_type = u->hint_type;
    k->record = u->record;
  }
  g->units_n++;
  return BS_OK;
}

static void on_diag(const char *place, const char *message, void *ctx) {
  got *g = ctx;
  if (g->diags_n < 8)
    snprintf(g->diags[g->diags_n], sizeof g->diags[0], "%s: %s", place ? place : "", message);
  g->diags_n++;
}

static bs_status on_member(const bs_member *m, void *ctx) {
  got *g = ctx;
  if (g->members_n < MAX_ITEMS) {
    snprintf(g->members[g->members_n], sizeof g->members[0], "%s", m->name);
    snprintf(g->member_why[g->members_n], sizeof g->member_why[0], "%s",
             m->not_examined ? m->not_examined : "");
    g->member_len[g->members_n] = m->len;
  }
  g->members_n++;
  return BS_OK;
}

static void on_unexamined(const char *place, const char *why, void *ctx) {
  got *g = ctx;
  if (g->unexamined_n < 8)
    snprintf(g->unexamined[g->unexamined_n], sizeof g->unexamined[0], "%s: %s",
             place ? place : "(file)", why);
  g->unexamined_n++;
}

/* Reads bytes named `name` through bs_read. */
static bs_status read_bytes(got *g, bs_read_info *info, const char *name, const void *data,
                            size_t len) {
  memset(g, 0, sizeof *g);
  bs_unit_sink sink = {on_unit, on_diag, on_member, on_unexamined, g};
  bs_source src = {.name = name, .data = data, .len = len};
  bs_buf scratch;
  bs_buf_init(&scratch, (size_t)1 << 30);
  bs_status status = bs_read(info, &src, &scratch, &sink);
  bs_buf_free(&scratch);
  return status;
}

/* A zip (or other format) in memory from name/content pairs ending at NULL.
 * OUT: *len. format: ARCHIVE_FORMAT_*; filter: ARCHIVE_FILTER_*; passphrase or NULL. */
static char *make_archive(size_t *len, int format, int filter, const char *passphrase,
                          const char *const *parts) {
  size_t cap = (size_t)1 << 22;
  char *buf = malloc(cap);
  struct archive *a = archive_write_new();
  archive_write_set_format(a, format);
  archive_write_add_filter(a, filter);
  if (passphrase) {
    archive_write_set_options(a, "zip:encryption=zipcrypt");
    archive_write_set_passphrase(a, passphrase);
  }
  archive_write_open_memory(a, buf, cap, len);
  for (size_t i = 0; parts[i]; i += 2) {
    struct archive_entry *e = archive_entry_new();
    size_t n = strlen(parts[i + 1]);
    archive_entry_set_pathname(e, parts[i]);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)n);
    archive_entry_set_mtime(e, 1720000000, 0);
    archive_write_header(a, e);
    archive_write_data(a, parts[i + 1], n);
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return buf;
}

static char *make_zip(size_t *len, const char *const *parts) {
  return make_archive(len, ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, NULL, parts);
}

static const got_unit *find_unit(const got *g, const char *place) {
  for (size_t i = 0; i < g->units_n && i < MAX_ITEMS; i++)
    if (!strcmp(g->units[i].place, place)) return &g->units[i];
  return NULL;
}

static void check_unit(const got *g, const char *place, const char *text, const char *hint) {
  const got_unit *u = find_unit(g, place);
  /* The hint's type goes with it; a unit without a hint has none. */
  bs_element type = hint[0] ? bs_hint_type(hint) : BS_EL_NONE;
  CHECKF(u && !strcmp(u->text, text) && !strcmp(u->hint, hint) && u->hint_type == type,
         "unit at %s: \"%s\" hint \"%s\", want \"%s\" hint \"%s\"", place, u ? u->text : "(none)",
         u ? u->hint : "", text, hint);
}

/* ---- Number formats ----------------------------------------------------------- */

static void test_numfmt(void) {
  static const struct {
    double value;
    const char *code, *want;
  } cases[] = {
      {219384471, "000-00-0000", "219-38-4471"},
      {12345678, "000-00-0000", "012-34-5678"},
      {2108, "00000", "02108"},
      {21081234, "00000-0000", "02108-1234"},
      {6175550199, "[<=9999999]###-####;(###) ###-####", "(617) 555-0199"},
      {5550199, "[<=9999999]###-####;(###) ###-####", "555-0199"},
      {1234.5, "0.00", "1234.50"},
      {0, "#,##0", "0"},
      {-42, "0;(0)", "(42)"},
      {0.25, "0%", "25%"},
      {42, "\"MRN \"000000", "MRN 000042"},
      {22719, "mm-dd-yy", "1962-03-14"},
      {22719.5, "m/d/yy h:mm", "1962-03-14 12:00:00"},
      {61, "d-mmm-yy", "1900-03-01"},
      {59, "yyyy-mm-dd", "1900-02-28"},
      {21257, "yyyy-mm-dd", "1962-03-14"}, /* read with date1904 below: 1462 days later */
      {123456789, NULL, "123456789"},
      {0.1, "General", "0.1"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char out[64];
    int date1904 = i == 15;
    bs_numfmt_render(out, sizeof out, cases[i].value, cases[i].code, date1904);
    CHECKF(!strcmp(out, cases[i].want), "numfmt %g with \"%s\": \"%s\", want \"%s\"",
           cases[i].value, cases[i].code ? cases[i].code : "(null)", out, cases[i].want);
  }
  CHECK(bs_numfmt_is_date("mm/dd/yyyy") && bs_numfmt_is_date("[h]:mm"));
  CHECK(!bs_numfmt_is_date("000-00-0000") && !bs_numfmt_is_date("\"day\" 0") &&
        !bs_numfmt_is_date("[Red]0.00"));
  CHECK(bs_numfmt_builtin(14) && !strcmp(bs_numfmt_builtin(14), "mm-dd-yy") &&
        !bs_numfmt_builtin(300));
}

/* ---- XLSX ----------------------------------------------------------------------- */

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define SSML     "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RELNS    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char content_types[] =
    XML_HEAD "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
             "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

static void test_xlsx(void) {
  const char *parts[] = {
      "[Content_Types].xml",
      content_types,
      "xl/workbook.xml",
      XML_HEAD "<workbook " SSML " " RELNS "><workbookPr date1904=\"false\"/><sheets>"
               "<sheet name=\"Patients\" sheetId=\"1\" r:id=\"rId1\"/>"
               "<sheet name=\"Notes\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>",
      "xl/_rels/workbook.xml.rels",
      XML_HEAD
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
      "<Relationship Id=\"rId2\" Target=\"/xl/worksheets/notes.xml\"/></Relationships>",
      "xl/sharedStrings.xml",
      XML_HEAD "<sst " SSML "><si><t>Patient Name</t></si><si><t>SSN</t></si><si><t>DOB</t></si>"
               "<si><t>ZIP</t></si><si><r><t>Mary </t></r><r><t>Okafor</t></r>"
               "<rPh><t>MEARI</t></rPh></si></sst>",
      "xl/styles.xml",
      XML_HEAD "<styleSheet " SSML "><numFmts><numFmt numFmtId=\"164\" formatCode=\"000-00-0000\"/>"
               "<numFmt numFmtId=\"165\" formatCode=\"00000\"/></numFmts>"
               "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
               "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/>"
               "<xf numFmtId=\"165\"/></cellXfs></styleSheet>",
      "xl/worksheets/sheet1.xml",
      XML_HEAD
      "<worksheet " SSML "><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
      "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>4</v></c><c r=\"B3\" s=\"1\"><v>219384471</v></c>"
      "<c r=\"C3\" s=\"2\"><v>22719</v></c><c r=\"D3\" s=\"3\"><v>2108</v></c></row>"
      "<row><c t=\"inlineStr\"><is><t>Linh Nguyen</t></is></c><c t=\"str\"><f>X</f>"
      "<v>287-65-4320</v></c><c t=\"b\"><v>1</v></c><c t=\"s\"><v>99</v></c></row>"
      "</sheetData></worksheet>",
      "xl/worksheets/notes.xml",
      XML_HEAD "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
               "<x:sheetData><x:row r=\"2\"><x:c r=\"B2\" t=\"inlineStr\"><x:is><x:t>call "
               "617-555-0199</x:t></x:is></x:c></x:row><x:row r=\"3\"><x:c r=\"A3\"",
      NULL};
  size_t len;
  char *zip = make_zip(&len, parts);
  got g;
  bs_read_info info;
  CHECK(read_bytes(&g, &info, "book.xlsx", zip, len) == BS_OK);
  CHECK(info.format == BS_FMT_XLSX);
  check_unit(&g, "Patients!A1", "Patient Name", "");
  check_unit(&g, "Patients!A3", "Mary Okafor", "Patient Name");
  check_unit(&g, "Patients!B3", "219-38-4471", "SSN");
  check_unit(&g, "Patients!C3", "1962-03-14", "DOB");
  check_unit(&g, "Patients!D3", "02108", "ZIP");
  check_unit(&g, "Patients!A4", "Linh Nguyen", "Patient Name");
  check_unit(&g, "Patients!B4", "287-65-4320", "SSN");
  check_unit(&g, "Patients!C4", "TRUE", "DOB");
  CHECK(find_unit(&g, "Patients!D4") == NULL); /* shared string 99 does not exist */
  const got_unit *b3 = find_unit(&g, "Patients!B3");
  CHECK(b3 && b3->row == 3 && b3->column == 2 && b3->line == 0);
  /* Records number the rows across the workbook: one person a row. */
  const got_unit *a3 = find_unit(&g, "Patients!A3"), *b4 = find_unit(&g, "Patients!B4");
  CHECK(a3 && b3 && b4 && a3->record == 2 && b3->record == 2 && b4->record == 3);
  /* The second sheet is cut off: what came before stands, with a diagnostic. */
  check_unit(&g, "Notes!B2", "call 617-555-0199", "");
  CHECK(find_unit(&g, "Notes!B2") && find_unit(&g, "Notes!B2")->record == 4);
  CHECKF(g.diags_n == 1 && strstr(g.diags[0], "Notes line") && strstr(g.diags[0], "malformed"),
         "xlsx diagnostics: %zu, first \"%s\"", g.diags_n, g.diags[0]);
  CHECK(g.members_n == 0 && g.unexamined_n == 0);
  free(zip);

  /* No workbook relationships: not readable as a workbook. */
  const char *broken[] = {"[Content_Types].xml", content_types, "xl/workbook.xml",
                          XML_HEAD "<workbook " SSML "/>", NULL};
  zip = make_zip(&len, broken);
  CHECK(read_bytes(&g, &info, "broken.xlsx", zip, len) == BS_EFORMAT && g.diags_n == 1);
  free(zip);
}

/* ---- DOCX, PPTX ----------------------------------------------------------------- */

#define WML "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static void test_docx(void) {
  const char *inner_parts[] = {"[Content_Types].xml", content_types, NULL};
  size_t inner_len;
  char *inner = make_zip(&inner_len, inner_parts);
  /* The embedded part is binary: written through its own entry below. */
  const char *parts[] = {
      "[Content_Types].xml",
      content_types,
      "word/document.xml",
      XML_HEAD "<w:document " WML "><w:body>"
               "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
               "<w:r><w:t>Patient: Mary Okafor</w:t></w:r><w:r><w:tab/><w:t>DOB: 03/14/1962</w:t>"
               "</w:r></w:p>"
               "<w:p><w:r><w:t xml:space=\"preserve\">SSN </w:t></w:r><w:del><w:r><w:delText>"
               "219-38-4471</w:delText></w:r></w:del><w:ins><w:r><w:t>on file</w:t></w:r></w:ins>"
               "</w:p>"
               "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>"
               "<w:t>Phone</w:t></w:r></w:p></w:tc></w:tr>"
               "<w:tr><w:tc><w:p><w:r><w:t>Linh Nguyen</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>"
               "<w:t>(305) 555-0177</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
               "<w:p><w:r><w:t>Seen 07/02/2024.</w:t><w:br/><w:t>Dr. Adams</w:t></w:r></w:p>"
               "</w:body></w:document>",
      "word/header1.xml",
      XML_HEAD "<w:hdr " WML "><w:p><w:r><w:t>MRN 00123456</w:t></w:r></w:p></w:hdr>",
      "word/comments.xml",
      XML_HEAD "<w:comments " WML "><w:comment><w:p><w:r><w:t>verify SSN</w:t></w:r></w:p>"
               "</w:comment></w:comments>",
      "word/styles.xml",
      XML_HEAD "<w:styles " WML "><w:style><w:name w:val=\"x\"/></w:style></w:styles>",
      "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
      "PK-not-really",
      NULL};
  size_t len;
  char *zip = make_zip(&len, parts);
  got g;
  bs_read_info info;
  CHECK(read_bytes(&g, &info, "letter.docx", zip, len) == BS_OK);
  CHECK(info.format == BS_FMT_DOCX);
  check_unit(&g, "document",
             "Patient: Mary Okafor\tDOB: 03/14/1962\nSSN 219-38-4471on file\nSeen 07/02/2024.\n"
             "Dr. Adams\n",
             "");
  check_unit(&g, "document!table 1", "Name", "");
  CHECKF(g.units_n == 7, "docx units: %zu", g.units_n);
  int found_cell = 0;
  for (size_t i = 0; i < g.units_n && i < MAX_ITEMS; i++)
    if (!strcmp(g.units[i].text, "(305) 555-0177"))
      found_cell = !strcmp(g.units[i].hint, "Phone") && g.units[i].row == 2 &&
                   g.units[i].column == 2 && !strcmp(g.units[i].place, "document!table 1");
  CHECK(found_cell);
  check_unit(&g, "header1", "MRN 00123456\n", "");
  check_unit(&g, "comments", "verify SSN\n", "");
  CHECK(g.members_n == 1 &&
        !strcmp(g.members[0], "word/embeddings/Microsoft_Excel_Worksheet.xlsx") &&
        g.member_len[0] == strlen("PK-not-really"));
  CHECK(g.diags_n == 0);
  free(zip);
  free(inner);

  const char *slides[] = {
      "[Content_Types].xml",
      content_types,
      "ppt/presentation.xml",
      XML_HEAD "<p:presentation/>",
      "ppt/slides/slide2.xml",
      XML_HEAD "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><p:txBody><a:p><a:r><a:t>Case review: "
               "J. Smith</a:t></a:r></a:p><a:p><a:r><a:t>DOB 1/2/1950</a:t></a:r></a:p>"
               "</p:txBody></p:sld>",
      "ppt/notesSlides/notesSlide2.xml",
      XML_HEAD "<p:notes xmlns:p=\"p\" xmlns:a=\"a\"><a:p><a:r><a:t>MBI 1EG4-TE5-MK73</a:t>"
               "</a:r></a:p></p:notes>",
      "ppt/slideLayouts/slideLayout1.xml",
      XML_HEAD "<p:sldLayout xmlns:p=\"p\" xmlns:a=\"a\">"
               "<a:p><a:r><a:t>Title</a:t></a:r></a:p></p:sldLayout>",
      NULL};
  zip = make_zip(&len, slides);
  CHECK(read_bytes(&g, &info, "deck.pptx", zip, len) == BS_OK && info.format == BS_FMT_PPTX);
  check_unit(&g, "slide 2", "Case review: J. Smith\nDOB 1/2/1950\n", "");
  check_unit(&g, "notes 2", "MBI 1EG4-TE5-MK73\n", "");
  CHECK(g.units_n == 2);
  free(zip);
}

/* ---- OpenDocument ---------------------------------------------------------------- */

#define ODF_NS                                                                                     \
  "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                             \
  "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                               \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                                 \
  "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""

static void test_odf(void) {
  const char *ods[] = {
      "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml",
      XML_HEAD
      "<office:document-content " ODF_NS "><office:body><office:spreadsheet>"
      "<table:table table:name=\"Intake\"><table:table-row>"
      "<table:table-cell office:value-type=\"string\"><text:p>Name</text:p></table:table-cell>"
      "<table:table-cell table:number-columns-repeated=\"2\"/>"
      "<table:table-cell office:value-type=\"string\"><text:p>Birth Date</text:p>"
      "</table:table-cell></table:table-row>"
      "<table:table-row table:number-rows-repeated=\"3\"><table:table-cell/></table:table-row>"
      "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Ana"
      "<text:s text:c=\"2\"/>Diaz</text:p></table:table-cell>"
      "<table:table-cell table:number-columns-repeated=\"2\"/>"
      "<table:table-cell office:value-type=\"date\" office:date-value=\"1950-01-02\">"
      "<text:p>01/02/50</text:p></table:table-cell>"
      "<table:table-cell office:value-type=\"float\" office:value=\"219384471\"/>"
      "</table:table-row></table:table></office:spreadsheet></office:body>"
      "</office:document-content>",
      NULL};
  size_t len;
  char *zip = make_zip(&len, ods);
  got g;
  bs_read_info info;
  CHECK(read_bytes(&g, &info, "intake.ods", zip, len) == BS_OK && info.format == BS_FMT_ODS);
  check_unit(&g, "Intake!A1", "Name", "");
  check_unit(&g, "Intake!D1", "Birth Date", "");
  check_unit(&g, "Intake!A5", "Ana  Diaz", "Name");
  check_unit(&g, "Intake!D5", "01/02/50", "Birth Date");
  check_unit(&g, "Intake!E5", "219384471", "");
  CHECK(g.units_n == 5);
  free(zip);

  const char *odt[] = {
      "mimetype",
      "application/vnd.oasis.opendocument.text",
      "content.xml",
      XML_HEAD "<office:document-content " ODF_NS "><office:body><office:text>"
               "<text:h>Referral</text:h><text:p>Patient: Ana Diaz<text:tab/>DOB 01/02/1950"
               "<text:line-break/>SSN 219-38-4471</text:p>"
               "<table:table><table:table-row><table:table-cell><text:p>Member ID</text:p>"
               "</table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>"
               "XGH123456789</text:p></table:table-cell></table:table-row></table:table>"
               "</office:text></office:body></office:document-content>",
      "styles.xml",
      XML_HEAD "<office:document-styles " ODF_NS "><text:p>Fax 617-555-0100</text:p>"
               "</office:document-styles>",
      NULL};
  zip = make_zip(&len, odt);
  CHECK(read_bytes(&g, &info, "referral.odt", zip, len) == BS_OK && info.format == BS_FMT_ODT);
  check_unit(&g, "content", "Referral\nPatient: Ana Diaz\tDOB 01/02/1950\nSSN 219-38-4471\n", "");
  check_unit(&g, "content!table 1", "Member ID", "");
  check_unit(&g, "styles", "Fax 617-555-0100\n", "");
  free(zip);

  const char *odp[] = {
      "mimetype", "application/vnd.oasis.opendocument.presentation", "content.xml",
      XML_HEAD
      "<office:document-content " ODF_NS "><office:body><office:presentation>"
      "<draw:page><text:p>One</text:p></draw:page><draw:page><text:p>SSN 219-38-4471"
      "</text:p></draw:page></office:presentation></office:body></office:document-content>",
      NULL};
  zip = make_zip(&len, odp);
  CHECK(read_bytes(&g, &info, "talk.odp", zip, len) == BS_OK && info.format == BS_FMT_ODP);
  check_unit(&g, "slide 1", "One\n", "");
  check_unit(&g, "slide 2", "SSN 219-38-4471\n", "");
  free(zip);

  /* A password-protected package: its manifest says how each part is encrypted. */
  const char *encrypted[] = {
      "mimetype",
      "application/vnd.oasis.opendocument.text",
      "META-INF/manifest.xml",
      XML_HEAD "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:"
               "manifest:1.0\"><manifest:file-entry manifest:full-path=\"content.xml\">"
               "<manifest:encryption-data/></manifest:file-entry></manifest:manifest>",
      "content.xml",
      "\x8a\x11 random bytes",
      NULL};
  zip = make_zip(&len, encrypted);
  CHECK(read_bytes(&g, &info, "locked.odt", zip, len) == BS_OK);
  CHECK(g.unexamined_n == 1 && !strcmp(g.unexamined[0], "(file): encrypted") && g.units_n == 0);
  free(zip);
}

/* ---- Archives -------------------------------------------------------------------- */

static void test_archives(void) {
  const char *files[] = {"reports/a.csv", "ssn\n219-38-4471\n", "b.txt", "DOB 03/14/1962\n", NULL};
  size_t len;
  got g;
  bs_read_info info;
  char *zip = make_zip(&len, files);
  CHECK(read_bytes(&g, &info, "x.zip", zip, len) == BS_OK && info.format == BS_FMT_ARCHIVE);
  CHECK(g.members_n == 2 && !strcmp(g.members[0], "reports/a.csv") &&
        !strcmp(g.members[1], "b.txt") && g.member_len[0] == 16 && !g.member_why[0][0]);
  free(zip);

  char *tgz =
      make_archive(&len, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP, NULL, files);
  CHECK(read_bytes(&g, &info, "x.tgz", tgz, len) == BS_OK && g.members_n == 2 &&
        !strcmp(g.members[1], "b.txt"));
  free(tgz);

  /* The other containers and compressions libarchive writes (rar it only reads). */
  static const struct {
    const char *name;
    int format, filter;
  } kinds[] = {
      {"x.tar.bz2", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_BZIP2},
      {"x.tar.xz", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_XZ},
      {"x.tar.zst", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_ZSTD},
      {"x.tar", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE},
      {"x.7z", ARCHIVE_FORMAT_7ZIP, ARCHIVE_FILTER_NONE},
      {"x.cpio", ARCHIVE_FORMAT_CPIO_POSIX, ARCHIVE_FILTER_NONE},
  };
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    char *packed = make_archive(&len, kinds[k].format, kinds[k].filter, NULL, files);
    bs_status status = read_bytes(&g, &info, kinds[k].name, packed, len);
    CHECKF(status == BS_OK && info.format == BS_FMT_ARCHIVE && g.members_n == 2 &&
               !strcmp(g.members[0], "reports/a.csv") && !strcmp(g.members[1], "b.txt") &&
               g.member_len[0] == 16 && g.member_len[1] == 15 && !g.member_why[0][0],
           "%s: status %d, %zu members", kinds[k].name, (int)status, g.members_n);
    free(packed);
  }

  /* Text that merely starts like a cpio header stays text. */
  const char cpio_like[] = "070707 was the batch number; SSN 219-38-4471 on file.\n";
  CHECK(read_bytes(&g, &info, "batch.txt", cpio_like, sizeof cpio_like - 1) == BS_OK &&
        info.format == BS_FMT_TEXT);

  /* A lone compressed file: one member named after it, whatever the compression. */
  const char *one[] = {"ignored", "MRN 00123456\n", NULL};
  static const struct {
    const char *name;
    int filter;
  } lone[] = {{"dir/visits.csv.gz", ARCHIVE_FILTER_GZIP},
              {"dir/visits.csv.bz2", ARCHIVE_FILTER_BZIP2},
              {"dir/visits.csv.xz", ARCHIVE_FILTER_XZ},
              {"dir/visits.csv.zst", ARCHIVE_FILTER_ZSTD}};
  for (size_t k = 0; k < sizeof lone / sizeof lone[0]; k++) {
    char *packed = make_archive(&len, ARCHIVE_FORMAT_RAW, lone[k].filter, NULL, one);
    CHECKF(packed && read_bytes(&g, &info, lone[k].name, packed, len) == BS_OK &&
               g.members_n == 1 && !strcmp(g.members[0], "visits.csv") && g.member_len[0] == 13,
           "%s: %zu members", lone[k].name, g.members_n);
    free(packed);
  }

  /* Entries locked with a password are listed, not read. */
  char *locked = make_archive(&len, ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, "secret", files);
  CHECK(read_bytes(&g, &info, "locked.zip", locked, len) == BS_OK && g.members_n == 2 &&
        !strcmp(g.member_why[0], "encrypted") && !strcmp(g.member_why[1], "encrypted"));
  free(locked);

  /* Damaged: the entries read before the damage stand. */
  zip = make_zip(&len, files);
  CHECK(read_bytes(&g, &info, "cut.zip", zip, len / 2) != BS_ENOMEM);
  CHECK(g.diags_n + g.members_n >= 1);
  free(zip);

  /* A decompression bomb: 40 MB of zeros in a few kilobytes. */
  size_t zeros_len = (size_t)40 << 20;
  char *zeros = calloc(1, zeros_len + 1);
  memset(zeros, '0', zeros_len);
  const char *bomb_parts[] = {"zeros.txt", zeros, NULL};
  char *bomb = make_archive(&len, ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, NULL, bomb_parts);
  CHECK(len < ((size_t)1 << 20));
  CHECK(read_bytes(&g, &info, "bomb.zip", bomb, len) == BS_ELIMIT);
  CHECK(g.members_n == 1 && strstr(g.member_why[0], "bomb") && g.diags_n == 1);
  free(bomb);
  free(zeros);

  /* Not gzip after all. */
  CHECK(read_bytes(&g, &info, "fake.gz", "\x1f\x8b\x08 not gzip", 12) == BS_EFORMAT &&
        g.members_n == 0 && g.diags_n == 1);
}

void test_office(void) {
  test_numfmt();
  test_xlsx();
  test_docx();
  test_odf();
  test_archives();
}
