/* FHIR R4 resources in JSON: one resource, a Bundle of them, or NDJSON bulk data export
 * (one resource a line), read with yajl's event parser. Each resource is gathered into
 * a small tree while it is parsed (a Bundle entry's resource is read, sent and freed
 * before the next entry), so that its identifiers, codings and references are seen
 * whole whatever the order of their keys.
 *
 * Units. One unit per string or number, with hint "Type.path" (array indices left
 * out: "Patient.name.family", "Encounter.period.start"), except:
 *   identifiers   "Patient.identifier[ssn]" by system (us-ssn, us-mbi, us-npi) or type
 *                 code (MR mrn, MB member, SS ssn, DL driver, PPN passport, MC mbi);
 *   codings       the code with its code system: "Condition.code[icd-10-cm]",
 *                 "Procedure.code[cpt]", "[hcpcs]", "[icd-10-pcs]", "[snomed]"...;
 *   telecom       "Patient.telecom[phone]", "[email]";
 *   narrative     text.div without a hint (scanned as text).
 * Systems, references, ids and meta give no units. Types: src/detect/hints.c.
 *
 * Records (unit row): each Patient is one; every resource that refers to a patient
 * (subject, patient, beneficiary: "Patient/123", an absolute URL, or a Bundle's
 * urn:uuid fullUrl) shares its record, whether it comes before or after it; any other
 * resource is a record of its own. place is "Patient/123" (or the type alone), followed
 * for a resource referring to a patient by "Patient/<id>" by that reference
 * ("Condition/c1 (Patient/123)"); line, in NDJSON, the line. */
#include <stdio.h>
#include <string.h>
#include <yajl_parse.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/strmap.h"
#include "extract/fieldhint.h"
#include "extract/format.h"
#include "extract/utf8.h"

#define MAX_DEPTH      256
#define MAX_NODES      ((size_t)1 << 22) /* of one resource */
#define MAX_TEXT_BYTES ((size_t)256 << 20)
#define MAX_HINT_BYTES 512

enum { NODE_OBJECT, NODE_ARRAY, NODE_STRING, NODE_NUMBER, NODE_OTHER };

typedef struct node {
  size_t key_off, key_len;        /* in the text arena; key_len 0: none (array element) */
  size_t val_off, val_len;        /* strings and numbers */
  size_t text_mark;               /* text arena length once the node was made */
  int kind;                       /* NODE_* */
  long parent, first, last, next; /* -1: none */
} node;

typedef struct fhir_reader {
  const bs_unit_sink *sink; /* where units go */
  bs_strmap *hints;         /* interned hints */
  bs_strmap *patients;      /* patient reference -> record */
  node *nodes;              /* the tree of the open resources */
  size_t node_count, node_cap;
  bs_buf text;             /* keys and values of the nodes */
  long stack[MAX_DEPTH];   /* open containers */
  int depth;               /* of stack */
  size_t key_off, key_len; /* the key just read */
  int has_key;             /* a key waits for its value */
  uint64_t records;        /* records handed out */
  uint64_t resources;      /* resources read */
  uint64_t line;           /* NDJSON line, else 0 */
  uint64_t row;            /* record of the resource being sent */
  char place[256];         /* of the resource being sent */
  char last_place[256];    /* of the previous resource */
  uint64_t last_row;       /* its record */
  bs_buf hint;             /* the path being walked */
  bs_buf repaired;         /* text made valid UTF-8 */
  bs_status status;        /* first error */
} fhir_reader;

static const char *text_of(const fhir_reader *r, size_t off) { return r->text.data + off; }

static int same(const fhir_reader *r, size_t off, size_t len, const char *want) {
  return strlen(want) == len && memcmp(text_of(r, off), want, len) == 0;
}

/* ---- Building the tree --------------------------------------------------------- */

