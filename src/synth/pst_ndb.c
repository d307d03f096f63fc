/* The node database of an Outlook store being written (see pst_ndb.h).
 *
 * Layout. The header takes the first 564 bytes; the first AMap page is at 0x4400 and
 * the first PMap page at 0x4600 ([MS-PST] 2.2.2.7.2-3), so allocations start at 0x4800.
 * Blocks are placed one after another in the order they are written, each in a slot of
 * a multiple of 64 bytes ending with its BLOCKTRAILER; then the pages of the node and
 * block B-trees, 512-byte aligned. No allocation may cover a map page: an AMap every
 * 253,952 bytes (496 bytes of bits, one bit a 64-byte unit), a PMap every eighth of
 * them. The maps are written last, from the units allocated, and the header with its
 * ROOT names the B-trees' root pages. */
#include "synth/pst_ndb.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/alloc.h"
#include "synth/ole2_out.h"

#define PAGE         512
#define PAGE_DATA    496 /* a page's data before its PAGETRAILER */
#define TRAILER      16  /* PAGETRAILER and BLOCKTRAILER */
#define BTPAGE_BYTES 488 /* BTPAGE rgentries (2.2.2.7.7.1) */
#define AMAP_FIRST   0x4400u
#define AMAP_SPAN    ((size_t)PAGE_DATA * 8 * 64) /* 253,952 bytes mapped by one AMap */
#define PMAP_FIRST   0x4600u
#define PMAP_SPAN    (AMAP_SPAN * 8)                /* one PMap every eight AMaps */
#define FMAP_FIRST   (AMAP_FIRST + 128 * AMAP_SPAN) /* stores reaching it are refused */
#define FIRST_FREE   (PMAP_FIRST + PAGE)
#define HEADER_BYTES 564
#define XBLOCK_MAX   ((size_t)(BS_NDB_BLOCK_DATA_MAX - 8) / 8) /* BIDs of an XBLOCK: 1021 */

enum { PTYPE_BBT = 0x80, PTYPE_NBT = 0x81, PTYPE_PMAP = 0x83, PTYPE_AMAP = 0x84 };

typedef struct bbt_entry {
  uint64_t bid; /* the block */
  uint64_t ib;  /* its offset */
  uint16_t cb;  /* its data's size */
} bbt_entry;

typedef struct nbt_entry {
  uint32_t nid;    /* the node */
  uint64_t data;   /* BID of its data */
  uint64_t sub;    /* BID of its subnodes, 0: none */
  uint32_t parent; /* NID of its parent folder, 0: none */
} nbt_entry;

struct bs_ndb {
  uint8_t *image;      /* the file; zero where nothing was written */
  uint8_t *units;      /* one bit a 64-byte unit of image: allocated */
  size_t cap;          /* bytes of image (a multiple of 512) */
  size_t next_free;    /* where the next allocation may start */
  size_t eof;          /* end of the last allocation */
  bbt_entry *blocks;   /* in the order written, so by BID */
  size_t block_count;  /* entries */
  size_t block_cap;    /* allocated */
  nbt_entry *nodes;    /* in the order recorded */
  size_t node_count;   /* entries */
  size_t node_cap;     /* allocated */
  uint64_t page_count; /* B-tree pages written (bidNextP) */
};

void bs_ndb_put64(uint8_t *out, uint64_t value) {
  bs_le32(out, (uint32_t)(value & 0xFFFFFFFFu));
  bs_le32(out + 4, (uint32_t)(value >> 32));
}

/* [MS-PST] 5.3: the reflected CRC-32 of polynomial 0xEDB88320 from 0 with no final
 * inversion. zlib's CRC-32 inverts on the way in and out: started from ~0 and
 * inverted after, it gives the same. */
uint32_t bs_ndb_crc(const uint8_t *data, size_t len) {
  return (uint32_t)crc32_z(0xFFFFFFFFul, data, len) ^ 0xFFFFFFFFu;
}

