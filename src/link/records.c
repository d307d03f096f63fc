/* Records from findings (see records.h). */
#include "link/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/strmap.h"
#include "detect/validate.h"
#include "link/link.h"

/* A passage of free text ends where the next finding is this many lines further on. */
#define PASSAGE_GAP_LINES 12
/* A second person named this far into a line is named inside a sentence: a mention in a
 * document about someone else, not a new block of the document (see bs_records_load). */
#define MENTION_COLUMN    24

static const bs_element key_types[BS_KEY_COUNT] = {
#define BS_LINK_KEY_TYPE(id, type) type,
    BS_LINK_KEYS(BS_LINK_KEY_TYPE)
#undef BS_LINK_KEY_TYPE
};

const char *bs_records_value(const bs_record_set *set, int64_t id) {
  return id > 0 && (size_t)id < set->value_count && set->values[id] ? set->values[id] : "";
}

static bs_status load_values(bs_record_set *set, sqlite3 *db) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT COALESCE(MAX(id), 0) FROM vals", -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  int64_t max = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  set->value_count = (size_t)max + 1;
  set->values = bs_calloc(set->value_count, sizeof *set->values);
  set->value_types = bs_calloc(set->value_count, 1);
  if (!set->values || !set->value_types) return BS_ENOMEM;
  if (sqlite3_prepare_v2(db, "SELECT id, type, value FROM vals", -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  bs_status status = BS_OK;
  while (status == BS_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(stmt, 0);
    if (id <= 0 || id > max) continue;
    set->value_types[id] = (uint8_t)sqlite3_column_int(stmt, 1);
    set->values[id] = bs_strdup((const char *)sqlite3_column_text(stmt, 2));
    if (!set->values[id]) status = BS_ENOMEM;
  }
  sqlite3_finalize(stmt);
  return status;
}

void bs_records_key(const bs_record_set *set, size_t i, char *out, size_t cap) {
  const bs_record *r = &set->items[i];
  size_t c = (size_t)r->content_id;
  char id[32];
  const char *sha = set->shas && c < set->sha_count ? set->shas[c] : NULL;
  if (!sha || !sha[0]) {
    snprintf(id, sizeof id, "content%lld", (long long)r->content_id);
    sha = id;
  }
  if (r->number)
    snprintf(out, cap, "%s:%llu", sha, (unsigned long long)r->number);
  else
    snprintf(out, cap, "%s:@%lld", sha, (long long)r->first_rowid);
}

static bs_status load_shas(bs_record_set *set, sqlite3 *db) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT COALESCE(MAX(id), 0) FROM contents", -1, &stmt, NULL) !=
      SQLITE_OK)
    return BS_ESTORE;
  int64_t max = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  set->sha_count = (size_t)max + 1;
  set->shas = bs_calloc(set->sha_count, sizeof *set->shas);
  if (!set->shas) return BS_ENOMEM;
  if (sqlite3_prepare_v2(db, "SELECT id, sha256 FROM contents", -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(stmt, 0);
    const char *sha = (const char *)sqlite3_column_text(stmt, 1);
    if (id > 0 && id <= max && sha) snprintf(set->shas[id], sizeof set->shas[id], "%s", sha);
  }
  sqlite3_finalize(stmt);
  return BS_OK;
}

static bs_status new_record(bs_record_set *set, int64_t content, uint64_t number, int64_t rowid) {
  if (set->count == set->cap) {
    size_t cap = set->cap ? set->cap * 2 : 1024;
    bs_record *items = bs_reallocarray(set->items, cap, sizeof *items);
    if (!items) return BS_ENOMEM;
    set->items = items;
    set->cap = cap;
  }
  bs_record *r = &set->items[set->count++];
  memset(r, 0, sizeof *r);
  r->content_id = content;
  r->number = number;
  r->first_rowid = r->last_rowid = rowid;
  return BS_OK;
}

/* The slot of a type's value in a record, for the types a record keeps one of. */
static int64_t *slot_of(bs_record *r, bs_element type) {
  for (int k = 0; k < BS_KEY_COUNT; k++)
    if (key_types[k] == type) return &r->keys[k];
  switch (type) {
  case BS_EL_NAME: return &r->name;
  case BS_EL_FIRST_NAME: return &r->first;
  case BS_EL_LAST_NAME: return &r->last;
  case BS_EL_ADDRESS: return &r->address;
  case BS_EL_CITY: return &r->city;
  case BS_EL_STATE: return &r->state;
  case BS_EL_ZIP: return &r->zip;
  case BS_EL_PHONE: return &r->phone;
  case BS_EL_EMAIL: return &r->email;
  default: return NULL;
  }
}

/* 1 for the primary identifiers' types. */
static int slot_is_key(bs_element type) {
  for (int k = 0; k < BS_KEY_COUNT; k++)
    if (key_types[k] == type) return 1;
  return 0;
}

/* Types whose second, different value in a passage means a second person. */
static int is_identity(bs_element type) {
  switch (type) {
  case BS_EL_NAME:
  case BS_EL_SSN:
  case BS_EL_DOB:
  case BS_EL_MBI:
  case BS_EL_MRN:
  case BS_EL_MEMBER_ID:
  case BS_EL_LAST_NAME: return 1;
  default: return 0;
  }
}

static int32_t dob_of(const char *value) {
  int y, m, d; /* findings store dates as YYYY-MM-DD */
  if (!bs_parse_date(value, strlen(value), 0, &y, &m, &d)) return 0;
  return (int32_t)(y * 10000 + m * 100 + d);
}

