/* Outlook stores (PST, ANSI and Unicode) with libpst. Each message (mail, meeting,
 * task, note) is rendered by GMime as an RFC 822 message, its attachments as MIME
 * parts, and handed to sink->member as "Folder/Sub/Subject (YYYY-MM-DD).eml": the scan
 * reads it with the EML reader, so an attachment is found at
 * mail.pst!Inbox/Subject (date).eml!scan.pdf. Contacts become short text members
 * ("Contacts/Name.txt": one "Field: value" line each). Embedded Outlook messages
 * (attachments that are themselves messages) are reported as not examined.
 *
 * libpst runs in a child process (isolate.h): it dereferences what a damaged store
 * points to without checking (fuzz_pst, started from whole stores, crashes it within
 * seconds), and a crash must cost one file, not the scan. libpst opens only paths: the
 * walked file by its descriptor, bytes in memory through a memfd (memfile.h). It keeps
 * state in globals (its debug log, and static buffers behind some conversions) and
 * promises no thread safety: where it runs in this process (the fuzz target), one lock
 * serialises it. */
#include <gmime/gmime.h>
#include <libpst/libpst.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "extract/isolate.h"
#include "extract/libinit.h"
#include "extract/mail.h"
#include "extract/memfile.h"

static pthread_mutex_t pst_lock = PTHREAD_MUTEX_INITIALIZER;

/* Longest folder path kept in a member name, bytes. */
#define MAX_PATH_BYTES 1024

typedef struct pst_reader {
  const bs_unit_sink *sink; /* where members go */
  pst_file pf;              /* open store */
  unsigned items;           /* items visited */
  unsigned bad_items;       /* items libpst could not parse */
  char first_bad[48];       /* the place of the first of them */
  int limited;              /* a limit stopped part of the read */
  bs_status status;         /* first error that stops the read */
} pst_reader;

static void diagnose(const pst_reader *r, const char *place, const char *message) {
  if (r->sink->diagnostic) r->sink->diagnostic(place, message, r->sink->ctx);
}

/* A string of the item, converted to UTF-8 in place; NULL when empty. */
static const char *text_of(pst_item *item, pst_string *s) {
  if (!s->str) return NULL;
  pst_convert_utf8_null(item, s);
  return s->str && s->str[0] ? s->str : NULL;
}

/* [MS-DTYP] 2.3.3: 100 ns ticks since 1601-01-01. */
static GDateTime *date_of(const FILETIME *t) {
  if (!t) return NULL;
  uint64_t ticks = (uint64_t)t->dwHighDateTime << 32 | t->dwLowDateTime;
  const uint64_t epoch = 116444736000000000ull;
  if (ticks < epoch) return NULL;
  return g_date_time_new_from_unix_utc((gint64)((ticks - epoch) / 10000000u));
}

static int ymd_of(GDateTime *date) {
  if (!date) return 0;
  int year, month, day;
  g_date_time_get_ymd(date, &year, &month, &day);
  return year > 0 && year < 10000 ? year * 10000 + month * 100 + day : 0;
}

static void set_header(GMimeMessage *message, const char *name, const char *value) {
  if (value) g_mime_object_set_header(GMIME_OBJECT(message), name, value, "utf-8");
}

/* PR_DISPLAY_TO, _CC and _BCC ([MS-OXOMSG] 2.2.1.7-9) hold the recipients' display
 * names, "Mary Okafor; John Smith", seldom an address: GMime reads such a list as no
 * address at all and writes an empty field. Each name becomes a mailbox of its own,
 * with its address when it has one, else with none ("Mary Okafor <>"), but for the
 * sole recipient of a message, whose address `sole` is known (sole_address). */
static void set_recipients(GMimeMessage *message, GMimeAddressType type, const char *names,
                           const char *sole) {
  if (!names) return;
  InternetAddressList *list = g_mime_message_get_addresses(message, type);
  gchar **parts = g_strsplit(names, ";", -1);
  for (gchar **part = parts; *part; part++) {
    const char *name = g_strstrip(*part);
    if (!*name) continue;
    InternetAddressList *parsed =
        strchr(name, '@') ? internet_address_list_parse(NULL, name) : NULL;
    if (parsed && internet_address_list_length(parsed) > 0) {
      internet_address_list_append(list, parsed);
    } else {
      InternetAddress *mailbox = internet_address_mailbox_new(name, sole ? sole : "");
      internet_address_list_add(list, mailbox);
      g_object_unref(mailbox);
    }
    if (parsed) g_object_unref(parsed);
  }
  g_strfreev(parts);
}

static void add_text(GMimeMultipart *mixed, const char *subtype, const char *text) {
  GMimeTextPart *part = g_mime_text_part_new_with_subtype(subtype);
  g_mime_text_part_set_text(part, text);
  g_mime_multipart_add(mixed, GMIME_OBJECT(part));
  g_object_unref(part);
}

