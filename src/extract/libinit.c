/* One-time set-up of GMime and libgsf (see libinit.h). */
#include "extract/libinit.h"

#include <gmime/gmime.h>
#include <gsf/gsf-utils.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void) {
  g_mime_init();
  gsf_init();
}

void bs_libinit(void) { pthread_once(&once, init); }
