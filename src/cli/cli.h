/* The command line: one function per subcommand, listed once. Only cli/ prints to the
 * terminal or exits. */
#ifndef BS_CLI_H
#define BS_CLI_H

/* Exit statuses. */
enum {
  BS_EXIT_OK = 0,         /* everything done */
  BS_EXIT_INCOMPLETE = 1, /* done, but some files could not be read */
  BS_EXIT_USAGE = 2,      /* bad command line */
  BS_EXIT_FAILURE = 3,    /* the command could not be carried out */
  BS_EXIT_INTERRUPTED = 130,
};

/* name, function, one-line summary */
#define BS_COMMANDS(X)                                                                             \
  X(init, "create a case: breachscope init CASE --org NAME --discovered YYYY-MM-DD "               \
          "[--window FROM..TO]")                                                                   \
  X(scan, "find personal data: breachscope scan CASE PATH... [--manifest FILE] "                   \
          "[--modified-between FROM..TO] [--threads N] [--max-file-size MB] "                      \
          "[--findings-memory MB] [--values-memory MB]")                                           \
  X(findings, "list findings: breachscope findings CASE [--format jsonl|csv] "                     \
              "[--reveal] [--min-confidence X]")                                                   \
  X(files, "list files (chain of custody): breachscope files CASE [--format jsonl|csv] "           \
           "[--problems]")                                                                         \
  X(eval, "score a case against ground truth: breachscope eval CASE TRUTH_DIR [--json] "           \
          "[--examples N]")                                                                        \
  X(people, "link findings into persons: breachscope people CASE [--format csv] [--output FILE] "  \
            "[--notice-date YYYY-MM-DD] [--review FILE] [--decisions FILE] (see its man page)")    \
  X(synth, "write a synthetic breach with ground truth: breachscope synth DIR --patients N "       \
           "[--seed S]")                                                                           \
  X(letters, "mail-ready notices: breachscope letters CASE [--only PERSON_ID] [--proof N] "        \
             "[--mail-date YYYY-MM-DD] [...]")                                                     \
  X(report, "obligations, deadlines, counts, HHS fields: breachscope report CASE "                 \
            "[--entity-type T] [--breach-type T] [--location L]")                                  \
  X(serve, "call-center lookup service: breachscope serve CASE [--listen ADDR:PORT] "              \
           "[--cert FILE --key FILE] [--threads N]")                                               \
  X(accounts, "call-center accounts: breachscope accounts CASE add NAME [--role agent|supervisor]" \
              " | list | disable NAME | passwd NAME")                                              \
  X(audit, "check or list the call center's audit log: breachscope audit CASE --verify | "         \
           "[--format jsonl]")

#define BS_COMMAND_DECLARE(name, summary) int bs_cmd_##name(int argc, char **argv);
BS_COMMANDS(BS_COMMAND_DECLARE)
#undef BS_COMMAND_DECLARE

/* Shared helpers. */
void bs_cli_error(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* Parses YYYY-MM-DD; 1 if it is a real date. */
int bs_cli_parse_day(const char *text, int *year, int *month, int *day);
/* Parses "FROM..TO" (each YYYY-MM-DD) into two strings of 11 bytes. */
int bs_cli_parse_window(const char *text, char *from, char *to);

#endif
