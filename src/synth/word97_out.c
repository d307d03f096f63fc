/* Word 97-2003 documents (see word97_out.h).
 *
 * Layout of what is written, with the structures of [MS-DOC]:
 *   WordDocument: the Fib (900 bytes: FibBase, fibRgW, fibRgLw, fibRgFcLcb97), the
 *     text from 0x400 in the order of its characters (each piece from a new page),
 *     then from the next 512-byte page one ChpxFkp (a run of default character
 *     properties per piece) and PapxFkps (a paragraph each entry; the Normal style,
 *     and for paragraphs of a table the sprms of 2.4.3: see below).
 *     The stream is at least 4096 bytes, as Word writes it, so that it lies in
 *     regular sectors of the compound file, not in the mini stream.
 *   1Table: STSH (the Normal style), PlcfSed (one section), PlcBteChpx, PlcBtePapx
 *     (which page holds the properties of which bytes), SttbfFfn (Times New Roman),
 *     Dop, and the Clx: a Pcdt whose PlcPcd maps character positions to the pieces.
 * A piece's Pcd.fc is its byte offset, or for a compressed piece twice its byte offset
 * with bit 30 set (2.9.73 FcCompressed).
 *
 * A line holding tabs is a row of a table ([MS-DOC] 2.4.3), as Word writes one: each
 * cell a paragraph ended by the cell mark 0x07 whose PAPX has sprmPFInTable, then the
 * row-end mark, a paragraph of 0x07 alone whose PAPX has sprmPFInTable, sprmPFTtp and
 * the row's TAP: sprmTDxaGapHalf and sprmTDefTable with the cells' edges. So
 * "Date\tCPT" is "Date" 07 "CPT" 07 07, three paragraphs. */
#include "synth/word97_out.h"

#include <string.h>

#include "base/buf.h"
#include "synth/ole2_out.h"

#define FIB_BYTES      900u
#define TEXT_START     0x400u
#define PAGE           512u
#define FC_COMPRESSED  0x40000000u
#define CELL_TWIPS     2160 /* a cell 1.5 inches wide */
#define MAX_CELLS      63   /* Word's columns; a line of more tabs stays a paragraph */
#define MAX_TC80_CELLS 16   /* cells whose TC80 is written (the rest: defaults) */
#define MAX_PAPX       512u /* bytes of one PapxInFkp built */

/* CLSID_WordDocument {00020906-0000-0000-C000-000000000046} as stored. */
static const uint8_t word_clsid[16] = {0x06, 0x09, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
                                       0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46};

/* Windows-1252's 0x80-0x9F (0: unassigned). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* The Windows-1252 byte of a UTF-16 unit, or -1. */
static int cp1252(uint16_t unit) {
  if (unit < 0x80 || (unit >= 0xA0 && unit <= 0xFF)) return unit;
  for (int i = 0; i < 32; i++)
    if (cp1252_high[i] && cp1252_high[i] == unit) return 0x80 + i;
  return -1;
}

/* What a paragraph is, for its properties. */
enum { PLAIN = 0, CELL = 1, ROW_END = 2 };

typedef struct paragraph {
  uint32_t cp, count; /* its characters, the paragraph mark included */
  uint32_t fc;        /* its first byte in WordDocument */
  int wide;           /* stored as UTF-16 */
  int kind;           /* PLAIN, CELL or ROW_END */
  uint32_t cells;     /* ROW_END: the row's cells */
} paragraph;

typedef struct layout {
  bs_buf units;      /* the text as UTF-16 units */
  bs_buf paragraphs; /* paragraph entries */
  size_t count;      /* paragraphs */
  bs_status status;  /* first error */
} layout;