/* The From header of a message (e-mail, Outlook .msg): the sender's name. */
static int is_from_header(const char *part, const char *hint) {
  return part && strncmp(part, "header", 6) == 0 && hint && !strcasecmp(hint, "from");
}

/* 1 when name is a short form of full that a signature takes: initials and one whole
 * word, the whole word one of full's words and each initial the first letter of
 * another ("D ONEIL" for "DAVID ONEIL", "M J SMITH" for "MARY JANE SMITH") or of a
 * formal name it stands for ("E ECKEL" for "GENE ECKEL": Eugene). A name of whole
 * words only is not a short form: it is a name of its own. */
int bs_records_abbreviates(const char *name, const char *full, const bs_nicknames *nicknames) {
  char words[8][48];
  size_t count = 0;
  for (const char *p = full; *p && count < 8;) {
    size_t n = strcspn(p, " ");
    if (n && n < sizeof words[0]) {
      memcpy(words[count], p, n);
      words[count++][n] = '\0';
    }
    p += n + (p[n] == ' ');
  }
  int used[8] = {0}, whole = 0, initials = 0;
  for (const char *p = name; *p;) {
    size_t n = strcspn(p, " ");
    if (n == 1) { /* an initial: of a word not used yet */
      size_t k = 0;
      while (k < count && (used[k] || strlen(words[k]) < 2 ||
                           !(words[k][0] == *p ||
                             (nicknames && bs_nicknames_formal_initial(nicknames, words[k], *p)))))
        k++;
      if (k == count) return 0;
      used[k] = 1;
      initials++;
    } else if (n) { /* the whole word, once */
      if (whole++) return 0;
      size_t k = 0;
      while (k < count && (used[k] || strlen(words[k]) != n || memcmp(words[k], p, n) != 0)) k++;
      if (k == count) return 0;
      used[k] = 1;
    }
    p += n + (p[n] == ' ');
  }
  return whole == 1 && initials > 0;
}

/* 1 if the value would be a second identity in r (or in the passage r continues). */
static int conflicts(const bs_record_set *set, const bs_record *r, bs_element type,
                     int64_t value_id, int32_t dob) {
  if (!is_identity(type)) return 0;
  if (r->continues) r = &set->items[r->continues - 1];
  if (type == BS_EL_DOB) return r->dob && r->dob != dob;
  const int64_t *slot = slot_of((bs_record *)r, type);
  return slot && *slot && *slot != value_id;
}

int bs_records_is_aside(bs_element type) {
  switch (type) {
  case BS_EL_ADDRESS:
  case BS_EL_CITY:
  case BS_EL_STATE:
  case BS_EL_ZIP:
  case BS_EL_PHONE:
  case BS_EL_EMAIL:
  case BS_EL_DATE:
  case BS_EL_SERVICE_DATE:
  case BS_EL_DOB: return 1;
  default: return 0;
  }
}

bs_status bs_records_add_aside(bs_record_set *set, uint32_t record, bs_element type, int64_t value,
                               int32_t date, int header) {
  if (set->aside_count == set->aside_cap) {
    size_t cap = set->aside_cap ? set->aside_cap * 2 : 4096;
    bs_record_aside *grown = bs_reallocarray(set->aside, cap, sizeof *grown);
    if (!grown) return BS_ENOMEM;
    set->aside = grown;
    set->aside_cap = cap;
  }
  set->aside[set->aside_count++] = (bs_record_aside){
      .record = record, .type = (uint8_t)type, .header = header != 0, .date = date, .value = value};
  return BS_OK;
}

/* A column or field that holds a date of death ("Date of Death", "DOD", "deceasedDateTime",
 * "Expired"): the person is deceased. */
