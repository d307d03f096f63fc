/* Excel 97-2003 workbooks (see biff_out.h). Records are [MS-XLS] 2.1.4: a 16-bit type,
 * a 16-bit size of at most 8224, the data. The globals substream is written once the
 * sheet is done, since the shared strings come before the sheet and the sheet's
 * BOUNDSHEET holds the stream position of its BOF.
 *
 * The shared strings outgrow one record in any real list of patients; how they go on
 * ([MS-XLS] 2.5.293 and 2.1.4 Continue), with a worked example: the SST record holds
 * cstTotal, cstUnique and then strings, each a 3-byte header (cch, flags) and the
 * characters. When the next string's header and first character do not fit in what
 * is left of 8224 bytes, a CONTINUE record starts and the string starts afresh in it.
 * When only the characters overflow, they are split between two characters (never
 * inside a UTF-16 one), and the CONTINUE record opens with one byte, fHighByte, saying
 * how the rest is stored. So with 8219 bytes used, "Okafor" (3 + 6 bytes) is written
 * 00 06 00 'O' 'k' | CONTINUE 00 'a' 'f' 'o' 'r'. EXTSST then lists every dsst-th
 * string's stream position and its offset in its record, for readers that seek. */
#include "synth/biff_out.h"

#include <string.h>

#include "synth/ole2_out.h"

/* [MS-XLS] 2.3 record types */
enum {
  RT_FORMULA_CALCCOUNT = 0x000C,
  RT_CALCMODE = 0x000D,
  RT_CALCPRECISION = 0x000E,
  RT_REFMODE = 0x000F,
  RT_DELTA = 0x0010,
  RT_ITERATION = 0x0011,
  RT_PROTECT = 0x0012,
  RT_PASSWORD = 0x0013,
  RT_WINDOWPROTECT = 0x0019,
  RT_DATE1904 = 0x0022,
  RT_PRINTHEADERS = 0x002A,
  RT_PRINTGRIDLINES = 0x002B,
  RT_FONT = 0x0031,
  RT_WINDOW1 = 0x003D,
  RT_BACKUP = 0x0040,
  RT_PANE = 0x0041,
  RT_CODEPAGE = 0x0042,
  RT_DEFCOLWIDTH = 0x0055,
  RT_SAVERECALC = 0x005F,
  RT_WRITEACCESS = 0x005C,
  RT_CONTINUE = 0x003C,
  RT_EOF = 0x000A,
  RT_GUTS = 0x0080,
  RT_WSBOOL = 0x0081,
  RT_GRIDSET = 0x0082,
  RT_HCENTER = 0x0083,
  RT_VCENTER = 0x0084,
  RT_BOUNDSHEET = 0x0085,
  RT_COUNTRY = 0x008C,
  RT_HIDEOBJ = 0x008D,
  RT_FNGROUPCOUNT = 0x009C,
  RT_SETUP = 0x00A1,
  RT_MMS = 0x00C1,
  RT_DBCELL = 0x00D7,
  RT_BOOKBOOL = 0x00DA,
  RT_XF = 0x00E0,
  RT_INTERFACEHDR = 0x00E1,
  RT_INTERFACEEND = 0x00E2,
  RT_SST = 0x00FC,
  RT_LABELSST = 0x00FD,
  RT_EXTSST = 0x00FF,
  RT_TABID = 0x013D,
  RT_USESELFS = 0x0160,
  RT_DSF = 0x0161,
  RT_PROT4REV = 0x01AF,
  RT_REFRESHALL = 0x01B7,
  RT_PROT4REVPASS = 0x01BC,
  RT_DIMENSIONS = 0x0200,
  RT_NUMBER = 0x0203,
  RT_ROW = 0x0208,
  RT_INDEX = 0x020B,
  RT_DEFAULTROWHEIGHT = 0x0225,
  RT_WINDOW2 = 0x023E,
  RT_RK = 0x027E,
  RT_STYLE = 0x0293,
  RT_FORMAT = 0x041E,
  RT_BOF = 0x0809,
};

#define MAX_RECORD    8224u /* data bytes of a record */
#define ROW_BYTES     20u   /* a ROW record with its header */
#define STYLE_XFS     15    /* XF 0-14: the Normal style and its outline levels */
#define XF_GENERAL    15    /* the first cell XF */
#define STRING_CHARS  255u  /* longest cell text kept */
#define BOF_GLOBALS   0x0005
#define BOF_WORKSHEET 0x0010

