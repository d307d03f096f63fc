/* The call-center HTTP service (see server.h).
 *
 * Each request carries a small state object (MHD's per-connection pointer) through
 * libmicrohttpd's calls of the access handler: the first call routes and checks what
 * can be checked from the headers (address limit, session, agent limit, declared body
 * size); the next ones collect the body; the last one answers. Logins, logouts and
 * lookups, whatever their outcome, go through the audit writer first: the handler
 * suspends the connection and queues the entry; the writer, once the entry is on disk,
 * resumes the connection, and libmicrohttpd calls the handler once more to send the
 * answer. Pages and /api/me, /api/stats answer at once. */
#include "serve/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/queue.h"
#include "link/nicknames.h"
#include "serve/accounts.h"
#include "serve/answer.h"
#include "serve/assets.h"
#include "serve/audit.h"
#include "serve/caller.h"
#include "serve/directory.h"
#include "serve/ratelimit.h"
#include "serve/request.h"
#include "serve/sessions.h"

#define MAX_SESSIONS       10000
#define MAX_LIMITED_KEYS   100000
#define ACCOUNT_WATCH_MS   2000 /* how often disabled accounts' sessions are ended */
#define PER_IP_CONNECTIONS 256
#define MAX_DROPPED        ((size_t)1 << 20) /* body bytes read past the limit, then closed */

typedef enum route {
  ROUTE_ASSET,
  ROUTE_LOGIN,
  ROUTE_LOGOUT,
  ROUTE_ME,
  ROUTE_LOOKUP,
  ROUTE_STATS,
  ROUTE_NOT_FOUND,
} route;

static const struct {
  const char *path, *method;
  route route;
} routes[] = {
    {"/api/login", "POST", ROUTE_LOGIN}, {"/api/logout", "POST", ROUTE_LOGOUT},
    {"/api/me", "GET", ROUTE_ME},        {"/api/lookup", "POST", ROUTE_LOOKUP},
    {"/api/stats", "GET", ROUTE_STATS},
};

typedef enum phase {
  PHASE_ROUTE,   /* headers received, not yet looked at */
  PHASE_BODY,    /* reading the body */
  PHASE_AUDIT,   /* suspended until the audit entry is on disk */
  PHASE_ANSWER,  /* ready to answer */
  PHASE_ANSWERED /* answer queued */
} phase;

struct bs_server {
  bs_serve_options options;
  struct MHD_Daemon *daemon;
  uint16_t port;
  bs_directory *directory;
  bs_nicknames nicknames;
  bs_sessions *sessions;
  bs_ratelimit *agent_limit, *address_limit, *login_limit;
  bs_audit *audit;
  bs_store *reader; /* accounts, for logins; under reader_lock */
  pthread_mutex_t reader_lock;
  bs_queue *logins_queue;                    /* logins waiting for their password check */
  pthread_t hashers[BS_PASSWORD_CONCURRENT]; /* threads checking passwords */
  size_t hasher_count;
  char dummy_hash[crypto_pwhash_STRBYTES]; /* checked for unknown names: same time */
  pthread_t watcher;
  pthread_mutex_t watch_lock;
  pthread_cond_t watch_wake;
  int stopping;
  char *cert, *key; /* copies for libmicrohttpd */
  atomic_uint_fast64_t requests, lookups, verified, not_verified, rejected, rate_limited, logins,
      login_failed;
};

