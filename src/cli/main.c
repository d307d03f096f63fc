/* breachscope: entry point and subcommand dispatch. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "detect/validate.h"

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} commands[] = {
#define BS_COMMAND_ENTRY(name, summary) {#name, bs_cmd_##name, summary},
    BS_COMMANDS(BS_COMMAND_ENTRY)
#undef BS_COMMAND_ENTRY
};

void bs_cli_error(const char *format, ...) {
  va_list args;
  va_start(args, format);
  fputs("breachscope: ", stderr);
  vfprintf(stderr, format, args);
  fputc('\n', stderr);
  va_end(args);
}

static int digits_value(const char *text, int count) {
  int value = 0;
  for (int i = 0; i < count; i++) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

int bs_cli_parse_day(const char *text, int *year, int *month, int *day) {
  if (strlen(text) != 10 || text[4] != '-' || text[7] != '-') return 0;
  *year = digits_value(text, 4);
  *month = digits_value(text + 5, 2);
  *day = digits_value(text + 8, 2);
  return bs_validate_date(*year, *month, *day);
}

int bs_cli_parse_window(const char *text, char *from, char *to) {
  const char *dots = strstr(text, "..");
  int y, m, d;
  if (!dots || dots - text != 10 || strlen(dots + 2) != 10) return 0;
  memcpy(from, text, 10);
  from[10] = '\0';
  memcpy(to, dots + 2, 11);
  return bs_cli_parse_day(from, &y, &m, &d) && bs_cli_parse_day(to, &y, &m, &d) &&
         strcmp(from, to) <= 0;
}

static void usage(FILE *out) {
  fputs("usage: breachscope COMMAND CASE [options]\n\ncommands:\n", out);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fputs("\nSee docs/breachscope-COMMAND.1 for each command.\n", out);
}

int main(int argc, char **argv) {
  /* The case store and its exports hold personal data: nothing we create is readable
   * by others. */
  umask(077);
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? BS_EXIT_USAGE : BS_EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
  bs_cli_error("unknown command '%s'", argv[1]);
  usage(stderr);
  return BS_EXIT_USAGE;
}
