/* Consult letters a specialist sent back, saved as RTF from WordPad: letterhead, the
 * patient's address block, a paragraph with typographic quotes and accented names
 * (escaped as \'hh and \uN), and a table of the results discussed, its values noted
 * as cells under their column's header. */
#include <stdio.h>

#include "synth/lexicon.h"
#include "synth/writers.h"

/* A value in a cell of the letter's table (its only one), `row` counted from its header
 * row: located as a reader of RTF tables gives cells, by place, row and header. */
static void put_cell(bs_doc *d, uint64_t row, const char *header, const char *person,
                     const bs_value *v) {
  bs_doc_note_cell(d, "table 1", row, 0, header, person, v->type, v->value, v->text);
  bs_doc_printf(d, "%s", v->text);
}

static void consult_letter(bs_synth *s, bs_doc *d, bs_random *r) {
  bs_person p;
  bs_provider doctor, specialist;
  bs_synth_patient(s, &p, r);
  bs_synth_provider(s, &doctor, r, 1);
  bs_synth_provider(s, &specialist, r, 0);
  bs_put_letterhead(d, s, 1);
  bs_put_date(d, NULL, BS_EL_DATE, bs_synth_visit_date(r), BS_DATE_LONG);
  bs_doc_printf(d, "\n\nDr. %s %s\n%s\n\n", doctor.first, doctor.last, s->clinic_name);
  bs_doc_printf(d, "Re: ");
  bs_put_name(d, &p, BS_NAME_FIRST_LAST, r);
  bs_doc_printf(d, " \u2014 DOB ");
  bs_put_date(d, p.id, BS_EL_DOB, p.dob, BS_DATE_MDY);
  bs_doc_printf(d, " \u2014 MRN ");
  bs_put_id(d, p.id, BS_EL_MRN, p.mrn);
  bs_doc_printf(d, "\n\nDear Dr. %s,\n\n", doctor.last);
  bs_doc_printf(d,
                "Thank you for referring your patient, whom I saw in our %s clinic "
                "(Caf\u00e9 level, Building\u00a0B). Date of service: ",
                specialist.specialty);
  char dx[16];
  bs_put_date(d, p.id, BS_EL_SERVICE_DATE, bs_synth_visit_date(r), BS_DATE_MDY);
  bs_doc_printf(d, ". The working diagnosis is ");
  bs_put_code(d, p.id, BS_EL_ICD10CM, bs_synth_diagnosis(s, r, dx), r);
  bs_doc_printf(d, "; we\u2019ll see the patient again in \u00bd a year \u2192 sooner if "
                   "needed.\n\nThe patient lives at:\n");
  bs_put_address_block(d, s, &p, r);
  bs_doc_printf(d, "Phone: ");
  bs_put_phone(d, p.id, p.cell_phone[0] ? p.cell_phone : p.home_phone, r);
  bs_doc_printf(d, "\n\nDate of service\tTest\tCode\n");
  int tests = bs_random_range(r, 1, 3);
  for (int i = 0; i < tests; i++) {
    const bs_coded *cpt =
        &bs_lexicon_cpt_codes[bs_random_below(r, (uint32_t)bs_lexicon_cpt_codes_count)];
    bs_value v;
    bs_value_date(&v, BS_EL_SERVICE_DATE, bs_synth_visit_date(r), BS_DATE_MDY);
    put_cell(d, i + 2, "Date of service", p.id, &v);
    bs_doc_printf(d, "\t%.40s\tCPT ", cpt->description);
    bs_value_code(&v, BS_EL_CPT, cpt->code, r);
    put_cell(d, i + 2, "Code", p.id, &v);
    bs_doc_printf(d, "\n");
  }
  bs_doc_printf(d, "\nSincerely,\n\n%s %s, %s\n%s\n", specialist.first, specialist.last,
                specialist.credential, specialist.specialty);
  bs_doc_printf(d, "NPI ");
  bs_put_npi(d, &specialist);
  bs_doc_printf(d, "\n");
}

bs_status bs_write_rtf_letters(bs_synth *s) {
  return bs_synth_letters(s, BS_LETTER_RTF, "clinical/consults/consult", BS_STREAM_RTF, 3, 7,
                          consult_letter);
}