typedef struct request_state {
  bs_server *server;
  struct MHD_Connection *connection;
  route route;
  phase phase;
  char address[48];        /* client address, text */
  bs_session_info session; /* when a valid token came */
  int has_session;
  char token[BS_SESSION_TOKEN_LEN + 1]; /* Authorization token, as sent */
  unsigned status;                      /* HTTP status of the answer */
  bs_buf body;                          /* request body */
  int body_too_large;
  size_t dropped;                           /* body bytes dropped past the limit */
  bs_buf answer;                            /* response body (JSON) */
  int with_reference;                       /* prefix the answer with the audit entry's number */
  bs_audit_entry entry;                     /* the audit entry of this request */
  bs_status audit_status;                   /* how the audit write went */
  const char *retry_after;                  /* Retry-After value for 429, or NULL */
  char login_name[BS_ACCOUNT_NAME_MAX + 1]; /* a login's account name, "" when invalid */
  char password[BS_PASSWORD_MAX + 1];       /* a login's password until checked */
} request_state;

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void log_line(const bs_server *server, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
static void log_line(const bs_server *server, const char *format, ...) {
  if (!server->options.log) return;
  char line[512];
  va_list args;
  va_start(args, format);
  vsnprintf(line, sizeof line, format, args);
  va_end(args);
  server->options.log(line, server->options.log_ctx);
}

/* libmicrohttpd's own messages: about sockets, TLS and protocol errors; they hold no
 * request content. */
static void mhd_logger(void *ctx, const char *format, va_list args)
    __attribute__((format(printf, 2, 0)));
static void mhd_logger(void *ctx, const char *format, va_list args) {
  const bs_server *server = ctx;
  if (!server->options.log) return;
  char line[512];
  vsnprintf(line, sizeof line, format, args);
  size_t len = strlen(line);
  while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
  log_line(server, "serve: libmicrohttpd: %s", line);
}

/* ------------------------------------------------------------------ JSON helpers */

static void set_json(request_state *rs, unsigned status, const char *json) {
  rs->status = status;
  bs_buf_reset(&rs->answer);
  if (bs_buf_append(&rs->answer, json, strlen(json)) != BS_OK) rs->status = 500;
}

/* {"error": message} */
static void set_error(request_state *rs, unsigned status, const char *message) {
  yajl_gen g = yajl_gen_alloc(NULL);
  const unsigned char *text;
  size_t len;
  rs->status = status;
  bs_buf_reset(&rs->answer);
  if (!g) return;
  yajl_gen_map_open(g);
  yajl_gen_string(g, (const unsigned char *)"error", 5);
  yajl_gen_string(g, (const unsigned char *)message, strlen(message));
  yajl_gen_map_close(g);
  if (yajl_gen_get_buf(g, &text, &len) == yajl_gen_status_ok) bs_buf_append(&rs->answer, text, len);
  yajl_gen_free(g);
}

static char *json_dup(const char *text) { return bs_strdup(text ? text : "{}"); }

/* ------------------------------------------------------------------ responses */

static enum MHD_Result send_bytes(request_state *rs, unsigned status, const char *type,
                                  const void *data, size_t len, int copy) {
  struct MHD_Response *response = MHD_create_response_from_buffer(
      len, (void *)data, copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
  if (!response) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(response, "X-Frame-Options", "DENY");
  MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
  /* The page loads only its own script and style and talks only to this service. */
  MHD_add_response_header(response, "Content-Security-Policy",
                          "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "connect-src 'self'; img-src 'self'; form-action 'none'; "
                          "frame-ancestors 'none'; base-uri 'none'");
  if (rs->retry_after) MHD_add_response_header(response, "Retry-After", rs->retry_after);
  enum MHD_Result result = MHD_queue_response(rs->connection, status, response);
  MHD_destroy_response(response);
  rs->phase = PHASE_ANSWERED;
  atomic_fetch_add(&rs->server->requests, 1);
  if (status == MHD_HTTP_TOO_MANY_REQUESTS) atomic_fetch_add(&rs->server->rate_limited, 1);
  return result;
}

static enum MHD_Result send_answer(request_state *rs) {
  if (rs->with_reference && rs->audit_status == BS_OK && rs->answer.len > 1 &&
      rs->answer.data[0] == '{') {
    bs_buf full;
    bs_buf_init(&full, (size_t)BS_REQUEST_MAX_BODY * 16);
    bs_status status = bs_buf_printf(&full, "{\"reference\":%lld,", (long long)rs->entry.seq);
    if (status == BS_OK) status = bs_buf_append(&full, rs->answer.data + 1, rs->answer.len - 1);
    enum MHD_Result result =
        status == BS_OK ? send_bytes(rs, rs->status, "application/json", full.data, full.len, 1)
                        : MHD_NO;
    bs_buf_free(&full);
    return result;
  }
  return send_bytes(rs, rs->status, "application/json", rs->answer.data ? rs->answer.data : "",
                    rs->answer.len, 1);
}

/* ------------------------------------------------------------------ audit path */

static void audit_done(bs_audit_entry *entry, bs_status status, void *ctx) {
  request_state *rs = ctx;
  (void)entry;
  rs->audit_status = status;
  if (status != BS_OK)
    set_error(rs, MHD_HTTP_SERVICE_UNAVAILABLE, "the audit log cannot be written; try later");
  rs->phase = PHASE_ANSWER;
  MHD_resume_connection(rs->connection);
}

/* Queues the audit entry of a request whose connection is suspended; the writer
 * resumes it once the entry is on disk. When the entry cannot be queued, the answer
 * becomes a 503 and the connection is resumed at once: nothing goes out unaudited. */
static void submit_audit(request_state *rs, const char *action, const char *agent,
                         const char *question, const char *shown) {
  bs_audit_entry *e = &rs->entry;
  bs_audit_stamp(e);
  snprintf(e->agent, sizeof e->agent, "%s", agent ? agent : "");
  snprintf(e->address, sizeof e->address, "%s", rs->address);
  snprintf(e->action, sizeof e->action, "%s", action);
  bs_free(e->question);
  bs_free(e->answer);
  e->question = json_dup(question);
  e->answer = json_dup(shown);
  e->done = audit_done;
  e->ctx = rs;
  bs_status status = e->question && e->answer ? bs_audit_submit(rs->server->audit, e) : BS_ENOMEM;
  if (status != BS_OK) {
    rs->audit_status = status;
    set_error(rs, MHD_HTTP_SERVICE_UNAVAILABLE,
              status == BS_ELIMIT ? "the service is overloaded; try again"
                                  : "the audit log cannot be written; try later");
    rs->phase = PHASE_ANSWER;
    MHD_resume_connection(rs->connection);
  }
}

/* Suspends the connection until the request's audit entry is written; the answer
 * (already in rs) goes out then. */
static enum MHD_Result audit_then_answer(request_state *rs, const char *action, const char *agent,
                                         const char *question, const char *shown) {
  rs->phase = PHASE_AUDIT;
  MHD_suspend_connection(rs->connection);
  submit_audit(rs, action, agent, question, shown);
  return MHD_YES;
}

/* ------------------------------------------------------------------ handlers */

static void audit_refusal_shown(char *out, size_t cap, unsigned status, const char *why) {
  snprintf(out, cap, "{\"refused\":%u,\"why\":\"%s\"}", status, why);
}

/* A lookup refused before any caller data was looked at. */
static enum MHD_Result refuse_lookup(request_state *rs, unsigned status, const char *why,
                                     const char *question) {
  char shown[160];
  audit_refusal_shown(shown, sizeof shown, status, why);
  set_error(rs, status, why);
  atomic_fetch_add(&rs->server->rejected, 1);
  return audit_then_answer(rs, "lookup", rs->has_session ? rs->session.account : "",
                           question ? question : "{}", shown);
}

static enum MHD_Result do_lookup(request_state *rs) {
  bs_server *server = rs->server;
  bs_request request;
  char error[160];
  if (rs->body_too_large)
    return refuse_lookup(rs, MHD_HTTP_CONTENT_TOO_LARGE, "the body is too large", NULL);
  if (bs_request_parse(&request, rs->body.data ? rs->body.data : "", rs->body.len, error,
                       sizeof error) != BS_OK)
    return refuse_lookup(rs, MHD_HTTP_BAD_REQUEST, error, NULL);
  bs_buf question, shown;
  bs_buf_init(&question, 4096);
  bs_buf_init(&shown, 1 << 16);
  bs_caller_result result;
  enum MHD_Result mhd;
  bs_status verified = BS_OK;
  if (bs_answer_question(&question, &request) != BS_OK ||
      ((verified = bs_caller_verify(&result, server->directory, &server->nicknames, &request, error,
                                    sizeof error)) == BS_OK &&
       bs_answer_lookup(&rs->answer, &shown, server->directory, &result) != BS_OK)) {
    set_error(rs, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    mhd = send_answer(rs);
  } else if (verified != BS_OK) {
    mhd = refuse_lookup(rs, MHD_HTTP_BAD_REQUEST, error, question.data);
  } else {
    rs->status = MHD_HTTP_OK;
    rs->with_reference = 1;
    atomic_fetch_add(&server->lookups, 1);
    atomic_fetch_add(result.count ? &server->verified : &server->not_verified, 1);
    mhd = audit_then_answer(rs, "lookup", rs->session.account, question.data, shown.data);
  }
  sodium_memzero(&request, sizeof request);
  bs_buf_free(&question);
  bs_buf_free(&shown);
  return mhd;
}

/* The password check of a login, on a hashing thread (Argon2id takes 0.1 s and 64 MiB:
 * the connection threads go on serving lookups meanwhile). The connection is
 * suspended; it is resumed by the audit writer. */
static void finish_login(request_state *rs) {
  bs_server *server = rs->server;
  char shown[256];
  const char *who = rs->login_name;
  bs_account account;
  pthread_mutex_lock(&server->reader_lock);
  bs_status found =
      who[0] ? bs_accounts_find(&account, bs_store_db(server->reader), who) : BS_ENOTFOUND;
  pthread_mutex_unlock(&server->reader_lock);
  if (found != BS_OK) {
    /* Unknown names are checked against a dummy hash: the answer takes as long. */
    memset(&account, 0, sizeof account);
    snprintf(account.hash, sizeof account.hash, "%s", server->dummy_hash);
  }
  int matches = bs_account_password_matches(&account, rs->password);
  sodium_memzero(rs->password, sizeof rs->password);
  if (found != BS_OK || !matches || account.disabled) {
    atomic_fetch_add(&server->login_failed, 1);
    set_error(rs, MHD_HTTP_UNAUTHORIZED, "wrong user name or password");
    snprintf(shown, sizeof shown, "{\"refused\":401,\"why\":\"%s\"}",
             found != BS_OK ? "no such account"
             : !matches     ? "wrong password"
                            : "account disabled");
    submit_audit(rs, "login_failed", who, "{}", shown);
    return;
  }
  bs_session_info info;
  memset(&info, 0, sizeof info);
  snprintf(info.account, sizeof info.account, "%s", account.name);
  info.role = account.role;
  info.generation = account.generation;
  char token[BS_SESSION_TOKEN_LEN + 1];
  if (bs_sessions_open(server->sessions, token, &info, now_ms()) != BS_OK) {
    set_error(rs, MHD_HTTP_SERVICE_UNAVAILABLE, "too many sessions open");
    submit_audit(rs, "login_failed", who, "{}", "{\"refused\":503}");
    return;
  }
  atomic_fetch_add(&server->logins, 1);
  char json[256];
  snprintf(json, sizeof json,
           "{\"token\":\"%s\",\"user\":\"%s\",\"role\":\"%s\",\"idle_seconds\":%lld,"
           "\"max_seconds\":%lld}",
           token, account.name, bs_role_name(account.role),
           (long long)(server->options.session_idle_ms / 1000),
           (long long)(server->options.session_max_ms / 1000));
  set_json(rs, MHD_HTTP_OK, json);
  sodium_memzero(token, sizeof token);
  sodium_memzero(json, sizeof json);
  snprintf(shown, sizeof shown, "{\"session\":true,\"role\":\"%s\"}", bs_role_name(account.role));
  submit_audit(rs, "login", who, "{}", shown);
}

static void *hashing_thread(void *arg) {
  bs_server *server = arg;
  request_state *rs;
  while ((rs = bs_queue_pop(server->logins_queue)) != NULL) finish_login(rs);
  return NULL;
}

static enum MHD_Result do_login(request_state *rs) {
  bs_server *server = rs->server;
  bs_request request;
  char error[160];
  if (rs->body_too_large) {
    set_error(rs, MHD_HTTP_CONTENT_TOO_LARGE, "the body is too large");
    return audit_then_answer(rs, "login_failed", "", "{}", "{\"refused\":413}");
  }
  if (bs_request_parse(&request, rs->body.data ? rs->body.data : "", rs->body.len, error,
                       sizeof error) != BS_OK ||
      !bs_request_has(&request, BS_REQ_username) || !bs_request_has(&request, BS_REQ_password)) {
    set_error(rs, MHD_HTTP_BAD_REQUEST, error[0] ? error : "username and password are needed");
    sodium_memzero(&request, sizeof request);
    return audit_then_answer(rs, "login_failed", "", "{}", "{\"refused\":400}");
  }
  /* A name that is no account name is recorded as such, never as typed (it may be a
   * password typed in the wrong box). */
  if (bs_account_name_valid(request.username))
    snprintf(rs->login_name, sizeof rs->login_name, "%s", request.username);
  char key[96];
  snprintf(key, sizeof key, "account:%s", rs->login_name[0] ? rs->login_name : "?");
  if (!bs_ratelimit_take(server->login_limit, key, now_ms())) {
    rs->retry_after = "60";
    set_error(rs, MHD_HTTP_TOO_MANY_REQUESTS, "too many login attempts; wait a minute");
    sodium_memzero(&request, sizeof request);
    return audit_then_answer(rs, "login_failed", rs->login_name, "{}", "{\"refused\":429}");
  }
  memcpy(rs->password, request.password, sizeof rs->password);
  sodium_memzero(&request, sizeof request);
  rs->phase = PHASE_AUDIT;
  MHD_suspend_connection(rs->connection);
  if (bs_queue_push(server->logins_queue, rs) != BS_OK) { /* stopping */
    sodium_memzero(rs->password, sizeof rs->password);
    set_error(rs, MHD_HTTP_SERVICE_UNAVAILABLE, "the service is stopping");
    rs->phase = PHASE_ANSWER;
    MHD_resume_connection(rs->connection);
  }
  return MHD_YES;
}

static enum MHD_Result do_stats(request_state *rs) {
  bs_serve_counts c;
  bs_server_counts(rs->server, &c);
  char json[512];
  snprintf(json, sizeof json,
           "{\"requests\":%llu,\"lookups\":%llu,\"verified\":%llu,\"not_verified\":%llu,"
           "\"rejected\":%llu,\"rate_limited\":%llu,\"logins\":%llu,\"login_failed\":%llu,"
           "\"sessions\":%llu,\"persons\":%llu}",
           (unsigned long long)c.requests, (unsigned long long)c.lookups,
           (unsigned long long)c.verified, (unsigned long long)c.not_verified,
           (unsigned long long)c.rejected, (unsigned long long)c.rate_limited,
           (unsigned long long)c.logins, (unsigned long long)c.login_failed,
           (unsigned long long)c.sessions, (unsigned long long)c.persons);
  set_json(rs, MHD_HTTP_OK, json);
  return send_answer(rs);
}

/* Everything that can be decided from the request line and headers. Returns 1 when an
 * answer is under way (sent or waiting for the audit), 0 to go on reading the body. */
static int first_call(request_state *rs, const char *url, const char *method,
                      enum MHD_Result *result) {
  bs_server *server = rs->server;
  bs_asset asset = {0};
  rs->route = ROUTE_NOT_FOUND;
  int method_ok = 0;
  if (!strcmp(method, "GET") && bs_asset_find(&asset, url)) {
    rs->route = ROUTE_ASSET;
    method_ok = 1;
  }
  for (size_t i = 0; i < sizeof routes / sizeof routes[0] && rs->route == ROUTE_NOT_FOUND; i++)
    if (!strcmp(url, routes[i].path)) {
      rs->route = routes[i].route;
      method_ok = !strcmp(method, routes[i].method);
    }
  if (!bs_ratelimit_take(server->address_limit, rs->address, now_ms())) {
    rs->retry_after = "10";
    set_error(rs, MHD_HTTP_TOO_MANY_REQUESTS, "too many requests from this address");
    *result = rs->route == ROUTE_LOOKUP ? refuse_lookup(rs, MHD_HTTP_TOO_MANY_REQUESTS,
                                                        "too many requests from this address", NULL)
                                        : send_answer(rs);
    return 1;
  }
  if (rs->route == ROUTE_NOT_FOUND) {
    set_error(rs, MHD_HTTP_NOT_FOUND, "no such page");
    *result = send_answer(rs);
    return 1;
  }
  if (!method_ok) {
    set_error(rs, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed here");
    *result = send_answer(rs);
    return 1;
  }
  if (rs->route == ROUTE_ASSET) {
    *result = send_bytes(rs, MHD_HTTP_OK, asset.content_type, asset.data, asset.size, 0);
    return 1;
  }
  /* The session, for every route but login. */
  const char *auth =
      MHD_lookup_connection_value(rs->connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  if (auth && !strncmp(auth, "Bearer ", 7) && strlen(auth + 7) == BS_SESSION_TOKEN_LEN) {
    snprintf(rs->token, sizeof rs->token, "%s", auth + 7);
    rs->has_session =
        bs_sessions_check(server->sessions, &rs->session, rs->token, now_ms()) == BS_OK;
  }
  if (rs->route != ROUTE_LOGIN && !rs->has_session) {
    if (rs->route == ROUTE_LOOKUP) {
      *result = refuse_lookup(rs, MHD_HTTP_UNAUTHORIZED, "no valid session: log in", NULL);
    } else {
      set_error(rs, MHD_HTTP_UNAUTHORIZED, "no valid session: log in");
      *result = send_answer(rs);
    }
    return 1;
  }
  if (rs->route == ROUTE_LOOKUP &&
      !bs_ratelimit_take(server->agent_limit, rs->session.account, now_ms())) {
    rs->retry_after = "10";
    *result = refuse_lookup(rs, MHD_HTTP_TOO_MANY_REQUESTS,
                            "too many lookups for this account; wait a little", NULL);
    return 1;
  }
  if (rs->route == ROUTE_STATS && rs->session.role != BS_ROLE_SUPERVISOR) {
    set_error(rs, MHD_HTTP_FORBIDDEN, "supervisors only");
    *result = send_answer(rs);
    return 1;
  }
  if (rs->route == ROUTE_ME) {
    char json[160];
    snprintf(json, sizeof json, "{\"user\":\"%s\",\"role\":\"%s\"}", rs->session.account,
             bs_role_name(rs->session.role));
    set_json(rs, MHD_HTTP_OK, json);
    *result = send_answer(rs);
    return 1;
  }
  if (rs->route == ROUTE_STATS) {
    *result = do_stats(rs);
    return 1;
  }
  if (rs->route == ROUTE_LOGOUT) {
    bs_sessions_close(server->sessions, rs->token);
    set_json(rs, MHD_HTTP_OK, "{\"logged_out\":true}");
    *result = audit_then_answer(rs, "logout", rs->session.account, "{}", "{\"session\":false}");
    return 1;
  }
  /* A declared body over the limit is refused before it is read. */
  const char *length =
      MHD_lookup_connection_value(rs->connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (length && strtoull(length, NULL, 10) > BS_REQUEST_MAX_BODY) {
    rs->body_too_large = 1;
    *result = rs->route == ROUTE_LOOKUP ? do_lookup(rs) : do_login(rs);
    return 1;
  }
  return 0;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Percent-decoding of the URL in place, as libmicrohttpd's own, except that "%00" stays
 * as written: a NUL would end the path early ("/app.js%00.html" read as "/app.js"). */
static size_t unescape_url(void *cls, struct MHD_Connection *connection, char *text) {
  (void)cls;
  (void)connection;
  char *out = text;
  for (const char *in = text; *in;) {
    int hi = in[0] == '%' ? hex_value(in[1]) : -1, lo = hi >= 0 ? hex_value(in[2]) : -1;
    if (hi >= 0 && lo >= 0 && (hi || lo)) {
      *out++ = (char)(hi * 16 + lo);
      in += 3;
    } else {
      *out++ = *in++;
    }
  }
  *out = '\0';
  return (size_t)(out - text);
}

static void client_address(char *out, size_t cap, struct MHD_Connection *connection) {
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  snprintf(out, cap, "?");
  if (!info || !info->client_addr) return;
  const struct sockaddr *sa = info->client_addr;
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
              (socklen_t)cap);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
              (socklen_t)cap);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *connection, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls) {
  bs_server *server = cls;
  (void)version;
  request_state *rs = *con_cls;
  if (!rs) {
    rs = bs_calloc(1, sizeof *rs);
    if (!rs) return MHD_NO;
    rs->server = server;
    rs->connection = connection;
    rs->phase = PHASE_ROUTE;
    bs_buf_init(&rs->body, BS_REQUEST_MAX_BODY);
    bs_buf_init(&rs->answer, 1 << 20);
    client_address(rs->address, sizeof rs->address, connection);
    *con_cls = rs;
    /* The headers are in. libmicrohttpd takes an answer now or once the body is read,
     * not in between: requests with a body are checked now (a refusal closes the
     * connection, its body unread). A GET is answered on the next call, which keeps
     * the connection open for the next request. */
    if (!strcmp(method, "GET")) return MHD_YES;
  }
  if (rs->phase == PHASE_ROUTE) {
    rs->phase = PHASE_BODY;
    enum MHD_Result result = MHD_YES;
    if (first_call(rs, url, method, &result)) {
      *upload_data_size = 0; /* the rest of a body is dropped */
      return result;
    }
    if (strcmp(method, "GET") != 0) return MHD_YES; /* the body comes in the next calls */
  }
  if (rs->phase == PHASE_ANSWER) {
    *upload_data_size = 0;
    return send_answer(rs);
  }
  if (rs->phase != PHASE_BODY) { /* waiting or answered: the rest of a body is dropped */
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (*upload_data_size) {
    if (!rs->body_too_large && bs_buf_append(&rs->body, upload_data, *upload_data_size) != BS_OK)
      rs->body_too_large = 1;
    /* Past the limit the body is read and dropped until its end (then 413), up to
     * MAX_DROPPED bytes; past that the connection is closed. */
    if (rs->body_too_large && (rs->dropped += *upload_data_size) > MAX_DROPPED) return MHD_NO;
    *upload_data_size = 0;
    return MHD_YES;
  }
  return rs->route == ROUTE_LOOKUP ? do_lookup(rs) : do_login(rs);
}

static void completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                      enum MHD_RequestTerminationCode code) {
  (void)cls;
  (void)connection;
  (void)code;
  request_state *rs = *con_cls;
  if (!rs) return;
  bs_buf_free(&rs->body);
  bs_buf_free(&rs->answer);
  bs_free(rs->entry.question);
  bs_free(rs->entry.answer);
  sodium_memzero(rs->token, sizeof rs->token);
  sodium_memzero(rs->password, sizeof rs->password);
  bs_free(rs);
  *con_cls = NULL;
}

/* ------------------------------------------------------------------ account watch */

typedef struct watch_ctx {
  bs_server *server;
  size_t ended;
} watch_ctx;

static void end_stale(const bs_account *account, void *ctx) {
  watch_ctx *w = ctx;
  w->ended += bs_sessions_end_account(w->server->sessions, account->name,
                                      account->disabled ? -1 : account->generation);
}

/* Ends the sessions of accounts disabled, or whose password changed, since login. */
static void *watch_accounts(void *arg) {
  bs_server *server = arg;
  pthread_mutex_lock(&server->watch_lock);
  while (!server->stopping) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ACCOUNT_WATCH_MS / 1000;
    pthread_cond_timedwait(&server->watch_wake, &server->watch_lock, &until);
    if (server->stopping) break;
    pthread_mutex_unlock(&server->watch_lock);
    watch_ctx w = {server, 0};
    pthread_mutex_lock(&server->reader_lock);
    bs_accounts_each(bs_store_db(server->reader), end_stale, &w);
    pthread_mutex_unlock(&server->reader_lock);
    if (w.ended)
      log_line(server, "serve: %zu sessions ended (account disabled or password changed)", w.ended);
    pthread_mutex_lock(&server->watch_lock);
  }
  pthread_mutex_unlock(&server->watch_lock);
  return NULL;
}

/* ------------------------------------------------------------------ life cycle */

void bs_serve_options_default(bs_serve_options *out) {
  memset(out, 0, sizeof *out);
  out->address = "127.0.0.1";
  out->port = 8443;
  out->threads = 4;
  out->agent_per_minute = 30;
  out->agent_burst = 10;
  out->address_per_minute = 6000;
  out->address_burst = 200;
  out->login_per_minute = 10;
  out->session_idle_ms = (int64_t)15 * 60 * 1000;
  out->session_max_ms = (int64_t)12 * 3600 * 1000;
  out->connection_timeout = 30;
  out->max_connections = 1000;
}

static void stop_hashers(bs_server *server) {
  if (server->logins_queue) bs_queue_close(server->logins_queue);
  for (size_t i = 0; i < server->hasher_count; i++) pthread_join(server->hashers[i], NULL);
  server->hasher_count = 0;
}

static void free_server(bs_server *server) {
  stop_hashers(server);
  bs_audit_free(server->audit);
  bs_directory_free(server->directory);
  bs_nicknames_free(&server->nicknames);
  bs_sessions_free(server->sessions);
  bs_ratelimit_free(server->agent_limit);
  bs_ratelimit_free(server->address_limit);
  bs_ratelimit_free(server->login_limit);
  bs_store_close(server->reader);
  pthread_mutex_destroy(&server->reader_lock);
  pthread_mutex_destroy(&server->watch_lock);
  pthread_cond_destroy(&server->watch_wake);
  bs_queue_free(server->logins_queue);
  bs_free(server->cert);
  if (server->key) sodium_memzero(server->key, strlen(server->key));
  bs_free(server->key);
  bs_free(server);
}

static bs_status fail(bs_server *server, bs_status status, char *error, size_t cap,
                      const char *what) {
  snprintf(error, cap, "%s: %s", what, bs_status_str(status));
  free_server(server);
  return status;
}

static bs_status listen_address(struct sockaddr_storage *out, socklen_t *len, const char *address,
                                uint16_t port) {
  memset(out, 0, sizeof *out);
  struct sockaddr_in *v4 = (struct sockaddr_in *)out;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)out;
  if (inet_pton(AF_INET, address, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    *len = sizeof *v4;
    return BS_OK;
  }
  if (inet_pton(AF_INET6, address, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    *len = sizeof *v6;
    return BS_OK;
  }
  return BS_EINVAL;
}

bs_status bs_server_start(bs_server **out, const bs_serve_options *options, char *error,
                          size_t error_cap) {
  *out = NULL;
  snprintf(error, error_cap, "?");
  if (sodium_init() < 0) return BS_EINVAL;
  bs_server *server = bs_calloc(1, sizeof *server);
  if (!server) return BS_ENOMEM;
  server->options = *options;
  pthread_mutex_init(&server->reader_lock, NULL);
  pthread_mutex_init(&server->watch_lock, NULL);
  pthread_cond_init(&server->watch_wake, NULL);
  if ((!options->cert_pem) != (!options->key_pem))
    return fail(server, BS_EINVAL, error, error_cap, "TLS needs both a certificate and a key");
  if (options->cert_pem && (!(server->cert = bs_strdup(options->cert_pem)) ||
                            !(server->key = bs_strdup(options->key_pem))))
    return fail(server, BS_ENOMEM, error, error_cap, "TLS");
  struct sockaddr_storage address;
  socklen_t address_len;
  if (listen_address(&address, &address_len, options->address, options->port) != BS_OK)
    return fail(server, BS_EINVAL, error, error_cap, "listen address");

  bs_status status = bs_store_open(&server->reader, options->case_dir);
  if (status != BS_OK) return fail(server, status, error, error_cap, "case");
  status = bs_directory_load(&server->directory, server->reader);
  if (status == BS_ENOTFOUND) {
    snprintf(error, error_cap, "the case has no persons yet: run `breachscope people` first");
    free_server(server);
    return status;
  }
  if (status != BS_OK) return fail(server, status, error, error_cap, "persons");
  if (bs_accounts_prepare(bs_store_db(server->reader)) != BS_OK ||
      bs_audit_prepare(bs_store_db(server->reader)) != BS_OK)
    return fail(server, BS_ESTORE, error, error_cap, "case store");
  status = bs_nicknames_load(&server->nicknames);
  if (status == BS_OK)
    status = bs_sessions_create(&server->sessions, options->session_idle_ms,
                                options->session_max_ms, MAX_SESSIONS);
  if (status == BS_OK)
    status = bs_ratelimit_create(&server->agent_limit, options->agent_per_minute,
                                 options->agent_burst, MAX_LIMITED_KEYS);
  if (status == BS_OK)
    status = bs_ratelimit_create(&server->address_limit, options->address_per_minute,
                                 options->address_burst, MAX_LIMITED_KEYS);
  if (status == BS_OK)
    status = bs_ratelimit_create(&server->login_limit, options->login_per_minute,
                                 options->login_per_minute, MAX_LIMITED_KEYS);
  if (status != BS_OK) return fail(server, status, error, error_cap, "start");
  /* The dummy hash: a random password nobody knows, hashed like the real ones. */
  unsigned char random_password[32];
  char hex[65];
  randombytes_buf(random_password, sizeof random_password);
  sodium_bin2hex(hex, sizeof hex, random_password, sizeof random_password);
  if (crypto_pwhash_str(server->dummy_hash, hex, strlen(hex), BS_PASSWORD_OPSLIMIT,
                        BS_PASSWORD_MEMLIMIT) != 0)
    return fail(server, BS_ENOMEM, error, error_cap, "password hashing");
  sodium_memzero(hex, sizeof hex);
  status = bs_audit_start(&server->audit, options->case_dir);
  if (status != BS_OK) return fail(server, status, error, error_cap, "audit log");
  status = bs_queue_create(&server->logins_queue, 1024);
  if (status != BS_OK) return fail(server, status, error, error_cap, "start");
  for (; server->hasher_count < BS_PASSWORD_CONCURRENT; server->hasher_count++)
    if (pthread_create(&server->hashers[server->hasher_count], NULL, hashing_thread, server) != 0)
      return fail(server, BS_ENOMEM, error, error_cap, "threads");

  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                   MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_TURBO;
  if (address.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  if (server->cert) flags |= MHD_USE_TLS;
  /* The logger first, so that libmicrohttpd's messages all come through it; the TLS
   * options only with TLS. */
  struct MHD_OptionItem items[] = {
      {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_logger, server},
      {MHD_OPTION_SOCK_ADDR, 0, &address},
      {MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)(options->threads ? options->threads : 1), NULL},
      {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)options->connection_timeout, NULL},
      {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)options->max_connections, NULL},
      {MHD_OPTION_PER_IP_CONNECTION_LIMIT, PER_IP_CONNECTIONS, NULL},
      /* Headers only (bodies are copied out as they come); libmicrohttpd clears the
       * pool for every request, so a small one is cheaper. */
      {MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)16 << 10, NULL},
      {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, server},
      {MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)unescape_url, NULL},
      {server->cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, server->cert},
      {server->cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, server->key},
      {MHD_OPTION_END, 0, NULL},
  };
  server->daemon = MHD_start_daemon(flags, options->port, NULL, NULL, handle, server,
                                    MHD_OPTION_ARRAY, items, MHD_OPTION_END);
  if (!server->daemon) {
    snprintf(error, error_cap, "cannot listen on %s port %u%s", options->address,
             (unsigned)options->port,
             server->cert ? " (or the certificate and key were refused)" : "");
    free_server(server);
    return BS_EIO;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(server->daemon, MHD_DAEMON_INFO_BIND_PORT);
  server->port = info ? info->port : options->port;
  if (pthread_create(&server->watcher, NULL, watch_accounts, server) != 0) {
    MHD_stop_daemon(server->daemon);
    free_server(server);
    snprintf(error, error_cap, "cannot start a thread");
    return BS_ENOMEM;
  }
  bs_directory_counts counts;
  bs_directory_counts_of(&counts, server->directory);
  log_line(server,
           "serve: %zu persons (%zu without name and date of birth: code only), %zu with an "
           "enrollment code, %zu with a letter mailed%s",
           counts.persons, counts.no_key, counts.codes, counts.mailed,
           counts.has_letters ? "" : " (no letters step yet)");
  *out = server;
  return BS_OK;
}

uint16_t bs_server_port(const bs_server *server) { return server->port; }

void bs_server_counts(bs_server *server, bs_serve_counts *out) {
  out->requests = atomic_load(&server->requests);
  out->lookups = atomic_load(&server->lookups);
  out->verified = atomic_load(&server->verified);
  out->not_verified = atomic_load(&server->not_verified);
  out->rejected = atomic_load(&server->rejected);
  out->rate_limited = atomic_load(&server->rate_limited);
  out->logins = atomic_load(&server->logins);
  out->login_failed = atomic_load(&server->login_failed);
  out->sessions = bs_sessions_count(server->sessions);
  bs_directory_counts counts;
  bs_directory_counts_of(&counts, server->directory);
  out->persons = counts.persons;
}

void bs_server_stop(bs_server *server) {
  if (!server) return;
  /* No new connections; then the audit queue written, which resumes every suspended
   * connection (requests arriving later get 503); then the threads stop. */
  MHD_socket listener = MHD_quiesce_daemon(server->daemon);
  pthread_mutex_lock(&server->watch_lock);
  server->stopping = 1;
  pthread_cond_signal(&server->watch_wake);
  pthread_mutex_unlock(&server->watch_lock);
  pthread_join(server->watcher, NULL);
  stop_hashers(server); /* the logins queued are checked first */
  bs_audit_stop(server->audit);
  MHD_stop_daemon(server->daemon);
  if (listener != MHD_INVALID_SOCKET) close(listener);
  free_server(server);
}
