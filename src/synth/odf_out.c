/* OpenDocument packages (see odf_out.h). */
#include "synth/odf_out.h"

#include <gsf/gsf.h>
#include <string.h>

#include "synth/ooxml_out.h"

#define PACKAGE_TIME 1721044800 /* 2024-07-15, as the OOXML packages */

static const char namespaces[] =
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0\" "
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "
    "office:version=\"1.3\"";

static void fail(bs_status *status, bs_status now) {
  if (*status == BS_OK) *status = now;
}

/* ---- the package ---------------------------------------------------------------- */

static void member(GsfOutfile *zip, const char *name, const char *data, FILE *file,
                   bs_status *status) {
  GDateTime *time = g_date_time_new_from_unix_utc(PACKAGE_TIME);
  int stored = !strcmp(name, "mimetype");
  GsfOutput *child =
      gsf_outfile_new_child_full(zip, name, FALSE, "compression-level",
                                 stored ? GSF_ZIP_STORED : GSF_ZIP_DEFLATED, "modtime", time, NULL);
  g_date_time_unref(time);
  if (!child) {
    fail(status, BS_EIO);
    return;
  }
  int ok = 1;
  if (data) {
    ok = gsf_output_write(child, strlen(data), (const guint8 *)data);
  } else {
    char buffer[1 << 16];
    size_t n;
    ok = fflush(file) == 0 && fseeko(file, 0, SEEK_SET) == 0;
    while (ok && (n = fread(buffer, 1, sizeof buffer, file)) > 0)
      ok = gsf_output_write(child, n, (const guint8 *)buffer);
    ok = ok && !ferror(file);
  }
  if (!gsf_output_close(child) || !ok) fail(status, BS_EIO);
  g_object_unref(child);
}

