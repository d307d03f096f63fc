/* Element-level scoring of a case against truth/mentions.jsonl.
 *
 * Truth paths are relative to the synthetic tree ("files/notes/visit-00012.txt"); the
 * case holds the paths as scanned ("/tmp/breach/files/notes/visit-00012.txt"). A
 * scanned path is matched to the truth path it ends with, at a '/' boundary. */
#include "eval/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl_tree.h>

#include "base/alloc.h"
#include "base/strmap.h"

#define MAX_LINE ((size_t)1 << 16)

/* Key of a (type, value, path) triple: type byte, value, '\t', path. */
static bs_status triple_key(bs_buf *key, int type, const char *value, const char *path) {
  bs_buf_reset(key);
  bs_status status = bs_buf_append_char(key, (char)type);
  if (status == BS_OK) status = bs_buf_printf(key, "%s\t%s", value, path);
  return status;
}

/* The format key of a value's file: the extensions of its containers, then the format
 * the scan read the file as ("csv", "zip!xlsx", "eml!pdf", "fhir-ndjson"), or, for a
 * file the scan found nothing in, its own extension. */
static void format_key(char *out, size_t cap, const char *path, const char *scanned_format) {
  size_t n = 0;
  out[0] = '\0';
  for (const char *part = path; part;) {
    const char *bang = strchr(part, '!');
    const char *end = bang ? bang : part + strlen(part);
    const char *base = part, *dot = NULL;
    for (const char *c = part; c < end; c++) {
      if (*c == '/') base = c + 1, dot = NULL;
      if (*c == '.' && c >= base) dot = c;
    }
    size_t len = dot ? (size_t)(end - dot - 1) : 0;
    int wrote;
    if (!bang && scanned_format)
      wrote = snprintf(out + n, cap - n, "%s%s", n ? "!" : "", scanned_format);
    else if (len && len <= 8)
      wrote = snprintf(out + n, cap - n, "%s%.*s", n ? "!" : "", (int)len, dot + 1);
    else
      wrote = snprintf(out + n, cap - n, "%snone", n ? "!" : "");
    if (wrote < 0 || (size_t)wrote >= cap - n) break; /* full: the outer formats suffice */
    for (size_t k = n; k < n + (size_t)wrote; k++)
      if (out[k] >= 'A' && out[k] <= 'Z') out[k] = (char)(out[k] + 32);
    n += (size_t)wrote;
    part = bang ? bang + 1 : NULL;
  }
}

/* The counts of a format key (added when new). */
static bs_eval_counts *format_counts(bs_eval_result *out, const char *key, int type) {
  size_t i = 0;
  while (i < out->format_count && strcmp(out->formats[i].name, key) != 0) i++;
  if (i == out->format_count) {
    if (out->format_count == BS_EVAL_MAX_FORMATS) { /* the last entry takes the rest */
      i = BS_EVAL_MAX_FORMATS - 1;
      snprintf(out->formats[i].name, sizeof out->formats[i].name, "other");
    } else {
      snprintf(out->formats[i].name, sizeof out->formats[i].name, "%s", key);
      out->format_count++;
    }
  }
  return &out->formats[i].types[type];
}

static const char *string_at(yajl_val object, const char *name) {
  const char *path[] = {name, NULL};
  yajl_val v = yajl_tree_get(object, path, yajl_t_string);
  return v ? YAJL_GET_STRING(v) : NULL;
}

/* Reads the mentions into `truth` (triple -> 0) and their paths into `paths`. */
static bs_status load_truth(bs_eval_result *out, bs_strmap *truth, bs_strmap *paths,
                            const char *truth_dir) {
  char file[4096];
  snprintf(file, sizeof file, "%s/mentions.jsonl", truth_dir);
  FILE *in = fopen(file, "r");
  if (!in) return BS_ENOTFOUND;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  bs_buf key;
  bs_buf_init(&key, MAX_LINE);
  bs_status status = BS_OK;
  while (status == BS_OK && (n = getline(&line, &cap, in)) >= 0) {
    if (n <= 1) continue;
    yajl_val doc = yajl_tree_parse(line, NULL, 0);
    const char *type_name = doc ? string_at(doc, "type") : NULL;
    const char *value = doc ? string_at(doc, "value") : NULL;
    const char *path = doc ? string_at(doc, "path") : NULL;
    bs_element type = type_name ? bs_element_from_name(type_name) : BS_EL_NONE;
    if (type == BS_EL_NONE || !value || !path) {
      out->bad_mentions++;
    } else {
      int64_t *slot;
      int added;
      status = triple_key(&key, type, value, path);
      if (status == BS_OK) status = bs_strmap_upsert(truth, key.data, key.len, &slot, NULL, &added);
      if (status == BS_OK && added) out->types[type].truth++;
      if (status == BS_OK) status = bs_strmap_upsert(paths, path, strlen(path), &slot, NULL, NULL);
    }
    yajl_tree_free(doc);
  }
  free(line);
  fclose(in);
  bs_buf_free(&key);
  return status;
}

