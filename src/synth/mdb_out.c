/* Access databases (see mdb_out.h). Offsets are Jet 4's, after mdbtools' HACKING.md.
 *
 * The file is pages of 4096 bytes, each starting with its type. Pages 0 to 4 are
 * fixed: the header, the global usage map, the catalog's definition, the catalog's usage
 * maps and its rows; they are written last, once every table's pages are known. A
 * table takes pages as it needs them: its definition (TDEF) and the page of its usage
 * maps when it starts, a long-value page (LVAL) when a memo needs one, a data page each
 * time one is full, and at its end the bitmap pages of usage maps too wide for a row.
 * Pages go to a temporary file at their number's offset, then into the caller's file.
 *
 * A data page: 01 01, its free space, the page of its table's definition ("LVAL" on a
 * long-value page), the row count at 12, the rows' start offsets from 14; the rows
 * themselves packed from the end of the page down, row 0 last. A row pointer is
 * page << 8 | row.
 *
 * A row, with a worked example: Visits (ID long, MRN text, Notes memo), the row
 * (7, "00123456", null) is 25 bytes:
 *
 *     03 00                 the number of columns
 *     07 00 00 00           the fixed columns at their offsets (ID)
 *     FF FE 30 30 .. 36     the variable ones in order: MRN compressed (below), Notes empty
 *     10 00 10 00 06 00     backwards: the end of the variable data (16), where Notes
 *                           (16) and MRN (6) start
 *     02 00                 the number of variable columns
 *     03                    the null mask, a bit a column: 1 has a value (ID and MRN);
 *                           a Yes/No column's bit is its value
 *
 * Text is UCS-2; in a column flagged for compression (all of them here, as Access 2000
 * makes them) it may be stored as FF FE and then one byte a character while their high
 * byte is 0, a 00 byte switching to two bytes a character and back: "Łukasz" is
 * FF FE 00 41 01 00 75 6B 61 73 7A. A text with a character whose low byte is 0 would
 * read as a switch, so it stays UCS-2, as does one that compression would not shorten.
 *
 * A memo in its row is 12 bytes: its length (24 bits) and a flag byte (0x80: the text
 * follows here, up to 64 bytes; 0x40: it is the whole long-value row the pointer at 4
 * names; 0: that row starts with the pointer to the next piece, 0 in the last), the
 * pointer, 4 unused bytes. Longer memos than a long-value row holds are cut into pieces
 * of 4076 bytes, a page each.
 *
 * A usage map (a row of 69 bytes) lists a table's pages: type 0, a start page and a
 * bitmap of the 512 pages from it; or, when the pages spread wider, type 1, the pages
 * (type 5) holding bitmaps of 32736 pages each, the first of pages 0 to 32735. */
#include "synth/mdb_out.h"

#include <string.h>
#include <sys/types.h>
#include <utf8proc.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "extract/mdb_check.h"
#include "synth/ole2_out.h"
#include "synth/ooxml_out.h"

#define PAGE             4096u
#define PAGE_DATA        0x01
#define PAGE_DEFINITION  0x02
#define PAGE_USAGE       0x05
#define DATA_HEADER      14u  /* a data page's bytes before its row offsets */
#define ROW_COUNT_AT     12u  /* the row count on a data page */
#define MAX_PAGE_ROWS    255u /* rows of a data page (a pointer's row is a byte) */
#define DEFINITION_BYTES 63u  /* a definition's bytes before its column descriptors */
#define COLUMN_BYTES     25u  /* a column descriptor */
#define CONTINUED_HEADER 8u   /* a definition page after the first: type, free, next */
#define MAP_ROW          69u  /* a usage map row: type, start page, 64 bytes of bitmap */
#define MAP_BITS         512u /* pages of an inline bitmap */
#define MAP_PAGE_BITS    ((PAGE - 4) * 8) /* pages of a bitmap page: 32736 */
#define MAP_POINTERS     16u              /* bitmap pages a type 1 row names */
#define MAX_ROW          4060u            /* longest table row Access writes */
#define INLINE_MEMO      64u              /* longest memo kept in its row */
#define MEMO_HEADER      12u /* a memo field before its text: length and flags, pointer, 0 */
#define LVAL_PIECE       (PAGE - DATA_HEADER - 2 - 4) /* bytes of a chained memo's piece */
#define ROOM             64u               /* free bytes that list a page in a free-space map */
#define VALUE_LIMIT      ((size_t)1 << 24) /* bytes of a row's values, memos included */

/* Pages 0 to 4 and the catalog's objects. */
enum { HEADER_PAGE, GLOBAL_MAP_PAGE, CATALOG_DEFINITION, CATALOG_MAPS, CATALOG_ROWS, FIRST_FREE };
#define CONTAINERS    0x0F000000L        /* the catalog's folders: Tables is CONTAINERS + 1 */
#define SYSTEM_OBJECT (-0x7FFFFFFFL - 1) /* MSysObjects.Flags 0x80000000, a signed long */
#define FLAG_FIXED    0x01
#define FLAG_NULLABLE 0x02
#define SORT_GENERAL  0x0409 /* Access's "General" sort order (LCID 1033) */

