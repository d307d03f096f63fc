/* Structure checks of synth's Excel 97-2003 and Word 97-2003 files, without our
 * readers (see synth_structure.h): the compound file opened by libgsf, the records of
 * [MS-XLS] and the FIB and piece table of [MS-DOC] walked here. */
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-utils.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "synth_structure.h"

static uint32_t u16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t u32(const unsigned char *p) { return u16(p) | u16(p + 2) << 16; }

/* The named stream of a compound file, malloc'd; NULL when absent. OUT: *len. */
static unsigned char *stream(const char *data, size_t len, const char *name, size_t *out_len) {
  gsf_init();
  GsfInput *input = gsf_input_memory_new((const guint8 *)data, (gsf_off_t)len, FALSE);
  GsfInfile *ole = input ? gsf_infile_msole_new(input, NULL) : NULL;
  GsfInput *child = ole ? gsf_infile_child_by_name(ole, name) : NULL;
  unsigned char *bytes = NULL;
  if (child) {
    *out_len = (size_t)gsf_input_size(child);
    bytes = malloc(*out_len + 1);
    if (bytes && *out_len && !gsf_input_read(child, *out_len, bytes)) {
      free(bytes);
      bytes = NULL;
    }
    g_object_unref(child);
  }
  if (ole) g_object_unref(ole);
  if (input) g_object_unref(input);
  return bytes;
}

/* ---- XLS ------------------------------------------------------------------------------ */

typedef struct sst_walk {
  uint32_t unique;  /* cstUnique */
  uint32_t strings; /* strings read */
  uint32_t left;    /* characters of the current string still to come */
  int wide;         /* of those */
  int faults;
} sst_walk;

/* Strings of an SST or CONTINUE record's data ([MS-XLS] 2.4.265, 2.5.293): a string's
 * characters going on in a CONTINUE start with their fHighByte byte. */
static void sst_data(sst_walk *w, const unsigned char *d, size_t n, int first) {
  size_t at = 0;
  if (first) {
    if (n < 8) {
      w->faults++;
      return;
    }
    w->unique = u32(d + 4);
    at = 8;
  } else if (w->left) {
    w->wide = d[0] & 1;
    at = 1;
  }
  while (at < n) {
    if (!w->left) {
      if (n - at < 3) {
        w->faults++; /* a header split between records */
        return;
      }
      w->left = u16(d + at);
      w->wide = d[at + 2] & 1;
      if (d[at + 2] & 0x0C) w->faults++; /* we write neither rich text nor phonetics */
      at += 3;
      w->strings++;
      if (!w->left) continue;
    }
    size_t width = w->wide ? 2 : 1, fit = (n - at) / width;
    size_t take = w->left < fit ? w->left : fit;
    w->left -= (uint32_t)take;
    at += take * width;
    if (w->left && at != n) { /* a UTF-16 character split between records */
      w->faults++;
      return;
    }
  }
}

int bs_check_xls(const char *data, size_t len, int *continues) {
  size_t n = 0;
  unsigned char *book = stream(data, len, "Workbook", &n);
  if (!book) return 1;
  int faults = 0, substream = -1, windows = 0, fonts = 0, xfs = 0, in_sst = 0, ext_after = 0;
  uint32_t sheet_at = 0, labels_max = 0, dbcells_found = 0, index_entries = 0;
  uint32_t index_at[2048];
  sst_walk sst = {0};
  *continues = 0;
  size_t at = 0;
  int ended = 0;
  while (at + 4 <= n && !ended) {
    uint32_t type = u16(book + at), size = u16(book + at + 2);
    const unsigned char *d = book + at + 4;
    if (size > 8224 || at + 4 + size > n) {
      faults++;
      break;
    }
    if (in_sst && type != 0x003C) {
      in_sst = 0;
      ext_after = type == 0x00FF;
    }
    switch (type) {
    case 0x0809: /* BOF: BIFF8, globals then a worksheet at BOUNDSHEET's offset */
      substream++;
      faults += size != 16 || u16(d) != 0x0600 || u16(d + 2) != (substream ? 0x0010u : 0x0005u);
      if (substream == 1) faults += at != sheet_at;
      break;
    case 0x000A: ended = substream == 1; break;
    case 0x003D: windows++; break;
    case 0x0031: fonts++; break;
    case 0x00E0: xfs += size == 20; break;
    case 0x0085: sheet_at = u32(d); break;
    case 0x00FC:
      in_sst = 1;
      sst_data(&sst, d, size, 1);
      break;
    case 0x003C:
      if (in_sst) {
        sst_data(&sst, d, size, 0);
        ++*continues;
      }
      break;
    case 0x00FD: /* LABELSST */
      if (size != 10) faults++;
      if (u32(d + 6) + 1 > labels_max) labels_max = u32(d + 6) + 1;
      break;
    case 0x020B: /* INDEX: the DBCELLs' stream positions */
      index_entries = (size - 16) / 4;
      for (uint32_t i = 0; i < index_entries && i < 2048; i++) index_at[i] = u32(d + 16 + 4 * i);
      break;
    case 0x00D7: /* DBCELL: one that INDEX lists; dbRtrw back to a ROW record */
      for (uint32_t i = 0; i < index_entries && i < 2048; i++) dbcells_found += index_at[i] == at;
      if (at < u32(d) || u16(book + at - u32(d)) != 0x0208) faults++;
      break;
    default: break;
    }
    at += 4 + size;
  }
  faults += !ended + (windows != 1) + (fonts < 4) + (xfs < 16) + !ext_after;
  faults += sst.faults + (sst.strings != sst.unique) + (sst.left != 0) + (labels_max > sst.unique);
  faults += dbcells_found != index_entries;
  free(book);
  return faults;
}