/* CLSID_Excel_Sheet8 {00020820-0000-0000-C000-000000000046} as stored. */
static const uint8_t excel_clsid[16] = {0x20, 0x08, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
                                        0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46};

/* Number formats: the XF each bs_xlsx_style uses and its format. BIFF8's built-in 4 is
 * "#,##0.00" and 14 m/d/yyyy; custom formats from 164, as Excel numbers them. */
static const struct {
  uint16_t format;
  const char *code; /* NULL: built in */
} style_formats[BS_XLSX_STYLES] = {
    [BS_XLSX_GENERAL] = {0, NULL},
    [BS_XLSX_DATE] = {14, NULL},
    [BS_XLSX_SSN] = {164, "000\\-00\\-0000"},
    [BS_XLSX_ZIP] = {165, "00000"},
    [BS_XLSX_MONEY] = {4, NULL},
    [BS_XLSX_DATE_ISO] = {166, "yyyy\\-mm\\-dd"},
};

/* The currency and accounting formats every Excel 2003 (US) workbook carries. */
static const struct {
  uint16_t format;
  const char *code;
} builtin_formats[] = {
    {5, "\"$\"#,##0_);\\(\"$\"#,##0\\)"},
    {6, "\"$\"#,##0_);[Red]\\(\"$\"#,##0\\)"},
    {7, "\"$\"#,##0.00_);\\(\"$\"#,##0.00\\)"},
    {8, "\"$\"#,##0.00_);[Red]\\(\"$\"#,##0.00\\)"},
    {42, "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)"},
    {41, "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)"},
    {44, "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"??_);_(@_)"},
    {43, "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)"},
};

static void fail(bs_xls *x, bs_status status) {
  if (x->status == BS_OK) x->status = status;
}

static void record(FILE *out, uint16_t type, const void *data, size_t len) {
  uint8_t head[4];
  bs_le16(head, type);
  bs_le16(head + 2, (uint32_t)len);
  fwrite(head, 1, 4, out);
  if (len) fwrite(data, 1, len, out);
}

static void record16(FILE *out, uint16_t type, uint32_t value) {
  uint8_t data[2];
  bs_le16(data, value);
  record(out, type, data, 2);
}

/* Records of one 16-bit value, in the order the substream has them. */
typedef struct flag_record {
  uint16_t type, value;
} flag_record;

static void flag_records(FILE *out, const flag_record *records, size_t count) {
  for (size_t i = 0; i < count; i++) record16(out, records[i].type, records[i].value);
}

#define FLAG_RECORDS(out, table) flag_records((out), (table), sizeof(table) / sizeof((table)[0]))

/* Text as XLUnicodeString's characters: one byte each when all are Latin-1 (fHighByte
 * 0), else UTF-16LE. OUT: chars (2 * STRING_CHARS bytes), *count; returns fHighByte. */
static int encode(uint8_t *chars, size_t *count, const char *text) {
  uint32_t points[STRING_CHARS];
  size_t n = 0;
  int wide = 0;
  for (const unsigned char *c = (const unsigned char *)text; *c && n < STRING_CHARS;) {
    uint32_t point = *c++;
    int more = point >= 0xF0 ? 3 : point >= 0xE0 ? 2 : point >= 0xC0 ? 1 : 0;
    if (more) point &= 0x3Fu >> more;
    for (; more && (*c & 0xC0) == 0x80; more--) point = point << 6 | (*c++ & 0x3Fu);
    if (point > 0xFFFF && n + 1 < STRING_CHARS) { /* a surrogate pair */
      points[n++] = 0xD800 + ((point - 0x10000) >> 10);
      point = 0xDC00 + ((point - 0x10000) & 0x3FF);
    }
    wide |= point > 0xFF;
    points[n++] = point > 0xFFFF ? 0xFFFD : point;
  }
  for (size_t i = 0; i < n; i++) {
    if (wide)
      bs_le16(chars + 2 * i, points[i]);
    else
      chars[i] = (uint8_t)points[i];
  }
  *count = n;
  return wide;
}