typedef struct page_list { /* a table's pages of one kind */
  uint32_t *number;        /* their numbers */
  uint16_t *free;          /* their free bytes */
  size_t count, cap;
} page_list;

typedef struct page {  /* a data or long-value page being filled */
  uint8_t bytes[PAGE]; /* as it will be written */
  uint32_t number;     /* 0 until it has one (data pages get theirs when full) */
  unsigned rows;       /* rows on it */
  unsigned end;        /* where its lowest row starts */
  int open;            /* started and not yet written */
} page;

typedef struct column {
  bs_mdb_type type;                   /* what it holds */
  char name[BS_MDB_MAX_NAME * 4 + 1]; /* UTF-8 */
  unsigned size;                      /* text: characters */
  unsigned fixed_size;                /* fixed columns: bytes in the row */
  int fixed;                          /* 1: at an offset among the fixed columns */
  unsigned offset;                    /* fixed: that offset */
  unsigned variable;                  /* else: its index among the variable ones */
  size_t value_at, value_len;         /* the current row's value in values */
  int set;                            /* the current row has a value (Yes/No: Yes) */
} column;

typedef struct table_entry {          /* a user table, for the catalog */
  char name[BS_MDB_MAX_NAME * 4 + 1]; /* UTF-8 */
  uint32_t definition;                /* the page of its definition */
} table_entry;

struct bs_mdb {
  FILE *file;                            /* the caller's, written at the end */
  FILE *pages;                           /* page n at n * PAGE */
  double created;                        /* OLE date of the database and its objects */
  uint32_t next_page;                    /* pages allocated so far */
  bs_status status;                      /* first error */
  table_entry tables[BS_MDB_MAX_TABLES]; /* user tables written or being written */
  size_t table_count;
  /* the table being written */
  int in_table;                       /* a table is started */
  int system;                         /* it is the catalog */
  column columns[BS_MDB_MAX_COLUMNS]; /* its columns */
  size_t column_count;                /* entries in columns */
  unsigned fixed_bytes;               /* of a row's fixed columns */
  unsigned variable_count;            /* variable columns */
  unsigned long_value_count;          /* memo and OLE columns */
  uint32_t definition;                /* its definition's first page */
  uint32_t definition_pages;          /* and the number of pages it takes */
  uint32_t maps_page;                 /* the page of its usage maps */
  uint32_t reserved_data_page;        /* the page its rows must go on, or 0 */
  uint32_t rows;                      /* rows written */
  page data, lval, piece;             /* its data page, long-value page, memo piece */
  page_list data_pages, lval_pages;   /* written */
  bs_buf definition_bytes;            /* its definition, before it is cut into pages */
  bs_buf values;                      /* the current row's values as stored */
  bs_buf row;                         /* the current row assembled */
  bs_buf units;                       /* a text as UTF-16LE */
  bs_buf stored;                      /* a text as stored */
};

static void fail(bs_mdb *db, bs_status status) {
  if (db->status == BS_OK) db->status = status;
}

static uint32_t allocate(bs_mdb *db) {
  if (db->next_page >= MAP_POINTERS * MAP_PAGE_BITS) { /* 2 GB, Jet 4's limit too */
    fail(db, BS_ELIMIT);
    return 0;
  }
  return db->next_page++;
}

static void put_page(bs_mdb *db, uint32_t number, const uint8_t *bytes) {
  if (db->status != BS_OK) return;
  if (fseeko(db->pages, (off_t)number * PAGE, SEEK_SET) != 0 ||
      fwrite(bytes, 1, PAGE, db->pages) != PAGE)
    fail(db, BS_EIO);
}

static void append(bs_mdb *db, bs_buf *buf, const void *bytes, size_t len) {
  if (db->status == BS_OK) fail(db, bs_buf_append(buf, bytes, len));
}

static void append16(bs_mdb *db, bs_buf *buf, uint32_t value) {
  uint8_t b[2];
  bs_le16(b, value);
  append(db, buf, b, sizeof b);
}

static void append32(bs_mdb *db, bs_buf *buf, uint32_t value) {
  uint8_t b[4];
  bs_le32(b, value);
  append(db, buf, b, sizeof b);
}

/* ---- pages ------------------------------------------------------------------------- */

static void list_add(bs_mdb *db, page_list *list, uint32_t number, unsigned free_bytes) {
  if (list->count == list->cap) {
    size_t cap = list->cap ? 2 * list->cap : 64;
    uint32_t *numbers = bs_reallocarray(list->number, cap, sizeof *numbers);
    if (numbers) list->number = numbers;
    uint16_t *frees = numbers ? bs_reallocarray(list->free, cap, sizeof *frees) : NULL;
    if (frees) list->free = frees;
    if (!numbers || !frees) {
      fail(db, BS_ENOMEM);
      return;
    }
    list->cap = cap;
  }
  list->number[list->count] = number;
  list->free[list->count++] = (uint16_t)free_bytes;
}

static void list_free(page_list *list) {
  bs_free(list->number);
  bs_free(list->free);
  memset(list, 0, sizeof *list);
}

