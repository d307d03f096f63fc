/* RTF text extraction (RTF 1.9.1 specification, Microsoft 2008). An RTF file is
 * 7-bit text: groups in braces, control words (\par, \u8364, \ansicpg1252), control
 * symbols (\~, \'e9), and plain text. The reader keeps a stack of group states; each
 * group inherits its parent's: whether its text is skipped (a destination that holds
 * no document text: font table, style sheet, pictures, field instructions, any
 * "\*\dest" the reader does not know), the \ucN count of fallback characters that
 * follow each \uN, and the code page of the current font.
 *
 * Worked example: {\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\f0 Jos\'e9 \u8217?s\par
 * DOB:\cell 03/14/1962\cell\row}. The font table is skipped as text (it is read only
 * for the code pages of fonts). "Jos" is text; \'e9 is byte 0xE9 of code page 1252,
 * "é" (an escape takes exactly two hex digits, so the space after it is text).
 * \u8217 is U+2019 and the "?" after it, its fallback for old readers, is skipped (\uc1,
 * the default). \par ends a line. \cell and \row outside a table (no \intbl paragraph,
 * no \trowd) give a tab and a line end, so that the values stay apart. The text:
 * "José ’s\nDOB:\t03/14/1962\t\n".
 *
 * Tables (RTF 1.9.1, "Table Definitions"): a row is \trowd and its properties, then
 * the paragraphs of its cells, each cell ended by \cell, and \row. Paragraphs of a
 * table have \intbl (or \itapN, N > 0: nested N deep); \pard ends that. Cells go
 * through doctext.c as DOCX's do: a unit per cell located "table N" with its row and
 * column, and the table's first row as the hints of the columns below, when rows.c
 * takes it for a header. Text from \trowd or an \intbl paragraph up to \row belongs
 * to the row, even over paragraphs (a cell of several) and paragraphs a writer left
 * without \intbl; the table ends at text outside a row and outside \intbl.
 * Nested tables (\itap2 paragraphs, cells ended by \nestcell, rows by the \nestrow of
 * {\*\nesttableprops ...}) flow into the outer cell, cells apart by tabs, rows by
 * line ends; {\nonesttables ...}, the copy for readers without nested tables, is
 * skipped. For
 *   \trowd\cellx2000\cellx4000\pard\intbl Patient\cell Date of service\cell\row
 *   \trowd\cellx2000\cellx4000\pard\intbl Mary Okafor\cell 07/02/2024\cell\row
 *   \pard After.\par
 * the units are "Mary Okafor" (row 2, column 1, hint "Patient") and "07/02/2024"
 * (row 2, column 2, hint "Date of service"), both placed "table 1", then the text
 * "\n\nAfter.\n": each row leaves a line end, so that lines of the text are numbered
 * as before, a row counting as one line.
 *
 * Bytes from \'hh escapes are gathered and converted together (a double-byte code
 * page such as 932 needs two) with iconv when a character of another kind follows.
 * The text goes out as lines of the extracted text, not of the RTF source. \bin N
 * binary data is skipped by its length. Embedded OLE objects are reported as not
 * examined. */
#include "extract/rtf.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "extract/doctext.h"

#define MAX_WORD    32 /* letters of a control word */
#define MAX_PENDING 64 /* \'hh bytes converted together */
#define MAX_FONTS   256

/* What a group's text is, by its destination. */
enum {
  TEXT = 0,       /* document text */
  SKIPPED = 1,    /* not document text */
  FONT_TABLE = 2, /* read for the code pages of fonts only */
  NEST_PROPS = 3  /* \*\nesttableprops: only its \nestrow counts */
};

typedef struct group_state {
  int skip;      /* TEXT, or why its text is not document text */
  int uc;        /* fallback characters after \uN */
  int code_page; /* of the current font, 0: the document's */
  int intbl;     /* paragraph property \intbl: part of a table */
  long itap;     /* paragraph property \itapN: table nesting depth, 0: none */
} group_state;

