/* Structure checks of synth's Access databases, without our reader (see
 * synth_structure.h): the pages of a Jet 4 file walked here after mdbtools' HACKING.md,
 * from the header through the catalog to every table's definition, usage maps, rows
 * and memos. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/mdb_check.h"
#include "synth_structure.h"

#define PAGE      4096u
#define MAP_BITS  ((PAGE - 4) * 8) /* pages of a usage bitmap page */
#define MAX_PAGES 4096u            /* of a table, as checked here */

static uint32_t u16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t u32(const unsigned char *p) { return u16(p) | u16(p + 2) << 16; }

typedef struct mdb_walk {
  const unsigned char *data; /* the file */
  uint32_t pages;            /* whole pages in it */
  int faults;                /* found so far */
  int chained;               /* memos chained over pages */
} mdb_walk;

static const unsigned char *page_at(mdb_walk *w, uint32_t number) {
  if (number >= w->pages) {
    w->faults++;
    return NULL;
  }
  return w->data + (size_t)number * PAGE;
}

/* Row r of a data page; NULL (a fault) when its offsets are wrong. OUT: *len. */
static const unsigned char *row_at(mdb_walk *w, const unsigned char *p, uint32_t r, size_t *len) {
  uint32_t rows = u16(p + 12), start = u16(p + 14 + 2 * r) & 0x1FFF;
  uint32_t end = r ? u16(p + 14 + 2 * (r - 1)) & 0x1FFF : PAGE;
  if (r >= rows || start < 14 + 2 * rows || start > end) {
    w->faults++;
    return NULL;
  }
  *len = end - start;
  return p + start;
}

/* A data page: 01 01, at most 255 rows packed down from the end, its free space said. */
static void data_page(mdb_walk *w, const unsigned char *p) {
  uint32_t rows = u16(p + 12), lowest = PAGE;
  if (p[0] != 0x01 || p[1] != 0x01 || rows > 255 || 14 + 2 * rows > PAGE) {
    w->faults++;
    return;
  }
  for (uint32_t r = 0; r < rows; r++) {
    uint32_t start = u16(p + 14 + 2 * r);
    if (start >= lowest || start < 14 + 2 * rows) w->faults++;
    lowest = start;
  }
  if (u16(p + 2) != lowest - 14 - 2 * rows) w->faults++;
}

/* The pages a usage map row lists, type 0 (a start and a bitmap) or 1 (bitmap pages).
 * Returns their count, at most cap. */
static size_t map_pages(mdb_walk *w, const unsigned char *row, size_t len, uint32_t *out,
                        size_t cap) {
  size_t n = 0;
  if (len != 69 || row[0] > 1) {
    w->faults++;
    return 0;
  }
  if (row[0] == 0) {
    for (uint32_t bit = 0; bit < 64 * 8; bit++)
      if (row[5 + bit / 8] & (1u << (bit % 8)) && n < cap) out[n++] = u32(row + 1) + bit;
    return n;
  }
  for (uint32_t i = 0; i < 16; i++) {
    uint32_t number = u32(row + 1 + 4 * i);
    if (!number) continue;
    const unsigned char *bitmap = page_at(w, number);
    if (!bitmap || bitmap[0] != 0x05 || bitmap[1] != 0x01) {
      w->faults++;
      continue;
    }
    for (uint32_t bit = 0; bit < MAP_BITS; bit++)
      if (bitmap[4 + bit / 8] & (1u << (bit % 8)) && n < cap) out[n++] = i * MAP_BITS + bit;
  }
  return n;
}

/* A table definition's bytes over its chain of pages (malloc'd); NULL on a fault. */
static unsigned char *definition(mdb_walk *w, uint32_t number, size_t *len) {
  const unsigned char *p = page_at(w, number);
  if (!p || p[0] != 0x02 || p[1] != 0x01) {
    w->faults++;
    return NULL;
  }
  *len = u32(p + 8);
  unsigned char *bytes = malloc(*len + PAGE);
  size_t have = 0;
  for (uint32_t steps = 0; bytes && p && steps <= w->pages; steps++) {
    size_t header = have ? 8 : 0;
    memcpy(bytes + have, p + header, PAGE - header);
    have += PAGE - header;
    if (have >= *len) {
      w->faults += u32(p + 4) != 0; /* the last page leads nowhere */
      break;
    }
    p = page_at(w, u32(p + 4));
    if (p && (p[0] != 0x02 || p[1] != 0x01)) p = NULL;
  }
  if (!bytes || have < *len || *len < 65 || u16(bytes + *len - 2) != 0xFFFF) {
    w->faults++;
    free(bytes);
    return NULL;
  }
  return bytes;
}

