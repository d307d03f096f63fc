/* What FreeXL is given. Fuzzing found FreeXL 1.0.6 leaking a sheet's cell table (16
 * bytes a cell, allocated at the sheet's DIMENSIONS record) whenever it meets a second
 * DIMENSIONS record for the sheet it reads, which a damaged stream can make it do in
 * ways hard to foresee (a sheet's offset in its BOUNDSHEET record may point anywhere,
 * even inside another record); it multiplies rows by columns in 32 bits too. A
 * crafted workbook could so make it leak gigabytes, or write past an allocation. So
 * FreeXL never reads the workbook as found:
 *
 * 1. The BIFF records ([MS-XLS] 2.1.4: 16-bit type, 16-bit size, data) are copied into
 *    a new stream, the globals (up to their EOF) first, then each sheet from the offset
 *    its BOUNDSHEET record gives up to the sheet's EOF, with the offsets rewritten. Only
 *    the records FreeXL reads are kept, and one DIMENSIONS per sheet, which must come
 *    before the sheet's cells; cells declared over BS_LIMIT_SHEET_CELLS in all make the
 *    workbook not examined. A FILEPASS record (encryption) stops here: "encrypted".
 * 2. FreeXL reads compound files itself, and a damaged one may give it other bytes
 *    than libgsf gave us. So it is handed a compound file written here holding only
 *    that new stream: version 4 (4096-byte sectors), a FAT of at most 109 sectors, the
 *    stream padded to 4096 bytes so that it lies outside the mini stream (zero bytes
 *    after the last EOF are read as nothing). */
#include "extract/xls_guard.h"

#include <stdint.h>
#include <string.h>

#include "base/limits.h"

/* [MS-XLS] 2.3 record types */
#define RT_BOF        0x0809
#define RT_EOF        0x000A
#define RT_DIMENSIONS 0x0200
#define RT_BOUNDSHEET 0x0085
#define RT_FILEPASS   0x002F
#define MAX_SHEETS    4096

#define SECTOR         4096u
#define FAT_PER_SECTOR (SECTOR / 4)
#define HEADER_FATS    109u
#define FREESECT       0xFFFFFFFFu
#define ENDOFCHAIN     0xFFFFFFFEu
#define FATSECT        0xFFFFFFFDu
#define NOSTREAM       0xFFFFFFFFu

static uint32_t le16(const char *p) {
  return (uint32_t)(unsigned char)p[0] | (uint32_t)(unsigned char)p[1] << 8;
}

static uint32_t le32(const char *p) { return le16(p) | le16(p + 2) << 16; }

/* Records FreeXL reads: in the globals, the code page, date system, formats, cell
 * formats, sheets and shared strings; in a sheet, the cells. */
static int kept(uint32_t type, int globals) {
  static const uint16_t global_types[] = {0x0042, 0x0022, 0x041E, 0x001E, 0x00E0,
                                          0x0043, 0x0085, 0x00FC, 0x003C};
  static const uint16_t sheet_types[] = {0x00FD, 0x0204, 0x0004, 0x00D6, 0x0203, 0x0003,
                                         0x027E, 0x007E, 0x00BD, 0x0205, 0x0005, 0x0006,
                                         0x0406, 0x0207, 0x0201, 0x0001, 0x00BE};
  const uint16_t *types = globals ? global_types : sheet_types;
  size_t count = globals ? sizeof global_types / sizeof global_types[0]
                         : sizeof sheet_types / sizeof sheet_types[0];
  for (size_t i = 0; i < count; i++)
    if (types[i] == type) return 1;
  return 0;
}

/* Cells FreeXL allocates for a DIMENSIONS record: last row times last column (BIFF8:
 * 32-bit rows at 4, columns at 10; BIFF2-5: 16-bit rows at 2, columns at 6). */
