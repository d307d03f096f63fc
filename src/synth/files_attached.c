/* Containers of the share: e-mails with attachments, written with GMime (a body in
 * quoted-printable, a CSV list, a statement PDF or a letter DOCX in base64), and a zip
 * archive of an old year (a workbook, letters, a list, notes) written with libarchive.
 * A mention inside names its container and member as the scanner does:
 * "files/mail/sent/msg-000004.eml!patients.csv", "files/archive/2023.zip!2023/list.csv". */
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "extract/libinit.h"
#include "synth/lexicon.h"
#include "synth/writers.h"
#include "synth/zipout.h"

static void fail(bs_synth *s, const char *path, bs_status status) {
  if (status == BS_OK || s->truth.status != BS_OK) return;
  s->truth.status = status;
  snprintf(s->truth.failed_path, sizeof s->truth.failed_path, "%s", path);
}

char *bs_synth_slurp(FILE *file, size_t *len) {
  if (fflush(file) != 0 || fseeko(file, 0, SEEK_END) != 0) return NULL;
  off_t size = ftello(file);
  if (size < 0 || fseeko(file, 0, SEEK_SET) != 0) return NULL;
  char *data = bs_malloc((size_t)size + 1);
  if (!data) return NULL;
  *len = fread(data, 1, (size_t)size, file);
  data[*len] = '\0';
  if (*len != (size_t)size) {
    bs_free(data);
    return NULL;
  }
  return data;
}

/* ---- A small CSV list (a report someone exported and mailed) ------------------------ */

bs_status bs_synth_list_csv(bs_synth *s, const char *path, FILE *out, uint64_t stream, int rows) {
  static const char *const headers[] = {"Patient Name", "DOB", "MRN", "Phone", "Diagnosis"};
  bs_doc d;
  bs_doc_open_stream(&d, &s->truth, path, out, BS_DOC_CSV);
  d.headers = headers;
  d.columns = sizeof headers / sizeof headers[0];
  for (size_t i = 0; i < d.columns; i++) bs_doc_cell(&d, headers[i]);
  bs_doc_end_row(&d);
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_MAIL_ATTACHED, 1000000 + stream);
  for (int i = 0; i < rows; i++) {
    bs_person p;
    bs_synth_patient(s, &p, &r);
    char dx[16];
    bs_put_name(&d, &p, BS_NAME_LAST_FIRST, &r);
    bs_put_date(&d, p.id, BS_EL_DOB, p.dob, BS_DATE_MDY);
    bs_put_id(&d, p.id, BS_EL_MRN, p.mrn);
    bs_put_phone(&d, p.id, p.cell_phone[0] ? p.cell_phone : p.home_phone, &r);
    bs_put_code(&d, p.id, BS_EL_ICD10CM, bs_synth_diagnosis(s, &r, dx), &r);
    bs_doc_end_row(&d);
  }
  return ferror(out) ? BS_EIO : BS_OK;
}

/* ---- E-mail with attachments -------------------------------------------------------- */

typedef enum attachment_kind { ATTACH_CSV, ATTACH_PDF, ATTACH_DOCX } attachment_kind;

static const struct {
  const char *type, *subtype, *name;
} attachment_types[] = {
    {"text", "csv", "patients.csv"},
    {"application", "pdf", "statement.pdf"},
    {"application", "vnd.openxmlformats-officedocument.wordprocessingml.document", "letter.docx"},
};

/* Writes the attachment into a temporary file; its mentions name message!name. */
static bs_status attachment(bs_synth *s, const char *message_path, attachment_kind kind,
                            uint64_t index, char **data, size_t *len) {
  char path[256];
  snprintf(path, sizeof path, "%s!%s", message_path, attachment_types[kind].name);
  FILE *file = tmpfile();
  if (!file) return BS_EIO;
  bs_status status = kind == ATTACH_CSV   ? bs_synth_list_csv(s, path, file, index, 5)
                     : kind == ATTACH_PDF ? bs_synth_statement(s, path, file, 100 + index, 1)
                                          : bs_synth_letter(s, path, file, 1000000 + index);
  *data = status == BS_OK ? bs_synth_slurp(file, len) : NULL;
  fclose(file);
  return status != BS_OK ? status : *data ? BS_OK : BS_EIO;
}