/* The truth path a scanned path ends with, or the scanned path itself. */
static const char *relative_path(const bs_strmap *paths, const char *scanned) {
  for (const char *p = scanned; p; p = strchr(p, '/')) {
    if (*p == '/') p++;
    if (bs_strmap_find(paths, p, strlen(p))) return p;
  }
  return scanned;
}

static void add_example(bs_eval_result *out, const char *kind, int type, const char *value,
                        const char *path) {
  bs_buf_printf(&out->examples, "%s\t%s\t%s\t%s\n", kind, bs_element_name((bs_element)type), value,
                path);
}

/* Walks the case's findings: counts distinct found triples and hits, marking each truth
 * triple found (value 1). */
static bs_status score_findings(bs_eval_result *out, bs_store *store, bs_strmap *truth,
                                const bs_strmap *paths, bs_strmap *path_formats, size_t examples) {
  static const char sql[] = "SELECT v.type, v.value, fi.path, c.format FROM findings f"
                            " JOIN files fi ON fi.content_id = f.content_id"
                            " JOIN contents c ON c.id = f.content_id"
                            " JOIN vals v ON v.id = f.value_id"
                            " WHERE fi.status IN ('scanned', 'duplicate')";
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(bs_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK) return BS_ESTORE;
  bs_strmap *found = NULL;
  bs_buf key;
  bs_buf_init(&key, MAX_LINE);
  size_t false_shown[BS_EL_COUNT] = {0};
  bs_status status = bs_strmap_create(&found);
  int rc = SQLITE_DONE;
  while (status == BS_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    int type = sqlite3_column_int(stmt, 0);
    const char *value = (const char *)sqlite3_column_text(stmt, 1);
    const char *path = relative_path(paths, (const char *)sqlite3_column_text(stmt, 2));
    if (type < 0 || type >= BS_EL_COUNT || !value) continue;
    int64_t *slot;
    int added;
    status = triple_key(&key, type, value, path);
    if (status == BS_OK) status = bs_strmap_upsert(found, key.data, key.len, &slot, NULL, &added);
    if (status != BS_OK || !added) continue;
    out->types[type].found++;
    const char *scanned_format = (const char *)sqlite3_column_text(stmt, 3);
    char format[sizeof out->formats[0].name];
    format_key(format, sizeof format, path, scanned_format);
    format_counts(out, format, type)->found++;
    /* The truth's values in this file count under the same key (see count_truth). */
    int64_t *format_slot;
    int added_path;
    status = bs_strmap_upsert(path_formats, path, strlen(path), &format_slot, NULL, &added_path);
    if (status == BS_OK && added_path) {
      size_t f = 0;
      while (f < out->format_count && strcmp(out->formats[f].name, format) != 0) f++;
      *format_slot = (int64_t)f;
    }
    int64_t *truth_slot = bs_strmap_find(truth, key.data, key.len);
    if (truth_slot) {
      out->types[type].hits++;
      *truth_slot |= 1;
    } else if (false_shown[type] < examples) {
      false_shown[type]++;
      add_example(out, "false", type, value, path);
    }
  }
  if (status == BS_OK && rc != SQLITE_DONE) status = BS_ESTORE;
  sqlite3_finalize(stmt);
  bs_strmap_free(found);
  bs_buf_free(&key);
  return status;
}

/* Lists truth triples never found, from the mentions file again (the map keeps no
 * order; the file's order is stable). */
static bs_status list_missed(bs_eval_result *out, const bs_strmap *truth, const char *truth_dir,
                             size_t examples) {
  if (examples == 0) return BS_OK;
  char file[4096];
  snprintf(file, sizeof file, "%s/mentions.jsonl", truth_dir);
  FILE *in = fopen(file, "r");
  if (!in) return BS_ENOTFOUND;
  size_t shown[BS_EL_COUNT] = {0};
  char *line = NULL;
  size_t cap = 0;
  bs_buf key;
  bs_buf_init(&key, MAX_LINE);
  bs_status status = BS_OK;
  while (status == BS_OK && getline(&line, &cap, in) >= 0) {
    yajl_val doc = yajl_tree_parse(line, NULL, 0);
    const char *type_name = doc ? string_at(doc, "type") : NULL;
    const char *value = doc ? string_at(doc, "value") : NULL;
    const char *path = doc ? string_at(doc, "path") : NULL;
    bs_element type = type_name ? bs_element_from_name(type_name) : BS_EL_NONE;
    if (type != BS_EL_NONE && value && path && shown[type] < examples) {
      status = triple_key(&key, type, value, path);
      int64_t *slot = status == BS_OK ? bs_strmap_find(truth, key.data, key.len) : NULL;
      if (slot && (*slot & 3) == 0) {
        *slot |= 2; /* listed once */
        shown[type]++;
        add_example(out, "missed", type, value, path);
      }
    }
    yajl_tree_free(doc);
  }
  free(line);
  fclose(in);
  bs_buf_free(&key);
  return status;
}

