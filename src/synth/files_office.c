/* Office documents and PDFs of the share: the front desk's patient list (XLSX),
 * letters to patients (DOCX: paragraphs and a table of visits), billing statements
 * (PDF). The same pieces go into e-mails and the archive (files_attached.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/biff_out.h"
#include "synth/lexicon.h"
#include "synth/ooxml_out.h"
#include "synth/pdf_out.h"
#include "synth/writers.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

bs_status bs_synth_open_binary(bs_synth *s, bs_doc *out, const char *path) {
  return bs_doc_open(out, &s->truth, path, BS_DOC_FIELDS, NULL, 0);
}

static void fail(bs_synth *s, const char *path, bs_status status) {
  if (status == BS_OK || s->truth.status != BS_OK) return;
  s->truth.status = status;
  snprintf(s->truth.failed_path, sizeof s->truth.failed_path, "%s", path);
}

/* ---- XLSX: the patient list --------------------------------------------------------- */

const char *const bs_synth_list_headers[BS_SYNTH_LIST_COLUMNS] = {
    "MRN",  "Last Name", "First Name", "DOB",   "Sex",       "SSN",        "Address",
    "City", "State",     "ZIP",        "Phone", "Member ID", "Last Visit", "Balance"};

/* The cells of the list, to whichever sheet w holds. */
static int sheet_ok(const bs_sheet_writer *w) {
  return (w->xlsx ? w->xlsx->status : w->xls->status) == BS_OK;
}
static void sheet_text(const bs_sheet_writer *w, const char *cell) {
  if (w->xlsx)
    bs_xlsx_text(w->xlsx, cell);
  else
    bs_xls_text(w->xls, cell);
}
static void sheet_put(const bs_sheet_writer *w, const char *person, bs_element type,
                      const char *value, const char *cell) {
  if (w->xlsx)
    bs_xlsx_put_text(w->xlsx, person, type, value, cell);
  else
    bs_xls_put_text(w->xls, person, type, value, cell);
}
static void sheet_number(const bs_sheet_writer *w, double n, bs_xlsx_style style,
                         const char *person, bs_element type, const char *value,
                         const char *shown) {
  if (w->xlsx)
    bs_xlsx_number(w->xlsx, n, style, person, type, value, shown);
  else
    bs_xls_number(w->xls, n, style, person, type, value, shown);
}
/* A date: its serial number, recorded shown as an ISO date (see bs_xlsx_date). */
static void sheet_date(const bs_sheet_writer *w, bs_date date, bs_xlsx_style style,
                       const char *person, bs_element type) {
  char iso[40];
  snprintf(iso, sizeof iso, "%04d-%02d-%02d", date.year, date.month, date.day);
  sheet_number(w, (double)bs_xlsx_serial(date), style, person, type, iso, iso);
}
static void sheet_end_row(const bs_sheet_writer *w) {
  if (w->xlsx)
    bs_xlsx_end_row(w->xlsx);
  else
    bs_xls_end_row(w->xls);
}

void bs_synth_patient_rows(bs_synth *s, const bs_sheet_writer *w, bs_random *r, unsigned percent) {
  for (uint32_t i = 0; i < s->practice.patients && sheet_ok(w); i++) {
    if (!bs_random_chance(r, percent)) continue;
    bs_person p;
    bs_people_make(&p, s->tables, &s->practice, i);
    char text[BS_TEXT_MAX], value[BS_TEXT_MAX];
    sheet_put(w, p.id, BS_EL_MRN, p.mrn, p.mrn);
    bs_render_word(text, p.last, r);
    bs_render_norm_words(value, text);
    sheet_put(w, p.id, BS_EL_LAST_NAME, value, text);
    bs_render_word(text, p.first, r);
    bs_render_norm_words(value, text);
    sheet_put(w, p.id, BS_EL_FIRST_NAME, value, text);
    sheet_date(w, p.dob, BS_XLSX_DATE, p.id, BS_EL_DOB);
    sheet_text(w, p.sex == 'M' ? "M" : "F");
    if (p.ssn[0]) { /* kept as a number, shown through "000-00-0000" */
      snprintf(text, sizeof text, "%.3s-%.2s-%.4s", p.ssn, p.ssn + 3, p.ssn + 5);
      sheet_number(w, (double)strtol(p.ssn, NULL, 10), BS_XLSX_SSN, p.id, BS_EL_SSN, p.ssn, text);
    } else {
      sheet_text(w, "");
    }
    bs_render_street(text, &p.home, s->tables->ref, r, 1);
    bs_render_norm_street(value, text, s->tables->ref);
    sheet_put(w, p.id, BS_EL_ADDRESS, value, text);
    bs_render_city(text, p.home.city, r);
    bs_render_norm_words(value, text);
    sheet_put(w, p.id, BS_EL_CITY, value, text);
    sheet_put(w, p.id, BS_EL_STATE, p.home.state, p.home.state);
    /* A five-digit ZIP typed as a number keeps its zero through "00000". */
    sheet_number(w, (double)strtol(p.home.zip, NULL, 10), BS_XLSX_ZIP, p.id, BS_EL_ZIP, p.home.zip,
                 p.home.zip);
    const char *phone = p.cell_phone[0] ? p.cell_phone : p.home_phone;
    bs_render_phone(text, phone, r);
    sheet_put(w, p.id, BS_EL_PHONE, phone, text);
    bs_render_undotted(value, p.member_id);
    sheet_put(w, p.id, BS_EL_MEMBER_ID, value, p.member_id);
    sheet_date(w, bs_synth_visit_date(r), BS_XLSX_DATE_ISO, p.id, BS_EL_SERVICE_DATE);
    /* A balance: money, a lookalike of nothing personal. */
    sheet_number(w, bs_random_range(r, 0, 90000) / 100.0, BS_XLSX_MONEY, NULL, BS_EL_NONE, NULL,
                 NULL);
    sheet_end_row(w);
  }
}

