/* Outlook personal folders files (Unicode PST, [MS-PST]) as Outlook writes them: the
 * message store, the name-to-ID map, the root folder with the IPM subtree ("Top of
 * Personal Folders"), Deleted Items and Search Root, the table templates, and the
 * caller's folders with their hierarchy, contents and FAI contents tables; messages
 * with a plain-text body, their recipient table, and attachments (by value) with their
 * table. Data blocks are stored plain (bCryptMethod NDB_CRYPT_NONE). Not written: the
 * search-related internal nodes (2.4.8), which a reader may ignore.
 *
 * The store is built in memory and written by bs_pst_finish; the same calls give the
 * same bytes. */
#ifndef BS_PST_OUT_H
#define BS_PST_OUT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"

typedef struct bs_pst bs_pst;

/* The folder `parent` of bs_pst_add_folder names for the top of the personal folders. */
#define BS_PST_TOP 0u

typedef struct bs_pst_recipient {
  const char *name;    /* display name, UTF-8 */
  const char *address; /* SMTP address */
  int cc;              /* 1: a Cc recipient; 0: To */
} bs_pst_recipient;

typedef struct bs_pst_attachment {
  const char *name; /* file name, UTF-8 ("recall-list.csv") */
  const char *mime; /* media type; NULL: application/octet-stream */
  const void *data; /* its bytes */
  size_t len;       /* bytes */
} bs_pst_attachment;

typedef struct bs_pst_message {
  const char *subject;                  /* UTF-8 */
  const char *sender_name;              /* NULL: none */
  const char *sender_address;           /* SMTP; NULL: none */
  int64_t date;                         /* sent and delivered: seconds since 1970, UTC */
  const char *body;                     /* plain text, UTF-8; NULL: none */
  const bs_pst_recipient *recipients;   /* To and Cc, in order */
  size_t recipient_count;               /* entries */
  const bs_pst_attachment *attachments; /* in order */
  size_t attachment_count;              /* entries */
} bs_pst_message;

/* A store whose display name is `name`. */
bs_status bs_pst_create(bs_pst **out, const char *name);
void bs_pst_free(bs_pst *pst);
/* A folder of mail (IPF.Note) named `name` under `parent` (BS_PST_TOP or a folder of
 * this store). OUT: out, the folder's id. */
bs_status bs_pst_add_folder(bs_pst *pst, uint32_t *out, uint32_t parent, const char *name);
/* A message (IPM.Note) in the folder. */
bs_status bs_pst_add_message(bs_pst *pst, uint32_t folder, const bs_pst_message *message);
/* Writes the folders, the B-trees, maps and header: the whole file, to out (the
 * caller's). Returns the first error of any call. */
bs_status bs_pst_finish(bs_pst *pst, FILE *out);

#endif
