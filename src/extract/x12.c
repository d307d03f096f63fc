/* ASC X12 005010 healthcare transactions, read by hand (no C library for them is kept
 * in Debian): 837P/I/D claims (005010X222A1, X223A2, X224A2), 835 remittances (X221A1),
 * 834 enrollment (X220A1), 270/271 eligibility (X279A1). The separators come from ISA:
 * the element separator after "ISA", repetition ISA-11, component ISA-16, and the
 * segment terminator after ISA-16; CR and LF between segments are ignored.
 *
 * Units. One unit per element value (each component and repetition its own unit).
 * Hints: "SEG-NN" for element NN; "SEG*Q-NN" when the segment's first element is a
 * qualifier that says what it holds (NM1, N1, REF, DTP, DTM, PER, AMT, QTY: "NM1*IL-03",
 * "REF*SY-02", "DTP*472-03"); N3, N4, DMG and PER, which have no qualifier of their
 * own, take the entity code of the NM1 (or N1) that opens their loop ("N4*IL-03",
 * "DMG*QC-02"); an NM109 identifier whose NM108 is an SSN (34), NPI (XX) or MRN (MR)
 * says so in brackets ("NM1*IL-09[SSN]"); the codes of composite elements carry
 * their code list qualifier in brackets ("HI[ABK]" for an ICD-10-CM principal
 * diagnosis, "SV1-01[HC]" for a CPT or HCPCS code). Types: src/detect/hints.c.
 * Envelope segments (ISA GS ST SE GE IEA) and HL give no units.
 *
 * Records (unit row): each subscriber and each patient (HL levels 22 and 23), each 835
 * claim payment (CLP) and each 834 member (INS) starts one; the segments after it
 * belong to it. Information source, receiver and billing provider data (before any
 * person, or after HL levels 20 and 21) have row 0. line is the segment's number in
 * the file; place is "transaction 2 loop 2010BA".
 *
 * Tolerance: a missing or truncated ISA gives the usual separators * : ^ ~; a segment
 * with no name is scanned as text; a claim with no subscriber loop starts a record;
 * each is reported and reading goes on. */
#include <stdio.h>
#include <string.h>

#include "base/strmap.h"
#include "extract/fieldhint.h"
#include "extract/format.h"

#define MAX_ELEMENT 99 /* beyond: elements read as unhinted text */

typedef struct separators {
  char element, component, repetition, segment;
} separators;

typedef struct x12_reader {
  const bs_unit_sink *sink; /* where units go */
  bs_strmap *hints;         /* interned hints */
  separators s;             /* from ISA */
  uint64_t segment;         /* segments read, the current one's number */
  uint64_t transaction;     /* ST segments seen */
  uint64_t records;         /* records handed out */
  uint64_t row;             /* record of the current segment; 0: nobody's */
  char set[4];              /* transaction set: "837", "835", "834", "270", "271" */
  char loop[8];             /* current loop id */
  char entity[8];           /* entity code of the current NM1 or N1 */
  char id_kind[4];          /* NM108 of the current NM1, for NM109 */
  int person;               /* a person's record is current */
  int in_claim;             /* 837: after CLM (2300) */
  int in_line;              /* 837: after LX (2400) */
  int hl_level;             /* last HL level code: 20, 21, 22, 23 */
  char place[48];           /* of the current segment */
  bs_status status;         /* first error */
} x12_reader;

static void diagnose(x12_reader *r, const char *message) {
  if (!r->sink->diagnostic) return;
  char place[48];
  snprintf(place, sizeof place, "segment %llu", (unsigned long long)r->segment);
  r->sink->diagnostic(place, message, r->sink->ctx);
}