typedef struct table_layout {
  uint32_t columns, variable, rows; /* counts of the definition */
  const unsigned char *column;      /* its first column descriptor */
  int id, type, flags;              /* the catalog's columns of those names, or -1 */
} table_layout;

/* A memo field: inline, one long-value row, or a chain of pieces adding up. */
static void memo(mdb_walk *w, const unsigned char *f, size_t len) {
  if (len < 12) {
    w->faults++;
    return;
  }
  uint32_t size = u32(f) & 0xFFFFFF, flags = f[3];
  if (flags == 0x80) {
    w->faults += size != len - 12;
    return;
  }
  uint64_t total = 0;
  int pieces = 0;
  for (uint32_t pointer = u32(f + 4); pointer && pieces <= (int)w->pages; pieces++) {
    const unsigned char *p = page_at(w, pointer >> 8);
    size_t row_len = 0;
    const unsigned char *row = p && p[0] == 0x01 && !memcmp(p + 4, "LVAL", 4)
                                   ? row_at(w, p, pointer & 0xFF, &row_len)
                                   : NULL;
    if (!row) {
      w->faults++;
      return;
    }
    if (flags == 0x40) {
      w->faults += row_len != size;
      return;
    }
    total += row_len - 4;
    pointer = u32(row);
  }
  w->faults += flags != 0 || total != size;
  w->chained += pieces > 1;
}

/* A row of the table: its column count, the variable columns' offsets in order and
 * inside it, each memo's text all there. */
static void row(mdb_walk *w, const table_layout *t, const unsigned char *r, size_t len) {
  size_t mask = (t->columns + 7) / 8;
  if (len < 2 + mask || u16(r) != t->columns) {
    w->faults++;
    return;
  }
  if (!t->variable) return;
  size_t count_at = len - mask - 2;
  if (count_at < 2 * (t->variable + 1) || u16(r + count_at) != t->variable) {
    w->faults++;
    return;
  }
  /* backwards from the count: offsets of variable columns 0, 1, ..., then the end */
  const unsigned char *offsets = r + count_at;
  uint32_t previous = 2, end = u16(offsets - 2 * (t->variable + 1));
  for (uint32_t c = 0; c < t->columns; c++) {
    const unsigned char *d = t->column + 25 * c;
    if (d[15] & 0x01) continue; /* fixed */
    uint32_t v = u16(d + 7), start = u16(offsets - 2 * (v + 1));
    uint32_t next = v + 1 < t->variable ? u16(offsets - 2 * (v + 2)) : end;
    if (start < previous || next < start || next > count_at - 2 * (t->variable + 1)) {
      w->faults++;
      return;
    }
    previous = start;
    int has = r[len - mask + c / 8] & (1u << (c % 8));
    if (d[0] == 0x0C && has) memo(w, r + start, next - start);
  }
}

/* The table whose definition is on `number`: its usage map lists exactly the data
 * pages it owns, which hold the rows it declares. OUT: *t. Returns the definition
 * (free it) or NULL. */