/* Text (UTF-8) as UTF-16 units of the paragraph p. */
static void add_units(layout *l, paragraph *p, const char *line, size_t len) {
  for (size_t i = 0; i < len && l->status == BS_OK;) {
    uint32_t point = (unsigned char)line[i++];
    int more = point >= 0xF0 ? 3 : point >= 0xE0 ? 2 : point >= 0xC0 ? 1 : 0;
    if (more) point &= 0x3Fu >> more;
    for (; more && i < len && ((unsigned char)line[i] & 0xC0) == 0x80; more--)
      point = point << 6 | ((unsigned char)line[i++] & 0x3Fu);
    uint8_t unit[4];
    size_t n = 2;
    if (point > 0xFFFF) {
      bs_le16(unit, 0xD800 + ((point - 0x10000) >> 10));
      bs_le16(unit + 2, 0xDC00 + ((point - 0x10000) & 0x3FF));
      n = 4;
      p->wide = 1;
    } else {
      bs_le16(unit, point);
      p->wide |= cp1252((uint16_t)point) < 0;
    }
    if (l->status == BS_OK) l->status = bs_buf_append(&l->units, unit, n);
  }
}

/* A paragraph of `len` bytes of text, ended by `mark` (0x0D, or 0x07 in a table). */
static void add_one(layout *l, const char *text, size_t len, uint8_t mark, int kind,
                    uint32_t cells) {
  paragraph p = {(uint32_t)(l->units.len / 2), 0, 0, 0, kind, cells};
  add_units(l, &p, text, len);
  const uint8_t unit[2] = {mark, 0x00};
  if (l->status == BS_OK) l->status = bs_buf_append(&l->units, unit, 2);
  p.count = (uint32_t)(l->units.len / 2) - p.cp;
  if (l->status == BS_OK) l->status = bs_buf_append(&l->paragraphs, &p, sizeof p);
  l->count++;
}

/* A line of the text: a paragraph, or with tabs a row of a table: its cells, then the
 * row-end mark. */
static void add_paragraph(const char *line, size_t len, void *ctx) {
  layout *l = ctx;
  uint32_t cells = 1;
  for (size_t i = 0; i < len; i++) cells += line[i] == '\t';
  if (cells == 1 || cells > MAX_CELLS) {
    add_one(l, line, len, 0x0D, PLAIN, 0);
    return;
  }
  for (size_t from = 0; from <= len;) {
    const char *tab = memchr(line + from, '\t', len - from);
    size_t to = tab ? (size_t)(tab - line) : len;
    add_one(l, line + from, to - from, 0x07, CELL, 0);
    from = to + 1;
  }
  add_one(l, "", 0, 0x07, ROW_END, cells);
}

static uint16_t unit_at(const layout *l, uint32_t cp) {
  const uint8_t *u = (const uint8_t *)l->units.data + 2 * (size_t)cp;
  return (uint16_t)(u[0] | u[1] << 8);
}

/* The text into word from TEXT_START in the order of the characters, each piece from
 * a new 512-byte page as Word lays them out (readers such as antiword read the text a
 * page at a time, in the encoding of the page's first piece). Sets each paragraph's
 * fc; returns the end of the text. */
static uint32_t write_text(layout *l, bs_buf *word) {
  paragraph *ps = (paragraph *)l->paragraphs.data;
  for (size_t i = 0; i < l->count && l->status == BS_OK; i++) {
    int wide = ps[i].wide;
    static const uint8_t zero[PAGE] = {0};
    if (i > 0 && wide != ps[i - 1].wide && word->len % PAGE) /* a new piece, a new page */
      l->status = bs_buf_append(word, zero, PAGE - word->len % PAGE);
    ps[i].fc = (uint32_t)word->len;
    for (uint32_t c = 0; c < ps[i].count && l->status == BS_OK; c++) {
      uint16_t unit = unit_at(l, ps[i].cp + c);
      uint8_t bytes[2];
      if (wide)
        bs_le16(bytes, unit);
      else
        bytes[0] = (uint8_t)cp1252(unit);
      l->status = bs_buf_append(word, bytes, wide ? 2 : 1);
    }
  }
  return (uint32_t)word->len;
}

