/* Compiles the detector patterns and context words into one Hyperscan database, and
 * scans units with it.
 *
 * A unit is scanned in one pass: Hyperscan reports every candidate and every context
 * word, in order of end offset. Candidates are then handed to their handlers in order
 * of start, each handler seeing all the context words of the unit, so that a keyword
 * after a value ("123-45-6789 (SSN)") counts as well as one before. Handlers emit
 * findings; overlapping findings of different types keep the more confident one
 * (a nine-digit run that is both a bare SSN candidate and a routing number, say). */
#include "detect/engine.h"

#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "detect/hints.h"
#include "detect/internal.h"

struct bs_engine {
  hs_database_t *db;         /* detectors and context words */
  uint8_t (*back)[256];      /* per pattern: 1 for the characters of its `back` set */
  hs_database_t *licence_db; /* driver's licence formats, one pattern per format */
  bs_refdata *ref;           /* reference tables */
  int today;                 /* YYYYMMDD */
};

struct bs_scanner {
  const bs_engine *engine;       /* shared, immutable */
  hs_scratch_t *scratch;         /* for engine->db */
  hs_scratch_t *licence_scratch; /* for engine->licence_db */
  bs_match *matches;             /* candidates of the current unit */
  size_t match_count, match_cap;
  bs_match *keywords; /* context words of the current unit */
  size_t keyword_count, keyword_cap;
  size_t *last_by_pattern; /* index+1 in matches of each pattern's latest match */
  bs_detect detect;        /* handler state, reused unit after unit */
};

/* ---- Building the database ---------------------------------------------------- */

/* Appends "a|b|c" of the first (and, when both, second) column of a table to buf. */
static bs_status append_alternation(bs_buf *buf, const bs_pair *pairs, size_t count, int keys,
                                    int values) {
  bs_status status = BS_OK;
  for (size_t i = 0; i < count && status == BS_OK; i++) {
    if (keys) {
      if (buf->len && buf->data[buf->len - 1] != '(') status = bs_buf_append_char(buf, '|');
      if (status == BS_OK) status = bs_buf_append(buf, pairs[i].key.text, pairs[i].key.len);
    }
    if (values && status == BS_OK) {
      status = bs_buf_append_char(buf, '|');
      if (status == BS_OK) status = bs_buf_append(buf, pairs[i].value.text, pairs[i].value.len);
    }
  }
  return status;
}

/* Expands the %S %T %N placeholders of a pattern. */
static bs_status expand_pattern(const bs_refdata *ref, const char *regex, bs_buf *out) {
  bs_status status = BS_OK;
  for (const char *p = regex; *p && status == BS_OK; p++) {
    if (*p != '%' || !p[1] || !strchr("STN", p[1])) {
      status = bs_buf_append_char(out, *p);
      continue;
    }
    status = bs_buf_append_char(out, '(');
    char which = *++p;
    bs_buf alt;
    bs_buf_init(&alt, 1 << 20);
    alt.len = 0;
    if (status != BS_OK) break;
    if (which == 'S')
      status = append_alternation(&alt, ref->suffixes, ref->suffix_count, 1, 0);
    else if (which == 'T' || which == 'N') {
      for (size_t i = 0; i < ref->state_count && status == BS_OK; i++) {
        const bs_span *s = which == 'T' ? &ref->states[i].key : &ref->states[i].value;
        if (alt.len) status = bs_buf_append_char(&alt, '|');
        if (status == BS_OK) status = bs_buf_append(&alt, s->text, s->len);
      }
    } else
      status = BS_EINVAL;
    if (status == BS_OK && alt.data) status = bs_buf_append(out, alt.data, alt.len);
    bs_buf_free(&alt);
    if (status == BS_OK) status = bs_buf_append_char(out, ')');
  }
  return status;
}

