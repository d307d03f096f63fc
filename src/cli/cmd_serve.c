/* breachscope serve CASE [--listen ADDR:PORT] [--cert FILE --key FILE] [--threads N] ... */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "cli/cli.h"
#include "serve/server.h"

static const char usage[] =
    "usage: breachscope serve CASE [--listen ADDR:PORT] [--cert FILE --key FILE] "
    "[--threads N] [--agent-rate N] [--address-rate N] [--session-idle SECONDS] "
    "[--session-max SECONDS] [--connection-timeout SECONDS] [--port-file FILE]";

/* Log lines on stderr, stamped; the service never puts personal data in them. */
static void log_stderr(const char *line, void *ctx) {
  (void)ctx;
  time_t now = time(NULL);
  struct tm tm;
  char stamp[32];
  gmtime_r(&now, &tm);
  strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  fprintf(stderr, "%s %s\n", stamp, line);
}

/* "ADDR:PORT" or "[IPV6]:PORT" into address (cap bytes) and port. */
static int parse_listen(const char *text, char *address, size_t cap, uint16_t *port) {
  const char *colon = strrchr(text, ':');
  if (!colon || colon == text) return 0;
  const char *host = text;
  size_t len = (size_t)(colon - text);
  if (*host == '[') {
    if (len < 2 || host[len - 1] != ']') return 0;
    host++;
    len -= 2;
  }
  if (len == 0 || len >= cap) return 0;
  memcpy(address, host, len);
  address[len] = '\0';
  char *end;
  long value = strtol(colon + 1, &end, 10);
  if (*end || end == colon + 1 || value < 0 || value > 65535) return 0;
  *port = (uint16_t)value;
  return 1;
}

static int parse_number(const char *text, double min, double max, double *out) {
  char *end;
  double value = strtod(text, &end);
  if (*end || end == text || !(value >= min && value <= max)) return 0;
  *out = value;
  return 1;
}

/* A whole PEM file into memory (at most 1 MiB); NULL on failure. */
static char *read_pem(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *text = bs_malloc((size_t)1 << 20);
  size_t len = text ? fread(text, 1, ((size_t)1 << 20) - 1, f) : 0;
  int error = ferror(f) || !feof(f);
  fclose(f);
  if (!text || error || len == 0) {
    bs_free(text);
    return NULL;
  }
  text[len] = '\0';
  return text;
}

