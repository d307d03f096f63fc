/* Free text: visit notes, referral letters and e-mails, with the patient in the body,
 * family members named, the practice's own phone and address (not a patient's), lab
 * values, order numbers and letter dates that are no birth dates. */
#include <stdio.h>
#include <string.h>

#include "synth/lexicon.h"
#include "synth/writers.h"

static const char *pronoun(const bs_person *p) { return p->sex == 'M' ? "He" : "She"; }

/* "Glucose 105 mg/dL": numbers a reader must not take for identifiers. */
static void lab_line(bs_doc *d, bs_random *r) {
  bs_doc_printf(d, "Labs:");
  int n = bs_random_range(r, 1, 3);
  for (int i = 0; i < n; i++) {
    const bs_lab_test *t =
        &bs_lexicon_lab_tests[bs_random_below(r, (uint32_t)bs_lexicon_lab_tests_count)];
    double v = t->low + (t->high - t->low) * (double)bs_random_below(r, 10001) / 10000.0;
    bs_doc_printf(d, "%s %s %.*f %s", i ? "," : "", t->name, t->decimals, v, t->units);
  }
  bs_doc_printf(d, ".\n");
}

static void note(bs_synth *s, uint32_t index) {
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_NOTE, index);
  bs_person p;
  bs_provider doctor;
  bs_synth_patient(s, &p, &r);
  bs_synth_provider(s, &doctor, &r, 1);
  bs_date visit = bs_synth_visit_date(&r);
  char path[128];
  snprintf(path, sizeof path, "files/clinical/notes/2024-%02d/visit-%06u.txt", visit.month,
           index + 1);
  bs_doc d;
  if (bs_doc_open(&d, &s->truth, path, BS_DOC_TEXT, NULL, 0) != BS_OK) return;
  bs_date_style style = bs_render_date_style(&r, 1);
  bs_doc_printf(&d, "%s\n%s\n\n", bs_random_chance(&r, 50) ? "PROGRESS NOTE" : "Office Visit",
                s->clinic_name);
  bs_doc_printf(&d, "Patient: ");
  bs_put_name(&d, &p,
              bs_random_chance(&r, 50) ? BS_NAME_LAST_FIRST_MIDDLE : BS_NAME_FIRST_MIDDLE_LAST, &r);
  bs_doc_printf(&d, "    DOB: ");
  bs_put_date(&d, p.id, BS_EL_DOB, p.dob, style);
  bs_doc_printf(&d, "    MRN: ");
  bs_put_id(&d, p.id, BS_EL_MRN, p.mrn);
  bs_doc_printf(&d, "\nDate of service: ");
  bs_put_date(&d, p.id, BS_EL_SERVICE_DATE, visit, bs_render_date_style(&r, 1));
  bs_doc_printf(&d, "    Provider: %s %s, %s (NPI ", doctor.first, doctor.last, doctor.credential);
  bs_put_npi(&d, &doctor);
  bs_doc_printf(&d, ")\n");
  if (p.mbi[0] && bs_random_chance(&r, 50)) {
    bs_doc_printf(&d, "Medicare MBI: ");
    bs_put_mbi(&d, &p, &r);
    bs_doc_printf(&d, "\n");
  } else {
    bs_doc_printf(&d, "Insurance: %s, member ID ", bs_lexicon_payers[p.payer].name);
    bs_put_id(&d, p.id, BS_EL_MEMBER_ID, p.member_id);
    bs_doc_printf(&d, "\n");
  }
  bs_doc_printf(&d, "\nChief complaint: %s.\n",
                bs_random_pick(&r, bs_lexicon_complaints, bs_lexicon_complaints_count));
  bs_doc_printf(&d, "HPI: %d y.o. %s seen today. %s reports feeling %s.", p.age,
                p.sex == 'M' ? (p.age < 18 ? "boy" : "male") : (p.age < 18 ? "girl" : "female"),
                pronoun(&p), bs_random_chance(&r, 50) ? "better" : "about the same");
  if (p.age < 18 && p.household_size > 1 && p.index > p.household) {
    /* A child comes with a parent, who is named (and a patient too). */
    bs_person parent;
    bs_people_make(&parent, s->tables, &s->practice, p.household);
    bs_doc_printf(&d, " Accompanied by parent, ");
    bs_put_name(&d, &parent, BS_NAME_FIRST_LAST, &r);
    bs_doc_printf(&d, " (DOB ");
    bs_put_date(&d, parent.id, BS_EL_DOB, parent.dob, style);
    bs_doc_printf(&d, ").");
  }
  bs_doc_printf(&d, "\nVitals: BP %d/%d, HR %d, Temp %d.%d F, Wt %d lb.\n",
                bs_random_range(&r, 104, 162), bs_random_range(&r, 62, 98),
                bs_random_range(&r, 54, 108), bs_random_range(&r, 97, 100),
                bs_random_range(&r, 0, 9), bs_random_range(&r, 30, 290));
  lab_line(&d, &r);
  bs_doc_printf(&d, "\nAssessment and plan:\n");
  int problems = bs_random_range(&r, 1, 3);
  for (int i = 0; i < problems; i++) {
    char buffer[16];
    const char *code = bs_synth_diagnosis(s, &r, buffer);
    const char *words = "see problem list";
    for (size_t k = 0; k < bs_lexicon_diagnoses_count; k++)
      if (!strcmp(bs_lexicon_diagnoses[k].code, code)) words = bs_lexicon_diagnoses[k].description;
    bs_doc_printf(&d, "%d. %s (", i + 1, words);
    bs_put_code(&d, p.id, BS_EL_ICD10CM, code, &r);
    bs_doc_printf(&d, ") - continue %s.\n",
                  bs_random_pick(&r, bs_lexicon_medications, bs_lexicon_medications_count));
  }
  const bs_coded *cpt =
      &bs_lexicon_cpt_codes[bs_random_below(&r, (uint32_t)bs_lexicon_cpt_codes_count)];
  bs_doc_printf(&d, "CPT: ");
  bs_put_code(&d, p.id, BS_EL_CPT, cpt->code, &r);
  if (bs_random_chance(&r, 25)) {
    const bs_coded *h =
        &bs_lexicon_hcpcs_codes[bs_random_below(&r, (uint32_t)bs_lexicon_hcpcs_codes_count)];
    bs_doc_printf(&d, "   HCPCS: ");
    bs_put_code(&d, p.id, BS_EL_HCPCS, h->code, &r);
  }
  bs_doc_printf(&d, "\nLab order # %03d-%02d-%04d sent.\n", bs_random_range(&r, 100, 899),
                bs_random_range(&r, 10, 99), bs_random_range(&r, 1000, 9999));
  if (bs_random_chance(&r, 60)) {
    bs_doc_printf(&d, "Best contact: ");
    bs_put_phone(&d, p.id, p.cell_phone[0] ? p.cell_phone : p.home_phone, &r);
    bs_doc_printf(&d, "\n");
  }
  if (bs_random_chance(&r, 15) && p.ssn[0]) {
    bs_doc_printf(&d, "Pt provided SSN ");
    bs_put_ssn(&d, &p, &r, 0);
    bs_doc_printf(&d, " for the assistance application.\n");
  }
  bs_doc_printf(&d, "Follow-up in %d weeks.\n\nElectronically signed by %s %s, %s on ",
                bs_random_range(&r, 2, 12), doctor.first, doctor.last, doctor.credential);
  bs_put_date(&d, doctor.id, BS_EL_DATE, visit, BS_DATE_MDY);
  bs_doc_printf(&d, " %02d:%02d\n", bs_random_range(&r, 8, 19), bs_random_range(&r, 0, 59));
  bs_doc_close(&d, visit.month, 7);
}

