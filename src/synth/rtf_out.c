/* RTF from lines of text (see rtf_out.h). */
#include "synth/rtf_out.h"

#include <string.h>

#define CELL_TWIPS 2160 /* a cell 1.5 inches wide */

bs_status bs_rtf_begin(bs_rtf_out *rtf, bs_truth *truth, const char *path, FILE *out) {
  memset(rtf, 0, sizeof *rtf);
  rtf->out = out;
  FILE *lines = tmpfile();
  if (!lines) return rtf->status = BS_EIO;
  bs_doc_open_stream(&rtf->doc, truth, path, lines, BS_DOC_TEXT);
  return BS_OK;
}

/* Windows-1252's characters 0x80-0x9F that are not C1 controls, by code point. */
static int cp1252_of(unsigned cp) {
  static const unsigned high[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  if (cp >= 0xA0 && cp <= 0xFF) return (int)cp;
  for (int i = 0; i < 32; i++)
    if (high[i] && high[i] == cp) return 0x80 + i;
  return -1;
}

/* One character of UTF-8 at text[*i]: its code point, *i moved past it. */
static unsigned next_code_point(const unsigned char *text, size_t len, size_t *i) {
  unsigned c = text[(*i)++];
  int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  c &= more == 3 ? 0x07 : more == 2 ? 0x0F : more == 1 ? 0x1F : 0x7F;
  for (; more > 0 && *i < len; more--) c = (c << 6) | (text[(*i)++] & 0x3F);
  return c;
}

/* Text with RTF's escapes: \\ \{ \}; a character of the code page as \'hh; any other
 * as \uN with '?' for readers that do not know \u (\uc1); N is a signed 16-bit number,
 * a character past U+FFFF two of them (a surrogate pair), as Word writes them. */
static void escaped(FILE *out, const char *text, size_t len) {
  const unsigned char *t = (const unsigned char *)text;
  for (size_t i = 0; i < len;) {
    if (t[i] == '\\' || t[i] == '{' || t[i] == '}') {
      fprintf(out, "\\%c", t[i++]);
      continue;
    }
    if (t[i] < 0x80) {
      fputc(t[i++], out);
      continue;
    }
    unsigned cp = next_code_point(t, len, &i);
    int byte = cp1252_of(cp);
    if (byte >= 0) {
      fprintf(out, "\\'%02x", byte);
    } else if (cp > 0xFFFF) {
      cp -= 0x10000;
      fprintf(out, "\\u%d?\\u%d?", (int)(0xD800 + (cp >> 10)) - 65536,
              (int)(0xDC00 + (cp & 0x3FF)) - 65536);
    } else {
      fprintf(out, "\\u%d?", cp > 0x7FFF ? (int)cp - 65536 : (int)cp);
    }
  }
}

typedef struct writer {
  FILE *out;    /* the RTF */
  int in_table; /* the last line was a row */
} writer;

/* A row: its cells' right edges, then each cell's text ended by \cell, then \row. */
static void row(writer *w, const char *line, size_t len) {
  int cells = 1;
  for (size_t i = 0; i < len; i++) cells += line[i] == '\t';
  fputs("\\trowd\\trgaph108\\trleft-108", w->out);
  for (int c = 1; c <= cells; c++) fprintf(w->out, "\\cellx%d", c * CELL_TWIPS);
  fputs("\n\\pard\\intbl ", w->out);
  for (size_t from = 0; from <= len;) {
    const char *tab = memchr(line + from, '\t', len - from);
    size_t to = tab ? (size_t)(tab - line) : len;
    escaped(w->out, line + from, to - from);
    fputs("\\cell ", w->out);
    from = to + 1;
  }
  fputs("\\row\n", w->out);
  w->in_table = 1;
}

static void line_out(const char *line, size_t len, void *ctx) {
  writer *w = ctx;
  if (memchr(line, '\t', len)) {
    row(w, line, len);
    return;
  }
  if (w->in_table) fputs("\\pard\\sa200\\sl276\\slmult1 ", w->out);
  w->in_table = 0;
  escaped(w->out, line, len);
  fputs("\\par\n", w->out);
}

bs_status bs_rtf_finish(bs_rtf_out *rtf) {
  FILE *lines = rtf->doc.file;
  if (rtf->status == BS_OK) {
    fputs(
        "{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat\\deflang1033"
        "{\\fonttbl{\\f0\\fswiss\\fcharset0 Calibri;}{\\f1\\froman\\fcharset0 Times New Roman;}}\n"
        "{\\colortbl ;\\red0\\green0\\blue0;}\n"
        "{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1 \n"
        "\\pard\\sa200\\sl276\\slmult1\\f0\\fs22\\lang9 ",
        rtf->out);
    writer w = {rtf->out, 0};
    if (bs_doc_each_line(lines, line_out, &w) != 0) rtf->status = BS_EIO;
    fputs("}\n", rtf->out);
    if (ferror(rtf->out)) rtf->status = BS_EIO;
  }
  if (lines) fclose(lines);
  rtf->doc.file = NULL;
  return rtf->status;
}