static int says_deceased(const char *hint) {
  if (!hint || !*hint) return 0;
  char low[128];
  size_t n = 0;
  for (const char *p = hint; *p && n + 1 < sizeof low; p++)
    low[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
  low[n] = '\0';
  if (strstr(low, "death") || strstr(low, "deceased") || strstr(low, "expired") ||
      strstr(low, "died"))
    return 1;
  /* "DOD" as a word of its own (not inside "method"). */
  for (const char *p = strstr(low, "dod"); p; p = strstr(p + 1, "dod")) {
    int before = p == low || !((p[-1] >= 'a' && p[-1] <= 'z'));
    int after = !(p[3] >= 'a' && p[3] <= 'z');
    if (before && after) return 1;
  }
  return 0;
}

/* A message header's own date (Date:, Sent:, Received:). */
static int is_message_date(const char *part, const char *hint) {
  if (!part || strncmp(part, "header", 6) != 0 || !hint) return 0;
  return !strcasecmp(hint, "date") || !strcasecmp(hint, "sent") || !strcasecmp(hint, "received");
}

static void add_to_record(bs_record *r, bs_element type, int64_t value_id, int32_t dob,
                          int64_t rowid) {
  r->last_rowid = rowid;
  if (type == BS_EL_NPI) return; /* a provider's, not the person's */
  /* Contact details and generic dates are placed once every record is known. */
  if (bs_records_is_aside(type) && type != BS_EL_DOB && type != BS_EL_SERVICE_DATE) return;
  r->types |= 1u << type;
  if (type == BS_EL_DOB && !r->dob) r->dob = dob;
  int64_t *slot = slot_of(r, type);
  if (slot && !*slot) *slot = value_id;
}

static int names_someone(const bs_record *r) {
  int keys = 0;
  for (int k = 0; k < BS_KEY_COUNT; k++) keys += r->keys[k] != 0;
  /* An e-mail address alone (a clinic's billing@ in a header) names no one. */
  return r->name || (r->first && r->last) || keys;
}

/* Counts the findings of a record that identifies nobody as unattributed. */
static void count_unattributed(bs_record_set *set, const bs_record *r, sqlite3_stmt *recount) {
  sqlite3_bind_int64(recount, 1, r->content_id);
  sqlite3_bind_int64(recount, 2, r->first_rowid);
  sqlite3_bind_int64(recount, 3, r->last_rowid);
  sqlite3_bind_int64(recount, 4, (int64_t)r->number);
  while (sqlite3_step(recount) == SQLITE_ROW) {
    int type = sqlite3_column_int(recount, 0);
    if (type >= 0 && type < BS_EL_COUNT)
      set->unattributed[type] += (uint64_t)sqlite3_column_int64(recount, 1);
  }
  sqlite3_reset(recount);
}

static void finish_record(bs_record_set *set, bs_record *r, sqlite3_stmt *recount) {
  r->identified =
      names_someone(r) || (r->continues && names_someone(&set->items[r->continues - 1]));
  /* A FHIR resource of a patient is counted once the patients of every file are known. */
  if (!r->identified && !r->reference) count_unattributed(set, r, recount);
}

/* The patient a FHIR resource's place names: "Patient/123" (the Patient resource, maybe
 * followed by " #N") or "... (Patient/123)" (a resource referring to it). OUT: id, the
 * "123" (cap bytes). */
static int fhir_patient(const char *place, char *id, size_t cap) {
  const char *at = NULL;
  if (!strncmp(place, "Patient/", 8))
    at = place + 8;
  else if ((at = strstr(place, " (Patient/")) != NULL)
    at += 10;
  if (!at) return 0;
  size_t len = strcspn(at, " )");
  if (len == 0 || len >= cap) return 0;
  memcpy(id, at, len);
  id[len] = '\0';
  return 1;
}

/* Folder of a content's file (any of its paths): FHIR ids are one server's, and one
 * export is one folder. OUT: folder (cap bytes). */
static void folder_of(sqlite3 *db, int64_t content, char *folder, size_t cap) {
  sqlite3_stmt *stmt = NULL;
  folder[0] = '\0';
  if (sqlite3_prepare_v2(db, "SELECT path FROM files WHERE content_id = ? LIMIT 1", -1, &stmt,
                         NULL) == SQLITE_OK) {
    sqlite3_bind_int64(stmt, 1, content);
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      const char *path = (const char *)sqlite3_column_text(stmt, 0);
      const char *slash = path ? strrchr(path, '/') : NULL;
      if (slash) snprintf(folder, cap, "%.*s", (int)(slash - path), path);
    }
  }
  sqlite3_finalize(stmt);
}

/* Joins the records of each FHIR patient: the first that names someone is the patient;
 * the others continue it. Records of a patient no file names stay unattributed. */
static bs_status join_references(bs_record_set *set, uint32_t references, sqlite3_stmt *recount) {
  if (!references) return BS_OK;
  size_t *named = bs_malloc(((size_t)references + 1) * sizeof *named);
  if (!named) return BS_ENOMEM;
  for (size_t k = 0; k <= references; k++) named[k] = SIZE_MAX;
  for (size_t i = 0; i < set->count; i++) {
    bs_record *r = &set->items[i];
    if (!r->reference || !names_someone(r) || r->continues) continue;
    if (named[r->reference] == SIZE_MAX) {
      named[r->reference] = i;
    } else {
      r->continues = (uint32_t)named[r->reference] + 1;
      r->by_reference = 1;
    }
  }
  for (size_t i = 0; i < set->count; i++) {
    bs_record *r = &set->items[i];
    if (!r->reference || r->identified) continue;
    if (named[r->reference] != SIZE_MAX && !r->continues) {
      r->continues = (uint32_t)named[r->reference] + 1;
      r->by_reference = 1;
      r->identified = 1;
    } else {
      count_unattributed(set, r, recount);
    }
  }
  bs_free(named);
  return BS_OK;
}

/* The records of one content from `first` on: when its free text is about one person
 * only and no row of a table names anyone, the rows that name no one (a letter's table
 * of visits: dates, codes) are that person's, as the passage around them is. */
/* The words of a record's name (its full name, else its first and last names). */
static size_t name_words(const bs_record_set *set, const bs_record *r, char words[][32],
                         size_t cap) {
  char full[256];
  if (r->name)
    snprintf(full, sizeof full, "%s", bs_records_value(set, r->name));
  else
    snprintf(full, sizeof full, "%s %s", bs_records_value(set, r->first),
             bs_records_value(set, r->last));
  return bs_link_name_words(full, words, cap);
}

/* Two passages of one document can be about the same person: no date of birth or
 * identifier of theirs differs, and the words of the shorter name are all in the
 * longer ("MICHAEL G BASSETT" in the address block, "MICHAEL BASSETT" in the text). */
static int same_subject(const bs_record_set *set, const bs_record *a, const bs_record *b) {
  if (a->dob && b->dob && a->dob != b->dob) return 0;
  for (int k = 0; k < BS_KEY_COUNT; k++)
    if (a->keys[k] && b->keys[k] && a->keys[k] != b->keys[k]) return 0;
  char wa[8][32], wb[8][32];
  size_t na = name_words(set, a, wa, 8), nb = name_words(set, b, wb, 8);
  if (na > nb) return same_subject(set, b, a);
  for (size_t i = 0; i < na; i++) {
    size_t j = 0;
    while (j < nb && strcmp(wa[i], wb[j]) != 0) j++;
    if (j == nb) return 0;
  }
  return 1;
}