/* owner: the table's definition page, "LVAL", or 0 for a page of usage maps. */
static void page_start(page *p, const uint8_t owner[4], uint32_t number) {
  memset(p->bytes, 0, PAGE);
  p->bytes[0] = PAGE_DATA;
  p->bytes[1] = 0x01;
  memcpy(p->bytes + 4, owner, 4);
  p->number = number;
  p->rows = 0;
  p->end = PAGE;
  p->open = 1;
}

static unsigned page_free(const page *p) { return p->end - DATA_HEADER - 2 * p->rows; }

static int page_fits(const page *p, size_t len) {
  return p->open && p->rows < MAX_PAGE_ROWS && page_free(p) >= len + 2;
}

/* Puts a row on the page (page_fits said it fits); returns its number there. */
static unsigned page_add(page *p, const void *row, size_t len) {
  p->end -= (unsigned)len;
  memcpy(p->bytes + p->end, row, len);
  bs_le16(p->bytes + DATA_HEADER + 2 * (size_t)p->rows, p->end);
  return p->rows++;
}

/* Writes the page and lists it (list NULL: not listed). */
static void page_close(bs_mdb *db, page *p, page_list *list) {
  if (!p->open) return;
  p->open = 0;
  bs_le16(p->bytes + 2, page_free(p));
  bs_le16(p->bytes + ROW_COUNT_AT, p->rows);
  put_page(db, p->number, p->bytes);
  if (list) list_add(db, list, p->number, page_free(p));
}

static void owner_of(uint8_t owner[4], uint32_t definition) { bs_le32(owner, definition); }

/* The table's data page is full (or the table ends): it takes its number now. */
static void close_data_page(bs_mdb *db) {
  if (!db->data.open) return;
  if (db->system && db->reserved_data_page == 0) {
    fail(db, BS_ELIMIT); /* the catalog outgrew its page */
    return;
  }
  db->data.number = db->reserved_data_page ? db->reserved_data_page : allocate(db);
  db->reserved_data_page = 0;
  page_close(db, &db->data, &db->data_pages);
}

/* ---- usage maps ---------------------------------------------------------------------- */

/* A usage map row for the listed pages (those with room only, when room_only). */
static void usage_map(bs_mdb *db, uint8_t row[MAP_ROW], const page_list *list, int room_only) {
  memset(row, 0, MAP_ROW);
  uint32_t first = UINT32_MAX, last = 0;
  for (size_t i = 0; i < list->count; i++) {
    if (room_only && list->free[i] < ROOM) continue;
    if (list->number[i] < first) first = list->number[i];
    if (list->number[i] > last) last = list->number[i];
  }
  if (first == UINT32_MAX) return; /* no pages: type 0 from page 0, no bit set */
  if (last - first < MAP_BITS) {
    bs_le32(row + 1, first);
    for (size_t i = 0; i < list->count; i++) {
      if (room_only && list->free[i] < ROOM) continue;
      uint32_t bit = list->number[i] - first;
      row[5 + bit / 8] |= (uint8_t)(1u << (bit % 8));
    }
    return;
  }
  row[0] = 1;
  uint8_t bitmap[PAGE];
  for (uint32_t index = first / MAP_PAGE_BITS; index <= last / MAP_PAGE_BITS; index++) {
    memset(bitmap, 0, sizeof bitmap);
    bitmap[0] = PAGE_USAGE;
    bitmap[1] = 0x01;
    int any = 0;
    for (size_t i = 0; i < list->count; i++) {
      if ((room_only && list->free[i] < ROOM) || list->number[i] / MAP_PAGE_BITS != index) continue;
      uint32_t bit = list->number[i] % MAP_PAGE_BITS;
      bitmap[4 + bit / 8] |= (uint8_t)(1u << (bit % 8));
      any = 1;
    }
    if (!any) continue;
    if (index >= MAP_POINTERS) {
      fail(db, BS_ELIMIT);
      return;
    }
    uint32_t number = allocate(db);
    put_page(db, number, bitmap);
    bs_le32(row + 1 + 4 * (size_t)index, number);
  }
}

/* The global usage map (page 1): every page of the file, none free. Jackcess reads its
 * set bits as free pages; libmdb does not read it. */
static void global_map(bs_mdb *db) {
  uint8_t row[MAP_ROW] = {0}, owner[4] = {0};
  if (db->next_page - 1 >= MAP_BITS) { /* type 1: bitmap pages, all zero, covering them too */
    row[0] = 1;
    uint32_t count = (db->next_page + db->next_page / MAP_PAGE_BITS + 2) / MAP_PAGE_BITS + 1;
    uint8_t bitmap[PAGE] = {PAGE_USAGE, 0x01};
    for (uint32_t i = 0; i < count && i < MAP_POINTERS; i++) {
      uint32_t number = allocate(db);
      put_page(db, number, bitmap);
      bs_le32(row + 1 + 4 * (size_t)i, number);
    }
  }
  page_start(&db->piece, owner, GLOBAL_MAP_PAGE);
  page_add(&db->piece, row, sizeof row);
  page_close(db, &db->piece, NULL);
}