bs_status bs_synth_workbook(bs_synth *s, const char *path, FILE *out, uint64_t stream,
                            unsigned percent) {
  bs_xlsx x;
  bs_xlsx_begin(&x, &s->truth, path, out, "Patients", bs_synth_list_headers, BS_SYNTH_LIST_COLUMNS);
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_WORKBOOK, stream);
  const bs_sheet_writer w = {&x, NULL};
  bs_synth_patient_rows(s, &w, &r, percent);
  return bs_xlsx_finish(&x);
}

bs_status bs_write_workbook(bs_synth *s) {
  static const char path[] = "files/frontdesk/patient-list-2024.xlsx";
  bs_doc d;
  if (bs_synth_open_binary(s, &d, path) != BS_OK) return s->truth.status;
  fail(s, path, bs_synth_workbook(s, path, d.file, 0, 20));
  bs_doc_close(&d, 7, 7);
  return s->truth.status;
}

/* ---- DOCX: a letter to a patient ---------------------------------------------------- */

bs_status bs_synth_letter(bs_synth *s, const char *path, FILE *out, uint64_t stream) {
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_LETTER, stream);
  bs_person p;
  bs_provider doctor;
  bs_synth_patient(s, &p, &r);
  bs_synth_provider(s, &doctor, &r, 1);
  bs_docx x;
  bs_docx_begin(&x, &s->truth, path, out);
  bs_doc *d = &x.doc;
  bs_put_letterhead(d, s, 0);
  bs_doc_printf(d, "\n");
  bs_date letter = bs_synth_visit_date(&r);
  bs_put_date(d, p.id, BS_EL_DATE, letter, BS_DATE_LONG);
  bs_doc_printf(d, "\n\n");
  bs_put_address_block(d, s, &p, &r);
  bs_doc_printf(d, "\nRE: Your recent visits (MRN ");
  bs_put_id(d, p.id, BS_EL_MRN, p.mrn);
  bs_doc_printf(d, ", date of birth ");
  bs_put_date(d, p.id, BS_EL_DOB, p.dob, bs_render_date_style(&r, 1));
  char last[BS_TEXT_MAX];
  bs_render_norm_words(last, p.last);
  bs_doc_printf(d, ")\n\nDear %s ", p.sex == 'M' ? "Mr." : "Ms.");
  bs_doc_put(d, p.id, BS_EL_LAST_NAME, last, p.last);
  bs_doc_printf(d, ",\n\n");
  bs_doc_printf(d,
                "Thank you for choosing %s. The visits below were billed to %s under member "
                "ID ",
                s->clinic_name, bs_lexicon_payers[p.payer].name);
  bs_put_id(d, p.id, BS_EL_MEMBER_ID, p.member_id);
  bs_doc_printf(d, ". Please call us with any question.\n\nSincerely,\n%s %s, %s\n", doctor.first,
                doctor.last, doctor.credential);
  static const char *const headers[] = {"Date of Service", "Diagnosis", "CPT", "Provider NPI"};
  bs_docx_table(&x, headers, COUNT(headers));
  int visits = bs_random_range(&r, 1, 4);
  for (int v = 0; v < visits; v++) {
    char text[BS_TEXT_MAX], value[BS_TEXT_MAX], dx[16];
    bs_date when = bs_synth_visit_date(&r);
    bs_render_date(text, when, BS_DATE_MDY);
    bs_render_iso(value, when);
    bs_docx_put_cell(&x, p.id, BS_EL_SERVICE_DATE, value, text);
    const char *code = bs_synth_diagnosis(s, &r, dx);
    bs_render_icd(text, code, &r);
    bs_render_undotted(value, code);
    bs_docx_put_cell(&x, p.id, BS_EL_ICD10CM, value, text);
    const bs_coded *cpt =
        &bs_lexicon_cpt_codes[bs_random_below(&r, (uint32_t)bs_lexicon_cpt_codes_count)];
    bs_docx_put_cell(&x, p.id, BS_EL_CPT, cpt->code, cpt->code);
    bs_docx_put_cell(&x, doctor.id, BS_EL_NPI, doctor.npi, doctor.npi);
    bs_docx_end_row(&x);
  }
  return bs_docx_finish(&x);
}