static void attach_rows_to_subject(bs_record_set *set, size_t first) {
  size_t subject = SIZE_MAX;
  for (size_t i = first; i < set->count; i++) {
    const bs_record *r = &set->items[i];
    if (r->number > 0) {
      if (names_someone(r)) return;
      continue;
    }
    if (!names_someone(r)) continue;
    size_t root = r->continues ? r->continues - 1 : i;
    if (subject == SIZE_MAX)
      subject = root;
    else if (root != subject && !same_subject(set, &set->items[subject], &set->items[root]))
      return;
  }
  if (subject == SIZE_MAX) return;
  for (size_t i = first; i < set->count; i++)
    if (set->items[i].number > 0) set->items[i].continues = (uint32_t)subject + 1;
}

/* The findings of the open passage on its current line, with what each changed in it,
 * so that the line can leave the passage again (see split_at_line). */
#define LINE_LOG_MAX 64

typedef struct logged {
  int64_t rowid, value;
  int32_t dob;
  uint8_t type;
  uint8_t set_type, set_dob, set_slot; /* it set the type's bit, the dob, the slot */
  size_t aside;                        /* its entry in set->aside, or SIZE_MAX */
} logged;

typedef struct line_log {
  logged items[LINE_LOG_MAX];
  size_t count;
  int64_t line;        /* the line logged */
  int64_t before;      /* the passage's last rowid before the line; -1: it began on it */
  int deceased_before; /* its deceased flag then */
  int identity_above;  /* it had an identity on an earlier line */
  int overflow;        /* more findings on the line than logged: not cut */
} line_log;

/* A new passage begins at `line`. */
static void log_restart(line_log *log, int64_t line) {
  log->count = 0;
  log->line = line;
  log->before = -1;
  log->deceased_before = 0;
  log->identity_above = 0;
  log->overflow = 0;
}

/* The open passage r goes on at `line`. */
static void log_line(line_log *log, const bs_record *r, int64_t line) {
  if (line == log->line) return;
  for (size_t i = 0; i < log->count; i++)
    log->identity_above |=
        is_identity((bs_element)log->items[i].type) || slot_is_key((bs_element)log->items[i].type);
  log->count = 0;
  log->line = line;
  log->before = r->last_rowid;
  log->deceased_before = r->deceased;
  log->overflow = 0;
}

/* add_to_record, noting in the log what the finding changed. */
static void add_logged(line_log *log, bs_record *r, bs_element type, int64_t value_id, int32_t dob,
                       int64_t rowid, size_t aside) {
  uint32_t bit = 1u << type;
  int had_type = (r->types & bit) != 0, had_dob = r->dob != 0;
  int64_t *slot = slot_of(r, type);
  int had_slot = slot && *slot;
  add_to_record(r, type, value_id, dob, rowid);
  if (log->count == LINE_LOG_MAX) {
    log->overflow = 1;
    return;
  }
  log->items[log->count++] = (logged){.rowid = rowid,
                                      .value = value_id,
                                      .dob = dob,
                                      .type = (uint8_t)type,
                                      .set_type = !had_type && (r->types & bit),
                                      .set_dob = !had_dob && r->dob,
                                      .set_slot = slot && !had_slot && *slot,
                                      .aside = aside};
}

/* A list of one person a line whose name was missed on one line ("12. Patient: <name
 * not found>  DOB ...  MRN ..." then "13. Patient: Decker, Nancy  DOB ...") would give
 * each later name to the line above it: the name joins the passage of the line above
 * (no name there to conflict with), then its own date of birth conflicts. When a
 * conflict comes on a line whose earlier findings went to a passage that already had an
 * identity on the lines above, those findings leave it and start the new passage with
 * the conflicting one: a line stays whole. Returns 1 when the passage was cut; the new
 * passage is then set->count - 1. */
static int split_at_line(bs_record_set *set, size_t passage, line_log *log, int64_t line,
                         bs_element type, int64_t value_id, int32_t dob, bs_status *status) {
  if (!line || log->line != line || !log->count || log->overflow || log->before < 0 ||
      !log->identity_above)
    return 0;
  bs_record moved;
  memset(&moved, 0, sizeof moved);
  moved.content_id = set->items[passage].content_id;
  moved.first_rowid = log->items[0].rowid;
  for (size_t i = 0; i < log->count; i++)
    add_to_record(&moved, (bs_element)log->items[i].type, log->items[i].value, log->items[i].dob,
                  log->items[i].rowid);
  if (conflicts(set, &moved, type, value_id, dob)) return 0; /* the line itself has two */
  moved.deceased = set->items[passage].deceased && !log->deceased_before;
  /* The passage as it was before the line. */
  bs_record *old = &set->items[passage];
  for (size_t i = log->count; i-- > 0;) {
    const logged *e = &log->items[i];
    if (e->set_type) old->types &= ~(1u << e->type);
    if (e->set_dob) old->dob = 0;
    if (e->set_slot) *slot_of(old, (bs_element)e->type) = 0;
  }
  old->last_rowid = log->before;
  old->deceased = log->deceased_before;
  if ((*status = new_record(set, moved.content_id, 0, moved.first_rowid)) != BS_OK) return 0;
  set->items[set->count - 1] = moved;
  for (size_t i = 0; i < log->count; i++)
    if (log->items[i].aside != SIZE_MAX)
      set->aside[log->items[i].aside].record = (uint32_t)(set->count - 1);
  /* The line's findings now began the new passage. */
  log->before = -1;
  log->identity_above = 0;
  return 1;
}

