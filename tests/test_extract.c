/* Extraction tests: decoding, format recognition, and the CSV, JSON and NDJSON readers,
 * each as a table of inputs with the units and diagnostics they must produce. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "collect.h"
#include "detect/hints.h"
#include "extract/decode.h"
#include "extract/format.h"
#include "extract/isolate.h"
#include "test.h"

/* ---- A sink that keeps copies of what the readers send ----------------------------- */

enum { MAX_UNITS = 64, MAX_DIAGS = 16, TEXT_CAP = 256 };

typedef struct kept_unit {
  char text[TEXT_CAP];          /* copy, NUL-terminated */
  size_t len;                   /* bytes as delivered */
  uint64_t line;                /* as delivered */
  uint64_t column;              /* as delivered */
  uint64_t row;                 /* as delivered */
  const char *hint_ptr;         /* the pointer itself, compared only, never read after the call */
  char hint[TEXT_CAP];          /* copy of the hint, "" when none */
  int has_hint;                 /* hint was not NULL */
  bs_element hint_type;         /* as delivered */
  bs_element hint_type_of_hint; /* bs_hint_type(hint) at delivery time */
} kept_unit;

typedef struct kept_diag {
  char place[128];   /* copy */
  char message[256]; /* copy */
} kept_diag;

typedef struct collector {
  kept_unit units[MAX_UNITS]; /* first MAX_UNITS units */
  size_t unit_count;          /* all units delivered */
  kept_diag diags[MAX_DIAGS]; /* first MAX_DIAGS diagnostics */
  size_t diag_count;          /* all diagnostics delivered */
  size_t fail_after;          /* refuse the unit after this many (0: never) */
  bs_status fail_with;        /* status returned when refusing */
} collector;

static void copy_text(char *out, size_t cap, const char *text, size_t len) {
  size_t n = len < cap - 1 ? len : cap - 1;
  memcpy(out, text, n);
  out[n] = '\0';
}

static bs_status keep_unit(const bs_unit *unit, void *ctx) {
  collector *c = ctx;
  if (c->fail_after && c->unit_count == c->fail_after) return c->fail_with;
  if (c->unit_count < MAX_UNITS) {
    kept_unit *k = &c->units[c->unit_count];
    copy_text(k->text, sizeof k->text, unit->text, unit->len);
    k->len = unit->len;
    k->line = unit->line;
    k->column = unit->column;
    k->row = unit->row;
    k->hint_ptr = unit->hint;
    k->has_hint = unit->hint != NULL;
    if (unit->hint) copy_text(k->hint, sizeof k->hint, unit->hint, strlen(unit->hint));
    k->hint_type = unit->hint_type;
    k->hint_type_of_hint = unit->hint ? bs_hint_type(unit->hint) : BS_EL_NONE;
  }
  c->unit_count++;
  return BS_OK;
}

static void keep_diag(const char *place, const char *message, void *ctx) {
  collector *c = ctx;
  if (c->diag_count < MAX_DIAGS) {
    kept_diag *d = &c->diags[c->diag_count];
    snprintf(d->place, sizeof d->place, "%s", place ? place : "(null)");
    snprintf(d->message, sizeof d->message, "%s", message ? message : "(null)");
  }
  c->diag_count++;
}

static collector *collector_new(void) { return calloc(1, sizeof(collector)); }

static bs_unit_sink sink_of(collector *c) {
  bs_unit_sink sink = {.unit = keep_unit, .diagnostic = keep_diag, .ctx = c};
  return sink;
}

/* The units a case expects, in order; the list ends at text == NULL. */
typedef struct want_unit {
  const char *text;
  uint64_t row, column;
  const char *hint; /* NULL: no hint */
  bs_element type;  /* hint type */
} want_unit;

/* Compares the collected units with want; line_is_row: the expected line is the row and
 * the column 0 (NDJSON records), else the line is 0 (table cells, JSON documents). */
static void check_units(const char *name, const collector *c, const want_unit *want,
                        int line_is_row) {
  size_t n = 0;
  while (want[n].text) n++;
  CHECKF(c->unit_count == n, "%s: %zu units, want %zu", name, c->unit_count, n);
  for (size_t i = 0; i < n && i < c->unit_count && i < MAX_UNITS; i++) {
    const kept_unit *k = &c->units[i];
    const want_unit *w = &want[i];
    uint64_t want_line = line_is_row ? w->row : 0;
    uint64_t want_column = line_is_row ? 0 : w->column; /* NDJSON: the record's line only */
    CHECKF(k->len == strlen(w->text) && strcmp(k->text, w->text) == 0,
           "%s: unit %zu text \"%s\" (len %zu), want \"%s\"", name, i, k->text, k->len, w->text);
    CHECKF(k->row == w->row && k->column == want_column && k->line == want_line,
           "%s: unit %zu \"%s\" at row %llu column %llu line %llu, want row %llu column %llu "
           "line %llu",
           name, i, w->text, (unsigned long long)k->row, (unsigned long long)k->column,
           (unsigned long long)k->line, (unsigned long long)w->row, (unsigned long long)want_column,
           (unsigned long long)want_line);
    CHECKF(w->hint ? k->has_hint && strcmp(k->hint, w->hint) == 0 : !k->has_hint,
           "%s: unit %zu \"%s\" hint \"%s\"%s, want %s%s%s", name, i, w->text, k->hint,
           k->has_hint ? "" : " (NULL)", w->hint ? "\"" : "NULL", w->hint ? w->hint : "",
           w->hint ? "\"" : "");
    CHECKF(k->hint_type == w->type && k->hint_type == k->hint_type_of_hint,
           "%s: unit %zu \"%s\" hint type %s, want %s (bs_hint_type says %s)", name, i, w->text,
           bs_element_name(k->hint_type), bs_element_name(w->type),
           bs_element_name(k->hint_type_of_hint));
  }
}

/* 1 if any kept diagnostic's place equals place. */
static const kept_unit *find_unit(const collector *c, const char *text) {
  for (size_t i = 0; i < c->unit_count && i < MAX_UNITS; i++)
    if (strcmp(c->units[i].text, text) == 0) return &c->units[i];
  return NULL;
}

static int has_place(const collector *c, const char *place) {
  for (size_t i = 0; i < c->diag_count && i < MAX_DIAGS; i++)
    if (strcmp(c->diags[i].place, place) == 0) return 1;
  return 0;
}

/* ---- Decoding ---------------------------------------------------------------------- */

