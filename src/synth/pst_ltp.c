/* Heaps, BTHs, property and table contexts of an Outlook store (see pst_ltp.h).
 *
 * The heap-on-node ([MS-PST] 2.3.1) is a node's data cut into blocks of at most 8176
 * bytes; each block holds allocations of at most 3580 bytes, named by HIDs (type 0, a
 * 1-based index within the block, the block's number). Block 0 starts with the HNHDR,
 * blocks 8, 136, 264... with an HNBITMAPHDR, the others with an HNPAGEHDR; each ends
 * with its HNPAGEMAP, the allocations' offsets. The headers hold the blocks' fill
 * levels, so blocks are put together only when the node is written.
 *
 * A PC is a BTH of (property id, type and HNID) records; a TC a TCINFO naming its
 * columns, a BTH from row id to row index, and the row matrix. An HNID is a HID, or a
 * subnode's NID for values over 3580 bytes. For example, a message's subject of 40
 * characters is 80 bytes of UTF-16 on the heap, HID 0x40 (the second allocation of
 * block 0), and the PC record for 0x0037 is 37 00 | 1F 00 | 40 00 00 00. */
#include "synth/pst_ltp.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "synth/ole2_out.h"

#define ALLOC_MAX    3580 /* 2.3.1.1: larger values go to subnodes */
#define ALLOCS_MAX   2047 /* allocations of one heap block (hidIndex is 11 bits) */
#define MAX_COLUMNS  32   /* of a table, row id and version included */
#define NID_TYPE_LTP 0x1F
#define TAG_ROW_ID   BS_PROP_TAG(0x67F2, BS_PT_I4)
#define TAG_ROW_VER  BS_PROP_TAG(0x67F3, BS_PT_I4)

typedef struct ltp_heap_block {
  uint8_t data[BS_NDB_BLOCK_DATA_MAX]; /* header room, then the allocations */
  size_t end;                          /* end of the last allocation */
  unsigned count;                      /* allocations */
  uint16_t offsets[ALLOCS_MAX + 1];    /* rgibAlloc: each allocation's start, then end */
} ltp_heap_block;

static void fail(bs_ltp_node *n, bs_status status) {
  if (n->status == BS_OK) n->status = status;
}

/* Bytes before the allocations of heap block `index`. */
static size_t header_size(size_t index) {
  if (index == 0) return 12;        /* HNHDR */
  return index % 128 == 8 ? 66 : 2; /* HNBITMAPHDR, HNPAGEHDR */
}

/* The block's size with `extra` more bytes in `more` more allocations: the
 * allocations, evened, then the HNPAGEMAP (cAlloc, cFree, rgibAlloc). */
static size_t block_size(const ltp_heap_block *b, size_t extra, unsigned more) {
  size_t used = b->end + extra;
  return used + used % 2 + 4 + 2 * ((size_t)b->count + more + 1);
}

static ltp_heap_block *new_block(bs_ltp_node *n) {
  if (n->block_count == 0xFFFF) return NULL;
  ltp_heap_block *blocks = bs_reallocarray(n->blocks, n->block_count + 1, sizeof *blocks);
  if (!blocks) return NULL;
  n->blocks = blocks;
  ltp_heap_block *b = &blocks[n->block_count];
  memset(b, 0, sizeof *b);
  b->end = header_size(n->block_count);
  b->offsets[0] = (uint16_t)b->end;
  n->block_count++;
  return b;
}

/* Stores `len` bytes on the heap. OUT: out, their HID (0 after an error). */
static void heap_alloc(bs_ltp_node *n, uint32_t *out, const void *data, size_t len) {
  *out = 0;
  if (n->status != BS_OK) return;
  if (len > ALLOC_MAX) {
    fail(n, BS_EINVAL);
    return;
  }
  ltp_heap_block *b = n->block_count ? &n->blocks[n->block_count - 1] : NULL;
  if (!b || block_size(b, len, 1) > BS_NDB_BLOCK_DATA_MAX || b->count >= ALLOCS_MAX)
    b = new_block(n);
  if (!b) {
    fail(n, BS_ENOMEM);
    return;
  }
  if (len) memcpy(b->data + b->end, data, len);
  b->end += len;
  b->offsets[++b->count] = (uint16_t)b->end;
  *out = (uint32_t)(n->block_count - 1) << 16 | (uint32_t)b->count << 5;
}

