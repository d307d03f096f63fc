/* A mailbox the front desk exported (mbox, RFC 4155, as Thunderbird writes it): each
 * message after a "From sender date" line and ended by a blank line, lines of the
 * message that begin with "From " (after any '>') quoted with one more '>' (mboxrd).
 * The messages, written with GMime, carry bodies in quoted-printable and base64, and
 * some a CSV list attached. A scanner names message N "N Subject (YYYY-MM-DD).eml"
 * inside the mailbox: so do its mentions. */
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "extract/libinit.h"
#include "extract/mail.h"
#include "synth/writers.h"

typedef enum body_kind { BODY_QUOTED, BODY_BASE64, BODY_ATTACHED, BODY_KINDS } body_kind;

static const char *const subjects[BODY_KINDS] = {"Call back request", "Appointment change",
                                                 "Recall list"};

/* Writes the message with its From_ line and mboxrd quoting, then the blank line. */
static int append_message(FILE *out, const char *sender, GDateTime *date, GMimeMessage *message) {
  GMimeStream *stream = g_mime_stream_mem_new();
  int ok = g_mime_object_write_to_stream(GMIME_OBJECT(message), NULL, stream) >= 0;
  GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
  gchar *when = g_date_time_format(date, "%a %b %e %H:%M:%S %Y"); /* asctime's form */
  fprintf(out, "From %s %s\n", sender, when);
  g_free(when);
  const char *text = (const char *)bytes->data, *end = text + bytes->len;
  for (const char *line = text; ok && line < end;) {
    const char *nl = memchr(line, '\n', (size_t)(end - line));
    size_t len = nl ? (size_t)(nl - line) + 1 : (size_t)(end - line);
    const char *c = line;
    while (c < line + len && *c == '>') c++;
    if ((size_t)(line + len - c) >= 5 && !memcmp(c, "From ", 5)) fputc('>', out);
    fwrite(line, 1, len, out);
    if (!nl) fputc('\n', out);
    line += len;
  }
  fputc('\n', out);
  g_object_unref(stream);
  return ok;
}

/* The body's text: lines counted as a reader counts them within the body. */
static char *body_text(bs_synth *s, const char *path, body_kind kind, bs_random *r,
                       const bs_person *p) {
  FILE *file = tmpfile();
  if (!file) return NULL;
  bs_doc body;
  bs_doc_open_stream(&body, &s->truth, path, file, BS_DOC_TEXT);
  bs_doc_set_place(&body, "body");
  bs_doc_printf(&body, "Hi,\n\n");
  if (kind == BODY_QUOTED) /* a line a mailbox must quote, and a character QP encodes */
    bs_doc_printf(&body, "From the front desk (Ren\u00e9e): please call this patient back.\n");
  else if (kind == BODY_BASE64)
    bs_doc_printf(&body, "The appointment below was moved at the patient's request.\n");
  else
    bs_doc_printf(&body, "The recall list is attached; the first patient on it is\n");
  bs_put_name(&body, p, BS_NAME_FIRST_LAST, r);
  bs_doc_printf(&body, ", date of birth ");
  bs_put_date(&body, p->id, BS_EL_DOB, p->dob, bs_render_date_style(r, 1));
  bs_doc_printf(&body, ", MRN ");
  bs_put_id(&body, p->id, BS_EL_MRN, p->mrn);
  bs_doc_printf(&body, ".\nPhone: ");
  bs_put_phone(&body, p->id, p->cell_phone[0] ? p->cell_phone : p->home_phone, r);
  bs_doc_printf(&body, "\nMember ID ");
  bs_put_id(&body, p->id, BS_EL_MEMBER_ID, p->member_id);
  bs_doc_printf(&body, "\n\nThanks,\nFront desk\n");
  size_t len = 0;
  char *text = bs_synth_slurp(file, &len);
  fclose(file);
  return text;
}