static uint64_t declared_cells(const char *data, uint32_t size) {
  if (size >= 14) return (uint64_t)le32(data + 4) * le16(data + 10);
  if (size >= 8) return (uint64_t)le16(data + 2) * le16(data + 6);
  return 0;
}

static bs_status copy_record(bs_buf *out, const char *record, uint32_t size) {
  return bs_buf_append(out, record, 4 + (size_t)size);
}

/* Copies the records of one part (globals or a sheet) from `at` to its EOF; a part
 * inside it (a chart in a sheet: BOF to EOF) is left out. OUT: sheets (globals only),
 * *why. */
static bs_status copy_part(bs_buf *out, const char *book, size_t len, size_t at, int globals,
                           uint64_t *cells, uint32_t *sheets, size_t *sheet_count,
                           const char **why) {
  if (at + 4 > len || le16(book + at) != RT_BOF) return BS_OK; /* no part here */
  int dimensions = 0, cell_seen = 0;
  unsigned depth = 0;
  bs_status status = BS_OK;
  while (status == BS_OK && at + 4 <= len) {
    uint32_t type = le16(book + at), size = le16(book + at + 2);
    if (size > len - at - 4) break; /* damaged: the rest is not read */
    const char *record = book + at;
    at += 4 + (size_t)size;
    if (type == RT_BOF) {
      if (depth++ == 0) status = copy_record(out, record, size);
      continue;
    }
    if (type == RT_EOF && --depth == 0) return copy_record(out, record, size);
    if (depth > 1) continue; /* inside a nested part */
    if (type == RT_FILEPASS && globals) {
      *why = "encrypted";
      return BS_OK;
    }
    if (!globals && type == RT_DIMENSIONS) {
      if (dimensions++ || cell_seen) continue; /* only the first, before the cells */
      uint64_t declared = declared_cells(record + 4, size);
      if (declared > UINT32_MAX / 16 || (*cells += declared) > BS_LIMIT_SHEET_CELLS) {
        *why = "workbook declares more cells than the limit";
        return BS_OK;
      }
      status = copy_record(out, record, size);
    } else if (kept(type, globals)) {
      cell_seen |= !globals;
      if (globals && type == RT_BOUNDSHEET && size >= 4) {
        if (*sheet_count == MAX_SHEETS) continue;
        sheets[(*sheet_count)++] = le32(record + 4);
      }
      status = copy_record(out, record, size);
    }
  }
  /* a part cut short still ends, so that FreeXL reads what is there */
  if (status == BS_OK) status = bs_buf_append(out, "\x0a\x00\x00\x00", 4);
  return status;
}

bs_status bs_xls_normalize(bs_buf *out, const char **why, const char *book, size_t len) {
  static _Thread_local uint32_t sheets[MAX_SHEETS];
  size_t sheet_count = 0, boundsheets = 0;
  uint64_t cells = 0;
  *why = NULL;
  bs_buf_reset(out);
  bs_status status = copy_part(out, book, len, 0, 1, &cells, sheets, &sheet_count, why);
  if (status != BS_OK || *why) return status;
  if (out->len == 0) {
    *why = "damaged workbook: no BOF record at its start";
    return BS_OK;
  }
  /* each sheet after the globals, its BOUNDSHEET's offset set to where it now is */
  for (size_t i = 0; i < sheet_count && status == BS_OK && !*why; i++) {
    while (boundsheets < out->len &&
           !(out->len - boundsheets >= 8 && le16(out->data + boundsheets) == RT_BOUNDSHEET))
      boundsheets += 4 + le16(out->data + boundsheets + 2);
    if (boundsheets >= out->len) break;
    size_t start = out->len;
    if (sheets[i] < len) status = copy_part(out, book, len, sheets[i], 0, &cells, NULL, NULL, why);
    /* no sheet at that offset: FreeXL is pointed past the stream's end */
    if (out->len == start || start > UINT32_MAX) start = UINT32_MAX;
    char *offset = out->data + boundsheets + 4;
    offset[0] = (char)(start & 0xFF);
    offset[1] = (char)(start >> 8 & 0xFF);
    offset[2] = (char)(start >> 16 & 0xFF);
    offset[3] = (char)(start >> 24 & 0xFF);
    boundsheets += 4 + le16(out->data + boundsheets + 2);
  }
  return status;
}

