/* Private to synth/: the state the file writers share, the helpers that place a
 * person's values (rendered one way, recorded normalized), and the writers. */
#ifndef BS_SYNTH_WRITERS_H
#define BS_SYNTH_WRITERS_H
#include "synth/doc.h"
#include "synth/ooxml_out.h"
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
  BS_STREAM_WORKBOOK,
  BS_STREAM_LETTER,
  BS_STREAM_STATEMENT,
  BS_STREAM_MAIL_ATTACHED,
  BS_STREAM_ARCHIVE,
  BS_STREAM_ADT,
  BS_STREAM_837,
  BS_STREAM_FHIR,
  BS_STREAM_CDA,
  BS_STREAM_ODS,
  BS_STREAM_ODT,
  BS_STREAM_SLIDES,
  BS_STREAM_MBOX,
  BS_STREAM_RTF,
  BS_STREAM_HTML,
  BS_STREAM_SQL,
  BS_STREAM_XLS,
  BS_STREAM_DOC,
  BS_STREAM_MDB,
  BS_STREAM_PST,
};

/* A patient drawn at random, and a provider. */
void bs_synth_patient(const bs_synth *s, bs_person *out, bs_random *r);
void bs_synth_provider(const bs_synth *s, bs_provider *out, bs_random *r, int primary_care);
/* A service date in 2024 before the intrusion (January to mid-July). */
bs_date bs_synth_visit_date(bs_random *r);

/* A person's value rendered in one of its forms (text) with the normalized form the
 * truth records (value): for writers that write the text themselves (SQL, markup). */
typedef struct bs_value {
  bs_element type;         /* what it is */
  char text[BS_TEXT_MAX];  /* as written */
  char value[BS_TEXT_MAX]; /* as `findings` prints it */
} bs_value;
void bs_value_name(bs_value *out, const bs_person *p, bs_name_style style, bs_random *r);
/* A first or last name (type) as written in a column. */
void bs_value_word(bs_value *out, bs_element type, const char *word, bs_random *r);
void bs_value_date(bs_value *out, bs_element type, bs_date date, bs_date_style style);
void bs_value_phone(bs_value *out, const char *digits, bs_random *r);
void bs_value_ssn(bs_value *out, const bs_person *p, bs_random *r, int bare_ok);
void bs_value_street(bs_value *out, const bs_synth *s, const bs_address *a, bs_random *r,
                     int with_unit);
void bs_value_city(bs_value *out, const bs_address *a, bs_random *r);
void bs_value_zip(bs_value *out, const bs_address *a, bs_random *r);
void bs_value_code(bs_value *out, bs_element type, const char *code, bs_random *r);
void bs_value_id(bs_value *out, bs_element type, const char *id);
void bs_value_mbi(bs_value *out, const bs_person *p, bs_random *r);

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
/* The group's own address block and numbers (with the fax line, or not): in the file, so
 * in the truth (a scanner is right to report a phone number), but nobody's personal
 * data: mentions of no person. */
void bs_put_letterhead(bs_doc *d, const bs_synth *s, int with_fax);
/* The person's name and home address as a letter or statement is addressed: three
 * lines. */
void bs_put_address_block(bs_doc *d, const bs_synth *s, const bs_person *p, bs_random *r);
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
/* Office documents, PDF, e-mail with attachments and a zip of some of them
 * (files_office.c, files_attached.c). */
bs_status bs_write_workbook(bs_synth *s);
bs_status bs_write_letters(bs_synth *s);
bs_status bs_write_statements(bs_synth *s);
bs_status bs_write_attached_mail(bs_synth *s);
bs_status bs_write_archive(bs_synth *s);
/* Health data formats (files_hl7.c, files_x12.c, files_fhir.c, files_cda.c). */
bs_status bs_write_adt(bs_synth *s);
bs_status bs_write_837(bs_synth *s);
bs_status bs_write_fhir(bs_synth *s);
bs_status bs_write_ccda(bs_synth *s);
/* Formats written later, each in a module of its own: OpenDocument (files_opendoc.c),
 * a presentation (files_slides.c), a mailbox (files_mbox.c), RTF letters
 * (files_rtf.c), HTML pages (files_html.c), database dumps (files_sql.c). */
bs_status bs_write_opendoc(bs_synth *s);
bs_status bs_write_slides(bs_synth *s);
bs_status bs_write_mailbox(bs_synth *s);
bs_status bs_write_rtf_letters(bs_synth *s);
bs_status bs_write_html_pages(bs_synth *s);
bs_status bs_write_sql_dumps(bs_synth *s);
/* The legacy Office binaries (files_legacy.c): an Excel 97-2003 workbook and Word
 * 97-2003 letters. */
bs_status bs_write_xls_workbook(bs_synth *s);
bs_status bs_write_doc_letters(bs_synth *s);
/* The front desk's old Access database (files_access.c): Patients and Visits tables. */
bs_status bs_write_access_db(bs_synth *s);
/* The billing office's Outlook archive (files_pst.c, written by pst_out.h). */
bs_status bs_write_pst_mailbox(bs_synth *s);

/* Pieces the container writers put inside e-mails and archives: a workbook of about
 * `percent` of the patients, a letter, a statement of `pages` patients (a PDF), and a
 * small CSV list; each written into `out`, its mentions naming `path`. */
bs_status bs_synth_workbook(bs_synth *s, const char *path, FILE *out, uint64_t stream,
                            unsigned percent);
bs_status bs_synth_letter(bs_synth *s, const char *path, FILE *out, uint64_t stream);
bs_status bs_synth_statement(bs_synth *s, const char *path, FILE *out, uint64_t stream, int pages);
bs_status bs_synth_list_csv(bs_synth *s, const char *path, FILE *out, uint64_t stream, int rows);
/* The sheet a list of rows goes to: an XLSX one, or else an XLS one. */
struct bs_xls;
typedef struct bs_sheet_writer {
  bs_xlsx *xlsx;      /* Office Open XML (ooxml_out.h), or NULL */
  struct bs_xls *xls; /* Excel 97-2003 (biff_out.h), when xlsx is NULL */
} bs_sheet_writer;
/* The front desk's patient list (files_office.c): its header row, and a row for about
 * `percent` of the patients drawn from r. */
#define BS_SYNTH_LIST_COLUMNS 14
extern const char *const bs_synth_list_headers[BS_SYNTH_LIST_COLUMNS];
void bs_synth_patient_rows(bs_synth *s, const bs_sheet_writer *w, bs_random *r, unsigned percent);
/* Letters written as lines through a doc, in RTF (rtf_out.h) or Word 97 (word97_out.h):
 * patients / 200 + 2 of them, files/STEM-00001.rtf or .doc on, each from its own random
 * stream of stream_kind, dated between the months. */
typedef enum bs_letter_format { BS_LETTER_RTF, BS_LETTER_WORD97 } bs_letter_format;
typedef void (*bs_letter_fn)(bs_synth *s, bs_doc *d, bs_random *r);
bs_status bs_synth_letters(bs_synth *s, bs_letter_format format, const char *stem,
                           uint64_t stream_kind, int from_month, int to_month, bs_letter_fn letter);
/* Whole contents of a temporary file, NUL-terminated (bs_free it); NULL on failure. */
char *bs_synth_slurp(FILE *file, size_t *len);
/* A top-level file of the share for a container writer: opened at root/path. */
bs_status bs_synth_open_binary(bs_synth *s, bs_doc *out, const char *path);

#endif
