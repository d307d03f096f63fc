/* breachscope letters CASE [--only PERSON_ID] [--proof N] [--template FILE] [--batch-size N]
 *                          [--threads N] [--mail-date YYYY-MM-DD] [settings...] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "cli/cli.h"
#include "letters/run.h"

static const char usage[] =
    "usage: breachscope letters CASE [--only PERSON_ID] [--proof N] [--template FILE]\n"
    "         [--batch-size N] [--threads N] [--mail-date YYYY-MM-DD] [--phone NUMBER]\n"
    "         [--hours TEXT] [--return-address LINE|LINE|LINE] [--mailer-id ID]\n"
    "         [--service-type STID] [--barcode-id ID] [--monitoring-vendor NAME]\n"
    "         [--monitoring-url URL] [--monitoring-months N] [--enroll-by YYYY-MM-DD]";

/* Settings kept in the case: option name, default ("" when it must be given once). */
static const struct {
  const char *name;
  const char *fallback;
} kept[] = {
    {"phone", ""},
    {"hours", "Monday through Friday, 8 a.m. to 8 p.m. Eastern Time, except holidays"},
    {"return-address", ""},
    {"mailer-id", ""},
    {"service-type", "300"}, /* First-Class Mail without extra services (USPS STID table) */
    {"barcode-id", "00"},    /* not presorted */
    {"monitoring-vendor", ""},
    {"monitoring-url", ""},
    {"monitoring-months", "24"}, /* Connecticut asks 24, the longest a state requires here */
};
#define KEPT (sizeof kept / sizeof kept[0])

