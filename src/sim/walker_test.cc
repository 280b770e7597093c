// Tests of the synthetic walker against the parameters put in.
#include "thaplan/walker.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <thread>
#include <vector>

namespace thaplan {
namespace {

constexpr double kPi = 3.14159265358979323846;

WalkParams Quick() {
  WalkParams p;
  p.stride_count = 6;
  p.sample_rate_hz = 60;
  return p;
}

bool SameBits(const LandmarkSeries& a, const LandmarkSeries& b) {
  if (a.frame_count != b.frame_count) return false;
  for (size_t l = 0; l < kLandmarkCount; ++l) {
    const auto& x = a.positions[l];
    const auto& y = b.positions[l];
    if (x.size() != y.size()) return false;
    if (!x.empty() && std::memcmp(x.data(), y.data(), x.size() * sizeof(Vec3)) != 0)
      return false;
  }
  return true;
}

std::vector<double> Lengths(const WalkTruth& t, Side side) {
  std::vector<double> out;
  for (const StrideTruth& s : t.strides) {
    if (s.steady && s.side == side) out.push_back(s.length_m);
  }
  return out;
}

TEST(WalkerTest, SameSeedSameBitsDifferentSeedDifferentWalk) {
  WalkParams p = Quick();
  p.noise_sd_m = 0.003;
  p.dropout_fraction = 0.05;
  auto a = SimulateWalk(p, 7);
  auto b = SimulateWalk(p, 7);
  auto c = SimulateWalk(p, 8);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok() && c.ok());
  EXPECT_TRUE(SameBits(a->series, b->series));
  EXPECT_EQ(WalkTruthToJson(a->truth), WalkTruthToJson(b->truth));
  EXPECT_FALSE(SameBits(a->series, c->series));
  EXPECT_NE(a->truth.strides[2].length_m, c->truth.strides[2].length_m);
}

// The walker keeps per-thread scratch buffers between walks (walker.cc); a
// walk's bytes must not depend on what the thread simulated before, nor on
// the thread.
TEST(WalkerTest, SameSeedSameBitsWhateverRanBeforeAndOnAnyThread) {
  WalkParams p = Quick();
  p.noise_sd_m = 0.002;
  p.dropout_fraction = 0.02;
  auto first = SimulateWalk(p, 3);
  WalkParams other = Quick();
  other.landmark_set = WalkLandmarkSet::kKeypoints;
  other.sample_rate_hz = 120;
  other.stride_count = 40;
  other.com_sway_left_m = 0.035;
  ASSERT_TRUE(SimulateWalk(other, 9).ok());
  auto again = SimulateWalk(p, 3);
  Result<SyntheticWalk> elsewhere = Status::Internal("not run");
  std::thread([&] { elsewhere = SimulateWalk(p, 3); }).join();
  ASSERT_TRUE(first.ok() && again.ok() && elsewhere.ok());
  EXPECT_TRUE(SameBits(first->series, again->series));
  EXPECT_TRUE(SameBits(first->series, elsewhere->series));
  EXPECT_EQ(WalkTruthToJson(first->truth), WalkTruthToJson(again->truth));
  EXPECT_EQ(WalkTruthToJson(first->truth), WalkTruthToJson(elsewhere->truth));
}

// Left strides are drawn i.i.d. N(mean, sd); right strides are built to be
// i.i.d. with the same law (docs/walker.md). Over n strides per side the
// sample mean has SE sd/sqrt(n) and the sample SD has SE ~ sd/sqrt(2(n-1))
// (normal theory); we allow 4 SE, a 1-in-15,000 false alarm per check.
TEST(WalkerTest, DrawnStridesHaveRequestedMeanAndCv) {
  WalkParams p;
  p.stride_count = 400;
  p.sample_rate_hz = 20;
  p.stride_length_mean_m = 1.15;
  p.stride_length_cv_pct = 4.0;
  auto walk = SimulateWalk(p, 2024);
  ASSERT_TRUE(walk.ok()) << walk.status().ToString();
  const double sd = 0.04 * 1.15;
  for (Side side : {Side::kLeft, Side::kRight}) {
    const std::vector<double> v = Lengths(walk->truth, side);
    ASSERT_EQ(v.size(), 400u);
    double mean = 0, ss = 0;
    for (double x : v) mean += x;
    mean /= 400;
    for (double x : v) ss += (x - mean) * (x - mean);
    const double s = std::sqrt(ss / 399);
    EXPECT_NEAR(mean, 1.15, 4 * sd / std::sqrt(400.0)) << SideName(side);
    EXPECT_NEAR(s, sd, 4 * sd / std::sqrt(2 * 399.0)) << SideName(side);
  }
  // The pooled truth CV is the CV of exactly those strides.
  EXPECT_NEAR(walk->truth.stride_length_cv_pct, 4.0, 4 * 4.0 / std::sqrt(2 * 399.0));
}

TEST(WalkerTest, EventsAlternateWithSixtyPercentStance) {
  auto walk = SimulateWalk(Quick(), 3);
  ASSERT_TRUE(walk.ok());
  const WalkTruth& t = walk->truth;
  ASSERT_EQ(t.heel_strikes_left_s.size(), 9u);  // 6 steady + 2 unsteady strides
  ASSERT_EQ(t.heel_strikes_right_s.size(), 9u);
  for (size_t i = 0; i + 1 < t.heel_strikes_left_s.size(); ++i) {
    const double hs_l = t.heel_strikes_left_s[i], hs_r = t.heel_strikes_right_s[i];
    EXPECT_LT(hs_l, hs_r);
    EXPECT_LT(hs_r, t.heel_strikes_left_s[i + 1]);
  }
  int steady = 0;
  for (const StrideTruth& s : t.strides) {
    const double stride = s.next_heel_strike_s - s.heel_strike_s;
    EXPECT_NEAR(stride, 120.0 / 108.0, 1e-12);
    const double stance = (s.toe_off_s - s.heel_strike_s) / stride;
    EXPECT_GT(stance, 0.55);
    EXPECT_LT(stance, 0.65);
    EXPECT_LT(s.heel_strike_s, s.heel_rise_s);
    EXPECT_LT(s.heel_rise_s, s.toe_off_s);
    steady += s.steady;
  }
  EXPECT_EQ(steady, 12);
  EXPECT_FALSE(t.strides.front().steady);
  EXPECT_FALSE(t.strides.back().steady);
  EXPECT_NEAR(t.cadence_steps_per_min, 108.0, 1e-9);
}

// Pelvis-referenced hip extension from the emitted ASIS/PSIS, hip and knee
// landmarks (the CLINICAL.md definition), in whatever direction the walk goes.
double PelvisHipExtension(const LandmarkSeries& s, int64_t i, Side side) {
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
  Vec3 x = sub(Vec3{(la[0] + ra[0]) / 2, (la[1] + ra[1]) / 2, (la[2] + ra[2]) / 2},
               Vec3{(lp[0] + rp[0]) / 2, (lp[1] + rp[1]) / 2, (lp[2] + rp[2]) / 2});
  const double xy = dot(x, y);
  for (int c = 0; c < 3; ++c) x[c] -= xy * y[c];
  const double nx = std::sqrt(dot(x, x));
  for (double& c : x) c /= nx;
  const Vec3 z{x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2],
               x[0] * y[1] - x[1] * y[0]};
  const bool left = side == Side::kLeft;
  const Vec3 thigh = sub(at(left ? Landmark::kLeftKnee : Landmark::kRightKnee),
                         at(left ? Landmark::kLeftHip : Landmark::kRightHip));
  return -std::atan2(dot(thigh, x), -dot(thigh, z)) * 180 / kPi;
}

