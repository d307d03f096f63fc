/* breachscope synth: a synthetic breach of a medical group with its ground truth.
 * Writes DIR/files/ (the share to scan) and DIR/truth/ (persons.csv, mentions.jsonl).
 * The same seed and patient count write the same bytes on every machine. */
#ifndef BS_SYNTH_H
#define BS_SYNTH_H
#include <stdint.h>

#include "base/status.h"

#define BS_SYNTH_MAX_PATIENTS 10000000u

typedef struct bs_synth_summary {
  uint64_t files;        /* files written under DIR/files */
  uint64_t mentions;     /* lines of truth/mentions.jsonl */
  uint64_t exposed;      /* persons with at least one element in some file */
  char failed_path[256]; /* on BS_EIO: the path (relative to DIR) that failed */
} bs_synth_summary;

/* BS_EEXIST when DIR exists and is not empty; BS_EINVAL for 0 or too many patients. */
bs_status bs_synth_run(bs_synth_summary *out, const char *dir, uint32_t patients, uint64_t seed);

#endif
