// Reading any supported capture file into a Trial, and turning a canonical
// LandmarkSeries back into a Trial for writing (the synthetic walker's output).
#ifndef THAPLAN_IO_H_
#define THAPLAN_IO_H_

#include <string>
#include <string_view>

#include "thaplan/landmarks.h"
#include "thaplan/status.h"
#include "thaplan/trial.h"

namespace thaplan {

// C3D, TRC or keypoint CSV, told by the file's first bytes (a C3D's
// parameter-section marker, TRC's "PathFileType" line) and then by its
// extension. Errors name the file and the formats accepted.
Result<Trial> ReadTrial(const std::string& path);

// The series as a Trial whose landmark names are the canonical ones
// (LandmarkName: "left_heel", ...), +Z up, metres; absent landmarks are left out.
Trial TrialFromSeries(const LandmarkSeries& series, std::string_view format);

// Rotates a +Z-up trial into OpenSim's +Y-up convention, as TRC files are
// read: (x, y, z) -> (x, z, -y), a rotation about X (right-handed kept).
void RotateZUpToYUp(Trial* trial);

}  // namespace thaplan

#endif  // THAPLAN_IO_H_
