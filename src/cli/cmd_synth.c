/* breachscope synth DIR --patients N [--seed S] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "synth/synth.h"

int bs_cmd_synth(int argc, char **argv) {
  static const struct option options[] = {
      {"patients", required_argument, NULL, 'p'},
      {"seed", required_argument, NULL, 's'},
      {NULL, 0, NULL, 0},
  };
  unsigned long long patients = 0, seed = 1;
  int c;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    char *end;
    switch (c) {
    case 'p':
      patients = strtoull(optarg, &end, 10);
      if (*end || optarg[0] == '-' || patients == 0 || patients > BS_SYNTH_MAX_PATIENTS) {
        bs_cli_error("--patients wants a count from 1 to %u", BS_SYNTH_MAX_PATIENTS);
        return BS_EXIT_USAGE;
      }
      break;
    case 's':
      seed = strtoull(optarg, &end, 10);
      if (*end || optarg[0] == '-' || !optarg[0]) {
        bs_cli_error("--seed wants a whole number");
        return BS_EXIT_USAGE;
      }
      break;
    default: return BS_EXIT_USAGE;
    }
  }
  if (optind != argc - 1 || patients == 0) {
    bs_cli_error("usage: breachscope synth DIR --patients N [--seed S]");
    return BS_EXIT_USAGE;
  }
  const char *dir = argv[optind];
  bs_synth_summary summary;
  bs_status status = bs_synth_run(&summary, dir, (uint32_t)patients, seed);
  if (status == BS_EEXIST) {
    bs_cli_error("%s exists and is not empty", dir);
    return BS_EXIT_FAILURE;
  }
  if (status == BS_EIO && summary.failed_path[0]) {
    bs_cli_error("%s/%s: cannot write", dir, summary.failed_path);
    return BS_EXIT_FAILURE;
  }
  if (status != BS_OK) {
    bs_cli_error("synth into %s: %s", dir, bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  printf("synth: %llu patients (seed %llu) in %s\n  files: %llu in %s/files\n"
         "  truth: %llu mentions of %llu exposed persons in %s/truth\n",
         patients, seed, dir, (unsigned long long)summary.files, dir,
         (unsigned long long)summary.mentions, (unsigned long long)summary.exposed, dir);
  return BS_EXIT_OK;
}