/* Builds UTF-16 from code units below 256 (so "\xE9" is U+00E9), with or without BOM. */
static size_t utf16_of(char *out, const char *latin1, int big_endian, int bom) {
  size_t n = 0;
  if (bom) {
    out[n++] = (char)(big_endian ? 0xFE : 0xFF);
    out[n++] = (char)(big_endian ? 0xFF : 0xFE);
  }
  for (const char *p = latin1; *p; p++) {
    out[n++] = big_endian ? 0 : *p;
    out[n++] = big_endian ? *p : 0;
  }
  return n;
}

typedef struct decode_case {
  const char *name;
  const char *bytes;      /* NULL: built as UTF-16 from utf16_text */
  size_t size;            /* of bytes */
  const char *utf16_text; /* code units below 256 for UTF-16 cases */
  int big_endian, bom;    /* UTF-16 cases */
  bs_status status;       /* expected */
  bs_encoding encoding;   /* expected */
  const char *text;       /* expected UTF-8, NULL when not checked (refused input) */
  int in_place;           /* 1: text must be the input pointer itself */
  size_t diagnostics;     /* expected count */
  const char *place;      /* expected place of the first diagnostic, or NULL */
} decode_case;

#define BYTES(s) s, sizeof(s) - 1

static void test_decode(void) {
  static const char elf[] = "\x7f"
                            "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x3e";
  static const decode_case cases[] = {
      {"clean ascii", BYTES("SSN: 123-45-6789\n"), NULL, 0, 0, BS_OK, BS_ENC_UTF8,
       "SSN: 123-45-6789\n", 1, 0, NULL},
      {"clean utf-8", BYTES("Jos\xC3\xA9 Smith 123-45-6789"), NULL, 0, 0, BS_OK, BS_ENC_UTF8,
       "Jos\xC3\xA9 Smith 123-45-6789", 1, 0, NULL},
      {"utf-8 bom", BYTES("\xEF\xBB\xBFSSN: 123-45-6789 \xC3\xA9"), NULL, 0, 0, BS_OK, BS_ENC_UTF8,
       "SSN: 123-45-6789 \xC3\xA9", 0, 0, NULL},
      {"utf-16le bom", NULL, 0, "SSN: 123-45-6789 \xE9", 0, 1, BS_OK, BS_ENC_UTF16LE,
       "SSN: 123-45-6789 \xC3\xA9", 0, 0, NULL},
      {"utf-16le no bom", NULL, 0, "SSN: 123-45-6789 \xE9", 0, 0, BS_OK, BS_ENC_UTF16LE,
       "SSN: 123-45-6789 \xC3\xA9", 0, 0, NULL},
      {"utf-16be bom", NULL, 0, "SSN: 123-45-6789 \xE9", 1, 1, BS_OK, BS_ENC_UTF16BE,
       "SSN: 123-45-6789 \xC3\xA9", 0, 0, NULL},
      {"utf-16be no bom", NULL, 0, "SSN: 123-45-6789 \xE9", 1, 0, BS_OK, BS_ENC_UTF16BE,
       "SSN: 123-45-6789 \xC3\xA9", 0, 0, NULL},
      /* U+1F600 as the surrogate pair D83D DE00 */
      {"utf-16le surrogate pair",
       BYTES("\xFF\xFE"
             "A\x00\x3D\xD8\x00\xDE"
             "B\x00"),
       NULL, 0, 0, BS_OK, BS_ENC_UTF16LE,
       "A\xF0\x9F\x98\x80"
       "B",
       0, 0, NULL},
      /* A truncated last code unit: the complete ones are kept; the offset is the file's. */
      {"utf-16le odd length",
       BYTES("\xFF\xFE"
             "A\x00"
             "B\x00"
             "C"),
       NULL, 0, 0, BS_OK, BS_ENC_UTF16LE, "AB", 0, 1, "byte 6"},
      {"invalid byte 0xE9", BYTES("caf\xE9 123-45-6789"), NULL, 0, 0, BS_OK, BS_ENC_MIXED_1252,
       "caf\xC3\xA9 123-45-6789", 0, 1, "byte 3"},
      {"windows-1252 quotes", BYTES("\x93quoted\x94 text"), NULL, 0, 0, BS_OK, BS_ENC_MIXED_1252,
       "\xE2\x80\x9Cquoted\xE2\x80\x9D text", 0, 1, "byte 0"},
      {"invalid after valid utf-8", BYTES("\xC3\xA9t\xE9"), NULL, 0, 0, BS_OK, BS_ENC_MIXED_1252,
       "\xC3\xA9t\xC3\xA9", 0, 1, "byte 3"},
      {"truncated sequence at end", BYTES("abc\xC3"), NULL, 0, 0, BS_OK, BS_ENC_MIXED_1252,
       "abc\xC3\x83", 0, 1, "byte 3"},
      /* The offset names the byte in the input, BOM included. */
      {"bom then invalid byte",
       BYTES("\xEF\xBB\xBF"
             "caf\xE9"),
       NULL, 0, 0, BS_OK, BS_ENC_MIXED_1252, "caf\xC3\xA9", 0, 1, "byte 6"},
      {"nul bytes",
       BYTES("ab\x00"
             "cd\x00\x00"
             "ef"),
       NULL, 0, 0, BS_EFORMAT, BS_ENC_BINARY, NULL, 0, 0, NULL},
      {"elf header", elf, sizeof elf - 1, NULL, 0, 0, BS_EFORMAT, BS_ENC_BINARY, NULL, 0, 0, NULL},
      {"all zero", BYTES("\x00\x00\x00\x00\x00\x00"), NULL, 0, 0, BS_EFORMAT, BS_ENC_BINARY, NULL,
       0, 0, NULL},
      {"control characters",
       BYTES("\x01\x02\x03\x04\x05\x06"
             "abc"),
       NULL, 0, 0, BS_EFORMAT, BS_ENC_BINARY, NULL, 0, 0, NULL},
      {"empty", "", 0, NULL, 0, 0, BS_OK, BS_ENC_UTF8, "", 0, 0, NULL},
  };
  bs_buf scratch;
  bs_buf_init(&scratch, (size_t)1 << 20);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const decode_case *dc = &cases[i];
    char built[256];
    const char *bytes = dc->bytes;
    size_t size = dc->size;
    if (!bytes) {
      size = utf16_of(built, dc->utf16_text, dc->big_endian, dc->bom);
      bytes = built;
    }
    collector *c = collector_new();
    bs_unit_sink sink = sink_of(c);
    const char *text = NULL;
    size_t len = 0;
    bs_encoding encoding = (bs_encoding)-1;
    bs_status status = bs_decode(&text, &len, &encoding, bytes, size, &scratch, &sink);
    CHECKF(status == dc->status, "decode %s: status %s, want %s", dc->name, bs_status_str(status),
           bs_status_str(dc->status));
    CHECKF(encoding == dc->encoding, "decode %s: encoding %s, want %s", dc->name,
           bs_encoding_name(encoding), bs_encoding_name(dc->encoding));
    if (dc->text) {
      char shown[128];
      copy_text(shown, sizeof shown, text ? text : "(null)", text ? len : 6);
      CHECKF(text && len == strlen(dc->text) && memcmp(text, dc->text, len) == 0,
             "decode %s: text \"%s\" (%zu bytes), want \"%s\"", dc->name, shown, len, dc->text);
    }
    if (dc->in_place) CHECKF(text == bytes, "decode %s: clean input was copied", dc->name);
    CHECKF(c->diag_count == dc->diagnostics, "decode %s: %zu diagnostics, want %zu", dc->name,
           c->diag_count, dc->diagnostics);
    if (dc->place && c->diag_count)
      CHECKF(strcmp(c->diags[0].place, dc->place) == 0, "decode %s: place \"%s\", want \"%s\"",
             dc->name, c->diags[0].place, dc->place);
    free(c);
  }

  /* No sink at all: the repair still happens. */
  const char *text = NULL;
  size_t len = 0;
  bs_encoding encoding;
  CHECK(bs_decode(&text, &len, &encoding, "x\xE9y", 3, &scratch, NULL) == BS_OK && len == 4 &&
        memcmp(text, "x\xC3\xA9y", 4) == 0);
  bs_buf_free(&scratch);
}

