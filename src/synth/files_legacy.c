/* The legacy Office binaries clinics' shares are full of: the patient list as an
 * Excel 97-2003 workbook (biff_out.h; the rows of the XLSX list, another sample of
 * patients), and letters answering a request for records as Word 97-2003 documents
 * (word97_out.h), one line in a UTF-16 piece, the visits in a table whose values are
 * noted as cells under their column's header. */
#include <stdio.h>

#include "synth/biff_out.h"
#include "synth/lexicon.h"
#include "synth/rtf_out.h"
#include "synth/word97_out.h"
#include "synth/writers.h"

static void fail(bs_synth *s, const char *path, bs_status status) {
  if (status == BS_OK || s->truth.status != BS_OK) return;
  s->truth.status = status;
  snprintf(s->truth.failed_path, sizeof s->truth.failed_path, "%s", path);
}

/* ---- XLS: the old front-desk export ------------------------------------------------- */

bs_status bs_write_xls_workbook(bs_synth *s) {
  static const char path[] = "files/frontdesk/patient-list-2019.xls";
  bs_doc d;
  if (bs_synth_open_binary(s, &d, path) != BS_OK) return s->truth.status;
  bs_xls x;
  bs_xls_begin(&x, &s->truth, path, d.file, "Patients", bs_synth_list_headers,
               BS_SYNTH_LIST_COLUMNS);
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_XLS, 0);
  const bs_sheet_writer w = {NULL, &x};
  bs_synth_patient_rows(s, &w, &r, 10);
  fail(s, path, bs_xls_finish(&x));
  bs_doc_close(&d, 2, 4);
  return s->truth.status;
}

/* ---- DOC: answers to requests for records -------------------------------------------- */

/* A value in a cell of the letter's table (its only one), `row` counted from its header
 * row: located as a reader of Word tables gives cells, by place, row and header. */
static void put_cell(bs_doc *d, uint64_t row, const char *header, const char *person,
                     const bs_value *v) {
  bs_doc_note_cell(d, "table 1", row, 0, header, person, v->type, v->value, v->text);
  bs_doc_printf(d, "%s", v->text);
}

static void records_letter(bs_synth *s, bs_doc *d, bs_random *r) {
  bs_person p;
  bs_provider doctor;
  bs_synth_patient(s, &p, r);
  bs_synth_provider(s, &doctor, r, 1);
  bs_put_letterhead(d, s, 1);
  bs_doc_printf(d, "\n");
  bs_put_date(d, NULL, BS_EL_DATE, bs_synth_visit_date(r), BS_DATE_LONG);
  bs_doc_printf(d, "\n\n");
  bs_put_address_block(d, s, &p, r);
  /* Word keeps a paragraph Windows-1252 cannot hold (the arrow) in a UTF-16 piece. */
  bs_doc_printf(d, "\nRe: request for records \u2192 ");
  bs_put_name(d, &p, BS_NAME_FIRST_LAST, r);
  bs_doc_printf(d, ", born ");
  bs_put_date(d, p.id, BS_EL_DOB, p.dob, bs_render_date_style(r, 1));
  bs_doc_printf(d, "\n\nDear %s ", p.sex == 'M' ? "Mr." : "Ms.");
  bs_put_last(d, &p, r);
  bs_doc_printf(d, ",\n\nWe received your request for copies of your medical record (MRN ");
  bs_put_id(d, p.id, BS_EL_MRN, p.mrn);
  bs_doc_printf(d, "). Enclosed are the notes of the visits below \u2013 please allow 30 days "
                   "for the rest.\n\nDate of service\tDiagnosis\tCPT\n");
  int visits = bs_random_range(r, 1, 3);
  for (int visit = 0; visit < visits; visit++) {
    char dx[16];
    const bs_coded *cpt =
        &bs_lexicon_cpt_codes[bs_random_below(r, (uint32_t)bs_lexicon_cpt_codes_count)];
    bs_value v;
    bs_value_date(&v, BS_EL_SERVICE_DATE, bs_synth_visit_date(r), BS_DATE_MDY);
    put_cell(d, (uint64_t)visit + 2, "Date of service", p.id, &v);
    bs_doc_printf(d, "\t");
    bs_value_code(&v, BS_EL_ICD10CM, bs_synth_diagnosis(s, r, dx), r);
    put_cell(d, (uint64_t)visit + 2, "Diagnosis", p.id, &v);
    bs_doc_printf(d, "\t");
    bs_value_code(&v, BS_EL_CPT, cpt->code, r);
    put_cell(d, (uint64_t)visit + 2, "CPT", p.id, &v);
    bs_doc_printf(d, "\n");
  }
  bs_doc_printf(d, "\nA copy of this letter was sent to the phone number on file, ");
  bs_put_phone(d, p.id, p.cell_phone[0] ? p.cell_phone : p.home_phone, r);
  bs_doc_printf(d, ".\n\nSincerely,\n\n%s %s, %s\nNPI ", doctor.first, doctor.last,
                doctor.credential);
  bs_put_npi(d, &doctor);
  bs_doc_printf(d, "\n");
}

bs_status bs_synth_letters(bs_synth *s, bs_letter_format format, const char *stem,
                           uint64_t stream_kind, int from_month, int to_month,
                           bs_letter_fn letter) {
  uint32_t count = s->practice.patients / 200 + 2;
  for (uint32_t i = 0; i < count && s->truth.status == BS_OK; i++) {
    char path[160];
    snprintf(path, sizeof path, "files/%s-%05u.%s", stem, i + 1,
             format == BS_LETTER_RTF ? "rtf" : "doc");
    bs_doc file;
    if (bs_synth_open_binary(s, &file, path) != BS_OK) break;
    bs_random r;
    bs_random_init(&r, s->practice.seed, stream_kind, i);
    bs_rtf_out rtf;
    bs_word97 word;
    bs_status status = format == BS_LETTER_RTF ? bs_rtf_begin(&rtf, &s->truth, path, file.file)
                                               : bs_word97_begin(&word, &s->truth, path, file.file);
    if (status == BS_OK) letter(s, format == BS_LETTER_RTF ? &rtf.doc : &word.doc, &r);
    fail(s, path, format == BS_LETTER_RTF ? bs_rtf_finish(&rtf) : bs_word97_finish(&word));
    bs_doc_close(&file, from_month, to_month);
  }
  return s->truth.status;
}

bs_status bs_write_doc_letters(bs_synth *s) {
  return bs_synth_letters(s, BS_LETTER_WORD97, "clinical/records-requests/request", BS_STREAM_DOC,
                          1, 7, records_letter);
}