/* 5.5 ComputeSig: the two 16-bit halves of the low 32 bits of ib XOR bid, XORed. */
static uint16_t signature(uint64_t ib, uint64_t bid) {
  uint32_t v = (uint32_t)((ib ^ bid) & 0xFFFFFFFFu);
  return (uint16_t)((v >> 16 ^ v) & 0xFFFFu);
}

static size_t round_up(size_t n, size_t align) { return (n + align - 1) / align * align; }

static int is_map(size_t ib) {
  if (ib < AMAP_FIRST) return 0;
  if ((ib - AMAP_FIRST) % AMAP_SPAN == 0) return 1;
  return ib >= PMAP_FIRST && (ib - PMAP_FIRST) % PMAP_SPAN == 0;
}

bs_status bs_ndb_create(bs_ndb **out) {
  *out = bs_calloc(1, sizeof **out);
  if (!*out) return BS_ENOMEM;
  (*out)->next_free = FIRST_FREE;
  return BS_OK;
}

void bs_ndb_free(bs_ndb *ndb) {
  if (!ndb) return;
  bs_free(ndb->image);
  bs_free(ndb->units);
  bs_free(ndb->blocks);
  bs_free(ndb->nodes);
  bs_free(ndb);
}

/* Makes image (and its unit bits) reach `end`, zero-filled. */
static bs_status grow(bs_ndb *ndb, size_t end) {
  if (end <= ndb->cap) return BS_OK;
  size_t cap = ndb->cap ? ndb->cap : (size_t)1 << 20;
  while (cap < end) cap *= 2;
  uint8_t *image = bs_realloc(ndb->image, cap);
  if (!image) return BS_ENOMEM;
  ndb->image = image;
  uint8_t *units = bs_realloc(ndb->units, cap / 512);
  if (!units) return BS_ENOMEM;
  ndb->units = units;
  memset(image + ndb->cap, 0, cap - ndb->cap);
  memset(units + ndb->cap / 512, 0, (cap - ndb->cap) / 512);
  ndb->cap = cap;
  return BS_OK;
}

static void mark(bs_ndb *ndb, size_t ib, size_t size) {
  for (size_t unit = ib / 64; unit < (ib + size) / 64; unit++)
    ndb->units[unit / 8] |= (uint8_t)(0x80u >> (unit % 8));
}

/* Allocates `size` bytes at the next offset aligned to `align` whose range covers no
 * map page. OUT: out, the offset. */
static bs_status place(bs_ndb *ndb, size_t *out, size_t size, size_t align) {
  size_t ib = round_up(ndb->next_free, align);
  for (;;) {
    size_t clash = 0;
    for (size_t p = round_up(ib, PAGE); p < ib + size; p += PAGE)
      if (is_map(p)) clash = p;
    if (!clash) break;
    ib = round_up(clash + PAGE, align);
  }
  if (ib + size >= FMAP_FIRST) return BS_ELIMIT;
  bs_status status = grow(ndb, ib + size);
  if (status != BS_OK) return status;
  mark(ndb, ib, size);
  ndb->next_free = ib + size;
  if (ib + size > ndb->eof) ndb->eof = ib + size;
  *out = ib;
  return BS_OK;
}

/* 2.2.2.8 a block: its data, padding, and BLOCKTRAILER (cb, wSig, dwCRC, bid). BIDs
 * count up by 4 (2.2.2.2), bit 1 set for internal blocks (XBLOCK, SLBLOCK). */
