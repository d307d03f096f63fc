/* The billing office's Outlook archive (PST, pst_out.h), exported before a move to a
 * new mail system: Inbox with a Claims folder, and Sent Items. Claim questions and
 * call-back requests name one patient in their plain-text bodies; recall lists come
 * with the list attached (CSV); worklists name patients at length (a body too long for
 * the heap, kept in a subnode); statements go to patients, by e-mail or through the
 * front desk; one report carries a workbook of the front desk's patient list. Bodies
 * have Outlook's CRLF line ends.
 *
 * The PST reader names a message "Folder/Sub/Subject (YYYY-MM-DD).eml" inside the
 * store, renders it as an e-mail (From from the sender, To from the display names,
 * Date from the submit time) and reads that: a mention of a body names the message
 * with place "body", of an attachment the message and the attachment's file name
 * ("billing-archive.pst!Inbox/Recall list (ref 1002) (2024-03-04).eml!recall-list.csv"),
 * and the header fields are noted as the e-mail reader gives them. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "extract/mail.h"
#include "synth/lexicon.h"
#include "synth/pst_out.h"
#include "synth/writers.h"

#define STORE_PATH    "files/billing/outlook/billing-archive.pst"
#define MAX_MESSAGES  500u   /* the store stays a few megabytes */
#define WORKBOOK_MAX  50000u /* patients up to which the report's 1% workbook is attached */
#define WORKLIST_ROWS 25

static void fail(bs_synth *s, const char *path, bs_status status) {
  if (status == BS_OK || s->truth.status != BS_OK) return;
  s->truth.status = status;
  snprintf(s->truth.failed_path, sizeof s->truth.failed_path, "%s", path);
}

typedef enum message_kind {
  KIND_CLAIM,     /* Inbox/Claims: a denied claim, codes and dates of one patient */
  KIND_CALL_BACK, /* Inbox: call a patient back about a balance */
  KIND_RECALL,    /* Inbox: the recall list attached (CSV) */
  KIND_STATEMENT, /* Sent Items: a statement to a patient */
  KIND_WORKLIST,  /* Inbox: the day's worklist, many patients */
  KIND_REPORT     /* Sent Items: the front desk's list as a workbook */
} message_kind;

enum { FOLDER_INBOX, FOLDER_CLAIMS, FOLDER_SENT, FOLDERS };

/* The folders as the reader names them in a message's path, and their parents. */
static const struct {
  const char *name;   /* display name */
  const char *prefix; /* the path of a message in it */
  int parent;         /* index, or -1: the top */
} folders[FOLDERS] = {
    {"Inbox", "Inbox/", -1},
    {"Claims", "Inbox/Claims/", FOLDER_INBOX},
    {"Sent Items", "Sent Items/", -1},
};

static message_kind kind_of(const bs_synth *s, uint32_t index) {
  static const message_kind cycle[] = {KIND_CLAIM, KIND_CALL_BACK, KIND_RECALL, KIND_STATEMENT};
  if (index == 1 && s->practice.patients <= WORKBOOK_MAX) return KIND_REPORT;
  if (index % 8 == 4) return KIND_WORKLIST;
  return cycle[index % 4];
}

/* A message being put together. */
typedef struct mail {
  message_kind kind;
  int folder;              /* index in folders */
  char subject[96];        /* with its reference number: no two alike */
  const char *sender_name; /* staff */
  char sender[96];         /* their address */
  char to_name[96];        /* a display name: an address, or a patient's name */
  char to[96];             /* the address */
  bs_date sent;            /* day sent */
  int hour, minute;        /* time sent, UTC */
  char path[200];          /* the message as the truth names it */
} mail;

/* Text with each "\n" made "\r\n", as Outlook keeps a body. */
static char *crlf(const char *text) {
  size_t lines = 0, len = strlen(text);
  for (const char *c = text; *c; c++) lines += *c == '\n';
  char *out = bs_malloc(len + lines + 1);
  if (!out) return NULL;
  char *o = out;
  for (const char *c = text; *c; c++) {
    if (*c == '\n') *o++ = '\r';
    *o++ = *c;
  }
  *o = '\0';
  return out;
}

static void money(char *out, size_t cap, bs_random *r) {
  snprintf(out, cap, "$%d.%02d", bs_random_range(r, 15, 2400), bs_random_range(r, 0, 99));
}

/* ---- Bodies ------------------------------------------------------------------------- */