/* Clx: a Pcdt holding the PlcPcd, a piece per run of paragraphs stored alike. */
static bs_status write_clx(const layout *l, bs_buf *table) {
  const paragraph *ps = (const paragraph *)l->paragraphs.data;
  bs_buf cps, pcds;
  bs_buf_init(&cps, (size_t)1 << 24);
  bs_buf_init(&pcds, (size_t)1 << 24);
  bs_status status = BS_OK;
  for (size_t i = 0; i < l->count && status == BS_OK; i++) {
    if (i > 0 && ps[i].wide == ps[i - 1].wide) continue; /* the piece goes on */
    uint8_t cp[4], pcd[8] = {0};
    bs_le32(cp, ps[i].cp);
    /* Pcd: fNoParaLast etc. 0, fc, prm 0 (no property modifier) */
    bs_le32(pcd + 2, ps[i].wide ? ps[i].fc : ps[i].fc * 2 | FC_COMPRESSED);
    status = bs_buf_append(&cps, cp, 4);
    if (status == BS_OK) status = bs_buf_append(&pcds, pcd, 8);
  }
  uint8_t end[4], head[5];
  bs_le32(end, (uint32_t)(l->units.len / 2));
  if (status == BS_OK) status = bs_buf_append(&cps, end, 4);
  head[0] = 0x02; /* clxt of the Pcdt */
  bs_le32(head + 1, (uint32_t)(cps.len + pcds.len));
  if (status == BS_OK) status = bs_buf_append(table, head, 5);
  if (status == BS_OK) status = bs_buf_append(table, cps.data, cps.len);
  if (status == BS_OK) status = bs_buf_append(table, pcds.data, pcds.len);
  bs_buf_free(&cps);
  bs_buf_free(&pcds);
  return status;
}

static void append(bs_buf *buf, const void *bytes, size_t len, bs_status *status) {
  if (*status == BS_OK) *status = bs_buf_append(buf, bytes, len);
}

static void append32(bs_buf *buf, uint32_t value, bs_status *status) {
  uint8_t bytes[4];
  bs_le32(bytes, value);
  append(buf, bytes, 4, status);
}

static size_t put16(uint8_t *at, uint32_t value) {
  bs_le16(at, value);
  return 2;
}

/* The PapxInFkp (2.9.177) of a paragraph: istd 0 (Normal), and in a table
 * sprmPFInTable; a row-end mark also sprmPFTtp and its TAP (2.4.3): sprmTDxaGapHalf
 * and sprmTDefTable (2.9.318 TDefTableOperand: cb, the count of cells, their edges,
 * a TC80 each of default borders). An odd grpprl is sized by cb, an even one by cb'.
 * Returns its bytes (even). */
static size_t build_papx(uint8_t *out, const paragraph *p) {
  uint8_t grpprl[MAX_PAPX - 2] = {0};
  size_t len = put16(grpprl, 0); /* istd */
  if (p->kind != PLAIN) {
    len += put16(grpprl + len, 0x2416); /* sprmPFInTable */
    grpprl[len++] = 1;
  }
  if (p->kind == ROW_END) {
    len += put16(grpprl + len, 0x2417); /* sprmPFTtp */
    grpprl[len++] = 1;
    len += put16(grpprl + len, 0x9602); /* sprmTDxaGapHalf: 108 twips */
    len += put16(grpprl + len, 108);
    uint32_t tc80s = p->cells <= MAX_TC80_CELLS ? p->cells : 0;
    len += put16(grpprl + len, 0xD608);                                  /* sprmTDefTable */
    len += put16(grpprl + len, 1 + 1 + 2 * (p->cells + 1) + 20 * tc80s); /* cb */
    grpprl[len++] = (uint8_t)p->cells;
    for (uint32_t c = 0; c <= p->cells; c++) len += put16(grpprl + len, c * CELL_TWIPS);
    len += 20 * (size_t)tc80s; /* TC80s: no flags, auto width, no borders */
  }
  if (len % 2) { /* cb: grpprlInPapx of 2 * cb - 1 bytes */
    out[0] = (uint8_t)((len + 1) / 2);
    memcpy(out + 1, grpprl, len);
    return len + 1;
  }
  out[0] = 0; /* cb 0, cb': grpprlInPapx of 2 * cb' bytes */
  out[1] = (uint8_t)(len / 2);
  memcpy(out + 2, grpprl, len);
  return len + 2;
}

