/* Word 97-2003 documents: the text, by the piece table of [MS-DOC] 2.4.1. Debian's
 * libwv reads these too, but it is unmaintained, opens only paths, keeps global state
 * and was never hardened against hostile files; the piece table is a few dozen lines
 * of bounds-checked reading, and libgsf (ole2.c) has already found the streams.
 *
 * How the text is found, with a worked example. The FIB at the start of the
 * WordDocument stream holds, in its FibRgFcLcb97 part, fcClx and lcbClx: where the
 * Clx lies in the table stream. The Clx is a run of Prc (0x01, a 16-bit size, bytes:
 * skipped) and then one Pcdt: 0x02, a 32-bit size, and a PlcPcd, which is n + 1
 * character positions followed by n 8-byte piece descriptors. Piece i holds the
 * characters [cp[i], cp[i+1]); its descriptor's 32-bit fc says where they are in the
 * WordDocument stream: with bit 30 set, one byte each (Windows-1252) at (fc & ~bit30)
 * / 2; otherwise two bytes each (UTF-16LE) at fc. So a Pcdt of
 *   02 | 14 00 00 00 | 00 00 00 00  05 00 00 00 | 00 00  00 08 00 40  00 00
 * is one piece of 5 characters, compressed, at byte 0x800 / 2 = 0x400.
 * Characters 0x0D (paragraph), 0x0B (line break) and 0x0C (page break) end lines;
 * field marks 0x13-0x15 become spaces; object anchors (0x01, 0x08) are dropped.
 *
 * Tables ([MS-DOC] 2.4.3, "Overview of Tables"), read the spec's way, by paragraph
 * properties: the PlcBtePapx in the table stream (fcPlcfBtePapx, pair 13) names the
 * 512-byte PapxFkp pages of WordDocument; each page maps byte ranges (rgfc) to a
 * PapxInFkp whose grpprl we scan for sprmPFInTable (0x2416), sprmPFTtp (0x2417),
 * sprmPItap (0x6649), sprmPFInnerTableCell (0x244B) and sprmPFInnerTtp (0x244C). A
 * paragraph of depth 1 (in a table, itap 1) ended by 0x07 ends a cell, or, when it has
 * fTtp, is the row-end mark; 0x0D inside one ends a line of the cell. Paragraphs of
 * nested tables (itap > 1) flow into the outer cell, cells apart by tabs and rows by
 * line ends, as RTF's do. A 0x07 in no table paragraph stays a tab, as before. So
 *   Date of service 07 | CPT 07 | 07 (fTtp) | 03/04/2024 07 | 99213 07 | 07 (fTtp)
 * gives the units "03/04/2024" (row 2, column 1, hint "Date of service") and "99213"
 * (row 2, column 2, hint "CPT"), placed "table 1", through doctext.c as DOCX's and
 * RTF's cells, and the text outside keeps a line end per row, so that lines after the
 * table are numbered as before. Without a readable bin table no paragraph is in a
 * table: the text reads as before. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "extract/doctext.h"
#include "extract/office.h"

/* [MS-DOC] 2.5.1: nFib of Word 97 and later. */
#define NFIB_WORD97       0x00C1
/* Index of fcClx in FibRgFcLcb97 ([MS-DOC] 2.5.6), in pairs of 32-bit values. */
#define INDEX_FC_CLX      ((size_t)33)
#define PCD_BYTES         8
#define FC_COMPRESSED     0x40000000u
/* Index of fcPlcfBtePapx in FibRgFcLcb97. */
#define INDEX_FC_BTE_PAPX ((size_t)13)
#define FKP_PAGE          ((size_t)512)
#define MAX_RUN_BYTES     ((size_t)1 << 24) /* paragraph runs kept: 1.4M paragraphs */
#define MAX_DEPTH         64u               /* nesting beyond is taken as this */

/* [MS-DOC] 2.6.2 and 2.6.3: the sprms of table paragraphs. */
#define SPRM_P_F_IN_TABLE         0x2416
#define SPRM_P_F_TTP              0x2417
#define SPRM_P_ITAP               0x6649
#define SPRM_P_F_INNER_TABLE_CELL 0x244B
#define SPRM_P_F_INNER_TTP        0x244C
#define SPRM_T_DEF_TABLE          0xD608
#define SPRM_P_CHG_TABS           0xC615