static bs_status compile_main(bs_engine *engine) {
  size_t total = bs_pattern_count + bs_keyword_count;
  char **expressions = bs_calloc(total, sizeof *expressions);
  unsigned *flags = bs_calloc(total, sizeof *flags);
  unsigned *ids = bs_calloc(total, sizeof *ids);
  bs_status status = expressions && flags && ids ? BS_OK : BS_ENOMEM;
  for (size_t i = 0; i < bs_pattern_count && status == BS_OK; i++) {
    bs_buf buf;
    bs_buf_init(&buf, 1 << 20);
    status = expand_pattern(engine->ref, bs_patterns[i].regex, &buf);
    expressions[i] = buf.data;
    flags[i] = bs_patterns[i].flags | (bs_patterns[i].back ? 0 : HS_FLAG_SOM_LEFTMOST);
    ids[i] = (unsigned)i;
  }
  for (size_t k = 0; k < bs_keyword_count && status == BS_OK; k++) {
    bs_buf buf;
    bs_buf_init(&buf, 4096);
    status = bs_buf_printf(&buf, bs_keywords[k].open_end ? "\\b(?:%s)" : "\\b(?:%s)\\b",
                           bs_keywords[k].regex);
    size_t i = bs_pattern_count + k;
    expressions[i] = buf.data;
    flags[i] = HS_FLAG_CASELESS;
    ids[i] = BS_KEYWORD_BASE + (unsigned)k;
  }
  if (status == BS_OK) {
    hs_compile_error_t *error = NULL;
    if (hs_compile_multi((const char *const *)expressions, flags, ids, (unsigned)total,
                         HS_MODE_BLOCK, NULL, &engine->db, &error) != HS_SUCCESS) {
      status = BS_EENGINE;
      if (getenv("BS_DEBUG_PATTERNS"))
        fprintf(stderr, "pattern %d: %s\n", error ? error->expression : -1,
                error ? error->message : "?");
      hs_free_compile_error(error);
    }
  }
  for (size_t i = 0; expressions && i < total; i++) bs_free(expressions[i]);
  bs_free(expressions);
  bs_free(flags);
  bs_free(ids);
  return status;
}

static bs_status compile_licences(bs_engine *engine) {
  const bs_refdata *ref = engine->ref;
  size_t n = ref->licence_count;
  char **expressions = bs_calloc(n, sizeof *expressions);
  unsigned *flags = bs_calloc(n, sizeof *flags);
  unsigned *ids = bs_calloc(n, sizeof *ids);
  bs_status status = expressions && flags && ids ? BS_OK : BS_ENOMEM;
  for (size_t i = 0; i < n && status == BS_OK; i++) {
    expressions[i] =
        bs_strndup(ref->licence_formats[i].value.text, ref->licence_formats[i].value.len);
    if (!expressions[i]) status = BS_ENOMEM;
    flags[i] = HS_FLAG_SINGLEMATCH;
    ids[i] = (unsigned)i;
  }
  if (status == BS_OK) {
    hs_compile_error_t *error = NULL;
    if (hs_compile_multi((const char *const *)expressions, flags, ids, (unsigned)n, HS_MODE_BLOCK,
                         NULL, &engine->licence_db, &error) != HS_SUCCESS) {
      status = BS_EENGINE;
      hs_free_compile_error(error);
    }
  }
  for (size_t i = 0; expressions && i < n; i++) bs_free(expressions[i]);
  bs_free(expressions);
  bs_free(flags);
  bs_free(ids);
  return status;
}

bs_status bs_engine_create(bs_engine **out, int today) {
  *out = NULL;
  bs_engine *engine = bs_calloc(1, sizeof *engine);
  if (!engine) return BS_ENOMEM;
  engine->today = today;
  bs_status status = bs_refdata_create(&engine->ref);
  engine->back = bs_calloc(bs_pattern_count, sizeof *engine->back);
  if (!engine->back) status = BS_ENOMEM;
  for (size_t i = 0; status == BS_OK && i < bs_pattern_count; i++)
    for (const char *c = bs_patterns[i].back; c && *c; c++) engine->back[i][(uint8_t)*c] = 1;
  if (status == BS_OK) status = compile_main(engine);
  if (status == BS_OK) status = compile_licences(engine);
  if (status != BS_OK) {
    bs_engine_free(engine);
    return status;
  }
  *out = engine;
  return BS_OK;
}

void bs_engine_free(bs_engine *engine) {
  if (!engine) return;
  hs_free_database(engine->db);
  hs_free_database(engine->licence_db);
  bs_free(engine->back);
  bs_refdata_free(engine->ref);
  bs_free(engine);
}