static unsigned char *table(mdb_walk *w, uint32_t number, table_layout *t,
                            void (*each)(mdb_walk *, const table_layout *, const unsigned char *,
                                         size_t, void *),
                            void *ctx) {
  size_t len = 0;
  unsigned char *def = definition(w, number, &len);
  if (!def) return NULL;
  memset(t, 0, sizeof *t);
  t->rows = u32(def + 16);
  t->variable = u16(def + 43);
  t->columns = u16(def + 45);
  t->column = def + 63;
  t->id = t->type = t->flags = -1;
  size_t at = 63 + 25 * (size_t)t->columns;
  for (uint32_t c = 0; c < t->columns && at + 2 <= len; c++) { /* names: UTF-16, length first */
    size_t n = u16(def + at);
    if (n == 4 && !memcmp(def + at + 2, "I\0d\0", 4)) t->id = (int)c;
    if (n == 8 && !memcmp(def + at + 2, "T\0y\0p\0e\0", 8)) t->type = (int)c;
    if (n == 10 && !memcmp(def + at + 2, "F\0l\0a\0g\0s\0", 10)) t->flags = (int)c;
    at += 2 + n;
  }
  if (at > len) w->faults++;
  uint32_t map = u32(def + 55);
  const unsigned char *maps = page_at(w, map >> 8);
  size_t map_len = 0;
  const unsigned char *map_row = maps ? row_at(w, maps, map & 0xFF, &map_len) : NULL;
  uint32_t *listed = malloc(MAX_PAGES * sizeof *listed);
  size_t count = map_row && listed ? map_pages(w, map_row, map_len, listed, MAX_PAGES) : 0;
  uint32_t rows = 0, owned = 0;
  for (size_t i = 0; i < count; i++) {
    const unsigned char *p = page_at(w, listed[i]);
    if (!p || p[0] != 0x01 || u32(p + 4) != number) {
      w->faults++;
      continue;
    }
    data_page(w, p);
    for (uint32_t r = 0; r < u16(p + 12); r++) {
      size_t row_len = 0;
      const unsigned char *bytes = row_at(w, p, r, &row_len);
      if (bytes) each(w, t, bytes, row_len, ctx);
    }
    rows += u16(p + 12);
  }
  for (uint32_t n = 0; n < w->pages; n++) /* no page of the table left out of its map */
    owned += w->data[(size_t)n * PAGE] == 0x01 && u32(w->data + (size_t)n * PAGE + 4) == number;
  w->faults += rows != t->rows || owned != count;
  free(listed);
  return def;
}

static void check_row(mdb_walk *w, const table_layout *t, const unsigned char *r, size_t len,
                      void *ctx) {
  (void)ctx;
  row(w, t, r, len);
}

typedef struct user_tables {
  uint32_t definition[64]; /* pages of the user tables' definitions */
  int count;
} user_tables;

/* A catalog row: a user table (Type 1, Flags 0) noted by its Id. */
static void catalog_row(mdb_walk *w, const table_layout *t, const unsigned char *r, size_t len,
                        void *ctx) {
  user_tables *u = ctx;
  row(w, t, r, len);
  if (t->id < 0 || t->type < 0 || t->flags < 0) {
    w->faults++;
    return;
  }
  const unsigned char *id = t->column + 25 * t->id, *type = t->column + 25 * t->type,
                      *flags = t->column + 25 * t->flags;
  const unsigned char *fixed = r + 2;
  if (2 + u16(flags + 21) + 4 > len) return;
  if (u16(fixed + u16(type + 21)) == 1 && u32(fixed + u16(flags + 21)) == 0 && u->count < 64)
    u->definition[u->count++] = u32(fixed + u16(id + 21));
}

/* The header's mask: RC4 under Jet's fixed key. */
static void unmask(unsigned char *buf, size_t len) {
  static const unsigned char key[4] = {0xC7, 0xDA, 0x39, 0x6B};
  bs_jet_rc4(key, sizeof key, buf, len);
}

int bs_check_mdb(const char *data, size_t len, int *tables, int *chained) {
  mdb_walk w = {(const unsigned char *)data, (uint32_t)(len / PAGE), 0, 0};
  *tables = *chained = 0;
  if (len % PAGE || w.pages < 5 || memcmp(data, "\0\1\0\0Standard Jet DB\0", 20) != 0 ||
      u32(w.data + 0x14) != 1)
    return 1;
  unsigned char header[128];
  memcpy(header, data + 0x18, sizeof header);
  unmask(header, sizeof header);
  w.faults += u16(header + 0x3C - 0x18) != 1252 || u32(header + 0x3E - 0x18) != 0;
  for (uint32_t n = 1; n < w.pages; n++) { /* pages of known types only */
    unsigned char type = w.data[(size_t)n * PAGE];
    w.faults += type != 0x01 && type != 0x02 && type != 0x05;
    if (type == 0x01) data_page(&w, w.data + (size_t)n * PAGE);
  }
  user_tables u = {{0}, 0};
  table_layout t;
  free(table(&w, 2, &t, catalog_row, &u));
  for (int i = 0; i < u.count; i++) free(table(&w, u.definition[i], &t, check_row, NULL));
  *tables = u.count;
  *chained = w.chained;
  return w.faults;
}
