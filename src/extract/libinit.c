/* One-time set-up of GMime and libgsf (see libinit.h). */
#include "extract/libinit.h"

#include <gmime/gmime.h>
#include <gsf/gsf-utils.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* GLib's log messages from the libraries (libgsf's assertions on damaged compound
 * files, GMime's charset warnings) would go to the terminal, which only the CLI may
 * write to; damage reaches the case as the readers' own diagnostics instead. */
static void drop_log(const gchar *domain, GLogLevelFlags level, const gchar *message,
                     gpointer ctx) {
  (void)domain;
  (void)level;
  (void)message;
  (void)ctx;
}

static void init(void) {
  g_log_set_default_handler(drop_log, NULL);
  g_mime_init();
  gsf_init();
}

void bs_libinit(void) { pthread_once(&once, init); }