/* 2.3.1.2 rgbFillLevel: 0 with 3584 bytes or more free, up to 15 with fewer than 8. */
static unsigned fill_level(size_t free_bytes) {
  static const size_t floors[] = {3584, 2560, 2048, 1792, 1536, 1280, 1024, 768,
                                  512,  256,  128,  64,   32,   16,   8};
  for (unsigned level = 0; level < sizeof floors / sizeof floors[0]; level++)
    if (free_bytes >= floors[level]) return level;
  return 15;
}

/* The fill levels of blocks first..first+count-1 (0 past the last), two a byte. */
static void fill_levels(const bs_ltp_node *n, uint8_t *out, size_t first, size_t count) {
  for (size_t i = 0; i < count; i++) {
    size_t index = first + i;
    unsigned level = 0;
    if (index < n->block_count)
      level = fill_level(BS_NDB_BLOCK_DATA_MAX - block_size(&n->blocks[index], 0, 0));
    out[i / 2] |= (uint8_t)(i % 2 ? level << 4 : level);
  }
}

/* Puts each block's header and page map in place. OUT: pieces, one a block. */
static void heap_finish(bs_ltp_node *n, bs_ndb_piece *pieces) {
  for (size_t i = 0; i < n->block_count; i++) {
    ltp_heap_block *b = &n->blocks[i];
    size_t map_at = b->end + b->end % 2;
    bs_le16(b->data, (uint32_t)map_at); /* ibHnpm */
    if (i == 0) {
      b->data[2] = 0xEC; /* bSig */
      b->data[3] = n->client_signature;
      bs_le32(b->data + 4, n->root);
      fill_levels(n, b->data + 8, 0, 8);
    } else if (i % 128 == 8) {
      fill_levels(n, b->data + 2, i, 128);
    }
    uint8_t *map = b->data + map_at;
    bs_le16(map, b->count);
    bs_le16(map + 2, 0); /* cFree */
    for (size_t k = 0; k <= b->count; k++) bs_le16(map + 4 + 2 * k, b->offsets[k]);
    pieces[i] = (bs_ndb_piece){b->data, block_size(b, 0, 0)};
  }
}

/* ---- Values ------------------------------------------------------------------------- */

static int is_fixed(uint32_t type) {
  return type == BS_PT_I2 || type == BS_PT_I4 || type == BS_PT_BOOL || type == BS_PT_I8 ||
         type == BS_PT_TIME;
}

/* Bytes of a value of the type in a table row: fixed values themselves, others their
 * HNID. */
static size_t cell_width(uint32_t type) {
  switch (type) {
  case BS_PT_I2: return 2;
  case BS_PT_BOOL: return 1;
  case BS_PT_I8:
  case BS_PT_TIME: return 8;
  default: return 4;
  }
}

static void put_number(uint8_t *out, uint64_t number, size_t width) {
  for (size_t i = 0; i < width; i++) out[i] = (uint8_t)(number >> (8 * i) & 0xFF);
}

/* The bytes of a variable-size value (UTF-16LE for a string). OUT: *owned, to free
 * with g_free when set. */
static const uint8_t *variable_bytes(bs_ltp_node *n, const bs_ltp_prop *p, size_t *len,
                                     void **owned) {
  *owned = NULL;
  if ((p->tag & 0xFFFF) != BS_PT_STRING) {
    *len = p->len;
    return p->bytes ? p->bytes : (const uint8_t *)"";
  }
  glong units = 0;
  gunichar2 *wide = g_utf8_to_utf16(p->text ? p->text : "", -1, NULL, &units, NULL);
  if (!wide) {
    fail(n, BS_EINVAL);
    *len = 0;
    return (const uint8_t *)"";
  }
  uint8_t *bytes = (uint8_t *)wide; /* rewritten in place, little-endian */
  for (glong i = 0; i < units; i++) bs_le16(bytes + 2 * i, wide[i]);
  *owned = wide;
  *len = (size_t)units * 2;
  return bytes;
}

/* The HNID of a variable-size value: a heap allocation, or a subnode when it is too
 * big, its data cut into blocks. */
