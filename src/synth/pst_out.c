/* The messaging layer of an Outlook store being written ([MS-PST] 2.4, see pst_out.h).
 * A message is written when it is added, its node's parent its folder; a folder is
 * written at the end, when its messages and subfolders (the rows of its contents and
 * hierarchy tables) are all known. */
#include "synth/pst_out.h"

#include <glib.h>
#include <string.h>

#include "base/alloc.h"
#include "synth/ole2_out.h"
#include "synth/pst_ltp.h"
#include "synth/pst_ndb.h"

/* 2.2.2.1 NID types and 2.4.1 special NIDs. */
enum {
  NID_TYPE_NORMAL_FOLDER = 0x02,
  NID_TYPE_NORMAL_MESSAGE = 0x04,
  NID_TYPE_ATTACHMENT = 0x05,
  NID_TYPE_HIERARCHY_TABLE = 0x0D,
  NID_TYPE_CONTENTS_TABLE = 0x0E,
  NID_TYPE_ASSOC_CONTENTS_TABLE = 0x0F,
  NID_MESSAGE_STORE = 0x21,
  NID_NAME_TO_ID_MAP = 0x61,
  NID_ROOT_FOLDER = 0x122,
  NID_HIERARCHY_TABLE_TEMPLATE = 0x60D,
  NID_CONTENTS_TABLE_TEMPLATE = 0x60E,
  NID_ASSOC_CONTENTS_TABLE_TEMPLATE = 0x60F,
  NID_SEARCH_CONTENTS_TABLE_TEMPLATE = 0x610,
  NID_ATTACHMENT_TABLE = 0x671,
  NID_RECIPIENT_TABLE = 0x692
};

/* Property tags ([MS-OXPROPS]). */
#define T(id, type)               BS_PROP_TAG(id, BS_PT_##type)
#define T_NAMEID_BUCKET_COUNT     T(0x0001, I4)
#define T_NAMEID_STREAM_GUID      T(0x0002, BINARY)
#define T_NAMEID_STREAM_ENTRY     T(0x0003, BINARY)
#define T_NAMEID_STREAM_STRING    T(0x0004, BINARY)
#define T_IMPORTANCE              T(0x0017, I4)
#define T_MESSAGE_CLASS           T(0x001A, STRING)
#define T_SENSITIVITY             T(0x0036, I4)
#define T_SUBJECT                 T(0x0037, STRING)
#define T_CLIENT_SUBMIT_TIME      T(0x0039, TIME)
#define T_SENT_REPR_NAME          T(0x0042, STRING)
#define T_SENT_REPR_ADDRTYPE      T(0x0064, STRING)
#define T_SENT_REPR_ADDRESS       T(0x0065, STRING)
#define T_CONVERSATION_TOPIC      T(0x0070, STRING)
#define T_RECIPIENT_TYPE          T(0x0C15, I4)
#define T_SENDER_NAME             T(0x0C1A, STRING)
#define T_SENDER_ADDRTYPE         T(0x0C1E, STRING)
#define T_SENDER_ADDRESS          T(0x0C1F, STRING)
#define T_DISPLAY_CC              T(0x0E03, STRING)
#define T_DISPLAY_TO              T(0x0E04, STRING)
#define T_DELIVERY_TIME           T(0x0E06, TIME)
#define T_MESSAGE_FLAGS           T(0x0E07, I4)
#define T_MESSAGE_SIZE            T(0x0E08, I4)
#define T_RESPONSIBILITY          T(0x0E0F, BOOL)
#define T_MESSAGE_STATUS          T(0x0E17, I4)
#define T_HAS_ATTACHMENTS         T(0x0E1B, BOOL)
#define T_ATTACH_SIZE             T(0x0E20, I4)
#define T_REPL_ITEMID             T(0x0E30, I4)
#define T_REPL_CHANGENUM          T(0x0E33, I8)
#define T_REPL_VERSION_HISTORY    T(0x0E34, BINARY)
#define T_REPL_FLAGS              T(0x0E38, I4)
#define T_RECORD_KEY              T(0x0FF9, BINARY)
#define T_OBJECT_TYPE             T(0x0FFE, I4)
#define T_ENTRY_ID                T(0x0FFF, BINARY)
#define T_BODY                    T(0x1000, STRING)
#define T_DISPLAY_NAME            T(0x3001, STRING)
#define T_ADDRTYPE                T(0x3002, STRING)
#define T_EMAIL_ADDRESS           T(0x3003, STRING)
#define T_CREATION_TIME           T(0x3007, TIME)
#define T_LAST_MODIFICATION_TIME  T(0x3008, TIME)
#define T_SEARCH_KEY              T(0x300B, BINARY)
#define T_IPM_SUBTREE_ENTRYID     T(0x35E0, BINARY)
#define T_IPM_WASTEBASKET_ENTRYID T(0x35E3, BINARY)
#define T_FINDER_ENTRYID          T(0x35E7, BINARY)
#define T_CONTENT_COUNT           T(0x3602, I4)
#define T_CONTENT_UNREAD          T(0x3603, I4)
#define T_SUBFOLDERS              T(0x360A, BOOL)
#define T_CONTAINER_CLASS         T(0x3613, STRING)
#define T_ATTACH_DATA_BINARY      T(0x3701, BINARY)
#define T_ATTACH_EXTENSION        T(0x3703, STRING)
#define T_ATTACH_FILENAME         T(0x3704, STRING)
#define T_ATTACH_METHOD           T(0x3705, I4)
#define T_ATTACH_LONG_FILENAME    T(0x3707, STRING)
#define T_RENDERING_POSITION      T(0x370B, I4)
#define T_ATTACH_MIME_TAG         T(0x370E, STRING)
#define T_DISPLAY_TYPE            T(0x3900, I4)
#define T_SMTP_ADDRESS            T(0x39FE, STRING)
#define T_SEND_RICH_INFO          T(0x3A40, BOOL)
#define T_INTERNET_CPID           T(0x3FDE, I4)
#define T_PST_HIDDEN_COUNT        T(0x6633, I4)
#define T_PST_HIDDEN_UNREAD       T(0x6634, I4)
#define T_LTP_ROW_ID              T(0x67F2, I4)
#define T_PST_PASSWORD            T(0x67FF, I4)