enum { ROW_END = 1, INNER_CELL = 2, INNER_ROW_END = 4 };

/* The table properties of the paragraphs in bytes [from, to) of WordDocument. */
typedef struct paragraph_run {
  uint32_t from, to; /* byte range */
  uint32_t depth;    /* table nesting: 0 none */
  uint32_t marks;    /* ROW_END, INNER_CELL, INNER_ROW_END */
} paragraph_run;

typedef struct doc_reader {
  const paragraph_run *runs;           /* sorted by from */
  size_t run_count;                    /* entries */
  bs_doctext doc;                      /* text and table cells */
  bs_buf paragraph;                    /* UTF-8 of the paragraph being read */
  int table_open, row_open, cell_open; /* in doc: table, row and cell begun */
  bs_status status;                    /* first error (BS_ELIMIT: stopped there) */
} doc_reader;

static uint32_t u16(const char *p) {
  return (uint32_t)(unsigned char)p[0] | (uint32_t)(unsigned char)p[1] << 8;
}

static uint32_t u32(const char *p) { return u16(p) | u16(p + 2) << 16; }

/* Windows-1252 0x80-0x9F; the rest of the upper half is Latin-1. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

static bs_status put_code_point(bs_buf *out, uint32_t c) {
  switch (c) {
  case 0x0D:
  case 0x0B:
  case 0x0C: c = '\n'; break;
  case 0x07: c = '\t'; break; /* a cell mark of no table */
  case 0x13:
  case 0x14:
  case 0x15: c = ' '; break;
  case 0x1E: c = '-'; break;
  case 0x01:
  case 0x08:
  case 0x1F: return BS_OK;
  default:
    if (c < 0x20 && c != '\t') c = ' ';
  }
  char bytes[4];
  size_t n;
  if (c < 0x80) {
    bytes[0] = (char)c;
    n = 1;
  } else if (c < 0x800) {
    bytes[0] = (char)(0xC0 | c >> 6);
    bytes[1] = (char)(0x80 | (c & 0x3F));
    n = 2;
  } else if (c < 0x10000) {
    bytes[0] = (char)(0xE0 | c >> 12);
    bytes[1] = (char)(0x80 | (c >> 6 & 0x3F));
    bytes[2] = (char)(0x80 | (c & 0x3F));
    n = 3;
  } else {
    bytes[0] = (char)(0xF0 | c >> 18);
    bytes[1] = (char)(0x80 | (c >> 12 & 0x3F));
    bytes[2] = (char)(0x80 | (c >> 6 & 0x3F));
    bytes[3] = (char)(0x80 | (c & 0x3F));
    n = 4;
  }
  return bs_buf_append(out, bytes, n);
}

/* ---- table properties of paragraphs ---------------------------------------------- */

/* Scans a PapxInFkp's grpprl (after its istd) for the table sprms; a sprm whose size
 * cannot be told or that runs past the end stops the scan ([MS-DOC] 2.2.5.1: the size
 * of an operand by spra; spra 6 a byte of size, sprmTDefTable two). */
static void read_sprms(paragraph_run *out, const unsigned char *p, size_t len) {
  int in_table = 0, has_itap = 0;
  uint32_t itap = 0;
  size_t at = 0;
  while (len - at >= 2) {
    uint32_t sprm = u16((const char *)p + at);
    at += 2;
    size_t size;
    switch (sprm >> 13) {
    case 0:
    case 1: size = 1; break;
    case 2:
    case 4:
    case 5: size = 2; break;
    case 3: size = 4; break;
    case 7: size = 3; break;
    default: /* 6: variable */
      if (sprm == SPRM_T_DEF_TABLE) {
        if (len - at < 2) return;
        size = u16((const char *)p + at) + (size_t)1;
      } else {
        if (len - at < 1 || (sprm == SPRM_P_CHG_TABS && p[at] == 255)) return;
        size = p[at] + (size_t)1;
      }
    }
    if (len - at < size) break;
    switch (sprm) {
    case SPRM_P_F_IN_TABLE: in_table = p[at] != 0; break;
    case SPRM_P_F_TTP: out->marks |= p[at] ? ROW_END : 0; break;
    case SPRM_P_ITAP:
      itap = u32((const char *)p + at);
      has_itap = 1;
      break;
    case SPRM_P_F_INNER_TABLE_CELL: out->marks |= p[at] ? INNER_CELL : 0; break;
    case SPRM_P_F_INNER_TTP: out->marks |= p[at] ? INNER_ROW_END : 0; break;
    default: break;
    }
    at += size;
  }
  out->depth = has_itap ? itap : (uint32_t)in_table;
  if (out->depth > MAX_DEPTH) out->depth = MAX_DEPTH;
}

