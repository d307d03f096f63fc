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
 * 0x07 ends a table cell (a tab here); field marks 0x13-0x15 become spaces; object
 * anchors (0x01, 0x08) are dropped. */
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "extract/office.h"

/* [MS-DOC] 2.5.1: nFib of Word 97 and later. */
#define NFIB_WORD97   0x00C1
/* Index of fcClx in FibRgFcLcb97 ([MS-DOC] 2.5.6), in pairs of 32-bit values. */
#define INDEX_FC_CLX  ((size_t)33)
#define PCD_BYTES     8
#define FC_COMPRESSED 0x40000000u

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
  case 0x07: c = '\t'; break;
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

/* Appends one piece's characters. BS_EFORMAT when they lie outside the stream. */
static bs_status put_piece(bs_buf *out, const char *word, size_t word_len, uint32_t fc,
                           uint32_t count) {
  bs_status status = BS_OK;
  if (fc & FC_COMPRESSED) {
    size_t at = (fc & ~FC_COMPRESSED) / 2;
    if (at > word_len || count > word_len - at) return BS_EFORMAT;
    for (uint32_t i = 0; i < count && status == BS_OK; i++) {
      unsigned char b = (unsigned char)word[at + i];
      status = put_code_point(out, b >= 0x80 && b < 0xA0 ? cp1252_high[b - 0x80] : b);
    }
    return status;
  }
  size_t at = fc;
  if (at > word_len || count > (word_len - at) / 2) return BS_EFORMAT;
  for (uint32_t i = 0; i < count && status == BS_OK; i++) {
    uint32_t c = u16(word + at + 2 * (size_t)i);
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
    status = put_code_point(out, c);
  }
  return status;
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
  bs_buf text;
  bs_buf_init(&text, BS_LIMIT_MEMBER_BYTES);
  bs_status status = BS_OK;
  int bad_pieces = 0;
  for (size_t i = 0; i < pieces && status == BS_OK; i++) {
    uint32_t cp = u32(plc + 4 * i), next = u32(plc + 4 * (i + 1));
    const char *pcd = plc + 4 * (pieces + 1) + PCD_BYTES * i;
    if (next < cp) {
      bad_pieces++;
      continue;
    }
    status = put_piece(&text, word, word_len, u32(pcd + 2), next - cp);
    if (status == BS_EFORMAT) {
      bad_pieces++;
      status = BS_OK;
    }
  }
  if (bad_pieces) diagnose(sink, "piece table", "pieces of text outside the document: not read");
  if (status == BS_ELIMIT)
    diagnose(sink, "piece table", "text longer than the size limit: the rest not read");
  if ((status == BS_OK || status == BS_ELIMIT) && text.len) {
    bs_status read = bs_extract_text(text.data, text.len, sink);
    if (read != BS_OK) status = read;
  }
  bs_buf_free(&text);
  return status;
damaged:
  diagnose(sink, "byte 0", "Word document damaged: its piece table could not be read");
  return BS_EFORMAT;
}
