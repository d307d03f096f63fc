/* HL7 v2 messages (HL7 v2.3 to v2.8, chapter 2 encoding rules), read by hand: no C
 * library for them is kept in Debian. A file holds one message or many, MLLP-framed
 * (0x0B ... 0x1C 0x0D) or not, segments ended by CR, LF or CR LF.
 *
 * Units. One unit per subcomponent value, escapes decoded (\F\ \S\ \T\ \R\ \E\ \X..\
 * \.br\), empty values and the HL7 null "" skipped. Hints, in the standard's notation:
 *   "PID-7"      a field without components;
 *   "PID-5.1"    component 1 of a field that has components;
 *   "PID-3[SS]"  the ID (component 1) of an identifier list (CX: PID-2, PID-3, PID-4,
 *                IN1-49), with its identifier type code (component 5) in brackets, so
 *                that SS reads as an SSN, MR as an MRN, MB as a member ID...;
 *   "PV1-7[NPI]" the same for the ID of a person of data type XCN (attending,
 *                referring, ordering doctors...), whose type code is component 13;
 *   none         for free text (OBX-5, NTE-3, Z-segments, lines that are not segments),
 *                which the detectors scan as text.
 * Hint types come from the table of src/detect/hints.c ("pid7" is a DOB). Its
 * normalisation drops punctuation, so "NK1-4.1" and a field NK1-41 read alike.
 *
 * Records (unit row): the patient of each message is one record; each NK1 (next of
 * kin), GT1 (guarantor) and each IN1 whose insured is not the patient itself (IN1-17)
 * with its IN2 and IN3 is a record of its own. line is the segment's number in the
 * file; place is "message 3 PID" ("message 3 NK1 2" for the second NK1).
 *
 * Tolerance: a missing or damaged MSH gives the default delimiters |^~\&; a line that
 * is not a segment is scanned as text; each is reported, and reading goes on. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "extract/fieldhint.h"
#include "extract/format.h"
#include "extract/utf8.h"

#define MAX_FIELD      999 /* beyond: fields read as unhinted text */
#define MAX_COMPONENT  99
#define MAX_VALUE      ((size_t)64 << 20)
#define MLLP_START     '\x0b'
#define MLLP_END       '\x1c'
#define MAX_OCCURRENCE 9999

typedef struct delimiters {
  char field, component, repetition, escape, subcomponent;
} delimiters;

static const delimiters default_delimiters = {'|', '^', '~', '\\', '&'};

typedef struct hl7_reader {
  const bs_unit_sink *sink; /* where units go */
  bs_strmap *hints;         /* interned hints */
  bs_buf value;             /* a value with its escapes decoded */
  bs_buf repaired;          /* the same made valid UTF-8 */
  delimiters d;             /* of the current message */
  uint64_t message;         /* current message, 1-based; 0 before the first */
  uint64_t segment;         /* segments read, the current one's number */
  uint64_t records;         /* records handed out */
  uint64_t patient;         /* record of the message's patient; 0 until needed */
  uint64_t insured;         /* record of the current IN1's insured (IN2, IN3) */
  uint64_t row;             /* record of the current segment */
  unsigned occurrences[4];  /* NK1, GT1, IN1, IN2/IN3 seen in this message */
  char place[48];           /* of the current segment */
  char segment_name[4];     /* of the current segment */
  int free_text;            /* the current segment is scanned as text */
  bs_status status;         /* first error */
} hl7_reader;

static void diagnose(hl7_reader *r, const char *message) {
  if (!r->sink->diagnostic) return;
  char place[64];
  snprintf(place, sizeof place, "message %llu segment %llu", (unsigned long long)r->message,
           (unsigned long long)r->segment);
  r->sink->diagnostic(place, message, r->sink->ctx);
}

static uint64_t patient_record(hl7_reader *r) {
  if (!r->patient) r->patient = ++r->records;
  return r->patient;
}

