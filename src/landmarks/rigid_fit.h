// Least-squares rigid-body fit of one marker cluster onto another: the core
// of static calibration (static_calibration.h). Internal to src/landmarks/.
#ifndef THAPLAN_LANDMARKS_RIGID_FIT_H_
#define THAPLAN_LANDMARKS_RIGID_FIT_H_

#include <array>
#include <span>

#include "thaplan/trial.h"

namespace thaplan::landmarks {

struct RigidFit {
  std::array<Vec3, 3> rotation{};  // rows of R, a proper rotation (det +1)
  Vec3 translation{};
  // sqrt(mean over points of |R from_i + t - to_i|^2), metres.
  double rms_residual_m = 0;
};

// R and t minimising sum |R from_i + t - to_i|^2 over rotations (det R = +1),
// by the singular value decomposition of the cross-covariance of the centred
// point sets (Söderkvist & Wedin, J Biomech 1993;26:1473-1477; the sign
// correction for a reflection as in their section 2). `from` and `to` must
// have the same size, at least 3, and hold no NaN.
RigidFit FitRigid(std::span<const Vec3> from, std::span<const Vec3> to);

// R p + t.
Vec3 Apply(const RigidFit& fit, const Vec3& p);

// Root-mean-square distance of the points from their best-fitting straight
// line (the second and third singular values of the centred set). Near 0,
// the rotation about that line is undetermined.
double DistanceFromLineRms(std::span<const Vec3> points);

}  // namespace thaplan::landmarks

#endif  // THAPLAN_LANDMARKS_RIGID_FIT_H_