/* iso (a date bs_cli_parse_day accepted) plus some days, as YYYY-MM-DD. */
static void day_after(char *out, size_t cap, const char *iso, int days) {
  struct tm tm = {0};
  int y, m, d;
  if (!bs_cli_parse_day(iso, &y, &m, &d)) {
    snprintf(out, cap, "%s", iso);
    return;
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d + days;
  tm.tm_hour = 12;
  time_t t = timegm(&tm);
  gmtime_r(&t, &tm);
  strftime(out, cap, "%Y-%m-%d", &tm);
}

static int read_file(const char *path, char **text, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  char *data = bs_malloc(BS_TEMPLATE_MAX_BYTES + 1);
  size_t n = data ? fread(data, 1, BS_TEMPLATE_MAX_BYTES + 1, f) : 0;
  int ok = data && !ferror(f);
  fclose(f);
  if (!ok) {
    bs_free(data);
    return 0;
  }
  *text = data;
  *len = n;
  return 1;
}

static int number_option(const char *text, long low, long high, long *out) {
  char *end;
  long value = strtol(text, &end, 10);
  if (!*text || *end || value < low || value > high) return 0;
  *out = value;
  return 1;
}

int bs_cmd_letters(int argc, char **argv) {
  enum { O_ONLY = 256, O_PROOF, O_TEMPLATE, O_BATCH, O_THREADS, O_MAIL_DATE, O_ENROLL_BY, O_KEPT };
  static struct option options[KEPT + 8];
  static const struct option fixed[] = {
      {"only", required_argument, NULL, O_ONLY},
      {"proof", required_argument, NULL, O_PROOF},
      {"template", required_argument, NULL, O_TEMPLATE},
      {"batch-size", required_argument, NULL, O_BATCH},
      {"threads", required_argument, NULL, O_THREADS},
      {"mail-date", required_argument, NULL, O_MAIL_DATE},
      {"enroll-by", required_argument, NULL, O_ENROLL_BY},
  };
  memcpy(options, fixed, sizeof fixed);
  for (size_t i = 0; i < KEPT; i++)
    options[7 + i] = (struct option){kept[i].name, required_argument, NULL, O_KEPT + (int)i};
  options[7 + KEPT] = (struct option){NULL, 0, NULL, 0};

  bs_letters_options opt = {.batch_size = 500, .threads = (int)sysconf(_SC_NPROCESSORS_ONLN)};
  const char *template_path = NULL, *given[KEPT] = {0};
  char mail_date[11] = "", enroll_by[11] = "";
  long value;
  int c, y, m, d;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    if (c >= O_KEPT && c < O_KEPT + (int)KEPT) {
      given[c - O_KEPT] = optarg;
      continue;
    }
    switch (c) {
    case O_ONLY: opt.only = optarg; break;
    case O_PROOF:
      if (!number_option(optarg, 1, 1000, &value)) {
        bs_cli_error("--proof wants a number of letters per variant from 1 to 1000");
        return BS_EXIT_USAGE;
      }
      opt.proof = (int)value;
      break;
    case O_TEMPLATE: template_path = optarg; break;
    case O_BATCH:
      /* 2 x threads + 2 batches are in flight: this bounds their memory (~1 KB a letter). */
      if (!number_option(optarg, 1, 20000, &value)) {
        bs_cli_error("--batch-size wants a number of letters from 1 to 20000");
        return BS_EXIT_USAGE;
      }
      opt.batch_size = (size_t)value;
      break;
    case O_THREADS:
      if (!number_option(optarg, 1, 64, &value)) {
        bs_cli_error("--threads wants a number from 1 to 64");
        return BS_EXIT_USAGE;
      }
      opt.threads = (int)value;
      break;
    case O_MAIL_DATE:
    case O_ENROLL_BY:
      if (!bs_cli_parse_day(optarg, &y, &m, &d)) {
        bs_cli_error("--%s wants a real date YYYY-MM-DD",
                     c == O_MAIL_DATE ? "mail-date" : "enroll-by");
        return BS_EXIT_USAGE;
      }
      snprintf(c == O_MAIL_DATE ? mail_date : enroll_by, 11, "%s", optarg);
      break;
    default: bs_cli_error("%s", usage); return BS_EXIT_USAGE;
    }
  }
  if (optind != argc - 1) {
    bs_cli_error("%s", usage);
    return BS_EXIT_USAGE;
  }
  if (opt.threads < 1) opt.threads = 1;
  opt.case_dir = argv[optind];

  bs_store *store;
  bs_status status = bs_store_open(&store, opt.case_dir);
  if (status != BS_OK) {
    bs_cli_error("%s: %s", opt.case_dir, bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  int exit_code = BS_EXIT_OK;
  char values[KEPT][512];
  for (size_t i = 0; status == BS_OK && i < KEPT; i++) {
    if (given[i]) status = bs_letters_keep_setting(store, kept[i].name, given[i]);
    if (status == BS_OK)
      status = bs_letters_setting(store, kept[i].name, values[i], sizeof values[i]);
    if (status == BS_OK && !values[i][0])
      snprintf(values[i], sizeof values[i], "%s", kept[i].fallback);
  }
  char organization[256] = "", discovered[32] = "", from[32] = "", to[32] = "";
  if (status == BS_OK)
    status = bs_store_setting(store, "organization", organization, sizeof organization);
  if (status == BS_OK)
    status = bs_store_setting(store, "discovered", discovered, sizeof discovered);
  if (status == BS_OK) status = bs_store_setting(store, "window_from", from, sizeof from);
  if (status == BS_OK) status = bs_store_setting(store, "window_to", to, sizeof to);
  int offer = 0;
  if (status == BS_OK && sqlite3_exec(bs_store_db(store), "SELECT 1 FROM persons LIMIT 1", NULL,
                                      NULL, NULL) != SQLITE_OK) {
    bs_cli_error("letters: %s has no persons yet: run `breachscope people` first", opt.case_dir);
    bs_store_close(store);
    return BS_EXIT_FAILURE;
  }
  if (status == BS_OK) status = bs_letters_offer_needed(store, &offer);
  if (status != BS_OK) {
    bs_cli_error("letters: %s: %s", opt.case_dir, bs_status_str(status));
    bs_store_close(store);
    return BS_EXIT_FAILURE;
  }
  /* What a letter cannot go without: the toll-free number of 45 CFR 164.404(c)(1)(E),
   * the return address, the mailer ID of the barcode; the offer when codes go out. */
  const char *missing = NULL;
  long service = 0, barcode = 0, months = 0;
  if (!values[0][0])
    missing = "--phone (the toll-free number)";
  else if (!values[2][0])
    missing = "--return-address (LINE|LINE|LINE)";
  else if (!values[3][0])
    missing = "--mailer-id (the USPS mailer ID)";
  else if (offer && !values[6][0])
    missing = "--monitoring-vendor (some persons get a code)";
  else if (offer && !values[7][0])
    missing = "--monitoring-url (some persons get a code)";
  if (missing) {
    bs_cli_error("letters: no %s: give it once, the case keeps it", missing);
    bs_store_close(store);
    return BS_EXIT_USAGE;
  }
  if (!bs_imb_mailer_id_valid(values[3]) || !number_option(values[4], 0, 999, &service) ||
      !number_option(values[5], 0, 94, &barcode) || barcode % 10 > 4 ||
      !number_option(values[8], 1, 120, &months)) {
    bs_cli_error("letters: --mailer-id wants 6 digits (first 0-8) or 9 (first 9), --service-type "
                 "3 digits, --barcode-id 2 digits (the second 0-4), --monitoring-months 1-120");
    bs_store_close(store);
    return BS_EXIT_USAGE;
  }

  bs_template *tmpl = NULL;
  char error[256];
  if (template_path) {
    char *text = NULL;
    size_t len = 0;
    if (!read_file(template_path, &text, &len)) {
      bs_cli_error("letters: %s: cannot read the template", template_path);
      bs_store_close(store);
      return BS_EXIT_FAILURE;
    }
    status = bs_template_parse(&tmpl, text, len, error, sizeof error);
    bs_free(text);
    if (status != BS_OK) {
      bs_cli_error("letters: %s: %s", template_path, error);
      bs_store_close(store);
      return BS_EXIT_USAGE;
    }
  } else if (bs_template_default(&tmpl, error, sizeof error) != BS_OK) {
    bs_cli_error("letters: the default template: %s", error);
    bs_store_close(store);
    return BS_EXIT_FAILURE;
  }

  if (!mail_date[0]) {
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(mail_date, sizeof mail_date, "%Y-%m-%d", &tm);
  }
  if (!enroll_by[0]) day_after(enroll_by, sizeof enroll_by, mail_date, 90);
  char *return_copy = bs_strdup(values[2]);
  bs_letter_settings *s = &opt.settings;
  s->organization = organization;
  s->phone = values[0];
  s->hours = values[1];
  for (int i = 0; return_copy && i < BS_RETURN_LINES; i++) {
    char *line = strtok(i == 0 ? return_copy : NULL, "|");
    s->return_lines[i] = line;
    if (!line) break;
  }
  s->discovered = discovered;
  s->window_from = from;
  s->window_to = to;
  s->mail_date = mail_date;
  s->monitoring_vendor = values[6];
  s->monitoring_url = values[7];
  s->monitoring_months = (int)months;
  s->enroll_by = enroll_by;
  s->barcode_id = (int)barcode;
  s->service_type = (int)service;
  s->mailer_id = values[3];
  opt.tmpl = tmpl;

  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  bs_letters_summary *sum = bs_calloc(1, sizeof *sum);
  status = return_copy && sum ? bs_letters_run(sum, store, &opt) : BS_ENOMEM;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  if (status == BS_ENOTFOUND && opt.only) {
    bs_cli_error("letters: no person %s in the case", opt.only);
    exit_code = BS_EXIT_FAILURE;
  } else if (status != BS_OK) {
    bs_cli_error("letters: %s", bs_status_str(status));
    exit_code = BS_EXIT_FAILURE;
  } else {
    printf("letters: %zu letters (%zu pages) in %zu %s from %zu persons, %.2f s (%.0f letters/s)\n",
           sum->letters, sum->pages, sum->batches, opt.proof ? "proof file" : "batch files",
           sum->persons, seconds, seconds > 0 ? (double)sum->letters / seconds : 0.0);
    printf("  %zu persons without a usable address (substitute notice); enrollment codes: %zu "
           "issued now, %zu in the vendor file\n",
           sum->unmailable, sum->codes_issued, sum->codes_exported);
    printf("  variants:");
    for (size_t i = 0; i < sum->variant_count; i++)
      printf("%s %s %zu", i ? "," : "", sum->variants[i].name, sum->variants[i].letters);
    printf("\n");
    if (opt.proof)
      printf("  wrote %s/letters/proof.pdf for review\n", opt.case_dir);
    else if (opt.only && !sum->letters)
      printf("  no letter: %s has no usable address (substitute notice)\n", opt.only);
    else if (opt.only)
      printf("  wrote %s/letters/manifest-%s.csv and its reprint PDF (owner-only)\n", opt.case_dir,
             opt.only);
    else
      printf("  wrote %s/letters/: batch-*.pdf, manifest.csv, substitute-notice.csv, "
             "monitoring-enrollment.csv (owner-only: they hold personal data in clear)\n",
             opt.case_dir);
  }
  bs_free(sum);
  bs_free(return_copy);
  bs_template_free(tmpl);
  bs_store_close(store);
  return exit_code;
}
