/* JSON and NDJSON, read with yajl's event parser (no document tree). Each string and
 * number is a unit whose field hint is its key path without array indices
 * ("entry.resource.birthDate"); its row is the record: the element of a top-level
 * array, or the line of an NDJSON file. */
#include <stdio.h>
#include <string.h>
#include <yajl_parse.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/strmap.h"
#include "detect/hints.h"
#include "extract/format.h"
#include "extract/utf8.h"

#define MAX_DEPTH        256
#define MAX_PATH_BYTES   4096
#define MAX_STRING_BYTES ((size_t)64 << 20) /* a repaired string value */

typedef struct json_reader {
  const bs_unit_sink *sink;   /* where units go */
  bs_strmap *paths;           /* interned key paths -> hint type + 1 */
  bs_buf path;                /* current key path */
  size_t path_len[MAX_DEPTH]; /* path length before each level's key */
  int is_array[MAX_DEPTH];    /* level is an array */
  int depth;                  /* open maps and arrays */
  int top_array;              /* the first value is an array: rows are its elements */
  int lines;                  /* NDJSON: a record is a line, whatever it holds */
  uint64_t row;               /* current record */
  uint64_t line;              /* NDJSON line, 0 for a JSON document */
  bs_buf repaired;            /* a string or key with its invalid UTF-8 replaced */
  bs_status status;           /* first error */
} json_reader;

static void set_key(json_reader *r, const char *key, size_t len) {
  if (r->depth <= 0 || r->depth > MAX_DEPTH) return;
  r->path.len = r->path_len[r->depth - 1];
  if (r->path.len && bs_buf_append_char(&r->path, '.') != BS_OK) return;
  if (bs_buf_append(&r->path, key, len) != BS_OK) r->path.len = r->path_len[r->depth - 1];
}

static int emit(json_reader *r, const char *text, size_t len) {
  if (r->status != BS_OK) return 0;
  if (!r->lines && (r->depth == 0 || (r->depth == 1 && r->top_array))) r->row++; /* bare */
  const char *hint = NULL;
  bs_element type = BS_EL_NONE;
  if (r->path.len) {
    int64_t *slot;
    int added;
    r->status = bs_strmap_upsert(r->paths, r->path.data, r->path.len, &slot, &hint, &added);
    if (r->status != BS_OK) return 0;
    if (added) *slot = (int64_t)bs_hint_type(hint) + 1;
    type = (bs_element)(*slot - 1);
  }
  bs_unit unit = {.text = text,
                  .len = len,
                  .row = r->row,
                  .record = r->row,
                  .line = r->line,
                  .column = 0,
                  .hint = hint,
                  .hint_type = type};
  r->status = r->sink->unit(&unit, r->sink->ctx);
  return r->status == BS_OK;
}

/* yajl decodes escapes as it finds them: a lone surrogate ("\udc00") comes out as
 * bytes that are not UTF-8. Units must be UTF-8, so such sequences become U+FFFD. */
static const char *clean(json_reader *r, const char *text, size_t *len) {
  if (bs_utf8_valid(text, *len)) return text;
  r->status = bs_utf8_repair(&r->repaired, text, *len);
  *len = r->repaired.len;
  return r->status == BS_OK ? r->repaired.data : NULL;
}

static int on_string(void *ctx, const unsigned char *text, size_t len) {
  json_reader *r = ctx;
  const char *value = clean(r, (const char *)text, &len);
  return value && emit(r, value, len);
}

static int on_number(void *ctx, const char *text, size_t len) { return emit(ctx, text, len); }

static int open_level(json_reader *r, int array) {
  if (r->lines) {
    /* the row is the line */
  } else if (r->depth == 0) {
    r->top_array = array;
    if (!array) r->row++;
  } else if (r->depth == 1 && r->top_array) {
    r->row++;
  }
  if (r->depth >= MAX_DEPTH) return 0;
  r->path_len[r->depth] = r->path.len;
  r->is_array[r->depth] = array;
  r->depth++;
  return 1;
}

static int close_level(json_reader *r) {
  if (r->depth > 0) {
    r->depth--;
    r->path.len = r->path_len[r->depth];
  }
  return 1;
}

static int on_start_map(void *ctx) { return open_level(ctx, 0); }
static int on_start_array(void *ctx) { return open_level(ctx, 1); }
static int on_end(void *ctx) { return close_level(ctx); }

