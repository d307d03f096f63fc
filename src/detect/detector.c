/* Names of detectors, derived from the one table in detector.h. */
#include "detect/detector.h"

static const char *const detector_names[] = {
#define BS_DETECTOR_NAME(id, name) name,
    BS_DETECTORS(BS_DETECTOR_NAME)
#undef BS_DETECTOR_NAME
};

const char *bs_detector_name(int detector) {
  if (detector < 0 || detector >= BS_DET_COUNT) return "?";
  return detector_names[detector];
}