static long add_node(fhir_reader *r, int kind, const char *value, size_t len) {
  if (r->node_count >= MAX_NODES) {
    r->status = BS_ELIMIT;
    return -1;
  }
  if (r->node_count == r->node_cap) {
    size_t cap = r->node_cap ? r->node_cap * 2 : 256;
    node *grown = bs_reallocarray(r->nodes, cap, sizeof *grown);
    if (!grown) {
      r->status = BS_ENOMEM;
      return -1;
    }
    r->nodes = grown;
    r->node_cap = cap;
  }
  long index = (long)r->node_count++;
  node *n = &r->nodes[index];
  *n = (node){.kind = kind, .parent = -1, .first = -1, .last = -1, .next = -1};
  if (r->has_key) {
    n->key_off = r->key_off;
    n->key_len = r->key_len;
    r->has_key = 0;
  }
  if (value) {
    n->val_off = r->text.len;
    n->val_len = len;
    if ((r->status = bs_buf_append(&r->text, value, len)) != BS_OK) return -1;
    if ((r->status = bs_buf_append_char(&r->text, '\0')) != BS_OK) return -1;
  }
  n->text_mark = r->text.len;
  if (r->depth > 0) {
    long parent = r->stack[r->depth - 1];
    n->parent = parent;
    if (r->nodes[parent].last >= 0)
      r->nodes[r->nodes[parent].last].next = index;
    else
      r->nodes[parent].first = index;
    r->nodes[parent].last = index;
  }
  return index;
}

static long child(const fhir_reader *r, long parent, const char *key) {
  for (long c = r->nodes[parent].first; c >= 0; c = r->nodes[c].next)
    if (same(r, r->nodes[c].key_off, r->nodes[c].key_len, key)) return c;
  return -1;
}

/* The string value of parent's child key, or NULL. */
static const char *child_string(const fhir_reader *r, long parent, const char *key) {
  long c = child(r, parent, key);
  return c >= 0 && r->nodes[c].kind == NODE_STRING ? text_of(r, r->nodes[c].val_off) : NULL;
}

/* ---- Sending one resource ------------------------------------------------------ */

static int starts(const char *text, const char *prefix) {
  return strncmp(text, prefix, strlen(prefix)) == 0;
}

