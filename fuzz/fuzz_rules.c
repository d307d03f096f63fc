/* Fuzz target: the notification rules table and its element groups (src/report/rules.c),
 * the files a lawyer edits. First byte even: the rest is a rules file, read with the
 * program's own groups; odd: the rest is a groups file, read with the program's own
 * rules (which then fail or pass on the groups it names). Besides ASan and UBSan: a
 * failure is BS_EFORMAT with a message naming the file and line, and every rule parsed
 * has sane thresholds, clock and trigger. */
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "check.h"
#include "fuzz.h"
#include "report/rules.h"

int bs_fuzz_rules(const uint8_t *data, size_t size) {
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, 0);
  if (size < 1) return 0;
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  const char *groups = bs_data_element_groups, *rules_text = bs_data_breach_rules;
  size_t groups_len = (size_t)(bs_data_element_groups_end - bs_data_element_groups);
  size_t rules_len = (size_t)(bs_data_breach_rules_end - bs_data_breach_rules);
  if (data[0] & 1) {
    groups = text;
    groups_len = len;
  } else {
    rules_text = text;
    rules_len = len;
  }
  bs_rules rules;
  char err[256];
  bs_status status = bs_rules_parse(&rules, groups, groups_len, "groups", rules_text, rules_len,
                                    "rules", err, sizeof err);
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_EFORMAT || status == BS_ENOMEM);
  if (status == BS_EFORMAT)
    BS_FUZZ_EXPECT(&check,
                   (!strncmp(err, "groups: line ", 13) || !strncmp(err, "rules: line ", 12)));
  if (status == BS_OK) {
    BS_FUZZ_EXPECT(&check, rules.count > 0 && rules.group_count > 0);
    for (size_t i = 0; i < rules.count; i++) {
      const bs_rule *r = &rules.items[i];
      BS_FUZZ_EXPECT(&check, strlen(r->jurisdiction) == 2 && r->name[0] && r->kind[0]);
      BS_FUZZ_EXPECT(&check, r->max_count < 0 || r->min_count <= r->max_count);
      BS_FUZZ_EXPECT(&check, r->deadline_days >= -1 && r->deadline_days <= 3660);
      BS_FUZZ_EXPECT(&check, r->alt_count <= BS_RULE_MAX_ALTS);
      for (size_t a = 0; a < r->alt_count; a++) {
        BS_FUZZ_EXPECT(&check, r->alts[a].term_count <= BS_RULE_MAX_TERMS);
        for (size_t t = 0; t < r->alts[a].term_count; t++)
          BS_FUZZ_EXPECT(&check, r->alts[a].terms[t] != 0);
      }
      int level = bs_rule_match(r, 0xffffffffu);
      /* With every element present, a rule with a trigger matches. */
      BS_FUZZ_EXPECT(&check, r->alt_count ? level >= 1 && level <= 2 : level == 0);
    }
  }
  bs_rules_free(&rules);
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_rules(data, size) != 0) abort();
  return 0;
}
#endif