/* The FKPs after the text, their bin tables into table. OUT: fc_lcb, the fc and lcb
 * of PlcBteChpx, then of PlcBtePapx, in table. */
static void write_fkps(const layout *l, bs_buf *word, bs_buf *table, uint32_t text_end,
                       uint32_t *fc_lcb, bs_status *status) {
  static const uint8_t zero[PAGE] = {0};
  uint8_t page[PAGE];
  /* ChpxFkp (2.9.44): a run per piece, rgb 0 (default properties); crun. Pieces of a
   * letter are few: at most 101 runs fit a page, more share the last run. */
  const paragraph *ps = (const paragraph *)l->paragraphs.data;
  memset(page, 0, sizeof page);
  size_t runs = 0;
  for (size_t i = 0; i < l->count && runs < 101; i++)
    if (i == 0 || ps[i].wide != ps[i - 1].wide) bs_le32(page + 4 * runs++, ps[i].fc);
  bs_le32(page + 4 * runs, text_end);
  page[PAGE - 1] = (uint8_t)runs;
  append(word, zero, (PAGE - word->len % PAGE) % PAGE, status);
  uint32_t chpx_pn = (uint32_t)(word->len / PAGE);
  append(word, page, PAGE, status);
  fc_lcb[0] = (uint32_t)table->len; /* PlcBteChpx: aFC[2], aPnBteChpx[1] */
  fc_lcb[1] = 12;
  append32(table, TEXT_START, status);
  append32(table, text_end, status);
  append32(table, chpx_pn, status);
  /* PapxFkps (2.9.175), as many paragraphs a page as fit: rgfc (a paragraph's range
   * reaching to the next one's start, the padding between pieces included), rgbx (each
   * bOffset at its PapxInFkp, one per kind of paragraph in the page, from the page's
   * end down), cpara. */
  uint32_t first_pn = (uint32_t)(word->len / PAGE);
  bs_buf plc; /* PlcBtePapx: aFC[pages + 1], aPnBtePapx[pages] */
  bs_buf_init(&plc, (size_t)1 << 24);
  size_t pages = 0;
  for (size_t first = 0; first < l->count && *status == BS_OK; pages++) {
    memset(page, 0, sizeof page);
    uint8_t offsets[3] = {0}; /* bOffset of the page's PAPX of each kind; rows: by cells */
    uint32_t row_cells = 0;   /* the cells of the page's ROW_END PAPX */
    size_t n = 0, top = PAGE - 1;
    for (; first + n < l->count && n < 255; n++) {
      const paragraph *p = &ps[first + n];
      int have = offsets[p->kind] && (p->kind != ROW_END || p->cells == row_cells);
      uint8_t papx[MAX_PAPX];
      size_t size = have ? 0 : build_papx(papx, p);
      size_t at = have ? top : (top - size) & ~(size_t)1;
      if (size > top || 4 * (n + 2) + 13 * (n + 1) > at) break;
      if (!have) {
        if (p->kind == ROW_END && offsets[ROW_END]) break; /* another row's TAP: next page */
        memcpy(page + at, papx, size);
        offsets[p->kind] = (uint8_t)(at / 2);
        row_cells = p->cells;
        top = at;
      }
    }
    for (size_t i = 0; i <= n; i++)
      bs_le32(page + 4 * i, first + i < l->count ? ps[first + i].fc : text_end);
    for (size_t i = 0; i < n; i++) page[4 * (n + 1) + 13 * i] = offsets[ps[first + i].kind];
    page[PAGE - 1] = (uint8_t)n;
    append(word, page, PAGE, status);
    append32(&plc, ps[first].fc, status);
    first += n;
  }
  append32(&plc, text_end, status);
  for (size_t p = 0; p < pages; p++) append32(&plc, first_pn + (uint32_t)p, status);
  fc_lcb[2] = (uint32_t)table->len;
  fc_lcb[3] = (uint32_t)plc.len;
  append(table, plc.data, plc.len, status);
  bs_buf_free(&plc);
}