/* XLUnicodeString: cch (16 bits), fHighByte, the characters. Returns its size. */
static size_t unicode_string(uint8_t *out, const char *text) {
  size_t count;
  int wide = encode(out + 3, &count, text);
  bs_le16(out, (uint32_t)count);
  out[2] = (uint8_t)wide;
  return 3 + count * (wide ? 2 : 1);
}

int bs_xls_rk(uint32_t *out, double number) {
  /* A 30-bit integer (fInt), the same times 100 (fX100), or the top 30 bits of the
   * IEEE double when the rest are zero. */
  for (int x100 = 0; x100 < 2; x100++) {
    double scaled = x100 ? number * 100 : number;
    if (scaled >= -536870912.0 && scaled < 536870912.0) {
      long whole = (long)scaled;
      if ((x100 ? (double)whole / 100 : (double)whole) == number && (double)whole == scaled) {
        *out = (uint32_t)whole << 2 | 2u | (uint32_t)x100;
        return 1;
      }
    }
  }
  uint64_t bits;
  memcpy(&bits, &number, sizeof bits);
  if ((bits & 0x3FFFFFFFFull) == 0) {
    *out = (uint32_t)(bits >> 32);
    return 1;
  }
  return 0;
}

/* ---- the sheet's cells, a block of 32 rows at a time --------------------------------- */

/* ROW records, the cells, DBCELL ([MS-XLS] 2.4.221, 2.4.78): the block's rows with
 * cells into x->cells. */
static void flush_block(bs_xls *x) {
  size_t used = 0;
  for (size_t i = 0; i < BS_XLS_BLOCK_ROWS; i++) used += x->block_rows[i].used != 0;
  if (used && x->status == BS_OK) {
    uint8_t row[16], db[4 + 2 * BS_XLS_BLOCK_ROWS];
    uint32_t previous = 0;
    size_t n = 0;
    for (size_t i = 0; i < BS_XLS_BLOCK_ROWS; i++) {
      if (!x->block_rows[i].used) continue;
      memset(row, 0, sizeof row);
      bs_le16(row, x->block_first + (uint32_t)i);
      bs_le16(row + 2, x->block_rows[i].first);
      bs_le16(row + 4, x->block_rows[i].last);
      bs_le16(row + 6, 0x00FF);       /* miyRw: the default height, 12.75 points */
      bs_le32(row + 12, 0x000F0100u); /* reserved3 = 1, ixfe_val 15 */
      record(x->cells, RT_ROW, row, sizeof row);
      /* rgdb: from the second ROW record to the first cell, then row to row */
      uint32_t offset = n == 0 ? (uint32_t)(used - 1) * ROW_BYTES : x->block_rows[i].at - previous;
      bs_le16(db + 4 + 2 * n++, offset);
      previous = x->block_rows[i].at;
    }
    fwrite(x->block.data, 1, x->block.len, x->cells);
    long at = ftell(x->cells);
    bs_le32(db, (uint32_t)(used * ROW_BYTES + x->block.len)); /* dbRtrw */
    x->dbcells[x->blocks++] = (uint32_t)at;
    record(x->cells, RT_DBCELL, db, 4 + 2 * used);
  }
  bs_buf_reset(&x->block);
  memset(x->block_rows, 0, sizeof x->block_rows);
  x->block_first += BS_XLS_BLOCK_ROWS;
}

/* Appends a cell record (row, column and XF first) of the current cell. */
static void cell(bs_xls *x, uint16_t type, int xf, const uint8_t *data, size_t len) {
  if (x->status != BS_OK || x->row >= BS_XLS_MAX_ROWS) return;
  while (x->row >= x->block_first + BS_XLS_BLOCK_ROWS) flush_block(x);
  uint8_t bytes[4 + 6 + 8];
  bs_le16(bytes, type);
  bs_le16(bytes + 2, (uint32_t)(6 + len));
  bs_le16(bytes + 4, x->row);
  bs_le16(bytes + 6, (uint32_t)x->column);
  bs_le16(bytes + 8, (uint32_t)xf);
  memcpy(bytes + 10, data, len);
  bs_xls_row *r = &x->block_rows[x->row - x->block_first];
  if (!r->used) {
    r->used = 1;
    r->first = (uint16_t)x->column;
    r->at = (uint32_t)x->block.len;
  }
  r->last = (uint16_t)(x->column + 1);
  if (x->row + 1 > x->rows_used) x->rows_used = x->row + 1;
  if (x->column + 1 > x->columns_used) x->columns_used = (uint16_t)(x->column + 1);
  fail(x, bs_buf_append(&x->block, bytes, 10 + len));
}

