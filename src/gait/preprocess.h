// Pre-processing: validation, gap filling, splitting into segments and
// low-pass filtering (CLINICAL.md section 2, "Pre-processing").
#ifndef THAPLAN_GAIT_PREPROCESS_H_
#define THAPLAN_GAIT_PREPROCESS_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "gait/segment.h"
#include "thaplan/gait.h"
#include "thaplan/status.h"

namespace thaplan::gait {

struct Preprocessed {
  std::vector<Segment> segments;
  PelvisSource pelvis_source = PelvisSource::kHipCentres;
  std::array<FootChoice, 2> feet;  // indexed by Side
  std::vector<std::string> notes;
  double duration_s = 0;
};

inline const FootChoice& FootOf(const Preprocessed& p, Side s) {
  return p.feet[static_cast<size_t>(s)];
}

// Validates the series (sample rate, frame counts, filter cut-off, presence
// of pelvis and foot landmarks) and returns the analysable segments.
// `trial_name` prefixes every error message.
Result<Preprocessed> Preprocess(const LandmarkSeries& series, const GaitOptions& options,
                                std::string_view trial_name);

std::string_view PelvisSourceName(PelvisSource source);

}  // namespace thaplan::gait

#endif  // THAPLAN_GAIT_PREPROCESS_H_