TEST(WalkerTest, PeakHipExtensionEqualsParameterPerSide) {
  for (double rate : {60.0, 100.0, 120.0}) {
    WalkParams p = Quick();
    p.sample_rate_hz = rate;
    p.peak_hip_extension_left_deg = 2.0;
    p.peak_hip_extension_right_deg = 7.5;
    p.walking_direction_deg = 135;
    auto walk = SimulateWalk(p, 11);
    ASSERT_TRUE(walk.ok()) << walk.status().ToString();
    const LandmarkSeries& s = walk->series;
    for (const StrideTruth& st : walk->truth.strides) {
      if (!st.steady) continue;
      double peak = -1e9;
      for (int64_t i = 0; i < s.frame_count; ++i) {
        const double t = s.TimeOf(i);
        if (t >= st.heel_strike_s && t < st.next_heel_strike_s) {
          peak = std::max(peak, PelvisHipExtension(s, i, st.side));
        }
      }
      const double want = st.side == Side::kLeft ? 2.0 : 7.5;
      EXPECT_NEAR(peak, want, 0.01) << rate << " Hz, stride at " << st.heel_strike_s;
      // The peak time is snapped to a sample and solved to 1e-10 deg.
      EXPECT_NEAR(st.peak_hip_extension_pelvis_deg, want, 1e-9);
      // CLINICAL.md: trunk-referenced angles read about 10 deg more.
      EXPECT_GT(st.peak_hip_extension_trunk_deg - want, 6.0);
      EXPECT_LT(st.peak_hip_extension_trunk_deg - want, 14.0);
    }
    EXPECT_NEAR(walk->truth.peak_hip_extension_left_pelvis_deg, 2.0, 1e-9);
    EXPECT_NEAR(walk->truth.peak_hip_extension_right_pelvis_deg, 7.5, 1e-9);
  }
}

