/* The JSON bodies the service accepts, parsed with yajl into fixed fields: one flat
 * object of known string members, each at most its size, UTF-8 without control
 * characters, none twice. Anything else is refused with a short reason that never
 * repeats the body (it may hold a caller's data). */
#ifndef BS_REQUEST_H
#define BS_REQUEST_H
#include <stddef.h>

#include "base/status.h"

/* Largest body read; a longer one is refused (413) before it is parsed. */
#define BS_REQUEST_MAX_BODY 4096

/* name, capacity in bytes with the terminator */
#define BS_REQUEST_FIELDS(X)                                                                       \
  X(username, 65)                                                                                  \
  X(password, 257)                                                                                 \
  X(first, 65)                                                                                     \
  X(middle, 65)                                                                                    \
  X(last, 65)                                                                                      \
  X(dob, 33)                                                                                       \
  X(zip, 17)                                                                                       \
  X(code, 33)

typedef enum bs_request_field {
#define BS_REQUEST_ENUM(name, cap) BS_REQ_##name,
  BS_REQUEST_FIELDS(BS_REQUEST_ENUM)
#undef BS_REQUEST_ENUM
      BS_REQ_COUNT
} bs_request_field;

typedef struct bs_request {
#define BS_REQUEST_MEMBER(name, cap) char name[cap];
  BS_REQUEST_FIELDS(BS_REQUEST_MEMBER)
#undef BS_REQUEST_MEMBER
  unsigned present; /* bit (1 << bs_request_field) for each member given */
} bs_request;

/* Parses body into out (members not given are ""). BS_EFORMAT with a reason in
 * error (printable ASCII, no byte of the body) when the body is not such an object. */
bs_status bs_request_parse(bs_request *out, const char *body, size_t len, char *error,
                           size_t error_cap);
/* 1 when the member was given and is not empty. */
int bs_request_has(const bs_request *request, bs_request_field field);

#endif
