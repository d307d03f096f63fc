/* The agent page's files (src/serve/assets/) linked into the program, each followed
 * by a NUL. Paths are relative to the repository root, where make runs. */
#define EMBED(sym, file)        \
  .global sym;                  \
  .global sym##_end;            \
  .balign 16;                   \
  sym:                          \
  .incbin file;                 \
  sym##_end:                    \
  .byte 0

  .section .rodata
EMBED(bs_asset_index_html, "src/serve/assets/index.html")
EMBED(bs_asset_app_js, "src/serve/assets/app.js")
EMBED(bs_asset_app_css, "src/serve/assets/app.css")
  .section .note.GNU-stack,"",@progbits
