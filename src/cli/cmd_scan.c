/* breachscope scan CASE PATH... [--manifest FILE] [--modified-between FROM..TO]
 *                               [--threads N] [--max-file-size MB] */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "scan/scan.h"

/* Diagnostics printed before the rest are left to `files --problems`. */
#define PRINTED_DIAGNOSTICS_MAX 50

static volatile int stop_requested;

static void on_signal(int signo) {
  (void)signo;
  stop_requested = 1;
}

typedef struct cli_state {
  int tty;             /* stderr is a terminal: show progress */
  int progress_shown;  /* a progress line needs clearing */
  unsigned printed;    /* diagnostics printed */
  unsigned suppressed; /* diagnostics not printed */
} cli_state;

static void human_bytes(char *out, size_t cap, double bytes) {
  const char *units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1000 && u < 4) bytes /= 1000, u++;
  snprintf(out, cap, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

static void on_progress(const bs_scan_progress *p, void *ctx) {
  cli_state *cli = ctx;
  if (!cli->tty) return;
  char done[32], total[32], rate[32], eta[32] = "?";
  human_bytes(done, sizeof done, (double)p->bytes_done);
  human_bytes(total, sizeof total, (double)p->bytes_found);
  double per_second = p->seconds > 0 ? (double)p->bytes_done / p->seconds : 0;
  human_bytes(rate, sizeof rate, per_second);
  if (p->walk_done && per_second > 0) {
    long left = (long)((double)(p->bytes_found - p->bytes_done) / per_second);
    snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
  }
  fprintf(stderr, "\r\033[K%llu/%llu%s files  %s/%s  %s/s  ETA %s  %llu findings",
          (unsigned long long)p->files_done, (unsigned long long)p->files_found,
          p->walk_done ? "" : "+", done, total, rate, eta, (unsigned long long)p->findings);
  cli->progress_shown = 1;
}

static void clear_progress(cli_state *cli) {
  if (cli->progress_shown) fputs("\r\033[K", stderr);
  cli->progress_shown = 0;
}

static void on_diagnostic(int64_t file_id, const char *severity, const char *place,
                          const char *message, void *ctx) {
  cli_state *cli = ctx;
  if (cli->printed >= PRINTED_DIAGNOSTICS_MAX) {
    cli->suppressed++;
    return;
  }
  cli->printed++;
  clear_progress(cli);
  /* Files are named by case id: their paths may hold patients' names. */
  fprintf(stderr, "breachscope: %s: file %lld%s%s: %s\n", severity, (long long)file_id,
          place ? ": " : "", place ? place : "", message);
}

static int day_to_epoch(const char *day, int end_of_day, int64_t *out) {
  struct tm tm = {0};
  int y, m, d;
  if (!bs_cli_parse_day(day, &y, &m, &d)) return 0;
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  tm.tm_hour = end_of_day ? 23 : 0;
  tm.tm_min = tm.tm_sec = end_of_day ? 59 : 0;
  tm.tm_isdst = -1;
  *out = (int64_t)mktime(&tm);
  return 1;
}

static int today_yyyymmdd(void) {
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* A memory option in megabytes, 1 to 65536, into bytes; 0 (said) when invalid. */
static int memory_option(const char *name, const char *text, size_t *bytes) {
  char *end;
  long mb = strtol(text, &end, 10);
  if (*end || mb < 1 || mb > 65536) {
    bs_cli_error("%s wants a number of megabytes from 1 to 65536", name);
    return 0;
  }
  *bytes = (size_t)mb << 20;
  return 1;
}

int bs_cmd_scan(int argc, char **argv) {
  static const struct option long_options[] = {
      {"manifest", required_argument, NULL, 'm'},
      {"modified-between", required_argument, NULL, 'w'},
      {"threads", required_argument, NULL, 't'},
      {"max-file-size", required_argument, NULL, 's'},
      {"findings-memory", required_argument, NULL, 'f'},
      {"values-memory", required_argument, NULL, 'v'},
      {NULL, 0, NULL, 0},
  };
  bs_scan_options o = {.threads = (int)sysconf(_SC_NPROCESSORS_ONLN),
                       .max_file_bytes = (uint64_t)64 << 30,
                       .today = today_yyyymmdd(),
                       .stop = &stop_requested};
  char from[11], to[11];
  int c;
  while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
    char *end;
    switch (c) {
    case 'm': o.manifest = optarg; break;
    case 'w':
      if (!bs_cli_parse_window(optarg, from, to) || !day_to_epoch(from, 0, &o.window_from) ||
          !day_to_epoch(to, 1, &o.window_to)) {
        bs_cli_error("--modified-between wants FROM..TO, two dates YYYY-MM-DD in order");
        return BS_EXIT_USAGE;
      }
      break;
    case 't':
      o.threads = (int)strtol(optarg, &end, 10);
      if (*end || o.threads < 1 || o.threads > 256) {
        bs_cli_error("--threads wants a number from 1 to 256");
        return BS_EXIT_USAGE;
      }
      break;
    case 's': {
      long long mb = strtoll(optarg, &end, 10);
      if (*end || mb < 1) {
        bs_cli_error("--max-file-size wants a number of megabytes");
        return BS_EXIT_USAGE;
      }
      o.max_file_bytes = (uint64_t)mb << 20;
      break;
    }
    case 'f':
      if (!memory_option("--findings-memory", optarg, &o.findings_memory)) return BS_EXIT_USAGE;
      break;
    case 'v':
      if (!memory_option("--values-memory", optarg, &o.values_memory)) return BS_EXIT_USAGE;
      break;
    default: return BS_EXIT_USAGE;
    }
  }
  if (optind >= argc || (optind == argc - 1 && !o.manifest)) {
    bs_cli_error("usage: breachscope scan CASE PATH... [--manifest FILE] "
                 "[--modified-between FROM..TO] [--threads N]");
    return BS_EXIT_USAGE;
  }
  if (o.threads < 1) o.threads = 1;
  const char *dir = argv[optind];
  o.paths = (const char *const *)argv + optind + 1;
  o.path_count = (size_t)(argc - optind - 1);
  if (o.manifest && access(o.manifest, R_OK) != 0) {
    bs_cli_error("cannot read the manifest %s", o.manifest);
    return BS_EXIT_FAILURE;
  }
  bs_store *store;
  bs_status status = bs_store_open(&store, dir);
  if (status != BS_OK) {
    bs_cli_error("%s: %s", dir, bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  cli_state cli = {.tty = isatty(STDERR_FILENO)};
  o.progress = on_progress;
  o.diagnostic = on_diagnostic;
  o.ctx = &cli;
  struct sigaction sa = {.sa_handler = on_signal};
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  bs_scan_summary sum;
  status = bs_scan_run(&sum, store, &o);
  bs_store_close(store);
  clear_progress(&cli);
  if (cli.suppressed)
    fprintf(stderr,
            "breachscope: %u more problems recorded; see: breachscope files %s --problems\n",
            cli.suppressed, dir);
  uint64_t files =
      sum.files_scanned + sum.files_duplicate + sum.files_failed + sum.files_not_examined;
  printf("scan: %llu files, %llu bytes, %llu findings, %llu with errors, %.2f s\n",
         (unsigned long long)files, (unsigned long long)sum.bytes, (unsigned long long)sum.findings,
         (unsigned long long)sum.files_failed, sum.seconds);
  printf("  scanned %llu, duplicates %llu, not examined %llu, unreadable %llu "
         "(%llu of these inside containers), done before %llu, outside window %llu\n",
         (unsigned long long)sum.files_scanned, (unsigned long long)sum.files_duplicate,
         (unsigned long long)sum.files_not_examined, (unsigned long long)sum.files_failed,
         (unsigned long long)sum.members, (unsigned long long)sum.files_resumed,
         (unsigned long long)sum.files_outside);
  if (status == BS_EINTERRUPTED) {
    bs_cli_error("interrupted; files stored so far are kept: run the same scan again to finish");
    return BS_EXIT_INTERRUPTED;
  }
  if (status != BS_OK) {
    bs_cli_error("scan stopped: %s; files stored so far are kept", bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  return sum.files_failed ? BS_EXIT_INCOMPLETE : BS_EXIT_OK;
}
