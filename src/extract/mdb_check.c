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
  return NULL;
}

/* The page, when wholly in the file. */
static const unsigned char *page_at(const bs_jet *jet, uint64_t number) {
  return number < jet->pages ? jet->data + number * jet->page : NULL;
}

const char *bs_jet_check_definition(int *readable, const bs_jet *jet, uint32_t page, char *msg,
                                    size_t size) {
  *readable = 0;
  /* A chain longer than the file has pages visits one twice: it loops. */
  for (uint64_t steps = 0; page; steps++) {
    const unsigned char *p = page_at(jet, page);
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
static const char *long_value_row(const bs_jet *jet, uint32_t pointer, const unsigned char **row,
                                  size_t *row_len, char *msg, size_t size) {
  uint32_t number = pointer >> 8, index = pointer & 0xFF;
  const unsigned char *p = page_at(jet, number);
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
  if (flags & INLINE) {
    if (length > len - MEMO_HEADER) {
      snprintf(msg, size, "a memo of %u bytes in a field of %zu", (unsigned)length, len);
      return msg;
    }
    return NULL;
  }
  if (flags & ONE_ROW) {
    if (long_value_row(jet, le32(field + 4), &row, &row_len, msg, size)) return msg;
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
    if (long_value_row(jet, pointer, &row, &row_len, msg, size)) return msg;
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