/* ---- text -------------------------------------------------------------------------- */

/* UTF-8 text as UTF-16LE into db->units; returns its units. Ill-formed bytes become
 * U+FFFD. */
static size_t utf16(bs_mdb *db, const char *text) {
  bs_buf_reset(&db->units);
  size_t len = strlen(text), units = 0;
  for (size_t i = 0; i < len && db->status == BS_OK;) {
    utf8proc_int32_t point;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &point);
    if (n <= 0) point = 0xFFFD, n = 1;
    i += (size_t)n;
    if (point > 0xFFFF) { /* a surrogate pair */
      append16(db, &db->units, 0xD800 + (((uint32_t)point - 0x10000) >> 10));
      point = (utf8proc_int32_t)(0xDC00 + (((uint32_t)point - 0x10000) & 0x3FF));
      units++;
    }
    append16(db, &db->units, (uint32_t)point);
    units++;
  }
  return units;
}

/* UTF-8 text as stored into db->stored: compressed when it can be and that is shorter,
 * else UTF-16LE. Returns its characters (UTF-16 units). */
static size_t stored_text(bs_mdb *db, const char *text) {
  size_t units = utf16(db, text);
  const uint8_t *unit = (const uint8_t *)db->units.data;
  int compressible = units > 0;
  for (size_t k = 0; k < units && compressible; k++) compressible = unit[2 * k] != 0;
  bs_buf_reset(&db->stored);
  if (compressible) {
    static const uint8_t mark[2] = {0xFF, 0xFE};
    append(db, &db->stored, mark, sizeof mark);
    int narrow = 1;
    for (size_t k = 0; k < units && db->status == BS_OK; k++, unit += 2) {
      if ((unit[1] == 0) != narrow) {
        fail(db, bs_buf_append_char(&db->stored, '\0'));
        narrow = !narrow;
      }
      append(db, &db->stored, unit, narrow ? 1 : 2);
    }
    if (db->stored.len < db->units.len) return units;
    bs_buf_reset(&db->stored);
  }
  append(db, &db->stored, db->units.data, db->units.len);
  return units;
}

/* A name fit for a table or column: 1 to BS_MDB_MAX_NAME characters. */
static int good_name(bs_mdb *db, const char *name, size_t cap) {
  if (!name || !*name || strlen(name) >= cap) return 0;
  size_t units = utf16(db, name);
  return units <= BS_MDB_MAX_NAME;
}

/* ---- rows ------------------------------------------------------------------------- */

static column *value_column(bs_mdb *db, size_t number) {
  if (db->status != BS_OK) return NULL;
  if (!db->in_table || number >= db->column_count) {
    fail(db, BS_EINVAL);
    return NULL;
  }
  return &db->columns[number];
}

static void set_value(bs_mdb *db, column *c, const void *bytes, size_t len) {
  c->value_at = db->values.len;
  c->value_len = len;
  c->set = 1;
  append(db, &db->values, bytes, len);
}

/* A long-value row on the table's current long-value page (a new one when it is full);
 * returns its row pointer. */
static uint32_t long_value_row(bs_mdb *db, const void *bytes, size_t len) {
  static const uint8_t lval[4] = {'L', 'V', 'A', 'L'};
  if (!page_fits(&db->lval, len)) {
    page_close(db, &db->lval, &db->lval_pages);
    page_start(&db->lval, lval, allocate(db));
  }
  unsigned row = page_add(&db->lval, bytes, len);
  return db->lval.number << 8 | row;
}

/* A memo's text (db->stored) placed: in its row, on a long-value row, or in pieces a
 * page each. */
static void memo_value(bs_mdb *db, column *c) {
  static const uint8_t lval[4] = {'L', 'V', 'A', 'L'};
  size_t len = db->stored.len;
  uint8_t field[MEMO_HEADER + INLINE_MEMO] = {0};
  if (len > 0xFFFFFF) {
    fail(db, BS_ELIMIT);
    return;
  }
  if (len <= INLINE_MEMO) {
    bs_le32(field, (uint32_t)len | 0x80000000u);
    memcpy(field + MEMO_HEADER, db->stored.data, len);
    set_value(db, c, field, MEMO_HEADER + len);
    return;
  }
  if (len <= LVAL_PIECE) {
    bs_le32(field, (uint32_t)len | 0x40000000u);
    bs_le32(field + 4, long_value_row(db, db->stored.data, len));
    set_value(db, c, field, MEMO_HEADER);
    return;
  }
  size_t pieces = (len + LVAL_PIECE - 1) / LVAL_PIECE;
  uint32_t first = 0;
  for (size_t i = 0; i < pieces && db->status == BS_OK; i++) {
    uint32_t number = allocate(db);
    if (i == 0) first = number;
  }
  uint8_t row[4 + LVAL_PIECE];
  for (size_t i = 0; i < pieces && db->status == BS_OK; i++) {
    size_t at = i * LVAL_PIECE, n = len - at < LVAL_PIECE ? len - at : LVAL_PIECE;
    bs_le32(row, i + 1 < pieces ? (first + (uint32_t)i + 1) << 8 : 0);
    memcpy(row + 4, db->stored.data + at, n);
    page_start(&db->piece, lval, first + (uint32_t)i);
    page_add(&db->piece, row, 4 + n);
    page_close(db, &db->piece, &db->lval_pages);
  }
  bs_le32(field, (uint32_t)len);
  bs_le32(field + 4, first << 8);
  set_value(db, c, field, MEMO_HEADER);
}