static bs_status block(bs_ndb *ndb, uint64_t *out, const uint8_t *data, size_t len, int internal) {
  if (len > BS_NDB_BLOCK_DATA_MAX) return BS_EINVAL;
  if (ndb->block_count == ndb->block_cap) {
    size_t cap = ndb->block_cap ? ndb->block_cap * 2 : 256;
    bbt_entry *blocks = bs_reallocarray(ndb->blocks, cap, sizeof *blocks);
    if (!blocks) return BS_ENOMEM;
    ndb->blocks = blocks;
    ndb->block_cap = cap;
  }
  uint64_t bid = (uint64_t)(ndb->block_count + 1) << 2 | (internal ? 2u : 0u);
  size_t size = round_up(len + TRAILER, 64), ib;
  bs_status status = place(ndb, &ib, size, 64);
  if (status != BS_OK) return status;
  uint8_t *at = ndb->image + ib;
  if (len) memcpy(at, data, len);
  uint8_t *trailer = at + size - TRAILER;
  bs_le16(trailer, (uint32_t)len);
  bs_le16(trailer + 2, signature(ib, bid));
  bs_le32(trailer + 4, bs_ndb_crc(data, len));
  bs_ndb_put64(trailer + 8, bid);
  ndb->blocks[ndb->block_count++] = (bbt_entry){bid, ib, (uint16_t)len};
  *out = bid;
  return BS_OK;
}

/* 2.2.2.8.3.2.1-2 XBLOCK (level 1) or XXBLOCK (level 2) over `count` BIDs holding
 * `total` bytes. */
static bs_status xblock(bs_ndb *ndb, uint64_t *out, int level, const uint64_t *bids, size_t count,
                        uint64_t total) {
  uint8_t data[BS_NDB_BLOCK_DATA_MAX];
  if (count > XBLOCK_MAX || total > 0xFFFFFFFFu) return BS_ELIMIT;
  data[0] = 0x01; /* btype */
  data[1] = (uint8_t)level;
  bs_le16(data + 2, (uint32_t)count);
  bs_le32(data + 4, (uint32_t)total);
  for (size_t i = 0; i < count; i++) bs_ndb_put64(data + 8 + 8 * i, bids[i]);
  return block(ndb, out, data, 8 + 8 * count, 1);
}

bs_status bs_ndb_data(bs_ndb *ndb, uint64_t *out, const bs_ndb_piece *pieces, size_t count) {
  if (count == 0) return BS_EINVAL;
  if (count == 1) return block(ndb, out, pieces[0].data, pieces[0].len, 0);
  if (count > XBLOCK_MAX * XBLOCK_MAX) return BS_ELIMIT;
  uint64_t *bids = bs_reallocarray(NULL, count, sizeof *bids);
  if (!bids) return BS_ENOMEM;
  bs_status status = BS_OK;
  uint64_t total = 0;
  for (size_t i = 0; status == BS_OK && i < count; i++) {
    status = block(ndb, &bids[i], pieces[i].data, pieces[i].len, 0);
    total += pieces[i].len;
  }
  if (status == BS_OK && count <= XBLOCK_MAX) {
    status = xblock(ndb, out, 1, bids, count, total);
  } else if (status == BS_OK) {
    uint64_t xbids[XBLOCK_MAX];
    size_t groups = 0;
    for (size_t first = 0; status == BS_OK && first < count; first += XBLOCK_MAX) {
      size_t n = count - first < XBLOCK_MAX ? count - first : XBLOCK_MAX;
      uint64_t part = 0;
      for (size_t i = first; i < first + n; i++) part += pieces[i].len;
      status = xblock(ndb, &xbids[groups++], 1, bids + first, n, part);
    }
    if (status == BS_OK) status = xblock(ndb, out, 2, xbids, groups, total);
  }
  bs_free(bids);
  return status;
}

static int by_subnode_id(const void *a, const void *b) {
  uint32_t x = ((const bs_ndb_subnode *)a)->nid, y = ((const bs_ndb_subnode *)b)->nid;
  return (x > y) - (x < y);
}