// The pelvis sway is scaled until the de Leva COM excursions equal the
// requested ones; the model states 1 % as its error.
TEST(WalkerTest, ComSwayRatioFollowsPerSideSway) {
  WalkParams p = Quick();
  p.com_sway_left_m = 0.02;
  p.com_sway_right_m = 0.02;
  auto even = SimulateWalk(p, 5);
  p.com_sway_left_m = 0.04;
  auto doubled = SimulateWalk(p, 5);
  ASSERT_TRUE(even.ok() && doubled.ok());
  EXPECT_NEAR(even->truth.com_sway_ratio_left_over_right, 1.0, 0.01);
  EXPECT_NEAR(doubled->truth.com_sway_ratio_left_over_right, 2.0, 0.02);
  EXPECT_NEAR(doubled->truth.com_excursion_left_m, 0.04, 0.0004);
  EXPECT_NEAR(doubled->truth.com_excursion_right_m, 0.02, 0.0002);
}

TEST(WalkerTest, DropoutsHitFractionInShortGaps) {
  for (double rate : {60.0, 100.0, 120.0}) {
    WalkParams p = Quick();
    p.sample_rate_hz = rate;
    p.dropout_fraction = 0.1;
    auto walk = SimulateWalk(p, 99);
    ASSERT_TRUE(walk.ok());
    const LandmarkSeries& s = walk->series;
    const int64_t max_gap = static_cast<int64_t>(0.1 * rate + 1e-9);
    int64_t missing = 0, total = 0;
    for (size_t l = 0; l < kLandmarkCount; ++l) {
      int64_t run = 0;
      for (const Vec3& v : s.positions[l]) {
        const bool gone = std::isnan(v[0]);
        EXPECT_EQ(gone, std::isnan(v[1]) || std::isnan(v[2]));
        run = gone ? run + 1 : 0;
        EXPECT_LE(run, max_gap)
            << rate << " Hz, " << LandmarkName(static_cast<Landmark>(l));
        missing += gone;
        ++total;
      }
    }
    EXPECT_NEAR(static_cast<double>(missing) / static_cast<double>(total), 0.1, 0.002);
  }
}

TEST(WalkerTest, LandmarkSetsEmitWhatTheyPromise) {
  WalkParams p = Quick();
  auto markers = SimulateWalk(p, 1);
  p.landmark_set = WalkLandmarkSet::kKeypoints;
  auto keypoints = SimulateWalk(p, 1);
  ASSERT_TRUE(markers.ok() && keypoints.ok());
  EXPECT_TRUE(markers->series.pelvis_tracked);
  EXPECT_TRUE(markers->series.Has(Landmark::kLeftAsis));
  EXPECT_TRUE(markers->series.Has(Landmark::kSacrum));
  EXPECT_FALSE(markers->series.Has(Landmark::kMidHip));
  EXPECT_FALSE(keypoints->series.pelvis_tracked);
  EXPECT_FALSE(keypoints->series.Has(Landmark::kRightPsis));
  EXPECT_TRUE(keypoints->series.Has(Landmark::kMidHip));
  for (Landmark l : {Landmark::kLeftHip, Landmark::kNeck, Landmark::kLeftToe,
                     Landmark::kHead, Landmark::kRightWrist}) {
    EXPECT_TRUE(keypoints->series.Has(l)) << LandmarkName(l);
    EXPECT_TRUE(markers->series.Has(l)) << LandmarkName(l);
  }
  // Same body, same truth: only the emitted set differs.
  EXPECT_EQ(markers->truth.stride_length_cv_pct, keypoints->truth.stride_length_cv_pct);
  p.landmark_set = WalkLandmarkSet::kMarkers;
  p.markers_include_hip_centres = false;
  auto no_hips = SimulateWalk(p, 1);
  ASSERT_TRUE(no_hips.ok());
  EXPECT_FALSE(no_hips->series.Has(Landmark::kLeftHip));
  EXPECT_EQ(no_hips->series.hip_centre_method, "");
}

}  // namespace
}  // namespace thaplan