static void add_attachment(GMimeMultipart *mixed, attachment_kind kind, char *data, size_t len) {
  GMimePart *part =
      g_mime_part_new_with_type(attachment_types[kind].type, attachment_types[kind].subtype);
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
  GMimeDataWrapper *wrapper =
      g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content(part, wrapper);
  g_mime_part_set_filename(part, attachment_types[kind].name);
  g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
  g_mime_multipart_add(mixed, GMIME_OBJECT(part));
  g_object_unref(wrapper);
  g_object_unref(stream);
  g_object_unref(part);
}

static void attached_mail(bs_synth *s, uint32_t index) {
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_MAIL_ATTACHED, index);
  bs_person p;
  bs_synth_patient(s, &p, &r);
  bs_date sent = bs_synth_visit_date(&r);
  char path[128];
  snprintf(path, sizeof path, "files/mail/sent/msg-%06u.eml", index + 1);
  bs_doc file;
  if (bs_synth_open_binary(s, &file, path) != BS_OK) return;
  /* Headers: staff to staff; the date is about no one (as in files_text.c). */
  char from[96], to[96], value[BS_TEXT_MAX], text[BS_TEXT_MAX];
  snprintf(from, sizeof from, "billing@%s", s->clinic_domain);
  snprintf(to, sizeof to, "records@%s", s->clinic_domain);
  file.kind = BS_DOC_FIELDS;
  file.line = 0;
  bs_doc_set_place(&file, "header");
  file.line = 0;
  bs_doc_note(&file, "From", NULL, BS_EL_EMAIL, from, from);
  bs_doc_note(&file, "To", NULL, BS_EL_EMAIL, to, to);
  bs_render_date(text, sent, BS_DATE_DMY_SPACE);
  bs_render_iso(value, sent);
  bs_doc_note(&file, "Date", NULL, BS_EL_DATE, value, text);
  bs_doc_set_place(&file, NULL);

  /* The body: lines counted within it, as the reader counts them. */
  FILE *body_file = tmpfile();
  if (!body_file) {
    fail(s, path, BS_EIO);
    bs_doc_close(&file, sent.month, 7);
    return;
  }
  bs_doc body;
  bs_doc_open_stream(&body, &s->truth, path, body_file, BS_DOC_TEXT);
  bs_doc_set_place(&body, "body");
  attachment_kind kind = (attachment_kind)(index % 3);
  bs_doc_printf(&body, "Hello,\n\nAttached is the %s for ",
                kind == ATTACH_CSV   ? "list we discussed"
                : kind == ATTACH_PDF ? "statement"
                                     : "letter");
  bs_put_name(&body, &p, BS_NAME_FIRST_LAST, &r);
  bs_doc_printf(&body, " (DOB ");
  bs_put_date(&body, p.id, BS_EL_DOB, p.dob, BS_DATE_MDY);
  bs_doc_printf(&body, ", MRN ");
  bs_put_id(&body, p.id, BS_EL_MRN, p.mrn);
  bs_doc_printf(&body, "). The patient can be reached at ");
  bs_put_phone(&body, p.id, p.cell_phone[0] ? p.cell_phone : p.home_phone, &r);
  bs_doc_printf(&body,
                ".\nPlease file it with the chart; the balance is $%d.%02d.\n\nThanks,\nBilling "
                "office, %s\n",
                bs_random_range(&r, 20, 900), bs_random_range(&r, 0, 99), s->clinic_name);
  size_t body_len = 0, data_len = 0;
  char *body_text = bs_synth_slurp(body_file, &body_len);
  fclose(body_file);
  char *data = NULL;
  bs_status status = body_text ? attachment(s, path, kind, index, &data, &data_len) : BS_EIO;

  if (status == BS_OK) {
    GMimeMessage *message = g_mime_message_new(TRUE);
    g_mime_message_add_mailbox(message, GMIME_ADDRESS_TYPE_FROM, "Billing Office", from);
    g_mime_message_add_mailbox(message, GMIME_ADDRESS_TYPE_TO, "Medical Records", to);
    g_mime_message_set_subject(message, kind == ATTACH_CSV ? "List" : "Patient document", "utf-8");
    GDateTime *date = g_date_time_new_utc(
        sent.year, sent.month, sent.day, bs_random_range(&r, 8, 17), bs_random_range(&r, 0, 59), 0);
    g_mime_message_set_date(message, date);
    g_date_time_unref(date);
    char id[96];
    snprintf(id, sizeof id, "%u.%llu@%s", index + 1, (unsigned long long)s->practice.seed,
             s->clinic_domain);
    g_mime_message_set_message_id(message, id);
    GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
    char boundary[64]; /* GMime would draw one at random: the same seed, the same bytes */
    snprintf(boundary, sizeof boundary, "=-bs-%llu-%u", (unsigned long long)s->practice.seed,
             index + 1);
    g_mime_multipart_set_boundary(mixed, boundary);
    GMimeTextPart *text_part = g_mime_text_part_new_with_subtype("plain");
    g_mime_text_part_set_text(text_part, body_text);
    g_mime_part_set_content_encoding(GMIME_PART(text_part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    g_mime_multipart_add(mixed, GMIME_OBJECT(text_part));
    g_object_unref(text_part);
    add_attachment(mixed, kind, data, data_len);
    g_mime_message_set_mime_part(message, GMIME_OBJECT(mixed));
    g_object_unref(mixed);
    GMimeStream *out = g_mime_stream_file_new(file.file);
    g_mime_stream_file_set_owner(GMIME_STREAM_FILE(out), FALSE);
    if (g_mime_object_write_to_stream(GMIME_OBJECT(message), NULL, out) < 0 ||
        g_mime_stream_flush(out) != 0)
      status = BS_EIO;
    g_object_unref(out);
    g_object_unref(message);
  }
  bs_free(body_text);
  bs_free(data);
  fail(s, path, status);
  bs_doc_close(&file, sent.month, 7);
}

bs_status bs_write_attached_mail(bs_synth *s) {
  bs_libinit();
  uint32_t count = s->practice.patients / 100 + 3;
  for (uint32_t i = 0; i < count && s->truth.status == BS_OK; i++) attached_mail(s, i);
  return s->truth.status;
}

/* ---- A zip archive of last year ----------------------------------------------------- */

/* Adds a member made by `make` into the zip, through a temporary file. */
static bs_status add_member(bs_synth *s, bs_zipout *zip, const char *archive_path,
                            const char *member, int kind, uint64_t stream) {
  char path[256];
  snprintf(path, sizeof path, "%s!%s", archive_path, member);
  FILE *file = tmpfile();
  if (!file) return BS_EIO;
  uint32_t rows = s->practice.patients / 50 + 2;
  bs_status status =
      kind == 0   ? bs_synth_workbook(s, path, file, 1 + stream, 5)
      : kind == 1 ? bs_synth_letter(s, path, file, 2000000 + stream)
      : kind == 2 ? bs_synth_list_csv(s, path, file, 2000000 + stream, rows > 200 ? 200 : (int)rows)
                  : bs_synth_statement(s, path, file, 2000000 + stream, 2);
  if (status == BS_OK) status = bs_zipout_add_file(zip, member, file);
  fclose(file);
  return status;
}

bs_status bs_write_archive(bs_synth *s) {
  static const char path[] = "files/archive/frontdesk-2023.zip";
  bs_doc d;
  if (bs_synth_open_binary(s, &d, path) != BS_OK) return s->truth.status;
  bs_zipout *zip = NULL;
  bs_status status = bs_zipout_create(&zip, d.file, 1703980800); /* 2023-12-31 */
  if (status == BS_OK) status = add_member(s, zip, path, "2023/patient-list-2023.xlsx", 0, 0);
  for (int i = 0; status == BS_OK && i < 3; i++) {
    char member[64];
    snprintf(member, sizeof member, "2023/letters/letter-%02d.docx", i + 1);
    status = add_member(s, zip, path, member, 1, (uint64_t)i);
  }
  if (status == BS_OK) status = add_member(s, zip, path, "2023/recall-list.csv", 2, 0);
  if (status == BS_OK) status = add_member(s, zip, path, "2023/statements-2023-12.pdf", 3, 0);
  if (zip) {
    bs_status finished = bs_zipout_finish(zip);
    if (status == BS_OK) status = finished;
  }
  fail(s, path, status);
  bs_doc_close(&d, 1, 1);
  return s->truth.status;
}
