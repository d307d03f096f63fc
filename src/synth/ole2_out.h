/* Compound files ([MS-CFB]) of the legacy Office formats, written by libgsf: the
 * streams at the root, each from a temporary file or from memory. */
#ifndef BS_OLE2_OUT_H
#define BS_OLE2_OUT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"

typedef struct bs_ole2_stream {
  const char *name; /* "Workbook", "WordDocument", "1Table" */
  FILE *file;       /* its bytes, from the start; or NULL and: */
  const void *data; /* its bytes in memory */
  size_t len;       /* of data */
} bs_ole2_stream;

/* Writes a compound file of `count` streams into out (the caller's), the root storage
 * of class `clsid` (16 bytes as stored, NULL: none). */
bs_status bs_ole2_write(FILE *out, const uint8_t *clsid, const bs_ole2_stream *streams,
                        size_t count);

/* Little-endian integers into a byte array. */
void bs_le16(uint8_t *out, uint32_t value);
void bs_le32(uint8_t *out, uint32_t value);

#endif