void bs_mdb_text(bs_mdb *db, size_t number, const char *text) {
  column *c = value_column(db, number);
  if (!c) return;
  if (c->type != BS_MDB_TEXT && c->type != BS_MDB_MEMO) {
    fail(db, BS_EINVAL);
    return;
  }
  size_t units = stored_text(db, text);
  if (c->type == BS_MDB_MEMO)
    memo_value(db, c);
  else if (units > c->size)
    fail(db, BS_EINVAL); /* Access refuses it too */
  else
    set_value(db, c, db->stored.data, db->stored.len);
}

void bs_mdb_integer(bs_mdb *db, size_t number, long value) {
  column *c = value_column(db, number);
  if (!c) return;
  uint8_t bytes[4];
  bs_le32(bytes, (uint32_t)value);
  switch (c->type) {
  case BS_MDB_BOOL: c->set = value != 0; break;
  case BS_MDB_BYTE:
  case BS_MDB_INT:
  case BS_MDB_LONG: set_value(db, c, bytes, c->fixed_size); break;
  default: fail(db, BS_EINVAL);
  }
}

static void put64(uint8_t out[8], uint64_t value) {
  bs_le32(out, (uint32_t)value);
  bs_le32(out + 4, (uint32_t)(value >> 32));
}

void bs_mdb_money(bs_mdb *db, size_t number, int64_t cents) {
  column *c = value_column(db, number);
  if (!c) return;
  uint8_t bytes[8];
  put64(bytes, (uint64_t)(cents * 100)); /* ten-thousandths */
  if (c->type == BS_MDB_CURRENCY)
    set_value(db, c, bytes, sizeof bytes);
  else
    fail(db, BS_EINVAL);
}

void bs_mdb_double(bs_mdb *db, size_t number, double value) {
  column *c = value_column(db, number);
  if (!c) return;
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  uint8_t bytes[8];
  put64(bytes, bits);
  if (c->type == BS_MDB_DOUBLE || c->type == BS_MDB_DATETIME)
    set_value(db, c, bytes, sizeof bytes);
  else
    fail(db, BS_EINVAL);
}

void bs_mdb_end_row(bs_mdb *db) {
  if (db->status != BS_OK) return;
  if (!db->in_table) {
    fail(db, BS_EINVAL);
    return;
  }
  bs_buf *row = &db->row;
  bs_buf_reset(row);
  append16(db, row, (uint32_t)db->column_count);
  fail(db, bs_buf_reserve(row, db->fixed_bytes));
  if (db->status != BS_OK) return;
  memset(row->data + row->len, 0, db->fixed_bytes);
  for (size_t i = 0; i < db->column_count; i++) {
    const column *c = &db->columns[i];
    if (c->fixed && c->set && c->value_len)
      memcpy(row->data + row->len + c->offset, db->values.data + c->value_at, c->value_len);
  }
  row->len += db->fixed_bytes;
  row->data[row->len] = '\0';
  uint32_t offsets[BS_MDB_MAX_COLUMNS + 1];
  unsigned v = 0;
  for (size_t i = 0; i < db->column_count; i++) {
    const column *c = &db->columns[i];
    if (c->fixed) continue;
    offsets[v++] = (uint32_t)row->len;
    if (c->set) append(db, row, db->values.data + c->value_at, c->value_len);
  }
  offsets[v] = (uint32_t)row->len;
  if (v) {
    for (unsigned k = v + 1; k-- > 0;) append16(db, row, offsets[k]);
    append16(db, row, v);
  }
  uint8_t mask[(BS_MDB_MAX_COLUMNS + 7) / 8] = {0};
  for (size_t i = 0; i < db->column_count; i++)
    if (db->columns[i].set) mask[i / 8] |= (uint8_t)(1u << (i % 8));
  append(db, row, mask, (db->column_count + 7) / 8);
  for (size_t i = 0; i < db->column_count; i++) db->columns[i].set = 0;
  bs_buf_reset(&db->values);
  if (db->status != BS_OK) return;
  if (row->len > MAX_ROW) {
    fail(db, BS_EINVAL);
    return;
  }
  if (!page_fits(&db->data, row->len)) {
    close_data_page(db);
    uint8_t owner[4];
    owner_of(owner, db->definition);
    page_start(&db->data, owner, 0);
  }
  page_add(&db->data, row->data, row->len);
  db->rows++;
}

/* ---- tables ------------------------------------------------------------------------ */

static unsigned fixed_size(bs_mdb_type type) {
  switch (type) {
  case BS_MDB_BOOL: return 0;
  case BS_MDB_BYTE: return 1;
  case BS_MDB_INT: return 2;
  case BS_MDB_LONG: return 4;
  case BS_MDB_CURRENCY:
  case BS_MDB_DOUBLE:
  case BS_MDB_DATETIME: return 8;
  default: return 0;
  }
}

