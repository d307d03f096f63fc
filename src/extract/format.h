/* File formats the scanner reads, and how a file's format is recognised. */
#ifndef BS_FORMAT_H
#define BS_FORMAT_H
#include <stddef.h>

#include "base/status.h"
#include "extract/unit.h"

/* id, name. The first group is read as decoded text (bs_extract); the second from
 * the file's bytes by a library (bs_read in read.c dispatches). */
#define BS_FORMATS(X)                                                                              \
  X(TEXT, "text")                                                                                  \
  X(CSV, "csv")                                                                                    \
  X(JSON, "json")                                                                                  \
  X(NDJSON, "ndjson")                                                                              \
  X(HL7, "hl7")                                                                                    \
  X(X12, "x12")                                                                                    \
  X(FHIR, "fhir")                                                                                  \
  X(FHIR_NDJSON, "fhir-ndjson")                                                                    \
  X(CDA, "cda")                                                                                    \
  X(EMPTY, "empty")                                                                                \
  X(BINARY, "binary")                                                                              \
  X(ARCHIVE, "archive")                                                                            \
  X(XLSX, "xlsx")                                                                                  \
  X(DOCX, "docx")                                                                                  \
  X(PPTX, "pptx")                                                                                  \
  X(ODS, "ods")                                                                                    \
  X(ODT, "odt")                                                                                    \
  X(ODP, "odp")                                                                                    \
  X(EML, "eml")                                                                                    \
  X(MBOX, "mbox")                                                                                  \
  X(PST, "pst")                                                                                    \
  X(OLE2, "ole2")                                                                                  \
  X(XLS, "xls")                                                                                    \
  X(DOC, "doc")                                                                                    \
  X(MSG, "msg")                                                                                    \
  X(MDB, "mdb")                                                                                    \
  X(PDF, "pdf")                                                                                    \
  X(HTML, "html")                                                                                  \
  X(XML, "xml")                                                                                    \
  X(RTF, "rtf")                                                                                    \
  X(SQL, "sql")

typedef enum bs_format {
#define BS_FORMAT_ENUM(id, name) BS_FMT_##id,
  BS_FORMATS(BS_FORMAT_ENUM)
#undef BS_FORMAT_ENUM
      BS_FMT_COUNT
} bs_format;

const char *bs_format_name(bs_format format);

/* Decides the format of decoded text from its name and content. OUT: *delimiter, the
 * field separator for CSV-like tables. */
bs_format bs_sniff(char *delimiter, const char *name, const char *text, size_t len);

/* Decides from the first bytes (and the name) whether a file is one of the formats
 * read from bytes; BS_FMT_TEXT when it is not (decode it, then bs_sniff). */
bs_format bs_sniff_bytes(const char *name, const char *data, size_t len);

/* Part of bs_sniff_bytes (sniff_mail.c): email messages, mailboxes, Outlook stores,
 * OLE2 compound files (Office 97-2003, encrypted Office) and Access databases;
 * BS_FMT_TEXT when none of them. */
bs_format bs_sniff_mail(const char *name, const char *data, size_t len);

/* Readers: each turns the whole decoded text into units sent to sink. */
bs_status bs_extract_text(const char *text, size_t len, const bs_unit_sink *sink);
bs_status bs_extract_csv(const char *text, size_t len, char delimiter, const bs_unit_sink *sink);
bs_status bs_extract_json(const char *text, size_t len, const bs_unit_sink *sink);
bs_status bs_extract_ndjson(const char *text, size_t len, const bs_unit_sink *sink);
/* Healthcare formats (hl7.c, x12.c, fhir.c, cda.c): fields as hinted units, one record
 * (unit row) per person. */
bs_status bs_extract_hl7(const char *text, size_t len, const bs_unit_sink *sink);
bs_status bs_extract_x12(const char *text, size_t len, const bs_unit_sink *sink);
bs_status bs_extract_fhir(const char *text, size_t len, const bs_unit_sink *sink);
bs_status bs_extract_fhir_ndjson(const char *text, size_t len, const bs_unit_sink *sink);
bs_status bs_extract_cda(const char *text, size_t len, const bs_unit_sink *sink);
/* HL7 v2, X12, FHIR JSON or NDJSON, or CDA from the start of decoded text; BS_FMT_TEXT
 * when none of these (health_sniff.c). */
bs_format bs_sniff_health(const char *text, size_t len);

/* 1 if the first line of text holds whole JSON values (its brackets close on it): a
 * line of NDJSON, not the start of a pretty-printed document. */
int bs_json_first_line_whole(const char *text, size_t len);

/* Reads text of a known format. */
bs_status bs_extract(bs_format format, char delimiter, const char *text, size_t len,
                     const bs_unit_sink *sink);

#endif