/* Lines of free text of the form "City, ST ZIP": content and line -> 1 + the column of
 * the state. A name found before the state on such a line is the city's (a scanner may
 * take "Early Branch, SC 29916" for a person's name). */
static bs_status load_place_lines(bs_strmap *lines, sqlite3 *db) {
  static const char sql[] =
      "SELECT s.content_id, s.line, MIN(s.col) FROM findings s JOIN vals v ON v.id = s.value_id"
      " WHERE v.type = ?1 AND s.record IS NULL AND s.line IS NOT NULL AND EXISTS ("
      "  SELECT 1 FROM findings z JOIN vals w ON w.id = z.value_id WHERE w.type = ?2"
      "  AND z.content_id = s.content_id AND z.line = s.line AND z.col > s.col)"
      " GROUP BY s.content_id, s.line";
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) return BS_ESTORE;
  sqlite3_bind_int(stmt, 1, BS_EL_STATE);
  sqlite3_bind_int(stmt, 2, BS_EL_ZIP);
  bs_status status = BS_OK;
  while (status == BS_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    char key[48];
    int n = snprintf(key, sizeof key, "%lld:%lld", (long long)sqlite3_column_int64(stmt, 0),
                     (long long)sqlite3_column_int64(stmt, 1));
    int64_t *slot;
    status = bs_strmap_upsert(lines, key, (size_t)n, &slot, NULL, NULL);
    if (status == BS_OK) *slot = 1 + sqlite3_column_int64(stmt, 2);
  }
  sqlite3_finalize(stmt);
  return status;
}

/* 1 when a name at (content, line, col) stands before the state of a "City, ST ZIP". */
static int is_city_line(const bs_strmap *lines, int64_t content, int64_t line, int64_t col) {
  char key[48];
  int n = snprintf(key, sizeof key, "%lld:%lld", (long long)content, (long long)line);
  const int64_t *slot = bs_strmap_find(lines, key, (size_t)n);
  return slot && col > 0 && col < *slot - 1;
}

