/* The notification rules table (data/rules/breach_rules.tsv) and the element groups its
 * triggers are written in (data/rules/element_groups.tsv): parsed at run time, so that a
 * lawyer's correction of the table is a data change. Parsed once, read-only after. */
#ifndef BS_RULES_H
#define BS_RULES_H
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

#define BS_RULE_MAX_TERMS  8  /* groups joined by '+' in one alternative */
#define BS_RULE_MAX_ALTS   16 /* alternatives separated by ',' in one trigger */
#define BS_RULE_MAX_GROUPS 32

/* Whom a rule's count is taken over. */
typedef enum bs_rule_count {
  BS_COUNT_ALL,        /* every affected person */
  BS_COUNT_RESIDENTS,  /* residents of the rule's jurisdiction */
  BS_COUNT_EACH_STATE, /* residents of each state in turn (HIPAA media notice) */
  BS_COUNT_NO_ADDRESS, /* persons without a usable mailing address */
  BS_COUNT_DECEASED,   /* deceased persons */
} bs_rule_count;

/* What a deadline is counted from. */
typedef enum bs_rule_clock {
  BS_CLOCK_NONE,              /* no fixed day ("without unreasonable delay") */
  BS_CLOCK_DISCOVERY,         /* the case's discovery date */
  BS_CLOCK_INDIVIDUAL_NOTICE, /* the jurisdiction's individual notice deadline */
  BS_CLOCK_YEAR_END,          /* December 31 of the year of discovery */
  BS_CLOCK_HHS_NOTICE,        /* the notice to the Secretary of HHS */
} bs_rule_clock;

/* What the rule means for a HIPAA covered entity. */
typedef enum bs_rule_hipaa {
  BS_HIPAA_APPLIES,      /* owed as for anyone */
  BS_HIPAA_EXEMPT,       /* the law does not apply to a covered entity */
  BS_HIPAA_DEEMED,       /* HIPAA-compliant notice counts as compliance */
  BS_HIPAA_UNCLEAR,      /* an exemption may exist: owed until counsel says otherwise */
  BS_HIPAA_COVERED_ONLY, /* owed by HIPAA covered entities only */
} bs_rule_hipaa;

/* One alternative of a trigger: every term (an any-of element mask) must be present. */
typedef struct bs_rule_alt {
  uint32_t terms[BS_RULE_MAX_TERMS]; /* element masks, all required */
  size_t term_count;                 /* 0: any person ("person") */
  int conditional;                   /* '?': the law adds a condition findings cannot tell */
} bs_rule_alt;

typedef struct bs_rule {
  const char *jurisdiction; /* "US" (federal) or a USPS state or territory code */
  const char *name;         /* "California" */
  const char *kind;         /* individual, regulator, cra, credit_monitoring, media, hhs, ... */
  const char *citation;     /* statute or regulation */
  const char *recipient;    /* who is told */
  const char *trigger;      /* the trigger as written in the file */
  bs_rule_alt alts[BS_RULE_MAX_ALTS]; /* the trigger, parsed */
  size_t alt_count;                   /* 0: triggers nothing (no statute found) */
  bs_rule_count count_of;             /* whom the thresholds count */
  long min_count, max_count;          /* thresholds on the count; -1: none */
  int deadline_days;                  /* -1: none */
  int business_days;                  /* 1: deadline_days are business days */
  bs_rule_clock clock;                /* what deadline_days count from */
  bs_rule_hipaa hipaa;                /* effect for a HIPAA covered entity */
  const char *deadline_text;          /* the law's words */
  const char *clock_text;             /* what the law counts from, when not discovery */
  const char *hipaa_note;             /* the research's note on HIPAA entities */
  const char *harm_threshold;         /* the risk-of-harm exception, shown not applied */
  const char *requirements;           /* letter content, services, what a regulator gets */
  int verified;                       /* 1: statute or bill text seen */
  const char *verification;           /* how it was checked */
  const char *last_checked;           /* YYYY-MM-DD */
  const char *sources;                /* where */
  size_t line;                        /* line in the rules file */
} bs_rule;

typedef struct bs_rule_group {
  const char *name;         /* "ssn" */
  uint32_t elements;        /* mask of bs_element bits */
  const char *hhs_phi_type; /* HHS portal "type of PHI" or "" */
  int in_combination;       /* listed in the element combinations of the report */
  const char *description;
} bs_rule_group;

typedef struct bs_rules {
  bs_rule_group groups[BS_RULE_MAX_GROUPS]; /* in file order */
  size_t group_count;                       /* groups in use */
  bs_rule *items;                           /* in file order */
  size_t count;                             /* rules in items */
  char *text[2];                            /* owned copies of the two files, cut into fields */
} bs_rules;

/* Parses the groups file, then the rules file (each NUL-free text of len bytes, named
 * for messages). On BS_EFORMAT, err holds "FILE: line N: column C: what". OUT: *out
 * (free with bs_rules_free, also after a failure). */
bs_status bs_rules_parse(bs_rules *out, const char *groups_text, size_t groups_len,
                         const char *groups_name, const char *rules_text, size_t rules_len,
                         const char *rules_name, char *err, size_t err_cap);
/* The tables compiled into the program. */
bs_status bs_rules_load_embedded(bs_rules *out, char *err, size_t err_cap);
void bs_rules_free(bs_rules *rules);

/* Whether a person with these elements (bs_element bits) triggers the rule: 0 no,
 * 1 only through a conditional alternative, 2 yes. */
int bs_rule_match(const bs_rule *rule, uint32_t elements);

const char *bs_rule_count_name(bs_rule_count count);
const char *bs_rule_hipaa_name(bs_rule_hipaa hipaa);

#endif
