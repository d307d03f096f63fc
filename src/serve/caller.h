/* Caller verification: is the person on the line someone of the case? Either full
 * name + date of birth + ZIP, or enrollment code + date of birth. Every part must
 * agree; a question that is almost right (right name, wrong date of birth) gets the
 * same answer as a stranger's, so that nobody learns who is in the data by trying. */
#ifndef BS_CALLER_H
#define BS_CALLER_H
#include <stddef.h>

#include "link/nicknames.h"
#include "serve/directory.h"
#include "serve/request.h"

#define BS_CALLER_MAX_MATCHES 8

typedef enum bs_caller_method {
  BS_CALLER_BY_NAME = 0, /* first + last + dob + zip */
  BS_CALLER_BY_CODE = 1, /* code + dob */
} bs_caller_method;

typedef struct bs_caller_result {
  bs_caller_method method;               /* how the caller was asked */
  size_t count;                          /* persons matched: 0 is "not verified" */
  size_t matches[BS_CALLER_MAX_MATCHES]; /* their directory indexes */
} bs_caller_result;

/* Verifies the caller described by request (members first, middle, last, dob, zip, or
 * code and dob). BS_EINVAL with a reason in error (no caller data in it) when the
 * question itself is incomplete or malformed: that depends only on what was typed. */
bs_status bs_caller_verify(bs_caller_result *out, const bs_directory *dir,
                           const bs_nicknames *nicknames, const bs_request *request, char *error,
                           size_t error_cap);

#endif