bs_status bs_records_load(bs_record_set *set, sqlite3 *db, const bs_records_options *options) {
  memset(set, 0, sizeof *set);
  bs_status status = load_values(set, db);
  if (status == BS_OK) status = load_shas(set, db);
  if (status != BS_OK) return status;
  static const char sql[] =
      "SELECT f.rowid, f.content_id, COALESCE(f.record, 0), f.value_id, v.type,"
      " COALESCE(f.line, 0), COALESCE(f.part, ''), COALESCE(h.text, ''), COALESCE(f.col, 0),"
      " c.format IN ('fhir', 'fhir-ndjson')"
      " FROM findings f JOIN vals v ON v.id = f.value_id"
      " LEFT JOIN hints h ON h.id = f.hint_id"
      " JOIN contents c ON c.id = f.content_id WHERE c.status = 'done'"
      " ORDER BY f.content_id, f.rowid";
  static const char recount_sql[] =
      "SELECT v.type, COUNT(*) FROM findings f JOIN vals v ON v.id = f.value_id"
      " WHERE f.content_id = ?1 AND ((?4 = 0 AND f.rowid BETWEEN ?2 AND ?3"
      " AND COALESCE(f.record, 0) = 0) OR (?4 > 0 AND f.record = ?4)) GROUP BY v.type";
  sqlite3_stmt *stmt = NULL, *recount = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, recount_sql, -1, &recount, NULL) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return BS_ESTORE;
  }
  bs_strmap *numbered = NULL; /* "content:record" -> index + 1 */
  bs_nicknames nicknames;     /* for signatures by a formal name's initial */
  memset(&nicknames, 0, sizeof nicknames);
  bs_strmap *place_lines = NULL;
  bs_strmap *patients = NULL; /* "folder\tPatient/id" -> reference */
  uint32_t references = 0;
  char folder[2048] = "";
  int64_t folder_content = -1; /* whose folder that is */
  status = bs_strmap_create(&numbered);
  if (status == BS_OK) status = bs_strmap_create(&patients);
  if (status == BS_OK) status = bs_strmap_create(&place_lines);
  if (status == BS_OK) status = load_place_lines(place_lines, db);
  if (status == BS_OK) status = bs_nicknames_load(&nicknames);
  int64_t content = -1, last_line = 0;
  size_t passage = SIZE_MAX; /* index of the open passage of free text */
  size_t mention = SIZE_MAX; /* the open passage when it is a mention inside a sentence */
  size_t subject = SIZE_MAX; /* the passage the mention interrupted */
  int64_t mention_line = 0;
  size_t sender = SIZE_MAX; /* the passage of a message's From header */
  int64_t sender_name = 0;  /* its name's value id */
  char part[256] = "";
  size_t first_of_content = 0;
  line_log log;
  log_restart(&log, 0);
  while (status == BS_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    int64_t rowid = sqlite3_column_int64(stmt, 0);
    int64_t c = sqlite3_column_int64(stmt, 1);
    uint64_t number = (uint64_t)sqlite3_column_int64(stmt, 2);
    int64_t value_id = sqlite3_column_int64(stmt, 3);
    bs_element type = (bs_element)sqlite3_column_int(stmt, 4);
    int64_t line = sqlite3_column_int64(stmt, 5);
    const char *p = (const char *)sqlite3_column_text(stmt, 6);
    const char *hint = (const char *)sqlite3_column_text(stmt, 7);
    int64_t col = sqlite3_column_int64(stmt, 8);
    int fhir = sqlite3_column_int(stmt, 9);
    if (type < 0 || type >= BS_EL_COUNT) continue;
    set->findings++;
    if (c != content) {
      attach_rows_to_subject(set, first_of_content);
      for (size_t i = first_of_content; i < set->count; i++)
        finish_record(set, &set->items[i], recount);
      first_of_content = set->count;
      content = c;
      passage = mention = sender = SIZE_MAX;
      log_restart(&log, 0);
      sender_name = 0;
      last_line = 0;
      part[0] = '\0';
    }
    int is_date = type == BS_EL_DOB || type == BS_EL_DATE || type == BS_EL_SERVICE_DATE;
    int32_t date = is_date ? dob_of(bs_records_value(set, value_id)) : 0;
    int32_t dob = type == BS_EL_DOB ? date : 0;
    int deceased = is_date && type != BS_EL_DOB && says_deceased(hint);
    if (type == BS_EL_NAME && number == 0 && line && is_city_line(place_lines, c, line, col))
      type = BS_EL_CITY; /* "Early Branch, SC 29916": a place, not a person */
    if (number > 0) {
      char key[48];
      int n = snprintf(key, sizeof key, "%lld:%llu", (long long)c, (unsigned long long)number);
      int64_t *slot;
      int added;
      status = bs_strmap_upsert(numbered, key, (size_t)n, &slot, NULL, &added);
      if (status == BS_OK && added) {
        status = new_record(set, c, number, rowid);
        *slot = (int64_t)set->count;
      }
      if (status == BS_OK) {
        add_to_record(&set->items[*slot - 1], type, value_id, dob, rowid);
        set->items[*slot - 1].deceased |= deceased;
      }
      char id[80];
      if (status == BS_OK && fhir && !set->items[*slot - 1].reference &&
          fhir_patient(p, id, sizeof id)) {
        if (folder_content != c) folder_of(db, c, folder, sizeof folder);
        folder_content = c;
        char patient[2200];
        int len = snprintf(patient, sizeof patient, "%s\tPatient/%s", folder, id);
        int64_t *ref;
        int new_patient;
        status = bs_strmap_upsert(patients, patient, (size_t)len, &ref, NULL, &new_patient);
        if (status == BS_OK && new_patient) *ref = ++references;
        if (status == BS_OK) set->items[*slot - 1].reference = (uint32_t)*ref;
      }
      if (status == BS_OK && bs_records_is_aside(type))
        status = bs_records_add_aside(set, (uint32_t)(*slot - 1), type, value_id, date,
                                      is_message_date(p, hint));
      continue;
    }
    bs_record *open = passage != SIZE_MAX ? &set->items[passage] : NULL;
    int same_part = open && strncmp(p, part, sizeof part) == 0;
    int gap = line && last_line && line - last_line > PASSAGE_GAP_LINES;
    int conflict = open && conflicts(set, open, type, value_id, dob);
    /* After a mention, a later line goes back to the document's subject, unless it
     * names the mentioned person further (then the mention was a block of its own). */
    if (mention != SIZE_MAX && passage == mention && same_part && !gap && line > mention_line) {
      if (is_identity(type) || slot_is_key(type)) {
        mention = SIZE_MAX;
      } else {
        status = new_record(set, c, 0, rowid);
        set->items[set->count - 1].continues = (uint32_t)subject + 1;
        passage = set->count - 1;
        mention = SIZE_MAX;
        open = &set->items[passage];
        conflict = 0;
        log_restart(&log, line);
      }
    }
    int new_passage = !open || !same_part || gap || conflict;
    if (new_passage && open && same_part && !gap && mention == SIZE_MAX && passage != sender &&
        !open->continues && is_identity(type) &&
        split_at_line(set, passage, &log, line, type, value_id, dob, &status)) {
      passage = set->count - 1; /* the line's own passage, the finding goes on in it */
      new_passage = 0;
    }
    if (new_passage && status == BS_OK) {
      /* A second person named inside a sentence, no identifier of theirs: a mention. */
      /* A message's sender signing it with initials ("Thanks, D. Oneil"): the sender. */
      int signs = type == BS_EL_NAME && sender_name && value_id != sender_name &&
                  strncmp(p, "header", 6) != 0 &&
                  bs_records_abbreviates(bs_records_value(set, value_id),
                                         bs_records_value(set, sender_name), &nicknames);
      int is_mention = open && same_part && !gap && conflict && col > MENTION_COLUMN &&
                       !slot_is_key(type) && names_someone(open) && !signs;
      size_t interrupted = passage;
      status = new_record(set, c, 0, rowid);
      passage = set->count - 1;
      snprintf(part, sizeof part, "%s", p);
      mention = SIZE_MAX;
      log_restart(&log, line);
      if (status == BS_OK && signs) {
        set->items[passage].continues = (uint32_t)sender + 1;
        set->items[passage].signature = 1;
      }
      if (is_mention) {
        const bs_record *was = &set->items[interrupted];
        mention = passage;
        subject = was->continues ? was->continues - 1 : interrupted;
        mention_line = line;
      }
    }
    size_t aside = SIZE_MAX;
    if (status == BS_OK && bs_records_is_aside(type)) {
      aside = set->aside_count;
      status = bs_records_add_aside(set, (uint32_t)passage, type, value_id, date,
                                    is_message_date(p, hint));
    }
    if (status == BS_OK) {
      log_line(&log, &set->items[passage], line);
      add_logged(&log, &set->items[passage], type, value_id, dob, rowid, aside);
      set->items[passage].deceased |= deceased;
    }
    if (status == BS_OK && type == BS_EL_NAME && !sender_name && is_from_header(p, hint)) {
      sender = passage;
      sender_name = value_id;
    }
    if (line) last_line = line;
  }
  if (status == BS_OK) attach_rows_to_subject(set, first_of_content);
  for (size_t i = first_of_content; status == BS_OK && i < set->count; i++)
    finish_record(set, &set->items[i], recount);
  if (status == BS_OK) status = join_references(set, references, recount);
  sqlite3_finalize(stmt);
  sqlite3_finalize(recount);
  bs_strmap_free(numbered);
  bs_strmap_free(place_lines);
  bs_strmap_free(patients);
  bs_nicknames_free(&nicknames);
  if (status == BS_OK) status = bs_records_place_aside(set, options);
  return status;
}

