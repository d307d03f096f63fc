/* breachscope people CASE [--format csv] [--output FILE] [--notice-date YYYY-MM-DD] */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "link/persons.h"

static const char usage[] = "usage: breachscope people CASE [--format csv] [--output FILE] "
                            "[--notice-date YYYY-MM-DD]";

static int today(void) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* The list holds personal data in clear: created owner-only, whatever the umask. */
static FILE *open_private(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return NULL;
  if (fchmod(fd, 0600) != 0) {
    close(fd);
    return NULL;
  }
  FILE *f = fdopen(fd, "w");
  if (!f) close(fd);
  return f;
}

int bs_cmd_people(int argc, char **argv) {
  static const struct option options[] = {
      {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'},
      {"notice-date", required_argument, NULL, 'n'},
      {NULL, 0, NULL, 0},
  };
  const char *output = NULL;
  int csv = 0, notice = today(), c, y, m, d;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (strcmp(optarg, "csv") != 0) {
        bs_cli_error("%s", usage);
        return BS_EXIT_USAGE;
      }
      csv = 1;
      break;
    case 'o': output = optarg; break;
    case 'n':
      if (!bs_cli_parse_day(optarg, &y, &m, &d)) {
        bs_cli_error("--notice-date wants a real date YYYY-MM-DD");
        return BS_EXIT_USAGE;
      }
      notice = y * 10000 + m * 100 + d;
      break;
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
  bs_people_summary sum;
  status = bs_people_run(&sum, store, notice);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (status != BS_OK) {
    bs_store_close(store);
    bs_cli_error("people: %s", bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("people: %zu persons from %zu records (%zu naming someone), %zu joins, %.2f s\n",
         sum.persons, sum.records, sum.identified, sum.joins, seconds);
  printf("  %llu of %llu findings tied to no one; %zu shared keys refused; %zu persons without "
         "a mailing address; %zu minors at the notice date\n",
         (unsigned long long)sum.unattributed, (unsigned long long)sum.findings, sum.issues,
         sum.no_address, sum.minors);
  if (csv) {
    char path[4096];
    if (!output) {
      snprintf(path, sizeof path, "%s/persons.csv", dir);
      output = path;
    }
    FILE *out = open_private(output);
    status = out ? bs_people_export_csv(out, store) : BS_EIO;
    if (out && fclose(out) != 0) status = BS_EIO;
    if (status == BS_OK)
      printf("  wrote %s (owner-only: it holds personal data in clear)\n", output);
    else
      bs_cli_error("%s: %s", output, bs_status_str(status));
  }
  bs_store_close(store);
  return status == BS_OK ? BS_EXIT_OK : BS_EXIT_FAILURE;
}