static void put16(char *p, uint32_t v) {
  p[0] = (char)(v & 0xFF);
  p[1] = (char)(v >> 8 & 0xFF);
}

static void put32(char *p, uint32_t v) {
  put16(p, v & 0xFFFF);
  put16(p + 2, v >> 16);
}

static void put_entry(char *e, const char *name, unsigned type, uint32_t child, uint32_t start,
                      uint64_t size) {
  size_t n = strlen(name);
  for (size_t i = 0; i < n; i++) put16(e + 2 * i, (unsigned char)name[i]);
  put16(e + 64, (uint32_t)(2 * n + 2));
  e[66] = (char)type;
  e[67] = 1; /* black */
  put32(e + 68, NOSTREAM);
  put32(e + 72, NOSTREAM);
  put32(e + 76, child);
  put32(e + 116, start);
  put32(e + 120, (uint32_t)size);
  put32(e + 124, (uint32_t)(size >> 32));
}

bs_status bs_xls_wrap(bs_buf *out, const char *book, size_t len) {
  size_t padded = len < SECTOR ? SECTOR : len;
  size_t data_sectors = (padded + SECTOR - 1) / SECTOR;
  size_t fats = 1;
  while (fats * FAT_PER_SECTOR < fats + 1 + data_sectors) fats++;
  if (fats > HEADER_FATS) return BS_ELIMIT;
  size_t total = SECTOR * (1 + fats + 1 + data_sectors);
  bs_buf_reset(out);
  bs_status status = bs_buf_reserve(out, total);
  if (status != BS_OK) return status;
  char *f = out->data;
  memset(f, 0, total);
  /* [MS-CFB] 2.2: the header */
  memcpy(f, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  put16(f + 24, 0x003E);
  put16(f + 26, 4);
  put16(f + 28, 0xFFFE);
  put16(f + 30, 12);
  put16(f + 32, 6);
  put32(f + 40, 1);
  put32(f + 44, (uint32_t)fats);
  put32(f + 48, (uint32_t)fats); /* the directory follows the FAT */
  put32(f + 56, SECTOR);
  put32(f + 60, ENDOFCHAIN);
  put32(f + 68, ENDOFCHAIN);
  for (size_t i = 0; i < HEADER_FATS; i++) put32(f + 76 + 4 * i, i < fats ? (uint32_t)i : FREESECT);
  /* the FAT: its own sectors, the directory, the stream's chain, free */
  char *fat = f + SECTOR;
  size_t first_data = fats + 1;
  for (size_t i = 0; i < fats * FAT_PER_SECTOR; i++) {
    uint32_t v = FREESECT;
    if (i < fats)
      v = FATSECT;
    else if (i == fats)
      v = ENDOFCHAIN;
    else if (i < first_data + data_sectors)
      v = i + 1 < first_data + data_sectors ? (uint32_t)(i + 1) : ENDOFCHAIN;
    put32(fat + 4 * i, v);
  }
  /* the directory: the root, the Workbook stream, then unused entries */
  char *dir = f + SECTOR * (1 + fats);
  for (size_t i = 2; i < SECTOR / 128; i++) {
    put32(dir + 128 * i + 68, NOSTREAM);
    put32(dir + 128 * i + 72, NOSTREAM);
    put32(dir + 128 * i + 76, NOSTREAM);
  }
  put_entry(dir, "Root Entry", 5, 1, ENDOFCHAIN, 0);
  put_entry(dir + 128, "Workbook", 2, NOSTREAM, (uint32_t)first_data, padded);
  memcpy(f + SECTOR * (1 + first_data), book, len);
  out->len = total;
  return BS_OK;
}