static void emit(x12_reader *r, const char *text, size_t len, const char *hint) {
  if (r->status != BS_OK) return;
  while (len && *text == ' ') text++, len--;
  while (len && text[len - 1] == ' ') len--;
  if (len == 0) return;
  bs_unit unit = {.text = text,
                  .len = len,
                  .line = r->segment,
                  .row = r->row,
                  .record = r->row,
                  .place = r->place,
                  .hint_type = BS_EL_NONE};
  if (hint) {
    r->status = bs_field_hint(&unit.hint, &unit.hint_type, r->hints, hint, strlen(hint));
    if (r->status != BS_OK) return;
  }
  r->status = r->sink->unit(&unit, r->sink->ctx);
}

/* Element n (1-based) of a segment, or 0. */
static int element(const char **out, size_t *out_len, const char *seg, size_t len, char sep,
                   unsigned n) {
  const char *at = seg, *end = seg + len;
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

/* A short code (qualifier, entity) made safe for a hint: letters and digits only. */
static void code_of(char *out, size_t cap, const char *text, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len && n + 1 < cap; i++)
    if ((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= '0' && text[i] <= '9'))
      out[n++] = text[i];
    else if (text[i] >= 'a' && text[i] <= 'z')
      out[n++] = (char)(text[i] - 'a' + 'A');
  out[n] = '\0';
}

static int is(const char *name, const char *want) { return strcmp(name, want) == 0; }

static void new_record(x12_reader *r) {
  r->row = ++r->records;
  r->person = 1;
  r->in_claim = r->in_line = 0;
}

static void set_loop(x12_reader *r, const char *loop) {
  snprintf(r->loop, sizeof r->loop, "%s", loop);
}

/* Segments a person must own: outside one, a record is started and the fact reported. */
static void need_person(x12_reader *r) {
  if (r->person) return;
  new_record(r);
  diagnose(r, "claim or service data with no subscriber or patient loop before it");
}

/* Moves through the loops of the transaction (the TR3 loop ids) before the segment's
 * elements are read: who the data is about, and where. */
static void follow_loops(x12_reader *r, const char *name, const char *seg, size_t len) {
  const char *q;
  size_t q_len;
  char code[8] = "";
  if (element(&q, &q_len, seg, len, r->s.element, 1)) code_of(code, sizeof code, q, q_len);
  int is837 = is(r->set, "837") || !r->set[0], is835 = is(r->set, "835"), is834 = is(r->set, "834");
  int eligibility = is(r->set, "270") || is(r->set, "271");
  if (is(name, "HL")) {
    const char *level;
    size_t level_len;
    char level_code[8] = "";
    if (element(&level, &level_len, seg, len, r->s.element, 3))
      code_of(level_code, sizeof level_code, level, level_len);
    r->hl_level = level_code[0] >= '0' && level_code[0] <= '9' && level_code[1] >= '0' &&
                          level_code[1] <= '9' && !level_code[2]
                      ? (level_code[0] - '0') * 10 + (level_code[1] - '0')
                      : 0;
    if (r->hl_level == 22 || r->hl_level == 23) {
      new_record(r);
      set_loop(r, eligibility ? (r->hl_level == 22 ? "2000C" : "2000D")
                              : (r->hl_level == 22 ? "2000B" : "2000C"));
    } else {
      r->person = 0;
      r->row = 0;
      set_loop(r, eligibility && r->hl_level == 21 ? "2000B" : "2000A");
    }
    return;
  }
  if (is835 && is(name, "CLP")) {
    new_record(r);
    set_loop(r, "2100");
  } else if (is835 && is(name, "SVC")) {
    need_person(r);
    set_loop(r, "2110");
  } else if (is835 && is(name, "LX")) {
    set_loop(r, r->person ? "2100" : "2000");
  } else if (is834 && is(name, "INS")) {
    new_record(r);
    set_loop(r, "2000");
  } else if (is834 && is(name, "HD")) {
    set_loop(r, r->person ? "2300" : "2000");
  } else if (is837 && is(name, "CLM")) {
    need_person(r);
    r->in_claim = 1;
    r->in_line = 0;
    set_loop(r, "2300");
  } else if (is837 && is(name, "LX")) {
    need_person(r);
    r->in_line = 1;
    set_loop(r, "2400");
  } else if (is837 && is(name, "SBR") && r->in_claim) {
    set_loop(r, "2320");
  } else if (eligibility && (is(name, "EQ") || is(name, "EB"))) {
    if (r->person) set_loop(r, r->hl_level == 23 ? "2110D" : "2110C");
  } else if (is(name, "NM1") || is(name, "N1")) {
    snprintf(r->entity, sizeof r->entity, "%s", code);
    r->id_kind[0] = '\0';
    const char *kind;
    size_t kind_len;
    if (element(&kind, &kind_len, seg, len, r->s.element, 8))
      code_of(r->id_kind, sizeof r->id_kind, kind, kind_len);
    if (!r->person) {
      /* Provider, payer, submitter and receiver loops: nobody's record. */
      if (eligibility)
        set_loop(r, r->hl_level == 21 ? "2100B" : "2100A");
      else if (is837 && r->hl_level == 20)
        set_loop(r, is(code, "85") ? "2010AA" : is(code, "87") ? "2010AB" : "2010AC");
      else
        set_loop(r, is(code, "PE") || is(code, "40") || is(code, "IN") ? "1000B" : "1000A");
    } else if (eligibility) {
      set_loop(r, r->hl_level == 23 ? "2100D" : "2100C");
    } else if (is834) {
      set_loop(r, is(code, "IL") || is(code, "74") ? "2100A" : "2100");
    } else if (is835) {
      set_loop(r, "2100");
    } else if (r->in_line) {
      set_loop(r, "2420");
    } else if (r->in_claim) {
      set_loop(r, is(r->loop, "2320") || is(r->loop, "2330") ? "2330" : "2310");
    } else {
      set_loop(r, is(code, "QC") ? "2010CA" : is(code, "IL") ? "2010BA" : "2010BB");
    }
  }
}

