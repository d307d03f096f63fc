/* What a lookup shows: to the agent, JSON with the verdict, the exposed element types
 * by name (never their values), the letter date, the enrollment code and a script to
 * read; to the audit log, the masked question and what was shown. A caller who is not
 * verified gets one fixed answer whatever the reason. */
#ifndef BS_ANSWER_H
#define BS_ANSWER_H

#include "base/buf.h"
#include "serve/caller.h"
#include "serve/request.h"

/* The agent's JSON object into body, and the audit's record of it into shown. */
bs_status bs_answer_lookup(bs_buf *body, bs_buf *shown, const bs_directory *dir,
                           const bs_caller_result *result);
/* The audit's masked form of a lookup question: initials, year of birth, the ZIP's
 * first three digits, the code's last two characters. */
bs_status bs_answer_question(bs_buf *out, const bs_request *request);
/* A label a caller understands for each element type ("Social Security number");
 * NULL for types that are not the caller's (a provider's NPI). */
const char *bs_answer_element_label(int element);

#endif
