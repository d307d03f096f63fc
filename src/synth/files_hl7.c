/* The ADT interface feed (HL7 v2.5.1, chapter 3): a file a month of A04 registrations
 * and A08 updates, as an interface engine archives them: MSH, EVN, PID, NK1 (a member
 * of the household), PV1 (attending doctor, admit time), IN1 (the plan and its member
 * ID), DG1 (diagnoses), PR1 now and then. Segments end with CR (v2.5.1 2.5.3); July's
 * file keeps the MLLP framing of the wire (0x0B ... 0x1C 0x0D).
 *
 * Mentions name the reader's places: line is the segment's number in the file, row
 * the record (the message's patient; the next of kin a record of their own), field
 * the HL7 field ("PID-5.1", "PID-3[MR]"), place "message N SEG". */
#include <stdio.h>
#include <string.h>

#include "synth/lexicon.h"
#include "synth/writers.h"

typedef struct feed {
  bs_doc doc;            /* the file and its mentions (kind FIELDS) */
  bs_synth *s;           /* the practice */
  unsigned long message; /* current message, 1-based */
  unsigned long records; /* records so far */
  unsigned long patient; /* record of the message's patient */
} feed;

/* Text of a field with the HL7 escapes of its delimiters (v2.5.1 2.7). */
static void escaped(FILE *out, const char *text) {
  for (const char *c = text; *c; c++) {
    switch (*c) {
    case '|': fputs("\\F\\", out); break;
    case '^': fputs("\\S\\", out); break;
    case '~': fputs("\\R\\", out); break;
    case '&': fputs("\\T\\", out); break;
    case '\\': fputs("\\E\\", out); break;
    default: fputc(*c, out);
    }
  }
}

/* Starts segment `name` (its mentions' place and line). */
static void segment(feed *f, const char *name, unsigned long row) {
  f->doc.line++;
  f->doc.row = row;
  /* Segments that repeat as persons or plans are numbered: "message 3 NK1 1". */
  int numbered = !strcmp(name, "NK1") || !strcmp(name, "IN1");
  snprintf(f->doc.place, sizeof f->doc.place, "message %lu %s%s", f->message, name,
           numbered ? " 1" : "");
  fputs(name, f->doc.file);
}

/* A value of a person's in the current segment, written and recorded. */
static void put(feed *f, const char *field, const char *person, bs_element type, const char *value,
                const char *text) {
  bs_doc_note(&f->doc, field, person, type, value, text);
  escaped(f->doc.file, text);
}

static void put_name(feed *f, const char *seg, int field, const bs_person *p, bs_random *r) {
  char text[BS_TEXT_MAX], value[BS_TEXT_MAX], hint[16];
  /* XPN: family ^ given ^ second given ^ suffix */
  snprintf(hint, sizeof hint, "%s-%d.1", seg, field);
  bs_render_word(text, p->last, r);
  bs_render_norm_words(value, text);
  put(f, hint, p->id, BS_EL_LAST_NAME, value, text);
  fputc('^', f->doc.file);
  snprintf(hint, sizeof hint, "%s-%d.2", seg, field);
  bs_render_word(text, p->first, r);
  bs_render_norm_words(value, text);
  put(f, hint, p->id, BS_EL_FIRST_NAME, value, text);
  char initial[2] = {p->middle[0], '\0'};
  fprintf(f->doc.file, "^%s^%s", initial, p->suffix);
}

static void put_address(feed *f, const char *seg, int field, const bs_person *p,
                        const bs_address *a, bs_random *r) {
  char text[BS_TEXT_MAX], value[BS_TEXT_MAX], hint[16];
  /* XAD: street ^ other designator ^ city ^ state ^ zip ^ country ^ type */
  snprintf(hint, sizeof hint, "%s-%d.1", seg, field);
  bs_render_street(text, a, f->s->tables->ref, r, 0);
  bs_render_norm_street(value, text, f->s->tables->ref);
  put(f, hint, p->id, BS_EL_ADDRESS, value, text);
  fputc('^', f->doc.file);
  if (a->unit_kind[0]) fprintf(f->doc.file, "%s %s", a->unit_kind, a->unit);
  fputc('^', f->doc.file);
  snprintf(hint, sizeof hint, "%s-%d.3", seg, field);
  bs_render_city(text, a->city, r);
  bs_render_norm_words(value, text);
  put(f, hint, p->id, BS_EL_CITY, value, text);
  fputc('^', f->doc.file);
  snprintf(hint, sizeof hint, "%s-%d.4", seg, field);
  put(f, hint, p->id, BS_EL_STATE, a->state, a->state);
  fputc('^', f->doc.file);
  snprintf(hint, sizeof hint, "%s-%d.5", seg, field);
  bs_render_zip(text, value, a, r);
  put(f, hint, p->id, BS_EL_ZIP, value, text);
  fputs("^USA^H", f->doc.file);
}