/* The hint of element n (1-based) of a segment whose qualifier (first element) is qual. */
static void element_hint(x12_reader *r, char *hint, size_t cap, const char *name, const char *qual,
                         unsigned n) {
  static const char *const qualified[] = {"NM1", "N1", "REF", "DTP", "DTM", "AMT", "QTY"};
  static const char *const entity_owned[] = {"N3", "N4", "DMG", "PER"};
  for (size_t i = 0; i < sizeof qualified / sizeof qualified[0]; i++)
    if (is(name, qualified[i]) && qual[0]) {
      if (is(name, "NM1") && n == 9 &&
          (is(r->id_kind, "34") || is(r->id_kind, "XX") || is(r->id_kind, "MR"))) {
        const char *label = is(r->id_kind, "34") ? "SSN" : is(r->id_kind, "XX") ? "NPI" : "MRN";
        snprintf(hint, cap, "%s*%s-%02u[%s]", name, qual, n, label);
      } else {
        snprintf(hint, cap, "%s*%s-%02u", name, qual, n);
      }
      return;
    }
  for (size_t i = 0; i < sizeof entity_owned / sizeof entity_owned[0]; i++)
    if (is(name, entity_owned[i]) && r->entity[0]) {
      snprintf(hint, cap, "%s*%s-%02u", name, r->entity, n);
      return;
    }
  snprintf(hint, cap, "%s-%02u", name, n);
}

/* Composite elements whose first component is a code list qualifier and second a code:
 * HI (diagnoses), SV1-01, SV2-02, SV3-01, SVC-01 (procedures). */
static int coded_composite(const char *name, unsigned n) {
  return is(name, "HI") || (is(name, "SV1") && n == 1) || (is(name, "SV2") && n == 2) ||
         (is(name, "SV3") && n == 1) || (is(name, "SVC") && n == 1);
}