/* Table columns: 2.4.4.4.1 (hierarchy), 2.4.4.5.1 (contents), 2.4.4.6.1 (FAI
 * contents), 2.4.5.2 (recipients), 2.4.6.1.1 (attachments). */
static const uint32_t hierarchy_columns[] = {
    T_REPL_ITEMID,     T_REPL_CHANGENUM,   T_REPL_VERSION_HISTORY, T_REPL_FLAGS,
    T_DISPLAY_NAME,    T_CONTENT_COUNT,    T_CONTENT_UNREAD,       T_SUBFOLDERS,
    T_CONTAINER_CLASS, T_PST_HIDDEN_COUNT, T_PST_HIDDEN_UNREAD};
static const uint32_t contents_columns[] = {
    T_IMPORTANCE,         T_MESSAGE_CLASS,         T_SENSITIVITY,        T_SUBJECT,
    T_CLIENT_SUBMIT_TIME, T_SENT_REPR_NAME,        T_CONVERSATION_TOPIC, T_DISPLAY_CC,
    T_DISPLAY_TO,         T_DELIVERY_TIME,         T_MESSAGE_FLAGS,      T_MESSAGE_SIZE,
    T_MESSAGE_STATUS,     T_REPL_ITEMID,           T_REPL_CHANGENUM,     T_REPL_VERSION_HISTORY,
    T_REPL_FLAGS,         T_LAST_MODIFICATION_TIME};
static const uint32_t assoc_columns[] = {
    T_MESSAGE_CLASS,        T_MESSAGE_FLAGS, T_MESSAGE_STATUS,
    T_DISPLAY_NAME,         T_REPL_ITEMID,   T_REPL_CHANGENUM,
    T_REPL_VERSION_HISTORY, T_REPL_FLAGS,    T_LAST_MODIFICATION_TIME};
static const uint32_t recipient_columns[] = {T_RECIPIENT_TYPE, T_RESPONSIBILITY, T_RECORD_KEY,
                                             T_OBJECT_TYPE,    T_ENTRY_ID,       T_DISPLAY_NAME,
                                             T_ADDRTYPE,       T_EMAIL_ADDRESS,  T_SEARCH_KEY,
                                             T_DISPLAY_TYPE,   T_SMTP_ADDRESS,   T_SEND_RICH_INFO};
static const uint32_t attachment_columns[] = {T_ATTACH_SIZE, T_ATTACH_FILENAME, T_ATTACH_METHOD,
                                              T_RENDERING_POSITION};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* PidTagRecordKey of the store (any 16 bytes), and PSETID_Common
 * {00062008-0000-0000-C000-000000000046} as a GUID is stored. */
static const uint8_t store_uid[16] = {0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58,
                                      0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60};
static const uint8_t psetid_common[16] = {0x08, 0x20, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00,
                                          0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46};

#define MAX_FOLDERS     64   /* of the caller's */
#define MAX_ATTACHMENTS 200  /* of a message: its subnodes, with the tables, fit one SLBLOCK */
#define MAX_RECIPIENTS  1000 /* of a message */

/* A message as its folder's contents table shows it. */
typedef struct pst_row {
  uint32_t nid;         /* the message */
  char *subject;        /* UTF-8 */
  char *sender;         /* PidTagSentRepresentingName, "" when none */
  char *to, *cc;        /* PidTagDisplayTo and Cc */
  uint64_t when;        /* FILETIME */
  uint32_t flags, size; /* PidTagMessageFlags and PidTagMessageSize */
} pst_row;