static void add_attachment(pst_reader *r, GMimeMultipart *mixed, pst_item *item,
                           pst_item_attach *attach, unsigned index, const char *place) {
  char where[96];
  snprintf(where, sizeof where, "%s attachment %u", place, index);
  if (attach->method == PST_ATTACH_EMBEDDED) {
    if (r->sink->unexamined)
      r->sink->unexamined(where, "embedded Outlook message not read", r->sink->ctx);
    return;
  }
  pst_binary owned = {0, NULL};
  const char *data = attach->data.data;
  size_t len = attach->data.size;
  if (!data) {
    owned = pst_attach_to_mem(&r->pf, attach);
    data = owned.data;
    len = owned.size;
  }
  if (!data) {
    diagnose(r, where, "attachment could not be read");
    return;
  }
  const char *name = text_of(item, &attach->filename2);
  if (!name) name = text_of(item, &attach->filename1);
  char fallback[32];
  if (!name) {
    snprintf(fallback, sizeof fallback, "attachment-%u", index);
    name = fallback;
  }
  GMimePart *part = g_mime_part_new_with_type("application", "octet-stream");
  g_mime_part_set_filename(part, name);
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
  GMimeDataWrapper *content =
      g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content(part, content);
  g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
  g_mime_multipart_add(mixed, GMIME_OBJECT(part));
  g_object_unref(content);
  g_object_unref(stream);
  g_object_unref(part);
  free(owned.data);
}

/* libpst reads a message's recipient table (subnode 0x692, [MS-PST] 2.4.5.2) as a list
 * of attachments too: one for each recipient, with no method, name, data or block (its
 * id2_val is the row's LtpRowId, any number). A row of the attachment table always has
 * a method and a name (2.4.6.1). */
static int is_recipient_row(const pst_item_attach *attach) {
  return attach->method == PST_ATTACH_NONE && !attach->data.data && !attach->i_id &&
         !attach->filename1.str && !attach->filename2.str;
}

/* Names in a PR_DISPLAY_ list ("Mary Okafor; John Smith"). */
static unsigned count_names(const char *names) {
  unsigned count = 0;
  for (const char *c = names; c && *c;) {
    const char *end = strchr(c, ';');
    size_t len = end ? (size_t)(end - c) : strlen(c);
    for (size_t i = 0; i < len; i++)
      if (c[i] != ' ' && c[i] != '\t') {
        count++;
        break;
      }
    c = end ? end + 1 : c + len;
  }
  return count;
}

/* The address of a message's only recipient, or NULL. libpst reads the recipient table
 * (subnode 0x692, [MS-PST] 2.4.5.2) into the message item itself, each row's properties
 * where the message's own would go: a row's PR_EMAIL_ADDRESS (0x3003) ends in
 * item->contact->address1, the last row's overwriting the others'. With one row and one
 * name in PR_DISPLAY_TO, _CC and _BCC together, that address is the name's; with more,
 * whose it is cannot be told and none is given. An Exchange recipient's address is an
 * X.500 name, not kept. */
static const char *sole_address(pst_item *item, const char *to, const char *cc, const char *bcc) {
  unsigned rows = 0;
  for (const pst_item_attach *a = item->attach; a; a = a->next) rows += is_recipient_row(a);
  if (rows != 1 || !item->contact || count_names(to) + count_names(cc) + count_names(bcc) != 1)
    return NULL;
  const char *address = text_of(item, &item->contact->address1);
  return address && strchr(address, '@') ? address : NULL;
}

static void hand_member(pst_reader *r, const char *name, const char *data, size_t len,
                        int64_t mtime) {
  if (!r->sink->member) return;
  bs_member m = {.name = name, .data = data, .len = len, .mtime = mtime};
  if (len > BS_LIMIT_MEMBER_BYTES) {
    m.data = NULL;
    m.not_examined = "larger than the member size limit";
  }
  r->status = r->sink->member(&m, r->sink->ctx);
}

