#include "landmarks/hip_centre.h"

#include <gtest/gtest.h>

#include <cmath>

namespace thaplan::landmarks {
namespace {

// A level pelvis in a Z-up lab frame, facing +X (so +Y is left): ASIS 250 mm
// apart at 1 m height, PSIS midpoint 150 mm behind mid-ASIS.
//   PW = 250 mm, PD = 150 mm.
// Harrington 2007 (ISB frame x anterior, y superior, z right; mm):
//   x = -0.24 * 150 - 9.9  = -45.9   -> lab X = -0.0459 m
//   y = -0.30 * 250 - 10.9 = -85.9   -> lab Z = 1 - 0.0859 = 0.9141 m
//   z = 0.33 * 250 + 7.3   =  89.8   -> right hip lab Y = -0.0898 m, left +0.0898
PelvisMarkers LevelPelvis() {
  return {{0, 0.125, 1.0}, {0, -0.125, 1.0}, {-0.150, 0, 1.0}};
}

void ExpectNear(const Vec3& a, const Vec3& b, double tol = 1e-12) {
  for (size_t i = 0; i < 3; ++i) EXPECT_NEAR(a[i], b[i], tol) << "coordinate " << i;
}

TEST(HipCentreTest, HarringtonByHandOnALevelPelvis) {
  HipCentres h = Harrington2007(LevelPelvis());
  ExpectNear(h.right, {-0.0459, -0.0898, 0.9141});
  ExpectNear(h.left, {-0.0459, 0.0898, 0.9141});
}

TEST(HipCentreTest, PelvisFrameAxes) {
  PelvisFrame f;
  ASSERT_TRUE(MakePelvisFrame(LevelPelvis(), &f));
  ExpectNear(f.x, {1, 0, 0});   // anterior
  ExpectNear(f.y, {0, 0, 1});   // superior
  ExpectNear(f.z, {0, -1, 0});  // toward the right ASIS
  EXPECT_NEAR(f.width, 0.25, 1e-15);
  EXPECT_NEAR(f.depth, 0.15, 1e-15);
}

// Rotation about a unit axis by an angle (Rodrigues), then translation.
struct Pose {
  double r[3][3];
  Vec3 t;
  Vec3 Apply(const Vec3& p) const {
    Vec3 out;
    for (size_t i = 0; i < 3; ++i)
      out[i] = r[i][0] * p[0] + r[i][1] * p[1] + r[i][2] * p[2] + t[i];
    return out;
  }
};

Pose MakePose(Vec3 axis, double angle, Vec3 t) {
  double n = std::sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
  for (double& a : axis) a /= n;
  double c = std::cos(angle), s = std::sin(angle), k = 1 - c;
  double x = axis[0], y = axis[1], z = axis[2];
  return {{{c + x * x * k, x * y * k - z * s, x * z * k + y * s},
           {y * x * k + z * s, c + y * y * k, y * z * k - x * s},
           {z * x * k - y * s, z * y * k + x * s, c + z * z * k}},
          t};
}

TEST(HipCentreTest, RotatedAndMovedPelvisGivesRotatedAndMovedCentres) {
  const PelvisMarkers m = LevelPelvis();
  const HipCentres expected = Harrington2007(m);
  const DavisParams davis{0.9, 0, 0.007};
  const HipCentres expected_davis = Davis1991(m, davis);
  for (const Pose& pose :
       {MakePose({1, 2, 3}, 0.7, {0.3, -2, 5}), MakePose({0, 0, 1}, 3.0, {10, 0, 0}),
        MakePose({1, 0, 0}, -1.5708, {0, 0, 0})}) {
    const PelvisMarkers moved{pose.Apply(m.left_asis), pose.Apply(m.right_asis),
                              pose.Apply(m.mid_psis)};
    HipCentres h = Harrington2007(moved);
    ExpectNear(h.left, pose.Apply(expected.left), 1e-12);
    ExpectNear(h.right, pose.Apply(expected.right), 1e-12);
    HipCentres d = Davis1991(moved, davis);
    ExpectNear(d.left, pose.Apply(expected_davis.left), 1e-12);
    ExpectNear(d.right, pose.Apply(expected_davis.right), 1e-12);
  }
}

TEST(HipCentreTest, DavisByHand) {
  // Leg length 900 mm, marker radius 7 mm, inter-ASIS 250 mm (Plug-in Gait
  // form of Davis 1991, frame X anterior, Y left, Z up):
  //   C = 0.115 * 900 - 15.3 = 88.2;  AsisTroc = 0.1288 * 900 - 48.56 = 67.36
  //   (cos28.4 = 0.879649, sin28.4 = 0.475624, cos18 = 0.951057, sin18 = 0.309017)
  //   X = 88.2 cos28.4 sin18 - 74.36 cos18 = 23.975 - 70.721 = -46.745
  //   Y = 125 - 88.2 sin28.4 = 125 - 41.950 = 83.050
  //   Z = -88.2 cos28.4 cos18 - 74.36 sin18 = -73.788 - 22.979 = -96.766
  HipCentres h = Davis1991(LevelPelvis(), {0.9, 0, 0.007});
  ExpectNear(h.left, {-0.046745, 0.083050, 1 - 0.096766}, 2e-6);
  ExpectNear(h.right, {-0.046745, -0.083050, 1 - 0.096766}, 2e-6);
}

TEST(HipCentreTest, MissingOrDegenerateMarkersGiveNaN) {
  PelvisMarkers m = LevelPelvis();
  m.mid_psis = {NAN, NAN, NAN};
  EXPECT_TRUE(IsMissing(Harrington2007(m).left));
  m = LevelPelvis();
  m.right_asis = m.left_asis;
  EXPECT_TRUE(IsMissing(Harrington2007(m).right));
  m = LevelPelvis();
  m.mid_psis = {0, 0.05, 1.0};  // on the ASIS line: no anterior direction
  EXPECT_TRUE(IsMissing(Harrington2007(m).right));
  EXPECT_TRUE(IsMissing(Davis1991(LevelPelvis(), {0, 0, 0.007}).left));  // no leg length
}

}  // namespace
}  // namespace thaplan::landmarks
