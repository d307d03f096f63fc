/* The front desk's Access database from before the EMR (an Access 2000 file, mdb_out.h):
 * a Patients table of about a tenth of the patients, and a Visits table of visits drawn
 * at random, with the visit's notes in a memo on most rows: short ones kept in the
 * row, most on long-value pages, now and then a transcribed history over several pages
 * with the patient's phone at its end. SSNs, phones and ZIP codes are text, as clinics
 * keep them; dates of birth and of service date/time values.
 *
 * A value is located as the Access reader locates it: the table's name as the place,
 * the row counted from 1 within the table (no header row), the column's name as the
 * field; a value inside a memo by its row and column too (no line). Date/time values
 * are read as "YYYY-MM-DD HH:MM:SS", the text recorded. */
#include <stdio.h>
#include <string.h>

#include "synth/lexicon.h"
#include "synth/mdb_out.h"
#include "synth/writers.h"

static void fail(bs_synth *s, const char *path, bs_status status) {
  if (status == BS_OK || s->truth.status != BS_OK) return;
  s->truth.status = status;
  snprintf(s->truth.failed_path, sizeof s->truth.failed_path, "%s", path);
}

/* A table being filled: where its values go and how they are located. */
typedef struct access_table {
  bs_doc *doc;                  /* the file's mentions */
  bs_mdb *db;                   /* the database */
  const char *name;             /* the table's name: the mentions' place */
  const bs_mdb_column *columns; /* its columns: their names are the fields */
  uint64_t row;                 /* the current row, from 1 */
} access_table;

static void put(access_table *t, size_t column, const char *person, const bs_value *v) {
  bs_doc_note_cell(t->doc, t->name, t->row, 0, t->columns[column].name, person, v->type, v->value,
                   v->text);
  bs_mdb_text(t->db, column, v->text);
}

/* A date/time value, `seconds` into the day. */
static void put_date(access_table *t, size_t column, const char *person, bs_element type,
                     bs_date date, int seconds) {
  bs_value v = {.type = type};
  bs_render_iso(v.value, date);
  unsigned time = (unsigned)seconds % 86400;
  snprintf(v.text, sizeof v.text, "%.10s %02u:%02u:%02u", v.value, time / 3600, time / 60 % 60,
           time % 60);
  bs_doc_note_cell(t->doc, t->name, t->row, 0, t->columns[column].name, person, type, v.value,
                   v.text);
  bs_mdb_double(t->db, column, bs_mdb_ole_date(date, seconds));
}

static void end_row(access_table *t) {
  bs_mdb_end_row(t->db);
  t->row++;
}

/* ---- Patients ----------------------------------------------------------------------- */

static const bs_mdb_column patient_columns[] = {
    {"ID", BS_MDB_LONG, 0},          {"MRN", BS_MDB_TEXT, 10},       {"Last Name", BS_MDB_TEXT, 50},
    {"First Name", BS_MDB_TEXT, 50}, {"DOB", BS_MDB_DATETIME, 0},    {"Sex", BS_MDB_TEXT, 1},
    {"SSN", BS_MDB_TEXT, 11},        {"Street", BS_MDB_TEXT, 255},   {"City", BS_MDB_TEXT, 50},
    {"State", BS_MDB_TEXT, 2},       {"ZIP", BS_MDB_TEXT, 10},       {"Phone", BS_MDB_TEXT, 20},
    {"Active", BS_MDB_BOOL, 0},      {"Balance", BS_MDB_CURRENCY, 0}};
enum {
  P_ID,
  P_MRN,
  P_LAST,
  P_FIRST,
  P_DOB,
  P_SEX,
  P_SSN,
  P_STREET,
  P_CITY,
  P_STATE,
  P_ZIP,
  P_PHONE,
  P_ACTIVE,
  P_BALANCE
};

