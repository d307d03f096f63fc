/* breachscope audit CASE --verify | [--format jsonl]: checks the call center's audit
 * chain, or lists its entries (questions are stored masked). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "cli/cli.h"
#include "serve/audit.h"
#include "store/store.h"

static const char usage[] = "usage: breachscope audit CASE --verify | [--format jsonl]";

static void print_line(void *ctx, const char *text, size_t len) {
  (void)ctx;
  fwrite(text, 1, len, stdout);
}

static bs_status list(sqlite3 *db) {
  static const char *const names[] = {"seq",      "at",     "agent", "address", "action",
                                      "question", "answer", "prev",  "hash"};
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db,
                         "SELECT seq, at, agent, address, action, question, answer, prev, hash"
                         " FROM audit ORDER BY seq",
                         -1, &stmt, NULL) != SQLITE_OK)
    return BS_ENOTFOUND;
  yajl_gen g = yajl_gen_alloc(NULL);
  if (!g) {
    sqlite3_finalize(stmt);
    return BS_ENOMEM;
  }
  yajl_gen_config(g, yajl_gen_print_callback, print_line, NULL);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    yajl_gen_map_open(g);
    for (int i = 0; i < 9; i++) {
      yajl_gen_string(g, (const unsigned char *)names[i], strlen(names[i]));
      if (i == 0) {
        yajl_gen_integer(g, sqlite3_column_int64(stmt, 0));
        continue;
      }
      const char *text = (const char *)sqlite3_column_text(stmt, i);
      yajl_gen_string(g, (const unsigned char *)(text ? text : ""), text ? strlen(text) : 0);
    }
    yajl_gen_map_close(g);
    yajl_gen_reset(g, NULL);
    putchar('\n');
  }
  yajl_gen_free(g);
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE && !ferror(stdout) ? BS_OK : BS_ESTORE;
}

int bs_cmd_audit(int argc, char **argv) {
  static const struct option options[] = {
      {"verify", no_argument, NULL, 'v'},
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0},
  };
  int verify = 0, c;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    if (c == 'v')
      verify = 1;
    else if (c == 'f' && !strcmp(optarg, "jsonl"))
      continue;
    else {
      bs_cli_error("%s", usage);
      return BS_EXIT_USAGE;
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
  if (!verify) {
    status = list(bs_store_db(store));
    bs_store_close(store);
    if (status == BS_ENOTFOUND)
      bs_cli_error("audit: %s has no audit log (serve never ran)", dir);
    else if (status != BS_OK)
      bs_cli_error("audit: %s", bs_status_str(status));
    return status == BS_OK ? BS_EXIT_OK : BS_EXIT_FAILURE;
  }
  bs_audit_check check;
  status = bs_audit_verify(&check, bs_store_db(store));
  bs_store_close(store);
  if (status == BS_ENOTFOUND) {
    bs_cli_error("audit: %s has no audit log (serve never ran)", dir);
    return BS_EXIT_FAILURE;
  }
  if (status != BS_OK) {
    bs_cli_error("audit: %s", bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  if (check.first_broken) {
    printf("audit: BROKEN at entry %lld of %lld: %s\n", (long long)check.first_broken,
           (long long)check.entries, check.reason);
    return BS_EXIT_INCOMPLETE;
  }
  printf("audit: %lld entries, chain intact; head %s\n", (long long)check.entries, check.head);
  return BS_EXIT_OK;
}