bs_status bs_write_letters(bs_synth *s) {
  uint32_t count = s->practice.patients / 100 + 1;
  for (uint32_t i = 0; i < count && s->truth.status == BS_OK; i++) {
    char path[96];
    snprintf(path, sizeof path, "files/clinical/letters/letter-%05u.docx", i + 1);
    bs_doc d;
    if (bs_synth_open_binary(s, &d, path) != BS_OK) break;
    fail(s, path, bs_synth_letter(s, path, d.file, i));
    bs_doc_close(&d, 6, 7);
  }
  return s->truth.status;
}

/* ---- PDF: billing statements, a patient a page -------------------------------------- */

bs_status bs_synth_statement(bs_synth *s, const char *path, FILE *out, uint64_t stream, int pages) {
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_STATEMENT, stream);
  bs_pdf_out pdf;
  bs_pdf_begin(&pdf, &s->truth, path, out);
  bs_doc *d = &pdf.doc;
  for (int page = 0; page < pages && pdf.status == BS_OK; page++) {
    if (page) bs_pdf_next_page(&pdf);
    bs_person p;
    bs_synth_patient(s, &p, &r);
    char value[BS_TEXT_MAX];
    bs_doc_printf(d, "%s - PATIENT STATEMENT\n", s->clinic_name);
    bs_render_norm_street(value, s->clinic_street, s->tables->ref);
    bs_doc_put(d, NULL, BS_EL_ADDRESS, value, s->clinic_street);
    bs_doc_printf(d, "\nBilling questions: ");
    bs_doc_put(d, NULL, BS_EL_PHONE, s->clinic_phone_digits, s->clinic_phone);
    bs_doc_printf(d, "\n");
    bs_put_address_block(d, s, &p, &r);
    bs_doc_printf(d, "MRN: ");
    bs_put_id(d, p.id, BS_EL_MRN, p.mrn);
    bs_doc_printf(d, "   Date of birth: ");
    bs_put_date(d, p.id, BS_EL_DOB, p.dob, BS_DATE_MDY);
    bs_doc_printf(d, "\nInsurance: %s   Member ID: ", bs_lexicon_payers[p.payer].name);
    bs_put_id(d, p.id, BS_EL_MEMBER_ID, p.member_id);
    bs_doc_printf(d, "\nDate of service   Code   Description   Charge\n");
    int lines = bs_random_range(&r, 1, 4);
    for (int i = 0; i < lines; i++) {
      const bs_coded *cpt =
          &bs_lexicon_cpt_codes[bs_random_below(&r, (uint32_t)bs_lexicon_cpt_codes_count)];
      bs_put_date(d, p.id, BS_EL_SERVICE_DATE, bs_synth_visit_date(&r), BS_DATE_MDY);
      bs_doc_printf(d, "   CPT ");
      bs_put_code(d, p.id, BS_EL_CPT, cpt->code, &r);
      bs_doc_printf(d, "   %.30s   $%d.%02d\n", cpt->description, bs_random_range(&r, 40, 400),
                    bs_random_range(&r, 0, 99));
    }
    bs_doc_printf(d, "Amount due: $%d.%02d. Thank you.\n", bs_random_range(&r, 10, 900),
                  bs_random_range(&r, 0, 99));
  }
  return bs_pdf_finish(&pdf);
}

bs_status bs_write_statements(bs_synth *s) {
  /* Two statement runs, each a PDF of up to 40 pages. */
  for (int run = 0; run < 2 && s->truth.status == BS_OK; run++) {
    char path[96];
    snprintf(path, sizeof path, "files/billing/statements/statements-2024-%02d.pdf", 6 + run);
    bs_doc d;
    if (bs_synth_open_binary(s, &d, path) != BS_OK) break;
    int pages = (int)(s->practice.patients / 50 + 1);
    fail(s, path, bs_synth_statement(s, path, d.file, (uint64_t)run, pages > 40 ? 40 : pages));
    bs_doc_close(&d, 6 + run, 7);
  }
  return s->truth.status;
}