static void note(bs_xls *x, const char *person, bs_element type, const char *value,
                 const char *shown) {
  if (x->row < BS_XLS_MAX_ROWS)
    bs_sheet_note(&x->doc, &x->layout, x->row + 1, x->column, person, type, value, shown);
}

bs_status bs_xls_begin(bs_xls *x, bs_truth *truth, const char *path, FILE *out,
                       const char *sheet_name, const char *const *headers, size_t columns) {
  memset(x, 0, sizeof *x);
  x->layout = (bs_sheet_layout){sheet_name, headers, columns};
  x->out = out;
  bs_buf_init(&x->block, (size_t)1 << 24);
  x->cells = tmpfile();
  x->strings = tmpfile();
  bs_doc_open_stream(&x->doc, truth, path, x->cells, BS_DOC_FIELDS);
  if (!x->cells || !x->strings) fail(x, BS_EIO);
  if (x->status == BS_OK) fail(x, bs_strmap_create(&x->unique));
  for (size_t i = 0; i < columns; i++) bs_xls_text(x, headers[i]);
  bs_xls_end_row(x);
  return x->status;
}

void bs_xls_text(bs_xls *x, const char *text) {
  if (*text && x->status == BS_OK && x->row < BS_XLS_MAX_ROWS) {
    int64_t *slot;
    int added;
    fail(x, bs_strmap_upsert(x->unique, text, strlen(text), &slot, NULL, &added));
    if (x->status != BS_OK) return;
    if (added) {
      uint8_t entry[3 + 2 * STRING_CHARS];
      *slot = x->strings_unique++;
      fwrite(entry, 1, unicode_string(entry, text), x->strings);
    }
    uint8_t isst[4];
    bs_le32(isst, (uint32_t)*slot);
    cell(x, RT_LABELSST, XF_GENERAL, isst, sizeof isst);
    x->strings_total++;
  }
  x->column++; /* an empty cell is left out, as Excel does */
}

void bs_xls_put_text(bs_xls *x, const char *person, bs_element type, const char *value,
                     const char *text) {
  note(x, person, type, value, text);
  bs_xls_text(x, text);
}

void bs_xls_number(bs_xls *x, double number, bs_xlsx_style style, const char *person,
                   bs_element type, const char *value, const char *shown) {
  if (shown) note(x, person, type, value, shown);
  uint8_t data[8];
  uint32_t rk;
  if (bs_xls_rk(&rk, number)) {
    bs_le32(data, rk);
    cell(x, RT_RK, XF_GENERAL + (int)style, data, 4);
  } else {
    memcpy(data, &number, 8); /* IEEE 754, little-endian like the machines we run on */
    cell(x, RT_NUMBER, XF_GENERAL + (int)style, data, 8);
  }
  x->column++;
}

void bs_xls_end_row(bs_xls *x) {
  x->row++;
  x->column = 0;
}

/* ---- the globals ------------------------------------------------------------------- */

static void bof(FILE *out, uint16_t kind) {
  uint8_t data[16];
  bs_le16(data, 0x0600); /* BIFF8 */
  bs_le16(data + 2, kind);
  bs_le16(data + 4, 0x0DBB); /* rupBuild, rupYear: Excel 97 onwards */
  bs_le16(data + 6, 0x07CC);
  bs_le32(data + 8, 0x000080C9); /* fWin, fRisc, fWinAny, fGlJmp, fFontLimit... */
  bs_le32(data + 12, 0x00000206);
  record(out, RT_BOF, data, sizeof data);
}

static void font(FILE *out) {
  uint8_t data[14 + 2 + 5] = {0};
  bs_le16(data, 200);        /* 10 points */
  bs_le16(data + 4, 0x7FFF); /* icv: the window text colour */
  bs_le16(data + 6, 400);    /* bls: normal weight */
  data[14] = 5;              /* "Arial", Excel 2003's default */
  for (size_t i = 0; i < 5; i++) data[16 + i] = (uint8_t) "Arial"[i];
  record(out, RT_FONT, data, sizeof data);
}