static void read_message(pst_reader *r, pst_item *item, const char *folder, const char *place) {
  pst_item_email *email = item->email;
  GMimeMessage *message = g_mime_message_new(TRUE);
  const char *subject = text_of(item, &item->subject);
  GDateTime *date = date_of(email ? email->sent_date : NULL);
  if (!date && email) date = date_of(email->arrival_date);
  if (email) {
    const char *sender_name = text_of(item, &email->outlook_sender_name);
    const char *sender = text_of(item, &email->sender_address);
    if (!sender) sender = text_of(item, &email->outlook_sender);
    if (sender_name || sender) {
      char *from = g_strdup_printf("%s%s%s%s", sender_name ? sender_name : "",
                                   sender_name && sender ? " <" : "", sender ? sender : "",
                                   sender_name && sender ? ">" : "");
      set_header(message, "From", from);
      g_free(from);
    }
    const char *to = text_of(item, &email->sentto_address);
    const char *cc = text_of(item, &email->cc_address);
    const char *bcc = text_of(item, &email->bcc_address);
    const char *sole = sole_address(item, to, cc, bcc);
    set_recipients(message, GMIME_ADDRESS_TYPE_TO, to, sole);
    set_recipients(message, GMIME_ADDRESS_TYPE_CC, cc, sole);
    set_recipients(message, GMIME_ADDRESS_TYPE_BCC, bcc, sole);
    set_header(message, "Reply-To", text_of(item, &email->reply_to));
  }
  if (subject) g_mime_message_set_subject(message, subject, "utf-8");
  if (date) g_mime_message_set_date(message, date);
  GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
  const char *body = text_of(item, &item->body);
  const char *html = email ? text_of(item, &email->htmlbody) : NULL;
  if (body) add_text(mixed, "plain", body);
  if (html) add_text(mixed, "html", html);
  unsigned index = 0;
  for (pst_item_attach *a = item->attach; a && r->status == BS_OK; a = a->next)
    if (!is_recipient_row(a)) add_attachment(r, mixed, item, a, ++index, place);
  g_mime_message_set_mime_part(message, GMIME_OBJECT(mixed));
  g_object_unref(mixed);
  GMimeStream *out = g_mime_stream_mem_new();
  ssize_t written = g_mime_object_write_to_stream(GMIME_OBJECT(message), NULL, out);
  GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
  char name[MAX_PATH_BYTES + 128];
  bs_mail_message_name(name, sizeof name, folder, subject, ymd_of(date), ".eml");
  if (written < 0)
    diagnose(r, place, "message could not be rendered");
  else
    hand_member(r, name, (const char *)bytes->data, bytes->len,
                date ? g_date_time_to_unix(date) : 0);
  g_object_unref(out);
  if (date) g_date_time_unref(date);
  g_object_unref(message);
}

static void read_contact(pst_reader *r, pst_item *item, const char *folder) {
  pst_item_contact *c = item->contact;
  static const struct {
    const char *label;
    size_t offset;
  } fields[] = {
#define FIELD(label, name) {label, offsetof(pst_item_contact, name)}
      FIELD("Full name", fullname),
      FIELD("First name", first_name),
      FIELD("Last name", surname),
      FIELD("Home address", home_address),
      FIELD("Home street", home_street),
      FIELD("Home city", home_city),
      FIELD("Home postal code", home_postal_code),
      FIELD("Business address", business_address),
      FIELD("Postal address", def_postal_address),
      FIELD("Home phone", home_phone),
      FIELD("Home phone 2", home_phone2),
      FIELD("Mobile phone", mobile_phone),
      FIELD("Business phone", business_phone),
      FIELD("Primary phone", primary_phone),
      FIELD("Other phone", other_phone),
      FIELD("Government ID", gov_id),
      FIELD("Email", address1),
      FIELD("Email 2", address2),
      FIELD("Email 3", address3),
#undef FIELD
  };
  bs_buf text;
  bs_buf_init(&text, BS_LIMIT_MEMBER_BYTES);
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    const char *value = text_of(item, (pst_string *)((char *)c + fields[i].offset));
    if (value && bs_buf_printf(&text, "%s: %s\n", fields[i].label, value) != BS_OK) break;
  }
  GDateTime *birthday = date_of(c->birthday);
  if (birthday) {
    int ymd = ymd_of(birthday);
    bs_buf_printf(&text, "Birthday: %04d-%02d-%02d\n", ymd / 10000, ymd / 100 % 100, ymd % 100);
    g_date_time_unref(birthday);
  }
  const char *notes = text_of(item, &item->body);
  if (notes) bs_buf_printf(&text, "Notes: %s\n", notes);
  const char *label = text_of(item, &c->fullname);
  if (!label) label = text_of(item, &item->file_as);
  char name[MAX_PATH_BYTES + 128];
  bs_mail_message_name(name, sizeof name, folder, label ? label : "(no name)", 0, ".txt");
  if (text.len) hand_member(r, name, text.data, text.len, 0);
  bs_buf_free(&text);
}

