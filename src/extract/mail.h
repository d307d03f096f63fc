/* Email: single messages (RFC 5322 with MIME, read with GMime), mailboxes (mbox, RFC
 * 4155) and Outlook stores (PST, read with libpst). Header fields and text bodies are
 * units; attachments, messages inside messages and the messages of a mailbox or store
 * go to sink->member, named so that a finding reads mail.pst!Inbox/Subject (date).eml!
 * scan.pdf. */
#ifndef BS_MAIL_H
#define BS_MAIL_H
#include <stddef.h>
#include <stdint.h>

#include "extract/read.h"

bs_status bs_read_eml(const bs_source *src, const bs_unit_sink *sink);
bs_status bs_read_mbox(const bs_source *src, const bs_unit_sink *sink);
/* An Outlook store, read in a child process (isolate.h). */
bs_status bs_read_pst(const bs_source *src, const bs_unit_sink *sink);
/* The same in the calling process, without the child: for the fuzz target, whose
 * coverage a child would take away with it. */
bs_status bs_read_pst_here(const bs_source *src, const bs_unit_sink *sink);

/* A member name made safe to show and store: control characters and '/' and '\\'
 * replaced by '_', cut at max_chars characters (on a UTF-8 boundary), trimmed of
 * spaces and dots at either end. OUT: out, "" when nothing is left. */
void bs_mail_clean_name(char *out, size_t cap, const char *name, size_t max_chars);

/* "<prefix><subject> (YYYY-MM-DD)<suffix>" for a message: the subject cleaned and cut
 * at 60 characters, the date left out when unknown (date_ymd 0), "(no subject)"
 * when there is none. OUT: out. */
void bs_mail_message_name(char *out, size_t cap, const char *prefix, const char *subject,
                          int date_ymd, const char *suffix);

#endif
