/* A presentation of the quality huddle: a title slide, then a slide for each case
 * reviewed (name, birth date, MRN, diagnosis, the visit, a phone number), each a
 * "Label: value" paragraph of a text box. */
#include <stdio.h>

#include "synth/pptx_out.h"
#include "synth/writers.h"

static void case_slide(bs_synth *s, bs_doc *d, bs_random *r, int number) {
  bs_person p;
  bs_provider doctor;
  bs_synth_patient(s, &p, r);
  bs_synth_provider(s, &doctor, r, 0);
  char dx[16];
  bs_doc_printf(d, "Case review %d\nPatient: ", number);
  bs_put_name(d, &p, bs_random_chance(r, 50) ? BS_NAME_FIRST_LAST : BS_NAME_LAST_FIRST, r);
  bs_doc_printf(d, "\nDOB: ");
  bs_put_date(d, p.id, BS_EL_DOB, p.dob, BS_DATE_MDY);
  bs_doc_printf(d, "   MRN: ");
  bs_put_id(d, p.id, BS_EL_MRN, p.mrn);
  bs_doc_printf(d, "\nDiagnosis: ");
  bs_put_code(d, p.id, BS_EL_ICD10CM, bs_synth_diagnosis(s, r, dx), r);
  bs_doc_printf(d, "\nDate of service: ");
  bs_put_date(d, p.id, BS_EL_SERVICE_DATE, bs_synth_visit_date(r), BS_DATE_MDY);
  bs_doc_printf(d, "\nPhone: ");
  bs_put_phone(d, p.id, p.cell_phone[0] ? p.cell_phone : p.home_phone, r);
  bs_doc_printf(d, "\n\nReferred to: %s %s, %s (%s, NPI ", doctor.first, doctor.last,
                doctor.credential, doctor.specialty);
  bs_put_npi(d, &doctor);
  bs_doc_printf(d, ")\nWhat went well / what to change: discussed at the huddle.\n");
}

bs_status bs_write_slides(bs_synth *s) {
  static const char path[] = "files/quality/huddle-2024-06.pptx";
  bs_doc file;
  if (bs_synth_open_binary(s, &file, path) != BS_OK) return s->truth.status;
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_SLIDES, 0);
  bs_pptx deck;
  if (bs_pptx_begin(&deck, &s->truth, path, file.file) == BS_OK && bs_pptx_slide(&deck)) {
    bs_doc_printf(&deck.doc,
                  "Quality huddle \u2014 June 2024\n%s\nCases reviewed: ", s->clinic_name);
    int cases = (int)(s->practice.patients / 100) + 3;
    bs_doc_printf(&deck.doc, "%d\n",
                  cases > BS_PPTX_MAX_SLIDES - 1 ? BS_PPTX_MAX_SLIDES - 1 : cases);
    for (int i = 1; i <= cases && bs_pptx_slide(&deck); i++) case_slide(s, &deck.doc, &r, i);
  }
  bs_status status = bs_pptx_finish(&deck);
  if (status != BS_OK && s->truth.status == BS_OK) {
    s->truth.status = status;
    snprintf(s->truth.failed_path, sizeof s->truth.failed_path, "%s", path);
  }
  bs_doc_close(&file, 6, 7);
  return s->truth.status;
}