static const char *identifier_kind(const fhir_reader *r, long id) {
  const char *system = child_string(r, id, "system");
  if (system) {
    if (!strcmp(system, "http://hl7.org/fhir/sid/us-ssn") ||
        !strcmp(system, "urn:oid:2.16.840.1.113883.4.1"))
      return "ssn";
    if (!strcmp(system, "http://hl7.org/fhir/sid/us-mbi") ||
        !strcmp(system, "http://hl7.org/fhir/sid/us-medicare"))
      return "mbi";
    if (!strcmp(system, "http://hl7.org/fhir/sid/us-npi")) return "npi";
    if (starts(system, "urn:oid:2.16.840.1.113883.4.3.")) return "driver";
  }
  long type = child(r, id, "type");
  long codings = type >= 0 ? child(r, type, "coding") : -1;
  for (long c = codings >= 0 ? r->nodes[codings].first : -1; c >= 0; c = r->nodes[c].next) {
    const char *code = r->nodes[c].kind == NODE_OBJECT ? child_string(r, c, "code") : NULL;
    if (!code) continue;
    static const char *const kinds[][2] = {{"MR", "mrn"},    {"MB", "member"},    {"SS", "ssn"},
                                           {"DL", "driver"}, {"PPN", "passport"}, {"MC", "mbi"},
                                           {"NPI", "npi"},   {"SB", "ssn"}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
      if (!strcmp(code, kinds[i][0])) return kinds[i][1];
  }
  return NULL;
}

static const char *code_system_kind(const char *system) {
  static const char *const systems[][2] = {
      {"http://hl7.org/fhir/sid/icd-10-cm", "icd-10-cm"},
      {"urn:oid:2.16.840.1.113883.6.90", "icd-10-cm"},
      {"http://hl7.org/fhir/sid/icd-10", "icd-10-cm"},
      {"http://hl7.org/fhir/sid/icd-9-cm", "icd-9-cm"},
      {"urn:oid:2.16.840.1.113883.6.103", "icd-9-cm"},
      {"http://www.cms.gov/Medicare/Coding/ICD10", "icd-10-pcs"},
      {"urn:oid:2.16.840.1.113883.6.4", "icd-10-pcs"},
      {"http://www.ama-assn.org/go/cpt", "cpt"},
      {"urn:oid:2.16.840.1.113883.6.12", "cpt"},
      {"https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "hcpcs"},
      {"urn:oid:2.16.840.1.113883.6.285", "hcpcs"},
      {"http://snomed.info/sct", "snomed"},
      {"http://loinc.org", "loinc"},
      {"http://www.nlm.nih.gov/research/umls/rxnorm", "rxnorm"},
  };
  for (size_t i = 0; system && i < sizeof systems / sizeof systems[0]; i++)
    if (!strcmp(system, systems[i][0])) return systems[i][1];
  return NULL;
}

static void emit(fhir_reader *r, const char *text, size_t len, const char *hint, size_t hint_len) {
  if (r->status != BS_OK || len == 0) return;
  if (!bs_utf8_valid(text, len)) {
    if ((r->status = bs_utf8_repair(&r->repaired, text, len)) != BS_OK) return;
    text = r->repaired.data;
    len = r->repaired.len;
  }
  bs_unit unit = {.text = text,
                  .len = len,
                  .line = r->line,
                  .row = r->row,
                  .record = r->row,
                  .place = r->place,
                  .hint_type = BS_EL_NONE};
  if (hint) {
    r->status = bs_field_hint(&unit.hint, &unit.hint_type, r->hints, hint, hint_len);
    if (r->status != BS_OK) return;
  }
  r->status = r->sink->unit(&unit, r->sink->ctx);
}

/* Appends ".key" or "[label]" to the path; returns the length to restore. */
static size_t push_path(fhir_reader *r, const char *open, const char *part, size_t len,
                        const char *close) {
  size_t before = r->hint.len;
  bs_status status = bs_buf_append(&r->hint, open, strlen(open));
  /* Keys as FHIR writes them; other bytes (from a damaged file) are left out. */
  for (size_t i = 0; i < len && status == BS_OK; i++) {
    char c = part[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
        c == '-')
      status = bs_buf_append_char(&r->hint, c);
  }
  if (status == BS_OK) status = bs_buf_append(&r->hint, close, strlen(close));
  if (status != BS_OK) r->hint.len = before; /* too deep a path: the parent's hint serves */
  return before;
}

static int skipped_key(const fhir_reader *r, const node *n) {
  static const char *const keys[] = {"resourceType", "id",       "reference", "system", "url",
                                     "fullUrl",      "meta",     "status",    "use",    "version",
                                     "contained",    "valueUri", "profile"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    if (same(r, n->key_off, n->key_len, keys[i])) return 1;
  return 0;
}

static void walk(fhir_reader *r, long index, int depth);

static void walk_children(fhir_reader *r, long index, int depth) {
  for (long c = r->nodes[index].first; c >= 0 && r->status == BS_OK; c = r->nodes[c].next)
    walk(r, c, depth + 1);
}

/* An object that is an identifier, a coding or a telecom: sent whole. Returns 1 if so. */
static int walk_special(fhir_reader *r, long index, const char *key, size_t key_len) {
  const char *value = child_string(r, index, "value");
  const char *code = child_string(r, index, "code");
  const char *system = child_string(r, index, "system");
  if (key_len == 10 && !memcmp(key, "identifier", 10) && value) {
    const char *kind = identifier_kind(r, index);
    size_t before = kind ? push_path(r, "[", kind, strlen(kind), "]") : r->hint.len;
    emit(r, value, strlen(value), r->hint.data, r->hint.len);
    r->hint.len = before;
    return 1;
  }
  if (key_len == 7 && !memcmp(key, "telecom", 7) && value) {
    char kind[16] = "";
    size_t n = 0;
    for (const char *s = system ? system : ""; *s && n + 1 < sizeof kind; s++)
      if (*s >= 'a' && *s <= 'z') kind[n++] = *s;
    kind[n] = '\0';
    size_t before = n ? push_path(r, "[", kind, n, "]") : r->hint.len;
    emit(r, value, strlen(value), r->hint.data, r->hint.len);
    r->hint.len = before;
    return 1;
  }
  if (code && system) {
    /* A Coding: the hint names the concept (the path without ".coding"). */
    size_t base = r->hint.len;
    if (key_len == 6 && !memcmp(key, "coding", 6) && base >= 7 &&
        !memcmp(r->hint.data + base - 7, ".coding", 7))
      base -= 7;
    const char *kind = code_system_kind(system);
    char hint[MAX_HINT_BYTES + 32];
    int n = snprintf(hint, sizeof hint, "%.*s%s%s%s", (int)base, r->hint.data, kind ? "[" : "",
                     kind ? kind : "", kind ? "]" : "");
    emit(r, code, strlen(code), hint, (size_t)n);
    const char *display = child_string(r, index, "display");
    n = snprintf(hint, sizeof hint, "%.*s.display", (int)base, r->hint.data);
    if (display) emit(r, display, strlen(display), hint, (size_t)n);
    return 1;
  }
  return 0;
}

static void walk(fhir_reader *r, long index, int depth) {
  const node *n = &r->nodes[index];
  if (depth > MAX_DEPTH || skipped_key(r, n)) return;
  size_t before = r->hint.len;
  if (n->key_len) {
    if (same(r, n->key_off, n->key_len, "div")) { /* narrative XHTML: scanned as text */
      if (n->kind == NODE_STRING) emit(r, text_of(r, n->val_off), n->val_len, NULL, 0);
      return;
    }
    push_path(r, ".", text_of(r, n->key_off), n->key_len, "");
  }
  /* An array element takes its array's key. */
  long keyed = index;
  while (keyed >= 0 && r->nodes[keyed].key_len == 0) keyed = r->nodes[keyed].parent;
  const char *key = keyed >= 0 ? text_of(r, r->nodes[keyed].key_off) : "";
  size_t key_len = keyed >= 0 ? r->nodes[keyed].key_len : 0;
  switch (n->kind) {
  case NODE_OBJECT:
    if (!walk_special(r, index, key, key_len)) walk_children(r, index, depth);
    break;
  case NODE_ARRAY: walk_children(r, index, depth); break;
  case NODE_STRING:
  case NODE_NUMBER: emit(r, text_of(r, n->val_off), n->val_len, r->hint.data, r->hint.len); break;
  default: break;
  }
  r->hint.len = before;
}

/* "Patient/123" from a reference: relative, absolute (".../Patient/123/_history/2"),
 * or a urn:uuid kept whole. OUT: key (cap bytes). 0 when it names no patient. */
static int patient_key(char *key, size_t cap, const char *reference) {
  if (starts(reference, "urn:uuid:") || starts(reference, "urn:oid:")) {
    snprintf(key, cap, "%s", reference);
    return 1;
  }
  const char *at = strstr(reference, "Patient/");
  if (!at || (at != reference && at[-1] != '/')) return 0;
  size_t len = strcspn(at + 8, "/");
  snprintf(key, cap, "Patient/%.*s", (int)len, at + 8);
  return len > 0;
}

static uint64_t record_of(fhir_reader *r, const char *key, int *found) {
  int64_t *slot;
  int added;
  *found = 0;
  r->status = bs_strmap_upsert(r->patients, key, strlen(key), &slot, NULL, &added);
  if (r->status != BS_OK) return 0;
  if (!added && *slot) *found = 1;
  if (!*slot) *slot = (int64_t)++r->records;
  return (uint64_t)*slot;
}

/* A FHIR id ([A-Za-z0-9-.]{1,64}) or an empty string. */
static void safe_id(char *out, size_t cap, const char *id) {
  size_t n = 0;
  for (const char *s = id ? id : ""; *s && n + 1 < cap; s++) {
    char c = *s;
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '.')) {
      n = 0;
      break;
    }
    out[n++] = c;
  }
  out[n] = '\0';
}

static void send_resource(fhir_reader *r, long index, const char *type) {
  char id[65], key[160];
  safe_id(id, sizeof id, child_string(r, index, "id"));
  /* fullUrl of the Bundle entry, when it came before the resource. */
  long entry = r->nodes[index].parent;
  const char *full_url =
      entry >= 0 && r->nodes[entry].kind == NODE_OBJECT ? child_string(r, entry, "fullUrl") : NULL;
  r->row = 0;
  int found;
  if (!strcmp(type, "Patient")) {
    char url_key[160] = "";
    int64_t *slot;
    if (full_url && !patient_key(url_key, sizeof url_key, full_url)) url_key[0] = '\0';
    snprintf(key, sizeof key, "Patient/%s", id);
    slot = id[0] ? bs_strmap_find(r->patients, key, strlen(key)) : NULL;
    uint64_t by_id = slot ? (uint64_t)*slot : 0;
    slot = url_key[0] ? bs_strmap_find(r->patients, url_key, strlen(url_key)) : NULL;
    uint64_t by_url = slot ? (uint64_t)*slot : 0;
    r->row = by_id ? by_id : by_url ? by_url : ++r->records;
    if (id[0] &&
        (r->status = bs_strmap_upsert(r->patients, key, strlen(key), &slot, NULL, &found)) == BS_OK)
      *slot = (int64_t)r->row;
    if (url_key[0] && r->status == BS_OK &&
        (r->status =
             bs_strmap_upsert(r->patients, url_key, strlen(url_key), &slot, NULL, &found)) == BS_OK)
      *slot = (int64_t)r->row;
  } else {
    static const char *const refs[] = {"subject", "patient", "beneficiary"};
    for (size_t i = 0; i < 3 && !r->row && r->status == BS_OK; i++) {
      long ref = child(r, index, refs[i]);
      const char *reference =
          ref >= 0 && r->nodes[ref].kind == NODE_OBJECT ? child_string(r, ref, "reference") : NULL;
      if (reference && patient_key(key, sizeof key, reference)) r->row = record_of(r, key, &found);
    }
    if (!r->row) {
      r->row = ++r->records;
      key[0] = '\0';
    }
  }
  if (r->status != BS_OK) return;
  r->resources++;
  if (id[0])
    snprintf(r->place, sizeof r->place, "%s/%s", type, id);
  else
    snprintf(r->place, sizeof r->place, "%s", type);
  /* The patient a resource refers to, named in its place: in a bulk export each type
   * is a file of its own, and the people step joins them by it. */
  char patient[65] = "";
  if (strcmp(type, "Patient") != 0 && starts(key, "Patient/"))
    safe_id(patient, sizeof patient, key + 8);
  if (patient[0]) {
    size_t at = strlen(r->place);
    snprintf(r->place + at, sizeof r->place - at, " (Patient/%s)", patient);
  }
  /* The same place twice in a row keeps its records in order (duplicate ids). */
  if (!strcmp(r->place, r->last_place) && r->row < r->last_row) {
    size_t at = strlen(r->place);
    snprintf(r->place + at, sizeof r->place - at, " #%llu", (unsigned long long)r->resources);
  }
  bs_buf_reset(&r->hint);
  if (bs_buf_append(&r->hint, type, strlen(type)) != BS_OK) return;
  walk_children(r, index, 0);
  snprintf(r->last_place, sizeof r->last_place, "%s", r->place);
  r->last_row = r->row;
}

/* A resource type as FHIR spells them (letters, capitalised), else NULL. */
static const char *resource_type(const fhir_reader *r, long index) {
  const char *type = child_string(r, index, "resourceType");
  if (!type || !(type[0] >= 'A' && type[0] <= 'Z') || strlen(type) > 64) return NULL;
  for (const char *s = type; *s; s++)
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))) return NULL;
  return type;
}

