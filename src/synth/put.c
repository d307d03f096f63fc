/* Placing a person's values in a file: one rendering, one mention. */
#include <stdio.h>
#include <string.h>

#include "synth/lexicon.h"
#include "synth/writers.h"

void bs_synth_patient(const bs_synth *s, bs_person *out, bs_random *r) {
  bs_people_make(out, s->tables, &s->practice, bs_random_below(r, s->practice.patients));
}

void bs_synth_provider(const bs_synth *s, bs_provider *out, bs_random *r, int primary_care) {
  uint32_t n = s->practice.providers;
  uint32_t index = primary_care ? bs_random_below(r, 4) : 4 + bs_random_below(r, n - 4);
  bs_people_provider(out, s->tables, &s->practice, index);
}

bs_date bs_synth_visit_date(bs_random *r) {
  static const int days[] = {31, 29, 31, 30, 31, 30, 15};
  int month = bs_random_range(r, 1, 7);
  return (bs_date){BS_SYNTH_YEAR, month, bs_random_range(r, 1, days[month - 1])};
}

/* ---- values: one rendering and its normalized form -------------------------------- */

static void set(bs_value *out, bs_element type, const char *value, const char *text) {
  out->type = type;
  snprintf(out->value, sizeof out->value, "%s", value);
  snprintf(out->text, sizeof out->text, "%s", text);
}

void bs_value_name(bs_value *out, const bs_person *p, bs_name_style style, bs_random *r) {
  out->type = BS_EL_NAME;
  bs_render_name(out->text, p, style, r, 1);
  bs_render_norm_words(out->value, out->text);
}

void bs_value_word(bs_value *out, bs_element type, const char *word, bs_random *r) {
  out->type = type;
  bs_render_word(out->text, word, r);
  bs_render_norm_words(out->value, out->text);
}

void bs_value_date(bs_value *out, bs_element type, bs_date date, bs_date_style style) {
  out->type = type;
  bs_render_date(out->text, date, style);
  bs_render_iso(out->value, date);
}

void bs_value_phone(bs_value *out, const char *digits, bs_random *r) {
  char text[BS_TEXT_MAX];
  bs_render_phone(text, digits, r);
  set(out, BS_EL_PHONE, digits, text);
}

void bs_value_ssn(bs_value *out, const bs_person *p, bs_random *r, int bare_ok) {
  char text[BS_TEXT_MAX];
  bs_render_ssn(text, p->ssn, r, bare_ok);
  set(out, BS_EL_SSN, p->ssn, text);
}

void bs_value_street(bs_value *out, const bs_synth *s, const bs_address *a, bs_random *r,
                     int with_unit) {
  out->type = BS_EL_ADDRESS;
  bs_render_street(out->text, a, s->tables->ref, r, with_unit);
  bs_render_norm_street(out->value, out->text, s->tables->ref);
}

void bs_value_city(bs_value *out, const bs_address *a, bs_random *r) {
  out->type = BS_EL_CITY;
  bs_render_city(out->text, a->city, r);
  bs_render_norm_words(out->value, out->text);
}

void bs_value_zip(bs_value *out, const bs_address *a, bs_random *r) {
  out->type = BS_EL_ZIP;
  bs_render_zip(out->text, out->value, a, r);
}

void bs_value_code(bs_value *out, bs_element type, const char *code, bs_random *r) {
  out->type = type;
  if (type == BS_EL_ICD10CM)
    bs_render_icd(out->text, code, r);
  else
    snprintf(out->text, sizeof out->text, "%s", code);
  bs_render_undotted(out->value, code);
}

void bs_value_id(bs_value *out, bs_element type, const char *id) {
  out->type = type;
  bs_render_undotted(out->value, id); /* upper case; ids here have no dots or dashes */
  snprintf(out->text, sizeof out->text, "%s", id);
}

void bs_value_mbi(bs_value *out, const bs_person *p, bs_random *r) {
  char text[BS_TEXT_MAX];
  bs_render_mbi(text, p->mbi, r);
  set(out, BS_EL_MBI, p->mbi, text);
}

/* ---- placed in a doc -------------------------------------------------------------- */

static void put(bs_doc *d, const char *person, const bs_value *v) {
  bs_doc_put(d, person, v->type, v->value, v->text);
}

void bs_put_name(bs_doc *d, const bs_person *p, bs_name_style style, bs_random *r) {
  bs_value v;
  bs_value_name(&v, p, style, r);
  put(d, p->id, &v);
}

void bs_put_first(bs_doc *d, const bs_person *p, bs_random *r) {
  bs_value v;
  bs_value_word(&v, BS_EL_FIRST_NAME, p->first, r);
  put(d, p->id, &v);
}

void bs_put_last(bs_doc *d, const bs_person *p, bs_random *r) {
  bs_value v;
  bs_value_word(&v, BS_EL_LAST_NAME, p->last, r);
  put(d, p->id, &v);
}