static uint32_t variable_value(bs_ltp_node *n, const uint8_t *data, size_t len) {
  uint32_t hnid = 0;
  if (len <= ALLOC_MAX) {
    heap_alloc(n, &hnid, data, len);
    return hnid;
  }
  size_t count = (len + BS_NDB_BLOCK_DATA_MAX - 1) / BS_NDB_BLOCK_DATA_MAX;
  bs_ndb_piece *pieces = bs_reallocarray(NULL, count, sizeof *pieces);
  if (!pieces) {
    fail(n, BS_ENOMEM);
    return 0;
  }
  for (size_t i = 0; i < count; i++) {
    size_t at = i * BS_NDB_BLOCK_DATA_MAX;
    pieces[i] = (bs_ndb_piece){data + at,
                               len - at < BS_NDB_BLOCK_DATA_MAX ? len - at : BS_NDB_BLOCK_DATA_MAX};
  }
  uint64_t bid = 0;
  bs_status status = n->status == BS_OK ? bs_ndb_data(n->ndb, &bid, pieces, count) : n->status;
  bs_free(pieces);
  hnid = BS_NID(NID_TYPE_LTP, n->next_value++);
  if (status == BS_OK) bs_ltp_subnode(n, hnid, bid, 0);
  fail(n, status);
  return hnid;
}

static uint32_t prop_hnid(bs_ltp_node *n, const bs_ltp_prop *p) {
  void *owned;
  size_t len;
  const uint8_t *bytes = variable_bytes(n, p, &len, &owned);
  uint32_t hnid = variable_value(n, bytes, len);
  g_free(owned);
  return hnid;
}

/* ---- BTH ---------------------------------------------------------------------------- */

/* 2.3.2: a BTH over `count` records of key_size + data_size bytes, sorted by key: leaves
 * of as many records as one allocation holds, then index levels of (key, HID) until one
 * allocation holds the level. OUT: out, the HID of its BTHHEADER. */
static void bth(bs_ltp_node *n, uint32_t *out, const uint8_t *records, size_t count,
                size_t key_size, size_t data_size) {
  unsigned levels = 0;
  uint32_t root = 0;
  const uint8_t *level = records;
  uint8_t *owned = NULL;
  size_t size = key_size + data_size;
  while (count && n->status == BS_OK) {
    size_t per = ALLOC_MAX / size, groups = (count + per - 1) / per;
    uint8_t *index = bs_reallocarray(NULL, groups, key_size + 4);
    if (!index) {
      fail(n, BS_ENOMEM);
      break;
    }
    for (size_t g = 0; g < groups; g++) {
      size_t first = g * per, rows = count - first < per ? count - first : per;
      uint32_t hid;
      heap_alloc(n, &hid, level + first * size, rows * size);
      memcpy(index + g * (key_size + 4), level + first * size, key_size);
      bs_le32(index + g * (key_size + 4) + key_size, hid);
      root = hid;
    }
    bs_free(owned);
    owned = index;
    if (groups == 1) break;
    levels++;
    level = index;
    count = groups;
    size = key_size + 4;
  }
  bs_free(owned);
  uint8_t head[8] = {0xB5, (uint8_t)key_size, (uint8_t)data_size, (uint8_t)levels};
  bs_le32(head + 4, root);
  heap_alloc(n, out, head, sizeof head);
}

/* ---- The node ----------------------------------------------------------------------- */

void bs_ltp_begin(bs_ltp_node *out, bs_ndb *ndb) {
  memset(out, 0, sizeof *out);
  out->ndb = ndb;
  out->next_value = 0x401;
}

void bs_ltp_subnode(bs_ltp_node *n, uint32_t nid, uint64_t data, uint64_t sub) {
  if (n->sub_count == BS_NDB_SUBNODES) {
    fail(n, BS_ELIMIT);
    return;
  }
  n->subs[n->sub_count++] = (bs_ndb_subnode){nid, data, sub};
}

/* Sorting by a little-endian key of 2 or 4 bytes at the record's start. */
typedef struct keyed {
  uint32_t key; /* the key */
  size_t index; /* the record's index in the caller's order */
} keyed;

static int by_key(const void *a, const void *b) {
  uint32_t x = ((const keyed *)a)->key, y = ((const keyed *)b)->key;
  return (x > y) - (x < y);
}

/* 2.3.3: each value inline (fixed of 4 bytes or fewer) or on the heap, then the BTH of
 * 2-byte property ids to (wPropType, dwValueHnid). */