/* ---- Escapes (HL7 v2 2.7) ----------------------------------------------------- */

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* Appends the meaning of the escape sequence code[0..len) (between the escape chars). */
static bs_status append_escape(hl7_reader *r, const char *code, size_t len) {
  bs_buf *out = &r->value;
  if (len == 1) {
    switch (code[0]) {
    case 'F': return bs_buf_append_char(out, r->d.field);
    case 'S': return bs_buf_append_char(out, r->d.component);
    case 'T': return bs_buf_append_char(out, r->d.subcomponent);
    case 'R': return bs_buf_append_char(out, r->d.repetition);
    case 'E': return bs_buf_append_char(out, r->d.escape);
    case 'P': return bs_buf_append_char(out, '#');
    case 'H':
    case 'N': return BS_OK; /* highlighting on and off */
    default: break;
    }
  }
  if (len >= 3 && code[0] == '.') /* formatting: .br .sp .in .ti .sk .ce .fi .nf */
    return bs_buf_append_char(out, code[1] == 'b' || code[1] == 's' ? '\n' : ' ');
  if (len > 1 && code[0] == 'X') { /* hexadecimal bytes */
    bs_status status = BS_OK;
    for (size_t i = 1; i + 1 < len && status == BS_OK; i += 2) {
      int hi = hex_digit(code[i]), lo = hex_digit(code[i + 1]);
      if (hi < 0 || lo < 0) break;
      char byte = (char)(hi * 16 + lo);
      if (byte) status = bs_buf_append_char(out, byte);
    }
    return status;
  }
  if (len >= 1 && (code[0] == 'C' || code[0] == 'M' || code[0] == 'Z')) return BS_OK;
  /* Unknown: kept as written. */
  bs_status status = bs_buf_append_char(out, r->d.escape);
  if (status == BS_OK) status = bs_buf_append(out, code, len);
  if (status == BS_OK) status = bs_buf_append_char(out, r->d.escape);
  return status;
}

/* Decodes the escapes of text[0..len) into r->value. OUT: *value, *value_len, valid
 * UTF-8 (hex escapes may give other bytes: those are repaired). */
static bs_status unescape(hl7_reader *r, const char *text, size_t len, const char **value,
                          size_t *value_len) {
  if (!memchr(text, r->d.escape, len)) {
    *value = text;
    *value_len = len;
    return BS_OK;
  }
  bs_buf_reset(&r->value);
  bs_status status = BS_OK;
  for (size_t i = 0; i < len && status == BS_OK;) {
    const char *close = text[i] == r->d.escape && i + 1 < len
                            ? memchr(text + i + 1, r->d.escape, len - i - 1)
                            : NULL;
    if (!close) {
      status = bs_buf_append_char(&r->value, text[i++]);
      continue;
    }
    size_t code_len = (size_t)(close - (text + i + 1));
    status = append_escape(r, text + i + 1, code_len);
    i += code_len + 2;
  }
  if (status != BS_OK) return status;
  *value = r->value.data ? r->value.data : "";
  *value_len = r->value.len;
  if (!bs_utf8_valid(*value, *value_len)) {
    status = bs_utf8_repair(&r->repaired, *value, *value_len);
    *value = r->repaired.data ? r->repaired.data : "";
    *value_len = r->repaired.len;
  }
  return status;
}

/* ---- Units ----------------------------------------------------------------------- */

static void emit(hl7_reader *r, const char *text, size_t len, const char *hint) {
  if (r->status != BS_OK) return;
  const char *value;
  size_t value_len;
  r->status = unescape(r, text, len, &value, &value_len);
  if (r->status != BS_OK) return;
  while (value_len && (*value == ' ' || *value == '\t')) value++, value_len--;
  while (value_len && (value[value_len - 1] == ' ' || value[value_len - 1] == '\t')) value_len--;
  if (value_len == 0 || (value_len == 2 && value[0] == '"' && value[1] == '"')) return;
  bs_unit unit = {.text = value,
                  .len = value_len,
                  .line = r->segment,
                  .row = r->row,
                  .record = r->row,
                  .place = r->place,
                  .hint_type = BS_EL_NONE};
  if (hint && !r->free_text) {
    r->status = bs_field_hint(&unit.hint, &unit.hint_type, r->hints, hint, strlen(hint));
    if (r->status != BS_OK) return;
  }
  r->status = r->sink->unit(&unit, r->sink->ctx);
}