typedef struct pst_folder {
  uint32_t nid;     /* the folder */
  uint32_t parent;  /* its parent's NID */
  char *name;       /* display name */
  pst_row *rows;    /* its messages */
  size_t row_count; /* entries */
  size_t row_cap;   /* allocated */
} pst_folder;

struct bs_pst {
  bs_ndb *ndb;                        /* the file */
  char *name;                         /* the store's display name */
  pst_folder folders[MAX_FOLDERS];    /* the caller's, in the order added */
  size_t folder_count;                /* entries */
  uint32_t next_folder;               /* index of the next folder NID */
  uint32_t next_message;              /* index of the next message NID */
  uint32_t ipm, search_root, deleted; /* NIDs of the special folders */
  bs_status status;                   /* first error, sticky */
};

static void fail(bs_pst *pst, bs_status status) {
  if (pst->status == BS_OK) pst->status = status;
}

/* [MS-DTYP] 2.3.3 FILETIME: 100 ns ticks since 1601-01-01 UTC. */
static uint64_t filetime(int64_t unix_seconds) {
  return (uint64_t)(unix_seconds + 11644473600LL) * 10000000u;
}

/* 2.4.3.2 EntryID of a node: four flag bytes, the store's UID, the NID. */
static void entry_id(uint8_t *out, uint32_t nid) {
  memset(out, 0, 4);
  memcpy(out + 4, store_uid, 16);
  bs_le32(out + 20, nid);
}

static bs_ltp_prop number(uint32_t tag, uint64_t value) {
  return (bs_ltp_prop){.tag = tag, .number = value};
}
static bs_ltp_prop text(uint32_t tag, const char *value) {
  return (bs_ltp_prop){.tag = tag, .text = value};
}
static bs_ltp_prop binary(uint32_t tag, const void *bytes, size_t len) {
  return (bs_ltp_prop){.tag = tag, .bytes = bytes, .len = len};
}

/* Writes a PC node and records it in the node B-tree. */
static void write_pc(bs_pst *pst, uint32_t nid, uint32_t parent, const bs_ltp_prop *props,
                     size_t count) {
  bs_ltp_node n;
  uint64_t data, sub;
  bs_ltp_begin(&n, pst->ndb);
  bs_ltp_pc(&n, props, count);
  bs_status status = bs_ltp_end(&n, &data, &sub);
  if (status == BS_OK) status = bs_ndb_node(pst->ndb, nid, data, sub, parent);
  fail(pst, status);
}

/* Writes a TC node. OUT: its BIDs. */
static bs_status table(bs_ndb *ndb, uint64_t *data, uint64_t *sub, const uint32_t *columns,
                       size_t column_count, const bs_ltp_row *rows, size_t row_count) {
  bs_ltp_node n;
  bs_ltp_begin(&n, ndb);
  bs_ltp_tc(&n, columns, column_count, rows, row_count);
  return bs_ltp_end(&n, data, sub);
}

/* Writes a TC node and records it in the node B-tree. */
static void write_table(bs_pst *pst, uint32_t nid, const uint32_t *columns, size_t column_count,
                        const bs_ltp_row *rows, size_t row_count) {
  uint64_t data, sub;
  bs_status status = table(pst->ndb, &data, &sub, columns, column_count, rows, row_count);
  if (status == BS_OK) status = bs_ndb_node(pst->ndb, nid, data, sub, 0);
  fail(pst, status);
}

/* ---- The store ---------------------------------------------------------------------- */

/* 2.4.7: the name-to-ID map, with one numbered name of PSETID_Common (LID 0x8503, the
 * GUID stream's first GUID, wGuid 3) and one string name of PS_PUBLIC_STRINGS
 * ("Keywords", wGuid 2), mapped to 0x8000 and 0x8001. The entry stream holds NAMEID
 * records (dwPropertyID, wGuid << 1 | N, wPropIdx), the string stream the name's
 * length and UTF-16LE characters; 2.4.7.5: each goes to the hash bucket of its
 * dwPropertyID (the LID, or the CRC of the string) XOR (wGuid << 1 | N), modulo the
 * bucket count, 251. */