void bs_ltp_pc(bs_ltp_node *n, const bs_ltp_prop *props, size_t count) {
  n->client_signature = 0xBC;
  uint32_t *hnids = bs_reallocarray(NULL, count ? count : 1, sizeof *hnids);
  keyed *order = bs_reallocarray(NULL, count ? count : 1, sizeof *order);
  if (!hnids || !order) fail(n, BS_ENOMEM);
  for (size_t i = 0; n->status == BS_OK && i < count; i++) {
    const bs_ltp_prop *p = &props[i];
    uint32_t type = p->tag & 0xFFFF, hnid;
    if (is_fixed(type) && cell_width(type) <= 4) {
      hnid = (uint32_t)(p->number & (cell_width(type) == 4   ? 0xFFFFFFFFu
                                     : cell_width(type) == 2 ? 0xFFFFu
                                                             : 0xFFu));
    } else if (is_fixed(type)) {
      uint8_t eight[8];
      put_number(eight, p->number, 8);
      heap_alloc(n, &hnid, eight, 8);
    } else {
      hnid = prop_hnid(n, p);
    }
    order[i] = (keyed){p->tag >> 16, i};
    hnids[i] = hnid;
  }
  if (n->status == BS_OK) {
    qsort(order, count, sizeof *order, by_key);
    /* PC BTH records: wPropId (the key), wPropType, dwValueHnid. */
    uint8_t *sorted = bs_reallocarray(NULL, count ? count : 1, 8);
    if (!sorted) fail(n, BS_ENOMEM);
    for (size_t i = 0; sorted && i < count; i++) {
      const bs_ltp_prop *p = &props[order[i].index];
      bs_le16(sorted + 8 * i, p->tag >> 16);
      bs_le16(sorted + 8 * i + 2, p->tag & 0xFFFF);
      bs_le32(sorted + 8 * i + 4, hnids[order[i].index]);
    }
    if (sorted) bth(n, &n->root, sorted, count, 2, 6);
    bs_free(sorted);
  }
  bs_free(hnids);
  bs_free(order);
}

/* The value of column `tag` in a row, or NULL. */
static const bs_ltp_prop *cell_of(const bs_ltp_row *row, uint32_t tag) {
  for (size_t i = 0; i < row->count; i++)
    if (row->props[i].tag == tag) return &row->props[i];
  return NULL;
}

/* 2.3.4: the row matrix (2.3.4.4.1: 8- and 4-byte cells first, the row id and
 * version leading, then 2-byte and 1-byte cells, then the cell existence bitmap), the
 * row index BTH (row id to row number), and TCINFO with a TCOLDESC per column. */