/* mimetype first, then the parts, the manifest (ODF 1.3 Part 2, 3.2) last. */
static void package(FILE *out, const char *mimetype, FILE *content, bs_status *status) {
  static const char meta[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<office:document-meta xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" office:version=\"1.3\">"
      "<office:meta><meta:generator>LibreOffice/7.4.7.2$Linux_X86_64</meta:generator>"
      "<meta:creation-date>2024-07-15T12:00:00</meta:creation-date></office:meta>"
      "</office:document-meta>";
  char styles[1024], manifest[1536];
  snprintf(styles, sizeof styles,
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles %s>"
           "<office:styles><style:default-style style:family=\"paragraph\">"
           "<style:text-properties fo:font-size=\"11pt\"/></style:default-style>"
           "<style:style style:name=\"Standard\" style:family=\"paragraph\"/>"
           "<style:style style:name=\"Default\" style:family=\"table-cell\"/></office:styles>"
           "</office:document-styles>",
           namespaces);
  snprintf(
      manifest, sizeof manifest,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<manifest:manifest "
      "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
      "manifest:version=\"1.3\">"
      "<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\" "
      "manifest:media-type=\"%s\"/>"
      "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
      "<manifest:file-entry manifest:full-path=\"content.xml\" "
      "manifest:media-type=\"text/xml\"/>"
      "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
      "</manifest:manifest>",
      mimetype);
  GError *error = NULL;
  GsfOutput *sink = gsf_output_stdio_new_FILE("package", out, TRUE);
  GsfOutfile *zip = sink ? gsf_outfile_zip_new(sink, &error) : NULL;
  if (!zip) {
    fail(status, BS_EIO);
  } else {
    member(zip, "mimetype", mimetype, NULL, status);
    member(zip, "meta.xml", meta, NULL, status);
    member(zip, "content.xml", NULL, content, status);
    member(zip, "styles.xml", styles, NULL, status);
    member(zip, "META-INF/manifest.xml", manifest, NULL, status);
    if (!gsf_output_close(GSF_OUTPUT(zip))) fail(status, BS_EIO);
    g_object_unref(zip);
  }
  if (error) g_error_free(error);
  if (sink) g_object_unref(sink);
}

/* ---- ODS ------------------------------------------------------------------------ */

bs_status bs_ods_begin(bs_ods *x, bs_truth *truth, const char *path, FILE *out,
                       const char *sheet_name, const char *const *headers, size_t columns) {
  memset(x, 0, sizeof *x);
  x->out = out;
  x->sheet_name = sheet_name;
  x->headers = headers;
  x->columns = columns;
  bs_doc_open_stream(&x->doc, truth, path, NULL, BS_DOC_FIELDS);
  x->doc.line = 0;
  x->content = tmpfile();
  if (!x->content) return x->status = BS_EIO;
  /* N37: month/day/year with leading zeros, as a US locale shows a date. */
  fprintf(x->content,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content %s>"
          "<office:automatic-styles>"
          "<number:date-style style:name=\"N37\"><number:month number:style=\"long\"/>"
          "<number:text>/</number:text><number:day number:style=\"long\"/>"
          "<number:text>/</number:text><number:year number:style=\"long\"/></number:date-style>"
          "<number:currency-style style:name=\"N110\"><number:currency-symbol "
          "number:language=\"en\" number:country=\"US\">$</number:currency-symbol>"
          "<number:number number:decimal-places=\"2\" number:min-decimal-places=\"2\" "
          "number:min-integer-digits=\"1\" number:grouping=\"true\"/></number:currency-style>"
          "<style:style style:name=\"ce1\" style:family=\"table-cell\" "
          "style:parent-style-name=\"Default\" style:data-style-name=\"N37\"/>"
          "<style:style style:name=\"ce2\" style:family=\"table-cell\" "
          "style:parent-style-name=\"Default\" style:data-style-name=\"N110\"/>"
          "</office:automatic-styles><office:body><office:spreadsheet>"
          "<table:table table:name=\"",
          namespaces);
  bs_xml_escape(x->content, sheet_name, strlen(sheet_name));
  fprintf(x->content, "\"><table:table-column table:number-columns-repeated=\"%zu\"/>", columns);
  x->row = 1;
  for (size_t i = 0; i < columns; i++) bs_ods_text(x, headers[i]);
  bs_ods_end_row(x);
  return x->status;
}

static void row_start(bs_ods *x) {
  if (x->column == 0) fputs("<table:table-row>", x->content);
}

static void string_cell(bs_ods *x, const char *text) {
  row_start(x);
  if (!*text) {
    fputs("<table:table-cell/>", x->content);
  } else {
    fputs("<table:table-cell office:value-type=\"string\"><text:p>", x->content);
    bs_xml_escape(x->content, text, strlen(text));
    fputs("</text:p></table:table-cell>", x->content);
  }
  x->column++;
}

static void note(bs_ods *x, const char *person, bs_element type, const char *value,
                 const char *text) {
  char name[8], place[96];
  bs_sheet_column_name(name, x->column);
  snprintf(place, sizeof place, "%s!%s%llu", x->sheet_name, name, x->row);
  bs_doc_note_cell(&x->doc, place, x->row, 0, x->column < x->columns ? x->headers[x->column] : NULL,
                   person, type, value, text);
}

void bs_ods_text(bs_ods *x, const char *text) {
  if (x->status == BS_OK) string_cell(x, text);
}

void bs_ods_put(bs_ods *x, const char *person, bs_element type, const char *value,
                const char *text) {
  if (x->status != BS_OK) return;
  note(x, person, type, value, text);
  string_cell(x, text);
}

void bs_ods_date(bs_ods *x, const char *person, bs_element type, bs_date date) {
  if (x->status != BS_OK) return;
  char iso[16], shown[16];
  snprintf(iso, sizeof iso, "%04d-%02d-%02d", date.year, date.month, date.day);
  snprintf(shown, sizeof shown, "%02d/%02d/%04d", date.month, date.day, date.year);
  note(x, person, type, iso, shown);
  row_start(x);
  fprintf(x->content,
          "<table:table-cell table:style-name=\"ce1\" office:value-type=\"date\" "
          "office:date-value=\"%s\"><text:p>%s</text:p></table:table-cell>",
          iso, shown);
  x->column++;
}

void bs_ods_money(bs_ods *x, int cents) {
  if (x->status != BS_OK) return;
  row_start(x);
  fprintf(x->content,
          "<table:table-cell table:style-name=\"ce2\" office:value-type=\"currency\" "
          "office:currency=\"USD\" office:value=\"%d.%02d\"><text:p>$%d.%02d</text:p>"
          "</table:table-cell>",
          cents / 100, cents % 100, cents / 100, cents % 100);
  x->column++;
}

void bs_ods_end_row(bs_ods *x) {
  if (x->status != BS_OK) return;
  row_start(x);
  fputs("</table:table-row>", x->content);
  x->row++;
  x->column = 0;
}

bs_status bs_ods_finish(bs_ods *x) {
  if (x->status == BS_OK) {
    fputs("</table:table></office:spreadsheet></office:body></office:document-content>",
          x->content);
    if (ferror(x->content)) fail(&x->status, BS_EIO);
  }
  if (x->status == BS_OK)
    package(x->out, "application/vnd.oasis.opendocument.spreadsheet", x->content, &x->status);
  if (x->content) fclose(x->content);
  x->content = NULL;
  return x->status;
}

/* ---- ODT ------------------------------------------------------------------------ */

bs_status bs_odt_begin(bs_odt *d, bs_truth *truth, const char *path, FILE *out) {
  memset(d, 0, sizeof *d);
  d->out = out;
  FILE *text = tmpfile();
  d->table = tmpfile();
  bs_doc_open_stream(&d->doc, truth, path, text, BS_DOC_TEXT);
  bs_doc_set_place(&d->doc, "content");
  if (!text || !d->table) d->status = BS_EIO;
  return d->status;
}

static void odt_cell(bs_odt *d, const char *text) {
  if (d->status != BS_OK) return;
  if (d->column == 0) fputs("<table:table-row>", d->table);
  fputs("<table:table-cell office:value-type=\"string\"><text:p>", d->table);
  bs_xml_escape(d->table, text, strlen(text));
  fputs("</text:p></table:table-cell>", d->table);
  d->column++;
}

void bs_odt_table(bs_odt *d, const char *const *headers, size_t columns) {
  d->headers = headers;
  d->columns = columns;
  d->row = 1;
  if (d->status != BS_OK) return;
  fprintf(d->table,
          "<table:table table:name=\"Table1\"><table:table-column "
          "table:number-columns-repeated=\"%zu\"/><table:table-header-rows>",
          columns);
  for (size_t i = 0; i < columns; i++) odt_cell(d, headers[i]);
  fputs("</table:table-row></table:table-header-rows>", d->table);
  d->row++;
  d->column = 0;
}

void bs_odt_put_cell(bs_odt *d, const char *person, bs_element type, const char *value,
                     const char *text) {
  bs_doc_note_cell(&d->doc, "content!table 1", d->row, 0,
                   d->column < d->columns ? d->headers[d->column] : NULL, person, type, value,
                   text);
  odt_cell(d, text);
}

void bs_odt_end_row(bs_odt *d) {
  if (d->status != BS_OK) return;
  fputs("</table:table-row>", d->table);
  d->row++;
  d->column = 0;
}

static void paragraph(const char *line, size_t len, void *ctx) {
  FILE *content = ctx;
  fputs("<text:p text:style-name=\"Standard\">", content);
  bs_xml_escape(content, line, len);
  fputs("</text:p>", content);
}

bs_status bs_odt_finish(bs_odt *d) {
  FILE *content = d->status == BS_OK ? tmpfile() : NULL;
  if (d->status == BS_OK && !content) d->status = BS_EIO;
  if (content) {
    fprintf(content,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content %s>"
            "<office:body><office:text>",
            namespaces);
    if (bs_doc_each_line(d->doc.file, paragraph, content) != 0) fail(&d->status, BS_EIO);
    if (d->row) {
      fputs("</table:table>", d->table);
      char buffer[1 << 14];
      size_t got;
      rewind(d->table);
      while ((got = fread(buffer, 1, sizeof buffer, d->table)) > 0) fwrite(buffer, 1, got, content);
    }
    fputs("</office:text></office:body></office:document-content>", content);
    if (ferror(content) || ferror(d->table)) fail(&d->status, BS_EIO);
  }
  if (d->status == BS_OK)
    package(d->out, "application/vnd.oasis.opendocument.text", content, &d->status);
  if (content) fclose(content);
  if (d->doc.file) fclose(d->doc.file);
  if (d->table) fclose(d->table);
  d->doc.file = d->table = NULL;
  return d->status;
}
