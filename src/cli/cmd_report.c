/* breachscope report CASE [--entity-type TYPE] [--breach-type TYPE] [--location WHERE] */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "report/calendar.h"
#include "report/report.h"

static const char usage[] = "usage: breachscope report CASE [--entity-type TYPE] "
                            "[--breach-type TYPE] [--location WHERE[,WHERE...]]";

int bs_cmd_report(int argc, char **argv) {
  static const struct option options[] = {
      {"entity-type", required_argument, NULL, 'e'},
      {"breach-type", required_argument, NULL, 'b'},
      {"location", required_argument, NULL, 'l'},
      {NULL, 0, NULL, 0},
  };
  bs_report_options opts = {NULL, NULL, NULL};
  int c;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    switch (c) {
    case 'e': opts.entity_type = optarg; break;
    case 'b': opts.breach_type = optarg; break;
    case 'l': opts.locations = optarg; break;
    default: bs_cli_error("%s", usage); return BS_EXIT_USAGE;
    }
  }
  if (optind != argc - 1) {
    bs_cli_error("%s", usage);
    return BS_EXIT_USAGE;
  }
  const char *dir = argv[optind];
  bs_store *store;
  bs_status status = bs_store_open(&store, dir);
  if (status != BS_OK) {
    bs_cli_error("%s: %s", dir, bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  bs_report report;
  char err[512];
  status = bs_report_build(&report, store, &opts, err, sizeof err);
  bs_store_close(store);
  if (status == BS_OK) status = bs_report_write(&report, dir);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (status != BS_OK) {
    if (status == BS_EINVAL) {
      bs_cli_error("report: %s", err);
      bs_report_free(&report);
      return BS_EXIT_USAGE;
    }
    bs_cli_error("report: %s%s%s", bs_status_str(status), err[0] ? ": " : "", err);
    bs_report_free(&report);
    return BS_EXIT_FAILURE;
  }
  double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  size_t dated = 0, warned = 0, states = 0;
  long first = -1;
  for (size_t i = 0; i < report.obligation_count; i++) {
    const bs_obligation *o = &report.obligations[i];
    if (o->deadline < 0) continue;
    dated++;
    warned += o->warning[0] != '\0';
    if (first < 0 || o->deadline < first) first = o->deadline;
  }
  for (size_t s = 0; s < report.state_count; s++) states += report.states[s].code[0] != '\0';
  char first_day[11] = "none";
  if (first >= 0) bs_day_format(first, first_day);
  printf("report: %zu persons in %zu states, %zu obligations (%zu with a fixed day, the first "
         "%s), %.2f s\n",
         report.persons, states, report.obligation_count, dated, first_day, seconds);
  printf("  %zu minors, %zu deceased, %zu without a usable address, %zu files or parts not "
         "examined\n",
         report.minors, report.deceased, report.no_address, report.unexamined_count);
  for (size_t i = 0; i < report.warning_count; i++)
    fprintf(stderr, "breachscope: warning: %s\n", report.warnings[i]);
  if (warned)
    fprintf(stderr,
            "breachscope: warning: %zu deadlines fall on a weekend or federal holiday; they "
            "are reported as the law counts them, not moved (see the report)\n",
            warned);
  printf("  wrote %s/%s/report.html, report.json and CSV tables (owner-only)\n", dir,
         BS_REPORT_DIR);
  bs_report_free(&report);
  return BS_EXIT_OK;
}