void bs_records_free(bs_record_set *set) {
  for (size_t i = 0; set->values && i < set->value_count; i++) bs_free(set->values[i]);
  bs_free(set->values);
  bs_free(set->value_types);
  bs_free(set->items);
  bs_free(set->aside);
  bs_free(set->shared);
  bs_free(set->shared_by);
  bs_free(set->shas);
  bs_strmap_free(set->interned);
  memset(set, 0, sizeof *set);
}

/* ---- Findings kept aside ------------------------------------------------------------ */

static const bs_record_set *sort_set; /* qsort has no context argument */

/* The record a finding speaks for: a continuation's subject, else its own. */
static uint32_t subject_of(const bs_record_set *set, uint32_t record) {
  uint32_t continues = set->items[record].continues;
  return continues ? continues - 1 : record;
}

static int date_order(const void *a, const void *b) {
  const bs_record_aside *x = &sort_set->aside[*(const size_t *)a],
                        *y = &sort_set->aside[*(const size_t *)b];
  uint32_t rx = subject_of(sort_set, x->record), ry = subject_of(sort_set, y->record);
  if (rx != ry) return rx < ry ? -1 : 1;
  return (x->date > y->date) - (x->date < y->date);
}

/* Who a record is about, as one number: its date of birth, else its name's value id. */
static int64_t identity_of(const bs_record *r) {
  if (r->dob) return r->dob;
  if (r->name) return ((int64_t)1 << 40) + r->name;
  return ((int64_t)1 << 41) + r->last;
}

typedef struct contact_ref {
  int64_t value;    /* value id */
  int64_t identity; /* identity_of its record */
} contact_ref;

static int contact_order(const void *a, const void *b) {
  const contact_ref *x = a, *y = b;
  if (x->value != y->value) return x->value < y->value ? -1 : 1;
  return (x->identity > y->identity) - (x->identity < y->identity);
}

/* A generic date that repeats a date of birth or of service of its record adds no
 * element: "signed on 07/02/2024" under "Date of service: 07/02/2024". */
static bs_status drop_repeated_dates(bs_record_set *set) {
  size_t n = 0;
  size_t *idx = bs_calloc(set->aside_count + 1, sizeof *idx);
  if (!idx) return BS_ENOMEM;
  for (size_t i = 0; i < set->aside_count; i++)
    if (set->aside[i].date) idx[n++] = i;
  sort_set = set;
  qsort(idx, n, sizeof *idx, date_order);
  for (size_t from = 0; from < n;) {
    const bs_record_aside *f = &set->aside[idx[from]];
    size_t to = from;
    int specific = 0;
    uint32_t group = subject_of(set, f->record);
    for (; to < n && subject_of(set, set->aside[idx[to]].record) == group &&
           set->aside[idx[to]].date == f->date;
         to++)
      specific |= set->aside[idx[to]].type != BS_EL_DATE;
    for (size_t k = from; specific && k < to; k++)
      if (set->aside[idx[k]].type == BS_EL_DATE) set->aside[idx[k]].dropped = 2;
    from = to;
  }
  bs_free(idx);
  return BS_OK;
}

/* Phones, e-mails and street addresses in the passages of many different people: the
 * writer's own. Listed in set->shared with the number of people. */
static bs_status find_shared_contacts(bs_record_set *set, size_t threshold) {
  size_t n = 0;
  contact_ref *refs = bs_calloc(set->aside_count + 1, sizeof *refs);
  if (!refs) return BS_ENOMEM;
  for (size_t i = 0; i < set->aside_count; i++) {
    const bs_record_aside *a = &set->aside[i];
    const bs_record *r = &set->items[a->record];
    if (r->number || !r->identified) continue; /* a table's field is its row's */
    if (a->type != BS_EL_PHONE && a->type != BS_EL_EMAIL && a->type != BS_EL_ADDRESS) continue;
    refs[n++] = (contact_ref){a->value, identity_of(&set->items[subject_of(set, a->record)])};
  }
  qsort(refs, n, sizeof *refs, contact_order);
  bs_status status = BS_OK;
  size_t cap = 0;
  for (size_t from = 0; status == BS_OK && from < n;) {
    size_t to = from, people = 0;
    for (; to < n && refs[to].value == refs[from].value; to++)
      people += to == from || refs[to].identity != refs[to - 1].identity;
    if (threshold && people >= threshold) {
      if (set->shared_count == cap) {
        cap = cap ? cap * 2 : 16;
        int64_t *values = bs_reallocarray(set->shared, cap, sizeof *values);
        if (values) set->shared = values;
        uint32_t *by = values ? bs_reallocarray(set->shared_by, cap, sizeof *by) : NULL;
        if (by) set->shared_by = by;
        if (!values || !by) status = BS_ENOMEM;
      }
      if (status == BS_OK) {
        set->shared[set->shared_count] = refs[from].value;
        set->shared_by[set->shared_count++] = (uint32_t)people;
      }
    }
    from = to;
  }
  bs_free(refs);
  return status;
}

