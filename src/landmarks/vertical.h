// Turning a file's frame into the +Z-up frame of LandmarkSeries, and the
// check that up is really up. Internal to src/landmarks/.
#ifndef THAPLAN_LANDMARKS_VERTICAL_H_
#define THAPLAN_LANDMARKS_VERTICAL_H_

#include <array>
#include <string>

#include "thaplan/landmarks.h"
#include "thaplan/status.h"

namespace thaplan::landmarks {

// Rows: the new X, Y and Z axes in file coordinates. A proper rotation
// (right-handed stays right-handed) taking sign * e_axis to +Z and keeping
// the file's X horizontal axis as X when X is not the vertical.
using Rotation = std::array<Vec3, 3>;
Rotation UpToZ(Axis axis, int sign);
inline Vec3 Rotate(const Rotation& r, const Vec3& p) {
  Vec3 out;
  for (size_t i = 0; i < 3; ++i)
    out[i] = r[i][0] * p[0] + r[i][1] * p[1] + r[i][2] * p[2];
  return out;
}

// "+Y", "-Z", ...
std::string AxisText(Axis axis, int sign);

// Checks, in the +Z-up series, that the head/neck/shoulders (else the
// pelvis) are above the feet (else the knees): the median height difference
// over frames must exceed 0.1 m and the median horizontal distance between
// the same points. `name` (the file) and `axis_text` (the axis used) go into the message.
[[nodiscard]] Status CheckUpIsUp(const LandmarkSeries& series, const std::string& name,
                                 const std::string& axis_text);

}  // namespace thaplan::landmarks

#endif  // THAPLAN_LANDMARKS_VERTICAL_H_