/* 2.2.2.8.3.3.1 SLBLOCK of level 0: btype 2, cLevel, cEnt, padding, SLENTRYs. */
bs_status bs_ndb_subnodes(bs_ndb *ndb, uint64_t *out, bs_ndb_subnode *subs, size_t count) {
  *out = 0;
  if (count == 0) return BS_OK;
  if (count > BS_NDB_SUBNODES) return BS_ELIMIT;
  qsort(subs, count, sizeof *subs, by_subnode_id);
  uint8_t data[BS_NDB_BLOCK_DATA_MAX] = {0x02, 0x00};
  bs_le16(data + 2, (uint32_t)count);
  bs_le32(data + 4, 0);
  for (size_t i = 0; i < count; i++) {
    uint8_t *entry = data + 8 + 24 * i;
    bs_ndb_put64(entry, subs[i].nid);
    bs_ndb_put64(entry + 8, subs[i].data);
    bs_ndb_put64(entry + 16, subs[i].sub);
  }
  return block(ndb, out, data, 8 + 24 * count, 1);
}

bs_status bs_ndb_node(bs_ndb *ndb, uint32_t nid, uint64_t data, uint64_t sub, uint32_t parent) {
  if (ndb->node_count == ndb->node_cap) {
    size_t cap = ndb->node_cap ? ndb->node_cap * 2 : 64;
    nbt_entry *nodes = bs_reallocarray(ndb->nodes, cap, sizeof *nodes);
    if (!nodes) return BS_ENOMEM;
    ndb->nodes = nodes;
    ndb->node_cap = cap;
  }
  ndb->nodes[ndb->node_count++] = (nbt_entry){nid, data, sub, parent};
  return BS_OK;
}

/* ---- Pages: B-trees and maps -------------------------------------------------------- */

/* 2.2.2.7.1 a page's data and PAGETRAILER; map pages have no signature and their
 * offset for a BID. */
static void put_page(bs_ndb *ndb, size_t ib, const uint8_t *body, int ptype, uint64_t bid) {
  uint8_t *at = ndb->image + ib;
  memcpy(at, body, PAGE_DATA);
  at[PAGE_DATA] = (uint8_t)ptype;
  at[PAGE_DATA + 1] = (uint8_t)ptype; /* ptypeRepeat */
  int map = ptype == PTYPE_AMAP || ptype == PTYPE_PMAP;
  bs_le16(at + PAGE_DATA + 2, map ? 0 : signature(ib, bid));
  bs_le32(at + PAGE_DATA + 4, bs_ndb_crc(body, PAGE_DATA));
  bs_ndb_put64(at + PAGE_DATA + 8, bid);
}

/* 2.2.2.7.7 a B-tree of `count` leaf entries of `size` bytes (each starting with its
 * 8-byte key), in key order: leaf pages of as many as fit in 488 bytes, then levels of
 * BTENTRY pages (key, BREF) over them until one page holds the rest. OUT: the root
 * page's BREF. */
static bs_status btree(bs_ndb *ndb, uint64_t *out_bid, uint64_t *out_ib, const uint8_t *entries,
                       size_t count, size_t size, int ptype) {
  const uint8_t *level_entries = entries;
  uint8_t *owned = NULL;
  bs_status status = BS_OK;
  for (int level = 0; status == BS_OK; level++) {
    size_t per = BTPAGE_BYTES / size;
    size_t pages = count ? (count + per - 1) / per : 1;
    uint8_t *parents = bs_reallocarray(NULL, pages, 24);
    if (!parents) {
      status = BS_ENOMEM;
      break;
    }
    for (size_t i = 0; status == BS_OK && i < pages; i++) {
      size_t first = i * per, n = count - first < per ? count - first : per;
      if (count == 0) n = 0;
      uint8_t body[PAGE_DATA] = {0};
      if (n) memcpy(body, level_entries + first * size, n * size);
      body[BTPAGE_BYTES] = (uint8_t)n;       /* cEnt */
      body[BTPAGE_BYTES + 1] = (uint8_t)per; /* cEntMax */
      body[BTPAGE_BYTES + 2] = (uint8_t)size;
      body[BTPAGE_BYTES + 3] = (uint8_t)level;
      uint64_t bid = ++ndb->page_count << 2;
      size_t ib;
      status = place(ndb, &ib, PAGE, PAGE);
      if (status != BS_OK) break;
      put_page(ndb, ib, body, ptype, bid);
      uint8_t *parent = parents + 24 * i; /* BTENTRY: btkey, BREF */
      memset(parent, 0, 8);
      if (n) memcpy(parent, level_entries + first * size, 8);
      bs_ndb_put64(parent + 8, bid);
      bs_ndb_put64(parent + 16, ib);
      *out_bid = bid;
      *out_ib = ib;
    }
    bs_free(owned);
    owned = parents;
    if (pages == 1) break;
    level_entries = parents;
    count = pages;
    size = 24;
  }
  bs_free(owned);
  return status;
}

