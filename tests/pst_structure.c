/* Structure checks of synth's Outlook stores without our readers (see
 * synth_structure.h): the NDB layer of [MS-PST] walked here from the header, each
 * page, block and map checked against its trailer, CRC and signature, and each node's
 * heap-on-node header and page map. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "synth_structure.h"

#define PAGE       512
#define PAGE_DATA  496
#define AMAP_FIRST 0x4400u
#define AMAP_SPAN  (496u * 8 * 64)

char bs_pst_first_fault[96];

typedef struct block_ref {
  uint64_t bid, ib; /* BBT entry */
  uint16_t cb;      /* its data's size */
} block_ref;

typedef struct pst_walk {
  const unsigned char *data;
  size_t len;
  block_ref *blocks; /* from the BBT, in key order */
  size_t block_count, block_cap;
  uint64_t last_key; /* keys must ascend through a tree */
  uint64_t max_page_bid;
  int faults;
} pst_walk;

static uint32_t u16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t u32(const unsigned char *p) { return u16(p) | u16(p + 2) << 16; }
static uint64_t u64(const unsigned char *p) { return u32(p) | (uint64_t)u32(p + 4) << 32; }

static uint32_t crc(const unsigned char *p, size_t n) {
  return (uint32_t)crc32_z(0xFFFFFFFFul, p, n) ^ 0xFFFFFFFFu;
}

static uint32_t sig(uint64_t ib, uint64_t bid) {
  uint32_t v = (uint32_t)((ib ^ bid) & 0xFFFFFFFFu);
  return (v >> 16 ^ v) & 0xFFFFu;
}

/* A fault: counted, the first kept for the caller (as the other checks, nothing is
 * printed here). */
static void fault(pst_walk *w, const char *what, uint64_t where) {
  if (w->faults++ == 0)
    snprintf(bs_pst_first_fault, sizeof bs_pst_first_fault, "%s at 0x%llx", what,
             (unsigned long long)where);
}

/* 2.2.2.7.7 a B-tree page and those under it; ptype 0x80 (BBT) or 0x81 (NBT). */
static void walk_page(pst_walk *w, uint64_t bid, uint64_t ib, int ptype, int level, int depth,
                      void (*leaf)(pst_walk *, const unsigned char *)) {
  if (depth > 8 || ib % PAGE || ib + PAGE > w->len) {
    fault(w, "B-tree page out of the file", ib);
    return;
  }
  const unsigned char *p = w->data + ib, *t = p + PAGE_DATA;
  if (t[0] != ptype || t[1] != ptype) fault(w, "page type", ib);
  if (u16(t + 2) != sig(ib, bid)) fault(w, "page signature", ib);
  if (u32(t + 4) != crc(p, PAGE_DATA)) fault(w, "page CRC", ib);
  if (u64(t + 8) != bid) fault(w, "page BID", ib);
  if (bid > w->max_page_bid) w->max_page_bid = bid;
  unsigned count = p[488], most = p[489], size = p[490], page_level = p[491];
  unsigned want = page_level ? 24 : ptype == 0x81 ? 32 : 24;
  if (size != want || most != 488 / want || count > most ||
      (level >= 0 && page_level != (unsigned)level)) {
    fault(w, "BTPAGE counts", ib);
    return;
  }
  for (unsigned i = 0; i < count; i++) {
    const unsigned char *e = p + i * size;
    if (page_level == 0) {
      if (u64(e) <= w->last_key && w->last_key) fault(w, "keys not ascending", ib);
      w->last_key = u64(e);
      leaf(w, e);
    } else {
      walk_page(w, u64(e + 8), u64(e + 16), ptype, (int)page_level - 1, depth + 1, leaf);
    }
  }
}

static void bbt_leaf(pst_walk *w, const unsigned char *e) {
  if (w->block_count == w->block_cap) {
    size_t cap = w->block_cap ? w->block_cap * 2 : 256;
    block_ref *blocks = realloc(w->blocks, cap * sizeof *blocks);
    if (!blocks) {
      fault(w, "out of memory", 0);
      return;
    }
    w->blocks = blocks;
    w->block_cap = cap;
  }
  w->blocks[w->block_count++] = (block_ref){u64(e), u64(e + 8), (uint16_t)u16(e + 16)};
}

