/* Findings of one file, with their normalized values in an arena. */
#ifndef BS_FINDING_H
#define BS_FINDING_H
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/status.h"

typedef struct bs_finding {
  uint64_t line;      /* 1-based, 0 when the format has no lines */
  uint64_t column;    /* 1-based characters, 0 likewise */
  uint64_t row;       /* table row / record, 0 when none */
  uint64_t record;    /* the unit's record in its file, 0 when none */
  uint32_t value_off; /* normalized value: offset into the list's arena */
  uint32_t value_len; /* bytes */
  uint32_t hint_off;  /* field hint: offset into the arena */
  uint32_t hint_len;  /* bytes, 0 when no hint */
  uint32_t place_off; /* place in the document ("Sheet1!C12"): offset into the arena */
  uint32_t place_len; /* bytes, 0 when none */
  float confidence;   /* 0 to 1 */
  uint8_t type;       /* bs_element */
  uint8_t detector;   /* bs_detector */
} bs_finding;

typedef struct bs_finding_list {
  bs_finding *items;       /* findings in the order found */
  size_t count;            /* items in use */
  size_t cap;              /* items allocated */
  bs_buf arena;            /* values and hints */
  const char *last_hint;   /* hint pointer last stored, to share its copy */
  uint32_t last_hint_off;  /* where it was stored */
  uint32_t last_hint_len;  /* its length */
  uint32_t last_place_off; /* place last stored, shared by findings of one unit */
  uint32_t last_place_len; /* its length, 0 when none stored yet */
} bs_finding_list;

void bs_finding_list_init(bs_finding_list *list);
void bs_finding_list_free(bs_finding_list *list);
void bs_finding_list_clear(bs_finding_list *list);
/* Appends a finding; value, hint and place are copied (the hint once per distinct
 * pointer, the place once per distinct text in a row). */
bs_status bs_finding_list_add(bs_finding_list *list, const bs_finding *finding, const char *value,
                              size_t value_len, const char *hint, const char *place);
static inline const char *bs_finding_value(const bs_finding_list *list, const bs_finding *f) {
  return list->arena.data + f->value_off;
}

#endif
