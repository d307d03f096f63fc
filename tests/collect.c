/* The collecting sink of collect.h. */
#include "collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/hints.h"

static void copy(char *out, size_t cap, const char *text, size_t len) {
  size_t n = len < cap - 1 ? len : cap - 1;
  if (n) memcpy(out, text, n);
  out[n] = '\0';
}

static bs_status on_unit(const bs_unit *unit, void *ctx) {
  got *g = ctx;
  if (g->unit_count < GOT_UNITS) {
    got_unit *u = &g->units[g->unit_count];
    copy(u->text, sizeof u->text, unit->text, unit->len);
    u->len = unit->len;
    u->line = unit->line;
    u->column = unit->column;
    u->row = unit->row;
    u->has_hint = unit->hint != NULL;
    u->hint_ptr = unit->hint;
    if (unit->hint) copy(u->hint, sizeof u->hint, unit->hint, strlen(unit->hint));
    u->hint_type = unit->hint_type;
    u->type_matches = unit->hint_type == bs_hint_type(unit->hint);
    if (unit->place) copy(u->place, sizeof u->place, unit->place, strlen(unit->place));
  }
  g->unit_count++;
  return BS_OK;
}

static void on_diagnostic(const char *place, const char *message, void *ctx) {
  got *g = ctx;
  if (g->diag_count < GOT_NOTES)
    snprintf(g->diags[g->diag_count], sizeof g->diags[0], "%s: %s", place ? place : "(null)",
             message ? message : "(null)");
  g->diag_count++;
}

static bs_status on_member(const bs_member *member, void *ctx) {
  got *g = ctx;
  if (g->member_count < GOT_MEMBERS) {
    got_member *m = &g->members[g->member_count];
    copy(m->name, sizeof m->name, member->name, strlen(member->name));
    m->has_data = member->data != NULL;
    if (member->data) copy(m->data, sizeof m->data, member->data, member->len);
    m->len = member->len;
    m->mtime = member->mtime;
    if (member->not_examined)
      copy(m->why, sizeof m->why, member->not_examined, strlen(member->not_examined));
  }
  g->member_count++;
  return BS_OK;
}

static void on_unexamined(const char *place, const char *why, void *ctx) {
  got *g = ctx;
  if (g->unexamined_count < GOT_NOTES)
    snprintf(g->unexamined[g->unexamined_count], sizeof g->unexamined[0], "%s: %s",
             place ? place : "-", why ? why : "(null)");
  g->unexamined_count++;
}

got *got_new(void) { return calloc(1, sizeof(got)); }

bs_unit_sink got_sink(got *g) {
  bs_unit_sink sink = {on_unit, on_diagnostic, on_member, on_unexamined, g};
  return sink;
}

const got_unit *got_unit_with(const got *g, const char *text) {
  for (size_t i = 0; i < g->unit_count && i < GOT_UNITS; i++)
    if (strstr(g->units[i].text, text)) return &g->units[i];
  return NULL;
}

const got_member *got_member_named(const got *g, const char *name) {
  for (size_t i = 0; i < g->member_count && i < GOT_MEMBERS; i++)
    if (strcmp(g->members[i].name, name) == 0) return &g->members[i];
  return NULL;
}

int got_diag(const got *g, const char *note) {
  for (size_t i = 0; i < g->diag_count && i < GOT_NOTES; i++)
    if (strcmp(g->diags[i], note) == 0) return 1;
  return 0;
}

int got_unexamined(const got *g, const char *note) {
  for (size_t i = 0; i < g->unexamined_count && i < GOT_NOTES; i++)
    if (strcmp(g->unexamined[i], note) == 0) return 1;
  return 0;
}

int got_notes_contain(const got *g, const char *text) {
  for (size_t i = 0; i < g->diag_count && i < GOT_NOTES; i++)
    if (strcasestr(g->diags[i], text)) return 1;
  for (size_t i = 0; i < g->unexamined_count && i < GOT_NOTES; i++)
    if (strcasestr(g->unexamined[i], text)) return 1;
  for (size_t i = 0; i < g->member_count && i < GOT_MEMBERS; i++)
    if (strcasestr(g->members[i].why, text)) return 1;
  return 0;
}
