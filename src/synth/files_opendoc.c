/* OpenDocument files of the share, saved by a LibreOffice desk: the nurses' recall
 * list (ODS: strings, dates, currency) and care plans (ODT: paragraphs and a table of
 * planned visits). */
#include <stdio.h>

#include "synth/lexicon.h"
#include "synth/odf_out.h"
#include "synth/writers.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void fail(bs_synth *s, const char *path, bs_status status) {
  if (status == BS_OK || s->truth.status != BS_OK) return;
  s->truth.status = status;
  snprintf(s->truth.failed_path, sizeof s->truth.failed_path, "%s", path);
}

static void put(bs_ods *x, const char *person, const bs_value *v) {
  bs_ods_put(x, person, v->type, v->value, v->text);
}

static bs_status recall_list(bs_synth *s, const char *path, FILE *out) {
  static const char *const headers[] = {"MRN",   "Last Name",  "First Name", "DOB",
                                        "Phone", "Last Visit", "Diagnosis",  "Balance"};
  bs_ods x;
  bs_ods_begin(&x, &s->truth, path, out, "Recall", headers, COUNT(headers));
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_ODS, 0);
  for (uint32_t i = 0; i < s->practice.patients && x.status == BS_OK; i++) {
    if (!bs_random_chance(&r, 8)) continue;
    bs_person p;
    bs_people_make(&p, s->tables, &s->practice, i);
    bs_value v;
    char dx[16];
    bs_value_id(&v, BS_EL_MRN, p.mrn);
    put(&x, p.id, &v);
    bs_value_word(&v, BS_EL_LAST_NAME, p.last, &r);
    put(&x, p.id, &v);
    bs_value_word(&v, BS_EL_FIRST_NAME, p.first, &r);
    put(&x, p.id, &v);
    bs_ods_date(&x, p.id, BS_EL_DOB, p.dob);
    bs_value_phone(&v, p.cell_phone[0] ? p.cell_phone : p.home_phone, &r);
    put(&x, p.id, &v);
    bs_ods_date(&x, p.id, BS_EL_SERVICE_DATE, bs_synth_visit_date(&r));
    bs_value_code(&v, BS_EL_ICD10CM, bs_synth_diagnosis(s, &r, dx), &r);
    put(&x, p.id, &v);
    if (bs_random_chance(&r, 60))
      bs_ods_money(&x, bs_random_range(&r, 0, 90000));
    else
      bs_ods_text(&x, ""); /* nothing owed: an empty cell */
    bs_ods_end_row(&x);
  }
  return bs_ods_finish(&x);
}

static bs_status care_plan(bs_synth *s, const char *path, FILE *out, uint64_t stream) {
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_ODT, stream);
  bs_person p;
  bs_provider doctor;
  bs_synth_patient(s, &p, &r);
  bs_synth_provider(s, &doctor, &r, 1);
  bs_odt x;
  bs_odt_begin(&x, &s->truth, path, out);
  bs_doc *d = &x.doc;
  bs_put_letterhead(d, s, 1);
  bs_doc_printf(d, "CARE PLAN\n\n");
  bs_put_address_block(d, s, &p, &r);
  bs_doc_printf(d, "Date of birth: ");
  bs_put_date(d, p.id, BS_EL_DOB, p.dob, bs_render_date_style(&r, 1));
  bs_doc_printf(d, "   MRN: ");
  bs_put_id(d, p.id, BS_EL_MRN, p.mrn);
  bs_doc_printf(d, "\nPhone: ");
  bs_put_phone(d, p.id, p.cell_phone[0] ? p.cell_phone : p.home_phone, &r);
  if (p.mbi[0]) {
    bs_doc_printf(d, "   Medicare MBI: ");
    bs_put_mbi(d, &p, &r);
  }
  bs_doc_printf(d,
                "\n\nGoals agreed with the patient: better control, fewer visits to "
                "urgent care.\nPrimary care: %s %s, %s\n",
                doctor.first, doctor.last, doctor.credential);
  static const char *const headers[] = {"Date of Service", "Diagnosis", "CPT", "Provider NPI"};
  bs_odt_table(&x, headers, COUNT(headers));
  int visits = bs_random_range(&r, 1, 4);
  for (int i = 0; i < visits; i++) {
    bs_value v;
    char dx[16];
    bs_value_date(&v, BS_EL_SERVICE_DATE, bs_synth_visit_date(&r), BS_DATE_MDY);
    bs_odt_put_cell(&x, p.id, v.type, v.value, v.text);
    bs_value_code(&v, BS_EL_ICD10CM, bs_synth_diagnosis(s, &r, dx), &r);
    bs_odt_put_cell(&x, p.id, v.type, v.value, v.text);
    const bs_coded *cpt =
        &bs_lexicon_cpt_codes[bs_random_below(&r, (uint32_t)bs_lexicon_cpt_codes_count)];
    bs_odt_put_cell(&x, p.id, BS_EL_CPT, cpt->code, cpt->code);
    bs_odt_put_cell(&x, doctor.id, BS_EL_NPI, doctor.npi, doctor.npi);
    bs_odt_end_row(&x);
  }
  return bs_odt_finish(&x);
}

bs_status bs_write_opendoc(bs_synth *s) {
  static const char list[] = "files/clinical/nursing/recall-list-2024.ods";
  bs_doc d;
  if (bs_synth_open_binary(s, &d, list) != BS_OK) return s->truth.status;
  fail(s, list, recall_list(s, list, d.file));
  bs_doc_close(&d, 6, 7);
  uint32_t count = s->practice.patients / 200 + 2;
  for (uint32_t i = 0; i < count && s->truth.status == BS_OK; i++) {
    char path[96];
    snprintf(path, sizeof path, "files/clinical/care-plans/care-plan-%05u.odt", i + 1);
    if (bs_synth_open_binary(s, &d, path) != BS_OK) break;
    fail(s, path, care_plan(s, path, d.file, i));
    bs_doc_close(&d, 4, 7);
  }
  return s->truth.status;
}
