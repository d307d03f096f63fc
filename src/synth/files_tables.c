/* Table exports of the practice system: registration (CSV) and an old TSV export,
 * claims, card payments, appointment lists, lab results. One date format per file (an
 * export prints one); phones vary by row (typed by hand at the front desk). */
#include <stdio.h>
#include <string.h>

#include "synth/lexicon.h"
#include "synth/writers.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void amount(char *out, bs_random *r, int low, int high) {
  snprintf(out, 32, "%d.%02d", bs_random_range(r, low, high), bs_random_range(r, 0, 99));
}

bs_status bs_write_registration(bs_synth *s) {
  static const char *const headers[] = {
      "MRN",        "Last Name",   "First Name", "MI",
      "Suffix",     "DOB",         "Sex",        "SSN",
      "Address",    "City",        "State",      "ZIP",
      "Home Phone", "Cell Phone",  "Email",      "Primary Insurance",
      "Member ID",  "Medicare MBI"};
  bs_doc d;
  if (bs_doc_open(&d, &s->truth, "files/registration/patients-2024.csv", BS_DOC_CSV, headers,
                  COUNT(headers)) != BS_OK)
    return s->truth.status;
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_REGISTRATION, 0);
  bs_date_style style = bs_render_date_style(&r, 0);
  for (uint32_t i = 0; i < s->practice.patients; i++) {
    bs_person p;
    bs_people_make(&p, s->tables, &s->practice, i);
    bs_put_id(&d, p.id, BS_EL_MRN, p.mrn);
    bs_put_last(&d, &p, &r);
    bs_put_first(&d, &p, &r);
    char mi[2] = {p.middle[0], '\0'};
    bs_doc_cell(&d, mi);
    bs_doc_cell(&d, p.suffix);
    bs_put_date(&d, p.id, BS_EL_DOB, p.dob, style);
    bs_doc_cell(&d, p.sex == 'M' ? "M" : "F");
    if (p.ssn[0])
      bs_put_ssn(&d, &p, &r, 1);
    else
      bs_doc_cell(&d, "");
    bs_put_street(&d, s, &p, &p.home, &r, 1);
    bs_put_city(&d, &p, &p.home, &r);
    bs_put_state(&d, &p, &p.home);
    bs_put_zip(&d, &p, &p.home, &r);
    bs_put_phone(&d, p.id, p.home_phone, &r);
    if (p.cell_phone[0])
      bs_put_phone(&d, p.id, p.cell_phone, &r);
    else
      bs_doc_cell(&d, "");
    if (p.email[0])
      bs_doc_put(&d, p.id, BS_EL_EMAIL, p.email, p.email);
    else
      bs_doc_cell(&d, "");
    bs_doc_cell(&d, bs_lexicon_payers[p.payer].name);
    bs_put_id(&d, p.id, BS_EL_MEMBER_ID, p.member_id);
    if (p.mbi[0])
      bs_put_mbi(&d, &p, &r);
    else
      bs_doc_cell(&d, "");
    bs_doc_end_row(&d);
  }
  bs_doc_close(&d, 7, 7);
  return s->truth.status;
}

/* A 2019 export kept on the share: a third of the patients, with the address they had
 * then (the old one for those who moved since), "Last, First M" names. */