static int is_fixed(bs_mdb_type type) {
  return type != BS_MDB_TEXT && type != BS_MDB_MEMO && type != BS_MDB_OLE;
}

static int is_long_value(bs_mdb_type type) { return type == BS_MDB_MEMO || type == BS_MDB_OLE; }

/* A name as a definition holds it: its length in bytes, then UTF-16LE. */
static void append_name(bs_mdb *db, bs_buf *out, const char *name) {
  utf16(db, name);
  append16(db, out, (uint32_t)db->units.len);
  append(db, out, db->units.data, db->units.len);
}

/* The table's definition, with a row count of 0 (set when the table ends). */
static void build_definition(bs_mdb *db) {
  bs_buf *out = &db->definition_bytes;
  bs_buf_reset(out);
  uint8_t head[DEFINITION_BYTES] = {PAGE_DEFINITION, 0x01};
  bs_le32(head + 12, 1625); /* as Access writes it (the length is at 8, rows at 16) */
  head[24] = 1;             /* Access's autonumbers need it */
  head[40] = db->system ? 0x53 : 0x4E;
  bs_le16(head + 41, (uint32_t)db->column_count); /* the next column number */
  bs_le16(head + 43, db->variable_count);
  bs_le16(head + 45, (uint32_t)db->column_count);
  /* 47 and 51: indexes, none */
  bs_le32(head + 55, db->maps_page << 8 | 0); /* the pages of the table */
  bs_le32(head + 59, db->maps_page << 8 | 1); /* those with room */
  append(db, out, head, sizeof head);
  for (size_t i = 0; i < db->column_count; i++) {
    const column *c = &db->columns[i];
    uint8_t d[COLUMN_BYTES] = {(uint8_t)c->type};
    int textual = c->type == BS_MDB_TEXT || c->type == BS_MDB_MEMO;
    bs_le16(d + 5, (uint32_t)i);
    bs_le16(d + 7, c->fixed ? 0 : c->variable);
    bs_le16(d + 9, (uint32_t)i);
    if (textual) bs_le16(d + 11, SORT_GENERAL);
    d[15] = (uint8_t)((c->fixed ? FLAG_FIXED : 0) | FLAG_NULLABLE);
    d[16] = (uint8_t)textual; /* unicode compression */
    bs_le16(d + 21, c->fixed ? c->offset : 0);
    bs_le16(d + 23, c->fixed ? c->fixed_size : is_long_value(c->type) ? 0 : 2 * c->size);
    append(db, out, d, sizeof d);
  }
  for (size_t i = 0; i < db->column_count; i++) append_name(db, out, db->columns[i].name);
  /* Per long-value column, the usage maps of its long-value pages: rows 2 and 3 of the
   * maps page for the first, 4 and 5 for the next... */
  uint32_t map_row = 2;
  for (size_t i = 0; i < db->column_count; i++) {
    if (!is_long_value(db->columns[i].type)) continue;
    append16(db, out, (uint32_t)i);
    append32(db, out, db->maps_page << 8 | map_row);
    append32(db, out, db->maps_page << 8 | (map_row + 1));
    map_row += 2;
  }
  append16(db, out, 0xFFFF);
  if (db->status == BS_OK) bs_le32((uint8_t *)out->data + 8, (uint32_t)out->len);
}

static uint32_t definition_page_count(size_t len) {
  return len <= PAGE ? 1
                     : 1 + (uint32_t)((len - PAGE + PAGE - CONTINUED_HEADER - 1) /
                                      (PAGE - CONTINUED_HEADER));
}

/* The definition cut into its pages, each after the first opening with its own header,
 * chained by their bytes 4-7. */
static void write_definition(bs_mdb *db) {
  const uint8_t *bytes = (const uint8_t *)db->definition_bytes.data;
  size_t len = db->definition_bytes.len, at = 0;
  uint8_t p[PAGE];
  for (uint32_t i = 0; i < db->definition_pages && db->status == BS_OK; i++) {
    memset(p, 0, sizeof p);
    size_t header = i ? CONTINUED_HEADER : 0,
           n = len - at < PAGE - header ? len - at : PAGE - header;
    memcpy(p + header, bytes + at, n);
    at += n;
    p[0] = PAGE_DEFINITION;
    p[1] = 0x01;
    size_t used = n + header;
    bs_le16(p + 2, used + CONTINUED_HEADER < PAGE ? (uint32_t)(PAGE - used - CONTINUED_HEADER) : 0);
    bs_le32(p + 4, i + 1 < db->definition_pages ? db->definition + i + 1 : 0);
    put_page(db, db->definition + i, p);
  }
}

