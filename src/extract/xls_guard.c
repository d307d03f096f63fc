/* What FreeXL is given. Fuzzing found FreeXL 1.0.6 leaking a sheet's cell table (16
 * bytes a cell): it allocates the table of the sheet it is reading at each DIMENSIONS
 * record, and again at the end for every sheet whose DIMENSIONS it did not meet, and
 * a damaged stream makes either happen in ways hard to foresee (a sheet's offset in
 * its BOUNDSHEET record may point anywhere, even inside another record). It multiplies
 * rows by columns in 32 bits too. A crafted workbook could so make it leak gigabytes,
 * or write past an allocation. So FreeXL never reads the workbook as found:
 *
 * 1. The BIFF records ([MS-XLS] 2.1.4: 16-bit type, 16-bit size, data) FreeXL reads
 *    are copied into a new stream: the globals (to their EOF), with a BOUNDSHEET only
 *    for the sheets found, then each sheet, from the offset its BOUNDSHEET gave to the
 *    sheet's EOF (a chart inside, BOF to EOF, left out), the offsets rewritten. Each
 *    sheet gets exactly one DIMENSIONS, computed here from the cells copied (the
 *    sheet's own are dropped), so FreeXL's table always holds every cell. More cells
 *    than BS_LIMIT_SHEET_CELLS in all make the workbook not examined; a FILEPASS
 *    record (encryption) stops here: "encrypted".
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
#define RT_MULRK      0x00BD
#define RT_MULBLANK   0x00BE
#define RT_STRING     0x0207
#define MAX_SHEETS    4096
#define BIFF8         0x0600

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

static void put16(char *p, uint32_t v) {
  p[0] = (char)(v & 0xFF);
  p[1] = (char)(v >> 8 & 0xFF);
}

static void put32(char *p, uint32_t v) {
  put16(p, v & 0xFFFF);
  put16(p + 2, v >> 16);
}

/* Globals FreeXL reads: code page, date system, formats, cell formats, sheets, shared
 * strings and their continuations. */
static int global_kept(uint32_t type) {
  static const uint16_t types[] = {0x0042, 0x0022, 0x041E, 0x001E, 0x00E0,
                                   0x0043, 0x0085, 0x00FC, 0x003C};
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (types[i] == type) return 1;
  return 0;
}

/* Cells FreeXL reads, all starting with a 16-bit row and column (BIFF8 and the older
 * forms of the same records). */
static int cell_record(uint32_t type) {
  static const uint16_t types[] = {0x00FD, 0x0204, 0x0004,   0x00D6,     0x0203, 0x0003,
                                   0x027E, 0x007E, 0x0205,   0x0005,     0x0006, 0x0406,
                                   0x0201, 0x0001, RT_MULRK, RT_MULBLANK};
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (types[i] == type) return 1;
  return 0;
}

typedef struct record {
  uint32_t type, size; /* from the header */
  const char *data;    /* size bytes */
} record;

/* The record at *at, moving *at past it; 0 at the end or a record cut short. */
static int next_record(record *r, const char *book, size_t len, size_t *at) {
  if (*at + 4 > len) return 0;
  r->type = le16(book + *at);
  r->size = le16(book + *at + 2);
  if (r->size > len - *at - 4) return 0;
  r->data = book + *at + 4;
  *at += 4 + (size_t)r->size;
  return 1;
}

static bs_status put_record(bs_buf *out, uint32_t type, const char *data, uint32_t size) {
  char head[4];
  put16(head, type);
  put16(head + 2, size);
  bs_status status = bs_buf_append(out, head, 4);
  return status == BS_OK ? bs_buf_append(out, data, size) : status;
}

/* Appends one sheet, read from `at`: BOF, DIMENSIONS computed from its cells, the
 * cells, EOF. Nothing when there is no BOF at `at`. OUT: *cells grows. */