static void walk(pst_reader *r, pst_desc_tree *d, const char *folder, unsigned depth) {
  for (; d && r->status == BS_OK && !r->limited; d = d->next) {
    char place[48];
    snprintf(place, sizeof place, "item %u", r->items + 1);
    if (++r->items > BS_LIMIT_MEMBERS) {
      diagnose(r, place, "more items than the member limit: the rest not read");
      r->limited = 1;
      return;
    }
    pst_item *item = pst_parse_item(&r->pf, d, NULL);
    if (!item) {
      if (!r->bad_items++) snprintf(r->first_bad, sizeof r->first_bad, "%s", place);
      continue;
    }
    if (item->folder && d->child) {
      char clean[256], path[MAX_PATH_BYTES];
      bs_mail_clean_name(clean, sizeof clean, text_of(item, &item->file_as), 60);
      snprintf(path, sizeof path, "%s%s/", folder, clean[0] ? clean : "(folder)");
      if (depth + 1 > BS_LIMIT_PST_DEPTH) {
        diagnose(r, place, "folders nested deeper than the limit: not read");
        r->limited = 1;
      } else {
        walk(r, d->child, path, depth + 1);
      }
    } else if (item->contact && item->type == PST_TYPE_CONTACT) {
      read_contact(r, item, folder);
    } else if (item->email || item->subject.str || item->body.str) {
      read_message(r, item, folder, place);
    }
    pst_freeItem(item);
  }
}

static bs_status read_store(pst_reader *r, const char *path) {
  if (pst_open(&r->pf, path, NULL) < 0) {
    diagnose(r, "byte 0", "damaged Outlook store: its header could not be read");
    return BS_EFORMAT;
  }
  bs_status status = BS_OK;
  if (pst_load_index(&r->pf) < 0) {
    diagnose(r, "byte 0", "damaged Outlook store: its index could not be read");
    status = BS_EFORMAT;
  } else {
    pst_load_extended_attributes(&r->pf);
    pst_item *root = r->pf.d_head ? pst_parse_item(&r->pf, r->pf.d_head, NULL) : NULL;
    pst_desc_tree *top = root ? pst_getTopOfFolders(&r->pf, root) : NULL;
    if (!top) {
      diagnose(r, "byte 0", "damaged Outlook store: its folders could not be found");
      status = BS_EFORMAT;
    } else {
      walk(r, top->child, "", 0);
      if (r->bad_items) {
        char message[96];
        if (r->bad_items == 1)
          snprintf(message, sizeof message, "damaged item skipped");
        else
          snprintf(message, sizeof message, "%u damaged items skipped, the first here",
                   r->bad_items);
        diagnose(r, r->first_bad, message);
      }
      status = r->status != BS_OK ? r->status : r->limited ? BS_ELIMIT : BS_OK;
    }
    if (root) pst_freeItem(root);
  }
  pst_close(&r->pf);
  return status;
}

/* [MS-PST] 2.2.2.6 HEADER and 2.2.2.5 ROOT: the size of the store when it was last
 * written (ibFileEof), 8 bytes at 184 in a Unicode header (wVer 23 and up), 4 at 168 in
 * an ANSI one (wVer 14 or 15). 0 when the header does not hold it. */
static uint64_t recorded_size(const char *data, size_t len) {
  if (len < 12) return 0;
  unsigned version = (unsigned char)data[10] | (unsigned)(unsigned char)data[11] << 8;
  size_t at = version >= 23 ? 184 : 168, width = version >= 23 ? 8 : 4;
  if (len < at + width) return 0;
  uint64_t size = 0;
  for (size_t i = width; i-- > 0;) size = size << 8 | (unsigned char)data[at + i];
  return size;
}

/* A store cut short (a copy that stopped, a carved file) loses what was written last,
 * the B-trees among it: said once, with the size, before libpst reads what it can. */
static void check_size(const pst_reader *r, const bs_source *src) {
  uint64_t recorded = recorded_size(src->data, src->len);
  if (recorded <= src->len) return;
  char place[32], message[96];
  snprintf(place, sizeof place, "byte %zu", src->len);
  snprintf(message, sizeof message, "truncated Outlook store: %llu of its %llu bytes missing",
           (unsigned long long)(recorded - src->len), (unsigned long long)recorded);
  diagnose(r, place, message);
}

bs_status bs_read_pst_here(const bs_source *src, const bs_unit_sink *sink) {
  bs_libinit();
  /* A walked store is opened where it is: a copy of a 40 GB mailbox would cost 40 GB. */
  bs_memfile file = {.fd = -1};
  bs_status status = src->open_path ? BS_OK : bs_memfile_open(&file, src->data, src->len);
  if (status != BS_OK) return status;
  pst_reader r = {.sink = sink};
  check_size(&r, src);
  pthread_mutex_lock(&pst_lock);
  status = read_store(&r, src->open_path ? src->open_path : file.path);
  pthread_mutex_unlock(&pst_lock);
  if (!src->open_path) bs_memfile_close(&file);
  return status;
}

bs_status bs_read_pst(const bs_source *src, const bs_unit_sink *sink) {
  return bs_isolate_run(bs_read_pst_here, src, sink, "the Outlook reader");
}