/* Ends the table being written: its last pages, usage maps and definition. */
static void end_table(bs_mdb *db) {
  if (!db->in_table) return;
  db->in_table = 0;
  close_data_page(db);
  page_close(db, &db->lval, &db->lval_pages);
  uint8_t row[MAP_ROW], owner[4] = {0};
  page maps;
  page_start(&maps, owner, db->maps_page);
  usage_map(db, row, &db->data_pages, 0);
  page_add(&maps, row, sizeof row);
  usage_map(db, row, &db->data_pages, 1);
  page_add(&maps, row, sizeof row);
  for (unsigned i = 0; i < db->long_value_count; i++) { /* all memos share the pages */
    usage_map(db, row, &db->lval_pages, 0);
    page_add(&maps, row, sizeof row);
    usage_map(db, row, &db->lval_pages, 1);
    page_add(&maps, row, sizeof row);
  }
  page_close(db, &maps, NULL);
  if (db->status == BS_OK) bs_le32((uint8_t *)db->definition_bytes.data + 16, db->rows);
  write_definition(db);
  list_free(&db->data_pages);
  list_free(&db->lval_pages);
}

/* Starts a table; the catalog's pages are given (definition != 0), a user table's taken. */
static bs_status begin_table(bs_mdb *db, const bs_mdb_column *columns, size_t count,
                             uint32_t definition) {
  if (count == 0 || count > BS_MDB_MAX_COLUMNS) return BS_EINVAL;
  memset(db->columns, 0, sizeof db->columns);
  bs_buf_reset(&db->values);
  db->column_count = count;
  db->fixed_bytes = db->variable_count = db->long_value_count = 0;
  for (size_t i = 0; i < count; i++) {
    column *c = &db->columns[i];
    const bs_mdb_column *spec = &columns[i];
    c->type = spec->type;
    c->size = spec->size;
    c->fixed = is_fixed(spec->type);
    c->fixed_size = fixed_size(spec->type);
    if (!good_name(db, spec->name, sizeof c->name)) return BS_EINVAL;
    if (c->fixed && c->fixed_size == 0 && c->type != BS_MDB_BOOL) return BS_EINVAL; /* no type */
    if (spec->type == BS_MDB_TEXT && (spec->size == 0 || spec->size > 255)) return BS_EINVAL;
    snprintf(c->name, sizeof c->name, "%s", spec->name);
    if (c->fixed) {
      c->offset = db->fixed_bytes;
      db->fixed_bytes += c->fixed_size;
    } else {
      c->variable = db->variable_count++;
    }
    db->long_value_count += is_long_value(c->type);
  }
  if (db->long_value_count > BS_MDB_MAX_LONG_VALUES) return BS_EINVAL;
  db->rows = 0;
  db->definition = definition;
  db->maps_page = definition ? CATALOG_MAPS : 0;
  build_definition(db);
  if (db->status != BS_OK) return db->status;
  db->definition_pages = definition_page_count(db->definition_bytes.len);
  if (!definition) {
    db->definition = allocate(db);
    for (uint32_t i = 1; i < db->definition_pages; i++) allocate(db);
    db->maps_page = allocate(db);
    build_definition(db); /* again: it names the maps page */
  } else if (db->definition_pages != 1) {
    return BS_ELIMIT;
  }
  db->in_table = 1;
  return db->status;
}

bs_status bs_mdb_table(bs_mdb *db, const char *name, const bs_mdb_column *columns, size_t count) {
  end_table(db);
  if (db->status != BS_OK) return db->status;
  if (db->table_count == BS_MDB_MAX_TABLES) {
    fail(db, BS_ELIMIT);
    return db->status;
  }
  table_entry *t = &db->tables[db->table_count];
  if (!good_name(db, name, sizeof t->name)) {
    fail(db, BS_EINVAL);
    return db->status;
  }
  snprintf(t->name, sizeof t->name, "%s", name);
  db->system = 0;
  db->reserved_data_page = 0;
  bs_status status = begin_table(db, columns, count, 0);
  if (status != BS_OK) {
    fail(db, status);
    return db->status;
  }
  t->definition = db->definition;
  db->table_count++;
  return BS_OK;
}

/* ---- the catalog and the header ---------------------------------------------------- */

static const bs_mdb_column catalog_columns[] = {{"Id", BS_MDB_LONG, 0},
                                                {"ParentId", BS_MDB_LONG, 0},
                                                {"Name", BS_MDB_TEXT, 255},
                                                {"Type", BS_MDB_INT, 0},
                                                {"DateCreate", BS_MDB_DATETIME, 0},
                                                {"DateUpdate", BS_MDB_DATETIME, 0},
                                                {"Flags", BS_MDB_LONG, 0},
                                                {"Database", BS_MDB_MEMO, 0},
                                                {"Connect", BS_MDB_MEMO, 0},
                                                {"ForeignName", BS_MDB_TEXT, 255},
                                                {"LvProp", BS_MDB_OLE, 0}};

enum { CAT_ID, CAT_PARENT, CAT_NAME, CAT_TYPE, CAT_CREATED, CAT_UPDATED, CAT_FLAGS };

static void catalog_row(bs_mdb *db, long id, long parent, const char *name, long type, long flags) {
  bs_mdb_integer(db, CAT_ID, id);
  bs_mdb_integer(db, CAT_PARENT, parent);
  bs_mdb_text(db, CAT_NAME, name);
  bs_mdb_integer(db, CAT_TYPE, type);
  bs_mdb_double(db, CAT_CREATED, db->created);
  bs_mdb_double(db, CAT_UPDATED, db->created);
  bs_mdb_integer(db, CAT_FLAGS, flags);
  bs_mdb_end_row(db);
}