bs_status bs_write_old_export(bs_synth *s) {
  static const char *const headers[] = {"patient_id", "patient_name", "birth_date", "ssn", "street",
                                        "apt",        "city",         "st",         "zip", "phone"};
  bs_doc d;
  if (bs_doc_open(&d, &s->truth, "files/registration/old/patients-2019.tsv", BS_DOC_TSV, headers,
                  COUNT(headers)) != BS_OK)
    return s->truth.status;
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_OLD_EXPORT, 0);
  bs_date_style style = bs_random_chance(&r, 50) ? BS_DATE_MDY_SHORT : BS_DATE_MDY_BARE;
  for (uint32_t i = 0; i < s->practice.patients; i++) {
    if (!bs_random_chance(&r, 33)) continue;
    bs_person p;
    bs_people_make(&p, s->tables, &s->practice, i);
    const bs_address *a = p.moved ? &p.old : &p.home;
    bs_put_id(&d, p.id, BS_EL_MRN, p.mrn);
    bs_put_name(&d, &p,
                bs_random_chance(&r, 50) ? BS_NAME_LAST_FIRST_MIDDLE : BS_NAME_UPPER_LAST_FIRST,
                &r);
    bs_put_date(&d, p.id, BS_EL_DOB, p.dob, style);
    if (p.ssn[0])
      bs_put_ssn(&d, &p, &r, 1);
    else
      bs_doc_cell(&d, "");
    bs_put_street(&d, s, &p, a, &r, 0);
    bs_doc_cell(&d, a->unit_kind[0] ? a->unit : "");
    bs_put_city(&d, &p, a, &r);
    bs_put_state(&d, &p, a);
    bs_put_zip(&d, &p, a, &r);
    bs_put_phone(&d, p.id, p.home_phone, &r);
    bs_doc_end_row(&d);
  }
  bs_doc_close(&d, 1, 3);
  return s->truth.status;
}

/* Claims by month: one line per billed service. */
bs_status bs_write_claims(bs_synth *s) {
  static const char *const headers[] = {"Claim No",
                                        "Patient Name",
                                        "DOB",
                                        "Member ID",
                                        "Payer",
                                        "Date of Service",
                                        "Rendering Provider",
                                        "Rendering NPI",
                                        "Dx 1",
                                        "Dx 2",
                                        "CPT",
                                        "HCPCS",
                                        "Units",
                                        "Charge",
                                        "Paid"};
  uint32_t per_month = s->practice.patients / 3 + 1;
  for (int month = 1; month <= 7; month++) {
    char path[96];
    snprintf(path, sizeof path, "files/billing/claims-2024-%02d.%s", month,
             month == 7 ? "tsv" : "csv");
    bs_doc d;
    if (bs_doc_open(&d, &s->truth, path, month == 7 ? BS_DOC_TSV : BS_DOC_CSV, headers,
                    COUNT(headers)) != BS_OK)
      return s->truth.status;
    bs_random r;
    bs_random_init(&r, s->practice.seed, BS_STREAM_CLAIMS, (uint64_t)month);
    bs_date_style style = bs_render_date_style(&r, 0);
    for (uint32_t i = 0; i < per_month; i++) {
      bs_person p;
      bs_provider doctor;
      bs_synth_patient(s, &p, &r);
      bs_synth_provider(s, &doctor, &r, 1);
      char claim[32], dx1[16], dx2[16], charge[32], paid[32], name[BS_TEXT_MAX];
      snprintf(claim, sizeof claim, "24%02d%07u", month, i + 1);
      bs_doc_cell(&d, claim);
      bs_put_name(&d, &p, BS_NAME_UPPER_LAST_FIRST, &r);
      bs_put_date(&d, p.id, BS_EL_DOB, p.dob, style);
      bs_put_id(&d, p.id, BS_EL_MEMBER_ID, p.member_id);
      bs_doc_cell(&d, p.mbi[0] ? "Medicare" : bs_lexicon_payers[p.payer].name);
      /* A service in the claim's month (July: before the intrusion, the 15th). */
      static const int month_days[] = {31, 29, 31, 30, 31, 30, 15};
      bs_date visit = {BS_SYNTH_YEAR, month, bs_random_range(&r, 1, month_days[month - 1])};
      bs_put_date(&d, p.id, BS_EL_SERVICE_DATE, visit, style);
      snprintf(name, sizeof name, "%s, %s %s", doctor.last, doctor.first, doctor.credential);
      bs_doc_cell(&d, name);
      bs_put_npi(&d, &doctor);
      bs_put_code(&d, p.id, BS_EL_ICD10CM, bs_synth_diagnosis(s, &r, dx1), &r);
      if (bs_random_chance(&r, 50))
        bs_put_code(&d, p.id, BS_EL_ICD10CM, bs_synth_diagnosis(s, &r, dx2), &r);
      else
        bs_doc_cell(&d, "");
      const bs_coded *cpt =
          &bs_lexicon_cpt_codes[bs_random_below(&r, (uint32_t)bs_lexicon_cpt_codes_count)];
      bs_put_code(&d, p.id, BS_EL_CPT, cpt->code, &r);
      if (bs_random_chance(&r, 20)) {
        const bs_coded *h =
            &bs_lexicon_hcpcs_codes[bs_random_below(&r, (uint32_t)bs_lexicon_hcpcs_codes_count)];
        bs_put_code(&d, p.id, BS_EL_HCPCS, h->code, &r);
      } else {
        bs_doc_cell(&d, "");
      }
      bs_doc_cell(&d, "1");
      amount(charge, &r, 25, 480); /* invoice amounts: lookalikes, never reported */
      amount(paid, &r, 0, 300);
      bs_doc_cell(&d, charge);
      bs_doc_cell(&d, paid);
      bs_doc_end_row(&d);
    }
    bs_doc_close(&d, month, month < 7 ? month + 1 : 7);
  }
  return s->truth.status;
}

