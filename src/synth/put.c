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

void bs_put_name(bs_doc *d, const bs_person *p, bs_name_style style, bs_random *r) {
  char text[BS_TEXT_MAX], value[BS_TEXT_MAX];
  bs_render_name(text, p, style, r, 1);
  bs_render_norm_words(value, text);
  bs_doc_put(d, p->id, BS_EL_NAME, value, text);
}

void bs_put_first(bs_doc *d, const bs_person *p, bs_random *r) {
  char text[BS_TEXT_MAX], value[BS_TEXT_MAX];
  bs_render_word(text, p->first, r);
  bs_render_norm_words(value, text);
  bs_doc_put(d, p->id, BS_EL_FIRST_NAME, value, text);
}

void bs_put_last(bs_doc *d, const bs_person *p, bs_random *r) {
  char text[BS_TEXT_MAX], value[BS_TEXT_MAX];
  bs_render_word(text, p->last, r);
  bs_render_norm_words(value, text);
  bs_doc_put(d, p->id, BS_EL_LAST_NAME, value, text);
}

void bs_put_date(bs_doc *d, const char *person, bs_element type, bs_date date,
                 bs_date_style style) {
  char text[BS_TEXT_MAX], value[BS_TEXT_MAX];
  bs_render_date(text, date, style);
  bs_render_iso(value, date);
  bs_doc_put(d, person, type, value, text);
}

void bs_put_phone(bs_doc *d, const char *person, const char *digits, bs_random *r) {
  char text[BS_TEXT_MAX];
  bs_render_phone(text, digits, r);
  bs_doc_put(d, person, BS_EL_PHONE, digits, text);
}

void bs_put_ssn(bs_doc *d, const bs_person *p, bs_random *r, int bare_ok) {
  char text[BS_TEXT_MAX];
  bs_render_ssn(text, p->ssn, r, bare_ok);
  bs_doc_put(d, p->id, BS_EL_SSN, p->ssn, text);
}

void bs_put_street(bs_doc *d, const bs_synth *s, const bs_person *p, const bs_address *a,
                   bs_random *r, int with_unit) {
  char text[BS_TEXT_MAX], value[BS_TEXT_MAX];
  bs_render_street(text, a, s->tables->ref, r, with_unit);
  bs_render_norm_street(value, text, s->tables->ref);
  bs_doc_put(d, p->id, BS_EL_ADDRESS, value, text);
}

void bs_put_city(bs_doc *d, const bs_person *p, const bs_address *a, bs_random *r) {
  char text[BS_TEXT_MAX], value[BS_TEXT_MAX];
  bs_render_city(text, a->city, r);
  bs_render_norm_words(value, text);
  bs_doc_put(d, p->id, BS_EL_CITY, value, text);
}

void bs_put_state(bs_doc *d, const bs_person *p, const bs_address *a) {
  bs_doc_put(d, p->id, BS_EL_STATE, a->state, a->state);
}

void bs_put_zip(bs_doc *d, const bs_person *p, const bs_address *a, bs_random *r) {
  char text[BS_TEXT_MAX], value[BS_TEXT_MAX];
  bs_render_zip(text, value, a, r);
  bs_doc_put(d, p->id, BS_EL_ZIP, value, text);
}

void bs_put_code(bs_doc *d, const char *person, bs_element type, const char *code, bs_random *r) {
  char text[BS_TEXT_MAX], value[BS_TEXT_MAX];
  if (type == BS_EL_ICD10CM)
    bs_render_icd(text, code, r);
  else
    snprintf(text, sizeof text, "%s", code);
  bs_render_undotted(value, code);
  bs_doc_put(d, person, type, value, text);
}

void bs_put_id(bs_doc *d, const char *person, bs_element type, const char *id) {
  char value[BS_TEXT_MAX];
  bs_render_undotted(value, id); /* upper case; ids here have no dots or dashes */
  bs_doc_put(d, person, type, value, id);
}

void bs_put_mbi(bs_doc *d, const bs_person *p, bs_random *r) {
  char text[BS_TEXT_MAX];
  bs_render_mbi(text, p->mbi, r);
  bs_doc_put(d, p->id, BS_EL_MBI, p->mbi, text);
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