/* ---- Format recognition ------------------------------------------------------------ */

typedef struct sniff_case {
  const char *name; /* file name */
  const char *text; /* content */
  bs_format format; /* expected */
  char delimiter;   /* expected when CSV */
} sniff_case;

static void test_sniff(void) {
  static const sniff_case cases[] = {
      {"people.csv", "name,ssn\nJohn,123-45-6789\n", BS_FMT_CSV, ','},
      {"PEOPLE.CSV", "name,ssn\nJohn,123-45-6789\n", BS_FMT_CSV, ','},
      {"people.csv", "name;ssn\nJohn;123-45-6789\n", BS_FMT_CSV, ';'},
      {"people.csv", "name\nJohn\n", BS_FMT_CSV, ','},
      {"people.tsv", "name,ssn,dob\nJohn,1,2\n", BS_FMT_CSV, '\t'},
      {"records.json", "name,ssn,dob\na,b,c\n", BS_FMT_JSON, 0},
      {"records.ndjson", "{\"a\":1}", BS_FMT_NDJSON, 0},
      {"records.jsonl", "[1]\n[2]\n", BS_FMT_NDJSON, 0},
      /* Pretty-printed: the second line starts with '{' but the first does not close. */
      {"export", "{\"entry\": [\n  {\"a\": 1},\n  {\"a\": 2}\n]}\n", BS_FMT_JSON, 0},
      {"export", "{\"a\": \"}{\"}\n{\"a\": 2}\n", BS_FMT_NDJSON, 0},
      {"bundle.json",
       "{\"resourceType\": \"Bundle\", \"entry\": [\n  {\"resource\": {\"resourceType\": "
       "\"Patient\"}}\n]}\n",
       BS_FMT_FHIR, 0},
      {"notes.txt",
       "Dear patient, we write about an incident.\nIt happened on Monday, and we, "
       "the clinic, are sorry.\nPlease call us.\n",
       BS_FMT_TEXT, 0},
      {"notes.txt", "Dear patient, thank you, we are writing, with regret.", BS_FMT_TEXT, 0},
      {"export", "  {\"name\": \"John\"}", BS_FMT_JSON, 0},
      {"export", "[{\"name\": \"John\"}]\n", BS_FMT_JSON, 0},
      {"export", "{\n  \"name\": \"John\"\n}\n", BS_FMT_JSON, 0},
      {"export", "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n", BS_FMT_NDJSON, 0},
      {"export", "{\"a\":1}\r\n\r\n{\"a\":2}\r\n", BS_FMT_NDJSON, 0},
      {"export", "name,ssn,dob\nJohn,123-45-6789,1962\nJane,987-65-4321,1970\n", BS_FMT_CSV, ','},
      {"export", "name\tssn\tdob\nJohn\t123-45-6789\t1962\n", BS_FMT_CSV, '\t'},
      {"export", "name|ssn|dob\nJohn|123-45-6789|1962\n", BS_FMT_CSV, '|'},
      {"export", "name;ssn;dob\nJohn;123-45-6789;1962", BS_FMT_CSV, ';'},
      {"export", "\"Smith, John\",1962,ok\n\"Doe, Jane\",1970,ok\n", BS_FMT_CSV, ','},
      {"export", "name,ssn\nJohn,123-45-6789\n", BS_FMT_TEXT, 0}, /* two columns: not enough */
      {"export", "a,b,c\n1,2\n", BS_FMT_TEXT, 0},                 /* inconsistent */
      {"dir.json/notes", "plain words\n", BS_FMT_TEXT, 0},        /* a dot in a folder name */
      {"empty.csv", "", BS_FMT_EMPTY, 0},
      {"empty.json", "", BS_FMT_EMPTY, 0},
      {"empty", "", BS_FMT_EMPTY, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const sniff_case *sc = &cases[i];
    char delimiter = 'x';
    bs_format format = bs_sniff(&delimiter, sc->name, sc->text, strlen(sc->text));
    CHECKF(format == sc->format && (format != BS_FMT_CSV || delimiter == sc->delimiter),
           "sniff case %zu (%s): %s delimiter 0x%02x, want %s delimiter 0x%02x", i, sc->name,
           bs_format_name(format), (unsigned char)delimiter, bs_format_name(sc->format),
           (unsigned char)sc->delimiter);
  }
  CHECK(strcmp(bs_format_name(BS_FMT_NDJSON), "ndjson") == 0);
}

/* ---- CSV --------------------------------------------------------------------------- */

typedef struct table_case {
  const char *name;
  const char *input;
  char delimiter;
  want_unit units[10];
  size_t diagnostics;    /* expected count */
  const char *places[2]; /* places that must be among the diagnostics */
} table_case;

#define NONE BS_EL_NONE

static void test_csv(void) {
  static const table_case cases[] = {
      {"header hints",
       "Name,SSN,DOB\nJohn Smith,123-45-6789,03/14/1962\nJane Doe,987-65-4321,01/02/1970\n",
       ',',
       {{"John Smith", 2, 1, "Name", BS_EL_NAME},
        {"123-45-6789", 2, 2, "SSN", BS_EL_SSN},
        {"03/14/1962", 2, 3, "DOB", BS_EL_DOB},
        {"Jane Doe", 3, 1, "Name", BS_EL_NAME},
        {"987-65-4321", 3, 2, "SSN", BS_EL_SSN},
        {"01/02/1970", 3, 3, "DOB", BS_EL_DOB},
        {0}},
       0,
       {0}},
      {"quoting",
       "Name,Note,Phone\n\"Smith, John\",\"line one\nline \"\"two\"\"\",555\nDoe,x,1\n",
       ',',
       {{"Smith, John", 2, 1, "Name", BS_EL_NAME},
        {"line one\nline \"two\"", 2, 2, "Note", NONE},
        {"555", 2, 3, "Phone", BS_EL_PHONE},
        {"Doe", 3, 1, "Name", BS_EL_NAME},
        {"x", 3, 2, "Note", NONE},
        {"1", 3, 3, "Phone", BS_EL_PHONE},
        {0}},
       0,
       {0}},
      {"empty cells skipped",
       "First Name,Last Name,SSN\nJohn,,123-45-6789\n,Doe,\n",
       ',',
       {{"John", 2, 1, "First Name", BS_EL_FIRST_NAME},
        {"123-45-6789", 2, 3, "SSN", BS_EL_SSN},
        {"Doe", 3, 2, "Last Name", BS_EL_LAST_NAME},
        {0}},
       0,
       {0}},
      {"no header",
       "123-45-6789,03/14/1962\n987-65-4321,01/02/1970\n",
       ',',
       {{"123-45-6789", 1, 1, NULL, NONE},
        {"03/14/1962", 1, 2, NULL, NONE},
        {"987-65-4321", 2, 1, NULL, NONE},
        {"01/02/1970", 2, 2, NULL, NONE},
        {0}},
       0,
       {0}},
      {"single hinted column",
       "SSN\n123-45-6789\n",
       ',',
       {{"123-45-6789", 2, 1, "SSN", BS_EL_SSN}, {0}},
       0,
       {0}},
      {"tsv with empty cell",
       "First Name\tLast Name\tSSN\nJohn\t\t123-45-6789\n",
       '\t',
       {{"John", 2, 1, "First Name", BS_EL_FIRST_NAME},
        {"123-45-6789", 2, 3, "SSN", BS_EL_SSN},
        {0}},
       0,
       {0}},
      {"semicolons",
       "Name;Zip\n\"Smith; John\";62704\n",
       ';',
       {{"Smith; John", 2, 1, "Name", BS_EL_NAME}, {"62704", 2, 2, "Zip", BS_EL_ZIP}, {0}},
       0,
       {0}},
      {"crlf",
       "Name,SSN\r\nJohn,123-45-6789\r\nJane,987-65-4321\r\n",
       ',',
       {{"John", 2, 1, "Name", BS_EL_NAME},
        {"123-45-6789", 2, 2, "SSN", BS_EL_SSN},
        {"Jane", 3, 1, "Name", BS_EL_NAME},
        {"987-65-4321", 3, 2, "SSN", BS_EL_SSN},
        {0}},
       0,
       {0}},
      {"more cells than header",
       "Name,SSN\nJohn,123-45-6789,extra,more\n",
       ',',
       {{"John", 2, 1, "Name", BS_EL_NAME},
        {"123-45-6789", 2, 2, "SSN", BS_EL_SSN},
        {"extra", 2, 3, NULL, NONE},
        {"more", 2, 4, NULL, NONE},
        {0}},
       0,
       {0}},
      {"malformed quoting mid-file",
       "Name,SSN\nJohn,123-45-6789\nJa\"ne,987-65-4321\nMary,111-22-3333\n",
       ',',
       {{"John", 2, 1, "Name", BS_EL_NAME},
        {"123-45-6789", 2, 2, "SSN", BS_EL_SSN},
        {"Ja\"ne", 3, 1, "Name", BS_EL_NAME},
        {"987-65-4321", 3, 2, "SSN", BS_EL_SSN},
        {"Mary", 4, 1, "Name", BS_EL_NAME},
        {"111-22-3333", 4, 2, "SSN", BS_EL_SSN},
        {0}},
       1,
       {"row 3"}},
      /* The most common malformed CSV: unescaped quotes inside a quoted field. */
      {"inner quotes",
       "Name,SSN\n\"John \"Jack\" Smith\",123-45-6789\nJane,987-65-4321\n",
       ',',
       {{"John \"Jack\" Smith", 2, 1, "Name", BS_EL_NAME},
        {"123-45-6789", 2, 2, "SSN", BS_EL_SSN},
        {"Jane", 3, 1, "Name", BS_EL_NAME},
        {"987-65-4321", 3, 2, "SSN", BS_EL_SSN},
        {0}},
       1,
       {"row 2"}},
      {"unclosed quote at end",
       "Name,Note\nJohn,ok\nJane,\"unfinished text\n",
       ',',
       {{"John", 2, 1, "Name", BS_EL_NAME},
        {"ok", 2, 2, "Note", NONE},
        {"Jane", 3, 1, "Name", BS_EL_NAME},
        {"unfinished text\n", 3, 2, "Note", NONE},
        {0}},
       1,
       {"row 3"}},
      {"empty input", "", ',', {{0}}, 0, {0}},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const table_case *tc = &cases[i];
    collector *c = collector_new();
    bs_unit_sink sink = sink_of(c);
    bs_status status = bs_extract_csv(tc->input, strlen(tc->input), tc->delimiter, &sink);
    CHECKF(status == BS_OK, "csv %s: status %s", tc->name, bs_status_str(status));
    check_units(tc->name, c, tc->units, 0);
    CHECKF(c->diag_count == tc->diagnostics, "csv %s: %zu diagnostics, want %zu (first: %s: %s)",
           tc->name, c->diag_count, tc->diagnostics, c->diag_count ? c->diags[0].place : "",
           c->diag_count ? c->diags[0].message : "");
    for (int p = 0; p < 2; p++)
      if (tc->places[p])
        CHECKF(has_place(c, tc->places[p]), "csv %s: no diagnostic at \"%s\"", tc->name,
               tc->places[p]);
    free(c);
  }

  /* Text after a closing quote ("Smith" Jr): that row is read leniently, and the rows
   * after it are still rows, each with its own cells and hints. */
  static const want_unit after_quote[] = {
      {"123-45-6789", 2, 2, "SSN", BS_EL_SSN}, {"Jane", 3, 1, "Name", BS_EL_NAME},
      {"987-65-4321", 3, 2, "SSN", BS_EL_SSN}, {"111-22-3333", 4, 2, "SSN", BS_EL_SSN},
      {"Bob", 5, 1, "Name", BS_EL_NAME},       {"444-55-6666", 5, 2, "SSN", BS_EL_SSN},
  };
  const char *after_quote_input = "Name,SSN\n\"Smith\" Jr,123-45-6789\nJane,987-65-4321\n"
                                  "\"Doe\" Sr,111-22-3333\nBob,444-55-6666\n";
  collector *c = collector_new();
  bs_unit_sink sink = sink_of(c);
  CHECK(bs_extract_csv(after_quote_input, strlen(after_quote_input), ',', &sink) == BS_OK);
  CHECKF(has_place(c, "row 2") && has_place(c, "row 4"),
         "csv text after closing quote: %zu diagnostics, want rows 2 and 4", c->diag_count);
  for (size_t i = 0; i < sizeof after_quote / sizeof after_quote[0]; i++) {
    const want_unit *w = &after_quote[i];
    const kept_unit *k = find_unit(c, w->text);
    CHECKF(k && k->row == w->row && k->column == w->column && strcmp(k->hint, w->hint) == 0,
           "csv text after closing quote: \"%s\" %s at row %llu column %llu hint \"%s\"", w->text,
           k ? "found" : "not delivered as a cell", k ? (unsigned long long)k->row : 0ULL,
           k ? (unsigned long long)k->column : 0ULL, k ? k->hint : "");
  }
  free(c);

  /* One hint pointer per column for the whole file. */
  c = collector_new();
  sink = sink_of(c);
  const char *table = "Name,SSN\nJohn,1\nJane,2\n";
  CHECK(bs_extract_csv(table, strlen(table), ',', &sink) == BS_OK);
  CHECK(c->unit_count == 4 && c->units[0].hint_ptr == c->units[2].hint_ptr &&
        c->units[1].hint_ptr == c->units[3].hint_ptr &&
        c->units[0].hint_ptr != c->units[1].hint_ptr);
  free(c);

  /* A sink error stops the reader and comes back as its status. */
  c = collector_new();
  c->fail_after = 2;
  c->fail_with = BS_ELIMIT;
  sink = sink_of(c);
  CHECK(bs_extract_csv(table, strlen(table), ',', &sink) == BS_ELIMIT);
  CHECKF(c->unit_count == 2, "csv after sink error: %zu units", c->unit_count);
  free(c);
}

/* ---- JSON and NDJSON --------------------------------------------------------------- */

typedef struct json_case {
  const char *name;
  const char *input;
  int ndjson;
  want_unit units[10];
  size_t diagnostics; /* expected count */
  const char *place;  /* expected place of the first diagnostic, or NULL */
} json_case;

static void test_json(void) {
  static const json_case cases[] = {
      {"fhir bundle",
       "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"birthDate\":\"1962-03-14\","
       "\"address\":[{\"postalCode\":\"62704\"}],\"name\":[{\"given\":[\"John\",\"Q\"],"
       "\"family\":\"Smith\"}]}}]}",
       0,
       {{"Bundle", 1, 0, "resourceType", NONE},
        {"1962-03-14", 1, 0, "entry.resource.birthDate", BS_EL_DOB},
        {"62704", 1, 0, "entry.resource.address.postalCode", BS_EL_ZIP},
        {"John", 1, 0, "entry.resource.name.given", BS_EL_FIRST_NAME},
        {"Q", 1, 0, "entry.resource.name.given", BS_EL_FIRST_NAME},
        {"Smith", 1, 0, "entry.resource.name.family", BS_EL_LAST_NAME},
        {0}},
       0,
       NULL},
      {"numbers as text",
       "{\"mrn\": 1234567, \"balance\": -1.5e3, \"acct\": 12345678901234567890, "
       "\"active\": true, \"note\": null}",
       0,
       {{"1234567", 1, 0, "mrn", BS_EL_MRN},
        {"-1.5e3", 1, 0, "balance", NONE},
        {"12345678901234567890", 1, 0, "acct", BS_EL_ACCOUNT},
        {0}},
       0,
       NULL},
      {"top-level array rows",
       "[{\"ssn\":\"123-45-6789\",\"kids\":[{\"ssn\":\"111-22-3333\"}]},{\"ssn\":\"987-65-4321\"},"
       "\"loose\",[\"a\",\"b\"],{\"after\":{\"x\":1}}]",
       0,
       {{"123-45-6789", 1, 0, "ssn", BS_EL_SSN},
        {"111-22-3333", 1, 0, "kids.ssn", BS_EL_SSN},
        {"987-65-4321", 2, 0, "ssn", BS_EL_SSN},
        {"loose", 3, 0, NULL, NONE},
        {"a", 4, 0, NULL, NONE},
        {"b", 4, 0, NULL, NONE},
        {"1", 5, 0, "after.x", NONE},
        {0}},
       0,
       NULL},
      {"keys after nested values",
       "{\"a\":{\"b\":[{\"c\":\"1\"}],\"d\":\"2\"},\"e\":\"3\"}",
       0,
       {{"1", 1, 0, "a.b.c", NONE}, {"2", 1, 0, "a.d", NONE}, {"3", 1, 0, "e", NONE}, {0}},
       0,
       NULL},
      {"escapes",
       "{\"caf\\u00e9\":\"Jos\\u00e9 \\\"JJ\\\" Smith\\n\",\"a\\\"b\":\"\\/x\"}",
       0,
       {{"Jos\xC3\xA9 \"JJ\" Smith\n", 1, 0, "caf\xC3\xA9", NONE}, {"/x", 1, 0, "a\"b", NONE}, {0}},
       0,
       NULL},
      {"broken document",
       "{\"a\":\"x\",\"b\":\"y\",]",
       0,
       {{"x", 1, 0, "a", NONE}, {"y", 1, 0, "b", NONE}, {0}},
       1,
       NULL},
      {"truncated document", "{\"a\":\"x\"", 0, {{"x", 1, 0, "a", NONE}, {0}}, 1, NULL},
      {"empty document", "", 0, {{0}}, 1, NULL},
      {"ndjson rows and lines",
       "{\"ssn\":\"123-45-6789\",\"birthDate\":\"1962-03-14\"}\n{\"ssn\":\"987-65-4321\"}\n\n"
       "{\"name\":{\"family\":\"Doe\"}}\n",
       1,
       {{"123-45-6789", 1, 1, "ssn", BS_EL_SSN},
        {"1962-03-14", 1, 1, "birthDate", BS_EL_DOB},
        {"987-65-4321", 2, 1, "ssn", BS_EL_SSN},
        {"Doe", 4, 1, "name.family", BS_EL_LAST_NAME},
        {0}},
       0,
       NULL},
      {"ndjson crlf and no final newline",
       "{\"a\":\"1\"}\r\n{\"a\":\"2\"}",
       1,
       {{"1", 1, 1, "a", NONE}, {"2", 2, 1, "a", NONE}, {0}},
       0,
       NULL},
      {"ndjson broken line",
       "{\"a\":\"1\"}\n{\"a\":\"2\",\n{\"a\":\"3\"}\n",
       1,
       {{"1", 1, 1, "a", NONE}, {"2", 2, 1, "a", NONE}, {"3", 3, 1, "a", NONE}, {0}},
       1,
       NULL},
      /* JSON Lines allows any value on a line; a line's record is still that line. */
      {"ndjson array lines",
       "[\"Name\",\"Score\"]\n[\"Gilbert\",\"24\"]\n{\"a\":\"x\"}\n",
       1,
       {{"Name", 1, 1, NULL, NONE},
        {"Score", 1, 1, NULL, NONE},
        {"Gilbert", 2, 1, NULL, NONE},
        {"24", 2, 1, NULL, NONE},
        {"x", 3, 1, "a", NONE},
        {0}},
       0,
       NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const json_case *jc = &cases[i];
    collector *c = collector_new();
    bs_unit_sink sink = sink_of(c);
    bs_status status = jc->ndjson ? bs_extract_ndjson(jc->input, strlen(jc->input), &sink)
                                  : bs_extract_json(jc->input, strlen(jc->input), &sink);
    CHECKF(status == BS_OK, "json %s: status %s", jc->name, bs_status_str(status));
    check_units(jc->name, c, jc->units, jc->ndjson);
    CHECKF(c->diag_count == jc->diagnostics, "json %s: %zu diagnostics, want %zu (first: %s: %s)",
           jc->name, c->diag_count, jc->diagnostics, c->diag_count ? c->diags[0].place : "",
           c->diag_count ? c->diags[0].message : "");
    if (jc->place && c->diag_count)
      CHECKF(strcmp(c->diags[0].place, jc->place) == 0, "json %s: place \"%s\", want \"%s\"",
             jc->name, c->diags[0].place, jc->place);
    /* Every diagnostic says where: a byte offset in a document, a line in NDJSON. */
    for (size_t d = 0; d < c->diag_count && d < MAX_DIAGS; d++)
      CHECKF(strncmp(c->diags[d].place, jc->ndjson ? "line " : "byte ", 5) == 0,
             "json %s: place \"%s\"", jc->name, c->diags[d].place);
    free(c);
  }

  /* A broken document names the byte where it broke: the stray ']' is byte 17 (yajl
   * counts the offending token as consumed, so up to one past it is accepted). */
  collector *c = collector_new();
  bs_unit_sink sink = sink_of(c);
  const char *broken = "{\"a\":\"x\",\"b\":\"y\",]";
  CHECK(bs_extract_json(broken, strlen(broken), &sink) == BS_OK);
  unsigned long offset = 0;
  CHECKF(c->diag_count == 1 && sscanf(c->diags[0].place, "byte %lu", &offset) == 1 &&
             offset >= 16 && offset <= 18,
         "broken document: %zu diagnostics, place \"%s\"", c->diag_count,
         c->diag_count ? c->diags[0].place : "");
  free(c);

  /* NDJSON: the broken line is the one named. */
  c = collector_new();
  sink = sink_of(c);
  const char *lines = "{\"a\":\"1\"}\n{\"a\":\"1\"}\n{\"a\" \"2\"}\n{\"a\":\"3\"}\n";
  CHECK(bs_extract_ndjson(lines, strlen(lines), &sink) == BS_OK);
  CHECKF(c->diag_count == 1 && strncmp(c->diags[0].place, "line 3 ", 7) == 0,
         "ndjson broken line 3: %zu diagnostics, first at \"%s\"", c->diag_count,
         c->diag_count ? c->diags[0].place : "");
  CHECK(c->unit_count == 3 && c->units[2].row == 4 && c->units[2].line == 4);
  free(c);

  /* Deep nesting: nested far below the limit is read; far beyond it is refused with a
   * diagnostic, not a crash. */
  enum { SHALLOW = 100, DEEP = 1000, DEEPEST = 100000 };
  char *nested = malloc(6 * (size_t)DEEPEST + 8);
  size_t n = 0;
  for (int k = 0; k < SHALLOW; k++) nested[n++] = '[';
  memcpy(nested + n, "\"x\"", 3);
  n += 3;
  for (int k = 0; k < SHALLOW; k++) nested[n++] = ']';
  c = collector_new();
  sink = sink_of(c);
  CHECK(bs_extract_json(nested, n, &sink) == BS_OK);
  CHECK(c->unit_count == 1 && strcmp(c->units[0].text, "x") == 0 && c->diag_count == 0);
  free(c);
  const int depths[] = {DEEP, DEEPEST};
  for (size_t d = 0; d < sizeof depths / sizeof depths[0]; d++) {
    /* Arrays in a JSON document. */
    n = 0;
    for (int k = 0; k < depths[d]; k++) nested[n++] = '[';
    memcpy(nested + n, "\"x\"", 3);
    n += 3;
    for (int k = 0; k < depths[d]; k++) nested[n++] = ']';
    c = collector_new();
    sink = sink_of(c);
    bs_status status = bs_extract_json(nested, n, &sink);
    CHECKF(status == BS_OK && c->diag_count >= 1 && c->unit_count == 0,
           "array nesting %d: status %s, %zu diagnostics, %zu units", depths[d],
           bs_status_str(status), c->diag_count, c->unit_count);
    free(c);
    /* Maps on an NDJSON line (each level also lengthens the key path). */
    n = 0;
    for (int k = 0; k < depths[d]; k++) {
      memcpy(nested + n, "{\"a\":", 5);
      n += 5;
    }
    nested[n++] = '1';
    for (int k = 0; k < depths[d]; k++) nested[n++] = '}';
    c = collector_new();
    sink = sink_of(c);
    status = bs_extract_ndjson(nested, n, &sink);
    CHECKF(status == BS_OK && c->diag_count >= 1 && c->unit_count == 0,
           "map nesting %d: status %s, %zu diagnostics, %zu units", depths[d],
           bs_status_str(status), c->diag_count, c->unit_count);
    free(c);
  }
  free(nested);

  /* A sink error stops the reader and comes back as its status, without a diagnostic. */
  c = collector_new();
  c->fail_after = 1;
  c->fail_with = BS_ENOMEM;
  sink = sink_of(c);
  const char *doc = "[{\"a\":\"1\"},{\"a\":\"2\"},{\"a\":\"3\"}]";
  CHECK(bs_extract_json(doc, strlen(doc), &sink) == BS_ENOMEM);
  CHECK(c->unit_count == 1 && c->diag_count == 0);
  free(c);
  c = collector_new();
  c->fail_after = 1;
  c->fail_with = BS_ENOMEM;
  sink = sink_of(c);
  CHECK(bs_extract_ndjson(lines, strlen(lines), &sink) == BS_ENOMEM);
  CHECK(c->unit_count == 1 && c->diag_count == 0);
  free(c);
}

/* ---- Dispatch ---------------------------------------------------------------------- */

static void test_dispatch(void) {
  collector *c = collector_new();
  bs_unit_sink sink = sink_of(c);
  CHECK(bs_extract(BS_FMT_BINARY, ',', "x", 1, &sink) == BS_EFORMAT);
  CHECK(bs_extract(BS_FMT_EMPTY, ',', "", 0, &sink) == BS_OK);
  CHECK(c->unit_count == 0);
  const char *text = "line one\nSSN 123-45-6789\n";
  CHECK(bs_extract(BS_FMT_TEXT, ',', text, strlen(text), &sink) == BS_OK);
  CHECK(c->unit_count == 1 && c->units[0].line == 1 && c->units[0].column == 1 &&
        c->units[0].len == strlen(text) && !c->units[0].has_hint);
  c->unit_count = 0;
  const char *table = "a|b|SSN\n1|2|3\n";
  CHECK(bs_extract(BS_FMT_CSV, '|', table, strlen(table), &sink) == BS_OK);
  CHECK(c->unit_count == 3 && c->units[2].hint_type == BS_EL_SSN && c->units[2].column == 3);
  free(c);
}

/* ---- No personal data in diagnostics ----------------------------------------------- */

typedef struct leak_case {
  const char *name;
  int kind; /* 0 decode, 1 csv, 2 json, 3 ndjson */
  const char *input;
} leak_case;

static int contains_ci(const char *haystack, const char *needle) {
  return strcasestr(haystack, needle) != NULL;
}

static void test_no_personal_data_in_diagnostics(void) {
  static const leak_case cases[] = {
      {"decode", 0, "Smith \xE9 123-45-6789 \x93Smith\x94"},
      {"csv stray quote", 1, "Name,SSN\n\"Smith\"x,\"123-45-6789\"y\n"},
      {"csv quote in field", 1, "Name,SSN\nSm\"ith,123-45\"-6789\n"},
      {"csv unclosed", 1, "Name,SSN\nSmith,\"123-45-6789\n"},
      {"json bare word", 2, "{\"name\":Smith,\"ssn\":\"123-45-6789\"}"},
      {"json bad number", 2, "{\"name\":\"Smith\",\"ssn\":123-45-6789}"},
      {"json missing comma", 2, "[\"123-45-6789\" \"Smith\"]"},
      {"json key not string", 2, "{Smith:\"123-45-6789\"}"},
      {"json truncated", 2, "{\"Smith\":\"123-45-6789"},
      {"json bad escape", 2, "{\"name\":\"Smith\\q123-45-6789\"}"},
      {"ndjson truncated", 3, "{\"ssn\":\"123-45-6789\"\n"},
      {"ndjson bare word", 3, "{\"name\":\"x\"}\n{Smith:123-45-6789}\n"},
      {"ndjson trailing garbage", 3, "{\"a\":\"Smith\"} 123-45-6789\n"},
  };
  static const char *const secrets[] = {"123-45-6789", "6789", "Smith"};
  bs_buf scratch;
  bs_buf_init(&scratch, (size_t)1 << 20);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const leak_case *lc = &cases[i];
    collector *c = collector_new();
    bs_unit_sink sink = sink_of(c);
    size_t len = strlen(lc->input);
    const char *text;
    size_t text_len;
    bs_encoding encoding;
    switch (lc->kind) {
    case 0: bs_decode(&text, &text_len, &encoding, lc->input, len, &scratch, &sink); break;
    case 1: bs_extract_csv(lc->input, len, ',', &sink); break;
    case 2: bs_extract_json(lc->input, len, &sink); break;
    default: bs_extract_ndjson(lc->input, len, &sink); break;
    }
    /* Each input is malformed: a case without a diagnostic would prove nothing. */
    CHECKF(c->diag_count >= 1, "leak %s: no diagnostic", lc->name);
    for (size_t d = 0; d < c->diag_count && d < MAX_DIAGS; d++)
      for (size_t s = 0; s < sizeof secrets / sizeof secrets[0]; s++)
        CHECKF(!contains_ci(c->diags[d].place, secrets[s]) &&
                   !contains_ci(c->diags[d].message, secrets[s]),
               "leak %s: diagnostic \"%s: %s\" holds input text", lc->name, c->diags[d].place,
               c->diags[d].message);
    free(c);
  }
  bs_buf_free(&scratch);
}

/* ---- Readers in a child process (isolate.h) ---------------------------------------- */

/* Sends two units sharing a hint, a diagnostic and a part not examined, as a reader
 * would; the bytes say what to do after that. */
static bs_status isolated_reader(const bs_source *src, const bs_unit_sink *sink) {
  static const char hint[] = "patients.ssn";
  char own_copy[sizeof hint];
  memcpy(own_copy, hint, sizeof hint);
  bs_unit unit = {.text = "SSN 123-45-6789",
                  .len = 15,
                  .line = 3,
                  .column = 7,
                  .row = 2,
                  .record = 2,
                  .hint = hint,
                  .hint_type = BS_EL_SSN,
                  .place = "table 1"};
  bs_status status = sink->unit(&unit, sink->ctx);
  unit.text = "second";
  unit.len = 6;
  unit.hint = own_copy; /* the same hint at another address: one pointer after replay */
  unit.place = NULL;
  if (status == BS_OK) status = sink->unit(&unit, sink->ctx);
  sink->diagnostic("row 9", "a damaged row was skipped", sink->ctx);
  if (sink->unexamined) sink->unexamined("table 2", "encrypted", sink->ctx);
  bs_member inner = {.name = "files/inner.txt", .data = "SSN 219-38-4471", .len = 15, .mtime = 42};
  bs_member locked = {.name = "locked.zip", .len = 900, .not_examined = "encrypted"};
  if (status == BS_OK && sink->member) status = sink->member(&inner, sink->ctx);
  if (status == BS_OK && sink->member) status = sink->member(&locked, sink->ctx);
  if (!strcmp(src->data, "crash")) abort();
  if (!strcmp(src->data, "allocate")) /* loops allocating, as libmdb does on some files */
    for (size_t mb = 0; mb < ((size_t)64 << 10); mb++) {
      char *p = malloc((size_t)1 << 20);
      if (!p) return BS_ENOMEM;
      p[0] = 1; /* keep it: a leak the child's exit frees */
    }
  return !strcmp(src->data, "limit") ? BS_ELIMIT : status;
}

/* The same, through a zygote (zygote 1) or forked directly (0). */
static void test_isolate_modes(int zygote) {
  static const char *const modes[] = {"ok", "limit", "crash", "allocate"};
  for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
    got *g = got_new();
    bs_unit_sink sink = got_sink(g);
    bs_source src = {.name = "x.mdb", .data = modes[m], .len = strlen(modes[m])};
    bs_status status = bs_isolate_run(isolated_reader, &src, &sink, "the test reader");
    CHECKF(g->unit_count == 2, "%s: %zu units", modes[m], g->unit_count);
    const got_unit *u = &g->units[0];
    CHECKF(!strcmp(u->text, "SSN 123-45-6789") && u->line == 3 && u->column == 7 && u->row == 2 &&
               u->hint_type == BS_EL_SSN && !strcmp(u->hint, "patients.ssn") &&
               !strcmp(u->place, "table 1"),
           "%s: first unit as sent", modes[m]);
    CHECKF(!strcmp(g->units[1].text, "second") && !g->units[1].place[0] &&
               g->units[1].hint_ptr == u->hint_ptr,
           "%s: one hint pointer for one hint", modes[m]);
    CHECKF(got_diag(g, "row 9: a damaged row was skipped"), "%s: diagnostic", modes[m]);
    CHECKF(got_unexamined(g, "table 2: encrypted"), "%s: not examined", modes[m]);
    const got_member *inner = got_member_named(g, "files/inner.txt");
    const got_member *locked = got_member_named(g, "locked.zip");
    CHECKF(g->member_count == 2 && inner && inner->has_data && inner->len == 15 &&
               !strcmp(inner->data, "SSN 219-38-4471") && inner->mtime == 42 && !inner->why[0],
           "%s (zygote %d): member with its bytes", modes[m], zygote);
    CHECKF(locked && !locked->has_data && !strcmp(locked->why, "encrypted"),
           "%s (zygote %d): member not examined", modes[m], zygote);
    if (m < 2) {
      CHECKF(status == (m ? BS_ELIMIT : BS_OK) && g->diag_count == 1,
             "%s: the child's status, no failure", modes[m]);
    } else {
      /* Crashed, or out of memory under the cap (the child's allocation fails, or the
       * kernel stops it): what came before is kept, the rest reported. */
      int failed = got_diag(g, "-: the test reader failed on this file: the rest not read") ||
                   got_notes_contain(g, "the test reader failed");
      CHECKF(m == 3 ? (status == BS_ENOMEM || failed) : (status == BS_OK && failed),
             "%s: status %d, failure reported", modes[m], status);
      if (m == 2) CHECK(got_unexamined(g, "rest: damaged: could not be read"));
    }
    free(g);
  }
}

