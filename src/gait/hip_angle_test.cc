#include "gait/hip_angle.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace thaplan::gait {
namespace {

constexpr double kRad = std::numbers::pi / 180;

// Rotation about the vertical Z axis by `deg`.
Vec3 Yaw(const Vec3& v, double deg) {
  const double c = std::cos(deg * kRad), s = std::sin(deg * kRad);
  return {c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]};
}

// A pelvis facing +X (lab), tilted anteriorly by `tilt` degrees (rotation
// about the lab's lateral axis), then yawed. Its landmarks, and a thigh of
// 0.4 m flexed by `flex` degrees relative to the pelvis in its sagittal plane
// and abducted by `abd` degrees out of it.
struct Pose {
  Vec3 lasis, rasis, mid_psis, hip, knee;
};

Pose MakePose(double tilt, double yaw, double flex, double abd) {
  // Pelvis frame in the lab before yaw: X anterior, Y up, Z right (ISB);
  // lab: x forward, y left, z up. Anterior tilt rotates X downward.
  const Vec3 X{std::cos(tilt * kRad), 0, -std::sin(tilt * kRad)};
  const Vec3 Y{std::sin(tilt * kRad), 0, std::cos(tilt * kRad)};
  const Vec3 Z{0, -1, 0};
  auto pel = [&](double x, double y, double z) {
    return Yaw(Add(Add(Scale(X, x), Scale(Y, y)), Scale(Z, z)), yaw);
  };
  Pose p;
  p.lasis = pel(0.02, 0.05, -0.12);
  p.rasis = pel(0.02, 0.05, 0.12);
  p.mid_psis = pel(-0.15, 0.05, 0);  // on the ISB X axis behind mid-ASIS
  p.hip = pel(0, 0, 0.09);
  // Thigh direction in the pelvis frame: flexion about Z, then abduction
  // about the rotated X: (sin f cos a, -cos f cos a, sin a).
  const double f = flex * kRad, a = abd * kRad;
  p.knee = Add(p.hip, pel(0.4 * std::sin(f) * std::cos(a),
                          -0.4 * std::cos(f) * std::cos(a), 0.4 * std::sin(a)));
  return p;
}

TEST(HipAnglePelvisTest, RecoversKnownFlexionWhateverTiltYawAndAbduction) {
  for (double tilt : {0.0, 12.0, -5.0}) {
    for (double yaw : {0.0, 90.0, 200.0}) {
      for (double flex : {-20.0, 0.0, 35.0}) {
        for (double abd : {0.0, 8.0}) {
          const Pose p = MakePose(tilt, yaw, flex, abd);
          EXPECT_NEAR(HipFlexionPelvisDeg(p.hip, p.knee, p.lasis, p.rasis, p.mid_psis),
                      flex, 1e-9)
              << tilt << " " << yaw << " " << flex << " " << abd;
        }
      }
    }
  }
}

TEST(HipAnglePelvisTest, MissingLandmarkGivesNan) {
  const Pose p = MakePose(0, 0, 10, 0);
  EXPECT_TRUE(std::isnan(
      HipFlexionPelvisDeg(p.hip, {NAN, NAN, NAN}, p.lasis, p.rasis, p.mid_psis)));
}

TEST(HipAngleTrunkTest, ThighAndTrunkAnglesCombine) {
  // Walking along -Y; thigh 15 deg behind the vertical. A trunk leaning 5 deg
  // forward makes the hip less extended (10 deg), one leaning 5 deg back
  // more (20 deg): the angle between the thigh and the trunk line.
  const Vec2 d{0, -1};
  const Vec3 mid_hip{1, 2, 0.9};
  const Vec3 hip = Add(mid_hip, {0.09, 0, 0});
  const Vec3 knee =
      Add(hip, {0, 0.42 * std::sin(15 * kRad), -0.42 * std::cos(15 * kRad)});
  const Vec3 forward =
      Add(mid_hip, {0, -0.5 * std::sin(5 * kRad), 0.5 * std::cos(5 * kRad)});
  const Vec3 back = Add(mid_hip, {0, 0.5 * std::sin(5 * kRad), 0.5 * std::cos(5 * kRad)});
  EXPECT_NEAR(HipFlexionTrunkDeg(hip, knee, mid_hip, forward, d), -10.0, 1e-9);
  EXPECT_NEAR(HipFlexionTrunkDeg(hip, knee, mid_hip, back, d), -20.0, 1e-9);
  // Thigh 30 deg forward, trunk upright: flexion 30.
  const Vec3 knee2 =
      Add(hip, {0, -0.42 * std::sin(30 * kRad), -0.42 * std::cos(30 * kRad)});
  EXPECT_NEAR(HipFlexionTrunkDeg(hip, knee2, mid_hip, Add(mid_hip, {0, 0, 0.5}), d), 30.0,
              1e-9);
}

}  // namespace
}  // namespace thaplan::gait