/* The n-th piece of text[0..len) split at sep (0-based), or 0 when there is none. */
static int piece(const char **out, size_t *out_len, const char *text, size_t len, char sep,
                 unsigned n) {
  const char *at = text, *end = text + len;
  for (unsigned i = 0; i < n; i++) {
    const char *next = memchr(at, sep, (size_t)(end - at));
    if (!next) return 0;
    at = next + 1;
  }
  const char *stop = memchr(at, sep, (size_t)(end - at));
  *out = at;
  *out_len = (size_t)((stop ? stop : end) - at);
  return 1;
}

/* Identifiers whose type code says what the ID (component 1) is: the CX lists, whose
 * component 5 is the identifier type code, and the persons of data type XCN (v2.5.1
 * 2.A.89: doctors, nurses, clerks), whose component 13 is, so that an attending
 * doctor's "1234567893^Jones^Ann^^^^^^^^^^NPI" reads as an NPI. Returns the component
 * (1-based) of the type code, or 0 when the field is neither. */
static unsigned identifier_type_component(const char *segment, unsigned field) {
  static const struct {
    char segment[4];
    unsigned char field;
    unsigned char type_component;
  } fields[] = {
      {"PID", 2, 5},   {"PID", 3, 5},   {"PID", 4, 5},   {"IN1", 49, 5},  {"NK1", 33, 5},
      {"PV1", 7, 13},  {"PV1", 8, 13},  {"PV1", 9, 13},  {"PV1", 17, 13}, {"PV1", 52, 13},
      {"PD1", 4, 13},  {"ORC", 10, 13}, {"ORC", 11, 13}, {"ORC", 12, 13}, {"OBR", 16, 13},
      {"OBR", 28, 13}, {"PR1", 11, 13}, {"PR1", 12, 13}, {"DG1", 16, 13}, {"ROL", 4, 13},
      {"TXA", 5, 13},  {"TXA", 9, 13},  {"TXA", 10, 13}, {"EVN", 5, 13},
  };
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (fields[i].field == field && !strcmp(fields[i].segment, segment))
      return fields[i].type_component;
  return 0;
}

/* Sends each subcomponent of one component. */
static void emit_component(hl7_reader *r, const char *text, size_t len, const char *hint) {
  for (const char *at = text, *end = text + len; at <= end && r->status == BS_OK;) {
    const char *stop = memchr(at, r->d.subcomponent, (size_t)(end - at));
    if (!stop) stop = end;
    emit(r, at, (size_t)(stop - at), hint);
    at = stop + 1;
  }
}