const bs_refdata *bs_engine_refdata(const bs_engine *engine) { return engine->ref; }

/* ---- Scanners ------------------------------------------------------------------- */

bs_status bs_scanner_create(bs_scanner **out, const bs_engine *engine) {
  *out = NULL;
  bs_scanner *scanner = bs_calloc(1, sizeof *scanner);
  if (!scanner) return BS_ENOMEM;
  scanner->engine = engine;
  scanner->last_by_pattern = bs_calloc(bs_pattern_count, sizeof *scanner->last_by_pattern);
  bs_buf_init(&scanner->detect.values, (size_t)1 << 30);
  bs_status status = scanner->last_by_pattern ? BS_OK : BS_ENOMEM;
  if (status == BS_OK &&
      (hs_alloc_scratch(engine->db, &scanner->scratch) != HS_SUCCESS ||
       hs_alloc_scratch(engine->licence_db, &scanner->licence_scratch) != HS_SUCCESS))
    status = BS_ENOMEM;
  if (status != BS_OK) {
    bs_scanner_free(scanner);
    return status;
  }
  *out = scanner;
  return BS_OK;
}

void bs_scanner_free(bs_scanner *scanner) {
  if (!scanner) return;
  hs_free_scratch(scanner->scratch);
  hs_free_scratch(scanner->licence_scratch);
  bs_free(scanner->matches);
  bs_free(scanner->keywords);
  bs_free(scanner->last_by_pattern);
  bs_free(scanner->detect.found);
  bs_buf_free(&scanner->detect.values);
  bs_free(scanner);
}

static int push_match(bs_match **items, size_t *count, size_t *cap, bs_match m) {
  if (*count == *cap) {
    size_t new_cap = *cap ? *cap * 2 : 256;
    bs_match *grown = bs_reallocarray(*items, new_cap, sizeof *grown);
    if (!grown) return 0;
    *items = grown;
    *cap = new_cap;
  }
  (*items)[(*count)++] = m;
  return 1;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx) {
  (void)flags;
  bs_scanner *s = ctx;
  bs_match m = {id, (size_t)from, (size_t)to};
  if (id >= BS_KEYWORD_BASE)
    return push_match(&s->keywords, &s->keyword_count, &s->keyword_cap, m) ? 0 : 1;
  /* A pattern with a variable tail reports each end; keep the longest per start. */
  size_t last = s->last_by_pattern[id];
  if (last && s->matches[last - 1].from == m.from && !bs_patterns[id].back) {
    s->matches[last - 1].to = m.to;
    return 0;
  }
  if (!push_match(&s->matches, &s->match_count, &s->match_cap, m)) return 1;
  s->last_by_pattern[id] = s->match_count;
  return 0;
}

static int by_start(const void *a, const void *b) {
  const bs_match *x = a, *y = b;
  if (x->from != y->from) return x->from < y->from ? -1 : 1;
  if (x->to != y->to) return x->to > y->to ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int raw_by_start(const void *a, const void *b) {
  const bs_raw_finding *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->end != y->end) return x->end > y->end ? -1 : 1;
  if (x->confidence != y->confidence) return x->confidence > y->confidence ? -1 : 1;
  return (int)x->type - (int)y->type;
}

/* Among findings whose value spans overlap, keeps the more confident (the earlier,
 * longer one on a tie); identical spans of one type are kept once. */
static size_t resolve_overlaps(bs_raw_finding *found, size_t count) {
  enum { LOOK_BACK = 16 }; /* value spans are short: only recent ones can overlap */
  if (count > 1) qsort(found, count, sizeof *found, raw_by_start);
  size_t kept = 0;
  for (size_t i = 0; i < count; i++) {
    bs_raw_finding f = found[i];
    size_t lo = kept > LOOK_BACK ? kept - LOOK_BACK : 0;
    int drop = 0;
    for (size_t j = lo; j < kept && !drop; j++) {
      const bs_raw_finding *k = &found[j];
      if (k->confidence >= 0 && k->start < f.end && f.start < k->end &&
          f.confidence <= k->confidence)
        drop = 1;
    }
    if (drop) continue;
    for (size_t j = lo; j < kept; j++)
      if (found[j].start < f.end && f.start < found[j].end) found[j].confidence = -1;
    found[kept++] = f;
  }
  size_t live = 0;
  for (size_t j = 0; j < kept; j++)
    if (found[j].confidence >= 0) found[live++] = found[j];
  return live;
}