static int on_key(void *ctx, const unsigned char *key, size_t len) {
  json_reader *r = ctx;
  const char *name = clean(r, (const char *)key, &len);
  if (name) set_key(r, name, len);
  return name != NULL;
}

static int on_scalar_other(void *ctx) {
  json_reader *r = ctx;
  if (!r->lines && (r->depth == 0 || (r->depth == 1 && r->top_array))) r->row++;
  return 1;
}
static int on_bool(void *ctx, int value) {
  (void)value;
  return on_scalar_other(ctx);
}

static const yajl_callbacks callbacks = {
    .yajl_null = on_scalar_other,
    .yajl_boolean = on_bool,
    .yajl_number = on_number,
    .yajl_string = on_string,
    .yajl_start_map = on_start_map,
    .yajl_map_key = on_key,
    .yajl_end_map = on_end,
    .yajl_start_array = on_start_array,
    .yajl_end_array = on_end,
};

static void *yajl_malloc_fn(void *ctx, size_t size) {
  (void)ctx;
  return bs_malloc(size);
}
static void *yajl_realloc_fn(void *ctx, void *ptr, size_t size) {
  (void)ctx;
  return bs_realloc(ptr, size);
}
static void yajl_free_fn(void *ctx, void *ptr) {
  (void)ctx;
  bs_free(ptr);
}
static yajl_alloc_funcs alloc_funcs = {yajl_malloc_fn, yajl_realloc_fn, yajl_free_fn, NULL};

/* Parses one document; reports where it broke. Returns 1 if it parsed whole. */
static int parse_document(json_reader *r, const char *text, size_t len, uint64_t line) {
  yajl_handle handle = yajl_alloc(&callbacks, &alloc_funcs, r);
  if (!handle) {
    r->status = BS_ENOMEM;
    return 0;
  }
  r->depth = 0;
  r->path.len = 0;
  yajl_status rc = yajl_parse(handle, (const unsigned char *)text, len);
  if (rc == yajl_status_ok) rc = yajl_complete_parse(handle);
  int ok = rc == yajl_status_ok;
  if (!ok && r->status == BS_OK && r->sink->diagnostic) {
    /* Non-verbose yajl messages name the error, never the input text. */
    unsigned char *message = yajl_get_error(handle, 0, NULL, 0);
    char place[64], what[160];
    size_t at = yajl_get_bytes_consumed(handle); /* counts the offending byte */
    if (at > 0) at--;
    if (line)
      snprintf(place, sizeof place, "line %llu column %zu", (unsigned long long)line, at + 1);
    else
      snprintf(place, sizeof place, "byte %zu", at);
    const char *reason = message ? (const char *)message : "parse error";
    int reason_len = (int)strcspn(reason, "\r\n");
    snprintf(what, sizeof what, "invalid JSON (%.*s); rest %s not read", reason_len, reason,
             line ? "of the line" : "of the file");
    r->sink->diagnostic(place, what, r->sink->ctx);
    yajl_free_error(handle, message);
  }
  yajl_free(handle);
  return ok;
}

static bs_status run(const char *text, size_t len, const bs_unit_sink *sink, int lines) {
  json_reader r = {.sink = sink, .lines = lines};
  bs_buf_init(&r.path, MAX_PATH_BYTES);
  bs_buf_init(&r.repaired, MAX_STRING_BYTES);
  r.status = bs_strmap_create(&r.paths);
  if (r.status == BS_OK && !lines) parse_document(&r, text, len, 0);
  for (size_t at = 0; r.status == BS_OK && lines && at < len;) {
    const char *nl = memchr(text + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - text) : len;
    r.line++;
    size_t from = at;
    while (from < end && (text[from] == ' ' || text[from] == '\t' || text[from] == '\r')) from++;
    if (from < end) {
      r.row = r.line; /* each line is one record */
      parse_document(&r, text + from, end - from, r.line);
    }
    at = end + 1;
  }
  bs_strmap_free(r.paths);
  bs_buf_free(&r.path);
  bs_buf_free(&r.repaired);
  return r.status;
}

bs_status bs_extract_json(const char *text, size_t len, const bs_unit_sink *sink) {
  return run(text, len, sink, 0);
}

bs_status bs_extract_ndjson(const char *text, size_t len, const bs_unit_sink *sink) {
  return run(text, len, sink, 1);
}