static GMimeObject *text_part(const char *text, body_kind kind) {
  GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
  g_mime_text_part_set_text(part, text);
  g_mime_part_set_content_encoding(GMIME_PART(part), kind == BODY_BASE64
                                                         ? GMIME_CONTENT_ENCODING_BASE64
                                                         : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return GMIME_OBJECT(part);
}

/* The CSV list attached, through a temporary file. */
static GMimeObject *attached_list(bs_synth *s, const char *path, uint32_t index,
                                  bs_status *status) {
  char member[600];
  snprintf(member, sizeof member, "%s!recall-list.csv", path);
  FILE *file = tmpfile();
  size_t len = 0;
  char *data = NULL;
  *status = file ? bs_synth_list_csv(s, member, file, 3000000 + index, 6) : BS_EIO;
  if (*status == BS_OK && !(data = bs_synth_slurp(file, &len))) *status = BS_EIO;
  if (file) fclose(file);
  if (!data) return NULL;
  GMimePart *part = g_mime_part_new_with_type("text", "csv");
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
  GMimeDataWrapper *wrapper =
      g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content(part, wrapper);
  g_mime_part_set_filename(part, "recall-list.csv");
  g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
  g_object_unref(wrapper);
  g_object_unref(stream);
  bs_free(data);
  return GMIME_OBJECT(part);
}

static bs_status message(bs_synth *s, bs_doc *box, uint32_t index) {
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_MBOX, index);
  bs_person p;
  bs_synth_patient(s, &p, &r);
  body_kind kind = (body_kind)(index % BODY_KINDS);
  bs_date sent = bs_synth_visit_date(&r);
  char name[256], path[512], from[96], to[96], value[BS_TEXT_MAX], text[BS_TEXT_MAX], number[16];
  snprintf(number, sizeof number, "%u ", index + 1);
  bs_mail_message_name(name, sizeof name, number, subjects[kind],
                       sent.year * 10000 + sent.month * 100 + sent.day, ".eml");
  snprintf(path, sizeof path, "%s!%s", box->path, name);
  snprintf(from, sizeof from, "frontdesk@%s", s->clinic_domain);
  snprintf(to, sizeof to, kind == BODY_ATTACHED ? "nurses@%s" : "billing@%s", s->clinic_domain);
  /* Header fields: staff to staff, the date about no one (as in files_attached.c). */
  bs_doc m;
  bs_doc_open_stream(&m, &s->truth, path, box->file, BS_DOC_FIELDS);
  bs_doc_note_cell(&m, "header", 0, 0, "From", NULL, BS_EL_EMAIL, from, from);
  bs_doc_note_cell(&m, "header", 0, 0, "To", NULL, BS_EL_EMAIL, to, to);
  bs_render_date(text, sent, BS_DATE_DMY_SPACE);
  bs_render_iso(value, sent);
  bs_doc_note_cell(&m, "header", 0, 0, "Date", NULL, BS_EL_DATE, value, text);

  char *body = body_text(s, path, kind, &r, &p);
  if (!body) return BS_EIO;
  bs_status status = BS_OK;
  GMimeMessage *mail = g_mime_message_new(TRUE);
  g_mime_message_add_mailbox(mail, GMIME_ADDRESS_TYPE_FROM, "Front Desk", from);
  g_mime_message_add_mailbox(mail, GMIME_ADDRESS_TYPE_TO, "Team", to);
  g_mime_message_set_subject(mail, subjects[kind], "utf-8");
  GDateTime *date = g_date_time_new_utc(sent.year, sent.month, sent.day, bs_random_range(&r, 8, 17),
                                        bs_random_range(&r, 0, 59), 0);
  g_mime_message_set_date(mail, date);
  char id[96];
  snprintf(id, sizeof id, "mbox.%u.%llu@%s", index + 1, (unsigned long long)s->practice.seed,
           s->clinic_domain);
  g_mime_message_set_message_id(mail, id);
  if (kind == BODY_ATTACHED) {
    GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
    char boundary[64]; /* GMime would draw one at random: the same seed, the same bytes */
    snprintf(boundary, sizeof boundary, "=-mbox-%llu-%u", (unsigned long long)s->practice.seed,
             index + 1);
    g_mime_multipart_set_boundary(mixed, boundary);
    GMimeObject *part = text_part(body, kind);
    g_mime_multipart_add(mixed, part);
    g_object_unref(part);
    GMimeObject *list = attached_list(s, path, index, &status);
    if (list) {
      g_mime_multipart_add(mixed, list);
      g_object_unref(list);
    }
    g_mime_message_set_mime_part(mail, GMIME_OBJECT(mixed));
    g_object_unref(mixed);
  } else {
    GMimeObject *part = text_part(body, kind);
    g_mime_message_set_mime_part(mail, part);
    g_object_unref(part);
  }
  if (status == BS_OK && !append_message(box->file, from, date, mail)) status = BS_EIO;
  g_date_time_unref(date);
  g_object_unref(mail);
  bs_free(body);
  return status;
}

bs_status bs_write_mailbox(bs_synth *s) {
  static const char path[] = "files/mail/export/frontdesk-2024.mbox";
  bs_libinit();
  bs_doc box;
  if (bs_synth_open_binary(s, &box, path) != BS_OK) return s->truth.status;
  uint32_t count = s->practice.patients / 100 + 4;
  bs_status status = BS_OK;
  for (uint32_t i = 0; i < count && i < 30 && status == BS_OK; i++) status = message(s, &box, i);
  if (status != BS_OK && s->truth.status == BS_OK) {
    s->truth.status = status;
    snprintf(s->truth.failed_path, sizeof s->truth.failed_path, "%s", path);
  }
  bs_doc_close(&box, 7, 7);
  return s->truth.status;
}