static void format(FILE *out, uint16_t id, const char *code) {
  uint8_t data[2 + 3 + 2 * STRING_CHARS];
  bs_le16(data, id);
  record(out, RT_FORMAT, data, 2 + unicode_string(data + 2, code));
}

/* XF ([MS-XLS] 2.4.353): a style XF (parent 0xFFF) or a cell XF of Normal. */
static void xf(FILE *out, int style_xf, uint16_t font_index, uint16_t number_format) {
  uint8_t data[20] = {0};
  bs_le16(data, font_index);
  bs_le16(data + 2, number_format);
  bs_le16(data + 4, style_xf ? 0xFFF5 : 0x0001); /* locked; a style's parent is 0xFFF */
  data[6] = 0x20;                                /* alcV: bottom */
  data[9] = style_xf ? (font_index ? 0xF4 : 0) : number_format ? 0x04 : 0; /* fAtrNum */
  bs_le16(data + 18, 0x20C0); /* icvFore 64, icvBack 65: the system colours */
  record(out, RT_XF, data, sizeof data);
}

/* SST with its CONTINUE records, then EXTSST (see the top of this file). */
static void shared_strings(bs_xls *x, FILE *book) {
  uint8_t rec[MAX_RECORD], entry[3 + 2 * STRING_CHARS];
  uint16_t type = RT_SST;
  size_t used = 8, buckets = 0;
  uint32_t dsst = x->strings_unique / 128 + 1;
  if (dsst < 8) dsst = 8;
  uint8_t ext[2 + 8 * 128] = {0};
  bs_le16(ext, dsst);
  bs_le32(rec, x->strings_total);
  bs_le32(rec + 4, x->strings_unique);
  fflush(x->strings);
  rewind(x->strings);
  for (uint32_t i = 0; i < x->strings_unique; i++) {
    if (fread(entry, 1, 3, x->strings) != 3) break;
    size_t chars = entry[0] | (size_t)entry[1] << 8, width = entry[2] & 1 ? 2 : 1;
    if (fread(entry + 3, width, chars, x->strings) != chars) break;
    if (used + 3 + width > MAX_RECORD) {
      record(book, type, rec, used);
      type = RT_CONTINUE;
      used = 0;
    }
    if (i % dsst == 0) {
      uint8_t *info = ext + 2 + 8 * buckets++;
      bs_le32(info, (uint32_t)ftell(book) + 4 + (uint32_t)used); /* ib */
      bs_le16(info + 4, 4 + (uint32_t)used);                     /* cbOffset */
    }
    memcpy(rec + used, entry, 3);
    used += 3;
    for (size_t done = 0; done < chars;) {
      size_t fit = (MAX_RECORD - used) / width, n = chars - done < fit ? chars - done : fit;
      memcpy(rec + used, entry + 3 + done * width, n * width);
      used += n * width;
      done += n;
      if (done < chars) {
        record(book, type, rec, used);
        type = RT_CONTINUE;
        rec[0] = (uint8_t)(width - 1); /* fHighByte of the rest */
        used = 1;
      }
    }
  }
  if (ferror(x->strings)) fail(x, BS_EIO);
  record(book, type, rec, used);
  record(book, RT_EXTSST, ext, 2 + 8 * buckets);
}

/* The globals substream into book; OUT: *sheet_position, where BOUNDSHEET's lbPlyPos
 * is to be written. */