/* One PapxFkp page ([MS-DOC] 2.9.175): crun entries of rgfc and BxPap. */
static bs_status read_fkp(bs_buf *runs, const unsigned char *page) {
  size_t count = page[FKP_PAGE - 1];
  if (4 * (count + 1) + 13 * count > FKP_PAGE - 1) return BS_EFORMAT;
  bs_status status = BS_OK;
  for (size_t i = 0; i < count && status == BS_OK; i++) {
    paragraph_run run = {u32((const char *)page + 4 * i), u32((const char *)page + 4 * (i + 1)), 0,
                         0};
    size_t papx = 2 * (size_t)page[4 * (count + 1) + 13 * i]; /* bOffset, 0: none */
    if (papx > 0 && papx + 2 < FKP_PAGE) {
      size_t cb = page[papx], from = papx + 1, len = 2 * cb - 1; /* PapxInFkp */
      if (cb == 0) {
        from = papx + 2;
        len = 2 * (size_t)page[papx + 1];
      }
      if (len >= 2 && from + len <= FKP_PAGE - 1)
        read_sprms(&run, page + from + 2, len - 2); /* after the istd */
    }
    if (run.depth > 0 && run.from < run.to) status = bs_buf_append(runs, &run, sizeof run);
  }
  return status;
}

static int by_from(const void *a, const void *b) {
  const paragraph_run *x = a, *y = b;
  return (x->from > y->from) - (x->from < y->from);
}

/* The runs of table paragraphs by the PlcBtePapx at [fc, fc + lcb) of the table stream
 * (aFC[n + 1], then n PnFkpPapx). Unreadable pages are left out (their paragraphs read
 * as text); returns the count of those. */
static int read_paragraph_runs(bs_buf *runs, const char *word, size_t word_len, const char *table,
                               size_t table_len, uint32_t fc, uint32_t lcb) {
  if (lcb < 12 || fc > table_len || lcb > table_len - fc || (lcb - 4) % 8) return lcb != 0;
  size_t pages = (lcb - 4) / 8;
  int bad = 0;
  for (size_t i = 0; i < pages; i++) {
    size_t pn = u32(table + fc + 4 * (pages + 1) + 4 * i) & 0x3FFFFF;
    if (pn >= word_len / FKP_PAGE ||
        read_fkp(runs, (const unsigned char *)word + pn * FKP_PAGE) == BS_EFORMAT)
      bad++;
  }
  if (runs->len)
    qsort(runs->data, runs->len / sizeof(paragraph_run), sizeof(paragraph_run), by_from);
  return bad;
}

/* The run holding byte fc, or NULL: not in a table. */
static const paragraph_run *run_at(const doc_reader *r, uint32_t fc) {
  size_t low = 0, high = r->run_count;
  while (low < high) { /* the first run starting past fc */
    size_t mid = low + (high - low) / 2;
    if (r->runs[mid].from <= fc)
      low = mid + 1;
    else
      high = mid;
  }
  return low > 0 && fc < r->runs[low - 1].to ? &r->runs[low - 1] : NULL;
}

/* ---- paragraphs into text and cells ------------------------------------------------ */

static void take_status(doc_reader *r) {
  if (r->status == BS_OK) r->status = r->doc.status;
}

static void open_cell(doc_reader *r) {
  if (!r->row_open) {
    if (!r->table_open) bs_doctext_table_start(&r->doc);
    bs_doctext_row_start(&r->doc);
    r->table_open = r->row_open = 1;
  }
  bs_doctext_cell_start(&r->doc);
  r->cell_open = 1;
}

static void end_cell(doc_reader *r) {
  if (!r->cell_open) open_cell(r);
  bs_doctext_cell_end(&r->doc, 1);
  r->cell_open = 0;
}

static void end_row(doc_reader *r) {
  if (r->cell_open) end_cell(r); /* a row-end mark with text before it */
  bs_doctext_row_end(&r->doc);
  r->row_open = 0;
  bs_doctext_newline(&r->doc); /* a row stays a line of the text */
}