static void name_to_id_map(bs_pst *pst) {
  enum { BUCKETS = 251 };
  static const uint8_t keywords[] = {'K', 0, 'e', 0, 'y', 0, 'w', 0,
                                     'o', 0, 'r', 0, 'd', 0, 's', 0};
  uint8_t entries[16], strings[4 + sizeof keywords], buckets[2][16];
  uint32_t hashed[2] = {0x8503, bs_ndb_crc(keywords, sizeof keywords)};
  uint32_t guid[2] = {3u << 1, 2u << 1 | 1u};
  uint32_t property[2] = {0x8503, 0}; /* a string name: its offset in the string stream */
  bs_le32(strings, sizeof keywords);
  memcpy(strings + 4, keywords, sizeof keywords);
  size_t bucket_len[2] = {0, 0};
  uint32_t bucket_of[2];
  for (size_t i = 0; i < 2; i++) {
    bs_le32(entries + 8 * i, property[i]);
    bs_le16(entries + 8 * i + 4, guid[i]);
    bs_le16(entries + 8 * i + 6, (uint32_t)i);
    bucket_of[i] = 0x1000 + (hashed[i] ^ guid[i]) % BUCKETS;
    size_t b = i == 1 && bucket_of[1] == bucket_of[0] ? 0 : i; /* two in one bucket */
    bs_le32(buckets[b] + bucket_len[b], hashed[i]);
    bs_le16(buckets[b] + bucket_len[b] + 4, guid[i]);
    bs_le16(buckets[b] + bucket_len[b] + 6, (uint32_t)i);
    bucket_len[b] += 8;
  }
  bs_ltp_prop props[6] = {number(T_NAMEID_BUCKET_COUNT, BUCKETS),
                          binary(T_NAMEID_STREAM_GUID, psetid_common, 16),
                          binary(T_NAMEID_STREAM_ENTRY, entries, sizeof entries),
                          binary(T_NAMEID_STREAM_STRING, strings, sizeof strings)};
  size_t count = 4;
  for (int b = 0; b < 2; b++)
    if (bucket_len[b])
      props[count++] = binary(BS_PROP_TAG(bucket_of[b], BS_PT_BINARY), buckets[b], bucket_len[b]);
  write_pc(pst, NID_NAME_TO_ID_MAP, 0, props, count);
}

bs_status bs_pst_create(bs_pst **out, const char *name) {
  bs_pst *pst = *out = bs_calloc(1, sizeof *pst);
  if (!pst) return BS_ENOMEM;
  pst->name = bs_strdup(name);
  bs_status status = pst->name ? bs_ndb_create(&pst->ndb) : BS_ENOMEM;
  if (status != BS_OK) return pst->status = status;
  pst->next_folder = 0x401;
  pst->next_message = 0x10001;
  pst->ipm = BS_NID(NID_TYPE_NORMAL_FOLDER, pst->next_folder++);         /* 0x8022 */
  pst->search_root = BS_NID(NID_TYPE_NORMAL_FOLDER, pst->next_folder++); /* 0x8042 */
  pst->deleted = BS_NID(NID_TYPE_NORMAL_FOLDER, pst->next_folder++);     /* 0x8062 */
  /* 2.4.3.1 the message store. */
  uint8_t ipm[24], deleted[24], finder[24];
  entry_id(ipm, pst->ipm);
  entry_id(deleted, pst->deleted);
  entry_id(finder, pst->search_root);
  const bs_ltp_prop store[] = {binary(T_RECORD_KEY, store_uid, sizeof store_uid),
                               text(T_DISPLAY_NAME, pst->name),
                               binary(T_IPM_SUBTREE_ENTRYID, ipm, sizeof ipm),
                               binary(T_IPM_WASTEBASKET_ENTRYID, deleted, sizeof deleted),
                               binary(T_FINDER_ENTRYID, finder, sizeof finder),
                               number(T_PST_PASSWORD, 0)};
  write_pc(pst, NID_MESSAGE_STORE, 0, store, COUNT(store));
  name_to_id_map(pst);
  /* 2.4.4.4.1 and following: the templates, tables of no rows. */
  static const struct {
    uint32_t nid;
    const uint32_t *columns;
    size_t count;
  } templates[] = {
      {NID_HIERARCHY_TABLE_TEMPLATE, hierarchy_columns, COUNT(hierarchy_columns)},
      {NID_CONTENTS_TABLE_TEMPLATE, contents_columns, COUNT(contents_columns)},
      {NID_ASSOC_CONTENTS_TABLE_TEMPLATE, assoc_columns, COUNT(assoc_columns)},
      {NID_SEARCH_CONTENTS_TABLE_TEMPLATE, contents_columns, COUNT(contents_columns)},
      {NID_ATTACHMENT_TABLE, attachment_columns, COUNT(attachment_columns)},
      {NID_RECIPIENT_TABLE, recipient_columns, COUNT(recipient_columns)},
  };
  for (size_t i = 0; i < COUNT(templates); i++)
    write_table(pst, templates[i].nid, templates[i].columns, templates[i].count, NULL, 0);
  return pst->status;
}

void bs_pst_free(bs_pst *pst) {
  if (!pst) return;
  for (size_t f = 0; f < pst->folder_count; f++) {
    pst_folder *folder = &pst->folders[f];
    for (size_t i = 0; i < folder->row_count; i++) {
      pst_row *row = &folder->rows[i];
      bs_free(row->subject);
      bs_free(row->sender);
      bs_free(row->to);
      bs_free(row->cc);
    }
    bs_free(folder->rows);
    bs_free(folder->name);
  }
  bs_free(pst->name);
  bs_ndb_free(pst->ndb);
  bs_free(pst);
}