static void globals(bs_xls *x, FILE *book, long *sheet_position) {
  bof(book, BOF_GLOBALS);
  record16(book, RT_INTERFACEHDR, 1200); /* UTF-16 */
  record16(book, RT_MMS, 0);
  record(book, RT_INTERFACEEND, NULL, 0);
  uint8_t access[112];
  memset(access, ' ', sizeof access);
  unicode_string(access, "Front Desk");
  record(book, RT_WRITEACCESS, access, sizeof access);
  static const flag_record protection[] = {
      {RT_CODEPAGE, 1200},   {RT_DSF, 0},           {RT_TABID, 1},
      {RT_FNGROUPCOUNT, 14}, {RT_WINDOWPROTECT, 0}, {RT_PROTECT, 0},
      {RT_PASSWORD, 0},      {RT_PROT4REV, 0},      {RT_PROT4REVPASS, 0}};
  FLAG_RECORDS(book, protection);
  uint8_t window[18] = {0};
  bs_le16(window, 360);
  bs_le16(window + 2, 270);
  bs_le16(window + 4, 14940);
  bs_le16(window + 6, 9150);
  bs_le16(window + 8, 0x0038); /* scroll bars and sheet tabs shown */
  bs_le16(window + 14, 1);     /* ctabSel */
  bs_le16(window + 16, 600);   /* wTabRatio */
  record(book, RT_WINDOW1, window, sizeof window);
  static const flag_record options[] = {{RT_BACKUP, 0},     {RT_HIDEOBJ, 0},
                                        {RT_DATE1904, 0},   {RT_CALCPRECISION, 1},
                                        {RT_REFRESHALL, 0}, {RT_BOOKBOOL, 0}};
  FLAG_RECORDS(book, options);
  for (int i = 0; i < 4; i++) font(book); /* fonts 0-3; index 4 is never used */
  for (size_t i = 0; i < sizeof builtin_formats / sizeof builtin_formats[0]; i++)
    format(book, builtin_formats[i].format, builtin_formats[i].code);
  for (int s = 0; s < BS_XLSX_STYLES; s++)
    if (style_formats[s].code) format(book, style_formats[s].format, style_formats[s].code);
  for (int i = 0; i < STYLE_XFS; i++) xf(book, 1, i == 0 ? 0 : i < 3 ? 1 : i < 5 ? 2 : 0, 0);
  for (int s = 0; s < BS_XLSX_STYLES; s++) xf(book, 0, 0, style_formats[s].format);
  static const uint8_t normal[4] = {0x00, 0x80, 0x00, 0xFF}; /* built-in style 0 on XF 0 */
  record(book, RT_STYLE, normal, sizeof normal);
  record16(book, RT_USESELFS, 1);
  /* BOUNDSHEET: lbPlyPos, hsState, dt 0 (a worksheet), the name as a
   * ShortXLUnicodeString (an 8-bit cch) */
  uint8_t sheet[8 + 2 * STRING_CHARS] = {0};
  *sheet_position = ftell(book) + 4;
  size_t name = unicode_string(sheet + 5, x->layout.sheet_name);
  sheet[6] = sheet[5];
  sheet[5] = 0;
  record(book, RT_BOUNDSHEET, sheet, 5 + name);
  uint8_t country[4];
  bs_le16(country, 1); /* United States */
  bs_le16(country + 2, 1);
  record(book, RT_COUNTRY, country, sizeof country);
  shared_strings(x, book);
  record(book, RT_EOF, NULL, 0);
}

/* The sheet substream's records up to DIMENSIONS. INDEX points at DEFCOLWIDTH and at
 * the DBCELLs of x->cells, which follow the head: it is written, then filled in. */