static void end_table(doc_reader *r) {
  if (r->row_open) end_row(r);
  if (r->table_open) bs_doctext_table_end(&r->doc);
  r->table_open = 0;
}

/* The paragraph read so far ends with `mark` (0x0D or 0x07) at byte fc. */
static void end_paragraph(doc_reader *r, uint32_t mark, uint32_t fc) {
  const paragraph_run *run = run_at(r, fc);
  const char *text = r->paragraph.data ? r->paragraph.data : "";
  size_t len = r->paragraph.len;
  if (!run) {
    end_table(r);
    bs_doctext_text(&r->doc, text, len);
    bs_doctext_text(&r->doc, mark == 0x07 ? "\t" : "\n", 1); /* 0x07 of no table: a tab */
  } else if (run->depth == 1 && mark == 0x07 && (run->marks & ROW_END)) {
    if (len) {
      if (!r->cell_open) open_cell(r);
      bs_doctext_text(&r->doc, text, len);
    }
    if (r->row_open) end_row(r);
  } else {
    if (!r->cell_open) open_cell(r);
    bs_doctext_text(&r->doc, text, len);
    if (run->depth == 1 && mark == 0x07)
      end_cell(r);
    else if (mark == 0x07) /* a nested cell or row, inside the outer cell */
      bs_doctext_text(&r->doc, run->marks & INNER_ROW_END ? "\n" : "\t", 1);
    else
      bs_doctext_newline(&r->doc);
  }
  bs_buf_reset(&r->paragraph);
  take_status(r);
}

static void put_char(doc_reader *r, uint32_t c, uint32_t fc) {
  if (c == 0x0D || c == 0x07) {
    end_paragraph(r, c, fc);
  } else {
    bs_status status = put_code_point(&r->paragraph, c);
    if (status != BS_OK && r->status == BS_OK) r->status = status;
  }
}

/* Reads one piece's characters. BS_EFORMAT when they lie outside the stream. */
static bs_status put_piece(doc_reader *r, const char *word, size_t word_len, uint32_t fc,
                           uint32_t count) {
  if (fc & FC_COMPRESSED) {
    size_t at = (fc & ~FC_COMPRESSED) / 2;
    if (at > word_len || count > word_len - at) return BS_EFORMAT;
    for (uint32_t i = 0; i < count && r->status == BS_OK; i++) {
      unsigned char b = (unsigned char)word[at + i];
      put_char(r, b >= 0x80 && b < 0xA0 ? cp1252_high[b - 0x80] : b, (uint32_t)(at + i));
    }
    return r->status;
  }
  size_t at = fc;
  if (at > word_len || count > (word_len - at) / 2) return BS_EFORMAT;
  for (uint32_t i = 0; i < count && r->status == BS_OK; i++) {
    uint32_t c = u16(word + at + 2 * (size_t)i), c_fc = (uint32_t)(at + 2 * (size_t)i);
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < count) {
      uint32_t low = u16(word + at + 2 * (size_t)(i + 1));
      if (low >= 0xDC00 && low < 0xE000) {
        c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        i++;
      } else {
        c = 0xFFFD;
      }
    } else if (c >= 0xD800 && c < 0xE000) {
      c = 0xFFFD;
    }
    put_char(r, c, c_fc);
  }
  return r->status;
}

/* Finds the PlcPcd in the Clx. OUT: *plc, *plc_len. */
static int find_plc(const char **plc, size_t *plc_len, const char *clx, size_t len) {
  size_t at = 0;
  while (at < len) {
    if (clx[at] == 0x01) { /* Prc: clxt, cbGrpprl, grpprl */
      if (len - at < 3) return 0;
      size_t size = u16(clx + at + 1);
      if (size > 0x3FA2 || len - at - 3 < size) return 0; /* [MS-DOC] 2.9.209 */
      at += 3 + size;
    } else if (clx[at] == 0x02) { /* Pcdt: clxt, lcb, PlcPcd */
      if (len - at < 5) return 0;
      size_t size = u32(clx + at + 1);
      if (len - at - 5 < size) return 0;
      *plc = clx + at + 5;
      *plc_len = size;
      return 1;
    } else {
      return 0;
    }
  }
  return 0;
}