static int by_node_id(const void *a, const void *b) {
  uint32_t x = ((const nbt_entry *)a)->nid, y = ((const nbt_entry *)b)->nid;
  return (x > y) - (x < y);
}

/* Both B-trees. OUT: their roots' BREFs. */
static bs_status btrees(bs_ndb *ndb, uint64_t *nbt, uint64_t *bbt) {
  qsort(ndb->nodes, ndb->node_count, sizeof *ndb->nodes, by_node_id);
  size_t most =
      ndb->node_count * 32 > ndb->block_count * 24 ? ndb->node_count * 32 : ndb->block_count * 24;
  uint8_t *entries = bs_malloc(most ? most : 1);
  if (!entries) return BS_ENOMEM;
  for (size_t i = 0; i < ndb->node_count; i++) { /* 2.2.2.7.7.4 NBTENTRY */
    uint8_t *e = entries + 32 * i;
    bs_ndb_put64(e, ndb->nodes[i].nid);
    bs_ndb_put64(e + 8, ndb->nodes[i].data);
    bs_ndb_put64(e + 16, ndb->nodes[i].sub);
    bs_le32(e + 24, ndb->nodes[i].parent);
    bs_le32(e + 28, 0);
  }
  bs_status status = btree(ndb, &nbt[0], &nbt[1], entries, ndb->node_count, 32, PTYPE_NBT);
  for (size_t i = 0; i < ndb->block_count; i++) { /* 2.2.2.7.7.3 BBTENTRY, cRef 2 */
    uint8_t *e = entries + 24 * i;
    bs_ndb_put64(e, ndb->blocks[i].bid);
    bs_ndb_put64(e + 8, ndb->blocks[i].ib);
    bs_le16(e + 16, ndb->blocks[i].cb);
    bs_le16(e + 18, 2);
    bs_le32(e + 20, 0);
  }
  if (status == BS_OK)
    status = btree(ndb, &bbt[0], &bbt[1], entries, ndb->block_count, 24, PTYPE_BBT);
  bs_free(entries);
  return status;
}

/* 2.2.2.7.2 AMaps: one bit a 64-byte unit, the most significant bit first, the maps'
 * own pages allocated too; 2.2.2.7.3 PMaps, deprecated: every page marked allocated.
 * OUT: amap_last, the offset of the last AMap; free, the bytes the AMaps leave free. */
static void maps(bs_ndb *ndb, uint64_t *amap_last, uint64_t *free_bytes) {
  size_t eof = ndb->eof;
  for (size_t a = AMAP_FIRST; a < eof; a += AMAP_SPAN) mark(ndb, a, PAGE);
  for (size_t p = PMAP_FIRST; p < eof; p += PMAP_SPAN) mark(ndb, p, PAGE);
  *free_bytes = 0;
  for (size_t a = AMAP_FIRST; a < eof; a += AMAP_SPAN) {
    uint8_t bits[PAGE_DATA] = {0};
    for (size_t k = 0; k < (size_t)PAGE_DATA * 8; k++) {
      size_t unit = a / 64 + k;
      if (unit * 64 < eof && ndb->units[unit / 8] & (0x80u >> (unit % 8)))
        bits[k / 8] |= (uint8_t)(0x80u >> (k % 8));
      else
        *free_bytes += 64;
    }
    put_page(ndb, a, bits, PTYPE_AMAP, a);
    *amap_last = a;
  }
  uint8_t all[PAGE_DATA];
  memset(all, 0xFF, sizeof all);
  for (size_t p = PMAP_FIRST; p < eof; p += PMAP_SPAN) put_page(ndb, p, all, PTYPE_PMAP, p);
}

