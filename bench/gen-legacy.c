/* gen-legacy xls|doc SOURCE OUT MEGABYTES
 *
 * The Excel 97 and Word 97 corpora of bench/formats, which no Python library or Debian
 * tool writes: with synth's writers (BIFF8 and Word 97, src/synth/biff_out.h and
 * word97_out.h), file for file from the CSV corpus (xls: SOURCE/ *.csv, one sheet of
 * its rows a workbook, its header row the sheet's) or the plain-text corpus (doc:
 * SOURCE/ *.txt, a paragraph a line), in name order, until OUT holds MEGABYTES MiB.
 * The same sources give the same bytes. Prints one line on stderr: files and bytes. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "synth/biff_out.h"
#include "synth/word97_out.h"

#define MAX_FIELDS 32
#define LINE_BYTES 4096

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir ending in suffix, sorted; NULL when the folder cannot be read. */
static char **list_sources(const char *dir, const char *suffix, size_t *count) {
  DIR *d = opendir(dir);
  if (!d) return NULL;
  char **names = NULL;
  size_t n = 0, cap = 0, suffix_len = strlen(suffix);
  for (struct dirent *e; (e = readdir(d));) {
    size_t len = strlen(e->d_name);
    if (len <= suffix_len || strcmp(e->d_name + len - suffix_len, suffix)) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      char **grown = realloc(names, cap * sizeof *names);
      if (!grown) break;
      names = grown;
    }
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  if (names) qsort(names, n, sizeof *names, by_name);
  *count = n;
  return names ? names : calloc(1, sizeof *names);
}

/* Splits a CSV line in place (RFC 4180 quotes; no newline inside a field, as the
 * corpus writes none): the number of fields. */
static size_t split_csv(char *line, char **fields) {
  size_t n = 0;
  char *c = line;
  while (n < MAX_FIELDS) {
    char *out = c;
    fields[n++] = c;
    if (*c == '"') {
      for (c++; *c && !(*c == '"' && c[1] != '"'); c++) *out++ = (*c == '"') ? *++c : *c;
      if (*c == '"') c++;
    } else {
      while (*c && *c != ',') *out++ = *c++;
    }
    int more = *c == ',';
    *out = '\0';
    if (!more) break;
    c++;
  }
  return n;
}

static void chomp(char *line) {
  size_t len = strlen(line);
  while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
}

/* One workbook of the rows of the CSV file `in`. */
static bs_status write_xls(bs_truth *truth, FILE *in, FILE *out, const char *name) {
  static char header_line[LINE_BYTES], line[LINE_BYTES];
  char *headers[MAX_FIELDS], *fields[MAX_FIELDS];
  if (!fgets(header_line, sizeof header_line, in)) return BS_EIO;
  chomp(header_line);
  size_t columns = split_csv(header_line, headers);
  bs_xls x;
  bs_status status =
      bs_xls_begin(&x, truth, name, out, "Patients", (const char *const *)headers, columns);
  for (uint32_t rows = 1; status == BS_OK && rows < BS_XLS_MAX_ROWS && fgets(line, sizeof line, in);
       rows++) {
    chomp(line);
    size_t n = split_csv(line, fields);
    for (size_t i = 0; i < n && i < columns; i++) bs_xls_text(&x, fields[i]);
    bs_xls_end_row(&x);
  }
  bs_status finished = bs_xls_finish(&x);
  return status != BS_OK ? status : finished;
}

/* One document of the lines of the text file `in`. */
static bs_status write_doc(bs_truth *truth, FILE *in, FILE *out, const char *name) {
  static char line[LINE_BYTES];
  bs_word97 w;
  bs_status status = bs_word97_begin(&w, truth, name, out);
  while (status == BS_OK && fgets(line, sizeof line, in)) bs_doc_printf(&w.doc, "%s", line);
  bs_status finished = bs_word97_finish(&w);
  return status != BS_OK ? status : finished;
}

int main(int argc, char **argv) {
  int xls = argc == 5 && !strcmp(argv[1], "xls");
  if (argc != 5 || (!xls && strcmp(argv[1], "doc"))) {
    fputs("usage: gen-legacy xls|doc SOURCE OUT MEGABYTES\n", stderr);
    return 2;
  }
  const char *source = argv[2], *out_dir = argv[3];
  long long budget = atoll(argv[4]) << 20;
  size_t count = 0;
  char **names = list_sources(source, xls ? ".csv" : ".txt", &count);
  if (!names || count == 0) {
    fprintf(stderr, "gen-legacy: no sources in %s\n", source);
    return 1;
  }
  if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
    fprintf(stderr, "gen-legacy: %s: %s\n", out_dir, strerror(errno));
    return 1;
  }
  /* The writers record what they place as mentions of a truth no one reads here. */
  bs_truth truth = {.mentions = fopen("/dev/null", "w")};
  long long total = 0;
  int files = 0, failed = !truth.mentions;
  for (size_t i = 0; i < count && total < budget && !failed; i++) {
    char in_path[4096], out_path[4096];
    snprintf(in_path, sizeof in_path, "%s/%s", source, names[i]);
    snprintf(out_path, sizeof out_path, "%s/f-%05d.%s", out_dir, files + 1, argv[1]);
    FILE *in = fopen(in_path, "r"), *out = fopen(out_path, "wb");
    bs_status status = BS_EIO;
    if (in && out) status = (xls ? write_xls : write_doc)(&truth, in, out, out_path);
    if (in) fclose(in);
    if (out && fclose(out) != 0) status = BS_EIO;
    struct stat st;
    if (status != BS_OK || stat(out_path, &st) != 0) {
      fprintf(stderr, "gen-legacy: cannot write %s from %s\n", out_path, in_path);
      failed = 1;
    } else {
      total += st.st_size;
      files++;
    }
  }
  for (size_t i = 0; i < count; i++) free(names[i]);
  free(names);
  if (truth.mentions) fclose(truth.mentions);
  if (!failed && total < budget)
    fprintf(stderr, "gen-legacy: the sources give %lld of the %lld bytes asked\n", total, budget);
  if (!failed) fprintf(stderr, "gen-legacy: %d files, %lld bytes\n", files, total);
  return failed;
}