static void diagnose(const bs_unit_sink *sink, const char *place, const char *message) {
  if (sink->diagnostic) sink->diagnostic(place, message, sink->ctx);
}

bs_status bs_read_doc(const bs_source *src, const char *word, size_t word_len, const char *table,
                      size_t table_len, const bs_unit_sink *sink) {
  (void)src;
  if (word_len < 34 || u16(word) != 0xA5EC) { /* FibBase wIdent */
    diagnose(sink, "byte 0", "Word document damaged: no valid FIB");
    return BS_EFORMAT;
  }
  if (u16(word + 2) < NFIB_WORD97) {
    if (sink->unexamined)
      sink->unexamined(NULL, "Word 6 or Word 95 document: no reader for this version", sink->ctx);
    return BS_OK;
  }
  /* FibBase (32), csw + fibRgW, cslw + fibRgLw, cbRgFcLcb + fibRgFcLcbBlob */
  size_t at = 32;
  at += 2 + 2 * (size_t)u16(word + at);
  if (at + 2 > word_len) goto damaged;
  at += 2 + 4 * (size_t)u16(word + at);
  if (at + 2 > word_len) goto damaged;
  size_t pairs = u16(word + at);
  at += 2;
  if (pairs <= INDEX_FC_CLX || at + 8 * (INDEX_FC_CLX + 1) > word_len) goto damaged;
  uint32_t fc_clx = u32(word + at + 8 * INDEX_FC_CLX);
  uint32_t lcb_clx = u32(word + at + 8 * INDEX_FC_CLX + 4);
  if (fc_clx > table_len || lcb_clx > table_len - fc_clx) goto damaged;
  const char *plc;
  size_t plc_len;
  if (!find_plc(&plc, &plc_len, table + fc_clx, lcb_clx) || plc_len < 4 ||
      (plc_len - 4) % (4 + PCD_BYTES) != 0)
    goto damaged;
  size_t pieces = (plc_len - 4) / (4 + PCD_BYTES);
  bs_buf runs;
  bs_buf_init(&runs, MAX_RUN_BYTES);
  if (pairs > INDEX_FC_BTE_PAPX && read_paragraph_runs(&runs, word, word_len, table, table_len,
                                                       u32(word + at + 8 * INDEX_FC_BTE_PAPX),
                                                       u32(word + at + 8 * INDEX_FC_BTE_PAPX + 4)))
    diagnose(sink, "paragraph properties",
             "pages of paragraph properties damaged: tables there read as text");
  doc_reader r = {.runs = (const paragraph_run *)runs.data,
                  .run_count = runs.len / sizeof(paragraph_run)};
  bs_doctext_init(&r.doc, sink);
  bs_doctext_begin_part(&r.doc, "");
  bs_buf_init(&r.paragraph, BS_LIMIT_MEMBER_BYTES);
  int bad_pieces = 0;
  for (size_t i = 0; i < pieces && r.status == BS_OK; i++) {
    uint32_t cp = u32(plc + 4 * i), next = u32(plc + 4 * (i + 1));
    const char *pcd = plc + 4 * (pieces + 1) + PCD_BYTES * i;
    if (next < cp) {
      bad_pieces++;
      continue;
    }
    if (put_piece(&r, word, word_len, u32(pcd + 2), next - cp) == BS_EFORMAT) bad_pieces++;
  }
  if (bad_pieces) diagnose(sink, "piece table", "pieces of text outside the document: not read");
  if (r.status == BS_ELIMIT)
    diagnose(sink, "piece table", "text longer than the size limit: the rest not read");
  bs_status status = r.status;
  if (status == BS_OK || status == BS_ELIMIT) {
    /* Text after the last mark, and a row the document did not end. */
    if (r.paragraph.len) {
      if (r.row_open && !r.cell_open) open_cell(&r);
      bs_doctext_text(&r.doc, r.paragraph.data, r.paragraph.len);
    }
    end_table(&r);
    bs_status read = bs_doctext_end_part(&r.doc);
    /* The sink's error first; else a limit met while reading or sending. */
    if (status == BS_OK || (read != BS_OK && read != BS_ELIMIT)) status = read;
  }
  bs_doctext_free(&r.doc);
  bs_buf_free(&r.paragraph);
  bs_buf_free(&runs);
  return status;
damaged:
  diagnose(sink, "byte 0", "Word document damaged: its piece table could not be read");
  return BS_EFORMAT;
}