static pst_folder *folder_of(bs_pst *pst, uint32_t nid) {
  for (size_t i = 0; i < pst->folder_count; i++)
    if (pst->folders[i].nid == nid) return &pst->folders[i];
  return NULL;
}

bs_status bs_pst_add_folder(bs_pst *pst, uint32_t *out, uint32_t parent, const char *name) {
  *out = 0;
  if (pst->status != BS_OK) return pst->status;
  if (parent == BS_PST_TOP) parent = pst->ipm;
  if (parent != pst->ipm && !folder_of(pst, parent)) return BS_EINVAL;
  if (pst->folder_count == MAX_FOLDERS) return BS_ELIMIT;
  pst_folder *f = &pst->folders[pst->folder_count];
  f->name = bs_strdup(name);
  if (!f->name) return BS_ENOMEM;
  f->nid = BS_NID(NID_TYPE_NORMAL_FOLDER, pst->next_folder++);
  f->parent = parent;
  pst->folder_count++;
  *out = f->nid;
  return BS_OK;
}

/* ---- Messages ----------------------------------------------------------------------- */

/* "name; name": a message's PidTagDisplayTo or Cc (2.4.5.2 keeps them in the PC). */
static char *display_list(const bs_pst_message *m, int cc) {
  GString *list = g_string_new("");
  for (size_t i = 0; i < m->recipient_count; i++) {
    if ((m->recipients[i].cc != 0) != cc) continue;
    if (list->len) g_string_append(list, "; ");
    g_string_append(list, m->recipients[i].name);
  }
  char *copy = bs_strdup(list->str);
  g_string_free(list, TRUE);
  return copy;
}

/* An attachment's 8.3 name (PidTagAttachFilename): its name's first 8 bytes before
 * the extension, then the extension's dot and 3. */
typedef struct short_name {
  char text[16]; /* "recall-l.csv" */
} short_name;

static short_name short_name_of(const char *name) {
  short_name out;
  const char *dot = strrchr(name, '.');
  size_t stem = dot ? (size_t)(dot - name) : strlen(name);
  snprintf(out.text, sizeof out.text, "%.*s%.4s", (int)(stem < 8 ? stem : 8), name, dot ? dot : "");
  return out;
}

/* 2.4.6.2: an attachment object by value (afByValue). */
static bs_status attachment(bs_ndb *ndb, bs_ndb_subnode *out, const bs_pst_attachment *a,
                            uint32_t nid) {
  const char *dot = strrchr(a->name, '.');
  short_name brief = short_name_of(a->name);
  const bs_ltp_prop props[] = {
      number(T_ATTACH_SIZE, a->len + 200),
      text(T_ATTACH_FILENAME, brief.text),
      text(T_ATTACH_LONG_FILENAME, a->name),
      text(T_DISPLAY_NAME, a->name),
      text(T_ATTACH_EXTENSION, dot ? dot : ""),
      number(T_ATTACH_METHOD, 1), /* afByValue */
      number(T_RENDERING_POSITION, 0xFFFFFFFFu),
      text(T_ATTACH_MIME_TAG, a->mime ? a->mime : "application/octet-stream"),
      binary(T_ATTACH_DATA_BINARY, a->data, a->len)};
  bs_ltp_node n;
  bs_ltp_begin(&n, ndb);
  bs_ltp_pc(&n, props, COUNT(props));
  out->nid = nid;
  return bs_ltp_end(&n, &out->data, &out->sub);
}

/* 2.4.6.1: a row per attachment, its row id the attachment's NID. */
static bs_status attachment_table(bs_ndb *ndb, bs_ndb_subnode *out, const bs_pst_message *m) {
  bs_ltp_prop *cells = bs_reallocarray(NULL, m->attachment_count * 5, sizeof *cells);
  bs_ltp_row *rows = bs_reallocarray(NULL, m->attachment_count, sizeof *rows);
  short_name *briefs = bs_reallocarray(NULL, m->attachment_count, sizeof *briefs);
  bs_status status = cells && rows && briefs ? BS_OK : BS_ENOMEM;
  for (size_t i = 0; status == BS_OK && i < m->attachment_count; i++) {
    const bs_pst_attachment *a = &m->attachments[i];
    briefs[i] = short_name_of(a->name);
    bs_ltp_prop *c = cells + 5 * i;
    c[0] = number(T_LTP_ROW_ID, BS_NID(NID_TYPE_ATTACHMENT, 0x401 + i));
    c[1] = number(T_ATTACH_SIZE, a->len + 200);
    c[2] = text(T_ATTACH_FILENAME, briefs[i].text);
    c[3] = number(T_ATTACH_METHOD, 1);
    c[4] = number(T_RENDERING_POSITION, 0xFFFFFFFFu);
    rows[i] = (bs_ltp_row){c, 5};
  }
  out->nid = NID_ATTACHMENT_TABLE;
  if (status == BS_OK)
    status = table(ndb, &out->data, &out->sub, attachment_columns, COUNT(attachment_columns), rows,
                   m->attachment_count);
  bs_free(cells);
  bs_free(rows);
  bs_free(briefs);
  return status;
}