static void patients(bs_synth *s, access_table *t, bs_random *r) {
  for (uint32_t i = 0; i < s->practice.patients && s->truth.status == BS_OK; i++) {
    if (!bs_random_chance(r, 10)) continue;
    bs_person p;
    bs_people_make(&p, s->tables, &s->practice, i);
    bs_value v;
    bs_mdb_integer(t->db, P_ID, (long)i + 1);
    bs_value_id(&v, BS_EL_MRN, p.mrn);
    put(t, P_MRN, p.id, &v);
    bs_value_word(&v, BS_EL_LAST_NAME, p.last, r);
    put(t, P_LAST, p.id, &v);
    bs_value_word(&v, BS_EL_FIRST_NAME, p.first, r);
    put(t, P_FIRST, p.id, &v);
    put_date(t, P_DOB, p.id, BS_EL_DOB, p.dob, 0);
    bs_mdb_text(t->db, P_SEX, p.sex == 'M' ? "M" : "F");
    if (p.ssn[0]) { /* else null */
      bs_value_ssn(&v, &p, r, 1);
      put(t, P_SSN, p.id, &v);
    }
    bs_value_street(&v, s, &p.home, r, 1);
    put(t, P_STREET, p.id, &v);
    bs_value_city(&v, &p.home, r);
    put(t, P_CITY, p.id, &v);
    v = (bs_value){.type = BS_EL_STATE};
    snprintf(v.text, sizeof v.text, "%s", p.home.state);
    snprintf(v.value, sizeof v.value, "%s", p.home.state);
    put(t, P_STATE, p.id, &v);
    bs_value_zip(&v, &p.home, r);
    put(t, P_ZIP, p.id, &v);
    bs_value_phone(&v, p.cell_phone[0] ? p.cell_phone : p.home_phone, r);
    put(t, P_PHONE, p.id, &v);
    bs_mdb_integer(t->db, P_ACTIVE, bs_random_chance(r, 85));
    bs_mdb_money(t->db, P_BALANCE, bs_random_chance(r, 60) ? 0 : bs_random_range(r, 500, 90000));
    end_row(t);
  }
}

/* ---- Visits ------------------------------------------------------------------------- */

static const bs_mdb_column visit_columns[] = {{"ID", BS_MDB_LONG, 0},
                                              {"MRN", BS_MDB_TEXT, 10},
                                              {"Date of Service", BS_MDB_DATETIME, 0},
                                              {"Dx Code", BS_MDB_TEXT, 10},
                                              {"CPT Code", BS_MDB_TEXT, 5},
                                              {"Provider NPI", BS_MDB_TEXT, 10},
                                              {"Charge", BS_MDB_CURRENCY, 0},
                                              {"Paid", BS_MDB_BOOL, 0},
                                              {"Notes", BS_MDB_MEMO, 0}};
enum { V_ID, V_MRN, V_DATE, V_DX, V_CPT, V_NPI, V_CHARGE, V_PAID, V_NOTES };

/* A memo's text, its values noted as they are added. */
typedef struct memo {
  access_table *table; /* its row */
  char text[16384];    /* what it says so far */
  size_t len;          /* bytes of text */
} memo;

static void say(memo *m, const char *text) {
  size_t n = strlen(text);
  if (m->len + n >= sizeof m->text) n = sizeof m->text - 1 - m->len;
  memcpy(m->text + m->len, text, n);
  m->len += n;
  m->text[m->len] = '\0';
}

static void say_value(memo *m, const char *person, const bs_value *v) {
  access_table *t = m->table;
  bs_doc_note_cell(t->doc, t->name, t->row, 0, t->columns[V_NOTES].name, person, v->type, v->value,
                   v->text);
  say(m, v->text);
}

/* Sentences of a transcribed paper chart: no one's data. */
static const char *const history[] = {
    "Reviewed medications and allergies, no changes.",
    "Counseled on diet, exercise and weight management.",
    "Patient education materials given at checkout.",
    "Denies chest pain, shortness of breath or palpitations.",
    "Tolerating current regimen without side effects.",
    "Discussed screening recommendations for age.",
    "Return precautions reviewed; patient verbalized understanding.",
    "Home blood pressure log reviewed and within goal.",
};

static const char *const short_notes[] = {"No show, rescheduled.", "Follow-up in 4 weeks.",
                                          "Walk-in, seen same day.", "Forms completed for school.",
                                          "Flu shot given, left arm."};

