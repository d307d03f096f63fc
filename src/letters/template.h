/* Letter templates: a readable text format with fields and conditional sections, parsed
 * once and shared read-only by every rendering thread.
 *
 *   %% a comment
 *   # Notice of Data Breach              title
 *   ## What Happened                     heading
 *   - a bullet item                      (continued by the following lines)
 *   Plain lines make paragraphs; a blank line ends one. **bold** spans a paragraph's words.
 *   {organization} {elements} ...        fields, listed in BS_LETTER_FIELDS; {{ is a brace
 *   %if element ssn,itin                 the person's exposure holds any of these types
 *   %if state CA,MA                      the person lives in one of these states
 *   %if minor | deceased | adult | monitoring | window     and `%if not ...` of each
 *   %else / %end                         nesting up to BS_TEMPLATE_MAX_DEPTH
 *   %label ssn Social Security number    the words used for a type in {elements}
 *
 * Variants: a letter's variant names what decides its sections: the audience (adult,
 * minor, deceased), the state when the template has wording of its own for it (else
 * "general"), and whether a monitoring code is offered. */
#ifndef BS_TEMPLATE_H
#define BS_TEMPLATE_H
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/status.h"
#include "detect/element.h"

#define BS_TEMPLATE_MAX_BYTES  (1u << 20) /* a template file larger than this is refused */
#define BS_TEMPLATE_MAX_LINE   4096       /* bytes in one line */
#define BS_TEMPLATE_MAX_BLOCKS 2048       /* titles, headings, paragraphs and bullets */
#define BS_TEMPLATE_MAX_DEPTH  16         /* %if nesting */
#define BS_TEMPLATE_MAX_STATES 64         /* states named in %if state conditions */

/* Fields a template may use: id, meaning. */
#define BS_LETTER_FIELDS(X)                                                                        \
  X(organization, "the covered entity's name")                                                     \
  X(phone, "the toll-free number of the call center")                                              \
  X(hours, "the call center's hours")                                                              \
  X(discovered, "the date the breach was discovered, written out")                                 \
  X(window_from, "the first day of the intrusion window")                                          \
  X(window_to, "the last day of the intrusion window")                                             \
  X(mail_date, "the mailing date")                                                                 \
  X(name, "the person's full name")                                                                \
  X(addressee, "who the letter is addressed to (the person, a parent or guardian, an estate)")     \
  X(elements, "the person's exposed information, in words")                                        \
  X(code, "the person's monitoring enrollment code")                                               \
  X(monitoring_vendor, "the monitoring service's name")                                            \
  X(monitoring_url, "where to enroll")                                                             \
  X(monitoring_months, "months of monitoring offered")                                             \
  X(enroll_by, "the last day to enroll")

typedef enum bs_letter_field {
#define BS_LETTER_FIELD_ENUM(id, meaning) BS_FIELD_##id,
  BS_LETTER_FIELDS(BS_LETTER_FIELD_ENUM)
#undef BS_LETTER_FIELD_ENUM
      BS_FIELD_COUNT
} bs_letter_field;

typedef enum bs_block_kind {
  BS_BLOCK_TITLE,     /* # */
  BS_BLOCK_HEADING,   /* ## */
  BS_BLOCK_PARAGRAPH, /* plain lines */
  BS_BLOCK_BULLET,    /* - */
} bs_block_kind;

typedef struct bs_template_block {
  bs_block_kind kind; /* how it is set */
  int guard;          /* index of its innermost condition, -1 when unconditional */
  char *text;         /* source text with {fields} and **bold** */
  int line;           /* where it starts in the template file */
  uint32_t fields;    /* bit per bs_letter_field it uses */
} bs_template_block;

typedef enum bs_condition_kind {
  BS_COND_ELEMENT,    /* the exposure holds one of `elements` */
  BS_COND_STATE,      /* residence state in `states` */
  BS_COND_MINOR,      /* under 18 at the notice date */
  BS_COND_DECEASED,   /* known deceased */
  BS_COND_ADULT,      /* neither */
  BS_COND_MONITORING, /* an enrollment code is offered */
  BS_COND_WINDOW,     /* the case has an intrusion window */
} bs_condition_kind;

typedef struct bs_template_guard {
  int parent;                             /* enclosing guard, -1 at top level */
  bs_condition_kind kind;                 /* what is tested */
  int negate;                             /* `not`, or the %else branch */
  uint32_t elements;                      /* BS_COND_ELEMENT: bit per bs_element */
  char states[BS_TEMPLATE_MAX_STATES][3]; /* BS_COND_STATE: codes */
  int state_count;                        /* entries in states */
} bs_template_guard;

typedef struct bs_template {
  bs_template_block *blocks;              /* in reading order */
  size_t block_count;                     /* entries */
  bs_template_guard *guards;              /* conditions, referenced by blocks */
  size_t guard_count;                     /* entries */
  char *labels[BS_EL_COUNT];              /* %label overrides, NULL for the default */
  char states[BS_TEMPLATE_MAX_STATES][3]; /* every state with wording of its own */
  int state_count;                        /* entries */
} bs_template;

/* What a template's conditions are evaluated against, for one letter. */
typedef struct bs_letter_facts {
  uint32_t elements; /* bit per bs_element */
  char state[3];     /* residence state, "" when unknown */
  int minor;         /* 1 if under 18 */
  int deceased;      /* 1 if deceased */
  int monitoring;    /* 1 if an enrollment code is offered */
  int window;        /* 1 if the case has an intrusion window */
} bs_letter_facts;

/* Parses a template. On BS_EFORMAT, `error` says where ("line 12: ...") and what. */
bs_status bs_template_parse(bs_template **out, const char *text, size_t len, char *error,
                            size_t error_cap);
/* The default template set embedded from data/templates/. */
bs_status bs_template_default(bs_template **out, char *error, size_t error_cap);
void bs_template_free(bs_template *tmpl);

/* 1 if the block is part of the letter for these facts. */
int bs_template_block_applies(const bs_template *tmpl, const bs_template_block *block,
                              const bs_letter_facts *facts);
/* Writes the variant name ("minor-CA-monitoring") into out. */
void bs_template_variant(const bs_template *tmpl, const bs_letter_facts *facts, char *out,
                         size_t cap);
/* Appends a block's text with its fields filled in, as Pango markup (values escaped,
 * **bold** as <b>). values: BS_FIELD_COUNT strings, NULL read as "". */
bs_status bs_template_expand(bs_buf *out, const char *text, const char *const *values);
/* The name of a field ("organization"). */
const char *bs_template_field_name(bs_letter_field field);

#endif
