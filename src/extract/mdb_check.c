/* Structure checks of Access databases on their bytes (see mdb_check.h).
 *
 * A row pointer is page << 8 | row. A data page (type 1) holds its row count at rows_at
 * and the rows' start offsets after it; row 0 ends at the end of the page, row r at the
 * start of row r - 1 (the top three bits of an offset are flags). A memo field is 12
 * bytes, then its text when inline: a 24-bit length and a flag byte (0x80 the text
 * follows; 0x40 it is the whole row the pointer at 4 names; 0 that row begins with the
 * pointer to the next piece, 0 in the last), the pointer, 4 unused bytes. Long-value
 * rows live on data pages marked "LVAL" where the table's page would be. */
#include "extract/mdb_check.h"

#include <stdio.h>
#include <string.h>

#define PAGE_DATA       0x01
#define PAGE_DEFINITION 0x02
#define OFFSET_MASK     0x1FFFu
#define INLINE          0x80u
#define ONE_ROW         0x40u
#define MEMO_HEADER     12

static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | le16(p + 2) << 16; }

void bs_jet_rc4(const unsigned char *key, size_t key_len, unsigned char *buf, size_t len) {
  unsigned char s[256];
  for (unsigned i = 0; i < 256; i++) s[i] = (unsigned char)i;
  for (unsigned i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key_len]) & 0xFF;
    unsigned char t = s[i];
    s[i] = s[j];
    s[j] = t;
  }
  for (size_t n = 0, i = 0, j = 0; n < len; n++) {
    i = (i + 1) & 0xFF;
    j = (j + s[i]) & 0xFF;
    unsigned char t = s[i];
    s[i] = s[j];
    s[j] = t;
    buf[n] ^= s[(s[i] + s[j]) & 0xFF];
  }
}

const char *bs_jet_open(bs_jet *out, const char *data, size_t len) {
  memset(out, 0, sizeof *out);
  if (len == 0) return "empty file";
  if (len < 24 || (memcmp(data + 4, "Standard Jet DB", 15) != 0 &&
                   memcmp(data + 4, "Standard ACE DB", 15) != 0))
    return "not an Access database: no Jet or ACE header";
  const unsigned char *bytes = (const unsigned char *)data;
  /* The version at 0x14: 0 Jet 3 (2 KB pages), 1 Jet 4, 2 to 6 ACE (Access 2007-2019) */
  if (bytes[0x14] > 6) return "damaged Access database: unknown Jet version";
  out->page = bytes[0x14] == 0 ? 2048 : 4096;
  out->rows_at = bytes[0x14] == 0 ? 8 : 12;
  if (len < out->page) return "damaged Access database: shorter than its header page";
  out->data = bytes;
  out->len = len;
  out->pages = len / out->page;
  /* The header from 0x18 is masked (126 bytes in Jet 3, 128 after) with RC4 under a
   * fixed key; inside, at 0x3E, the key pages are encrypted with (0: none). */
  static const unsigned char mask_key[4] = {0xC7, 0xDA, 0x39, 0x6B};
  unsigned char header[128];
  memcpy(header, bytes + 0x18, sizeof header);
  bs_jet_rc4(mask_key, sizeof mask_key, header, bytes[0x14] == 0 ? 126 : 128);
  out->key = le32(header + 0x3E - 0x18);
  return NULL;
}

/* Page `number` as libmdb reads it: decrypted with the database key (pages after the
 * first), into buf when that or padding needs a copy. padded: a page cut short by the
 * end of the file, or starting right at it, reads as zeros past the end (libmdb's
 * way); else only whole pages are there. NULL when not there. */
static const unsigned char *page_at(const bs_jet *jet, uint64_t number, unsigned char *buf,
                                    int padded) {
  if (number >= (padded ? jet->len / jet->page + 1 : jet->pages)) return NULL;
  size_t at = (size_t)number * jet->page;
  size_t have = jet->len - at < jet->page ? jet->len - at : jet->page;
  if (have == jet->page && (!jet->key || number == 0)) return jet->data + at;
  memcpy(buf, jet->data + at, have);
  memset(buf + have, 0, jet->page - have);
  if (jet->key && number) {
    uint32_t k = jet->key ^ (uint32_t)number;
    unsigned char key[4] = {(unsigned char)k, (unsigned char)(k >> 8), (unsigned char)(k >> 16),
                            (unsigned char)(k >> 24)};
    bs_jet_rc4(key, sizeof key, buf, jet->page);
  }
  return buf;
}

/* NULL when libmdb can take the table whose definition is on page: its usage map, a row
 * libmdb copies and then reads without looking at its length, is not empty (libmdb
 * 1.0.0 reads an empty one through a null pointer; fixed in 1.0.1). Else the problem. */