static int is_shared(const bs_record_set *set, int64_t value) {
  size_t lo = 0, hi = set->shared_count; /* set->shared is sorted: filled in value order */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (set->shared[mid] == value) return 1;
    if (set->shared[mid] < value)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

bs_status bs_records_place_aside(bs_record_set *set, const bs_records_options *options) {
  size_t threshold = options ? options->shared_contact : BS_RECORDS_SHARED_CONTACT;
  bs_status status = drop_repeated_dates(set);
  if (status == BS_OK) status = find_shared_contacts(set, threshold);
  uint32_t current = UINT32_MAX;
  int after_shared_address = 0; /* city, state, ZIP after a shared street are its own */
  for (size_t i = 0; status == BS_OK && i < set->aside_count; i++) {
    bs_record_aside *a = &set->aside[i];
    bs_record *r = &set->items[a->record];
    if (a->record != current) {
      current = a->record;
      after_shared_address = 0;
    }
    if (!r->identified) continue; /* its findings are counted as unattributed already */
    bs_element type = (bs_element)a->type;
    int shared = !r->number && is_shared(set, a->value);
    if (type == BS_EL_ADDRESS) after_shared_address = shared;
    if (!r->number && after_shared_address &&
        (type == BS_EL_CITY || type == BS_EL_STATE || type == BS_EL_ZIP))
      shared = 1;
    if (shared || (type == BS_EL_DATE && a->header)) a->dropped = 1;
    if (a->dropped == 1) set->unattributed[type]++;
    if (a->dropped) continue;
    r->types |= 1u << type;
    int64_t *slot = slot_of(r, type);
    /* The line right after the first street address: its second line (a unit). */
    if (type == BS_EL_ADDRESS && slot && *slot && !r->address2 && *slot != a->value && i > 0 &&
        set->aside[i - 1].record == a->record && set->aside[i - 1].value == *slot)
      r->address2 = a->value;
    if (slot && !*slot) *slot = a->value;
  }
  return status;
}

/* ---- Records built in memory ------------------------------------------------------- */

bs_status bs_records_begin(bs_record_set *set) {
  memset(set, 0, sizeof *set);
  set->value_cap = 1024;
  set->value_count = 1; /* ids from 1 */
  set->values = bs_calloc(set->value_cap, sizeof *set->values);
  set->value_types = bs_calloc(set->value_cap, 1);
  bs_status status = set->values && set->value_types ? BS_OK : BS_ENOMEM;
  if (status == BS_OK) status = bs_strmap_create(&set->interned);
  if (status != BS_OK) bs_records_free(set);
  return status;
}

bs_status bs_records_new(bs_record_set *set, int64_t content, uint64_t number, size_t *index) {
  /* A passage's rowids: its index, so that its key is unique. */
  bs_status status = new_record(set, content, number, (int64_t)set->count + 1);
  if (status == BS_OK) *index = set->count - 1;
  return status;
}

static bs_status intern_value(bs_record_set *set, bs_element type, const char *value, int64_t *id) {
  char key[512];
  int n = snprintf(key, sizeof key, "%d %s", (int)type, value);
  if (n < 0 || (size_t)n >= sizeof key) return BS_ELIMIT;
  int64_t *slot;
  int added;
  bs_status status = bs_strmap_upsert(set->interned, key, (size_t)n, &slot, NULL, &added);
  if (status != BS_OK) return status;
  if (!added) {
    *id = *slot;
    return BS_OK;
  }
  if (set->value_count == set->value_cap) {
    size_t cap = set->value_cap * 2;
    char **values = bs_reallocarray(set->values, cap, sizeof *values);
    if (values) set->values = values;
    uint8_t *types = values ? bs_reallocarray(set->value_types, cap, 1) : NULL;
    if (types) set->value_types = types;
    if (!values || !types) return BS_ENOMEM;
    set->value_cap = cap;
  }
  *id = (int64_t)set->value_count;
  set->values[*id] = bs_strdup(value);
  if (!set->values[*id]) return BS_ENOMEM;
  set->value_types[*id] = (uint8_t)type;
  set->value_count++;
  *slot = *id;
  return BS_OK;
}

bs_status bs_records_add(bs_record_set *set, size_t index, bs_element type, const char *value) {
  if (index >= set->count || type < 0 || type >= BS_EL_COUNT) return BS_EINVAL;
  int64_t id;
  bs_status status = intern_value(set, type, value, &id);
  if (status != BS_OK) return status;
  int is_date = type == BS_EL_DOB || type == BS_EL_DATE || type == BS_EL_SERVICE_DATE;
  int32_t date = is_date ? dob_of(value) : 0;
  bs_record *r = &set->items[index];
  add_to_record(r, type, id, type == BS_EL_DOB ? date : 0, r->last_rowid);
  set->findings++;
  if (bs_records_is_aside(type))
    status = bs_records_add_aside(set, (uint32_t)index, type, id, date, 0);
  return status;
}

bs_status bs_records_finish(bs_record_set *set, const bs_records_options *options) {
  for (size_t i = 0; i < set->count; i++) {
    bs_record *r = &set->items[i];
    r->identified = names_someone(r);
  }
  return bs_records_place_aside(set, options);
}
