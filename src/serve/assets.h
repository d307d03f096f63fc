/* The agent page's files, embedded in the program (assets_data.S): the service reads no
 * file from disk to serve them, and the page fetches nothing from anywhere else. */
#ifndef BS_ASSETS_H
#define BS_ASSETS_H
#include <stddef.h>

typedef struct bs_asset {
  const char *path;         /* URL path, "/" for the page */
  const char *content_type; /* MIME type */
  const char *data;         /* bytes */
  size_t size;              /* byte count */
} bs_asset;

/* The asset served at this exact path into *out; 0 when there is none. */
int bs_asset_find(bs_asset *out, const char *path);

#endif
