#include "landmarks/rigid_fit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace thaplan::landmarks {
namespace {

// Rotation by `deg` about the unit axis (x, y, z) (Rodrigues' formula),
// applied to p, then translated by t: the truth the fit must recover.
Vec3 Move(const Vec3& p, const Vec3& axis, double deg, const Vec3& t) {
  const double a = deg * 3.14159265358979323846 / 180, c = std::cos(a), s = std::sin(a);
  const Vec3& k = axis;
  const double kp = k[0] * p[0] + k[1] * p[1] + k[2] * p[2];
  const Vec3 kxp{k[1] * p[2] - k[2] * p[1], k[2] * p[0] - k[0] * p[2],
                 k[0] * p[1] - k[1] * p[0]};
  Vec3 out;
  for (size_t i = 0; i < 3; ++i)
    out[i] = p[i] * c + kxp[i] * s + k[i] * kp * (1 - c) + t[i];
  return out;
}

const std::vector<Vec3> kCluster{
    {0.10, 0.02, 0.45}, {0.16, 0.05, 0.38}, {0.07, -0.04, 0.33}, {0.12, 0.00, 0.30}};

TEST(RigidFitTest, RecoversAKnownRotationAndTranslation) {
  const double r = 1 / std::sqrt(3.0);
  const Vec3 axis{r, r, r}, t{0.4, -1.2, 0.05};
  std::vector<Vec3> moved;
  for (const Vec3& p : kCluster) moved.push_back(Move(p, axis, 70, t));
  const RigidFit fit = FitRigid(kCluster, moved);
  EXPECT_NEAR(fit.rms_residual_m, 0, 1e-12);
  // A point off the cluster (a joint centre) is carried exactly.
  const Vec3 knee{0.11, 0.01, 0.02};
  const Vec3 want = Move(knee, axis, 70, t);
  const Vec3 got = Apply(fit, knee);
  for (size_t i = 0; i < 3; ++i) EXPECT_NEAR(got[i], want[i], 1e-12);
  // 120 deg about (1,1,1)/sqrt(3) permutes the axes: x -> y -> z.
  const RigidFit perm = FitRigid(kCluster, [&] {
    std::vector<Vec3> v;
    for (const Vec3& p : kCluster) v.push_back({p[2], p[0], p[1]});
    return v;
  }());
  EXPECT_NEAR(perm.rotation[1][0], 1, 1e-12);
  EXPECT_NEAR(perm.rotation[2][1], 1, 1e-12);
  EXPECT_NEAR(perm.rotation[0][2], 1, 1e-12);
}

TEST(RigidFitTest, AMirroredClusterGetsARotationNotAReflection) {
  // A corner of a 10 cm cube: a solid (non-planar) shape with a handedness.
  const std::vector<Vec3> corner{{0, 0, 0}, {0.1, 0, 0}, {0, 0.1, 0}, {0, 0, 0.1}};
  std::vector<Vec3> mirrored;
  for (const Vec3& p : corner) mirrored.push_back({-p[0], p[1], p[2]});
  const RigidFit fit = FitRigid(corner, mirrored);
  const auto& m = fit.rotation;
  const double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
                     m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                     m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  EXPECT_NEAR(det, 1, 1e-12);
  EXPECT_GT(fit.rms_residual_m, 0.01);  // no rotation maps a shape on its mirror image
}

// An equilateral triangle (centroid 0) with one corner pushed radially
// outward by d. By symmetry about that corner's axis the best rotation is
// the identity; the best translation moves the centroid by d/3 along it, so
// the residuals are 2d/3, -d/3, -d/3 along that axis: RMS = d sqrt(6/9 / 3)
// = d sqrt(2) / 3.
TEST(RigidFitTest, ResidualOfARadialStretchByHand) {
  const double d = 0.006, rad = 0.08;
  std::vector<Vec3> tri, stretched;
  for (int k = 0; k < 3; ++k) {
    const double a = 2 * 3.14159265358979323846 * k / 3;
    tri.push_back({rad * std::cos(a), rad * std::sin(a), 0});
    const double rk = rad + (k == 0 ? d : 0);
    stretched.push_back({rk * std::cos(a), rk * std::sin(a), 0});
  }
  EXPECT_NEAR(FitRigid(tri, stretched).rms_residual_m, d * std::sqrt(2.0) / 3, 1e-6);
}

TEST(RigidFitTest, DistanceFromLine) {
  EXPECT_NEAR(DistanceFromLineRms(std::vector<Vec3>{{0, 0, 0}, {1, 1, 1}, {2, 2, 2}}), 0,
              1e-12);
  // A unit square: every corner is 0.5 from the best line through its centre.
  EXPECT_NEAR(
      DistanceFromLineRms(std::vector<Vec3>{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0}}),
      0.5, 1e-12);
}

}  // namespace
}  // namespace thaplan::landmarks