/* STSH (2.9.271): an STSHI of one style and the Normal paragraph style. */
static void write_stylesheet(bs_buf *table, bs_status *status) {
  uint8_t stsh[2 + 26 + 2 + 32] = {0};
  bs_le16(stsh, 26);         /* cbStshi */
  bs_le16(stsh + 2, 1);      /* cstd */
  bs_le16(stsh + 4, 0x000A); /* cbSTDBaseInFile: an StdfBase */
  bs_le16(stsh + 6, 0x0001); /* fStdStylenamesWritten */
  bs_le16(stsh + 8, 1);      /* stiMaxWhenSaved */
  bs_le16(stsh + 10, 1);     /* istdMaxFixedWhenSaved */
  bs_le16(stsh + 22, 4);     /* StshiLsd.cbLSD, then one LSD of 0 */
  bs_le16(stsh + 28, 32);    /* the Normal style's LPStd.cbStd */
  uint8_t *std = stsh + 30;  /* StdfBase: sti 0; stk 1 (paragraph), istdBase none; */
  bs_le16(std + 2, 0xFFF1);  /* cupx 2, istdNext 0; bchUpe */
  bs_le16(std + 4, 0x0002);
  bs_le16(std + 6, 32);
  bs_le16(std + 10, 6); /* xstzName "Normal" */
  for (size_t i = 0; i < 6; i++) bs_le16(std + 12 + 2 * i, (uint32_t) "Normal"[i]);
  bs_le16(std + 26, 2); /* LPUpxPapx: cbUpx 2, istd 0; LPUpxChpx: cbUpx 0 */
  append(table, stsh, sizeof stsh, status);
}

/* SttbfFfn (2.9.286): one FFN, Times New Roman, TrueType, roman, variable pitch. */
static void write_fonts(bs_buf *table, bs_status *status) {
  static const char name[] = "Times New Roman";
  uint8_t ffn[4 + 1 + 39 + 2 * sizeof name] = {0};
  bs_le16(ffn, 1); /* cData; cbExtra 0 */
  ffn[4] = (uint8_t)(sizeof ffn - 5);
  ffn[5] = 0x16;         /* prq 2, fTrueType, ff 1 (roman) */
  bs_le16(ffn + 6, 400); /* wWeight */
  for (size_t i = 0; i < sizeof name; i++) bs_le16(ffn + 5 + 39 + 2 * i, (uint32_t)name[i]);
  append(table, ffn, sizeof ffn, status);
}

/* The Fib (2.5.1) for nFib 0x00C1, its fibRgFcLcb97 from fc_lcb (pairs by index). */
static void write_fib(uint8_t *fib, uint32_t text_end, uint32_t ccp_text, uint32_t cb_mac,
                      const uint32_t *fc_lcb) {
  memset(fib, 0, FIB_BYTES);
  bs_le16(fib, 0xA5EC);                /* wIdent */
  bs_le16(fib + 2, 0x00C1);            /* nFib */
  bs_le16(fib + 6, 0x0409);            /* lid: English (US) */
  bs_le16(fib + BS_FIB_FLAGS, 0x1200); /* fExtChar, fWhichTblStm: 1Table */
  bs_le16(fib + 12, 0x00BF);           /* nFibBack */
  bs_le32(fib + 24, TEXT_START);       /* reserved5, reserved6: where Word 97 puts the text */
  bs_le32(fib + 28, text_end);
  bs_le16(fib + 32, 14);     /* csw */
  bs_le16(fib + 60, 0x0409); /* fibRgW.lidFE */
  bs_le16(fib + 62, 22);     /* cslw */
  bs_le32(fib + 64, cb_mac); /* cbMac */
  bs_le32(fib + BS_FIB_CCP_TEXT, ccp_text);
  bs_le16(fib + 152, 93); /* cbRgFcLcb: fibRgFcLcb97 */
  for (size_t i = 0; i < (size_t)2 * 93; i++) bs_le32(fib + BS_FIB_RG_FC_LCB + 4 * i, fc_lcb[i]);
}

bs_status bs_word97_begin(bs_word97 *w, bs_truth *truth, const char *path, FILE *out) {
  memset(w, 0, sizeof *w);
  w->out = out;
  FILE *text = tmpfile();
  bs_doc_open_stream(&w->doc, truth, path, text, BS_DOC_TEXT);
  if (!text) w->status = BS_EIO;
  return w->status;
}

