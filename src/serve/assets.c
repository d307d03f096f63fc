/* The embedded page files by path (see assets.h). */
#include "serve/assets.h"

#include <string.h>

extern const char bs_asset_index_html[], bs_asset_index_html_end[];
extern const char bs_asset_app_js[], bs_asset_app_js_end[];
extern const char bs_asset_app_css[], bs_asset_app_css_end[];

int bs_asset_find(bs_asset *out, const char *path) {
  const struct {
    const char *path, *content_type, *start, *end;
  } assets[] = {
      {"/", "text/html; charset=utf-8", bs_asset_index_html, bs_asset_index_html_end},
      {"/app.js", "text/javascript; charset=utf-8", bs_asset_app_js, bs_asset_app_js_end},
      {"/app.css", "text/css; charset=utf-8", bs_asset_app_css, bs_asset_app_css_end},
  };
  for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++)
    if (!strcmp(path, assets[i].path)) {
      *out = (bs_asset){assets[i].path, assets[i].content_type, assets[i].start,
                        (size_t)(assets[i].end - assets[i].start)};
      return 1;
    }
  return 0;
}