bs_status bs_write_notes(bs_synth *s) {
  uint32_t count = s->practice.patients / 4 + 1;
  for (uint32_t i = 0; i < count && s->truth.status == BS_OK; i++) note(s, i);
  return s->truth.status;
}

static void clinic_email(bs_doc *d, const bs_synth *s, const char *box) {
  char address[96];
  snprintf(address, sizeof address, "%s@%s", box, s->clinic_domain);
  bs_doc_put(d, NULL, BS_EL_EMAIL, address, address);
}

static void referral(bs_synth *s, uint32_t index) {
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_REFERRAL, index);
  bs_person p;
  bs_provider from, to;
  bs_synth_patient(s, &p, &r);
  bs_synth_provider(s, &from, &r, 1);
  bs_synth_provider(s, &to, &r, 0);
  char path[128];
  snprintf(path, sizeof path, "files/clinical/referrals/referral-%06u.txt", index + 1);
  bs_doc d;
  if (bs_doc_open(&d, &s->truth, path, BS_DOC_TEXT, NULL, 0) != BS_OK) return;
  /* Letterhead: the practice's own address and numbers, nobody's personal data. */
  bs_put_letterhead(&d, s, 1);
  bs_date seen = bs_synth_visit_date(&r), letter = seen;
  letter.day = seen.day < 26 ? seen.day + 2 : seen.day;
  bs_put_date(&d, p.id, BS_EL_DATE, letter, BS_DATE_LONG);
  bs_doc_printf(&d, "\n\n%s %s, %s\n%s\n\nRE: ", to.first, to.last, to.credential, to.specialty);
  bs_put_name(&d, &p, BS_NAME_FIRST_MIDDLE_LAST, &r);
  bs_doc_printf(&d, "\nDOB: ");
  bs_put_date(&d, p.id, BS_EL_DOB, p.dob, bs_render_date_style(&r, 1));
  bs_doc_printf(&d, "\nAddress: ");
  bs_put_street(&d, s, &p, &p.home, &r, 1);
  bs_doc_printf(&d, "\n         ");
  bs_put_city(&d, &p, &p.home, &r);
  bs_doc_printf(&d, ", ");
  bs_put_state(&d, &p, &p.home);
  bs_doc_printf(&d, " ");
  bs_put_zip(&d, &p, &p.home, &r);
  bs_doc_printf(&d, "\nPhone: ");
  bs_put_phone(&d, p.id, p.cell_phone[0] ? p.cell_phone : p.home_phone, &r);
  bs_doc_printf(&d, "\n%s ID: ", bs_lexicon_payers[p.payer].name);
  bs_put_id(&d, p.id, BS_EL_MEMBER_ID, p.member_id);
  if (p.mbi[0]) {
    bs_doc_printf(&d, "   Medicare: ");
    bs_put_mbi(&d, &p, &r);
  }
  bs_doc_printf(
      &d, "\n\nDear Dr. %s,\n\nI am referring %s %s for evaluation. %s was seen in our office on ",
      to.last, p.sex == 'M' ? "Mr." : "Ms.", p.last, pronoun(&p));
  bs_put_date(&d, p.id, BS_EL_SERVICE_DATE, seen, bs_render_date_style(&r, 1));
  char buffer[16];
  const char *code = bs_synth_diagnosis(s, &r, buffer);
  bs_doc_printf(&d, " for ");
  bs_put_code(&d, p.id, BS_EL_ICD10CM, code, &r);
  bs_doc_printf(&d, ". ");
  if (bs_random_chance(&r, 30)) {
    /* A hospital stay: its ICD-10-PCS procedure. */
    const bs_codeset *pcs = &s->tables->ref->icd10pcs;
    const bs_span *c = &pcs->codes[bs_random_below(&r, (uint32_t)pcs->count)];
    char pcs_code[8];
    snprintf(pcs_code, sizeof pcs_code, "%.7s", c->text);
    bs_doc_printf(&d, "Prior inpatient procedure (ICD-10-PCS ");
    bs_put_code(&d, p.id, BS_EL_ICD10PCS, pcs_code, &r);
    bs_doc_printf(&d, ").");
  }
  bs_doc_printf(&d, "\nPlease call the patient to schedule.\n\nSincerely,\n\n%s %s, %s\nNPI: ",
                from.first, from.last, from.credential);
  bs_put_npi(&d, &from);
  bs_doc_printf(&d, "\n");
  bs_doc_close(&d, seen.month, 7);
}