static void claim_body(bs_synth *s, bs_doc *d, bs_random *r, const bs_person *p) {
  char dx[16];
  const bs_coded *cpt =
      &bs_lexicon_cpt_codes[bs_random_below(r, (uint32_t)bs_lexicon_cpt_codes_count)];
  bs_doc_printf(d,
                "Hello billing,\n\n%s denied the claim below (reason CO-11: the diagnosis "
                "does not support the procedure).\n\nPatient: ",
                bs_lexicon_payers[p->payer].name);
  bs_put_name(d, p, BS_NAME_LAST_FIRST, r);
  bs_doc_printf(d, "\nMember ID: ");
  bs_put_id(d, p->id, BS_EL_MEMBER_ID, p->member_id);
  bs_doc_printf(d, "\nDOB: ");
  bs_put_date(d, p->id, BS_EL_DOB, p->dob, BS_DATE_MDY);
  bs_doc_printf(d, "\nDate of service: ");
  bs_put_date(d, p->id, BS_EL_SERVICE_DATE, bs_synth_visit_date(r), bs_render_date_style(r, 0));
  bs_doc_printf(d, "\nDiagnosis: ");
  bs_put_code(d, p->id, BS_EL_ICD10CM, bs_synth_diagnosis(s, r, dx), r);
  bs_doc_printf(d, "\nCPT: ");
  bs_put_code(d, p->id, BS_EL_CPT, cpt->code, r);
  bs_doc_printf(d, "\n\nPlease correct the coding and resubmit within 30 days.\n\nClaims desk\n");
}

static void call_back_body(bs_doc *d, bs_random *r, const bs_person *p) {
  char balance[24];
  money(balance, sizeof balance, r);
  bs_doc_printf(d,
                "Hi,\n\nPlease call this patient back about the balance of %s on the "
                "account.\n\nPatient: ",
                balance);
  bs_put_name(d, p, BS_NAME_FIRST_LAST, r);
  bs_doc_printf(d, " (MRN ");
  bs_put_id(d, p->id, BS_EL_MRN, p->mrn);
  bs_doc_printf(d, ")\nPhone: ");
  bs_put_phone(d, p->id, p->cell_phone[0] ? p->cell_phone : p->home_phone, r);
  bs_doc_printf(d, "\nDate of birth: ");
  bs_put_date(d, p->id, BS_EL_DOB, p->dob, bs_render_date_style(r, 1));
  if (p->ssn[0]) {
    bs_doc_printf(d, "\nSSN on file: ");
    bs_put_ssn(d, p, r, 0);
  }
  bs_doc_printf(d, "\n\nThanks,\nFront desk\n");
}

static void recall_body(bs_doc *d, bs_random *r, const bs_person *p) {
  bs_doc_printf(d, "Hi,\n\nThe recall list for next week is attached. Please check the "
                   "balances first; the first patient on it has a payment plan.\n\nPatient: ");
  bs_put_name(d, p, BS_NAME_FIRST_LAST, r);
  bs_doc_printf(d, ", MRN ");
  bs_put_id(d, p->id, BS_EL_MRN, p->mrn);
  bs_doc_printf(d, "\n\nThanks,\nFront desk\n");
}

static void statement_body(bs_synth *s, bs_doc *d, bs_random *r, const bs_person *p, int by_mail) {
  char balance[24];
  money(balance, sizeof balance, r);
  if (by_mail) {
    bs_doc_printf(d, "Dear %s ", p->sex == 'M' ? "Mr." : "Ms.");
    bs_put_last(d, p, r);
    bs_doc_printf(d, ",\n\n");
  } else {
    bs_doc_printf(d, "Hi,\n\nThe patient below has no e-mail on file: please print the "
                     "statement and mail it to\n\n");
    bs_put_address_block(d, s, p, r);
    bs_doc_printf(d, "\n");
  }
  bs_doc_printf(d, "The statement for the visit of ");
  bs_put_date(d, p->id, BS_EL_SERVICE_DATE, bs_synth_visit_date(r), BS_DATE_LONG);
  bs_doc_printf(d, " shows a balance of %s (MRN ", balance);
  bs_put_id(d, p->id, BS_EL_MRN, p->mrn);
  /* the group's number: in the file, nobody's */
  bs_doc_printf(d, "). You can pay online or call us at ");
  bs_doc_put(d, NULL, BS_EL_PHONE, s->clinic_phone_digits, s->clinic_phone);
  bs_doc_printf(d, ".\n\nBilling Office\n%s\n", s->clinic_name);
}

