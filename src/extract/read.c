/* Reading one file's bytes by format (see read.h). ClamAV's shape: type the data
 * first, then dispatch on a switch. */
#include "extract/read.h"

#include "extract/archive.h"
#include "extract/html.h"
#include "extract/mail.h"
#include "extract/office.h"
#include "extract/pdf.h"
#include "extract/rtf.h"
#include "extract/sql.h"
#include "extract/xml.h"

static bs_status read_as_text(bs_read_info *info, const bs_source *src, bs_buf *scratch,
                              const bs_unit_sink *sink) {
  const char *text;
  size_t len;
  bs_status status = bs_decode(&text, &len, &info->encoding, src->data, src->len, scratch, sink);
  info->text = 1;
  if (status == BS_EFORMAT) {
    info->format = BS_FMT_BINARY;
    info->text = 0;
    return status;
  }
  if (status != BS_OK) return status;
  char delimiter;
  info->format = bs_sniff(&delimiter, src->name, text, len);
  return bs_extract(info->format, delimiter, text, len, sink);
}

bs_status bs_read(bs_read_info *info, const bs_source *src, bs_buf *scratch,
                  const bs_unit_sink *sink) {
  info->format = bs_sniff_bytes(src->name, src->data, src->len);
  info->encoding = BS_ENC_UTF8;
  info->text = 0;
  switch (info->format) {
  case BS_FMT_ARCHIVE: return bs_read_archive(&info->format, src, sink);
  case BS_FMT_EML: return bs_read_eml(src, sink);
  case BS_FMT_MBOX: return bs_read_mbox(src, sink);
  case BS_FMT_PST: return bs_read_pst(src, sink);
  case BS_FMT_OLE2:
  case BS_FMT_XLS:
  case BS_FMT_DOC:
  case BS_FMT_MSG: return bs_read_ole2(&info->format, src, sink);
  case BS_FMT_MDB: return bs_read_mdb(src, sink);
  case BS_FMT_PDF: return bs_read_pdf(src, sink);
  case BS_FMT_HTML: return bs_read_html(src, scratch, sink);
  case BS_FMT_XML: return bs_read_xml(src, scratch, sink);
  case BS_FMT_RTF: return bs_read_rtf(src, sink);
  case BS_FMT_SQL: info->text = 1; return bs_read_sql(&info->encoding, src, scratch, sink);
  default: break;
  }
  return read_as_text(info, src, scratch, sink);
}

void bs_read_prepare_isolated(void) { bs_pdf_prepare(); }