typedef struct rtf_reader {
  const bs_unit_sink *sink;              /* where diagnostics go */
  const char *p, *end;                   /* the input */
  const char *start;                     /* its first byte, for places */
  bs_doctext doc;                        /* text extracted, and table cells */
  int table_open, row_open, cell_open;   /* in doc: table, row and cell begun */
  int row_defined;                       /* \trowd seen and its \row not yet */
  group_state stack[BS_LIMIT_RTF_DEPTH]; /* open groups, innermost last */
  int depth;                             /* open groups (may pass the limit) */
  group_state state;                     /* current */
  int code_page;                         /* \ansicpgN, 1252 by default */
  int font_page[MAX_FONTS];              /* code page of each \fN of the font table */
  int defining_font;                     /* \fN seen inside the font table, or -1 */
  int skip_chars;                        /* fallback characters still to skip */
  int destination_next;                  /* \* seen: the group's first word names it */
  int group_start;                       /* no word or text yet in this group */
  unsigned char pending[MAX_PENDING];    /* \'hh bytes not yet converted */
  size_t pending_len;                    /* count */
  int pending_page;                      /* their code page */
  unsigned high_surrogate;               /* from a \uN, waiting for its low half */
  iconv_t cd;                            /* open converter when has_cd */
  int has_cd;                            /* cd is open */
  int cd_page;                           /* its code page */
  unsigned objects;                      /* embedded objects seen */
  unsigned pictures;                     /* pictures seen */
  int warned_depth, warned_iconv;        /* diagnostics given once */
  bs_status status;                      /* first error */
} rtf_reader;

/* A problem at the control word or escape that starts at `at`. */
static void diagnose_at(rtf_reader *r, const char *at, const char *message) {
  char place[48];
  snprintf(place, sizeof place, "byte %zu", (size_t)(at - r->start));
  r->sink->diagnostic(place, message, r->sink->ctx);
}

static void diagnose(rtf_reader *r, const char *message) { diagnose_at(r, r->p, message); }

/* In a table paragraph: \intbl, \itapN > 0, or after \trowd. */
static int table_paragraph(const rtf_reader *r) {
  return r->state.intbl || r->state.itap > 0 || r->row_defined;
}

static void open_cell(rtf_reader *r) {
  if (!r->row_open) {
    if (!r->table_open) bs_doctext_table_start(&r->doc);
    bs_doctext_row_start(&r->doc);
    r->table_open = r->row_open = 1;
  }
  bs_doctext_cell_start(&r->doc);
  r->cell_open = 1;
}

static void end_cell(rtf_reader *r) {
  if (!r->cell_open) open_cell(r); /* an empty cell: \cell\cell */
  bs_doctext_cell_end(&r->doc, 1);
  r->cell_open = 0;
}

static void end_row(rtf_reader *r) {
  if (r->cell_open) end_cell(r); /* its last cell without \cell */
  bs_doctext_row_end(&r->doc);
  r->row_open = 0;
  bs_doctext_newline(&r->doc); /* the row stays a line of the text: lines after it keep
                                  their numbers */
}

static void end_table(rtf_reader *r) {
  if (r->row_open) end_row(r);
  if (r->table_open) bs_doctext_table_end(&r->doc);
  r->table_open = 0;
}

/* Text goes to the cell of the row being read, or to the flow outside tables (which
 * ends a table). A line end in a row but in no cell is dropped. */
static void put(rtf_reader *r, const char *text, size_t len) {
  if (r->status != BS_OK) return;
  if (r->row_open || table_paragraph(r)) {
    if (!r->cell_open) {
      if (len == 1 && text[0] == '\n') return;
      open_cell(r);
    }
  } else if (r->table_open) {
    end_table(r);
  }
  bs_doctext_text(&r->doc, text, len);
  r->status = r->doc.status;
}

