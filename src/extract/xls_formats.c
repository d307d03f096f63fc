/* Number formats of XLS cells (see xls_formats.h). [MS-XLS]: a cell record holds the
 * index of its XF (2.4.353), whose ifmt is a built-in format (2.4.126: 0-49, the same
 * as ECMA-376 18.8.30 for those that show digits) or the id of a FORMAT record of the
 * globals. Only cells whose format changes how the digits read are kept: a map from
 * (sheet, row, column) to the XF index, resolved when asked. */
#include "extract/xls_formats.h"

#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/limits.h"
#include "base/strmap.h"
#include "extract/numfmt.h"

#define RT_BOF     0x0809
#define RT_EOF     0x000A
#define RT_FORMAT  0x041E /* BIFF4 onwards */
#define RT_XF      0x00E0 /* BIFF5 onwards */
#define RT_NUMBER  0x0203
#define RT_RK      0x027E
#define RT_MULRK   0x00BD
#define MAX_XFS    4050 /* Excel 97-2003's limit of cell formats */
#define MAX_FORMAT 255  /* characters of a format code kept */

typedef struct custom_format {
  uint16_t id;   /* ifmt */
  size_t offset; /* of its code in codes */
} custom_format;

struct bs_xls_formats {
  bs_buf codes;                /* the custom format codes, NUL-terminated */
  bs_buf customs;              /* custom_format entries */
  uint16_t xf_format[MAX_XFS]; /* ifmt of each XF */
  size_t xfs;                  /* entries in xf_format */
  bs_strmap *cells;            /* (sheet, row, column) -> XF, number cells of a format */
};

static uint32_t le16(const char *p) {
  return (uint32_t)(unsigned char)p[0] | (uint32_t)(unsigned char)p[1] << 8;
}

/* The code of format ifmt, or NULL. */
static const char *format_code(const bs_xls_formats *f, uint16_t id) {
  const custom_format *c = (const custom_format *)f->customs.data;
  for (size_t i = 0; i < f->customs.len / sizeof *c; i++)
    if (c[i].id == id) return f->codes.data + c[i].offset;
  return bs_numfmt_builtin(id);
}

/* The code of XF xf, when it shows a number otherwise than General does; or NULL. */
static const char *xf_code(const bs_xls_formats *f, uint32_t xf) {
  if (xf >= f->xfs) return NULL;
  const char *code = format_code(f, f->xf_format[xf]);
  if (!code || !strcmp(code, "General") || !strcmp(code, "@") || bs_numfmt_is_date(code))
    return NULL;
  return code;
}

/* FORMAT: ifmt, then the code as an XLUnicodeString (BIFF8: 16-bit cch, flags) or a
 * byte string (BIFF5: 8-bit cch). Latin-1 and UTF-16 code units above 0x7F become '?':
 * they are literals, never placeholders. */
static bs_status add_format(bs_xls_formats *f, const char *data, size_t size, int biff8) {
  if (size < (biff8 ? 5u : 3u)) return BS_OK;
  size_t count = biff8 ? le16(data + 2) : (unsigned char)data[2];
  int wide = biff8 && (data[4] & 1);
  const char *chars = data + (biff8 ? 5 : 3);
  size_t room = size - (size_t)(chars - data), width = wide ? 2 : 1;
  if (count > room / width) count = room / width;
  if (count > MAX_FORMAT) count = MAX_FORMAT;
  custom_format c = {(uint16_t)le16(data), f->codes.len};
  bs_status status = BS_OK;
  for (size_t i = 0; i < count && status == BS_OK; i++) {
    uint32_t unit = wide ? le16(chars + 2 * i) : (unsigned char)chars[i];
    status = bs_buf_append_char(&f->codes, unit < 0x80 && unit ? (char)unit : '?');
  }
  if (status == BS_OK) status = bs_buf_append_char(&f->codes, '\0');
  if (status == BS_OK) status = bs_buf_append(&f->customs, &c, sizeof c);
  return status;
}

static bs_status add_cell(bs_xls_formats *f, unsigned sheet, uint32_t row, uint32_t column,
                          uint32_t xf) {
  if (!xf_code(f, xf)) return BS_OK;
  char key[8];
  memcpy(key, &sheet, 2);
  memcpy(key + 2, &row, 4);
  memcpy(key + 6, &column, 2);
  int64_t *slot;
  bs_status status = bs_strmap_upsert(f->cells, key, sizeof key, &slot, NULL, NULL);
  if (status == BS_OK) *slot = xf;
  return status;
}

bs_status bs_xls_formats_create(bs_xls_formats **out, const char *book, size_t len) {
  *out = NULL;
  bs_xls_formats *f = bs_calloc(1, sizeof *f);
  if (!f) return BS_ENOMEM;
  bs_buf_init(&f->codes, BS_LIMIT_MEMBER_BYTES);
  bs_buf_init(&f->customs, BS_LIMIT_MEMBER_BYTES);
  bs_status status = bs_strmap_create(&f->cells);
  int substream = -1, biff8 = 1; /* -1 before the globals, 0 the globals, then sheets */
  for (size_t at = 0; status == BS_OK && len - at >= 4;) {
    uint32_t type = le16(book + at), size = le16(book + at + 2);
    const char *data = book + at + 4;
    if (size > len - at - 4) break;
    at += 4 + size;
    if (type == RT_BOF) {
      substream++;
      if (substream == 0 && size >= 2) biff8 = le16(data) >= 0x0600;
    } else if (substream == 0 && type == RT_FORMAT) {
      status = add_format(f, data, size, biff8);
    } else if (substream == 0 && type == RT_XF && size >= 4) {
      if (f->xfs < MAX_XFS) f->xf_format[f->xfs++] = (uint16_t)le16(data + 2);
    } else if (substream > 0 && (type == RT_NUMBER || type == RT_RK) && size >= 6) {
      status = add_cell(f, (unsigned)substream - 1, le16(data), le16(data + 2), le16(data + 4));
    } else if (substream > 0 && type == RT_MULRK && size >= 6) {
      /* row, first column, then (XF, RK) pairs of 6 bytes, the last column */
      uint32_t column = le16(data + 2);
      for (size_t i = 4; status == BS_OK && i + 6 + 2 <= size; i += 6)
        status = add_cell(f, (unsigned)substream - 1, le16(data), column++, le16(data + i));
    }
  }
  if (status != BS_OK) {
    bs_xls_formats_free(f);
    return status;
  }
  *out = f;
  return BS_OK;
}

const char *bs_xls_formats_find(const bs_xls_formats *f, unsigned sheet, unsigned row,
                                unsigned column) {
  if (!f || bs_strmap_count(f->cells) == 0) return NULL;
  char key[8];
  uint32_t r = row, c = column;
  memcpy(key, &sheet, 2);
  memcpy(key + 2, &r, 4);
  memcpy(key + 6, &c, 2);
  const int64_t *xf = bs_strmap_find(f->cells, key, sizeof key);
  return xf ? xf_code(f, (uint32_t)*xf) : NULL;
}

void bs_xls_formats_free(bs_xls_formats *f) {
  if (!f) return;
  bs_buf_free(&f->codes);
  bs_buf_free(&f->customs);
  bs_strmap_free(f->cells);
  bs_free(f);
}