bs_status bs_write_referrals(bs_synth *s) {
  uint32_t count = s->practice.patients / 25 + 1;
  for (uint32_t i = 0; i < count && s->truth.status == BS_OK; i++) referral(s, i);
  return s->truth.status;
}

static void mail(bs_synth *s, uint32_t index) {
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_MAIL, index);
  bs_person p;
  bs_synth_patient(s, &p, &r);
  char path[128];
  snprintf(path, sizeof path, "files/mail/inbox/msg-%06u.eml", index + 1);
  bs_doc d;
  if (bs_doc_open(&d, &s->truth, path, BS_DOC_TEXT, NULL, 0) != BS_OK) return;
  bs_date sent = bs_synth_visit_date(&r);
  static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri"};
  int from_patient = p.email[0] && bs_random_chance(&r, 60);
  if (from_patient) {
    char text[BS_TEXT_MAX], value[BS_TEXT_MAX];
    bs_render_name(text, &p, BS_NAME_NICKNAME, &r, 0);
    bs_render_norm_words(value, text);
    bs_doc_printf(&d, "From: ");
    bs_doc_put(&d, p.id, BS_EL_NAME, value, text);
    bs_doc_printf(&d, " <");
    bs_doc_put(&d, p.id, BS_EL_EMAIL, p.email, p.email);
    bs_doc_printf(&d, ">\nTo: ");
    clinic_email(&d, s, "frontdesk");
    bs_doc_printf(&d, "\n");
  } else {
    bs_doc_printf(&d, "From: ");
    clinic_email(&d, s, "billing");
    bs_doc_printf(&d, "\nTo: ");
    clinic_email(&d, s, "frontdesk");
    bs_doc_printf(&d, "\n");
  }
  char date_text[BS_TEXT_MAX];
  bs_doc_printf(&d, "Date: %s, ", BS_PICK(&r, days));
  /* The header's date is when the message was sent: a date, about no one. */
  bs_render_date(date_text, sent, BS_DATE_DMY_SPACE);
  bs_put_date(&d, NULL, BS_EL_DATE, sent, BS_DATE_DMY_SPACE);
  bs_doc_printf(&d,
                " %02d:%02d:00 -0400\nSubject: %s\nMIME-Version: 1.0\nContent-Type: text/plain; "
                "charset=utf-8\n\n",
                bs_random_range(&r, 7, 20), bs_random_range(&r, 0, 59),
                from_patient ? "appointment" : "Re: patient balance");
  if (from_patient) {
    bs_doc_printf(&d, "Hello,\n\nThis is ");
    bs_put_name(&d, &p, BS_NAME_NICKNAME, &r);
    bs_doc_printf(&d, ", date of birth ");
    bs_put_date(&d, p.id, BS_EL_DOB, p.dob, bs_render_date_style(&r, 1));
    bs_date appt = bs_synth_visit_date(&r);
    bs_doc_printf(&d, ". I need to move my appointment on ");
    bs_put_date(&d, p.id, BS_EL_SERVICE_DATE, appt, BS_DATE_MDY_BARE);
    bs_doc_printf(&d, ".\nYou can reach me at ");
    bs_put_phone(&d, p.id, p.cell_phone[0] ? p.cell_phone : p.home_phone, &r);
    bs_doc_printf(&d, ". My confirmation # is %03d-%02d-%04d.\n\nThanks,\n",
                  bs_random_range(&r, 100, 999), bs_random_range(&r, 10, 99),
                  bs_random_range(&r, 1000, 9999));
    char initial[BS_TEXT_MAX], value[BS_TEXT_MAX];
    bs_render_name(initial, &p, BS_NAME_INITIAL, &r, 0);
    bs_render_norm_words(value, initial);
    bs_doc_put(&d, p.id, BS_EL_NAME, value, initial);
    bs_doc_printf(&d, "\n");
  } else {
    bs_doc_printf(&d, "Hi,\n\nCan you pull the chart for ");
    bs_put_name(&d, &p, bs_render_name_style(&r), &r);
    bs_doc_printf(&d, " (MRN ");
    bs_put_id(&d, p.id, BS_EL_MRN, p.mrn);
    bs_doc_printf(&d, ", DOB ");
    bs_put_date(&d, p.id, BS_EL_DOB, p.dob, bs_render_date_style(&r, 1));
    bs_doc_printf(&d, ")? The balance is $%d.%02d", bs_random_range(&r, 20, 900),
                  bs_random_range(&r, 0, 99));
    if (p.ssn[0]) {
      bs_doc_printf(&d, " and the collection agency asks for the SSN: ");
      bs_put_ssn(&d, &p, &r, 0);
    }
    bs_doc_printf(&d, ".\nThe address on file is ");
    bs_put_street(&d, s, &p, p.moved ? &p.old : &p.home, &r, 1);
    bs_doc_printf(&d, ", ");
    const bs_address *a = p.moved ? &p.old : &p.home;
    bs_put_city(&d, &p, a, &r);
    bs_doc_printf(&d, ", ");
    bs_put_state(&d, &p, a);
    bs_doc_printf(&d, " ");
    bs_put_zip(&d, &p, a, &r);
    bs_doc_printf(&d, "%s\n\nBilling office\n%s\nPhone ",
                  p.moved ? " but mail came back; the patient may have moved" : "", s->clinic_name);
    bs_doc_put(&d, NULL, BS_EL_PHONE, s->clinic_phone_digits, s->clinic_phone);
    bs_doc_printf(&d, "\n");
  }
  bs_doc_close(&d, sent.month, 7);
}

bs_status bs_write_mail(bs_synth *s) {
  uint32_t count = s->practice.patients / 10 + 1;
  for (uint32_t i = 0; i < count && s->truth.status == BS_OK; i++) mail(s, i);
  return s->truth.status;
}