static void put_code_point(rtf_reader *r, unsigned cp) {
  char utf8[4];
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp == 0) return;
  if (cp < 0x80) {
    utf8[0] = (char)cp;
    put(r, utf8, 1);
  } else if (cp < 0x800) {
    utf8[0] = (char)(0xC0 | cp >> 6);
    utf8[1] = (char)(0x80 | (cp & 0x3F));
    put(r, utf8, 2);
  } else if (cp < 0x10000) {
    utf8[0] = (char)(0xE0 | cp >> 12);
    utf8[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    utf8[2] = (char)(0x80 | (cp & 0x3F));
    put(r, utf8, 3);
  } else {
    utf8[0] = (char)(0xF0 | cp >> 18);
    utf8[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    utf8[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    utf8[3] = (char)(0x80 | (cp & 0x3F));
    put(r, utf8, 4);
  }
}

/* Opens r->cd from code page `page` to UTF-8, kept open while the page stays.
 * Returns 0 when no converter could be had. */
static int converter(rtf_reader *r, int page) {
  if (r->has_cd && r->cd_page == page) return 1;
  if (r->has_cd) iconv_close(r->cd);
  char name[32];
  if (page == 1252 || page <= 0)
    snprintf(name, sizeof name, "WINDOWS-1252");
  else if (page == 10000)
    snprintf(name, sizeof name, "MACINTOSH");
  else if (page == 65001)
    snprintf(name, sizeof name, "UTF-8");
  else
    snprintf(name, sizeof name, "CP%d", page);
  r->cd = iconv_open("UTF-8", name);
  if ((intptr_t)r->cd == -1) {
    if (!r->warned_iconv++) diagnose(r, "unknown code page; its bytes read as Windows-1252");
    r->cd = iconv_open("UTF-8", "WINDOWS-1252");
  }
  r->has_cd = (intptr_t)r->cd != -1;
  r->cd_page = page;
  return r->has_cd;
}

/* Converts the pending \'hh bytes; a byte that does not convert becomes U+FFFD. */
static void flush_pending(rtf_reader *r) {
  if (r->pending_len == 0) return;
  int ok = converter(r, r->pending_page);
  char *in = (char *)r->pending;
  size_t in_left = r->pending_len;
  while (ok && in_left && r->status == BS_OK) {
    char buf[4 * MAX_PENDING + 8], *out = buf;
    size_t out_left = sizeof buf;
    size_t rc = iconv(r->cd, &in, &in_left, &out, &out_left);
    put(r, buf, sizeof buf - out_left);
    if (rc == (size_t)-1 && in_left) {
      put_code_point(r, 0xFFFD);
      in++;
      in_left--;
      iconv(r->cd, NULL, NULL, NULL, NULL);
    }
  }
  if (!ok) /* no converter at all: Latin-1 */
    for (size_t i = 0; i < r->pending_len; i++) put_code_point(r, r->pending[i]);
  r->pending_len = 0;
}

static void put_byte(rtf_reader *r, unsigned char byte) {
  int page = r->state.code_page ? r->state.code_page : r->code_page;
  if (r->pending_len == MAX_PENDING || (r->pending_len && page != r->pending_page))
    flush_pending(r);
  r->pending_page = page;
  r->pending[r->pending_len++] = byte;
}

static void put_text(rtf_reader *r, const char *text, size_t len) {
  flush_pending(r);
  if (r->high_surrogate) {
    put_code_point(r, 0xFFFD);
    r->high_surrogate = 0;
  }
  put(r, text, len);
}

static void put_unicode(rtf_reader *r, long value) {
  flush_pending(r);
  unsigned cp = (unsigned)(value < 0 ? value + 65536 : value) & 0xFFFF;
  if (cp >= 0xD800 && cp < 0xDC00) {
    if (r->high_surrogate) put_code_point(r, 0xFFFD);
    r->high_surrogate = cp;
    return;
  }
  if (cp >= 0xDC00 && cp < 0xE000 && r->high_surrogate) {
    put_code_point(r, 0x10000 + ((r->high_surrogate - 0xD800) << 10) + (cp - 0xDC00));
    r->high_surrogate = 0;
    return;
  }
  if (r->high_surrogate) put_code_point(r, 0xFFFD);
  r->high_surrogate = 0;
  put_code_point(r, cp);
}

/* Destinations whose content is not document text. */
static int skipped_destination(const char *word) {
  static const char *const names[] = {"fonttbl",       "colortbl",
                                      "stylesheet",    "info",
                                      "pict",          "object",
                                      "objdata",       "fldinst",
                                      "listtable",     "listoverridetable",
                                      "revtbl",        "rsidtbl",
                                      "generator",     "xmlnstbl",
                                      "themedata",     "colorschememapping",
                                      "datastore",     "latentstyles",
                                      "pgdsctbl",      "filetbl",
                                      "bkmkstart",     "bkmkend",
                                      "nonshppict",    "shpinst",
                                      "template",      "userprops",
                                      "xform",         "mmathPr",
                                      "wgrffmtfilter", "nonesttables"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(word, names[i]) == 0) return 1;
  return 0;
}

/* Windows code page of an RTF \fcharsetN. */
static int charset_page(long charset) {
  switch (charset) {
  case 0: return 1252;
  case 77: return 10000;
  case 128: return 932;
  case 129: return 949;
  case 134: return 936;
  case 136: return 950;
  case 161: return 1253;
  case 162: return 1254;
  case 163: return 1258;
  case 177: return 1255;
  case 178: return 1256;
  case 186: return 1257;
  case 204: return 1251;
  case 222: return 874;
  case 238: return 1250;
  default: return 0;
  }
}

static void control_word(rtf_reader *r, const char *word, int has_value, long value) {
  int first = r->group_start;
  r->group_start = 0;
  if (r->destination_next) {
    r->destination_next = 0;
    r->state.skip = 1; /* \*\dest: skipped unless known to hold text (none is) */
  }
  if (first && !strcmp(word, "nesttableprops")) {
    r->state.skip = NEST_PROPS;
    return;
  }
  if (first && skipped_destination(word)) {
    if (!strcmp(word, "object")) {
      r->objects++;
      char place[32];
      snprintf(place, sizeof place, "object %u", r->objects);
      if (r->sink->unexamined) r->sink->unexamined(place, "embedded object", r->sink->ctx);
    }
    r->pictures += !strcmp(word, "pict");
    /* The font table is skipped as text but read for the code pages of fonts. */
    r->state.skip = strcmp(word, "fonttbl") ? SKIPPED : FONT_TABLE;
    return;
  }
  if (r->state.skip == NEST_PROPS) { /* a nested row's properties, then its end */
    if (!strcmp(word, "nestrow")) put_text(r, "\n", 1);
    return;
  }
  if (r->state.skip == FONT_TABLE) {
    if (!strcmp(word, "f") && has_value && value >= 0 && value < MAX_FONTS)
      r->defining_font = (int)value;
    else if (!strcmp(word, "fcharset") && has_value && r->defining_font >= 0)
      r->font_page[r->defining_font] = charset_page(value);
    else if (!strcmp(word, "cpg") && has_value && r->defining_font >= 0)
      r->font_page[r->defining_font] = (int)value;
    return;
  }
  if (!strcmp(word, "ansicpg") && has_value) {
    r->code_page = (int)value;
  } else if (!strcmp(word, "mac")) {
    r->code_page = 10000;
  } else if (!strcmp(word, "pc")) {
    r->code_page = 437;
  } else if (!strcmp(word, "pca")) {
    r->code_page = 850;
  } else if (!strcmp(word, "f") && has_value) {
    r->state.code_page = value >= 0 && value < MAX_FONTS ? r->font_page[value] : 0;
  } else if (!strcmp(word, "uc") && has_value) {
    r->state.uc = value < 0 ? 0 : value > 16 ? 16 : (int)value;
  } else if (r->state.skip) {
    return;
  } else if (!strcmp(word, "u") && has_value) {
    put_unicode(r, value);
    r->skip_chars = r->state.uc;
  } else if (!strcmp(word, "par") || !strcmp(word, "line") || !strcmp(word, "sect") ||
             !strcmp(word, "page") || !strcmp(word, "nestrow")) {
    put_text(r, "\n", 1);
  } else if (!strcmp(word, "tab") || !strcmp(word, "nestcell")) {
    put_text(r, "\t", 1);
  } else if (!strcmp(word, "pard")) { /* paragraph properties reset: out of tables */
    flush_pending(r);
    r->state.intbl = 0;
    r->state.itap = 0;
  } else if (!strcmp(word, "intbl")) {
    flush_pending(r);
    r->state.intbl = 1;
  } else if (!strcmp(word, "itap")) {
    flush_pending(r);
    r->state.itap = has_value ? value : 1;
  } else if (!strcmp(word, "trowd")) {
    flush_pending(r);
    r->row_defined = 1;
  } else if (!strcmp(word, "cell")) {
    flush_pending(r);
    if (r->row_open || table_paragraph(r))
      end_cell(r);
    else
      put_text(r, "\t", 1); /* a cell of no row */
  } else if (!strcmp(word, "row")) {
    flush_pending(r);
    if (r->row_open)
      end_row(r);
    else if (!table_paragraph(r))
      put_text(r, "\n", 1); /* a row of no table */
    r->row_defined = 0;
  } else if (!strcmp(word, "emdash")) {
    put_text(r, "\xE2\x80\x94", 3);
  } else if (!strcmp(word, "endash")) {
    put_text(r, "\xE2\x80\x93", 3);
  } else if (!strcmp(word, "lquote") || !strcmp(word, "rquote")) {
    put_text(r, "'", 1);
  } else if (!strcmp(word, "ldblquote") || !strcmp(word, "rdblquote")) {
    put_text(r, "\"", 1);
  } else if (!strcmp(word, "bullet")) {
    put_text(r, "\xE2\x80\xA2", 3);
  }
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static int is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* \bin N: N bytes of binary data follow the control word. */
static void skip_binary(rtf_reader *r, long count) {
  size_t left = (size_t)(r->end - r->p);
  if (count < 0) return;
  if ((unsigned long)count > left) {
    diagnose(r, "binary data runs past the end of the file");
    count = (long)left;
  }
  r->p += count;
}

/* After a backslash. */
static void read_control(rtf_reader *r) {
  if (r->p >= r->end) return;
  char c = *r->p;
  if (!is_letter(c)) {
    r->p++;
    int skipping = r->skip_chars > 0;
    if (c == '\'') {
      int hi = r->end - r->p >= 1 ? hex_value(r->p[0]) : -1;
      int lo = r->end - r->p >= 2 ? hex_value(r->p[1]) : -1;
      if (hi < 0 || lo < 0) {
        diagnose_at(r, r->p - 2, "bad hexadecimal escape");
        return;
      }
      r->p += 2;
      if (skipping) {
        r->skip_chars--;
        return;
      }
      if (!r->state.skip) put_byte(r, (unsigned char)(hi << 4 | lo));
      return;
    }
    if (skipping) {
      r->skip_chars--;
      return;
    }
    if (c == '*') {
      if (r->group_start) r->destination_next = 1;
      return;
    }
    r->group_start = 0;
    if (r->state.skip) return;
    if (c == '\\' || c == '{' || c == '}')
      put_text(r, &c, 1);
    else if (c == '~')
      put_text(r, " ", 1);
    else if (c == '_')
      put_text(r, "-", 1);
    else if (c == '\n' || c == '\r')
      put_text(r, "\n", 1);
    else if (c == '\t')
      put_text(r, "\t", 1);
    return;
  }
  char word[MAX_WORD + 1];
  size_t n = 0;
  while (r->p < r->end && is_letter(*r->p)) {
    if (n < MAX_WORD) word[n++] = *r->p;
    r->p++;
  }
  word[n] = '\0';
  int has_value = 0, negative = 0;
  long value = 0;
  if (r->p < r->end && *r->p == '-') {
    negative = 1;
    r->p++;
  }
  for (int digits = 0; r->p < r->end && *r->p >= '0' && *r->p <= '9'; r->p++, digits++)
    if (digits < 10) {
      value = value * 10 + (*r->p - '0');
      has_value = 1;
    }
  if (negative) value = -value;
  if (r->p < r->end && *r->p == ' ') r->p++;
  if (!strcmp(word, "bin")) {
    skip_binary(r, has_value ? value : 0);
    return;
  }
  if (r->skip_chars > 0 && strcmp(word, "u") != 0) {
    r->skip_chars--;
    return;
  }
  control_word(r, word, has_value, value);
}

static void open_group(rtf_reader *r) {
  flush_pending(r);
  r->skip_chars = 0;
  if (r->depth < BS_LIMIT_RTF_DEPTH) {
    r->stack[r->depth] = r->state;
  } else if (!r->warned_depth++) {
    diagnose(r, "groups nested deeper than the limit; read as part of the deepest");
  }
  r->depth++;
  r->group_start = 1;
  r->destination_next = 0;
}

static void close_group(rtf_reader *r) {
  flush_pending(r);
  r->skip_chars = 0;
  r->group_start = 0;
  r->destination_next = 0;
  if (r->depth == 0) {
    diagnose(r, "a group closed that was not open");
    return;
  }
  r->depth--;
  if (r->depth < BS_LIMIT_RTF_DEPTH) {
    if (r->state.skip == FONT_TABLE) r->defining_font = -1;
    r->state = r->stack[r->depth];
  }
}

static void read_body(rtf_reader *r) {
  while (r->p < r->end && r->status == BS_OK) {
    char c = *r->p;
    if (c == '{') {
      r->p++;
      open_group(r);
    } else if (c == '}') {
      r->p++;
      close_group(r);
    } else if (c == '\\') {
      r->p++;
      read_control(r);
    } else if (c == '\r' || c == '\n' || c == '\0') {
      r->p++; /* line breaks in the source are not text */
    } else {
      /* A run of plain text. */
      const char *from = r->p;
      while (r->p < r->end && *r->p != '{' && *r->p != '}' && *r->p != '\\' && *r->p != '\r' &&
             *r->p != '\n' && *r->p != '\0')
        r->p++;
      r->group_start = 0;
      if (r->destination_next) {
        r->destination_next = 0;
        r->state.skip = 1;
      }
      while (r->skip_chars > 0 && from < r->p) {
        r->skip_chars--;
        from++;
      }
      if (r->state.skip || from == r->p) continue;
      /* Bytes above 0x7F are not RTF, but writers leave them: read in the code page. */
      for (const char *t = from; t < r->p; t++) {
        if ((unsigned char)*t >= 0x80) {
          put_byte(r, (unsigned char)*t);
        } else {
          const char *ascii = t;
          while (t + 1 < r->p && (unsigned char)t[1] < 0x80) t++;
          put_text(r, ascii, (size_t)(t - ascii + 1));
        }
      }
    }
  }
  flush_pending(r);
  if (r->high_surrogate) put_code_point(r, 0xFFFD);
  if (r->status == BS_OK) {
    end_table(r); /* a row the file did not end */
    r->status = r->doc.status;
  }
}

bs_status bs_read_rtf(const bs_source *src, const bs_unit_sink *sink) {
  rtf_reader r = {.sink = sink,
                  .p = src->data,
                  .end = src->data + src->len,
                  .start = src->data,
                  .state = {.uc = 1},
                  .code_page = 1252,
                  .defining_font = -1,
                  .status = BS_OK};
  bs_doctext_init(&r.doc, sink);
  bs_doctext_begin_part(&r.doc, "");
  read_body(&r);
  if (r.has_cd) iconv_close(r.cd);
  if (r.status == BS_ELIMIT) diagnose(&r, "text longer than the limit; the rest not read");
  if ((r.status == BS_OK || r.status == BS_ELIMIT) && r.depth > 0) {
    char place[48];
    snprintf(place, sizeof place, "byte %zu", src->len);
    sink->diagnostic(place, "groups not closed at the end (a truncated file?)", sink->ctx);
  }
  int text = r.doc.flow.len > 0 || r.doc.tables > 0;
  if ((r.status == BS_OK || r.status == BS_ELIMIT) && !text && r.pictures && sink->unexamined)
    sink->unexamined(NULL, "image only", sink->ctx);
  bs_status status =
      r.status == BS_OK || r.status == BS_ELIMIT ? bs_doctext_end_part(&r.doc) : r.status;
  bs_doctext_free(&r.doc);
  return status;
}