/* 2.2.2.6 HEADER (Unicode) with 2.2.2.5 ROOT. */
static void header(bs_ndb *ndb, uint64_t amap_last, uint64_t amap_free, const uint64_t *nbt,
                   const uint64_t *bbt) {
  uint8_t *h = ndb->image;
  memset(h, 0, HEADER_BYTES);
  memcpy(h, "!BDN", 4);
  bs_le16(h + 8, 0x4D53);                           /* wMagicClient "SM" */
  bs_le16(h + 10, 23);                              /* wVer: Unicode */
  bs_le16(h + 12, 19);                              /* wVerClient */
  h[14] = 1;                                        /* bPlatformCreate */
  h[15] = 1;                                        /* bPlatformAccess */
  bs_ndb_put64(h + 32, (ndb->page_count + 1) << 2); /* bidNextP */
  bs_le32(h + 40, 0x1B5A0001);                      /* dwUnique */
  /* rgnid: for each NID type, an index past those used (with the minimums Outlook
   * keeps: 0x400, and more for folders, search folders, messages and 0x08). */
  uint32_t rgnid[32];
  for (int t = 0; t < 32; t++) rgnid[t] = 0x400;
  rgnid[0x03] = 0x4000;
  rgnid[0x04] = 0x10000;
  rgnid[0x08] = 0x8000;
  for (size_t i = 0; i < ndb->node_count; i++) {
    uint32_t nid = ndb->nodes[i].nid;
    if ((nid >> 5) + 1 > rgnid[nid & 0x1F]) rgnid[nid & 0x1F] = (nid >> 5) + 1;
  }
  for (size_t t = 0; t < 32; t++) bs_le32(h + 44 + 4 * t, rgnid[t]);
  uint8_t *root = h + 180;
  bs_ndb_put64(root + 4, ndb->eof); /* ibFileEof */
  bs_ndb_put64(root + 12, amap_last);
  bs_ndb_put64(root + 20, amap_free);
  bs_ndb_put64(root + 36, nbt[0]); /* BREFNBT */
  bs_ndb_put64(root + 44, nbt[1]);
  bs_ndb_put64(root + 52, bbt[0]); /* BREFBBT */
  bs_ndb_put64(root + 60, bbt[1]);
  root[68] = 0x02;            /* fAMapValid: VALID_AMAP2 */
  memset(h + 256, 0xFF, 256); /* rgbFM and rgbFP: deprecated, all 0xFF */
  h[512] = 0x80;              /* bSentinel */
  h[513] = 0;                 /* bCryptMethod: NDB_CRYPT_NONE */
  bs_ndb_put64(h + 516, (uint64_t)(ndb->block_count + 1) << 2); /* bidNextB */
  bs_le32(h + 4, bs_ndb_crc(h + 8, 471));                       /* dwCRCPartial */
  bs_le32(h + 524, bs_ndb_crc(h + 8, 516));                     /* dwCRCFull */
}

bs_status bs_ndb_finish(bs_ndb *ndb, FILE *out) {
  uint64_t nbt[2] = {0, 0}, bbt[2] = {0, 0}, amap_last = AMAP_FIRST, amap_free = 0;
  bs_status status = btrees(ndb, nbt, bbt);
  if (status != BS_OK) return status;
  maps(ndb, &amap_last, &amap_free);
  header(ndb, amap_last, amap_free, nbt, bbt);
  if (fwrite(ndb->image, 1, ndb->eof, out) != ndb->eof || fflush(out) != 0) return BS_EIO;
  return BS_OK;
}
