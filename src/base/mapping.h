/* Read-only mappings of files whose bytes end with a NUL: readers may rely on one after
 * the last byte, as they can with the copies in bs_buf. */
#ifndef BS_MAPPING_H
#define BS_MAPPING_H
#include <stddef.h>

#include "base/status.h"

/* Maps the first size bytes of fd (size > 0). OUT: *out the bytes, *span what to give
 * bs_unmap. BS_EIO: the kernel refused (errno tells why). */
bs_status bs_map(const char **out, size_t *span, int fd, size_t size);
void bs_unmap(const char *data, size_t span);

#endif