/* Sets pair `index` of fibRgFcLcb97 to the bytes [from, to) of the table stream. */
static void set_pair(uint32_t *fc_lcb, size_t index, size_t from, size_t to) {
  fc_lcb[2 * index] = (uint32_t)from;
  fc_lcb[2 * index + 1] = (uint32_t)(to - from);
}

/* Fib pair indexes of fibRgFcLcb97 (2.5.6). */
enum { STSHF_ORIG = 0, STSHF = 1, PLCF_SED = 6, BTE_CHPX = 12, BTE_PAPX = 13, FFN = 15, DOP = 31 };

bs_status bs_word97_finish(bs_word97 *w) {
  layout l = {.status = w->status};
  bs_buf_init(&l.units, (size_t)1 << 26);
  bs_buf_init(&l.paragraphs, (size_t)1 << 26);
  bs_buf word, table;
  bs_buf_init(&word, (size_t)1 << 28);
  bs_buf_init(&table, (size_t)1 << 28);
  if (l.status == BS_OK && bs_doc_each_line(w->doc.file, add_paragraph, &l) != 0) l.status = BS_EIO;
  static const uint8_t blank[TEXT_START] = {0};
  append(&word, blank, TEXT_START, &l.status);
  uint32_t text_end = l.status == BS_OK ? write_text(&l, &word) : 0;
  uint32_t fc_lcb[2 * 93] = {0}, bte[4] = {0};
  if (l.status == BS_OK) {
    size_t at = table.len;
    write_stylesheet(&table, &l.status);
    set_pair(fc_lcb, STSHF_ORIG, at, table.len);
    set_pair(fc_lcb, STSHF, at, table.len);
    /* PlcfSed: the section's CPs 0 and the end, one Sed with no SEPX (defaults) */
    at = table.len;
    append32(&table, 0, &l.status);
    append32(&table, (uint32_t)(l.units.len / 2), &l.status);
    static const uint8_t sed[12] = {0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF};
    append(&table, sed, sizeof sed, &l.status);
    set_pair(fc_lcb, PLCF_SED, at, table.len);
    write_fkps(&l, &word, &table, text_end, bte, &l.status);
    set_pair(fc_lcb, BTE_CHPX, bte[0], bte[0] + (size_t)bte[1]);
    set_pair(fc_lcb, BTE_PAPX, bte[2], bte[2] + (size_t)bte[3]);
    at = table.len;
    write_fonts(&table, &l.status);
    set_pair(fc_lcb, FFN, at, table.len);
    /* Dop (2.7.1), Dop97's 500 bytes: defaults, the default tab stop half an inch */
    uint8_t dop[500] = {0};
    bs_le16(dop + 10, 720); /* dxaTab */
    at = table.len;
    append(&table, dop, sizeof dop, &l.status);
    set_pair(fc_lcb, DOP, at, table.len);
    at = table.len;
    if (l.status == BS_OK) l.status = write_clx(&l, &table);
    set_pair(fc_lcb, BS_FIB_INDEX_CLX, at, table.len);
  }
  uint32_t cb_mac = (uint32_t)word.len;
  static const uint8_t zero[4096] = {0};
  if (word.len < sizeof zero) append(&word, zero, sizeof zero - word.len, &l.status);
  if (l.status == BS_OK) {
    write_fib((uint8_t *)word.data, text_end, (uint32_t)(l.units.len / 2), cb_mac, fc_lcb);
    bs_ole2_stream streams[2] = {{.name = "WordDocument", .data = word.data, .len = word.len},
                                 {.name = "1Table", .data = table.data, .len = table.len}};
    l.status = bs_ole2_write(w->out, word_clsid, streams, 2);
  }
  if (w->doc.file) fclose(w->doc.file);
  w->doc.file = NULL;
  bs_buf_free(&l.units);
  bs_buf_free(&l.paragraphs);
  bs_buf_free(&word);
  bs_buf_free(&table);
  w->status = l.status;
  return w->status;
}