static void sheet_head(bs_xls *x, FILE *book) {
  bof(book, BOF_WORKSHEET);
  long index_at = ftell(book) + 4;
  uint8_t index[16 + 4 * (BS_XLS_MAX_ROWS / BS_XLS_BLOCK_ROWS)] = {0};
  bs_le32(index + 8, x->rows_used); /* rwMic 0, rwMac */
  record(book, RT_INDEX, index, 16 + 4 * x->blocks);
  static const flag_record calculation[] = {
      {RT_CALCMODE, 1}, {RT_FORMULA_CALCCOUNT, 100}, {RT_REFMODE, 1}, {RT_ITERATION, 0}};
  FLAG_RECORDS(book, calculation);
  double delta = 0.001;
  record(book, RT_DELTA, &delta, 8);
  static const flag_record printing[] = {
      {RT_SAVERECALC, 1}, {RT_PRINTHEADERS, 0}, {RT_PRINTGRIDLINES, 0}, {RT_GRIDSET, 1}};
  FLAG_RECORDS(book, printing);
  static const uint8_t guts[8] = {0};
  record(book, RT_GUTS, guts, sizeof guts);
  static const uint8_t row_height[4] = {0x00, 0x00, 0xFF, 0x00};
  record(book, RT_DEFAULTROWHEIGHT, row_height, sizeof row_height);
  static const flag_record sheet_options[] = {
      {RT_WSBOOL, 0x04C1}, {RT_HCENTER, 0}, {RT_VCENTER, 0}};
  FLAG_RECORDS(book, sheet_options);
  uint8_t setup[34] = {0};
  bs_le16(setup, 1);           /* Letter */
  bs_le16(setup + 2, 100);     /* scale */
  bs_le16(setup + 4, 1);       /* first page number */
  bs_le16(setup + 6, 1);       /* fit to one page wide */
  bs_le16(setup + 8, 1);       /* and tall */
  bs_le16(setup + 10, 0x0002); /* portrait */
  bs_le16(setup + 12, 600);    /* dpi */
  bs_le16(setup + 14, 600);
  double margin = 0.5;
  memcpy(setup + 16, &margin, 8);
  memcpy(setup + 24, &margin, 8);
  bs_le16(setup + 32, 1); /* copies */
  record(book, RT_SETUP, setup, sizeof setup);
  bs_le32(index + 12, (uint32_t)ftell(book)); /* ibXF: DEFCOLWIDTH */
  record16(book, RT_DEFCOLWIDTH, 8);
  uint8_t dimensions[14] = {0};
  bs_le32(dimensions + 4, x->rows_used);
  bs_le16(dimensions + 10, x->columns_used);
  record(book, RT_DIMENSIONS, dimensions, sizeof dimensions);
  long cells = ftell(book);
  for (size_t i = 0; i < x->blocks; i++)
    bs_le32(index + 16 + 4 * i, (uint32_t)(cells + (long)x->dbcells[i]));
  if (fseek(book, index_at, SEEK_SET) != 0 || fwrite(index, 1, 16 + 4 * x->blocks, book) == 0 ||
      fseek(book, cells, SEEK_SET) != 0)
    fail(x, BS_EIO);
}

/* WINDOW2 with the header row frozen (PANE), as the XLSX sheet has it. */
static void sheet_tail(FILE *book) {
  uint8_t window[18] = {0};
  bs_le16(window, 0x06B6 | 0x0108); /* grid, headers, zeros, selected, paged; frozen */
  bs_le16(window + 6, 64);          /* icvHdr */
  record(book, RT_WINDOW2, window, sizeof window);
  uint8_t pane[10] = {0};
  bs_le16(pane + 2, 1); /* one row frozen */
  bs_le16(pane + 4, 1); /* the lower pane starts at row 2 */
  pane[8] = 2;          /* the active pane: bottom left */
  record(book, RT_PANE, pane, sizeof pane);
  record(book, RT_EOF, NULL, 0);
}

bs_status bs_xls_finish(bs_xls *x) {
  FILE *book = tmpfile();
  if (!book) fail(x, BS_EIO);
  if (x->status == BS_OK) {
    flush_block(x);
    long sheet_position;
    globals(x, book, &sheet_position);
    long start = ftell(book);
    sheet_head(x, book);
    char buffer[1 << 16];
    size_t n;
    fflush(x->cells);
    rewind(x->cells);
    while ((n = fread(buffer, 1, sizeof buffer, x->cells)) > 0) fwrite(buffer, 1, n, book);
    sheet_tail(book);
    /* Excel's Workbook stream is at least 4096 bytes, out of the mini stream; readers
     * take the zeros after the last EOF for nothing. */
    static const char zero[4096] = {0};
    long end = ftell(book);
    if (end < (long)sizeof zero) fwrite(zero, 1, sizeof zero - (size_t)end, book);
    uint8_t position[4];
    bs_le32(position, (uint32_t)start);
    if (fseek(book, sheet_position, SEEK_SET) != 0 || fwrite(position, 1, 4, book) != 4 ||
        ferror(book) || ferror(x->cells))
      fail(x, BS_EIO);
  }
  if (x->status == BS_OK) {
    bs_ole2_stream stream = {.name = "Workbook", .file = book};
    fail(x, bs_ole2_write(x->out, excel_clsid, &stream, 1));
  }
  if (book) fclose(book);
  if (x->cells) fclose(x->cells);
  if (x->strings) fclose(x->strings);
  x->cells = x->strings = NULL;
  bs_strmap_free(x->unique);
  x->unique = NULL;
  bs_buf_free(&x->block);
  return x->status;
}