/* MSysObjects: the folders, itself, then the user tables, each by its definition's
 * page (Id) with Type 1 (a local table). */
static void catalog(bs_mdb *db) {
  db->system = 1;
  db->reserved_data_page = CATALOG_ROWS;
  fail(db, begin_table(db, catalog_columns, sizeof catalog_columns / sizeof catalog_columns[0],
                       CATALOG_DEFINITION));
  if (db->status != BS_OK) return;
  catalog_row(db, CONTAINERS + 1, CONTAINERS, "Tables", 3, SYSTEM_OBJECT);
  catalog_row(db, CONTAINERS + 2, CONTAINERS, "Databases", 3, SYSTEM_OBJECT);
  catalog_row(db, CONTAINERS + 3, CONTAINERS, "Relationships", 3, SYSTEM_OBJECT);
  catalog_row(db, CATALOG_DEFINITION, CONTAINERS + 1, "MSysObjects", 1, SYSTEM_OBJECT);
  for (size_t i = 0; i < db->table_count; i++)
    catalog_row(db, (long)db->tables[i].definition, CONTAINERS + 1, db->tables[i].name, 1, 0);
  end_table(db);
}

/* Page 0: the magic, the Jet version, and 128 bytes from 0x18 masked with RC4 under a
 * fixed key, holding the code page, the page encryption key (0: none), the password
 * (empty, XORed with the whole days of the creation date), the sort order and the
 * creation date. */
static void header(bs_mdb *db) {
  static const uint8_t mask_key[4] = {0xC7, 0xDA, 0x39, 0x6B};
  uint8_t p[PAGE] = {0x00, 0x01, 0x00, 0x00};
  memcpy(p + 4, "Standard Jet DB", 16);
  bs_le32(p + 0x14, 1); /* Jet 4 */
  bs_le16(p + 0x3C, 1252);
  bs_le32(p + 0x3E, 0);
  bs_le16(p + 0x6E, SORT_GENERAL);
  uint64_t bits;
  memcpy(&bits, &db->created, sizeof bits);
  put64(p + 0x72, bits);
  uint8_t days[4];
  bs_le32(days, (uint32_t)(int32_t)db->created);
  for (int i = 0; i < 40; i++) p[0x42 + i] = days[i % 4];
  bs_jet_rc4(mask_key, sizeof mask_key, p + 0x18, 128);
  put_page(db, HEADER_PAGE, p);
}

/* ---- the writer ------------------------------------------------------------------- */

bs_status bs_mdb_create(bs_mdb **out, FILE *file, double created) {
  *out = NULL;
  bs_mdb *db = bs_calloc(1, sizeof *db);
  if (!db) return BS_ENOMEM;
  db->file = file;
  db->created = created;
  db->next_page = FIRST_FREE;
  bs_buf_init(&db->definition_bytes, (size_t)1 << 20);
  bs_buf_init(&db->values, VALUE_LIMIT);
  bs_buf_init(&db->row, VALUE_LIMIT);
  bs_buf_init(&db->units, 2 * VALUE_LIMIT);
  bs_buf_init(&db->stored, 2 * VALUE_LIMIT);
  db->pages = tmpfile();
  if (!db->pages) {
    bs_free(db);
    return BS_EIO;
  }
  *out = db;
  return BS_OK;
}

/* The pages, in order, into the caller's file. */
static void copy_pages(bs_mdb *db) {
  uint8_t p[PAGE];
  if (db->status != BS_OK) return;
  if (fflush(db->pages) != 0 || fseeko(db->pages, 0, SEEK_SET) != 0) {
    fail(db, BS_EIO);
    return;
  }
  for (uint32_t i = 0; i < db->next_page; i++) {
    if (fread(p, 1, PAGE, db->pages) != PAGE || fwrite(p, 1, PAGE, db->file) != PAGE) {
      fail(db, BS_EIO);
      return;
    }
  }
}

bs_status bs_mdb_finish(bs_mdb *db) {
  end_table(db);
  if (db->status == BS_OK) catalog(db);
  if (db->status == BS_OK) global_map(db);
  if (db->status == BS_OK) header(db);
  copy_pages(db);
  bs_status status = db->status;
  list_free(&db->data_pages);
  list_free(&db->lval_pages);
  bs_buf_free(&db->definition_bytes);
  bs_buf_free(&db->values);
  bs_buf_free(&db->row);
  bs_buf_free(&db->units);
  bs_buf_free(&db->stored);
  fclose(db->pages);
  bs_free(db);
  return status;
}

double bs_mdb_ole_date(bs_date date, int seconds) {
  long days = bs_xlsx_serial(date); /* days since 1899-12-30 */
  double fraction = seconds / 86400.0;
  /* Before the epoch the whole days count down and the fraction still counts up. */
  return days >= 0 ? (double)days + fraction : (double)days - fraction;
}