/* 2.4.5.2: a row per recipient, To (MAPI_TO 1) or Cc (MAPI_CC 2), of a mail user
 * (object type 6) with an SMTP address and its search key "SMTP:ADDRESS". */
static bs_status recipient_table(bs_ndb *ndb, bs_ndb_subnode *out, const bs_pst_message *m) {
  enum { CELLS = 11 };
  size_t count = m->recipient_count;
  bs_ltp_prop *cells = bs_reallocarray(NULL, count ? count * CELLS : 1, sizeof *cells);
  bs_ltp_row *rows = bs_reallocarray(NULL, count ? count : 1, sizeof *rows);
  char **keys = bs_calloc(count ? count : 1, sizeof *keys);
  bs_status status = cells && rows && keys ? BS_OK : BS_ENOMEM;
  for (size_t i = 0; status == BS_OK && i < count; i++) {
    const bs_pst_recipient *r = &m->recipients[i];
    char *upper = g_ascii_strup(r->address, -1);
    keys[i] = g_strdup_printf("SMTP:%s", upper); /* with its NUL */
    g_free(upper);
    bs_ltp_prop *c = cells + CELLS * i;
    c[0] = number(T_LTP_ROW_ID, i);
    c[1] = number(T_RECIPIENT_TYPE, r->cc ? 2 : 1);
    c[2] = number(T_RESPONSIBILITY, 0);
    c[3] = number(T_OBJECT_TYPE, 6);
    c[4] = number(T_DISPLAY_TYPE, 0);
    c[5] = text(T_DISPLAY_NAME, r->name);
    c[6] = text(T_ADDRTYPE, "SMTP");
    c[7] = text(T_EMAIL_ADDRESS, r->address);
    c[8] = text(T_SMTP_ADDRESS, r->address);
    c[9] = binary(T_SEARCH_KEY, keys[i], strlen(keys[i]) + 1);
    c[10] = number(T_SEND_RICH_INFO, 0);
    rows[i] = (bs_ltp_row){c, CELLS};
  }
  out->nid = NID_RECIPIENT_TABLE;
  if (status == BS_OK)
    status =
        table(ndb, &out->data, &out->sub, recipient_columns, COUNT(recipient_columns), rows, count);
  for (size_t i = 0; keys && i < count; i++) g_free(keys[i]);
  bs_free(keys);
  bs_free(cells);
  bs_free(rows);
  return status;
}

/* Bytes of the text in UTF-16. */
static size_t utf16_bytes(const char *text) {
  if (!text) return 0;
  glong units = 0;
  gunichar2 *wide = g_utf8_to_utf16(text, -1, NULL, &units, NULL);
  g_free(wide);
  return (size_t)units * 2;
}

static bs_status add_row(pst_folder *f, const pst_row *row) {
  if (f->row_count == f->row_cap) {
    size_t cap = f->row_cap ? f->row_cap * 2 : 16;
    pst_row *rows = bs_reallocarray(f->rows, cap, sizeof *rows);
    if (!rows) return BS_ENOMEM;
    f->rows = rows;
    f->row_cap = cap;
  }
  f->rows[f->row_count++] = *row;
  return BS_OK;
}

/* 2.4.5: the message's PC with its recipient table, its attachment objects and their
 * table as subnodes. */
