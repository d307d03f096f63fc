/* Readers run in a child process, for libraries that can crash, loop or exhaust memory on
 * hostile input (poppler on damaged PDFs, libmdb on damaged Access catalogs): the child
 * reads, and everything it would hand the sink (units, diagnostics, parts not examined,
 * files inside) comes back through a pipe and is handed on by the caller's thread. A
 * child that dies, goes quiet for BS_LIMIT_ISOLATED_SECONDS or passes its memory limit is
 * stopped; what it sent is kept and the rest of the file reported as not read.
 *
 * The reading processes are forked from a zygote: a process forked by bs_isolate_start
 * while the program is still one thread, before any library holds a lock. Forking from
 * a threaded process instead would copy locks other threads hold (GLib's type system
 * under GMime and poppler), and a child could wait on one forever. Each calling thread
 * keeps one reading process for many files. Without a zygote (tests, fuzzing: one
 * thread) the caller forks a child per file. */
#ifndef BS_ISOLATE_H
#define BS_ISOLATE_H

#include "extract/read.h"

typedef bs_status (*bs_isolated_reader)(const bs_source *src, const bs_unit_sink *sink);

/* Starts the zygote; to be called while the process has one thread. prepare (or NULL)
 * runs in the zygote before its first child: libraries set up there once (poppler's
 * globals, fontconfig's font list) are ready in every child. BS_EIO when it could not
 * be started: readers then fork directly. */
bs_status bs_isolate_start(void (*prepare)(void));
/* Ends the zygote (children reading go on to their end). */
void bs_isolate_stop(void);

/* Runs fn(src, sink') in a child and replays its output into sink. what names the reader
 * in diagnostics ("the PDF reader"). Returns the child's status, or BS_OK after a failure
 * of the child (reported to the sink), or the sink's own error. */
bs_status bs_isolate_run(bs_isolated_reader fn, const bs_source *src, const bs_unit_sink *sink,
                         const char *what);

#endif
