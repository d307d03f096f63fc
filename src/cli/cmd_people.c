/* breachscope people CASE [--format csv] [--output FILE] [--notice-date YYYY-MM-DD]
 *   [--review FILE] [--decisions FILE] [--match-weight W] [--review-weight W]
 *   [--contact-cap W] [--shared-contact N] [--estimate-m] */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "link/persons.h"

static const char usage[] =
    "usage: breachscope people CASE [--format csv] [--output FILE] [--notice-date YYYY-MM-DD]"
    " [--review FILE] [--decisions FILE] [--match-weight W] [--review-weight W]"
    " [--contact-cap W] [--shared-contact N] [--estimate-m]";

#define MAX_DECISIONS_FILE ((size_t)256 << 20)

/* A weight in bits: a finite number. */
static int parse_weight(const char *text, double *out) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (errno || end == text || *end || !isfinite(v) || v < -1000 || v > 1000) return 0;
  *out = v;
  return 1;
}

/* Reads the decisions file whole (it is small: one line a reviewed pair). */
static int read_decisions(const char *path, bs_link_decisions *out) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    bs_cli_error("%s: %s", path, strerror(errno));
    return 0;
  }
  char *text = NULL;
  size_t len = 0, cap = 0;
  int ok = 1;
  for (;;) {
    if (len == cap) {
      cap = cap ? cap * 2 : 65536;
      char *grown = cap <= MAX_DECISIONS_FILE ? realloc(text, cap) : NULL;
      if (!grown) {
        bs_cli_error("%s: larger than %zu MB", path, MAX_DECISIONS_FILE >> 20);
        ok = 0;
        break;
      }
      text = grown;
    }
    size_t n = fread(text + len, 1, cap - len, f);
    len += n;
    if (n == 0) break;
  }
  if (ok && ferror(f)) {
    bs_cli_error("%s: read error", path);
    ok = 0;
  }
  fclose(f);
  size_t line = 0;
  bs_status status = ok ? bs_link_decisions_read(out, text ? text : "", len, &line) : BS_EIO;
  if (ok && status != BS_OK) {
    bs_cli_error("%s: row %zu: %s (want the review file's columns, decision \"same\", "
                 "\"different\" or blank, record_a and record_b filled)",
                 path, line, bs_status_str(status));
    ok = 0;
  }
  free(text);
  return ok;
}

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
      {"review", required_argument, NULL, 'r'},
      {"decisions", required_argument, NULL, 'd'},
      {"match-weight", required_argument, NULL, 'm'},
      {"review-weight", required_argument, NULL, 'w'},
      {"contact-cap", required_argument, NULL, 'c'},
      {"shared-contact", required_argument, NULL, 's'},
      {"estimate-m", no_argument, NULL, 'e'},
      {NULL, 0, NULL, 0},
  };
  const char *output = NULL, *review_path = NULL, *decisions_path = NULL;
  bs_people_options opts;
  bs_people_options_default(&opts, 0);
  char *end;
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
    case 'r': review_path = optarg; break;
    case 'e': opts.link.estimate = 1; break;
    case 'd': decisions_path = optarg; break;
    case 'm':
    case 'w':
    case 'c':
      if (!parse_weight(optarg, c == 'm'   ? &opts.link.match_weight
                                : c == 'w' ? &opts.link.review_weight
                                           : &opts.link.contact_cap)) {
        bs_cli_error("--%s wants a number of bits, not '%s'",
                     c == 'm'   ? "match-weight"
                     : c == 'w' ? "review-weight"
                                : "contact-cap",
                     optarg);
        return BS_EXIT_USAGE;
      }
      break;
    case 's':
      errno = 0;
      opts.records.shared_contact = (size_t)strtoul(optarg, &end, 10);
      if (errno || end == optarg || *end || optarg[0] == '-') {
        bs_cli_error("--shared-contact wants a whole number of people (0: never), not '%s'",
                     optarg);
        return BS_EXIT_USAGE;
      }
      break;
    default: bs_cli_error("%s", usage); return BS_EXIT_USAGE;
    }
  }
  if (optind != argc - 1) {
    bs_cli_error("%s", usage);
    return BS_EXIT_USAGE;
  }
  if (opts.link.review_weight > opts.link.match_weight) {
    bs_cli_error("--review-weight must not be above --match-weight");
    return BS_EXIT_USAGE;
  }
  opts.notice_day = notice;
  bs_link_decisions decisions;
  memset(&decisions, 0, sizeof decisions);
  if (decisions_path) {
    if (!read_decisions(decisions_path, &decisions)) return BS_EXIT_FAILURE;
    opts.link.decisions = &decisions;
  }
  size_t decided_same = decisions.same, decided_different = decisions.different;
  FILE *review = NULL;
  if (review_path) {
    review = open_private(review_path);
    if (!review) {
      bs_cli_error("%s: %s", review_path, strerror(errno));
      bs_link_decisions_free(&decisions);
      return BS_EXIT_FAILURE;
    }
    opts.review = review;
  }
  const char *dir = argv[optind];
  bs_store *store;
  bs_status status = bs_store_open(&store, dir);
  if (status != BS_OK) {
    bs_cli_error("%s: %s", dir, bs_status_str(status));
    if (review) fclose(review);
    bs_link_decisions_free(&decisions);
    return BS_EXIT_FAILURE;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  bs_people_summary sum;
  status = bs_people_run_with(&sum, store, &opts);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (review && fclose(review) != 0 && status == BS_OK) status = BS_EIO;
  bs_link_decisions_free(&decisions);
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
  printf("  %zu pairs compared by the probabilistic step, %zu left for review%s%s; %zu "
         "organisations' contact details kept out of exposure sets; %zu deceased\n",
         sum.candidate_pairs, sum.reviews, review_path ? " in " : "",
         review_path ? review_path : "", sum.shared_contacts, sum.deceased);
  if (sum.em_pairs)
    printf("  m estimated by EM on %zu candidate pairs (%d rounds): exact given name %.3f, "
           "surname %.3f, date of birth %.3f\n",
           sum.em_pairs, sum.em_rounds, sum.em_m_given, sum.em_m_surname, sum.em_m_dob);
  if (decisions_path)
    printf("  decisions read: %zu same, %zu different\n", decided_same, decided_different);
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
