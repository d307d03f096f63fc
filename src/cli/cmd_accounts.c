/* breachscope accounts CASE add NAME [--role agent|supervisor] | list | disable NAME |
 * passwd NAME. Passwords come from standard input, never from the command line (where
 * other users could read them in the process list). */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "serve/accounts.h"

static const char usage[] =
    "usage: breachscope accounts CASE add NAME [--role agent|supervisor] | list | disable NAME "
    "| passwd NAME   (passwords are read from standard input)";

/* One line of standard input without its line end; with a prompt and no echo on a
 * terminal. 1 when a line was read. */
static int read_line(char *out, size_t cap, const char *prompt) {
  int tty = isatty(STDIN_FILENO);
  struct termios saved, quiet;
  if (tty) {
    fputs(prompt, stderr);
    fflush(stderr);
    tcgetattr(STDIN_FILENO, &saved);
    quiet = saved;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  int ok = fgets(out, (int)cap, stdin) != NULL;
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    fputc('\n', stderr);
  }
  if (!ok) return 0;
  size_t len = strlen(out);
  if (len && out[len - 1] != '\n' && !feof(stdin)) return 0; /* longer than cap */
  while (len && (out[len - 1] == '\n' || out[len - 1] == '\r')) out[--len] = '\0';
  return 1;
}

static int read_password(char *out, size_t cap) {
  if (!read_line(out, cap, "new password: ")) {
    bs_cli_error("no password on standard input (or longer than %d bytes)", BS_PASSWORD_MAX);
    return 0;
  }
  if (isatty(STDIN_FILENO)) {
    char again[BS_PASSWORD_MAX + 2];
    int same = read_line(again, sizeof again, "again: ") && !strcmp(again, out);
    sodium_memzero(again, sizeof again);
    if (!same) {
      bs_cli_error("the two passwords differ");
      return 0;
    }
  }
  size_t len = strlen(out);
  if (len < BS_PASSWORD_MIN || len > BS_PASSWORD_MAX) {
    bs_cli_error("a password has %d to %d bytes", BS_PASSWORD_MIN, BS_PASSWORD_MAX);
    return 0;
  }
  return 1;
}

static void print_account(const bs_account *a, void *ctx) {
  (void)ctx;
  printf("%s,%s,%s,%s,%s\n", a->name, bs_role_name(a->role), a->disabled ? "disabled" : "active",
         a->created_at, a->changed_at);
}

int bs_cmd_accounts(int argc, char **argv) {
  static const struct option options[] = {
      {"role", required_argument, NULL, 'r'},
      {NULL, 0, NULL, 0},
  };
  int role = BS_ROLE_AGENT, c;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    if (c == 'r' && (role = bs_role_parse(optarg)) >= 0) continue;
    bs_cli_error("%s", c == 'r' ? "--role is agent or supervisor" : usage);
    return BS_EXIT_USAGE;
  }
  int rest = argc - optind;
  const char *dir = rest >= 2 ? argv[optind] : NULL, *action = rest >= 2 ? argv[optind + 1] : "";
  const char *name = rest == 3 ? argv[optind + 2] : NULL;
  int wants_name =
      !strcmp(action, "add") || !strcmp(action, "disable") || !strcmp(action, "passwd");
  if (!dir || (wants_name ? rest != 3 : (rest != 2 || strcmp(action, "list") != 0))) {
    bs_cli_error("%s", usage);
    return BS_EXIT_USAGE;
  }
  if (name && !bs_account_name_valid(name)) {
    bs_cli_error("an account name has 1 to %d of a-z, 0-9, '.', '_', '-'", BS_ACCOUNT_NAME_MAX);
    return BS_EXIT_USAGE;
  }
  bs_store *store;
  bs_status status = bs_store_open(&store, dir);
  if (status != BS_OK) {
    bs_cli_error("%s: %s", dir, bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  sqlite3 *db = bs_store_db(store);
  char password[BS_PASSWORD_MAX + 2];
  int exit_code = BS_EXIT_OK;
  if (!strcmp(action, "list")) {
    puts("name,role,status,created_at,changed_at");
    status = bs_accounts_each(db, print_account, NULL);
  } else if (!strcmp(action, "disable")) {
    status = bs_accounts_disable(db, name);
    if (status == BS_OK) printf("accounts: %s disabled (its sessions end within seconds)\n", name);
  } else if (!read_password(password, sizeof password)) {
    exit_code = BS_EXIT_USAGE;
  } else if (!strcmp(action, "add")) {
    status = bs_accounts_add(db, name, (bs_role)role, password);
    if (status == BS_OK) printf("accounts: %s added (%s)\n", name, bs_role_name((bs_role)role));
  } else {
    status = bs_accounts_set_password(db, name, password);
    if (status == BS_OK) printf("accounts: password of %s changed (its sessions end)\n", name);
  }
  sodium_memzero(password, sizeof password);
  bs_store_close(store);
  if (exit_code != BS_EXIT_OK) return exit_code;
  if (status == BS_EEXIST || status == BS_ENOTFOUND) {
    bs_cli_error("accounts: %s: %s", name,
                 status == BS_EEXIST ? "exists already" : "no such account");
    return BS_EXIT_FAILURE;
  }
  if (status != BS_OK) {
    bs_cli_error("accounts: %s", bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  return BS_EXIT_OK;
}