/* XTN in the v2.5.1 form: use ^ equipment ^^^ area code ^ local number. The reader
 * joins area code and number into one unit. */
static void put_phone(feed *f, const char *seg, int field, const char *person, const char *digits) {
  char hint[16];
  snprintf(hint, sizeof hint, "%s-%d", seg, field);
  bs_doc_note(&f->doc, hint, person, BS_EL_PHONE, digits, digits);
  fprintf(f->doc.file, "^PRN^PH^^^%.3s^%.7s", digits, digits + 3);
}

static void put_dtm(feed *f, const char *field, const char *person, bs_element type, bs_date d,
                    const char *time) {
  char text[64], value[40];
  snprintf(text, sizeof text, "%04d%02d%02d%s", d.year, d.month, d.day, time);
  snprintf(value, sizeof value, "%04d-%02d-%02d", d.year, d.month, d.day);
  put(f, field, person, type, value, text);
}

static void message(feed *f, bs_random *r, int month, unsigned long control) {
  bs_synth *s = f->s;
  FILE *out = f->doc.file;
  bs_person p;
  bs_provider doctor;
  bs_synth_patient(s, &p, r);
  bs_synth_provider(s, &doctor, r, 1);
  static const int days[] = {31, 29, 31, 30, 31, 30, 15};
  bs_date visit = {BS_SYNTH_YEAR, month, bs_random_range(r, 1, days[month - 1])};
  char when[16];
  snprintf(when, sizeof when, "%02d%02d", bs_random_range(r, 7, 17), bs_random_range(r, 0, 59));
  int update = bs_random_chance(r, 30);
  f->message++;
  f->patient = 0;

  segment(f, "MSH", 0);
  fprintf(out,
          "|^~\\&|EPICADT|%.10s|HL7ROUTER|BILLING|%04d%02d%02d%s00||ADT^%s^ADT_A01|%lu|P|2.5.1"
          "|||AL|NE\r",
          s->clinic_domain, visit.year, visit.month, visit.day, when, update ? "A08" : "A04",
          control);
  segment(f, "EVN", 0);
  fprintf(out, "|%s|%04d%02d%02d%s00\r", update ? "A08" : "A04", visit.year, visit.month, visit.day,
          when);

  f->patient = ++f->records;
  segment(f, "PID", f->patient);
  fputs("|1||", out);
  put(f, "PID-3[MR]", p.id, BS_EL_MRN, p.mrn, p.mrn);
  fputs("^^^RB^MR", out);
  if (p.mbi[0]) {
    fputs("~", out);
    put(f, "PID-3[MC]", p.id, BS_EL_MBI, p.mbi, p.mbi);
    fputs("^^^CMS^MC", out);
  }
  fputs("||", out);
  put_name(f, "PID", 5, &p, r);
  fputs("^^L||", out);
  put_dtm(f, "PID-7", p.id, BS_EL_DOB, p.dob, "");
  fprintf(out, "|%c|||", p.sex);
  put_address(f, "PID", 11, &p, &p.home, r);
  fputs("||", out);
  put_phone(f, "PID", 13, p.id, p.home_phone);
  if (p.email[0]) {
    fputs("~^NET^Internet^", out);
    put(f, "PID-13.4", p.id, BS_EL_EMAIL, p.email, p.email);
  }
  fputs("|", out);
  if (p.cell_phone[0]) put_phone(f, "PID", 14, p.id, p.cell_phone);
  fputs("|eng^English^ISO639||||", out);
  if (p.ssn[0]) put(f, "PID-19", p.id, BS_EL_SSN, p.ssn, p.ssn);
  fputs("\r", out);

  if (p.household_size > 1) { /* next of kin: another of the household */
    uint32_t other = p.index == p.household ? p.household + 1 : p.household;
    bs_person kin;
    bs_people_make(&kin, s->tables, &s->practice, other);
    segment(f, "NK1", ++f->records);
    fputs("|1|", out);
    put_name(f, "NK1", 2, &kin, r);
    fprintf(out, "|%s^%s^HL70063|",
            kin.age < 18 ? "CHD"
            : p.age < 18 ? "PAR"
                         : "SPO",
            kin.age < 18 ? "Child"
            : p.age < 18 ? "Parent"
                         : "Spouse");
    put_address(f, "NK1", 4, &kin, &kin.home, r); /* the household's address */
    fputc('|', out);
    put_phone(f, "NK1", 5, kin.id, kin.cell_phone[0] ? kin.cell_phone : kin.home_phone);
    fputs("||EC^Emergency Contact^HL70131\r", out);
  }

  segment(f, "PV1", f->patient);
  fputs("|1|O|FM^^^RB||||", out);
  /* XCN: ID number ^ family ^ given ^^^ prefix ^ degree ^^ assigning authority ^ name
   * type ^^^ identifier type code */
  put(f, "PV1-7[NPI]", doctor.id, BS_EL_NPI, doctor.npi, doctor.npi);
  fprintf(out, "^%s^%s^^^^%s^^NPI^L^^^NPI||||||||||||V%08lu|||||||||||||||||||||||||", doctor.last,
          doctor.first, doctor.credential, control);
  put_dtm(f, "PV1-44", p.id, BS_EL_SERVICE_DATE, visit, when);
  fputs("\r", out);

  segment(f, "IN1", f->patient);
  const bs_payer *payer = &bs_lexicon_payers[p.payer];
  fprintf(out, "|1|%s^%s|P%04u|", p.mbi[0] ? "MCB" : "COM",
          p.mbi[0] ? "Medicare Part B" : "Commercial", (unsigned)p.payer + 1);
  escaped(out, p.mbi[0] ? "Medicare" : payer->name);
  fputs("||||||||||||", out);
  put_name(f, "IN1", 16, &p, r);
  fputs("|SEL^Self^HL70063|", out);
  put_dtm(f, "IN1-18", p.id, BS_EL_DOB, p.dob, "");
  fputs("|", out);
  put_address(f, "IN1", 19, &p, &p.home, r);
  fputs("|||||||||||||||||", out);
  char member[BS_TEXT_MAX];
  bs_render_undotted(member, p.member_id);
  put(f, "IN1-36", p.id, BS_EL_MEMBER_ID, member, p.member_id);
  fputs("\r", out);

  int diagnoses = bs_random_range(r, 1, 3);
  for (int i = 0; i < diagnoses; i++) {
    char buffer[16], value[16];
    const char *code = bs_synth_diagnosis(s, r, buffer);
    const char *words = "Diagnosis";
    for (size_t k = 0; k < bs_lexicon_diagnoses_count; k++)
      if (!strcmp(bs_lexicon_diagnoses[k].code, code)) words = bs_lexicon_diagnoses[k].description;
    segment(f, "DG1", f->patient);
    fprintf(out, "|%d||", i + 1);
    bs_render_undotted(value, code);
    put(f, "DG1-3.1", p.id, BS_EL_ICD10CM, value, code);
    fputc('^', out);
    escaped(out, words);
    fputs("^I10||", out);
    put_dtm(f, "DG1-5", p.id, BS_EL_SERVICE_DATE, visit, when);
    fprintf(out, "|%s\r", i == 0 ? "A" : "W");
  }
  if (bs_random_chance(r, 30)) {
    const bs_coded *cpt =
        &bs_lexicon_cpt_codes[bs_random_below(r, (uint32_t)bs_lexicon_cpt_codes_count)];
    segment(f, "PR1", f->patient);
    fputs("|1||", out);
    put(f, "PR1-3.1", p.id, BS_EL_CPT, cpt->code, cpt->code);
    fputc('^', out);
    escaped(out, cpt->description);
    fputs("^C4||", out);
    put_dtm(f, "PR1-5", p.id, BS_EL_SERVICE_DATE, visit, when);
    fputs("\r", out);
  }
}

bs_status bs_write_adt(bs_synth *s) {
  uint32_t per_month = s->practice.patients / 28 + 1; /* a visit for a quarter of them */
  unsigned long control = 1;
  for (int month = 1; month <= 7 && s->truth.status == BS_OK; month++) {
    char path[96];
    snprintf(path, sizeof path, "files/interfaces/adt/ADT_2024%02d.hl7", month);
    feed f = {.s = s};
    if (bs_doc_open(&f.doc, &s->truth, path, BS_DOC_FIELDS, NULL, 0) != BS_OK) break;
    f.doc.line = 0;
    bs_random r;
    bs_random_init(&r, s->practice.seed, BS_STREAM_ADT, (uint64_t)month);
    int mllp = month == 7; /* the wire's framing, kept by a capture */
    for (uint32_t i = 0; i < per_month; i++) {
      if (mllp) fputc('\x0b', f.doc.file);
      message(&f, &r, month, control++);
      if (mllp) fputs("\x1c\r", f.doc.file);
    }
    bs_doc_close(&f.doc, month, month < 7 ? month + 1 : 7);
  }
  return s->truth.status;
}
