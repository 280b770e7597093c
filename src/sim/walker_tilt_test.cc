// The walker's automatic pelvis (pelvic_tilt_deg = NaN): it realises the
// asymmetric, short-stride walks of THA patients with the peaks exactly as
// asked, keeps the nominal pelvis when that already works, and refuses what
// no pelvis realises.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "thaplan/walker.h"

namespace thaplan {
namespace {

constexpr double kAuto = std::numeric_limits<double>::quiet_NaN();

// Pelvis-referenced hip extension from the emitted ASIS/PSIS markers (the
// CLINICAL.md definition), independent of the walker's own computation.
double MarkerHipExtension(const LandmarkSeries& s, int64_t i, Side side) {
  auto at = [&](Landmark l) { return s.Of(l)[static_cast<size_t>(i)]; };
  auto sub = [](const Vec3& a, const Vec3& b) {
    return Vec3{a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  };
  auto dot = [](const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  };
  const Vec3 la = at(Landmark::kLeftAsis), ra = at(Landmark::kRightAsis);
  const Vec3 lp = at(Landmark::kLeftPsis), rp = at(Landmark::kRightPsis);
  Vec3 y = sub(la, ra);
  const double ny = std::sqrt(dot(y, y));
  for (double& c : y) c /= ny;
  Vec3 x = sub(Vec3{la[0] + ra[0], la[1] + ra[1], la[2] + ra[2]},
               Vec3{lp[0] + rp[0], lp[1] + rp[1], lp[2] + rp[2]});
  const double xy = dot(x, y);
  for (int c = 0; c < 3; ++c) x[c] -= xy * y[c];
  const double nx = std::sqrt(dot(x, x));
  for (double& c : x) c /= nx;
  const Vec3 z{x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2],
               x[0] * y[1] - x[1] * y[0]};
  const bool left = side == Side::kLeft;
  const Vec3 thigh = sub(at(left ? Landmark::kLeftKnee : Landmark::kRightKnee),
                         at(left ? Landmark::kLeftHip : Landmark::kRightHip));
  return -std::atan2(dot(thigh, x), -dot(thigh, z)) * 180 / 3.14159265358979323846;
}

TEST(WalkerAutoPelvisTest, KeepsTheNominalPelvisWhenItRealisesThePeaks) {
  WalkParams fixed;
  fixed.stride_count = 6;
  fixed.noise_sd_m = 0.002;
  WalkParams automatic = fixed;
  automatic.pelvic_tilt_deg = kAuto;
  auto a = SimulateWalk(fixed, 5);
  auto b = SimulateWalk(automatic, 5);
  ASSERT_TRUE(a.ok() && b.ok()) << b.status().ToString();
  EXPECT_EQ(b->truth.pelvic_tilt_deg, 10.0);
  EXPECT_EQ(b->truth.pelvic_tilt_asymmetry_deg, 0.0);
  EXPECT_EQ(b->truth.knee_flexion_at_heel_strike_left_deg, 5.0);
  EXPECT_EQ(b->truth.knee_flexion_at_heel_strike_right_deg, 5.0);
  ASSERT_EQ(a->series.frame_count, b->series.frame_count);
  for (size_t l = 0; l < kLandmarkCount; ++l) {
    const auto& x = a->series.positions[l];
    const auto& y = b->series.positions[l];
    ASSERT_EQ(x.size(), y.size());
    if (!x.empty()) {
      EXPECT_EQ(std::memcmp(x.data(), y.data(), x.size() * sizeof(Vec3)), 0);
    }
  }
}

struct Case {
  double stride, height, cadence, left, right, cv;
};

// Slow, short, asymmetric walks as THA patients walk them (operated side
// -5..8 deg, other side 5..15 deg, pelvis-referenced), and brisk ones.
TEST(WalkerAutoPelvisTest, RealisesAsymmetricThaWalksExactly) {
  const Case cases[] = {
      {0.50, 1.50, 80, -5, 5, 3},    {0.50, 1.45, 90, 8, 5, 2},
      {0.60, 1.55, 85, 0, 12, 4},    {0.70, 1.60, 95, -5, 10, 3},
      {0.70, 1.85, 75, 2, 14, 1},    {0.90, 1.40, 100, 15, -5, 5},
      {1.00, 1.55, 100, -5, 15, 3},  {1.00, 1.70, 110, 8, 15, 8},
      {1.20, 1.57, 107, 5, 12.5, 2}, {1.30, 1.80, 120, -10, 10, 2},
      {1.40, 1.65, 130, 20, 5, 2},   {1.10, 1.50, 140, -8, 6, 4},
  };
  for (const Case& c : cases) {
    WalkParams p;
    p.stride_length_mean_m = c.stride;
    p.body_height_m = c.height;
    p.cadence_steps_per_min = c.cadence;
    p.peak_hip_extension_left_deg = c.left;
    p.peak_hip_extension_right_deg = c.right;
    p.stride_length_cv_pct = c.cv;
    p.com_sway_left_m = 0.04;
    p.com_sway_right_m = 0.025;
    p.pelvic_tilt_deg = kAuto;
    p.stride_count = 6;
    const std::string what = "stride " + std::to_string(c.stride) + " peaks " +
                             std::to_string(c.left) + "/" + std::to_string(c.right);
    auto walk = SimulateWalk(p, 3);
    ASSERT_TRUE(walk.ok()) << what << ": " << walk.status().ToString();
    const WalkTruth& t = walk->truth;
    EXPECT_NEAR(t.peak_hip_extension_left_pelvis_deg, c.left, 1e-9) << what;
    EXPECT_NEAR(t.peak_hip_extension_right_pelvis_deg, c.right, 1e-9) << what;
    // Steps add up to the strides, whatever asymmetry was chosen.
    EXPECT_NEAR(t.step_length_left_m + t.step_length_right_m, t.stride_length_mean_m,
                0.1 * c.stride)
        << what;
    // The markers say the same, stride by stride, at the 100 Hz samples.
    for (const StrideTruth& st : t.strides) {
      if (!st.steady) continue;
      double peak = -1e9;
      for (int64_t i = 0; i < walk->series.frame_count; ++i) {
        const double time = walk->series.TimeOf(i);
        if (time >= st.heel_strike_s && time < st.next_heel_strike_s) {
          peak = std::max(peak, MarkerHipExtension(walk->series, i, st.side));
        }
      }
      EXPECT_NEAR(peak, st.side == Side::kLeft ? c.left : c.right, 1e-6) << what;
    }
  }
}

TEST(WalkerAutoPelvisTest, RefusesPeaksNoPelvisRealisesNamingBoth) {
  WalkParams p;
  p.stride_length_mean_m = 0.4;
  p.cadence_steps_per_min = 80;
  p.peak_hip_extension_left_deg = -10;
  p.peak_hip_extension_right_deg = 20;
  p.pelvic_tilt_deg = kAuto;
  p.stride_count = 4;
  auto walk = SimulateWalk(p, 1);
  ASSERT_FALSE(walk.ok());
  EXPECT_EQ(walk.status().code(), StatusCode::kInvalidInput);
  const std::string& m = walk.status().message();
  EXPECT_NE(m.find("peak_hip_extension_left_deg = -10.00"), std::string::npos) << m;
  EXPECT_NE(m.find("peak_hip_extension_right_deg = 20.00"), std::string::npos) << m;
}

TEST(WalkerAutoPelvisTest, AutoTiltIsWrittenAndReadAsAuto) {
  WalkParams p;
  p.pelvic_tilt_deg = kAuto;
  const std::string json = WalkParamsToJson(p);
  EXPECT_NE(json.find("\"pelvic_tilt_deg\": \"auto\""), std::string::npos) << json;
  auto back = WalkParamsFromJson(json, "params.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(std::isnan(back->pelvic_tilt_deg));
  auto bad = WalkParamsFromJson(R"({"pelvic_tilt_deg": "tilted"})", "params.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "params.json: pelvic_tilt_deg = \"tilted\": expected a number or \"auto\"");
}

}  // namespace
}  // namespace thaplan
