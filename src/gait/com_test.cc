#include "gait/com.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "gait/test_walk.h"

namespace thaplan::gait {
namespace {

TEST(DeLevaTest, MassFractionsSumToOne) {
  // de Leva 1996 Table 4: male sums to 100.00 %, female to 99.99 % (the
  // published values are rounded to 0.01 %).
  EXPECT_NEAR(TotalMassFraction(DeLevaFor(Sex::kMale)), 1.0, 1e-9);
  EXPECT_NEAR(TotalMassFraction(DeLevaFor(Sex::kFemale)), 1.0, 1.5e-4);
  EXPECT_NEAR(TotalMassFraction(DeLevaFor(Sex::kUnspecified)), 1.0, 1e-4);
}

TEST(DeLevaTest, SpotValuesFromTheTable) {
  const DeLevaTable f = DeLevaFor(Sex::kFemale);
  const DeLevaTable m = DeLevaFor(Sex::kMale);
  EXPECT_DOUBLE_EQ(m.thigh.mass, 0.1416);
  EXPECT_DOUBLE_EQ(f.thigh.mass, 0.1478);
  EXPECT_DOUBLE_EQ(m.trunk_c7.com, 0.5138);
  EXPECT_DOUBLE_EQ(f.foot.com, 0.4014);
}

// A standing, symmetric body: the COM lies on the mid-sagittal plane and
// moves rigidly with the body.
Segment StandingSegment(const Vec3& shift) {
  Segment seg;
  seg.sample_rate_hz = 100;
  seg.end = 1;
  auto put = [&](Landmark l, Vec3 p) { seg.pos[Idx(l)] = {Add(p, shift)}; };
  for (int s : {1, -1}) {
    const bool left = s == 1;
    put(left ? Landmark::kLeftHip : Landmark::kRightHip, {0, 0.09 * s, 0.9});
    put(left ? Landmark::kLeftKnee : Landmark::kRightKnee, {0.02, 0.09 * s, 0.5});
    put(left ? Landmark::kLeftAnkle : Landmark::kRightAnkle, {0, 0.09 * s, 0.08});
    put(left ? Landmark::kLeftHeel : Landmark::kRightHeel, {-0.05, 0.09 * s, 0.0});
    put(left ? Landmark::kLeftToe : Landmark::kRightToe, {0.18, 0.09 * s, 0.0});
    put(left ? Landmark::kLeftShoulder : Landmark::kRightShoulder, {0, 0.18 * s, 1.4});
  }
  put(Landmark::kNeck, {0, 0, 1.45});
  return seg;
}

TEST(WholeBodyComTest, SymmetricBodyHasComOnTheMidlineAndMovesRigidly) {
  const ComTrack a = WholeBodyCom(StandingSegment({0, 0, 0}), Sex::kFemale);
  ASSERT_EQ(a.com.size(), 1u) << a.missing;
  EXPECT_NEAR(a.com[0][1], 0.0, 1e-12);
  // Typical standing COM height: ~55 % of stature (~0.9-1.0 m here).
  EXPECT_GT(a.com[0][2], 0.85);
  EXPECT_LT(a.com[0][2], 1.05);
  const ComTrack b = WholeBodyCom(StandingSegment({0.3, -0.2, 0.01}), Sex::kFemale);
  for (size_t i = 0; i < 3; ++i)
    EXPECT_NEAR(b.com[0][i] - a.com[0][i], (Vec3{0.3, -0.2, 0.01})[i], 1e-12);
  EXPECT_FALSE(a.approximations.empty());  // no head, no arms
}

TEST(WholeBodyComTest, MissingKneeNamesIt) {
  Segment seg = StandingSegment({0, 0, 0});
  seg.pos[Idx(Landmark::kRightKnee)].clear();
  const ComTrack c = WholeBodyCom(seg, Sex::kMale);
  EXPECT_TRUE(c.com.empty());
  EXPECT_EQ(c.missing, "COM model needs right_knee");
}

// Lateral sway: a bump of amplitude AL toward the left during left single
// support (phase 0.1-0.5 of the left stride) and AR toward the right during
// right single support (0.6-1.0). Stride mean m = 0.8/pi (AL - AR) (each
// half-sine bump of length 0.4 averages 2/pi of its height, times 0.4);
// hence d_left = AL - m, d_right = AR + m.
double Bump(double phase, double from, double amplitude) {
  if (phase < from || phase > from + 0.4) return 0;
  return amplitude * std::sin(std::numbers::pi * (phase - from) / 0.4);
}

TEST(ComSwayTest, StrideSwayOnAHandBuiltPattern) {
  const double al = 0.03, ar = 0.02, vl = 0.012, vr = 0.02;
  std::vector<Vec3> com;
  for (int f = 0; f <= 300; ++f) {
    const double phase = std::fmod(f / 100.0, 1.0);
    const double lateral = Bump(phase, 0.1, al) - Bump(phase, 0.6, ar);
    const double up = Bump(phase, 0.1, vl) + Bump(phase, 0.6, vr);
    // Walking along +Y: left of the direction is -X.
    com.push_back({-lateral + 5, 0.012 * f, 0.95 + up});
  }
  const double m = 0.8 / std::numbers::pi * (al - ar);
  StrideWork left;
  left.metrics.side = Side::kLeft;
  left.direction = {0, 1};
  left.hs = 100, left.to_c = 110, left.hs_c = 150, left.to_i = 160, left.hs_next = 200;
  const Sway sl = StrideSway(com, left);
  EXPECT_NEAR(sl.lateral_m, al - m, 2e-5);
  EXPECT_NEAR(sl.rise_m, vl, 1e-9);
  StrideWork right = left;
  right.metrics.side = Side::kRight;
  right.hs = 150, right.to_c = 160, right.hs_c = 200, right.to_i = 210,
  right.hs_next = 250;
  const Sway sr = StrideSway(com, right);
  EXPECT_NEAR(sr.lateral_m, ar + m, 2e-5);
  EXPECT_NEAR(sr.rise_m, vr, 1e-9);
}

TEST(ComSwayTest, PipelineRatioAndAsymmetryOnAHandBuiltWalk) {
  const double al = 0.03, ar = 0.02;
  testing::WalkSpec w;
  w.strides = 10;
  w.heading_deg = 150;
  w.lateral_shift = [&](double phase) {
    return Bump(phase, 0.1, al) - Bump(phase, 0.6, ar);
  };
  w.vertical_shift = [&](double phase) {
    return Bump(phase, 0.1, 0.015) + Bump(phase, 0.6, 0.01);
  };
  GaitOptions o;
  o.low_pass = false;
  o.operated_side = Side::kRight;
  o.sex = Sex::kFemale;
  const auto r = AnalyzeTrial(testing::MakeWalk(w), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const double m = 0.8 / std::numbers::pi * (al - ar);
  ASSERT_TRUE(r->com.lateral_left_m.value) << r->com.lateral_left_m.reason;
  EXPECT_NEAR(*r->com.lateral_left_m.value, al - m, 1e-4);
  EXPECT_NEAR(*r->com.lateral_right_m.value, ar + m, 1e-4);
  // The walker also lifts the swing foot by 0.1 sin(pi u), in step with the
  // bumps: heel, toe and ankle rise by the lift, the knee (mid hip-ankle) by
  // half of it, so the COM rises by lift x (m_foot + m_shank (0.5 + 0.5
  // c_shank) + m_thigh 0.5 c_thigh) / total, from the de Leva female table.
  const DeLevaTable t = DeLevaFor(Sex::kFemale);
  const double swing_lift = 0.1 *
                            (t.foot.mass + t.shank.mass * (0.5 + 0.5 * t.shank.com) +
                             t.thigh.mass * 0.5 * t.thigh.com) /
                            TotalMassFraction(t);
  EXPECT_NEAR(*r->com.vertical_rise_left_m.value, 0.015 + swing_lift, 1e-4);
  EXPECT_NEAR(*r->com.vertical_rise_right_m.value, 0.01 + swing_lift, 1e-4);
  const double ratio = (ar + m) / (al - m);
  ASSERT_TRUE(r->com.sway_ratio.value) << r->com.sway_ratio.reason;
  EXPECT_NEAR(*r->com.sway_ratio.value, ratio, 5e-3);
  EXPECT_NEAR(*r->com.asymmetry_pct.value, 100 * std::abs(std::log(ratio)), 0.5);
}

TEST(ComSwayTest, WithoutOperatedSideNoRatio) {
  testing::WalkSpec w;
  const auto r = AnalyzeTrial(testing::MakeWalk(w), GaitOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->com.lateral_left_m.value.has_value());
  EXPECT_FALSE(r->com.sway_ratio.value.has_value());
  EXPECT_EQ(r->com.sway_ratio.reason,
            "operated side not given: left and right values only");
}

}  // namespace
}  // namespace thaplan::gait