/* Advances (line, column) from text[*at] to text[to]; columns count characters. */
static void advance_place(const char *text, size_t *at, size_t to, uint64_t *line,
                          uint64_t *column) {
  for (size_t i = *at; i < to; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '\n') {
      (*line)++;
      *column = 1;
    } else if ((c & 0xC0) != 0x80) {
      (*column)++;
    }
  }
  *at = to;
}

bs_status bs_scanner_scan(bs_scanner *scanner, const bs_unit *unit, bs_finding_list *out) {
  bs_detect *d = &scanner->detect;
  d->ref = scanner->engine->ref;
  d->licence_db = scanner->engine->licence_db;
  d->licence_scratch = scanner->licence_scratch;
  d->unit = unit;
  d->text = unit->text;
  d->len = unit->len;
  d->today = scanner->engine->today;
  d->found_count = 0;
  d->status = BS_OK;
  d->keywords = NULL;
  d->keyword_count = 0;
  d->hint_classes = bs_hint_classes(unit->hint_type) | bs_hint_context(unit->hint);
  bs_buf_reset(&d->values);
  if (unit->len == 0) return BS_OK;

  if (unit->hint_type == BS_EL_NONE || !bs_detect_hinted(d)) {
    scanner->match_count = scanner->keyword_count = 0;
    memset(scanner->last_by_pattern, 0, bs_pattern_count * sizeof *scanner->last_by_pattern);
    if (unit->len > UINT32_MAX) return BS_ELIMIT;
    hs_error_t rc = hs_scan(scanner->engine->db, unit->text, (unsigned)unit->len, 0,
                            scanner->scratch, on_match, scanner);
    if (rc == HS_SCAN_TERMINATED) return BS_ENOMEM;
    if (rc != HS_SUCCESS) return BS_EENGINE;
    const bs_engine *engine = scanner->engine;
    for (size_t i = 0; i < scanner->match_count; i++) {
      bs_match *m = &scanner->matches[i];
      if (!bs_patterns[m->id].back) continue;
      const uint8_t *set = engine->back[m->id];
      size_t from = m->to, stop = m->to > BS_MAX_BACK ? m->to - BS_MAX_BACK : 0;
      while (from > stop && set[(uint8_t)unit->text[from - 1]]) from--;
      m->from = from;
    }
    if (scanner->match_count > 1)
      qsort(scanner->matches, scanner->match_count, sizeof *scanner->matches, by_start);
    d->keywords = scanner->keywords;
    d->keyword_count = scanner->keyword_count;
    for (size_t i = 0; i < scanner->match_count && d->status == BS_OK; i++) {
      const bs_match *m = &scanner->matches[i];
      const bs_pattern *p = &bs_patterns[m->id];
      p->handler(d, m, p->detector);
    }
    for (size_t i = 0; i < d->keyword_count && d->status == BS_OK; i++) {
      bs_keyed keyed = bs_keywords[d->keywords[i].id - BS_KEYWORD_BASE].keyed;
      if (keyed != BS_KEYED_NONE) bs_handle_keyed(d, d->keywords[i].to, keyed);
    }
  }
  if (d->status != BS_OK) return (bs_status)d->status;

  size_t kept = resolve_overlaps(d->found, d->found_count);
  uint64_t line = unit->line, column = unit->column;
  size_t at = 0;
  for (size_t i = 0; i < kept; i++) {
    const bs_raw_finding *f = &d->found[i];
    if (f->confidence < BS_MIN_CONFIDENCE) continue;
    bs_finding finding = {0};
    if (unit->line && unit->column) { /* text: place of the value itself */
      advance_place(unit->text, &at, f->start, &line, &column);
      finding.line = line;
      finding.column = column;
    } else { /* a table cell or a record: the unit's own place */
      finding.line = unit->line;
      finding.column = unit->column;
    }
    finding.row = unit->row;
    finding.record = unit->record;
    finding.confidence = f->confidence;
    finding.type = (uint8_t)f->type;
    finding.detector = (uint8_t)f->detector;
    bs_status status = bs_finding_list_add(out, &finding, d->values.data + f->value_off,
                                           f->value_len, unit->hint, unit->place);
    if (status != BS_OK) return status;
  }
  return BS_OK;
}

