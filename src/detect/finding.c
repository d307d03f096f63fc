/* Growable list of findings with an arena for their strings. */
#include "detect/finding.h"

#include <string.h>

#include "base/alloc.h"

/* Findings of one file never need more than this much text. */
#define FINDING_ARENA_LIMIT ((size_t)1 << 31)

void bs_finding_list_init(bs_finding_list *list) {
  memset(list, 0, sizeof *list);
  bs_buf_init(&list->arena, FINDING_ARENA_LIMIT);
}

void bs_finding_list_free(bs_finding_list *list) {
  bs_free(list->items);
  bs_buf_free(&list->arena);
  bs_finding_list_init(list);
}

void bs_finding_list_clear(bs_finding_list *list) {
  list->count = 0;
  bs_buf_reset(&list->arena);
  list->last_hint = NULL;
  list->last_place_len = 0;
}

/* Places repeat for every finding of a unit; readers may reuse their buffer, so the
 * text is compared, not the pointer. */
static bs_status add_place(bs_finding_list *list, bs_finding *f, const char *place) {
  f->place_off = f->place_len = 0;
  if (!place || !*place) return BS_OK;
  size_t len = strlen(place);
  if (len != list->last_place_len ||
      memcmp(list->arena.data + list->last_place_off, place, len) != 0) {
    list->last_place_off = (uint32_t)list->arena.len;
    bs_status status = bs_buf_append(&list->arena, place, len + 1);
    if (status != BS_OK) return status;
    list->last_place_len = (uint32_t)len;
  }
  f->place_off = list->last_place_off;
  f->place_len = list->last_place_len;
  return BS_OK;
}

bs_status bs_finding_list_add(bs_finding_list *list, const bs_finding *finding, const char *value,
                              size_t value_len, const char *hint, const char *place) {
  if (list->count == list->cap) {
    size_t cap = list->cap ? list->cap * 2 : 64;
    bs_finding *items = bs_reallocarray(list->items, cap, sizeof *items);
    if (!items) return BS_ENOMEM;
    list->items = items;
    list->cap = cap;
  }
  bs_finding *f = &list->items[list->count];
  *f = *finding;
  f->value_off = (uint32_t)list->arena.len;
  f->value_len = (uint32_t)value_len;
  bs_status status = bs_buf_append(&list->arena, value, value_len);
  if (status == BS_OK) status = bs_buf_append_char(&list->arena, '\0');
  if (status != BS_OK) return status;
  f->hint_off = f->hint_len = 0;
  if (hint) {
    if (hint != list->last_hint) {
      size_t len = strlen(hint);
      list->last_hint_off = (uint32_t)list->arena.len;
      list->last_hint_len = (uint32_t)len;
      status = bs_buf_append(&list->arena, hint, len + 1);
      if (status != BS_OK) return status;
      list->last_hint = hint;
    }
    f->hint_off = list->last_hint_off;
    f->hint_len = list->last_hint_len;
  }
  status = add_place(list, f, place);
  if (status != BS_OK) return status;
  list->count++;
  return BS_OK;
}