static void visit_notes(access_table *t, const bs_person *p, bs_date visit, const char *dx,
                        bs_random *r) {
  memo m = {.table = t};
  bs_value v;
  const char *phone = p->cell_phone[0] ? p->cell_phone : p->home_phone;
  unsigned kind = bs_random_below(r, 20);
  if (kind < 3) {
    say(&m, BS_PICK(r, short_notes));
  } else if (kind == 3 || t->row == 3) { /* a history over pages; the third row always */
    say(&m, "Transcribed from the paper chart:\r\n");
    int sentences = bs_random_range(r, 90, 180);
    for (int i = 0; i < sentences; i++) {
      say(&m, BS_PICK(r, history));
      say(&m, i % 4 == 3 ? "\r\n" : " ");
    }
    say(&m, "\r\nBest contact: ");
    bs_value_phone(&v, phone, r);
    say_value(&m, p->id, &v);
  } else {
    const char *words = "see problem list";
    for (size_t k = 0; k < bs_lexicon_diagnoses_count; k++)
      if (!strcmp(bs_lexicon_diagnoses[k].code, dx)) words = bs_lexicon_diagnoses[k].description;
    say(&m, "Assessment: ");
    say(&m, words);
    say(&m, " (");
    bs_value_code(&v, BS_EL_ICD10CM, dx, r);
    say_value(&m, p->id, &v);
    say(&m, "), continue ");
    say(&m, bs_random_pick(r, bs_lexicon_medications, bs_lexicon_medications_count));
    say(&m, ".");
    if (bs_random_chance(r, 50)) {
      say(&m, "\r\nDOB ");
      bs_value_date(&v, BS_EL_DOB, p->dob, bs_render_date_style(r, 1));
      say_value(&m, p->id, &v);
      say(&m, " verified at check-in.");
    }
    if (bs_random_chance(r, 50)) {
      say(&m, "\r\nPt called to confirm the visit of ");
      bs_value_date(&v, BS_EL_SERVICE_DATE, visit, BS_DATE_MDY);
      say_value(&m, p->id, &v);
      say(&m, "; best contact ");
      bs_value_phone(&v, phone, r);
      say_value(&m, p->id, &v);
      say(&m, ".");
    }
    if (p->ssn[0] && bs_random_chance(r, 20)) {
      say(&m, "\r\nSSN ");
      bs_value_ssn(&v, p, r, 0);
      say_value(&m, p->id, &v);
      say(&m, " given for the sliding-fee application.");
    }
  }
  bs_mdb_text(t->db, V_NOTES, m.text);
}

static void visits(bs_synth *s, access_table *t, bs_random *r) {
  uint32_t count = s->practice.patients / 5 + 4;
  for (uint32_t i = 0; i < count && s->truth.status == BS_OK; i++) {
    bs_person p;
    bs_provider doctor;
    bs_synth_patient(s, &p, r);
    bs_synth_provider(s, &doctor, r, bs_random_chance(r, 75));
    bs_date visit = bs_synth_visit_date(r);
    bs_value v;
    char dx[16];
    const char *code = bs_synth_diagnosis(s, r, dx);
    bs_mdb_integer(t->db, V_ID, (long)i + 1);
    bs_value_id(&v, BS_EL_MRN, p.mrn);
    put(t, V_MRN, p.id, &v);
    put_date(t, V_DATE, p.id, BS_EL_SERVICE_DATE, visit,
             (bs_random_range(r, 32, 70) * 15) * 60); /* 8:00 to 17:30 */
    if (bs_random_chance(r, 92)) {                    /* else not coded yet: null */
      bs_value_code(&v, BS_EL_ICD10CM, code, r);
      put(t, V_DX, p.id, &v);
    }
    const bs_coded *cpt =
        &bs_lexicon_cpt_codes[bs_random_below(r, (uint32_t)bs_lexicon_cpt_codes_count)];
    bs_value_code(&v, BS_EL_CPT, cpt->code, r);
    put(t, V_CPT, p.id, &v);
    bs_value_id(&v, BS_EL_NPI, doctor.npi);
    put(t, V_NPI, doctor.id, &v);
    bs_mdb_money(t->db, V_CHARGE, bs_random_range(r, 4000, 90000));
    bs_mdb_integer(t->db, V_PAID, bs_random_chance(r, 70));
    if (bs_random_chance(r, 70)) visit_notes(t, &p, visit, code, r);
    end_row(t);
  }
}

bs_status bs_write_access_db(bs_synth *s) {
  static const char path[] = "files/frontdesk/legacy/clinic-2012.mdb";
  bs_doc d;
  if (bs_synth_open_binary(s, &d, path) != BS_OK) return s->truth.status;
  bs_mdb *db = NULL;
  bs_status status = bs_mdb_create(&db, d.file, bs_mdb_ole_date((bs_date){2012, 3, 5}, 34200));
  if (status == BS_OK) {
    bs_random r;
    bs_random_init(&r, s->practice.seed, BS_STREAM_MDB, 0);
    access_table t = {&d, db, "Patients", patient_columns, 1};
    status = bs_mdb_table(db, t.name, patient_columns,
                          sizeof patient_columns / sizeof patient_columns[0]);
    if (status == BS_OK) patients(s, &t, &r);
    t = (access_table){&d, db, "Visits", visit_columns, 1};
    if (status == BS_OK)
      status =
          bs_mdb_table(db, t.name, visit_columns, sizeof visit_columns / sizeof visit_columns[0]);
    if (status == BS_OK) visits(s, &t, &r);
    bs_status finished = bs_mdb_finish(db);
    if (status == BS_OK) status = finished;
  }
  fail(s, path, status);
  bs_doc_close(&d, 1, 3);
  return s->truth.status;
}
