/* Files of the share and their mentions. */
#include "synth/doc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "synth/random.h"

static void fail(bs_truth *t, const char *path, bs_status status) {
  if (t->status != BS_OK) return;
  t->status = status;
  snprintf(t->failed_path, sizeof t->failed_path, "%s", path);
}

/* mkdir -p for the folders of root/path. */
static int make_parents(const char *full) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s", full);
  for (char *p = dir + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) return 0;
    *p = '/';
  }
  return 1;
}

bs_status bs_doc_open(bs_doc *out, bs_truth *truth, const char *path, bs_doc_kind kind,
                      const char *const *headers, size_t columns) {
  memset(out, 0, sizeof *out);
  out->truth = truth;
  out->kind = kind;
  out->line = 1;
  out->headers = headers;
  out->columns = columns;
  snprintf(out->path, sizeof out->path, "%s", path);
  char full[512];
  snprintf(full, sizeof full, "%s/%s", truth->root, path);
  if (!make_parents(full) || !(out->file = fopen(full, "w"))) {
    fail(truth, path, BS_EIO);
    return BS_EIO;
  }
  out->owns_file = 1;
  if (kind == BS_DOC_CSV || kind == BS_DOC_TSV) {
    for (size_t i = 0; i < columns; i++) bs_doc_cell(out, headers[i]);
    bs_doc_end_row(out);
  }
  out->first_in_object[0] = 1;
  return BS_OK;
}

bs_status bs_doc_touch(bs_truth *t, const char *path, int from_month, int to_month) {
  /* A modification time in 2024 from the seed and the file's number: the same on every
   * run, so `scan --modified-between` can select part of the share. Days of 2024 from
   * 1 January (19723 days after the epoch); a working-day hour, in UTC. */
  static const int month_start[] = {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366};
  bs_random r;
  bs_random_init(&r, t->seed, 99, t->files++);
  int first = month_start[from_month - 1], last = month_start[to_month] - 1;
  int64_t day = 19723 + bs_random_range(&r, first, last);
  int64_t seconds = day * 86400 + bs_random_range(&r, 8 * 3600, 18 * 3600);
  struct timespec times[2] = {{(time_t)seconds, 0}, {(time_t)seconds, 0}};
  char full[512];
  snprintf(full, sizeof full, "%s/%s", t->root, path);
  if (utimensat(AT_FDCWD, full, times, 0) != 0) {
    fail(t, path, BS_EIO);
    return BS_EIO;
  }
  return BS_OK;
}

bs_status bs_doc_close(bs_doc *doc, int from_month, int to_month) {
  if (!doc->file || !doc->owns_file) return BS_EIO;
  bs_truth *t = doc->truth;
  int failed = ferror(doc->file) != 0;
  failed |= fclose(doc->file) != 0;
  doc->file = NULL;
  if (failed) {
    fail(t, doc->path, BS_EIO);
    return BS_EIO;
  }
  return bs_doc_touch(t, doc->path, from_month, to_month);
}

void bs_doc_open_stream(bs_doc *out, bs_truth *truth, const char *path, FILE *file,
                        bs_doc_kind kind) {
  memset(out, 0, sizeof *out);
  out->truth = truth;
  out->kind = kind;
  out->line = 1;
  out->file = file;
  snprintf(out->path, sizeof out->path, "%s", path);
  out->first_in_object[0] = 1;
}

void bs_doc_set_place(bs_doc *doc, const char *place) {
  snprintf(doc->place, sizeof doc->place, "%s", place ? place : "");
  doc->line = 1;
}

void bs_doc_printf(bs_doc *doc, const char *format, ...) {
  if (!doc->file) return; /* a part that could not be opened: its error is recorded */
  char text[4096];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(text, sizeof text, format, args);
  va_end(args);
  if (n < 0) return;
  size_t len = (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
  fwrite(text, 1, len, doc->file);
  for (size_t i = 0; i < len; i++) doc->line += text[i] == '\n';
}

void bs_doc_json_escape(FILE *out, const char *text) {
  fputc('"', out);
  for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
    if (*c == '"' || *c == '\\')
      fprintf(out, "\\%c", *c);
    else if (*c < 0x20)
      fprintf(out, "\\u%04x", *c);
    else
      fputc(*c, out);
  }
  fputc('"', out);
}

/* One line of mentions.jsonl. */
static void mention(bs_doc *doc, const char *person, bs_element type, const char *value,
                    const char *text, const char *field) {
  bs_truth *t = doc->truth;
  FILE *m = t->mentions;
  fputs("{\"person\":", m);
  if (person)
    bs_doc_json_escape(m, person);
  else
    fputs("null", m);
  fprintf(m, ",\"type\":\"%s\",\"value\":", bs_element_name(type));
  bs_doc_json_escape(m, value);
  fputs(",\"text\":", m);
  bs_doc_json_escape(m, text);
  fputs(",\"path\":", m);
  bs_doc_json_escape(m, doc->path);
  if (doc->kind == BS_DOC_TEXT) {
    fprintf(m, ",\"line\":%llu", (unsigned long long)doc->line);
  } else if (doc->kind == BS_DOC_FIELDS) {
    if (doc->line) fprintf(m, ",\"line\":%llu", (unsigned long long)doc->line);
    if (doc->row) fprintf(m, ",\"row\":%llu", (unsigned long long)doc->row);
    if (field) {
      fputs(",\"field\":", m);
      bs_doc_json_escape(m, field);
    }
  } else {
    if (doc->kind == BS_DOC_NDJSON) fprintf(m, ",\"line\":%llu", (unsigned long long)doc->line);
    fprintf(m, ",\"row\":%llu,\"field\":", (unsigned long long)doc->row);
    bs_doc_json_escape(m, field);
  }
  if (doc->place[0]) {
    fputs(",\"place\":", m);
    bs_doc_json_escape(m, doc->place);
  }
  fputs("}\n", m);
  t->mentions_written++;
  /* Patients are "P" + their 1-based number; providers and nobody set no bit. */
  if (person && person[0] == 'P') {
    unsigned long index = strtoul(person + 1, NULL, 10);
    if (index >= 1 && index <= t->patients) t->exposed[index - 1] |= 1u << type;
  }
}

