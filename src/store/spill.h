/* Findings of one walked file beyond what memory should hold: a 40 GB mailbox or archive
 * yields millions, and the file is stored whole or not at all (writer.h), so they wait
 * for the writer. Past BS_SPILL_FROM bytes of findings in memory, a file's findings move
 * to an unnamed temporary file in the case folder (owner-only, never linked into the
 * folder, gone with the process: it holds what the case store holds), in blocks the
 * writer reads back one at a time. */
#ifndef BS_SPILL_H
#define BS_SPILL_H
#include <stdint.h>

#include "detect/finding.h"

/* Bytes of findings (items and their text) a walked file may hold in memory. */
#define BS_SPILL_FROM ((size_t)32 << 20)

typedef struct bs_spill_block {
  uint64_t offset;    /* in the file */
  uint64_t count;     /* findings */
  uint64_t arena_len; /* bytes of their text */
} bs_spill_block;

/* The findings of one file record moved out of memory, in the order found. */
typedef struct bs_spilled {
  int fd;                 /* the temporary file (not owned), -1 when none */
  bs_spill_block *blocks; /* in order */
  size_t count;           /* blocks */
  size_t cap;             /* allocated */
  uint64_t findings;      /* all blocks together */
} bs_spilled;

void bs_spilled_init(bs_spilled *spilled);
void bs_spilled_free(bs_spilled *spilled);

/* An unnamed temporary file in folder, readable by its owner only. OUT: *fd. */
bs_status bs_spill_open(int *fd, const char *folder);
/* Appends list's findings to fd at *end as one block of spilled, then empties list and
 * gives its memory back. */
bs_status bs_spill_out(bs_spilled *spilled, int fd, uint64_t *end, bs_finding_list *list);
/* Reads block `index` of spilled into list (emptied first). */
bs_status bs_spill_in(bs_finding_list *list, const bs_spilled *spilled, size_t index);
/* Appends len bytes at *end of fd, moving *end; reads len bytes at offset back. */
bs_status bs_spill_write(int fd, uint64_t *end, const void *data, size_t len);
bs_status bs_spill_read(int fd, uint64_t offset, void *out, size_t len);
/* Bytes a list holds in memory. */
size_t bs_spill_bytes(const bs_finding_list *list);

#endif
