/* File records moved out of memory while their container is still being read. A mailbox
 * or archive of a million members is stored whole or not at all (writer.h), so every
 * member's record waits for the end of the container; past a few thousand members,
 * each finished one moves to the container's spill file (spill.h) with its findings,
 * and the writer reads it back when its turn comes. */
#ifndef BS_MOVED_H
#define BS_MOVED_H
#include <stdint.h>

#include "base/buf.h"
#include "store/writer.h"

/* Writes record r (its findings first moved out, then the record itself) at *end of
 * fd. OUT: *at, where it starts; r is left empty of findings. */
bs_status bs_record_move_out(int fd, uint64_t *end, bs_file_record *r, uint64_t parent,
                             uint64_t *at);
/* Reads the record at `at` of fd into r (initialized by the caller, emptied first); its
 * strings are kept in `strings`. OUT: *parent as given to bs_record_move_out. */
bs_status bs_record_move_in(bs_file_record *r, bs_buf *strings, int fd, uint64_t at,
                            uint64_t *parent);

#endif