static void worklist_body(bs_synth *s, bs_doc *d, bs_random *r, const bs_date *sent) {
  char date[BS_TEXT_MAX];
  bs_render_date(date, *sent, BS_DATE_LONG);
  bs_doc_printf(d, "Team,\n\nToday's worklist (%s): accounts over 90 days.\n\n", date);
  for (int i = 0; i < WORKLIST_ROWS; i++) {
    bs_person p;
    bs_synth_patient(s, &p, r);
    char balance[24];
    money(balance, sizeof balance, r);
    bs_doc_printf(d, "%2d. Patient: ", i + 1);
    bs_put_name(d, &p, BS_NAME_LAST_FIRST, r);
    bs_doc_printf(d, "  DOB ");
    bs_put_date(d, p.id, BS_EL_DOB, p.dob, BS_DATE_MDY);
    bs_doc_printf(d, "  MRN ");
    bs_put_id(d, p.id, BS_EL_MRN, p.mrn);
    bs_doc_printf(d, "  Member ID ");
    bs_put_id(d, p.id, BS_EL_MEMBER_ID, p.member_id);
    bs_doc_printf(d, "  Balance %s\n", balance);
  }
  bs_doc_printf(d, "\nPlease note each call in the account.\n\nPractice manager\n");
}

static void report_body(bs_doc *d) {
  bs_doc_printf(d, "Hi,\n\nAttached is the patient list the front desk exported for the "
                   "accounts receivable review.\n\nBilling Office\n");
}

/* The body's text, written through a doc into a temporary file; lines counted within
 * it as the e-mail reader counts them. NULL on failure. */
static char *body_text(bs_synth *s, const mail *m, bs_random *r, const bs_person *p) {
  FILE *file = tmpfile();
  if (!file) return NULL;
  bs_doc d;
  bs_doc_open_stream(&d, &s->truth, m->path, file, BS_DOC_TEXT);
  bs_doc_set_place(&d, "body");
  switch (m->kind) {
  case KIND_CLAIM: claim_body(s, &d, r, p); break;
  case KIND_CALL_BACK: call_back_body(&d, r, p); break;
  case KIND_RECALL: recall_body(&d, r, p); break;
  case KIND_STATEMENT: statement_body(s, &d, r, p, p->email[0] != '\0'); break;
  case KIND_WORKLIST: worklist_body(s, &d, r, &m->sent); break;
  case KIND_REPORT: report_body(&d); break;
  }
  size_t len = 0;
  char *text = ferror(file) ? NULL : bs_synth_slurp(file, &len);
  fclose(file);
  char *out = text ? crlf(text) : NULL;
  bs_free(text);
  return out;
}

/* The attachment of a recall list or a report, written into a temporary file; its
 * mentions name the message and its file name. */
static bs_status attachment(bs_synth *s, const mail *m, uint32_t index, bs_pst_attachment *out,
                            char **data) {
  *data = NULL;
  if (m->kind != KIND_RECALL && m->kind != KIND_REPORT) return BS_OK;
  const char *name = m->kind == KIND_RECALL ? "recall-list.csv" : "patient-list-ar.xlsx";
  char path[300];
  snprintf(path, sizeof path, "%s!%s", m->path, name);
  FILE *file = tmpfile();
  if (!file) return BS_EIO;
  bs_status status = m->kind == KIND_RECALL ? bs_synth_list_csv(s, path, file, 5000000 + index, 6)
                                            : bs_synth_workbook(s, path, file, 5000000 + index, 1);
  size_t len = 0;
  if (status == BS_OK && !(*data = bs_synth_slurp(file, &len))) status = BS_EIO;
  fclose(file);
  *out = (bs_pst_attachment){
      .name = name,
      .mime = m->kind == KIND_RECALL
                  ? "text/csv"
                  : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      .data = *data,
      .len = len};
  return status;
}

/* Who writes to whom: staff of the group, or the billing office to a patient. */
static void address(bs_synth *s, mail *m, const bs_person *p, uint32_t index) {
  static const struct {
    const char *subject, *sender_name, *sender, *to;
    int folder;
  } kinds[] = {
      [KIND_CLAIM] = {"Claim denied, please resubmit", "Claims Desk", "claims", "billing",
                      FOLDER_CLAIMS},
      [KIND_CALL_BACK] = {"Call back request", "Front Desk", "frontdesk", "billing", FOLDER_INBOX},
      [KIND_RECALL] = {"Recall list for next week", "Front Desk", "frontdesk", "billing",
                       FOLDER_INBOX},
      [KIND_STATEMENT] = {"Your statement", "Billing Office", "billing", "frontdesk", FOLDER_SENT},
      [KIND_WORKLIST] = {"Worklist", "Practice Manager", "manager", "billing", FOLDER_INBOX},
      [KIND_REPORT] = {"A/R review: patient list", "Billing Office", "billing", "manager",
                       FOLDER_SENT},
  };
  m->folder = kinds[m->kind].folder;
  m->sender_name = kinds[m->kind].sender_name;
  snprintf(m->subject, sizeof m->subject, "%s (ref %u)", kinds[m->kind].subject, 1001 + index);
  snprintf(m->sender, sizeof m->sender, "%s@%s", kinds[m->kind].sender, s->clinic_domain);
  if (m->kind == KIND_STATEMENT && p->email[0]) { /* to the patient, by name */
    snprintf(m->to_name, sizeof m->to_name, "%s %s", p->first, p->last);
    snprintf(m->to, sizeof m->to, "%s", p->email);
  } else { /* an address Outlook did not resolve shows as itself */
    snprintf(m->to, sizeof m->to, "%s@%s", kinds[m->kind].to, s->clinic_domain);
    snprintf(m->to_name, sizeof m->to_name, "%s", m->to);
  }
}