/* Cards on file charged at the front desk. */
bs_status bs_write_payments(bs_synth *s) {
  static const char *const headers[] = {"Payment Date", "Patient", "Reference", "Card Type",
                                        "Card Number",  "Exp",     "Amount"};
  bs_doc d;
  if (bs_doc_open(&d, &s->truth, "files/billing/payments.csv", BS_DOC_CSV, headers,
                  COUNT(headers)) != BS_OK)
    return s->truth.status;
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_PAYMENTS, 0);
  uint32_t rows = s->practice.patients / 4 + 1;
  for (uint32_t i = 0; i < rows; i++) {
    bs_person p;
    bs_synth_patient(s, &p, &r);
    if (!p.card[0]) continue;
    char text[BS_TEXT_MAX], exp[16], money[32];
    /* The posting date is a date about the patient, neither birth nor service. */
    bs_put_date(&d, p.id, BS_EL_DATE, bs_synth_visit_date(&r), BS_DATE_MDY);
    bs_put_name(&d, &p, BS_NAME_FIRST_LAST, &r);
    /* Reference numbers printed 3-2-4 like an SSN: a lookalike. */
    snprintf(text, sizeof text, "%03d-%02d-%04d", bs_random_range(&r, 100, 999),
             bs_random_range(&r, 10, 99), bs_random_range(&r, 1000, 9999));
    bs_doc_cell(&d, text);
    bs_doc_cell(&d, p.card_brand);
    bs_render_card(text, p.card, &r);
    bs_doc_put(&d, p.id, BS_EL_CARD, p.card, text);
    snprintf(exp, sizeof exp, "%02d/%02d", bs_random_range(&r, 1, 12), bs_random_range(&r, 25, 30));
    bs_doc_cell(&d, exp);
    amount(money, &r, 10, 350);
    bs_doc_cell(&d, money);
    bs_doc_end_row(&d);
  }
  bs_doc_close(&d, 7, 7);
  return s->truth.status;
}