bs_status bs_pst_add_message(bs_pst *pst, uint32_t folder, const bs_pst_message *m) {
  if (pst->status != BS_OK) return pst->status;
  pst_folder *f = folder_of(pst, folder);
  if (!f || !m->subject) return BS_EINVAL;
  if (m->attachment_count > MAX_ATTACHMENTS || m->recipient_count > MAX_RECIPIENTS)
    return BS_ELIMIT;
  uint32_t nid = BS_NID(NID_TYPE_NORMAL_MESSAGE, pst->next_message++);
  pst_row row = {.nid = nid,
                 .subject = bs_strdup(m->subject),
                 .sender = bs_strdup(m->sender_name ? m->sender_name : ""),
                 .to = display_list(m, 0),
                 .cc = display_list(m, 1),
                 .when = filetime(m->date),
                 .flags = 0x01u | (m->attachment_count ? 0x10u : 0u)}; /* READ, HASATTACH */
  size_t size = utf16_bytes(m->body) + 512;
  for (size_t i = 0; i < m->attachment_count; i++) size += m->attachments[i].len;
  row.size = size > 0x7FFFFFFF ? 0x7FFFFFFF : (uint32_t)size;
  bs_status status = row.subject && row.sender && row.to && row.cc ? BS_OK : BS_ENOMEM;
  if (status == BS_OK) status = add_row(f, &row);
  if (status != BS_OK) {
    bs_free(row.subject);
    bs_free(row.sender);
    bs_free(row.to);
    bs_free(row.cc);
    fail(pst, status);
    return status;
  }
  bs_ltp_node n;
  bs_ltp_begin(&n, pst->ndb);
  bs_ndb_subnode sub;
  status = recipient_table(pst->ndb, &sub, m);
  if (status == BS_OK) bs_ltp_subnode(&n, sub.nid, sub.data, sub.sub);
  for (size_t i = 0; status == BS_OK && i < m->attachment_count; i++) {
    status = attachment(pst->ndb, &sub, &m->attachments[i], BS_NID(NID_TYPE_ATTACHMENT, 0x401 + i));
    if (status == BS_OK) bs_ltp_subnode(&n, sub.nid, sub.data, sub.sub);
  }
  if (status == BS_OK && m->attachment_count) status = attachment_table(pst->ndb, &sub, m);
  if (status == BS_OK && m->attachment_count) bs_ltp_subnode(&n, sub.nid, sub.data, sub.sub);
  uint8_t search_key[16];
  for (size_t i = 0; i < 4; i++) bs_le32(search_key + 4 * i, nid);
  bs_ltp_prop props[24] = {text(T_MESSAGE_CLASS, "IPM.Note"),
                           text(T_SUBJECT, row.subject),
                           text(T_CONVERSATION_TOPIC, row.subject),
                           number(T_IMPORTANCE, 1),
                           number(T_SENSITIVITY, 0),
                           number(T_MESSAGE_FLAGS, row.flags),
                           number(T_MESSAGE_STATUS, 0),
                           number(T_CLIENT_SUBMIT_TIME, row.when),
                           number(T_DELIVERY_TIME, row.when),
                           number(T_CREATION_TIME, row.when),
                           number(T_LAST_MODIFICATION_TIME, row.when),
                           number(T_HAS_ATTACHMENTS, m->attachment_count ? 1 : 0),
                           binary(T_SEARCH_KEY, search_key, sizeof search_key),
                           number(T_INTERNET_CPID, 65001), /* UTF-8 */
                           text(T_DISPLAY_TO, row.to),
                           text(T_DISPLAY_CC, row.cc),
                           number(T_MESSAGE_SIZE, row.size)};
  size_t count = 17;
  if (m->body) props[count++] = text(T_BODY, m->body);
  if (m->sender_name) {
    props[count++] = text(T_SENDER_NAME, m->sender_name);
    props[count++] = text(T_SENT_REPR_NAME, m->sender_name);
  }
  if (m->sender_address) {
    props[count++] = text(T_SENDER_ADDRESS, m->sender_address);
    props[count++] = text(T_SENT_REPR_ADDRESS, m->sender_address);
    props[count++] = text(T_SENDER_ADDRTYPE, "SMTP");
    props[count++] = text(T_SENT_REPR_ADDRTYPE, "SMTP");
  }
  if (status == BS_OK) bs_ltp_pc(&n, props, count);
  uint64_t data, subnodes;
  bs_status ended = bs_ltp_end(&n, &data, &subnodes);
  if (status == BS_OK) status = ended;
  if (status == BS_OK) status = bs_ndb_node(pst->ndb, nid, data, subnodes, folder);
  fail(pst, status);
  return status;
}

/* ---- Folders ------------------------------------------------------------------------ */

/* A row of a hierarchy table. */
typedef struct hierarchy_row {
  const char *name;   /* the subfolder's display name */
  size_t messages;    /* its content count */
  uint32_t nid;       /* its NID */
  int has_subfolders; /* 1 or 0 */
} hierarchy_row;

/* 2.4.4: the folder's PC (IPF.Note, or no container class), its hierarchy table of
 * `subs`, its contents table of `messages` and an empty FAI contents table. */
