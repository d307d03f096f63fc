/* JSON request bodies (see request.h), with yajl's event parser: no tree is built,
 * and every event is checked against the one shape allowed. */
#include "serve/request.h"

#include <stdio.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "extract/utf8.h"

typedef struct parse_state {
  bs_request *out;
  int depth;          /* 1 inside the object */
  int field;          /* member the next value belongs to, or -1 */
  const char *reason; /* why the body is refused, or NULL */
  char detail[96];    /* reason with a member name */
} parse_state;

static const struct {
  const char *name;
  size_t offset, cap;
} fields[] = {
#define BS_REQUEST_ENTRY(name, cap) {#name, offsetof(bs_request, name), cap},
    BS_REQUEST_FIELDS(BS_REQUEST_ENTRY)
#undef BS_REQUEST_ENTRY
};

static int refuse(parse_state *s, const char *reason) {
  if (!s->reason) s->reason = reason;
  return 0; /* stops yajl */
}

static int refuse_field(parse_state *s, const char *what) {
  if (s->field < 0) return refuse(s, "the body is not one JSON object");
  snprintf(s->detail, sizeof s->detail, "member \"%s\" %s", fields[s->field].name, what);
  return refuse(s, s->detail);
}

static int on_scalar(void *ctx) {
  parse_state *s = ctx;
  if (s->depth == 0) return refuse(s, "the body is not a JSON object");
  return refuse_field(s, "is not a string");
}

static int on_bool(void *ctx, int value) {
  (void)value;
  return on_scalar(ctx);
}

static int on_number(void *ctx, const char *text, size_t len) {
  (void)text;
  (void)len;
  return on_scalar(ctx);
}

static int on_string(void *ctx, const unsigned char *value, size_t len) {
  parse_state *s = ctx;
  if (s->depth == 0) return refuse(s, "the body is not a JSON object");
  size_t cap = fields[s->field].cap;
  if (len >= cap) return refuse_field(s, "is too long");
  for (size_t i = 0; i < len; i++)
    if (value[i] < 0x20 || value[i] == 0x7f) return refuse_field(s, "holds a control character");
  /* yajl's own UTF-8 check lets overlong forms through. */
  if (!bs_utf8_valid((const char *)value, len)) return refuse_field(s, "is not valid UTF-8");
  char *dest = (char *)s->out + fields[s->field].offset;
  memcpy(dest, value, len);
  dest[len] = '\0';
  s->out->present |= 1u << s->field;
  s->field = -1;
  return 1;
}

static int on_start_map(void *ctx) {
  parse_state *s = ctx;
  if (s->depth > 0) return refuse_field(s, "is not a string");
  s->depth = 1;
  return 1;
}

static int on_key(void *ctx, const unsigned char *key, size_t len) {
  parse_state *s = ctx;
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (strlen(fields[i].name) == len && !memcmp(fields[i].name, key, len)) {
      s->field = (int)i;
      if (s->out->present & (1u << i)) return refuse_field(s, "is given twice");
      return 1;
    }
  return refuse(s, "unknown member");
}

static int on_end_map(void *ctx) {
  parse_state *s = ctx;
  s->depth = 2; /* the object is closed: nothing may follow */
  return 1;
}

static int on_start_array(void *ctx) { return on_scalar(ctx); }

bs_status bs_request_parse(bs_request *out, const char *body, size_t len, char *error,
                           size_t error_cap) {
  static const yajl_callbacks callbacks = {
      .yajl_null = on_scalar,
      .yajl_boolean = on_bool,
      .yajl_number = on_number,
      .yajl_string = on_string,
      .yajl_start_map = on_start_map,
      .yajl_map_key = on_key,
      .yajl_end_map = on_end_map,
      .yajl_start_array = on_start_array,
  };
  memset(out, 0, sizeof *out);
  if (error_cap) error[0] = '\0';
  if (len > BS_REQUEST_MAX_BODY) {
    snprintf(error, error_cap, "the body is larger than %d bytes", BS_REQUEST_MAX_BODY);
    return BS_ELIMIT;
  }
  parse_state state = {.out = out, .field = -1};
  yajl_handle parser = yajl_alloc(&callbacks, NULL, &state);
  if (!parser) return BS_ENOMEM;
  yajl_status rc = yajl_parse(parser, (const unsigned char *)body, len);
  if (rc == yajl_status_ok) rc = yajl_complete_parse(parser);
  size_t at = yajl_get_bytes_consumed(parser);
  yajl_free(parser);
  if (rc == yajl_status_ok && state.depth == 2 && !state.reason) return BS_OK;
  if (state.reason)
    snprintf(error, error_cap, "%s", state.reason);
  else if (rc == yajl_status_ok)
    snprintf(error, error_cap, "the body is not a JSON object");
  else
    snprintf(error, error_cap, "invalid JSON near byte %zu", at);
  memset(out, 0, sizeof *out);
  return BS_EFORMAT;
}

int bs_request_has(const bs_request *request, bs_request_field field) {
  return (request->present & (1u << field)) != 0;
}