/* ---- yajl callbacks ------------------------------------------------------------- */

static int open_container(void *ctx, int kind) {
  fhir_reader *r = ctx;
  if (r->depth >= MAX_DEPTH) return 0;
  long index = add_node(r, kind, NULL, 0);
  if (index < 0) return 0;
  r->stack[r->depth++] = index;
  return 1;
}

static int on_start_map(void *ctx) { return open_container(ctx, NODE_OBJECT); }
static int on_start_array(void *ctx) { return open_container(ctx, NODE_ARRAY); }

static int on_end(void *ctx) {
  fhir_reader *r = ctx;
  if (r->depth == 0) return 1;
  long index = r->stack[--r->depth];
  if (r->nodes[index].kind != NODE_OBJECT) return 1;
  const char *type = resource_type(r, index);
  if (!type) {
    if (r->depth == 0 && r->sink->diagnostic) {
      char place[48];
      snprintf(place, sizeof place, r->line ? "line %llu" : "document",
               (unsigned long long)r->line);
      r->sink->diagnostic(place, "JSON object without a resourceType: not read as FHIR",
                          r->sink->ctx);
    }
  } else if (strcmp(type, "Bundle") != 0) {
    send_resource(r, index, type);
    /* Its subtree is no longer needed. */
    r->node_count = (size_t)index + 1;
    r->nodes[index].first = r->nodes[index].last = -1;
    r->text.len = r->nodes[index].text_mark;
  }
  if (r->depth == 0) {
    r->node_count = 0;
    bs_buf_reset(&r->text);
  }
  return r->status == BS_OK;
}