static void write_folder(bs_pst *pst, uint32_t nid, uint32_t parent, const char *name,
                         const hierarchy_row *subs, size_t sub_count, const pst_row *messages,
                         size_t message_count, int mail) {
  bs_ltp_prop props[5] = {text(T_DISPLAY_NAME, name), number(T_CONTENT_COUNT, message_count),
                          number(T_CONTENT_UNREAD, 0), number(T_SUBFOLDERS, sub_count != 0)};
  size_t count = 4;
  if (mail) props[count++] = text(T_CONTAINER_CLASS, "IPF.Note");
  write_pc(pst, nid, parent, props, count);

  enum { HCELLS = 6, CCELLS = 16 };
  size_t most = sub_count > message_count ? sub_count : message_count;
  bs_ltp_prop *cells = bs_reallocarray(NULL, most ? most * CCELLS : 1, sizeof *cells);
  bs_ltp_row *rows = bs_reallocarray(NULL, most ? most : 1, sizeof *rows);
  if (!cells || !rows) fail(pst, BS_ENOMEM);
  for (size_t i = 0; cells && rows && i < sub_count; i++) {
    bs_ltp_prop *c = cells + HCELLS * i;
    c[0] = number(T_LTP_ROW_ID, subs[i].nid);
    c[1] = text(T_DISPLAY_NAME, subs[i].name);
    c[2] = number(T_CONTENT_COUNT, subs[i].messages);
    c[3] = number(T_CONTENT_UNREAD, 0);
    c[4] = number(T_SUBFOLDERS, subs[i].has_subfolders);
    c[5] = text(T_CONTAINER_CLASS, "IPF.Note");
    rows[i] = (bs_ltp_row){c, HCELLS};
  }
  uint32_t index = nid >> 5;
  if (cells && rows)
    write_table(pst, BS_NID(NID_TYPE_HIERARCHY_TABLE, index), hierarchy_columns,
                COUNT(hierarchy_columns), rows, sub_count);
  for (size_t i = 0; cells && rows && i < message_count; i++) {
    const pst_row *m = &messages[i];
    bs_ltp_prop *c = cells + CCELLS * i;
    c[0] = number(T_LTP_ROW_ID, m->nid);
    c[1] = number(T_IMPORTANCE, 1);
    c[2] = text(T_MESSAGE_CLASS, "IPM.Note");
    c[3] = number(T_SENSITIVITY, 0);
    c[4] = text(T_SUBJECT, m->subject);
    c[5] = number(T_CLIENT_SUBMIT_TIME, m->when);
    c[6] = text(T_SENT_REPR_NAME, m->sender);
    c[7] = text(T_CONVERSATION_TOPIC, m->subject);
    c[8] = text(T_DISPLAY_TO, m->to);
    c[9] = text(T_DISPLAY_CC, m->cc);
    c[10] = number(T_DELIVERY_TIME, m->when);
    c[11] = number(T_MESSAGE_FLAGS, m->flags);
    c[12] = number(T_MESSAGE_SIZE, m->size);
    c[13] = number(T_MESSAGE_STATUS, 0);
    c[14] = number(T_LAST_MODIFICATION_TIME, m->when);
    rows[i] = (bs_ltp_row){c, 15};
  }
  if (cells && rows)
    write_table(pst, BS_NID(NID_TYPE_CONTENTS_TABLE, index), contents_columns,
                COUNT(contents_columns), rows, message_count);
  write_table(pst, BS_NID(NID_TYPE_ASSOC_CONTENTS_TABLE, index), assoc_columns,
              COUNT(assoc_columns), NULL, 0);
  bs_free(cells);
  bs_free(rows);
}

/* The hierarchy rows of the caller's folders under `parent`. OUT: rows. */
static size_t children(const bs_pst *pst, hierarchy_row *rows, uint32_t parent) {
  size_t count = 0;
  for (size_t i = 0; i < pst->folder_count; i++) {
    const pst_folder *f = &pst->folders[i];
    if (f->parent != parent) continue;
    int has_subfolders = 0;
    for (size_t k = 0; k < pst->folder_count; k++)
      has_subfolders |= pst->folders[k].parent == f->nid;
    rows[count++] = (hierarchy_row){f->name, f->row_count, f->nid, has_subfolders};
  }
  return count;
}

bs_status bs_pst_finish(bs_pst *pst, FILE *out) {
  if (pst->status != BS_OK) return pst->status;
  hierarchy_row rows[MAX_FOLDERS + 2];
  for (size_t i = 0; pst->status == BS_OK && i < pst->folder_count; i++) {
    const pst_folder *f = &pst->folders[i];
    size_t count = children(pst, rows, f->nid);
    write_folder(pst, f->nid, f->parent, f->name, rows, count, f->rows, f->row_count, 1);
  }
  /* 2.4.4.1: Deleted Items under the IPM subtree, which is under the root folder with
   * Search Root; the root folder is its own parent. */
  write_folder(pst, pst->deleted, pst->ipm, "Deleted Items", NULL, 0, NULL, 0, 1);
  size_t count = children(pst, rows, pst->ipm);
  rows[count++] = (hierarchy_row){"Deleted Items", 0, pst->deleted, 0};
  write_folder(pst, pst->ipm, NID_ROOT_FOLDER, "Top of Personal Folders", rows, count, NULL, 0, 1);
  write_folder(pst, pst->search_root, NID_ROOT_FOLDER, "Search Root", NULL, 0, NULL, 0, 0);
  const hierarchy_row top[] = {{"Top of Personal Folders", 0, pst->ipm, 1},
                               {"Search Root", 0, pst->search_root, 0}};
  write_folder(pst, NID_ROOT_FOLDER, NID_ROOT_FOLDER, "", top, COUNT(top), NULL, 0, 0);
  if (pst->status == BS_OK) fail(pst, bs_ndb_finish(pst->ndb, out));
  return pst->status;
}
