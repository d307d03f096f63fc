/* Office Open XML packages (see ooxml_out.h): the XML of ECMA-376 Part 1 written as
 * text, zipped by libarchive. */
#include "synth/ooxml_out.h"

#include <stdlib.h>
#include <string.h>

#include "synth/zipout.h"

/* Every OOXML document is dated in the package; ours the share's "today". */
#define PACKAGE_TIME 1721044800 /* 2024-07-15 */

void bs_xml_escape(FILE *out, const char *text, size_t len) {
  for (size_t i = 0; i < len; i++) {
    switch (text[i]) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&apos;", out); break;
    default: fputc(text[i], out);
    }
  }
}

long bs_xlsx_serial(bs_date date) {
  /* Days from 1970-01-01 (H. Hinnant's days_from_civil), then to the 1900 system,
   * whose day 25569 is 1970-01-01. */
  long y = date.year - (date.month <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 + 25569;
}

void bs_sheet_column_name(char *out, size_t column) {
  char reversed[8];
  size_t n = 0;
  for (size_t c = column + 1; c > 0 && n < sizeof reversed; c = (c - 1) / 26)
    reversed[n++] = (char)('A' + (c - 1) % 26);
  for (size_t i = 0; i < n; i++) out[i] = reversed[n - 1 - i];
  out[n] = '\0';
}

/* ---- XLSX --------------------------------------------------------------------------- */

static const char content_types_xlsx[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    "<Override PartName=\"/xl/styles.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    "<Override PartName=\"/xl/sharedStrings.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
    "</Types>";

static const char package_rels_xlsx[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";

static const char workbook_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId3\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/></Relationships>";

/* cellXfs in the order of bs_xlsx_style; custom formats from id 164 (18.8.30). */
static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"4\"><numFmt numFmtId=\"164\" formatCode=\"000\\-00\\-0000\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"00000\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"#,##0.00\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"yyyy\\-mm\\-dd\"/></numFmts>"
    "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
    "</cellStyleXfs><cellXfs count=\"6\">"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
    "applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
    "applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
    "applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"166\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
    "applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"167\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
    "applyNumberFormat=\"1\"/>"
    "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/>"
    "</cellStyles></styleSheet>";

static void xlsx_fail(bs_xlsx *x, bs_status status) {
  if (x->status == BS_OK) x->status = status;
}

bs_status bs_xlsx_begin(bs_xlsx *x, bs_truth *truth, const char *path, FILE *out,
                        const char *sheet_name, const char *const *headers, size_t columns) {
  memset(x, 0, sizeof *x);
  x->out = out;
  x->sheet_name = sheet_name;
  x->headers = headers;
  x->columns = columns;
  x->sheet = tmpfile();
  x->strings = tmpfile();
  bs_doc_open_stream(&x->doc, truth, path, x->sheet, BS_DOC_FIELDS);
  x->doc.line = 0;
  if (!x->sheet || !x->strings) {
    xlsx_fail(x, BS_EIO);
    return x->status;
  }
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" "
        "activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        "<sheetFormatPr defaultRowHeight=\"15\"/><sheetData>",
        x->sheet);
  x->row = 1;
  fputs("<row r=\"1\">", x->sheet);
  for (size_t i = 0; i < columns; i++) bs_xlsx_text(x, headers[i]);
  bs_xlsx_end_row(x);
  return x->status;
}

/* Opens cell <c r="C12" ...>: the row element first if this is its first cell. */
static void cell_start(bs_xlsx *x, const char *attributes) {
  if (x->status != BS_OK) return;
  if (x->column == 0 && x->row > 1) fprintf(x->sheet, "<row r=\"%llu\">", x->row);
  char name[8];
  bs_sheet_column_name(name, x->column);
  fprintf(x->sheet, "<c r=\"%s%llu\"%s>", name, x->row, attributes);
}

void bs_sheet_note(bs_doc *doc, const bs_sheet_layout *layout, uint64_t row, size_t column,
                   const char *person, bs_element type, const char *value, const char *shown) {
  char name[8], place[96];
  bs_sheet_column_name(name, column);
  snprintf(place, sizeof place, "%s!%s%llu", layout->sheet_name, name, (unsigned long long)row);
  bs_doc_note_cell(doc, place, row, 0, column < layout->columns ? layout->headers[column] : NULL,
                   person, type, value, shown);
}

static void note(bs_xlsx *x, const char *person, bs_element type, const char *value,
                 const char *shown) {
  const bs_sheet_layout layout = {x->sheet_name, x->headers, x->columns};
  bs_sheet_note(&x->doc, &layout, x->row, x->column, person, type, value, shown);
}

void bs_xlsx_text(bs_xlsx *x, const char *text) {
  if (x->status != BS_OK) return;
  if (!*text) { /* an empty cell is left out, as spreadsheets do */
    if (x->column == 0 && x->row > 1) fprintf(x->sheet, "<row r=\"%llu\">", x->row);
    x->column++;
    return;
  }
  cell_start(x, " t=\"s\"");
  fprintf(x->sheet, "<v>%llu</v></c>", x->strings_count++);
  fputs("<si><t>", x->strings);
  bs_xml_escape(x->strings, text, strlen(text));
  fputs("</t></si>", x->strings);
  x->column++;
}

void bs_xlsx_put_text(bs_xlsx *x, const char *person, bs_element type, const char *value,
                      const char *text) {
  note(x, person, type, value, text);
  bs_xlsx_text(x, text);
}

void bs_xlsx_number(bs_xlsx *x, double number, bs_xlsx_style style, const char *person,
                    bs_element type, const char *value, const char *shown) {
  if (x->status != BS_OK) return;
  if (shown) note(x, person, type, value, shown);
  char attributes[16] = "";
  if (style != BS_XLSX_GENERAL) snprintf(attributes, sizeof attributes, " s=\"%d\"", (int)style);
  cell_start(x, attributes);
  fprintf(x->sheet, "<v>%.15g</v></c>", number);
  x->column++;
}

void bs_xlsx_date(bs_xlsx *x, bs_date date, bs_xlsx_style style, const char *person,
                  bs_element type) {
  char iso[40];
  snprintf(iso, sizeof iso, "%04d-%02d-%02d", date.year, date.month, date.day);
  bs_xlsx_number(x, (double)bs_xlsx_serial(date), style, person, type, iso, iso);
}

void bs_xlsx_end_row(bs_xlsx *x) {
  if (x->status != BS_OK) return;
  if (x->column == 0 && x->row > 1) fprintf(x->sheet, "<row r=\"%llu\">", x->row);
  fputs("</row>", x->sheet);
  x->row++;
  x->column = 0;
}

bs_status bs_xlsx_finish(bs_xlsx *x) {
  FILE *strings = tmpfile();
  if (!strings) xlsx_fail(x, BS_EIO);
  bs_zipout *zip = NULL;
  if (x->status == BS_OK) {
    fputs("</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" "
          "header=\"0.3\" footer=\"0.3\"/></worksheet>",
          x->sheet);
    fprintf(strings,
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            "count=\"%llu\" uniqueCount=\"%llu\">",
            x->strings_count, x->strings_count);
    char buffer[1 << 16];
    size_t n;
    rewind(x->strings);
    while ((n = fread(buffer, 1, sizeof buffer, x->strings)) > 0) fwrite(buffer, 1, n, strings);
    fputs("</sst>", strings);
    if (ferror(x->sheet) || ferror(strings) || ferror(x->strings)) xlsx_fail(x, BS_EIO);
  }
  if (x->status == BS_OK) xlsx_fail(x, bs_zipout_create(&zip, x->out, PACKAGE_TIME));
  if (zip) {
    char workbook[1024];
    snprintf(workbook, sizeof workbook,
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
             "<bookViews><workbookView/></bookViews><sheets><sheet name=\"%s\" sheetId=\"1\" "
             "r:id=\"rId1\"/></sheets></workbook>",
             x->sheet_name);
    bs_zipout_add(zip, "[Content_Types].xml", content_types_xlsx, sizeof content_types_xlsx - 1);
    bs_zipout_add(zip, "_rels/.rels", package_rels_xlsx, sizeof package_rels_xlsx - 1);
    bs_zipout_add(zip, "xl/workbook.xml", workbook, strlen(workbook));
    bs_zipout_add(zip, "xl/_rels/workbook.xml.rels", workbook_rels, sizeof workbook_rels - 1);
    bs_zipout_add(zip, "xl/styles.xml", styles, sizeof styles - 1);
    bs_zipout_add_file(zip, "xl/sharedStrings.xml", strings);
    bs_zipout_add_file(zip, "xl/worksheets/sheet1.xml", x->sheet);
    xlsx_fail(x, bs_zipout_finish(zip));
  }
  if (strings) fclose(strings);
  if (x->sheet) fclose(x->sheet);
  if (x->strings) fclose(x->strings);
  x->sheet = x->strings = NULL;
  return x->status;
}

/* ---- DOCX --------------------------------------------------------------------------- */

static const char content_types_docx[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";

static const char package_rels_docx[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>";

#define CELL_WIDTH 1800 /* twentieths of a point: five columns across a Letter page */

static void docx_fail(bs_docx *d, bs_status status) {
  if (d->status == BS_OK) d->status = status;
}

bs_status bs_docx_begin(bs_docx *d, bs_truth *truth, const char *path, FILE *out) {
  memset(d, 0, sizeof *d);
  d->out = out;
  d->text = tmpfile();
  d->table = tmpfile();
  bs_doc_open_stream(&d->doc, truth, path, d->text, BS_DOC_TEXT);
  bs_doc_set_place(&d->doc, "document");
  if (!d->text || !d->table) docx_fail(d, BS_EIO);
  return d->status;
}

static void table_cell(bs_docx *d, const char *text) {
  if (d->status != BS_OK) return;
  if (d->column == 0) fputs("<w:tr>", d->table);
  fprintf(d->table,
          "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr><w:p><w:r><w:t "
          "xml:space=\"preserve\">",
          CELL_WIDTH);
  bs_xml_escape(d->table, text, strlen(text));
  fputs("</w:t></w:r></w:p></w:tc>", d->table);
  d->column++;
}

void bs_docx_table(bs_docx *d, const char *const *headers, size_t columns) {
  d->headers = headers;
  d->columns = columns;
  d->row = 1;
  if (d->status != BS_OK) return;
  fputs("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>"
        "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
        "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
        "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
        "</w:tblBorders></w:tblPr><w:tblGrid>",
        d->table);
  for (size_t i = 0; i < columns; i++) fprintf(d->table, "<w:gridCol w:w=\"%d\"/>", CELL_WIDTH);
  fputs("</w:tblGrid>", d->table);
  for (size_t i = 0; i < columns; i++) table_cell(d, headers[i]);
  bs_docx_end_row(d);
}

void bs_docx_cell(bs_docx *d, const char *text) { table_cell(d, text); }

void bs_docx_put_cell(bs_docx *d, const char *person, bs_element type, const char *value,
                      const char *text) {
  /* the part's first table */
  bs_doc_note_cell(&d->doc, "document!table 1", d->row, 0,
                   d->column < d->columns ? d->headers[d->column] : NULL, person, type, value,
                   text);
  table_cell(d, text);
}

void bs_docx_end_row(bs_docx *d) {
  if (d->status != BS_OK) return;
  fputs("</w:tr>", d->table);
  d->row++;
  d->column = 0;
}

/* A line of the text as a paragraph (an empty one for an empty line). */
static void paragraph(const char *line, size_t len, void *ctx) {
  FILE *document = ctx;
  if (len == 0) {
    fputs("<w:p/>", document);
    return;
  }
  fputs("<w:p><w:r><w:t xml:space=\"preserve\">", document);
  bs_xml_escape(document, line, len);
  fputs("</w:t></w:r></w:p>", document);
}

/* document.xml: each line of the text a paragraph, then the table. */
static void write_document(bs_docx *d, FILE *document) {
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        "<w:body>",
        document);
  if (bs_doc_each_line(d->text, paragraph, document) != 0) docx_fail(d, BS_EIO);
  if (d->row) {
    fputs("</w:tbl><w:p/>", d->table);
    rewind(d->table);
    char buffer[1 << 14];
    size_t got;
    while ((got = fread(buffer, 1, sizeof buffer, d->table)) > 0) fwrite(buffer, 1, got, document);
  }
  fputs("<w:sectPr><w:pgSz w:w=\"12240\" w:h=\"15840\"/><w:pgMar w:top=\"1440\" "
        "w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" "
        "w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
        document);
}

bs_status bs_docx_finish(bs_docx *d) {
  FILE *document = tmpfile();
  if (!document) docx_fail(d, BS_EIO);
  if (d->status == BS_OK) {
    write_document(d, document);
    if (ferror(document) || ferror(d->text) || ferror(d->table)) docx_fail(d, BS_EIO);
  }
  bs_zipout *zip = NULL;
  if (d->status == BS_OK) docx_fail(d, bs_zipout_create(&zip, d->out, PACKAGE_TIME));
  if (zip) {
    bs_zipout_add(zip, "[Content_Types].xml", content_types_docx, sizeof content_types_docx - 1);
    bs_zipout_add(zip, "_rels/.rels", package_rels_docx, sizeof package_rels_docx - 1);
    bs_zipout_add_file(zip, "word/document.xml", document);
    docx_fail(d, bs_zipout_finish(zip));
  }
  if (document) fclose(document);
  if (d->text) fclose(d->text);
  if (d->table) fclose(d->table);
  d->text = d->table = NULL;
  return d->status;
}
