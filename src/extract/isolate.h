/* Readers run in a child process, for libraries that can loop, exhaust memory or crash on
 * hostile input (libmdb loops allocating on some damaged Access catalogs): the child
 * reads, and everything it would hand the sink (units, diagnostics, parts not examined)
 * comes back through a pipe and is handed on by the caller's thread. A child that dies,
 * goes quiet for BS_LIMIT_ISOLATED_SECONDS or passes the memory limit is stopped; what it
 * sent is kept and the file is reported as not wholly read. Members are not supported:
 * readers run this way must not produce files inside files. */
#ifndef BS_ISOLATE_H
#define BS_ISOLATE_H

#include "extract/read.h"

typedef bs_status (*bs_isolated_reader)(const bs_source *src, const bs_unit_sink *sink);

/* Runs fn(src, sink') in a child and replays its output into sink. what names the reader
 * in diagnostics ("Access reader"). Returns the child's status, or BS_OK after a failure
 * of the child (reported to the sink). */
bs_status bs_isolate_run(bs_isolated_reader fn, const bs_source *src, const bs_unit_sink *sink,
                         const char *what);

#endif
