/* Text decoding: any input bytes to UTF-8. UTF-8 (with or without BOM), UTF-16 LE/BE
 * (with BOM, or recognised by its zero bytes), and Windows-1252 for bytes that are not
 * UTF-8. Binary content is recognised and refused. */
#ifndef BS_DECODE_H
#define BS_DECODE_H
#include <stddef.h>

#include "base/buf.h"
#include "extract/unit.h"

typedef enum bs_encoding {
  BS_ENC_UTF8,
  BS_ENC_UTF16LE,
  BS_ENC_UTF16BE,
  BS_ENC_MIXED_1252, /* UTF-8 with some bytes read as Windows-1252 */
  BS_ENC_BINARY,     /* not text */
} bs_encoding;

const char *bs_encoding_name(bs_encoding encoding);

/* Decodes bytes. OUT: *text and *len, the UTF-8 text: bytes themselves (no copy) when
 * they are clean UTF-8 without BOM, else scratch's data. Problems (bad sequences) are
 * reported to sink->diagnostic with their byte offset. BS_EFORMAT for binary. */
bs_status bs_decode(const char **text, size_t *len, bs_encoding *encoding, const char *bytes,
                    size_t size, bs_buf *scratch, const bs_unit_sink *sink);

#endif
