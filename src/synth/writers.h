/* Private to synth/: the state the file writers share, the helpers that place a
 * person's values (rendered one way, recorded normalized), and the writers. */
#ifndef BS_SYNTH_WRITERS_H
#define BS_SYNTH_WRITERS_H
#include "synth/doc.h"
#include "synth/people.h"
#include "synth/render.h"

typedef struct bs_synth {
  const bs_synth_tables *tables; /* reference tables */
  bs_practice practice;          /* seed, counts, region */
  bs_truth truth;                /* mentions and exposure */
  char clinic_name[64];          /* the medical group */
  char clinic_street[64];        /* its address (the group's, not a person's) */
  char clinic_city[64];          /* "Springfield, IL 62704" */
  char clinic_phone[24];         /* its phone and fax, as printed */
  char clinic_fax[24];
  char clinic_town[48]; /* its city, state and ZIP apart, for the truth */
  char clinic_state[3];
  char clinic_zip[6];
  char clinic_phone_digits[11]; /* phone and fax as the scanner normalizes them */
  char clinic_fax_digits[11];
  char clinic_domain[48]; /* its e-mail domain */
} bs_synth;

/* Stream kinds of the writers (people.c uses 1-7, doc.c 99). */
enum {
  BS_STREAM_CLINIC = 20,
  BS_STREAM_REGISTRATION,
  BS_STREAM_OLD_EXPORT,
  BS_STREAM_PORTAL,
  BS_STREAM_ENCOUNTERS,
  BS_STREAM_CLAIMS,
  BS_STREAM_PAYMENTS,
  BS_STREAM_APPOINTMENTS,
  BS_STREAM_LAB,
  BS_STREAM_NOTE,
  BS_STREAM_REFERRAL,
  BS_STREAM_MAIL,
};

/* A patient drawn at random, and a provider. */
void bs_synth_patient(const bs_synth *s, bs_person *out, bs_random *r);
void bs_synth_provider(const bs_synth *s, bs_provider *out, bs_random *r, int primary_care);
/* A service date in 2024 before the intrusion (January to mid-July). */
bs_date bs_synth_visit_date(bs_random *r);

/* Placing values: each renders the value in one of its forms, writes it (text or next
 * cell) and records the mention. */
void bs_put_name(bs_doc *d, const bs_person *p, bs_name_style style, bs_random *r);
void bs_put_first(bs_doc *d, const bs_person *p, bs_random *r);
void bs_put_last(bs_doc *d, const bs_person *p, bs_random *r);
void bs_put_date(bs_doc *d, const char *person, bs_element type, bs_date date, bs_date_style style);
void bs_put_phone(bs_doc *d, const char *person, const char *digits, bs_random *r);
void bs_put_ssn(bs_doc *d, const bs_person *p, bs_random *r, int bare_ok);
void bs_put_street(bs_doc *d, const bs_synth *s, const bs_person *p, const bs_address *a,
                   bs_random *r, int with_unit);
void bs_put_city(bs_doc *d, const bs_person *p, const bs_address *a, bs_random *r);
void bs_put_state(bs_doc *d, const bs_person *p, const bs_address *a);
void bs_put_zip(bs_doc *d, const bs_person *p, const bs_address *a, bs_random *r);
void bs_put_code(bs_doc *d, const char *person, bs_element type, const char *code, bs_random *r);
void bs_put_id(bs_doc *d, const char *person, bs_element type, const char *id);
void bs_put_mbi(bs_doc *d, const bs_person *p, bs_random *r);
void bs_put_npi(bs_doc *d, const bs_provider *doctor);
/* A diagnosis of the person: a common one, or any code of the set. */
const char *bs_synth_diagnosis(const bs_synth *s, bs_random *r, char *buffer);

/* The writers, one per kind of file; each returns the truth's sticky status. */
bs_status bs_write_registration(bs_synth *s);
bs_status bs_write_old_export(bs_synth *s);
bs_status bs_write_portal(bs_synth *s);
bs_status bs_write_encounters(bs_synth *s);
bs_status bs_write_claims(bs_synth *s);
bs_status bs_write_payments(bs_synth *s);
bs_status bs_write_appointments(bs_synth *s);
bs_status bs_write_lab(bs_synth *s);
bs_status bs_write_notes(bs_synth *s);
bs_status bs_write_referrals(bs_synth *s);
bs_status bs_write_mail(bs_synth *s);

#endif