/* ---- Helpers for handlers ------------------------------------------------------- */

void bs_detect_emit(bs_detect *d, bs_element type, bs_detector detector, size_t start, size_t end,
                    const char *value, size_t value_len, float confidence) {
  if (d->status != BS_OK || confidence < BS_MIN_CONFIDENCE) return;
  if (confidence > 1) confidence = 1;
  if (d->found_count == d->found_cap) {
    size_t cap = d->found_cap ? d->found_cap * 2 : 64;
    bs_raw_finding *grown = bs_reallocarray(d->found, cap, sizeof *grown);
    if (!grown) {
      d->status = BS_ENOMEM;
      return;
    }
    d->found = grown;
    d->found_cap = cap;
  }
  bs_raw_finding *f = &d->found[d->found_count];
  f->start = start;
  f->end = end;
  f->value_off = (uint32_t)d->values.len;
  f->value_len = (uint32_t)value_len;
  f->confidence = confidence;
  f->type = type;
  f->detector = detector;
  bs_status status = bs_buf_append(&d->values, value, value_len);
  if (status != BS_OK) {
    d->status = status;
    return;
  }
  d->found_count++;
}

/* First keyword hit whose end is >= pos. */
static size_t first_ending_at_or_after(const bs_detect *d, size_t pos) {
  size_t lo = 0, hi = d->keyword_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->keywords[mid].to < pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

unsigned bs_detect_context_before(const bs_detect *d, size_t pos, size_t window) {
  unsigned classes = d->hint_classes;
  size_t from = pos > window ? pos - window : 0;
  for (size_t i = first_ending_at_or_after(d, from); i < d->keyword_count; i++) {
    if (d->keywords[i].to > pos) break;
    classes |= bs_keywords[d->keywords[i].id - BS_KEYWORD_BASE].classes;
  }
  return classes;
}

unsigned bs_detect_nearest_before(const bs_detect *d, size_t pos, size_t window) {
  /* A label speaks for the values after it on its own line only. */
  size_t from = pos > window ? pos - window : 0;
  const char *nl = pos > from ? memrchr(d->text + from, '\n', pos - from) : NULL;
  if (nl) from = (size_t)(nl - d->text) + 1;
  size_t i = first_ending_at_or_after(d, pos + 1);
  unsigned classes = 0;
  size_t nearest_end = 0;
  while (i-- > 0) {
    const bs_match *k = &d->keywords[i];
    if (k->to < from) break;
    if (classes && k->to < nearest_end) break;
    nearest_end = k->to;
    classes |= bs_keywords[k->id - BS_KEYWORD_BASE].classes;
  }
  return classes | d->hint_classes;
}

unsigned bs_detect_context_after(const bs_detect *d, size_t pos, size_t window) {
  unsigned classes = 0;
  for (size_t i = first_ending_at_or_after(d, pos); i < d->keyword_count; i++) {
    if (d->keywords[i].to > pos + window) break;
    classes |= bs_keywords[d->keywords[i].id - BS_KEYWORD_BASE].classes;
  }
  return classes;
}

size_t bs_detect_digits(const char *text, size_t from, size_t to, char *out, size_t cap) {
  size_t n = 0;
  for (size_t i = from; i < to; i++)
    if (text[i] >= '0' && text[i] <= '9') {
      if (n == cap) return cap + 1;
      out[n++] = text[i];
    }
  return n;
}

static int on_licence(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                      void *ctx) {
  (void)id, (void)from, (void)to, (void)flags;
  *(int *)ctx = 1;
  return 1;
}

int bs_detect_licence_format(bs_detect *d, const char *token, size_t len) {
  int found = 0;
  hs_scan(d->licence_db, token, (unsigned)len, 0, d->licence_scratch, on_licence, &found);
  return found;
}
