/* OLE2 compound files ([MS-CFB]) told apart by their streams, read with libgsf: an
 * Excel workbook ("Workbook", "Book"), a Word document ("WordDocument"), an Office
 * file encrypted with a password ("EncryptedPackage": [MS-OFFCRYPTO] 2.3.4, any OOXML
 * format), an Outlook message ("__properties_version1.0", msg.c), and kinds with no
 * reader (PowerPoint, others), which are recorded as not examined so that counsel
 * sees them. */
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "extract/libinit.h"
#include "extract/msg.h"
#include "extract/office.h"

static void unexamined(const bs_unit_sink *sink, const char *why) {
  if (sink->unexamined)
    sink->unexamined(NULL, why, sink->ctx);
  else if (sink->diagnostic)
    sink->diagnostic("file", why, sink->ctx);
}

static GsfInput *child(GsfInfile *ole, const char *name) {
  return gsf_infile_child_by_name(ole, name);
}

static int has_child(GsfInfile *ole, const char *name) {
  GsfInput *input = child(ole, name);
  if (!input) return 0;
  g_object_unref(input);
  return 1;
}

/* Reads a whole stream into out. BS_EFORMAT when it is missing or cannot be read,
 * BS_ELIMIT when it is larger than the member limit. */
static bs_status read_stream(bs_buf *out, GsfInfile *ole, const char *name) {
  GsfInput *input = child(ole, name);
  if (!input) return BS_EFORMAT;
  bs_status status = BS_OK;
  gsf_off_t size = gsf_input_size(input);
  if (size < 0 || (uint64_t)size > BS_LIMIT_MEMBER_BYTES) status = BS_ELIMIT;
  if (status == BS_OK) status = bs_buf_reserve(out, (size_t)size);
  if (status == BS_OK && size > 0) {
    if (gsf_input_read(input, (size_t)size, (guint8 *)out->data + out->len)) {
      out->len += (size_t)size;
      out->data[out->len] = '\0';
    } else {
      status = BS_EFORMAT;
    }
  }
  g_object_unref(input);
  return status;
}

/* [MS-DOC] 2.5.2 FibBase: the flags word at offset 10; fEncrypted is bit 8 (F),
 * fWhichTblStm bit 9 (G). */
#define FIB_FLAGS_OFFSET 10
#define FIB_ENCRYPTED    0x0100
#define FIB_TABLE_1      0x0200

static bs_status read_word(GsfInfile *ole, const bs_source *src, const bs_unit_sink *sink) {
  bs_buf word, table;
  bs_buf_init(&word, BS_LIMIT_MEMBER_BYTES);
  bs_buf_init(&table, BS_LIMIT_MEMBER_BYTES);
  bs_status status = read_stream(&word, ole, "WordDocument");
  if (status == BS_OK && word.len < FIB_FLAGS_OFFSET + 2) status = BS_EFORMAT;
  unsigned flags = 0;
  if (status == BS_OK) {
    flags = (unsigned char)word.data[FIB_FLAGS_OFFSET] |
            (unsigned)(unsigned char)word.data[FIB_FLAGS_OFFSET + 1] << 8;
    if (flags & FIB_ENCRYPTED) {
      unexamined(sink, "encrypted");
    } else {
      status = read_stream(&table, ole, flags & FIB_TABLE_1 ? "1Table" : "0Table");
      if (status == BS_OK)
        status = bs_read_doc(src, word.data, word.len, table.data, table.len, sink);
    }
  }
  if (status == BS_EFORMAT && sink->diagnostic)
    sink->diagnostic("byte 0", "Word document damaged: its streams could not be read", sink->ctx);
  bs_buf_free(&word);
  bs_buf_free(&table);
  return status;
}

static bs_status read_workbook(GsfInfile *ole, const bs_source *src, const bs_unit_sink *sink) {
  bs_buf book;
  bs_buf_init(&book, BS_LIMIT_MEMBER_BYTES);
  bs_status status = read_stream(&book, ole, has_child(ole, "Workbook") ? "Workbook" : "Book");
  if (status == BS_OK)
    status = bs_read_xls(src, book.data ? book.data : "", book.len, sink);
  else if (status == BS_ELIMIT)
    unexamined(sink, "workbook stream larger than the member size limit");
  else if (sink->diagnostic)
    sink->diagnostic("byte 0", "damaged workbook: its stream could not be read", sink->ctx);
  bs_buf_free(&book);
  return status == BS_ELIMIT ? BS_OK : status;
}

bs_status bs_read_ole2(bs_format *format, const bs_source *src, const bs_unit_sink *sink) {
  bs_libinit();
  *format = BS_FMT_OLE2;
  GsfInput *input = gsf_input_memory_new((const guint8 *)src->data, (gsf_off_t)src->len, FALSE);
  if (!input) return BS_ENOMEM;
  GError *error = NULL;
  GsfInfile *ole = gsf_infile_msole_new(input, &error);
  if (error) g_error_free(error);
  bs_status status = BS_OK;
  if (!ole) {
    if (sink->diagnostic)
      sink->diagnostic("byte 0", "damaged OLE2 compound file: its directory could not be read",
                       sink->ctx);
    status = BS_EFORMAT;
  } else if (has_child(ole, "EncryptedPackage")) {
    unexamined(sink, "encrypted");
  } else if (has_child(ole, "Workbook") || has_child(ole, "Book")) {
    *format = BS_FMT_XLS;
    status = read_workbook(ole, src, sink);
  } else if (has_child(ole, "WordDocument")) {
    *format = BS_FMT_DOC;
    status = read_word(ole, src, sink);
  } else if (has_child(ole, "PowerPoint Document")) {
    unexamined(sink, "PowerPoint 97-2003 presentation: no reader for this format");
  } else if (has_child(ole, "__properties_version1.0")) {
    *format = BS_FMT_MSG;
    status = bs_read_msg(ole, src, sink);
  } else {
    unexamined(sink, "OLE2 compound file of a kind with no reader");
  }
  if (ole) g_object_unref(ole);
  g_object_unref(input);
  return status;
}
