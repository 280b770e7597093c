// Checks a writer makes before serialising a Trial (TRC, keypoint CSV), so a
// malformed Trial is refused with a message instead of producing a file that
// reads back differently.
#ifndef THAPLAN_IO_TRIAL_CHECK_H_
#define THAPLAN_IO_TRIAL_CHECK_H_

#include <string_view>

#include "thaplan/status.h"
#include "thaplan/trial.h"

namespace thaplan::io {

// Rate positive and finite, at least one landmark, positions (and
// confidences, when present) sized frames x landmarks, no infinite
// coordinate. `what` prefixes messages, e.g. "out.trc: cannot write".
[[nodiscard]] Status CheckTrialShape(const Trial& trial, std::string_view what);

// Every coordinate stays finite when multiplied by `per_metre` (writing 1e306
// m in mm would print "inf", which no reader accepts).
[[nodiscard]] Status CheckFitsUnit(const Trial& trial, double per_metre,
                                   std::string_view unit, std::string_view what);

// Names non-empty, unique, without surrounding blanks, line breaks or any of
// `forbidden` (the format's separators).
[[nodiscard]] Status CheckLandmarkNames(const Trial& trial, std::string_view forbidden,
                                        std::string_view what);

}  // namespace thaplan::io

#endif  // THAPLAN_IO_TRIAL_CHECK_H_