static int on_key(void *ctx, const unsigned char *key, size_t len) {
  fhir_reader *r = ctx;
  r->key_off = r->text.len;
  r->key_len = len;
  r->has_key = 1;
  if ((r->status = bs_buf_append(&r->text, key, len)) != BS_OK) return 0;
  return (r->status = bs_buf_append_char(&r->text, '\0')) == BS_OK;
}

static int on_string(void *ctx, const unsigned char *text, size_t len) {
  fhir_reader *r = ctx;
  if (r->depth == 0) return 1; /* a bare value: nothing of a resource */
  return add_node(r, NODE_STRING, (const char *)text, len) >= 0;
}

static int on_number(void *ctx, const char *text, size_t len) {
  fhir_reader *r = ctx;
  if (r->depth == 0) return 1;
  return add_node(r, NODE_NUMBER, text, len) >= 0;
}

static int on_other(void *ctx) {
  fhir_reader *r = ctx;
  if (r->depth == 0) return 1;
  return add_node(r, NODE_OTHER, NULL, 0) >= 0;
}

static int on_bool(void *ctx, int value) {
  (void)value;
  return on_other(ctx);
}

static const yajl_callbacks callbacks = {
    .yajl_null = on_other,
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

static void parse_document(fhir_reader *r, const char *text, size_t len) {
  yajl_handle handle = yajl_alloc(&callbacks, &alloc_funcs, r);
  if (!handle) {
    r->status = BS_ENOMEM;
    return;
  }
  r->depth = 0;
  r->has_key = 0;
  r->node_count = 0;
  bs_buf_reset(&r->text);
  yajl_status rc = yajl_parse(handle, (const unsigned char *)text, len);
  if (rc == yajl_status_ok) rc = yajl_complete_parse(handle);
  if (rc != yajl_status_ok && r->sink->diagnostic) {
    char place[64];
    size_t at = yajl_get_bytes_consumed(handle);
    if (r->line)
      snprintf(place, sizeof place, "line %llu column %zu", (unsigned long long)r->line, at);
    else
      snprintf(place, sizeof place, "byte %zu", at);
    const char *why = r->status == BS_ELIMIT ? "resource larger than the limit; rest not read"
                      : r->status != BS_OK   ? "reading stopped"
                      : r->line              ? "invalid JSON; rest of the line not read"
                                             : "invalid JSON; rest of the file not read";
    r->sink->diagnostic(place, why, r->sink->ctx);
    if (r->status == BS_ELIMIT) r->status = BS_OK;
  }
  yajl_free(handle);
}

static bs_status run(const char *text, size_t len, const bs_unit_sink *sink, int lines) {
  fhir_reader r = {.sink = sink};
  bs_buf_init(&r.text, MAX_TEXT_BYTES);
  bs_buf_init(&r.hint, MAX_HINT_BYTES);
  bs_buf_init(&r.repaired, MAX_TEXT_BYTES);
  r.status = bs_strmap_create(&r.hints);
  if (r.status == BS_OK) r.status = bs_strmap_create(&r.patients);
  if (r.status == BS_OK && !lines) parse_document(&r, text, len);
  for (size_t at = 0; r.status == BS_OK && lines && at < len;) {
    const char *nl = memchr(text + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - text) : len;
    r.line++;
    size_t from = at;
    while (from < end && (text[from] == ' ' || text[from] == '\t' || text[from] == '\r')) from++;
    if (from < end) parse_document(&r, text + from, end - from);
    at = end + 1;
  }
  bs_strmap_free(r.hints);
  bs_strmap_free(r.patients);
  bs_free(r.nodes);
  bs_buf_free(&r.text);
  bs_buf_free(&r.hint);
  bs_buf_free(&r.repaired);
  return r.status;
}

bs_status bs_extract_fhir(const char *text, size_t len, const bs_unit_sink *sink) {
  return run(text, len, sink, 0);
}

bs_status bs_extract_fhir_ndjson(const char *text, size_t len, const bs_unit_sink *sink) {
  return run(text, len, sink, 1);
}