void bs_ltp_tc(bs_ltp_node *n, const uint32_t *columns, size_t column_count, const bs_ltp_row *rows,
               size_t row_count) {
  n->client_signature = 0x7C;
  uint32_t given[MAX_COLUMNS] = {TAG_ROW_ID, TAG_ROW_VER}, order[MAX_COLUMNS];
  size_t count = 2;
  for (size_t i = 0; i < column_count; i++) {
    if (columns[i] == TAG_ROW_ID || columns[i] == TAG_ROW_VER) continue;
    if (count == MAX_COLUMNS) {
      fail(n, BS_ELIMIT);
      return;
    }
    given[count++] = columns[i];
  }
  /* The order in the row: id and version, then by width, each width in given order. */
  size_t placed = 2, at[MAX_COLUMNS], ib = 8;
  order[0] = TAG_ROW_ID, order[1] = TAG_ROW_VER, at[0] = 0, at[1] = 4;
  static const size_t widths[] = {8, 4, 2, 1};
  size_t ends[4];
  for (size_t w = 0; w < 4; w++) {
    for (size_t i = 2; i < count; i++) {
      if (cell_width(given[i] & 0xFFFF) != widths[w]) continue;
      order[placed] = given[i];
      at[placed++] = ib;
      ib += widths[w];
    }
    ends[w] = ib;
  }
  size_t end_4b = ends[1], end_2b = ends[2], end_1b = ends[3];
  size_t row_size = end_1b + (count + 7) / 8;
  uint8_t *matrix = bs_calloc(row_count ? row_count : 1, row_size);
  uint8_t *index = bs_reallocarray(NULL, row_count ? row_count : 1, 8);
  keyed *ids = bs_reallocarray(NULL, row_count ? row_count : 1, sizeof *ids);
  if (!matrix || !index || !ids) fail(n, BS_ENOMEM);
  for (size_t r = 0; n->status == BS_OK && r < row_count; r++) {
    uint8_t *row = matrix + r * row_size;
    for (size_t c = 0; c < count; c++) {
      const bs_ltp_prop *p = cell_of(&rows[r], order[c]);
      bs_ltp_prop version = {.tag = TAG_ROW_VER, .number = 1};
      if (!p && order[c] == TAG_ROW_VER) p = &version;
      if (!p) continue;
      uint32_t type = order[c] & 0xFFFF;
      if (is_fixed(type))
        put_number(row + at[c], p->number, cell_width(type));
      else
        bs_le32(row + at[c], prop_hnid(n, p));
      row[end_1b + c / 8] |= (uint8_t)(0x80u >> (c % 8)); /* iBit is the order */
    }
    const bs_ltp_prop *id = cell_of(&rows[r], TAG_ROW_ID);
    ids[r] = (keyed){id ? (uint32_t)id->number : 0, r};
  }
  uint32_t row_index = 0, rows_hnid = 0;
  if (n->status == BS_OK) {
    qsort(ids, row_count, sizeof *ids, by_key);
    for (size_t r = 0; r < row_count; r++) {
      bs_le32(index + 8 * r, ids[r].key);
      bs_le32(index + 8 * r + 4, (uint32_t)ids[r].index);
    }
    bth(n, &row_index, index, row_count, 4, 4);
  }
  if (n->status == BS_OK && row_count && row_count * row_size <= ALLOC_MAX) {
    heap_alloc(n, &rows_hnid, matrix, row_count * row_size);
  } else if (n->status == BS_OK && row_count) {
    /* 2.3.4.4: in a subnode, each block holds whole rows. */
    size_t per = BS_NDB_BLOCK_DATA_MAX / row_size, blocks = (row_count + per - 1) / per;
    bs_ndb_piece *pieces = bs_reallocarray(NULL, blocks, sizeof *pieces);
    uint64_t bid = 0;
    bs_status status = pieces ? BS_OK : BS_ENOMEM;
    for (size_t i = 0; pieces && i < blocks; i++) {
      size_t rows_here = row_count - i * per < per ? row_count - i * per : per;
      pieces[i] = (bs_ndb_piece){matrix + i * per * row_size, rows_here * row_size};
    }
    if (status == BS_OK) status = bs_ndb_data(n->ndb, &bid, pieces, blocks);
    bs_free(pieces);
    rows_hnid = BS_NID(NID_TYPE_LTP, n->next_value++);
    if (status == BS_OK) bs_ltp_subnode(n, rows_hnid, bid, 0);
    fail(n, status);
  }
  /* TCINFO: bType, cCols, rgib (TCI_4b, TCI_2b, TCI_1b, TCI_bm), hidRowIndex,
   * hnidRows, hidIndex (deprecated), then TCOLDESCs sorted by tag. */
  uint8_t info[22 + 8 * MAX_COLUMNS] = {0x7C, (uint8_t)count};
  bs_le16(info + 2, (uint32_t)end_4b);
  bs_le16(info + 4, (uint32_t)end_2b);
  bs_le16(info + 6, (uint32_t)end_1b);
  bs_le16(info + 8, (uint32_t)row_size);
  bs_le32(info + 10, row_index);
  bs_le32(info + 14, rows_hnid);
  bs_le32(info + 18, 0);
  keyed by_tag[MAX_COLUMNS];
  for (size_t c = 0; c < count; c++) by_tag[c] = (keyed){order[c], c};
  qsort(by_tag, count, sizeof *by_tag, by_key);
  for (size_t i = 0; i < count; i++) {
    size_t c = by_tag[i].index;
    uint8_t *desc = info + 22 + 8 * i;
    bs_le32(desc, order[c]);
    bs_le16(desc + 4, (uint32_t)at[c]);
    desc[6] = (uint8_t)cell_width(order[c] & 0xFFFF);
    desc[7] = (uint8_t)c;
  }
  if (n->status == BS_OK) heap_alloc(n, &n->root, info, 22 + 8 * count);
  bs_free(matrix);
  bs_free(index);
  bs_free(ids);
}

bs_status bs_ltp_end(bs_ltp_node *n, uint64_t *out_data, uint64_t *out_sub) {
  *out_data = *out_sub = 0;
  bs_ndb_piece *pieces =
      n->block_count ? bs_reallocarray(NULL, n->block_count, sizeof *pieces) : NULL;
  if (n->block_count == 0) fail(n, BS_EINVAL); /* neither a PC nor a TC */
  if (n->block_count && !pieces) fail(n, BS_ENOMEM);
  if (n->status == BS_OK) {
    heap_finish(n, pieces);
    fail(n, bs_ndb_data(n->ndb, out_data, pieces, n->block_count));
  }
  if (n->status == BS_OK) fail(n, bs_ndb_subnodes(n->ndb, out_sub, n->subs, n->sub_count));
  bs_free(pieces);
  bs_free(n->blocks);
  n->blocks = NULL;
  n->block_count = 0;
  return n->status;
}
