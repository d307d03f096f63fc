/* One-time set-up of the GLib-based libraries the readers use (GMime, libgsf). */
#ifndef BS_LIBINIT_H
#define BS_LIBINIT_H

/* Initialises GMime and libgsf once per process, whichever thread calls first (their
 * own init functions are not thread-safe). Never undone: readers run until exit, and
 * the allocations it makes live as long (tests/lsan.supp). */
void bs_libinit(void);

#endif