static bs_status copy_sheet(bs_buf *out, bs_buf *body, const char *book, size_t len, size_t at,
                            uint64_t *cells) {
  record r;
  if (!next_record(&r, book, len, &at) || r.type != RT_BOF || r.size < 2) return BS_OK;
  record bof = r;
  uint32_t rows = 0, columns = 0; /* one past the last */
  unsigned depth = 1;
  bs_status status = BS_OK;
  bs_buf_reset(body);
  while (status == BS_OK && next_record(&r, book, len, &at)) {
    if (r.type == RT_BOF) depth++;
    if (r.type == RT_EOF && --depth == 0) break;
    if (depth > 1) continue; /* a chart inside the sheet */
    int cell = cell_record(r.type) && r.size >= 4;
    if (!cell && r.type != RT_STRING) continue;
    if (cell) {
      uint32_t row = le16(r.data), first = le16(r.data + 2), last = first;
      if ((r.type == RT_MULRK || r.type == RT_MULBLANK) && r.size >= 6)
        last = le16(r.data + r.size - 2);
      if (row + 1 > rows) rows = row + 1;
      if (last + 1 > columns) columns = last + 1;
      if (first + 1 > columns) columns = first + 1;
    }
    status = put_record(body, r.type, r.data, r.size);
  }
  if (status != BS_OK) return status;
  *cells += (uint64_t)rows * columns;
  if (*cells > BS_LIMIT_SHEET_CELLS) return BS_ELIMIT;
  char dimensions[14] = {0};
  int biff8 = le16(bof.data) == BIFF8;
  if (biff8) {
    put32(dimensions + 4, rows);
    put16(dimensions + 10, columns);
  } else {
    put16(dimensions + 2, rows);
    put16(dimensions + 6, columns);
  }
  status = put_record(out, RT_BOF, bof.data, bof.size);
  if (status == BS_OK) status = put_record(out, RT_DIMENSIONS, dimensions, biff8 ? 14 : 10);
  if (status == BS_OK) status = bs_buf_append(out, body->data ? body->data : "", body->len);
  if (status == BS_OK) status = put_record(out, RT_EOF, "", 0);
  return status;
}

/* Walks the globals, from the stream's BOF to its EOF. With out NULL, only collects
 * the sheets' offsets (and FILEPASS); otherwise copies the records kept, writing in
 * each BOUNDSHEET of a sheet found its new offset, base + starts[i], and leaving out
 * the others. */
static bs_status walk_globals(bs_buf *out, const char **why, const char *book, size_t len,
                              uint32_t *offsets, size_t *count, const size_t *starts,
                              const size_t *ends, size_t base) {
  size_t at = 0, sheet = 0;
  record r;
  bs_status status = BS_OK;
  if (!next_record(&r, book, len, &at) || r.type != RT_BOF) {
    *why = "damaged workbook: no BOF record at its start";
    return BS_OK;
  }
  if (out) status = put_record(out, r.type, r.data, r.size);
  while (status == BS_OK && next_record(&r, book, len, &at) && r.type != RT_EOF) {
    if (r.type == RT_FILEPASS) {
      *why = "encrypted";
      return BS_OK;
    }
    if (!global_kept(r.type)) continue;
    if (r.type == RT_BOUNDSHEET) {
      if (r.size < 4 || sheet == MAX_SHEETS) continue;
      size_t i = sheet++;
      if (!out) {
        if (offsets && count) offsets[(*count)++] = le32(r.data);
        continue;
      }
      if (ends[i] == starts[i] || base + starts[i] > UINT32_MAX) continue; /* not found */
      char offset[4];
      put32(offset, (uint32_t)(base + starts[i]));
      status = put_record(out, r.type, offset, 4);
      if (status == BS_OK) status = bs_buf_append(out, r.data + 4, r.size - 4);
      if (status == BS_OK) put16(out->data + out->len - r.size - 2, r.size); /* its size */
      continue;
    }
    if (out) status = put_record(out, r.type, r.data, r.size);
  }
  if (out && status == BS_OK) status = put_record(out, RT_EOF, "", 0);
  return status;
}

bs_status bs_xls_normalize(bs_buf *out, const char **why, const char *book, size_t len) {
  static _Thread_local uint32_t offsets[MAX_SHEETS];
  static _Thread_local size_t starts[MAX_SHEETS], ends[MAX_SHEETS];
  size_t count = 0;
  uint64_t cells = 0;
  *why = NULL;
  bs_buf_reset(out);
  bs_status status = walk_globals(NULL, why, book, len, offsets, &count, NULL, NULL, 0);
  if (status != BS_OK || *why) return status;
  /* the sheets, into their own buffer first: the globals' length decides the offsets */
  bs_buf sheets, body;
  bs_buf_init(&sheets, BS_LIMIT_MEMBER_BYTES);
  bs_buf_init(&body, BS_LIMIT_MEMBER_BYTES);
  for (size_t i = 0; i < count && status == BS_OK; i++) {
    starts[i] = sheets.len;
    if (offsets[i] < len) status = copy_sheet(&sheets, &body, book, len, offsets[i], &cells);
    ends[i] = sheets.len;
  }
  bs_buf_free(&body);
  if (status == BS_ELIMIT) {
    *why = "workbook holds more cells than the limit";
    status = BS_OK;
  } else if (status == BS_OK) {
    /* a dry run of the globals to learn their length, then the real one */
    status = walk_globals(out, why, book, len, NULL, NULL, starts, ends, 0);
    size_t base = out->len;
    bs_buf_reset(out);
    if (status == BS_OK) status = walk_globals(out, why, book, len, NULL, NULL, starts, ends, base);
    if (status == BS_OK) status = bs_buf_append(out, sheets.data ? sheets.data : "", sheets.len);
  }
  bs_buf_free(&sheets);
  return status;
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
  static const unsigned char signature[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  memcpy(f, signature, sizeof signature);
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