/* The header fields the reader renders: From (the sender's name and address), To (the
 * display name, an address or the patient's name, with the sole recipient's address
 * from the recipient table), Date. */
static void note_header(bs_synth *s, bs_doc *store, const mail *m, const bs_person *p) {
  bs_doc h;
  bs_doc_open_stream(&h, &s->truth, m->path, store->file, BS_DOC_FIELDS);
  bs_doc_note_cell(&h, "header", 0, 0, "From", NULL, BS_EL_EMAIL, m->sender, m->sender);
  if (strchr(m->to_name, '@')) {
    bs_doc_note_cell(&h, "header", 0, 0, "To", NULL, BS_EL_EMAIL, m->to, m->to);
  } else {
    char value[BS_TEXT_MAX];
    bs_render_norm_words(value, m->to_name);
    bs_doc_note_cell(&h, "header", 0, 0, "To", p->id, BS_EL_NAME, value, m->to_name);
    bs_doc_note_cell(&h, "header", 0, 0, "To", p->id, BS_EL_EMAIL, m->to, m->to);
  }
  char text[BS_TEXT_MAX], value[BS_TEXT_MAX];
  bs_render_date(text, m->sent, BS_DATE_DMY_SPACE);
  bs_render_iso(value, m->sent);
  bs_doc_note_cell(&h, "header", 0, 0, "Date", NULL, BS_EL_DATE, value, text);
}

static bs_status message(bs_synth *s, bs_doc *store, bs_pst *pst, const uint32_t *folder_ids,
                         uint32_t index) {
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_PST, index);
  bs_person p;
  bs_synth_patient(s, &p, &r);
  mail m = {.kind = kind_of(s, index), .sent = bs_synth_visit_date(&r)};
  m.hour = bs_random_range(&r, 8, 17);
  m.minute = bs_random_range(&r, 0, 59);
  address(s, &m, &p, index);
  char name[128];
  bs_mail_message_name(name, sizeof name, folders[m.folder].prefix, m.subject,
                       m.sent.year * 10000 + m.sent.month * 100 + m.sent.day, ".eml");
  snprintf(m.path, sizeof m.path, "%s!%s", STORE_PATH, name);
  note_header(s, store, &m, &p);

  char *body = body_text(s, &m, &r, &p), *data = NULL;
  bs_pst_attachment attached = {0};
  bs_status status = body ? attachment(s, &m, index, &attached, &data) : BS_EIO;
  GDateTime *when = g_date_time_new_utc(m.sent.year, m.sent.month, m.sent.day, m.hour, m.minute, 0);
  const bs_pst_recipient to = {m.to_name, m.to, 0};
  const bs_pst_message message = {.subject = m.subject,
                                  .sender_name = m.sender_name,
                                  .sender_address = m.sender,
                                  .date = when ? g_date_time_to_unix(when) : 0,
                                  .body = body,
                                  .recipients = &to,
                                  .recipient_count = 1,
                                  .attachments = &attached,
                                  .attachment_count = data ? 1 : 0};
  if (status == BS_OK) status = bs_pst_add_message(pst, folder_ids[m.folder], &message);
  if (when) g_date_time_unref(when);
  bs_free(data);
  bs_free(body);
  return status;
}

bs_status bs_write_pst_mailbox(bs_synth *s) {
  bs_doc store;
  if (bs_synth_open_binary(s, &store, STORE_PATH) != BS_OK) return s->truth.status;
  bs_pst *pst = NULL;
  bs_status status = bs_pst_create(&pst, "Billing Office");
  uint32_t folder_ids[FOLDERS];
  for (int f = 0; status == BS_OK && f < FOLDERS; f++) {
    uint32_t parent = folders[f].parent < 0 ? BS_PST_TOP : folder_ids[folders[f].parent];
    status = bs_pst_add_folder(pst, &folder_ids[f], parent, folders[f].name);
  }
  uint32_t count = s->practice.patients / 20 + 3;
  if (count > MAX_MESSAGES) count = MAX_MESSAGES;
  for (uint32_t i = 0; status == BS_OK && s->truth.status == BS_OK && i < count; i++)
    status = message(s, &store, pst, folder_ids, i);
  if (status == BS_OK) status = bs_pst_finish(pst, store.file);
  bs_pst_free(pst);
  fail(s, STORE_PATH, status);
  bs_doc_close(&store, 7, 7);
  return s->truth.status;
}