static void emit_element(x12_reader *r, const char *name, const char *qual, unsigned n,
                         const char *text, size_t len, const char *seg, size_t seg_len) {
  char hint[48];
  if (n > MAX_ELEMENT) {
    emit(r, text, len, NULL);
    return;
  }
  element_hint(r, hint, sizeof hint, name, qual, n);
  const char *kind;
  size_t kind_len;
  if (is(name, "PER") && (n == 4 || n == 6 || n == 8) &&
      element(&kind, &kind_len, seg, seg_len, r->s.element, n - 1)) {
    /* PER03, 05, 07 say what the number after them is. */
    size_t at = strlen(hint);
    const char *label = kind_len == 2 && !memcmp(kind, "EM", 2)   ? "[email]"
                        : kind_len == 2 && !memcmp(kind, "FX", 2) ? "[fax]"
                                                                  : "[phone]";
    snprintf(hint + at, sizeof hint - at, "%s", label);
  }
  for (const char *at = text, *end = text + len; at <= end && r->status == BS_OK;) {
    const char *stop = r->s.repetition ? memchr(at, r->s.repetition, (size_t)(end - at)) : NULL;
    if (!stop) stop = end;
    const char *sep = memchr(at, r->s.component, (size_t)(stop - at));
    if (sep && coded_composite(name, n)) {
      char code_list[8];
      code_of(code_list, sizeof code_list, at, (size_t)(sep - at));
      char coded[48];
      if (is(name, "HI"))
        snprintf(coded, sizeof coded, "HI[%s]", code_list);
      else
        snprintf(coded, sizeof coded, "%s-%02u[%s]", name, n, code_list);
      const char *code_end = memchr(sep + 1, r->s.component, (size_t)(stop - sep - 1));
      emit(r, sep + 1, (size_t)((code_end ? code_end : stop) - sep - 1), coded);
      /* Modifiers, dates and amounts after the code. */
      if (code_end)
        for (const char *c = code_end + 1; c <= stop && r->status == BS_OK;) {
          const char *c_end = memchr(c, r->s.component, (size_t)(stop - c));
          if (!c_end) c_end = stop;
          emit(r, c, (size_t)(c_end - c), hint);
          c = c_end + 1;
        }
    } else if ((is(name, "DTP") && n == 3) || (is(name, "DTM") && n == 2)) {
      /* RD8 ranges: CCYYMMDD-CCYYMMDD, each date a unit. */
      const char *dash = memchr(at, '-', (size_t)(stop - at));
      if (dash && dash - at == 8 && stop - dash == 9) {
        emit(r, at, 8, hint);
        emit(r, dash + 1, 8, hint);
      } else {
        emit(r, at, (size_t)(stop - at), hint);
      }
    } else {
      for (const char *c = at; c <= stop && r->status == BS_OK;) {
        const char *c_end = memchr(c, r->s.component, (size_t)(stop - c));
        if (!c_end) c_end = stop;
        emit(r, c, (size_t)(c_end - c), hint);
        c = c_end + 1;
      }
    }
    at = stop + 1;
  }
}

static int is_name_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