int bs_cmd_serve(int argc, char **argv) {
  static const struct option options[] = {
      {"listen", required_argument, NULL, 'l'},
      {"cert", required_argument, NULL, 'c'},
      {"key", required_argument, NULL, 'k'},
      {"threads", required_argument, NULL, 't'},
      {"agent-rate", required_argument, NULL, 'a'},
      {"address-rate", required_argument, NULL, 'A'},
      {"session-idle", required_argument, NULL, 'i'},
      {"session-max", required_argument, NULL, 'm'},
      {"port-file", required_argument, NULL, 'p'},
      {"connection-timeout", required_argument, NULL, 'T'},
      {NULL, 0, NULL, 0},
  };
  bs_serve_options opt;
  bs_serve_options_default(&opt);
  char address[64];
  snprintf(address, sizeof address, "%s", opt.address);
  const char *cert_file = NULL, *key_file = NULL, *port_file = NULL;
  double value;
  int c;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    switch (c) {
    case 'l':
      if (!parse_listen(optarg, address, sizeof address, &opt.port)) {
        bs_cli_error("--listen wants ADDR:PORT (127.0.0.1:8443, [::1]:8443; port 0: any)");
        return BS_EXIT_USAGE;
      }
      break;
    case 'c': cert_file = optarg; break;
    case 'k': key_file = optarg; break;
    case 't':
      if (!parse_number(optarg, 1, 256, &value)) {
        bs_cli_error("--threads wants 1 to 256");
        return BS_EXIT_USAGE;
      }
      opt.threads = (unsigned)value;
      break;
    case 'a':
    case 'A':
      if (!parse_number(optarg, 1, 1e9, &value)) {
        bs_cli_error("--%s wants a number of requests a minute",
                     c == 'a' ? "agent-rate" : "address-rate");
        return BS_EXIT_USAGE;
      }
      /* A third of a minute's worth may come at once. */
      if (c == 'a') {
        opt.agent_per_minute = value;
        opt.agent_burst = value / 3 > 1 ? value / 3 : 1;
      } else {
        opt.address_per_minute = value;
        opt.address_burst = value / 3 > 1 ? value / 3 : 1;
      }
      break;
    case 'i':
    case 'm':
      if (!parse_number(optarg, 1, 7 * 86400, &value)) {
        bs_cli_error("--session-%s wants seconds (1 to 604800)", c == 'i' ? "idle" : "max");
        return BS_EXIT_USAGE;
      }
      *(c == 'i' ? &opt.session_idle_ms : &opt.session_max_ms) = (int64_t)(value * 1000);
      break;
    case 'p': port_file = optarg; break;
    case 'T':
      if (!parse_number(optarg, 1, 3600, &value)) {
        bs_cli_error("--connection-timeout wants seconds (1 to 3600)");
        return BS_EXIT_USAGE;
      }
      opt.connection_timeout = (unsigned)value;
      break;
    default: bs_cli_error("%s", usage); return BS_EXIT_USAGE;
    }
  }
  if (optind != argc - 1 || (!cert_file) != (!key_file)) {
    bs_cli_error("%s", optind == argc - 1 ? "--cert and --key go together" : usage);
    return BS_EXIT_USAGE;
  }
  opt.case_dir = argv[optind];
  opt.address = address;
  opt.log = log_stderr;
  char *cert = NULL, *key = NULL;
  if (cert_file && (!(cert = read_pem(cert_file)) || !(key = read_pem(key_file)))) {
    bs_cli_error("%s: cannot read", cert ? key_file : cert_file);
    bs_free(cert);
    return BS_EXIT_FAILURE;
  }
  opt.cert_pem = cert;
  opt.key_pem = key;

  /* The signals that stop the service are taken by this thread only (sigwait); the
   * service's threads, started below, inherit the mask. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  bs_server *server;
  char error[256];
  bs_status status = bs_server_start(&server, &opt, error, sizeof error);
  if (key) {
    memset(key, 0, strlen(key));
    bs_free(key);
  }
  bs_free(cert);
  if (status != BS_OK) {
    bs_cli_error("serve: %s: %s", opt.case_dir, error);
    return BS_EXIT_FAILURE;
  }
  char line[160];
  snprintf(line, sizeof line, "serve: listening on %s://%s%s%s:%u/ with %u threads",
           opt.cert_pem ? "https" : "http", strchr(address, ':') ? "[" : "", address,
           strchr(address, ':') ? "]" : "", (unsigned)bs_server_port(server), opt.threads);
  log_stderr(line, NULL);
  if (port_file) {
    FILE *f = fopen(port_file, "w");
    if (!f || fprintf(f, "%u\n", (unsigned)bs_server_port(server)) < 0 || fclose(f) != 0)
      bs_cli_error("%s: cannot write the port", port_file);
  }
  int signal_number = 0;
  sigwait(&stop, &signal_number);
  log_stderr("serve: stopping", NULL);
  bs_serve_counts counts;
  bs_server_counts(server, &counts);
  bs_server_stop(server);
  snprintf(line, sizeof line,
           "serve: stopped: %llu requests, %llu lookups (%llu verified, %llu not), %llu "
           "refused, %llu rate-limited, %llu logins (%llu failed)",
           (unsigned long long)counts.requests, (unsigned long long)counts.lookups,
           (unsigned long long)counts.verified, (unsigned long long)counts.not_verified,
           (unsigned long long)counts.rejected, (unsigned long long)counts.rate_limited,
           (unsigned long long)counts.logins, (unsigned long long)counts.login_failed);
  log_stderr(line, NULL);
  return BS_EXIT_OK;
}
