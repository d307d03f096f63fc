/* breachscope init CASE --org NAME --discovered YYYY-MM-DD [--window FROM..TO] */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"

int bs_cmd_init(int argc, char **argv) {
  static const struct option options[] = {
      {"org", required_argument, NULL, 'o'},
      {"discovered", required_argument, NULL, 'd'},
      {"window", required_argument, NULL, 'w'},
      {NULL, 0, NULL, 0},
  };
  const char *org = NULL, *discovered = NULL;
  char from[11] = "", to[11] = "";
  int c, y, m, d;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    switch (c) {
    case 'o': org = optarg; break;
    case 'd': discovered = optarg; break;
    case 'w':
      if (!bs_cli_parse_window(optarg, from, to)) {
        bs_cli_error("--window wants FROM..TO, two dates YYYY-MM-DD in order");
        return BS_EXIT_USAGE;
      }
      break;
    default: return BS_EXIT_USAGE;
    }
  }
  if (optind != argc - 1 || !org || !discovered) {
    bs_cli_error(
        "usage: breachscope init CASE --org NAME --discovered YYYY-MM-DD [--window FROM..TO]");
    return BS_EXIT_USAGE;
  }
  if (!bs_cli_parse_day(discovered, &y, &m, &d)) {
    bs_cli_error("--discovered wants a real date YYYY-MM-DD");
    return BS_EXIT_USAGE;
  }
  const char *dir = argv[optind];
  bs_case_settings settings = {org, discovered, from[0] ? from : NULL, to[0] ? to : NULL};
  bs_status status = bs_store_create(dir, &settings);
  if (status == BS_EEXIST) {
    bs_cli_error("%s already holds a case", dir);
    return BS_EXIT_FAILURE;
  }
  if (status != BS_OK) {
    bs_cli_error("cannot create the case in %s: %s", dir, bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  printf("case created in %s\n  organization: %s\n  discovered:   %s\n", dir, org, discovered);
  if (from[0]) printf("  window:       %s..%s\n", from, to);
  return BS_EXIT_OK;
}