const char *bs_jet_check_usage_map(const bs_jet *jet, uint32_t page) {
  unsigned char buf[4096];
  const unsigned char *p = page_at(jet, page, buf, 1);
  if (!p || p[0] != PAGE_DEFINITION) return NULL; /* libmdb refuses it itself */
  uint32_t pointer = le32(p + (jet->page == 2048 ? 35 : 55));
  p = page_at(jet, pointer >> 8, buf, 1);
  if (!p) return NULL;
  /* libmdb's mdb_find_row: start and end, refused when out of order or past the page */
  uint32_t row = pointer & 0xFF, start = le16(p + jet->rows_at + 2 + 2 * (size_t)row);
  uint32_t end = row ? le16(p + jet->rows_at + 2 * (size_t)row) & OFFSET_MASK : (uint32_t)jet->page;
  if ((start & OFFSET_MASK) >= jet->page || (start & OFFSET_MASK) > end || end > jet->page)
    return NULL;
  return end == (start & OFFSET_MASK) ? "its usage map is an empty row" : NULL;
}

const char *bs_jet_check_definition(int *readable, const bs_jet *jet, uint32_t page, char *msg,
                                    size_t size) {
  unsigned char buf[4096];
  *readable = 0;
  /* A chain longer than the file has pages visits one twice: it loops. */
  for (uint64_t steps = 0; page; steps++) {
    const unsigned char *p = page_at(jet, page, buf, 0);
    if (!p)
      snprintf(msg, size, "its definition is on page %u, past the end of the file", (unsigned)page);
    else if (p[0] != PAGE_DEFINITION)
      snprintf(msg, size, "its definition is on page %u, which is no definition page",
               (unsigned)page);
    else if (steps > jet->pages)
      snprintf(msg, size, "the pages of its definition loop");
    else {
      *readable = 1;
      page = le32(p + 4);
      continue;
    }
    return msg;
  }
  return NULL;
}

/* The long-value row a pointer names: OUT *row, *row_len; NULL or what is wrong. */
static const char *long_value_row(const bs_jet *jet, uint32_t pointer, unsigned char *buf,
                                  const unsigned char **row, size_t *row_len, char *msg,
                                  size_t size) {
  uint32_t number = pointer >> 8, index = pointer & 0xFF;
  const unsigned char *p = page_at(jet, number, buf, 0);
  if (!p) {
    snprintf(msg, size, "a memo's text is on page %u, past the end of the file", (unsigned)number);
    return msg;
  }
  if (p[0] != PAGE_DATA || memcmp(p + 4, "LVAL", 4) != 0) {
    snprintf(msg, size, "a memo's text is on page %u, which is no long-value page",
             (unsigned)number);
    return msg;
  }
  uint32_t rows = le16(p + jet->rows_at);
  size_t table_end = jet->rows_at + 2 + 2 * (size_t)rows;
  if (index >= rows || table_end > jet->page) {
    snprintf(msg, size, "a memo's text is row %u of page %u, which has no such row",
             (unsigned)index, (unsigned)number);
    return msg;
  }
  size_t start = le16(p + jet->rows_at + 2 + 2 * (size_t)index) & OFFSET_MASK;
  size_t end = index ? le16(p + jet->rows_at + 2 * (size_t)index) & OFFSET_MASK : jet->page;
  if (start < table_end || start > end || end > jet->page) {
    snprintf(msg, size, "a memo's text is row %u of page %u, whose offsets are damaged",
             (unsigned)index, (unsigned)number);
    return msg;
  }
  *row = p + start;
  *row_len = end - start;
  return NULL;
}

const char *bs_jet_check_long_value(const bs_jet *jet, const unsigned char *field, size_t len,
                                    char *msg, size_t size) {
  if (len < MEMO_HEADER) {
    snprintf(msg, size, "a memo field of %zu bytes, shorter than its header", len);
    return msg;
  }
  uint32_t word = le32(field), flags = word >> 24, length = word & 0xFFFFFF;
  const unsigned char *row = NULL;
  size_t row_len = 0;
  unsigned char buf[4096];
  if (flags & INLINE) {
    if (length > len - MEMO_HEADER) {
      snprintf(msg, size, "a memo of %u bytes in a field of %zu", (unsigned)length, len);
      return msg;
    }
    return NULL;
  }
  if (flags & ONE_ROW) {
    if (long_value_row(jet, le32(field + 4), buf, &row, &row_len, msg, size)) return msg;
    if (row_len != length) {
      snprintf(msg, size, "a memo of %u bytes on a row of %zu", (unsigned)length, row_len);
      return msg;
    }
    return NULL;
  }
  if (flags) {
    snprintf(msg, size, "a memo of an unknown kind (flags %02X)", (unsigned)flags);
    return msg;
  }
  /* Pieces on a chain of rows, each starting with the pointer to the next. Each adds at
   * least a byte or the chain is damaged, so the length bounds the steps. */
  uint64_t total = 0;
  for (uint32_t pointer = le32(field + 4); pointer;) {
    if (long_value_row(jet, pointer, buf, &row, &row_len, msg, size)) return msg;
    if (row_len <= 4) {
      snprintf(msg, size, "a memo's piece on page %u is empty", (unsigned)(pointer >> 8));
      return msg;
    }
    total += row_len - 4;
    if (total > length) {
      snprintf(msg, size, "a memo's pieces run past its %u bytes (their pages loop?)",
               (unsigned)length);
      return msg;
    }
    pointer = le32(row);
  }
  if (total != length) {
    snprintf(msg, size, "a memo of %u bytes whose pieces hold %llu", (unsigned)length,
             (unsigned long long)total);
    return msg;
  }
  return NULL;
}
