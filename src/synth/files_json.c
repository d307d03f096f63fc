/* JSON exports: the patient portal's array of patients (nested name and address) and
 * the encounter feed as NDJSON. */
#include <stdio.h>
#include <string.h>

#include "synth/lexicon.h"
#include "synth/writers.h"

bs_status bs_write_portal(bs_synth *s) {
  bs_doc d;
  if (bs_doc_open(&d, &s->truth, "files/exports/patients.json", BS_DOC_JSON, NULL, 0) != BS_OK)
    return s->truth.status;
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_PORTAL, 0);
  bs_doc_json_open(&d, NULL, 1);
  for (uint32_t i = 0; i < s->practice.patients; i++) {
    if (!bs_random_chance(&r, 50)) continue;
    bs_person p;
    bs_people_make(&p, s->tables, &s->practice, i);
    char text[BS_TEXT_MAX], value[BS_TEXT_MAX];
    fputs("\n ", d.file);
    bs_doc_json_open(&d, NULL, 0);
    bs_doc_json_put(&d, "mrn", p.id, BS_EL_MRN, p.mrn, p.mrn);
    bs_doc_json_open(&d, "name", 0);
    bs_render_norm_words(value, p.last);
    bs_doc_json_put(&d, "family", p.id, BS_EL_LAST_NAME, value, p.last);
    bs_doc_json_open(&d, "given", 1);
    bs_render_norm_words(value, p.first);
    bs_doc_json_put(&d, NULL, p.id, BS_EL_FIRST_NAME, value, p.first);
    bs_doc_json_close(&d, 1);
    bs_doc_json_close(&d, 0);
    bs_render_iso(text, p.dob);
    bs_doc_json_put(&d, "birthDate", p.id, BS_EL_DOB, text, text);
    bs_doc_json_string(&d, "gender", p.sex == 'M' ? "male" : "female");
    bs_doc_json_open(&d, "address", 0);
    bs_render_street(text, &p.home, s->tables->ref, &r, 1);
    bs_render_norm_street(value, text, s->tables->ref);
    bs_doc_json_put(&d, "line", p.id, BS_EL_ADDRESS, value, text);
    bs_render_city(text, p.home.city, &r);
    bs_render_norm_words(value, text);
    bs_doc_json_put(&d, "city", p.id, BS_EL_CITY, value, text);
    bs_doc_json_put(&d, "state", p.id, BS_EL_STATE, p.home.state, p.home.state);
    bs_render_zip(text, value, &p.home, &r);
    bs_doc_json_put(&d, "postalCode", p.id, BS_EL_ZIP, value, text);
    bs_doc_json_close(&d, 0);
    bs_render_phone(text, p.cell_phone[0] ? p.cell_phone : p.home_phone, &r);
    bs_doc_json_put(&d, "phone", p.id, BS_EL_PHONE, p.cell_phone[0] ? p.cell_phone : p.home_phone,
                    text);
    if (p.email[0]) bs_doc_json_put(&d, "email", p.id, BS_EL_EMAIL, p.email, p.email);
    bs_doc_json_close(&d, 0);
  }
  fputs("\n", d.file);
  bs_doc_json_close(&d, 1);
  fputs("\n", d.file);
  bs_doc_close(&d, 7, 7);
  return s->truth.status;
}

bs_status bs_write_encounters(bs_synth *s) {
  bs_doc d;
  if (bs_doc_open(&d, &s->truth, "files/exports/encounters.ndjson", BS_DOC_NDJSON, NULL, 0) !=
      BS_OK)
    return s->truth.status;
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_ENCOUNTERS, 0);
  uint32_t lines = s->practice.patients / 2 + 1;
  for (uint32_t i = 0; i < lines; i++) {
    bs_person p;
    bs_provider doctor;
    bs_synth_patient(s, &p, &r);
    bs_synth_provider(s, &doctor, &r, 1);
    char text[BS_TEXT_MAX], value[BS_TEXT_MAX], id[24], dx[16];
    bs_doc_json_open(&d, NULL, 0);
    snprintf(id, sizeof id, "E%08u", i + 1);
    bs_doc_json_string(&d, "encounter_id", id);
    bs_doc_json_put(&d, "mrn", p.id, BS_EL_MRN, p.mrn, p.mrn);
    bs_render_name(text, &p, BS_NAME_FIRST_LAST, &r, 0);
    bs_render_norm_words(value, text);
    bs_doc_json_put(&d, "patient", p.id, BS_EL_NAME, value, text);
    bs_render_iso(text, p.dob);
    bs_doc_json_put(&d, "dob", p.id, BS_EL_DOB, text, text);
    bs_render_iso(text, bs_synth_visit_date(&r));
    bs_doc_json_put(&d, "visit_date", p.id, BS_EL_SERVICE_DATE, text, text);
    bs_doc_json_put(&d, "provider_npi", doctor.id, BS_EL_NPI, doctor.npi, doctor.npi);
    bs_doc_json_open(&d, "dx", 1);
    int count = bs_random_range(&r, 1, 3);
    for (int k = 0; k < count; k++) {
      const char *code = bs_synth_diagnosis(s, &r, dx);
      bs_render_icd(text, code, &r);
      bs_render_undotted(value, code);
      bs_doc_json_put(&d, NULL, p.id, BS_EL_ICD10CM, value, text);
    }
    bs_doc_json_close(&d, 1);
    const bs_coded *cpt =
        &bs_lexicon_cpt_codes[bs_random_below(&r, (uint32_t)bs_lexicon_cpt_codes_count)];
    bs_doc_json_put(&d, "cpt", p.id, BS_EL_CPT, cpt->code, cpt->code);
    bs_doc_json_close(&d, 0);
    bs_doc_json_end_line(&d);
  }
  bs_doc_close(&d, 7, 7);
  return s->truth.status;
}
