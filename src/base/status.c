/* Descriptions of bs_status codes. */
#include "base/status.h"

const char *bs_status_str(bs_status status) {
  switch (status) {
  case BS_OK: return "success";
  case BS_ENOMEM: return "out of memory";
  case BS_EIO: return "input/output error";
  case BS_ESTORE: return "case store error";
  case BS_EINVAL: return "invalid argument";
  case BS_EFORMAT: return "malformed input";
  case BS_ELIMIT: return "limit reached";
  case BS_EENGINE: return "pattern engine error";
  case BS_ENOTFOUND: return "not found";
  case BS_EINTERRUPTED: return "interrupted";
  case BS_EEXIST: return "already exists";
  case BS_ECASE: return "not a breachscope case";
  }
  return "unknown status";
}