/* Per format: the distinct truth triples and those found, from the mentions file again,
 * under the format key their file's findings have (path_formats), else its extension. */
static bs_status count_truth(bs_eval_result *out, const bs_strmap *truth,
                             const bs_strmap *path_formats, const char *truth_dir) {
  char file[4096];
  snprintf(file, sizeof file, "%s/mentions.jsonl", truth_dir);
  FILE *in = fopen(file, "r");
  if (!in) return BS_ENOTFOUND;
  char *line = NULL;
  size_t cap = 0;
  bs_buf key;
  bs_buf_init(&key, MAX_LINE);
  bs_status status = BS_OK;
  while (status == BS_OK && getline(&line, &cap, in) >= 0) {
    yajl_val doc = yajl_tree_parse(line, NULL, 0);
    const char *type_name = doc ? string_at(doc, "type") : NULL;
    const char *value = doc ? string_at(doc, "value") : NULL;
    const char *path = doc ? string_at(doc, "path") : NULL;
    bs_element type = type_name ? bs_element_from_name(type_name) : BS_EL_NONE;
    if (type != BS_EL_NONE && value && path) {
      status = triple_key(&key, type, value, path);
      int64_t *slot = status == BS_OK ? bs_strmap_find(truth, key.data, key.len) : NULL;
      if (slot && !(*slot & 4)) {
        *slot |= 4; /* counted once */
        int64_t *f = bs_strmap_find(path_formats, path, strlen(path));
        char format[sizeof out->formats[0].name];
        if (f && *f >= 0 && (size_t)*f < out->format_count)
          snprintf(format, sizeof format, "%s", out->formats[*f].name);
        else
          format_key(format, sizeof format, path, NULL);
        bs_eval_counts *counts = format_counts(out, format, type);
        counts->truth++;
        counts->hits += (*slot & 1) != 0;
      }
    }
    yajl_tree_free(doc);
  }
  free(line);
  fclose(in);
  bs_buf_free(&key);
  return status;
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const bs_eval_format *)a)->name, ((const bs_eval_format *)b)->name);
}

bs_status bs_eval_run(bs_eval_result *out, bs_store *store, const char *truth_dir,
                      size_t examples) {
  memset(out, 0, sizeof *out);
  bs_buf_init(&out->examples, (size_t)1 << 24);
  bs_strmap *truth = NULL, *paths = NULL, *path_formats = NULL;
  bs_status status = bs_strmap_create(&truth);
  if (status == BS_OK) status = bs_strmap_create(&paths);
  if (status == BS_OK) status = bs_strmap_create(&path_formats);
  if (status == BS_OK) status = load_truth(out, truth, paths, truth_dir);
  if (status == BS_OK) status = score_findings(out, store, truth, paths, path_formats, examples);
  if (status == BS_OK) status = list_missed(out, truth, truth_dir, examples);
  if (status == BS_OK) status = count_truth(out, truth, path_formats, truth_dir);
  for (int t = 0; t < BS_EL_COUNT; t++) {
    if (out->types[t].truth == 0) continue; /* types synth does not plant: not scored */
    out->total.truth += out->types[t].truth;
    out->total.found += out->types[t].found;
    out->total.hits += out->types[t].hits;
    for (size_t f = 0; f < out->format_count; f++) {
      bs_eval_format *format = &out->formats[f];
      format->total.truth += format->types[t].truth;
      format->total.found += format->types[t].found;
      format->total.hits += format->types[t].hits;
    }
  }
  qsort(out->formats, out->format_count, sizeof out->formats[0], by_name);
  bs_strmap_free(truth);
  bs_strmap_free(paths);
  bs_strmap_free(path_formats);
  return status;
}

void bs_eval_result_free(bs_eval_result *result) { bs_buf_free(&result->examples); }

double bs_eval_precision(const bs_eval_counts *c) {
  return c->found ? (double)c->hits / (double)c->found : 1.0;
}

double bs_eval_recall(const bs_eval_counts *c) {
  return c->truth ? (double)c->hits / (double)c->truth : 1.0;
}

double bs_eval_f1(const bs_eval_counts *c) {
  double p = bs_eval_precision(c), r = bs_eval_recall(c);
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}