/* A sink that keeps the phrase pointers it is given, as the scan keeps a file's note. */
static const char *kept_why, *kept_member_why;
static bs_status ignore_unit(const bs_unit *unit, void *ctx) {
  (void)unit;
  (void)ctx;
  return BS_OK;
}
static void keeper_diagnostic(const char *place, const char *message, void *ctx) {
  (void)place;
  (void)message;
  (void)ctx;
}
static bs_status keeper_member(const bs_member *member, void *ctx) {
  (void)ctx;
  if (member->not_examined) kept_member_why = member->not_examined;
  return BS_OK;
}
static void keeper_unexamined(const char *place, const char *why, void *ctx) {
  (void)place;
  (void)ctx;
  kept_why = why;
}

static void test_isolate(void) {
  /* Phrases outlive the run: the scan stores them after the reader is done. */
  bs_unit_sink keeper = {ignore_unit, keeper_diagnostic, keeper_member, keeper_unexamined, NULL};
  bs_source ok_src = {.name = "x.mdb", .data = "ok", .len = 2};
  CHECK(bs_isolate_run(isolated_reader, &ok_src, &keeper, "the test reader") == BS_OK);
  CHECK(kept_why && !strcmp(kept_why, "encrypted") && kept_member_why &&
        !strcmp(kept_member_why, "encrypted"));
  CHECK(bs_isolate_start(NULL) == BS_OK);
  test_isolate_modes(1);
  /* A walked file is handed over by its descriptor, not copied. */
  char path[] = "/tmp/bs-test-isolate-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0 && write(fd, "limit", 5) == 5);
  char open_path[40];
  snprintf(open_path, sizeof open_path, "/proc/self/fd/%d", fd);
  got *g = got_new();
  bs_unit_sink sink = got_sink(g);
  bs_source src = {.name = "x.mdb", .data = "limit", .len = 5, .open_path = open_path};
  CHECK(bs_isolate_run(isolated_reader, &src, &sink, "the test reader") == BS_ELIMIT &&
        g->unit_count == 2 && g->member_count == 2);
  free(g);
  close(fd);
  unlink(path);
  bs_isolate_stop();
  test_isolate_modes(0);
}

void test_extract(void) {
  test_isolate();
  test_decode();
  test_sniff();
  test_csv();
  test_json();
  test_dispatch();
  test_no_personal_data_in_diagnostics();
}