static const block_ref *block_of(const pst_walk *w, uint64_t bid) {
  size_t lo = 0, hi = w->block_count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (w->blocks[mid].bid == bid) return &w->blocks[mid];
    if (w->blocks[mid].bid < bid)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* 2.3.1 the heap-on-node at the start of a node's data: HNHDR, page map. */
static void check_heap(pst_walk *w, const block_ref *b) {
  const unsigned char *d = w->data + b->ib;
  if (b->bid & 2) { /* a data tree: its first block holds the HNHDR */
    if (d[0] != 1 || b->cb < 16 || !(b = block_of(w, u64(d + 8)))) {
      fault(w, "node's data tree", 0);
      return;
    }
    d = w->data + b->ib;
  }
  unsigned map = u16(d);
  if (b->cb < 12 || d[2] != 0xEC || (d[3] != 0xBC && d[3] != 0x7C) || map + 4 > b->cb) {
    fault(w, "HNHDR", b->ib);
    return;
  }
  unsigned allocs = u16(d + map);
  if (map + 4 + 2 * (allocs + 1) != b->cb) fault(w, "HNPAGEMAP size", b->ib);
  for (unsigned i = 0; i < allocs && map + 6 + 2 * i <= b->cb; i++)
    if (u16(d + map + 4 + 2 * i) > u16(d + map + 6 + 2 * i)) fault(w, "HNPAGEMAP order", b->ib);
  if (u16(d + map + 4) != 12 || u16(d + map + 4 + 2 * allocs) > map)
    fault(w, "HN allocations", b->ib);
}

static void nbt_leaf(pst_walk *w, const unsigned char *e) {
  const block_ref *data = block_of(w, u64(e + 8));
  if (!data) {
    fault(w, "node's data not in the BBT", u64(e));
    return;
  }
  uint64_t sub = u64(e + 16);
  const block_ref *s = sub ? block_of(w, sub) : NULL;
  if (sub && (!s || w->data[s->ib] != 2)) fault(w, "node's subnode block", u64(e));
  check_heap(w, data); /* every node written is a PC or a TC */
}

/* Every block: inside the file, its trailer right, internal blocks naming blocks. */
static void check_blocks(pst_walk *w, unsigned char *allocated) {
  for (size_t i = 0; i < w->block_count; i++) {
    const block_ref *b = &w->blocks[i];
    size_t slot = ((size_t)b->cb + 16 + 63) / 64 * 64;
    if (b->ib % 64 || b->ib + slot > w->len || b->cb > 8176) {
      fault(w, "block out of the file", b->ib);
      continue;
    }
    const unsigned char *d = w->data + b->ib, *t = d + slot - 16;
    if (u16(t) != b->cb || u16(t + 2) != sig(b->ib, b->bid) || u32(t + 4) != crc(d, b->cb) ||
        u64(t + 8) != b->bid)
      fault(w, "block trailer", b->ib);
    for (size_t u = b->ib / 64; u < (b->ib + slot) / 64; u++) allocated[u / 8] |= 0x80 >> (u % 8);
    if (!(b->bid & 2)) continue;
    unsigned count = u16(d + 2);
    if (d[0] == 1 && 8 + 8 * (size_t)count <= b->cb) { /* XBLOCK, XXBLOCK */
      uint64_t total = 0;
      for (unsigned k = 0; k < count; k++) {
        const block_ref *c = block_of(w, u64(d + 8 + 8 * k));
        if (!c)
          fault(w, "XBLOCK child", b->ib);
        else
          total += d[1] == 1 ? c->cb : u32(w->data + c->ib + 4);
      }
      if (total != u32(d + 4)) fault(w, "XBLOCK lcbTotal", b->ib);
    } else if (d[0] == 2 && 8 + 24 * (size_t)count <= b->cb) { /* SLBLOCK */
      for (unsigned k = 0; k < count; k++)
        if (!block_of(w, u64(d + 8 + 24 * k + 8))) fault(w, "SLENTRY data", b->ib);
    } else {
      fault(w, "internal block type", b->ib);
    }
  }
}

int bs_check_pst(const char *bytes, size_t len) {
  pst_walk w = {.data = (const unsigned char *)bytes, .len = len};
  bs_pst_first_fault[0] = '\0';
  const unsigned char *h = w.data;
  if (len < AMAP_FIRST + PAGE || memcmp(h, "!BDN", 4) || u16(h + 8) != 0x4D53 ||
      u16(h + 10) != 23) {
    fault(&w, "header", 0);
    return w.faults;
  }
  if (u32(h + 4) != crc(h + 8, 471) || u32(h + 524) != crc(h + 8, 516)) fault(&w, "header CRC", 0);
  if (u64(h + 184) != len || h[248] != 2 || h[513] != 0) fault(&w, "ROOT", 180);
  walk_page(&w, u64(h + 232), u64(h + 240), 0x80, -1, 0, bbt_leaf);
  w.last_key = 0;
  walk_page(&w, u64(h + 216), u64(h + 224), 0x81, -1, 0, nbt_leaf);
  if (w.block_count && w.blocks[w.block_count - 1].bid >= u64(h + 516)) fault(&w, "bidNextB", 516);
  if (w.max_page_bid >= u64(h + 32)) fault(&w, "bidNextP", 32);
  /* 2.2.2.7.2: every AMap marks what is allocated, its own page included. */
  unsigned char *allocated = calloc(len / 512 + 1, 1);
  if (!allocated) return w.faults + 1;
  check_blocks(&w, allocated);
  for (size_t a = AMAP_FIRST; a < len; a += AMAP_SPAN) {
    const unsigned char *p = w.data + a;
    if (p[PAGE_DATA] != 0x84 || u32(p + PAGE_DATA + 4) != crc(p, PAGE_DATA) ||
        u64(p + PAGE_DATA + 8) != a || !(p[0] & 0x80))
      fault(&w, "AMap page", a);
    for (size_t k = 0; k < (size_t)PAGE_DATA * 8 && a + 64 * k < len; k++) {
      size_t u = a / 64 + k;
      if ((allocated[u / 8] & (0x80 >> (u % 8))) && !(p[k / 8] & (0x80 >> (k % 8))))
        fault(&w, "block not marked in its AMap", 64 * u);
    }
  }
  free(allocated);
  free(w.blocks);
  return w.faults;
}