/* ---- DOC ------------------------------------------------------------------------------ */

int bs_check_doc(const char *data, size_t len, int *wide_pieces, int *narrow_pieces) {
  size_t n = 0, table_len = 0;
  unsigned char *word = stream(data, len, "WordDocument", &n);
  unsigned char *table = stream(data, len, "1Table", &table_len);
  int faults = 0;
  *wide_pieces = *narrow_pieces = 0;
  if (!word || !table || n < 900) {
    faults = 1;
    goto done;
  }
  /* FibBase: wIdent, nFib 0x00C1, fWhichTblStm and fExtChar; csw 14, cslw 22,
   * cbRgFcLcb 93 (Word 97) */
  faults += u16(word) != 0xA5EC || u16(word + 2) != 0x00C1 || (u16(word + 10) & 0x1200) != 0x1200;
  faults += u16(word + 32) != 14 || u16(word + 62) != 22 || u16(word + 152) != 93;
  uint32_t ccp_text = u32(word + 76), fc_clx = u32(word + 154 + 8 * 33);
  uint32_t lcb_clx = u32(word + 154 + 8 * 33 + 4);
  if (fc_clx + (uint64_t)lcb_clx > table_len || lcb_clx < 5 || table[fc_clx] != 0x02) {
    faults++;
    goto done;
  }
  /* The PlcPcd: CPs from 0 to ccpText, pieces inside the stream, each ending in a
   * paragraph mark (we split pieces at paragraphs) */
  const unsigned char *plc = table + fc_clx + 5;
  uint32_t plc_len = u32(table + fc_clx + 1), pieces = (plc_len - 4) / 12;
  faults += plc_len + 5 != lcb_clx || (plc_len - 4) % 12 != 0 || u32(plc) != 0;
  faults += u32(plc + 4 * pieces) != ccp_text;
  for (uint32_t i = 0; i < pieces; i++) {
    uint32_t count = u32(plc + 4 * (i + 1)) - u32(plc + 4 * i);
    uint32_t fc = u32(plc + 4 * (pieces + 1) + 8 * i + 2);
    int wide = !(fc & 0x40000000u);
    size_t at = wide ? fc : (fc & ~0x40000000u) / 2, bytes = (size_t)count * (wide ? 2 : 1);
    if (at + bytes > n || count == 0) {
      faults++;
      continue;
    }
    unsigned last = wide ? u16(word + at + bytes - 2) : word[at + bytes - 1];
    faults += last != 0x0D && last != 0x07; /* a paragraph or a table row ends there */
    *(wide ? wide_pieces : narrow_pieces) += 1;
  }
  /* The bin tables: each FKP page's count byte and its first and last fc inside the
   * range the table gives it */
  for (int k = 12; k <= 13; k++) {
    uint32_t fc = u32(word + 154 + 8 * k), lcb = u32(word + 154 + 8 * k + 4);
    if (lcb < 12 || (lcb - 4) % 8 || fc + (uint64_t)lcb > table_len) {
      faults++;
      continue;
    }
    uint32_t count = (lcb - 4) / 8;
    for (uint32_t i = 0; i < count; i++) {
      uint32_t pn = u32(table + fc + 4 * (count + 1) + 4 * i);
      if ((pn + 1) * 512u > n) {
        faults++;
        continue;
      }
      const unsigned char *page = word + pn * 512;
      uint32_t runs = page[511];
      faults += runs == 0 || u32(page) != u32(table + fc + 4 * i) ||
                u32(page + 4 * runs) != u32(table + fc + 4 * (i + 1));
    }
  }
done:
  free(word);
  free(table);
  return faults;
}