static void read_segment(x12_reader *r, const char *seg, size_t len) {
  r->segment++;
  size_t name_len = 0;
  while (name_len < len && name_len < 4 && is_name_char(seg[name_len])) name_len++;
  if (name_len < 2 || name_len > 3 || (name_len < len && seg[name_len] != r->s.element)) {
    diagnose(r, "not a segment (no segment name and element separator): scanned as text");
    snprintf(r->place, sizeof r->place, "transaction %llu loop %s",
             (unsigned long long)r->transaction, r->loop);
    emit(r, seg, len, NULL);
    return;
  }
  char name[4];
  memcpy(name, seg, name_len);
  name[name_len] = '\0';
  if (is(name, "ISA") || is(name, "IEA") || is(name, "GS") || is(name, "GE") || is(name, "SE"))
    return;
  if (is(name, "ST")) {
    const char *set;
    size_t set_len;
    r->set[0] = '\0';
    if (element(&set, &set_len, seg, len, r->s.element, 1))
      code_of(r->set, sizeof r->set, set, set_len);
    r->transaction++;
    r->person = r->in_claim = r->in_line = 0;
    r->row = 0;
    r->hl_level = 0;
    r->entity[0] = '\0';
    set_loop(r, "header");
    return;
  }
  if (r->transaction == 0) {
    r->transaction = 1;
    diagnose(r, "segments before any ST: read as one transaction");
    set_loop(r, "header");
  }
  follow_loops(r, name, seg, len);
  if (is(name, "HL")) return;
  if (is(name, "N3") || is(name, "N4") || is(name, "DMG") || is(name, "PER")) {
    /* owned by the current NM1 */
  } else if (!is(name, "NM1") && !is(name, "N1") && !is(name, "REF")) {
    r->entity[0] = '\0';
  }
  snprintf(r->place, sizeof r->place, "transaction %llu loop %s",
           (unsigned long long)r->transaction, r->loop);
  const char *q;
  size_t q_len;
  char qual[8] = "";
  if (element(&q, &q_len, seg, len, r->s.element, 1)) code_of(qual, sizeof qual, q, q_len);
  unsigned n = 0;
  for (const char *at = seg + name_len, *end = seg + len; at < end && r->status == BS_OK;) {
    at++;
    const char *stop = memchr(at, r->s.element, (size_t)(end - at));
    if (!stop) stop = end;
    n++;
    if (stop > at) emit_element(r, name, qual, n, at, (size_t)(stop - at), seg, len);
    at = stop;
  }
}

/* ISA: fixed width in the standard (106 characters), but counted by separators here. */
static void read_isa(x12_reader *r, const char *text, size_t len) {
  r->s = (separators){'*', ':', '^', '~'};
  if (len < 4 || memcmp(text, "ISA", 3) != 0) {
    diagnose(r, "no ISA segment: the usual separators are assumed");
    if (!memchr(text, '~', len)) r->s.segment = '\n';
    return;
  }
  char e = text[3];
  size_t count = 0, i = 3;
  const char *isa11 = NULL;
  for (; i < len && count < 16; i++)
    if (text[i] == e) {
      count++;
      if (count == 11 && i + 1 < len) isa11 = text + i + 1;
    }
  if (count < 16 || i + 1 >= len) {
    diagnose(r, "ISA segment truncated: the usual separators are assumed");
    r->s.element = e;
    return;
  }
  r->s.element = e;
  r->s.component = text[i];
  r->s.segment = text[i + 1];
  r->s.repetition = isa11 && *isa11 != 'U' && *isa11 != e ? *isa11 : 0;
  if (!memchr(text + i + 2, r->s.segment, len - i - 2) && memchr(text + i + 2, '\n', len - i - 2)) {
    diagnose(r, "segment terminator of ISA not found after it: segments read as lines");
    r->s.segment = '\n';
  }
  if (r->s.segment == e || r->s.segment == r->s.component || r->s.component == e) {
    diagnose(r, "ISA separators not distinct: the usual separators are assumed");
    r->s = (separators){e == '~' ? '*' : e, ':', '^', '~'};
  }
}

bs_status bs_extract_x12(const char *text, size_t len, const bs_unit_sink *sink) {
  x12_reader r = {.sink = sink};
  size_t at = 0;
  while (at < len && (text[at] == ' ' || text[at] == '\r' || text[at] == '\n' || text[at] == '\t'))
    at++;
  read_isa(&r, text + at, len - at);
  set_loop(&r, "header");
  r.status = bs_strmap_create(&r.hints);
  while (at < len && r.status == BS_OK) {
    while (at < len && (text[at] == '\r' || text[at] == '\n')) at++;
    const char *stop = memchr(text + at, r.s.segment, len - at);
    size_t end = stop ? (size_t)(stop - text) : len;
    size_t to = end;
    while (to > at && (text[to - 1] == '\r' || text[to - 1] == '\n')) to--;
    if (to > at) read_segment(&r, text + at, to - at);
    at = end + 1;
  }
  bs_strmap_free(r.hints);
  return r.status;
}
