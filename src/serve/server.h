/* The call-center service: an HTTP server (libmicrohttpd, a pool of threads, HTTP/1.1
 * keep-alive, TLS with GnuTLS when given a certificate) that serves the agent page at
 * `/` and the JSON API under `/api/`:
 *
 *   POST /api/login   {"username","password"} -> {"token","user","role",...}
 *   POST /api/logout  (Authorization: Bearer TOKEN)
 *   GET  /api/me      -> {"user","role"}
 *   POST /api/lookup  {"first","middle","last","dob","zip"} or {"code","dob"}
 *   GET  /api/stats   supervisors only: the service's counts, no personal data
 *
 * A lookup is answered only after its audit entry is on disk (audit.h): the handler
 * suspends its connection, the audit writer commits a batch and resumes it. */
#ifndef BS_SERVER_H
#define BS_SERVER_H
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct bs_serve_options {
  const char *case_dir;        /* the case */
  const char *address;         /* IPv4 or IPv6 address to listen on */
  uint16_t port;               /* 0: any free port (see bs_server_port) */
  const char *cert_pem;        /* certificate chain (PEM text) for TLS, or NULL */
  const char *key_pem;         /* its private key (PEM text), or NULL */
  unsigned threads;            /* threads serving connections */
  double agent_per_minute;     /* lookups an agent may make a minute... */
  double agent_burst;          /* ...and at once */
  double address_per_minute;   /* requests from one client address a minute... */
  double address_burst;        /* ...and at once */
  double login_per_minute;     /* login attempts a minute per account (and at once) */
  int64_t session_idle_ms;     /* a session ends after this long unused */
  int64_t session_max_ms;      /* and after this long in all */
  unsigned connection_timeout; /* seconds a connection may stay idle */
  unsigned max_connections;    /* connections at once */
  /* Where the service's log lines go (never personal data); NULL: nowhere. */
  void (*log)(const char *line, void *ctx);
  void *log_ctx;
} bs_serve_options;

/* What the service did, for the log and /api/stats. */
typedef struct bs_serve_counts {
  uint64_t requests;     /* HTTP requests answered */
  uint64_t lookups;      /* lookups answered (any outcome) */
  uint64_t verified;     /* of them, callers verified */
  uint64_t not_verified; /* callers not verified */
  uint64_t rejected;     /* lookups refused: no session, malformed, limits */
  uint64_t rate_limited; /* requests answered 429 */
  uint64_t logins;       /* successful logins */
  uint64_t login_failed; /* failed logins */
  uint64_t sessions;     /* sessions open now */
  uint64_t persons;      /* persons in the directory */
} bs_serve_counts;

typedef struct bs_server bs_server;

/* The defaults: 127.0.0.1:8443, 4 threads, 30 lookups a minute per agent (burst 10),
 * 6000 requests a minute per address (burst 200; a call center may sit behind one
 * address), 10 logins a minute, sessions idle 15 minutes and at most 12 hours,
 * connections idle 30 s, 1000 connections. */
void bs_serve_options_default(bs_serve_options *out);
/* Loads the case's persons and starts serving. error gets a reason without personal
 * data when it fails. */
bs_status bs_server_start(bs_server **out, const bs_serve_options *options, char *error,
                          size_t error_cap);
/* The port listened on. */
uint16_t bs_server_port(const bs_server *server);
void bs_server_counts(bs_server *server, bs_serve_counts *out);
/* Stops accepting, answers what is in flight, writes the audit queue, frees. */
void bs_server_stop(bs_server *server);

#endif
