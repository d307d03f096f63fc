/* breachscope findings CASE [--format jsonl|csv] [--reveal] [--min-confidence X]
 * breachscope files CASE [--format jsonl|csv] [--problems] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/export.h"

static int parse_format(const char *text, bs_export_format *format) {
  if (!strcmp(text, "jsonl"))
    *format = BS_EXPORT_JSONL;
  else if (!strcmp(text, "csv"))
    *format = BS_EXPORT_CSV;
  else
    return 0;
  return 1;
}

static int finish(bs_status status, const char *what) {
  if (fflush(stdout) != 0) status = BS_EIO;
  if (status != BS_OK) {
    bs_cli_error("%s: %s", what, bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  return BS_EXIT_OK;
}

static int open_case(bs_store **store, int argc, char **argv) {
  if (optind != argc - 1) return BS_EXIT_USAGE;
  bs_status status = bs_store_open(store, argv[optind]);
  if (status != BS_OK) {
    bs_cli_error("%s: %s", argv[optind], bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  return BS_EXIT_OK;
}

int bs_cmd_findings(int argc, char **argv) {
  static const struct option options[] = {
      {"format", required_argument, NULL, 'f'},
      {"reveal", no_argument, NULL, 'r'},
      {"min-confidence", required_argument, NULL, 'c'},
      {NULL, 0, NULL, 0},
  };
  bs_export_format format = BS_EXPORT_JSONL;
  int reveal = 0, c;
  double min_confidence = 0;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    char *end;
    switch (c) {
    case 'f':
      if (!parse_format(optarg, &format)) return BS_EXIT_USAGE;
      break;
    case 'r': reveal = 1; break;
    case 'c':
      min_confidence = strtod(optarg, &end);
      if (*end || min_confidence < 0 || min_confidence > 1) {
        bs_cli_error("--min-confidence wants a number from 0 to 1");
        return BS_EXIT_USAGE;
      }
      break;
    default: return BS_EXIT_USAGE;
    }
  }
  bs_store *store;
  int rc = open_case(&store, argc, argv);
  if (rc == BS_EXIT_USAGE)
    bs_cli_error(
        "usage: breachscope findings CASE [--format jsonl|csv] [--reveal] [--min-confidence X]");
  if (rc != BS_EXIT_OK) return rc;
  bs_status status = bs_export_findings(stdout, store, format, reveal, min_confidence);
  bs_store_close(store);
  return finish(status, "findings");
}

int bs_cmd_files(int argc, char **argv) {
  static const struct option options[] = {
      {"format", required_argument, NULL, 'f'},
      {"problems", no_argument, NULL, 'p'},
      {NULL, 0, NULL, 0},
  };
  bs_export_format format = BS_EXPORT_CSV;
  int problems = 0, c;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (!parse_format(optarg, &format)) return BS_EXIT_USAGE;
      break;
    case 'p': problems = 1; break;
    default: return BS_EXIT_USAGE;
    }
  }
  bs_store *store;
  int rc = open_case(&store, argc, argv);
  if (rc == BS_EXIT_USAGE)
    bs_cli_error("usage: breachscope files CASE [--format jsonl|csv] [--problems]");
  if (rc != BS_EXIT_OK) return rc;
  bs_status status = problems ? bs_export_diagnostics(stdout, store, format)
                              : bs_export_files(stdout, store, format);
  bs_store_close(store);
  return finish(status, "files");
}