bs_status bs_write_appointments(bs_synth *s) {
  static const char *const headers[] = {"appt_date", "appt_time", "patient_name", "dob",
                                        "phone",     "provider",  "reason"};
  uint32_t rows = s->practice.patients / 8 + 1;
  for (int week = 27; week <= 30; week++) {
    char path[96];
    snprintf(path, sizeof path, "files/appointments/week-%02d.tsv", week);
    bs_doc d;
    if (bs_doc_open(&d, &s->truth, path, BS_DOC_TSV, headers, COUNT(headers)) != BS_OK)
      return s->truth.status;
    bs_random r;
    bs_random_init(&r, s->practice.seed, BS_STREAM_APPOINTMENTS, (uint64_t)week);
    bs_date_style style = bs_render_date_style(&r, 1);
    /* Week 27 of 2024 starts on Monday 1 July. */
    int monday = 1 + (week - 27) * 7;
    for (uint32_t i = 0; i < rows; i++) {
      bs_person p;
      bs_provider doctor;
      bs_synth_patient(s, &p, &r);
      bs_synth_provider(s, &doctor, &r, 1);
      int day = monday + bs_random_range(&r, 0, 4);
      bs_date when = {BS_SYNTH_YEAR, day > 31 ? 8 : 7, day > 31 ? day - 31 : day};
      char time_text[16], who[BS_TEXT_MAX];
      bs_put_date(&d, p.id, BS_EL_SERVICE_DATE, when, style);
      snprintf(time_text, sizeof time_text, "%02d:%02d", bs_random_range(&r, 8, 16),
               15 * bs_random_range(&r, 0, 3));
      bs_doc_cell(&d, time_text);
      bs_put_name(&d, &p, bs_random_chance(&r, 60) ? BS_NAME_LAST_FIRST : BS_NAME_FIRST_LAST, &r);
      bs_put_date(&d, p.id, BS_EL_DOB, p.dob, style);
      bs_put_phone(&d, p.id, p.cell_phone[0] ? p.cell_phone : p.home_phone, &r);
      snprintf(who, sizeof who, "Dr. %s", doctor.last);
      bs_doc_cell(&d, who);
      bs_doc_cell(&d, bs_random_pick(&r, bs_lexicon_complaints, bs_lexicon_complaints_count));
      bs_doc_end_row(&d);
    }
    bs_doc_close(&d, 6, 7);
  }
  return s->truth.status;
}

bs_status bs_write_lab(bs_synth *s) {
  static const char *const headers[] = {"Accession",       "MRN",
                                        "Patient",         "DOB",
                                        "Collected",       "Test",
                                        "Result",          "Units",
                                        "Reference Range", "Ordering Provider",
                                        "Ordering NPI"};
  uint32_t rows = s->practice.patients / 5 + 1;
  for (int month = 1; month <= 7; month++) {
    char path[96];
    snprintf(path, sizeof path, "files/lab/results-2024-%02d.csv", month);
    bs_doc d;
    if (bs_doc_open(&d, &s->truth, path, BS_DOC_CSV, headers, COUNT(headers)) != BS_OK)
      return s->truth.status;
    bs_random r;
    bs_random_init(&r, s->practice.seed, BS_STREAM_LAB, (uint64_t)month);
    bs_date_style style = bs_render_date_style(&r, 0);
    for (uint32_t i = 0; i < rows; i++) {
      bs_person p;
      bs_provider doctor;
      bs_synth_patient(s, &p, &r);
      bs_synth_provider(s, &doctor, &r, 1);
      bs_date collected = bs_synth_visit_date(&r);
      collected.month = month;
      if (collected.day > 28) collected.day = 28;
      char accession[32], name[BS_TEXT_MAX];
      snprintf(accession, sizeof accession, "L%02d%06u", month, bs_random_below(&r, 1000000));
      int tests = bs_random_range(&r, 1, 3);
      for (int t = 0; t < tests; t++) {
        const bs_lab_test *test =
            &bs_lexicon_lab_tests[bs_random_below(&r, (uint32_t)bs_lexicon_lab_tests_count)];
        char value[32];
        double v =
            test->low + (test->high - test->low) * (double)bs_random_below(&r, 10001) / 10000.0;
        snprintf(value, sizeof value, "%.*f", test->decimals, v);
        bs_doc_cell(&d, accession);
        bs_put_id(&d, p.id, BS_EL_MRN, p.mrn);
        bs_put_name(&d, &p, BS_NAME_LAST_FIRST, &r);
        bs_put_date(&d, p.id, BS_EL_DOB, p.dob, style);
        bs_put_date(&d, p.id, BS_EL_SERVICE_DATE, collected, style);
        bs_doc_cell(&d, test->name);
        bs_doc_cell(&d, value); /* lab values: lookalikes */
        bs_doc_cell(&d, test->units);
        bs_doc_cell(&d, test->range);
        snprintf(name, sizeof name, "%s %s, %s", doctor.first, doctor.last, doctor.credential);
        bs_doc_cell(&d, name);
        bs_put_npi(&d, &doctor);
        bs_doc_end_row(&d);
      }
    }
    bs_doc_close(&d, month, month < 7 ? month + 1 : 7);
  }
  return s->truth.status;
}