/* One repetition of field `field` of the current segment. */
static void emit_repetition(hl7_reader *r, unsigned field, const char *text, size_t len) {
  char hint[48];
  const char *name = r->segment_name;
  int composite = memchr(text, r->d.component, len) != NULL;
  if (field > MAX_FIELD) {
    emit_component(r, text, len, NULL);
    return;
  }
  if (!composite) {
    snprintf(hint, sizeof hint, "%s-%u", name, field);
    emit_component(r, text, len, hint);
    return;
  }
  unsigned type_component = identifier_type_component(name, field);
  unsigned component = 0;
  for (const char *at = text, *end = text + len; at <= end && r->status == BS_OK;) {
    const char *stop = memchr(at, r->d.component, (size_t)(end - at));
    if (!stop) stop = end;
    component++;
    if (component > MAX_COMPONENT) {
      emit_component(r, at, (size_t)(end - at), NULL);
      break;
    }
    if (type_component && component == 1) {
      const char *code = NULL;
      size_t code_len = 0;
      char type[8] = "";
      size_t n = 0;
      if (piece(&code, &code_len, text, len, r->d.component, type_component - 1)) {
        for (size_t i = 0; i < code_len && n + 1 < sizeof type; i++) {
          if ((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9'))
            type[n++] = code[i];
          else if (code[i] >= 'a' && code[i] <= 'z')
            type[n++] = (char)(code[i] - 'a' + 'A');
        }
      }
      type[n] = '\0';
      if (n)
        snprintf(hint, sizeof hint, "%s-%u[%s]", name, field, type);
      else
        snprintf(hint, sizeof hint, "%s-%u", name, field);
    } else {
      snprintf(hint, sizeof hint, "%s-%u.%u", name, field, component);
    }
    emit_component(r, at, (size_t)(stop - at), hint);
    at = stop + 1;
  }
  /* Telephone numbers (XTN) given as area code (6) and local number (7) only. */
  const char *area, *local, *first;
  size_t area_len, local_len, first_len;
  if (r->status == BS_OK && piece(&first, &first_len, text, len, r->d.component, 0) &&
      first_len == 0 && piece(&area, &area_len, text, len, r->d.component, 5) && area_len == 3 &&
      piece(&local, &local_len, text, len, r->d.component, 6) && local_len == 7) {
    char phone[16];
    snprintf(phone, sizeof phone, "%.3s%.7s", area, local);
    snprintf(hint, sizeof hint, "%s-%u", name, field);
    emit(r, phone, strlen(phone), hint);
  }
}

static void emit_field(hl7_reader *r, unsigned field, const char *text, size_t len) {
  for (const char *at = text, *end = text + len; at <= end && r->status == BS_OK;) {
    const char *stop = memchr(at, r->d.repetition, (size_t)(end - at));
    if (!stop) stop = end;
    if (stop > at) emit_repetition(r, field, at, (size_t)(stop - at));
    at = stop + 1;
  }
}

/* ---- Segments ------------------------------------------------------------------ */

static int valid_delimiters(const delimiters *d) {
  const char all[] = {d->field, d->component, d->repetition, d->escape, d->subcomponent};
  for (size_t i = 0; i < sizeof all; i++) {
    unsigned char c = (unsigned char)all[i];
    if (c < 0x21 || c > 0x7e || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
        (c >= 'a' && c <= 'z'))
      return 0;
    for (size_t j = 0; j < i; j++)
      if (all[j] == all[i]) return 0;
  }
  return 1;
}

/* MSH-1 and MSH-2 (also of the batch headers FHS and BHS): the delimiters. */
static void read_delimiters(hl7_reader *r, const char *segment, size_t len) {
  delimiters d = default_delimiters;
  if (len >= 4) d.field = segment[3];
  const char *encoding = segment + 4;
  size_t n = 0;
  while (4 + n < len && encoding[n] != d.field && n < 5) n++;
  if (n >= 1) d.component = encoding[0];
  if (n >= 2) d.repetition = encoding[1];
  if (n >= 3) d.escape = encoding[2];
  if (n >= 4) d.subcomponent = encoding[3];
  if (len < 4 || !valid_delimiters(&d)) {
    diagnose(r, "delimiters in MSH not usable: the defaults |^~\\& are used");
    d = default_delimiters;
  } else if (n < 4) {
    diagnose(r, "MSH-2 has fewer than four encoding characters: defaults for the rest");
  }
  r->d = d;
}

static int is_name_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

/* Segments whose person is not the patient: index into occurrences, or -1. */
static int person_segment(const char *name) {
  static const char *const names[] = {"NK1", "GT1", "IN1", "IN2", "IN3"};
  for (int i = 0; i < 5; i++)
    if (!strcmp(name, names[i])) return i < 3 ? i : 3;
  return -1;
}

/* IN1-17, insured's relationship to the patient: empty or self keeps the patient. */
static int insured_is_patient(hl7_reader *r, const char *segment, size_t len) {
  const char *rel;
  size_t rel_len;
  if (!piece(&rel, &rel_len, segment, len, r->d.field, 17)) return 1;
  const char *stop = memchr(rel, r->d.component, rel_len);
  if (stop) rel_len = (size_t)(stop - rel);
  return rel_len == 0 || (rel_len == 3 && !memcmp(rel, "SEL", 3)) ||
         (rel_len == 2 && !memcmp(rel, "01", 2)) || (rel_len == 2 && !memcmp(rel, "18", 2)) ||
         (rel_len == 4 && !memcmp(rel, "SELF", 4));
}

/* Whether the segment's record is a person of its own; sets r->row and r->place. */
static void locate(hl7_reader *r, const char *segment, size_t len) {
  int kind = person_segment(r->segment_name);
  unsigned occurrence = 0;
  if (kind >= 0 && r->occurrences[kind] < MAX_OCCURRENCE) occurrence = ++r->occurrences[kind];
  if (kind == 0 || kind == 1) {
    r->row = ++r->records;
  } else if (kind == 2) {
    r->insured = insured_is_patient(r, segment, len) ? patient_record(r) : ++r->records;
    r->row = r->insured;
  } else if (kind == 3) {
    r->row = r->insured ? r->insured : patient_record(r);
  } else {
    r->row = patient_record(r);
  }
  if (occurrence)
    snprintf(r->place, sizeof r->place, "message %llu %s %u", (unsigned long long)r->message,
             r->segment_name, occurrence);
  else
    snprintf(r->place, sizeof r->place, "message %llu %s", (unsigned long long)r->message,
             r->segment_name);
}

static void start_message(hl7_reader *r) {
  r->message++;
  r->patient = r->insured = 0;
  memset(r->occurrences, 0, sizeof r->occurrences);
}

static void read_segment(hl7_reader *r, const char *segment, size_t len) {
  r->segment++;
  int named = len >= 3 && is_name_char(segment[0]) && is_name_char(segment[1]) &&
              is_name_char(segment[2]) && !(segment[0] >= '0' && segment[0] <= '9');
  int header = named && (!memcmp(segment, "MSH", 3) || !memcmp(segment, "FHS", 3) ||
                         !memcmp(segment, "BHS", 3));
  if (named && !memcmp(segment, "MSH", 3)) start_message(r);
  if (header) read_delimiters(r, segment, len);
  if (r->message == 0) {
    start_message(r);
    diagnose(r, "segments before any MSH: read with the default delimiters");
  }
  if (named && !header && len > 3 && segment[3] != r->d.field) named = 0;
  if (!named) {
    diagnose(r, "not a segment (no segment name and field separator): scanned as text");
    memcpy(r->segment_name, "?", 2);
    r->row = patient_record(r);
    snprintf(r->place, sizeof r->place, "message %llu", (unsigned long long)r->message);
    r->free_text = 1;
    emit(r, segment, len, NULL);
    return;
  }
  memcpy(r->segment_name, segment, 3);
  r->segment_name[3] = '\0';
  /* Batch envelopes carry no one's data. */
  if (!memcmp(segment, "FHS", 3) || !memcmp(segment, "BHS", 3) || !memcmp(segment, "FTS", 3) ||
      !memcmp(segment, "BTS", 3))
    return;
  locate(r, segment, len);
  r->free_text = segment[0] == 'Z';
  int msh = !memcmp(segment, "MSH", 3);
  unsigned field = 0;
  for (const char *at = segment + 3, *end = segment + len; at < end && r->status == BS_OK;) {
    at++; /* the field separator */
    const char *stop = memchr(at, r->d.field, (size_t)(end - at));
    if (!stop) stop = end;
    field++;
    unsigned number = msh ? field + 1 : field; /* MSH-1 is the separator itself */
    int text = (!strcmp(r->segment_name, "OBX") && number == 5) ||
               (!strcmp(r->segment_name, "NTE") && number == 3);
    if (msh && number == 2) {
      /* the encoding characters */
    } else if (stop > at) {
      r->free_text = text || segment[0] == 'Z';
      emit_field(r, number, at, (size_t)(stop - at));
    }
    at = stop;
  }
}

bs_status bs_extract_hl7(const char *text, size_t len, const bs_unit_sink *sink) {
  hl7_reader r = {.sink = sink, .d = default_delimiters};
  bs_buf_init(&r.value, MAX_VALUE);
  bs_buf_init(&r.repaired, MAX_VALUE * 3);
  r.status = bs_strmap_create(&r.hints);
  for (size_t at = 0; at < len && r.status == BS_OK;) {
    size_t end = at;
    while (end < len && text[end] != '\r' && text[end] != '\n') end++;
    size_t from = at, to = end;
    /* MLLP framing: a start byte before the message, an end byte after it. */
    while (from < to && (text[from] == MLLP_START || text[from] == MLLP_END || text[from] == ' ' ||
                         text[from] == '\t'))
      from++;
    while (to > from && (text[to - 1] == MLLP_END || text[to - 1] == MLLP_START)) to--;
    if (to > from) read_segment(&r, text + from, to - from);
    at = end + 1;
  }
  bs_strmap_free(r.hints);
  bs_buf_free(&r.value);
  bs_buf_free(&r.repaired);
  return r.status;
}