void bs_put_date(bs_doc *d, const char *person, bs_element type, bs_date date,
                 bs_date_style style) {
  bs_value v;
  bs_value_date(&v, type, date, style);
  put(d, person, &v);
}

void bs_put_phone(bs_doc *d, const char *person, const char *digits, bs_random *r) {
  bs_value v;
  bs_value_phone(&v, digits, r);
  put(d, person, &v);
}

void bs_put_ssn(bs_doc *d, const bs_person *p, bs_random *r, int bare_ok) {
  bs_value v;
  bs_value_ssn(&v, p, r, bare_ok);
  put(d, p->id, &v);
}

void bs_put_street(bs_doc *d, const bs_synth *s, const bs_person *p, const bs_address *a,
                   bs_random *r, int with_unit) {
  bs_value v;
  bs_value_street(&v, s, a, r, with_unit);
  put(d, p->id, &v);
}

void bs_put_city(bs_doc *d, const bs_person *p, const bs_address *a, bs_random *r) {
  bs_value v;
  bs_value_city(&v, a, r);
  put(d, p->id, &v);
}

void bs_put_state(bs_doc *d, const bs_person *p, const bs_address *a) {
  bs_doc_put(d, p->id, BS_EL_STATE, a->state, a->state);
}

void bs_put_zip(bs_doc *d, const bs_person *p, const bs_address *a, bs_random *r) {
  bs_value v;
  bs_value_zip(&v, a, r);
  put(d, p->id, &v);
}

void bs_put_code(bs_doc *d, const char *person, bs_element type, const char *code, bs_random *r) {
  bs_value v;
  bs_value_code(&v, type, code, r);
  put(d, person, &v);
}

void bs_put_id(bs_doc *d, const char *person, bs_element type, const char *id) {
  bs_value v;
  bs_value_id(&v, type, id);
  put(d, person, &v);
}

void bs_put_mbi(bs_doc *d, const bs_person *p, bs_random *r) {
  bs_value v;
  bs_value_mbi(&v, p, r);
  put(d, p->id, &v);
}

void bs_put_npi(bs_doc *d, const bs_provider *doctor) {
  bs_doc_put(d, doctor->id, BS_EL_NPI, doctor->npi, doctor->npi);
}

const char *bs_synth_diagnosis(const bs_synth *s, bs_random *r, char *buffer) {
  const bs_synth_tables *t = s->tables;
  if (bs_random_chance(r, 80))
    return t->diagnoses[bs_random_below(r, (uint32_t)t->diagnosis_count)];
  /* Any code of the set, written dotted after its category as coders do. */
  const bs_codeset *set = &t->ref->icd10cm;
  for (;;) {
    const bs_span *c = &set->codes[bs_random_below(r, (uint32_t)set->count)];
    if (c->len < 4 || c->len > 7) continue;
    snprintf(buffer, 16, "%.3s.%.*s", c->text, (int)c->len - 3, c->text + 3);
    return buffer;
  }
}

void bs_put_letterhead(bs_doc *d, const bs_synth *s, int with_fax) {
  char value[BS_TEXT_MAX];
  bs_doc_printf(d, "%s\n", s->clinic_name);
  bs_render_norm_street(value, s->clinic_street, s->tables->ref);
  bs_doc_put(d, NULL, BS_EL_ADDRESS, value, s->clinic_street);
  bs_doc_printf(d, "\n");
  bs_render_norm_words(value, s->clinic_town);
  bs_doc_put(d, NULL, BS_EL_CITY, value, s->clinic_town);
  bs_doc_printf(d, ", ");
  bs_doc_put(d, NULL, BS_EL_STATE, s->clinic_state, s->clinic_state);
  bs_doc_printf(d, " ");
  bs_doc_put(d, NULL, BS_EL_ZIP, s->clinic_zip, s->clinic_zip);
  bs_doc_printf(d, "\nPhone ");
  bs_doc_put(d, NULL, BS_EL_PHONE, s->clinic_phone_digits, s->clinic_phone);
  if (with_fax) {
    bs_doc_printf(d, "   Fax ");
    bs_doc_put(d, NULL, BS_EL_PHONE, s->clinic_fax_digits, s->clinic_fax);
    bs_doc_printf(d, "\n");
  }
  bs_doc_printf(d, "\n");
}

void bs_put_address_block(bs_doc *d, const bs_synth *s, const bs_person *p, bs_random *r) {
  bs_put_name(d, p, BS_NAME_FIRST_MIDDLE_LAST, r);
  bs_doc_printf(d, "\n");
  bs_put_street(d, s, p, &p->home, r, 1);
  bs_doc_printf(d, "\n");
  bs_put_city(d, p, &p->home, r);
  bs_doc_printf(d, ", ");
  bs_put_state(d, p, &p->home);
  bs_doc_printf(d, " ");
  bs_put_zip(d, p, &p->home, r);
  bs_doc_printf(d, "\n");
}