static void write_cell(bs_doc *doc, const char *text) {
  if (!doc->file) return;
  if (doc->column > 0) fputc(doc->kind == BS_DOC_TSV ? '\t' : ',', doc->file);
  doc->column++;
  if (doc->kind == BS_DOC_TSV || !strpbrk(text, ",\"\n\r")) {
    fputs(text, doc->file);
    return;
  }
  fputc('"', doc->file); /* RFC 4180 */
  for (const char *c = text; *c; c++) {
    if (*c == '"') fputc('"', doc->file);
    fputc(*c, doc->file);
  }
  fputc('"', doc->file);
}

void bs_doc_cell(bs_doc *doc, const char *text) {
  if (doc->row == 0) doc->row = 1;
  write_cell(doc, text);
}

void bs_doc_end_row(bs_doc *doc) {
  if (doc->file) fputc('\n', doc->file);
  doc->column = 0;
  doc->row++;
}

void bs_doc_note(bs_doc *doc, const char *field, const char *person, bs_element type,
                 const char *value, const char *text) {
  mention(doc, person, type, value, text, field);
}

void bs_doc_note_cell(bs_doc *doc, const char *place, uint64_t row, uint64_t line,
                      const char *field, const char *person, bs_element type, const char *value,
                      const char *text) {
  bs_doc saved = *doc;
  doc->kind = BS_DOC_FIELDS;
  doc->row = row;
  doc->line = line;
  snprintf(doc->place, sizeof doc->place, "%s", place ? place : "");
  mention(doc, person, type, value, text, field);
  *doc = saved;
}

int bs_doc_each_line(FILE *text, void (*fn)(const char *line, size_t len, void *ctx), void *ctx) {
  if (fflush(text) != 0) return -1;
  rewind(text);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, text)) >= 0) {
    size_t len = (size_t)n;
    if (len && line[len - 1] == '\n') len--;
    fn(line, len, ctx);
  }
  free(line);
  return ferror(text) ? -1 : 0;
}

void bs_doc_put(bs_doc *doc, const char *person, bs_element type, const char *value,
                const char *text) {
  if (doc->kind == BS_DOC_TEXT) {
    mention(doc, person, type, value, text, NULL);
    bs_doc_printf(doc, "%s", text);
    return;
  }
  const char *field = doc->column < doc->columns ? doc->headers[doc->column] : "";
  mention(doc, person, type, value, text, field);
  write_cell(doc, text);
}

/* ---- JSON ------------------------------------------------------------------------- */

static void json_comma(bs_doc *doc) {
  if (!doc->first_in_object[doc->depth]) fputc(',', doc->file);
  doc->first_in_object[doc->depth] = 0;
}

static void json_key(bs_doc *doc, const char *key) {
  json_comma(doc);
  if (!key) return;
  bs_doc_json_escape(doc->file, key);
  fputc(':', doc->file);
}

/* Key paths as the scanner builds them: keys joined by '.', arrays add nothing. */
void bs_doc_json_open(bs_doc *doc, const char *key, int array) {
  json_key(doc, key);
  int top_record = (doc->kind == BS_DOC_JSON && doc->depth == 1) ||
                   (doc->kind == BS_DOC_NDJSON && doc->depth == 0);
  if (top_record && !array) doc->row = doc->kind == BS_DOC_NDJSON ? doc->line : doc->row + 1;
  fputc(array ? '[' : '{', doc->file);
  doc->path_levels[doc->depth] = strlen(doc->key_path);
  if (key) {
    size_t n = strlen(doc->key_path);
    snprintf(doc->key_path + n, sizeof doc->key_path - n, "%s%s", n ? "." : "", key);
  }
  if (doc->depth < 7) doc->depth++;
  doc->first_in_object[doc->depth] = 1;
}

void bs_doc_json_close(bs_doc *doc, int array) {
  fputc(array ? ']' : '}', doc->file);
  if (doc->depth > 0) doc->depth--;
  doc->key_path[doc->path_levels[doc->depth]] = '\0';
}

void bs_doc_json_string(bs_doc *doc, const char *key, const char *text) {
  json_key(doc, key);
  bs_doc_json_escape(doc->file, text);
}

void bs_doc_json_put(bs_doc *doc, const char *key, const char *person, bs_element type,
                     const char *value, const char *text) {
  char field[160];
  size_t n = strlen(doc->key_path);
  snprintf(field, sizeof field, "%s%s%s", doc->key_path, n && key ? "." : "", key ? key : "");
  mention(doc, person, type, value, text, field);
  bs_doc_json_string(doc, key, text);
}

void bs_doc_json_end_line(bs_doc *doc) {
  fputc('\n', doc->file);
  doc->line++;
  doc->first_in_object[0] = 1;
}
