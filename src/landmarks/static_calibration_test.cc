#include "landmarks/static_calibration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>
#include <numbers>

#include "thaplan/trc.h"

namespace thaplan::landmarks {
namespace {

using L = Landmark;
constexpr size_t kKnee = static_cast<size_t>(L::kRightKnee);

// Body frame of a thigh: an equilateral triangle of technical markers T1-T3
// (radius 80 mm, centroid 0) and the epicondyle markers KL/KM 40 mm either
// side of the knee centre (0, 0, -0.25).
const std::vector<Vec3> kTriangle{{0.08, 0, 0},
                                  {-0.04, 0.08 * std::sqrt(3.0) / 2, 0},
                                  {-0.04, -0.08 * std::sqrt(3.0) / 2, 0}};
const Vec3 kKneeBody{0, 0, -0.25};

// Frame f of the walk: rotate about Y by 3 deg per frame (a swinging thigh),
// then translate forward 12 mm per frame and up 0.5 m.
Vec3 Pose(const Vec3& p, int64_t f) {
  const double a = 3.0 * static_cast<double>(f) * std::numbers::pi / 180;
  return {std::cos(a) * p[0] + std::sin(a) * p[2] + 0.012 * static_cast<double>(f), p[1],
          -std::sin(a) * p[0] + std::cos(a) * p[2] + 0.5};
}

Trial MakeTrial(const std::string& path, const std::vector<std::string>& names,
                int64_t frames, const std::function<Vec3(size_t, int64_t)>& at) {
  Trial t;
  t.source_path = path;
  t.format = "trc";
  t.sample_rate_hz = 100;
  t.frame_count = frames;
  t.landmarks = names;
  t.vertical_axis = Axis::kZ;
  for (int64_t f = 0; f < frames; ++f) {
    for (size_t m = 0; m < names.size(); ++m) t.positions_m.push_back(at(m, f));
  }
  return t;
}

// Static: standing still in the body frame moved by pose 0 plus 1 m across.
Trial Static() {
  return MakeTrial(
      "static.trc", {"T1", "T2", "T3", "KL", "KM"}, 5, [](size_t m, int64_t) {
        Vec3 p = m < 3 ? kTriangle[m] : Vec3{0, m == 3 ? -0.04 : 0.04, -0.25};
        return Vec3{p[0] + 1, p[1], p[2]};
      });
}

Trial Walk(double push_m = 0, int64_t push_frame = -1) {
  return MakeTrial("walk.trc", {"T1", "T2", "T3"}, 20, [=](size_t m, int64_t f) {
    Vec3 p = kTriangle[m];
    if (m == 0 && f == push_frame) p[0] += push_m;  // radially outward
    return Pose(p, f);
  });
}

LandmarkProfile Profile() {
  LandmarkProfile p;
  p.name = "test";
  p.midpoint[kKnee] = {"KL", "KM"};
  p.cluster[kKnee] = {"T1", "T2", "T3"};
  // ApplyProfile refuses a profile that finds nothing in the walk itself.
  p.sources[static_cast<size_t>(L::kSacrum)] = {"T1"};
  return p;
}

TEST(StaticCalibrationTest, CarriesTheKneeCentreWithTheCluster) {
  const Trial walk = Walk();
  const LandmarkProfile profile = Profile();
  Result<Calibrated> c =
      CalibrateFromStatic(walk, MatchProfile(walk, profile), Static(), profile, 0.01);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->positions[kKnee].size(), 20u);
  for (int64_t f = 0; f < 20; ++f) {
    const Vec3 want = Pose(kKneeBody, f);
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_NEAR(c->positions[kKnee][static_cast<size_t>(f)][i], want[i], 1e-12) << f;
    }
  }
  ASSERT_EQ(c->notes.size(), 1u);
  EXPECT_EQ(
      c->notes[0],
      "right_knee: static calibration (Cappozzo 1995) from static.trc (midpoint of KL, "
      "KM, 5 static frames, cluster RMS residual up to 0.0 mm) carried by cluster T1, "
      "T2, T3: rigid-fit RMS residual median 0.0 mm, max 0.0 mm over 20 of 20 frames");
}

TEST(StaticCalibrationTest, FramesWithTooFewClusterMarkersAreMissing) {
  Trial walk = Walk();
  walk.At(4, 1) = {NAN, NAN, NAN};
  const LandmarkProfile profile = Profile();
  Result<Calibrated> c =
      CalibrateFromStatic(walk, MatchProfile(walk, profile), Static(), profile, 0.01);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(IsMissing(c->positions[kKnee][4]));
  EXPECT_FALSE(IsMissing(c->positions[kKnee][5]));
  EXPECT_NE(c->notes[0].find("over 19 of 20 frames"), std::string::npos) << c->notes[0];
}

// T1 pushed 30 mm outward at frame 7: by hand (rigid_fit_test) the RMS
// residual is 30 sqrt(2) / 3 = 14.1 mm.
TEST(StaticCalibrationTest, RefusesANonRigidCluster) {
  const Trial walk = Walk(0.030, 7);
  const LandmarkProfile profile = Profile();
  EXPECT_EQ(
      CalibrateFromStatic(walk, MatchProfile(walk, profile), Static(), profile, 0.01)
          .status()
          .message(),
      "walk.trc: static calibration of right_knee: cluster T1, T2, T3 does not move "
      "rigidly: RMS residual of the rigid fit 14.1 mm at frame 7 (0.070 s): expected at "
      "most 10.0 mm (a marker slipped, fell off or is mislabelled)");
  // A looser limit accepts it, and says how large the residual was.
  Result<Calibrated> loose =
      CalibrateFromStatic(walk, MatchProfile(walk, profile), Static(), profile, 0.02);
  ASSERT_TRUE(loose.ok());
  EXPECT_NE(loose->notes[0].find("max 14.1 mm"), std::string::npos) << loose->notes[0];
}

TEST(StaticCalibrationTest, RefusesACollinearCluster) {
  Trial st = Static();
  for (int64_t f = 0; f < st.frame_count; ++f) {
    for (size_t m = 0; m < 3; ++m)
      st.At(f, m) = {1.0 + 0.05 * static_cast<double>(m), 0, 0};
  }
  const Trial walk = Walk();
  const LandmarkProfile profile = Profile();
  EXPECT_EQ(
      CalibrateFromStatic(walk, MatchProfile(walk, profile), st, profile, 0.01)
          .status()
          .message(),
      "static.trc: static calibration of right_knee: cluster T1, T2, T3 lies on a line "
      "(RMS distance from it 0.0 mm): expected at least 5.0 mm, markers spread in two "
      "directions");
}

TEST(StaticCalibrationTest, LandmarkAbsentFromTheStaticTrialIsSkippedWithANote) {
  Trial st = Static();
  st.landmarks[3] = "other";
  const Trial walk = Walk();
  const LandmarkProfile profile = Profile();
  Result<Calibrated> c =
      CalibrateFromStatic(walk, MatchProfile(walk, profile), st, profile, 0.01);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->positions[kKnee].empty());
  EXPECT_EQ(c->notes, std::vector<std::string>{
                          "right_knee: not in the static trial static.trc either; not "
                          "calibrated"});
}

// Through ApplyProfile: the walk's Z-up frame is kept, the knee is present.
TEST(StaticCalibrationTest, ApplyProfileUsesTheStaticTrial) {
  ApplyOptions options;
  options.check_vertical = false;
  options.static_trial = std::make_shared<const Trial>(Static());
  std::vector<std::string> notes;
  Result<LandmarkSeries> s = ApplyProfile(Walk(), Profile(), options, &notes);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_TRUE(s->Has(L::kRightKnee));
  EXPECT_NEAR(s->Of(L::kRightKnee)[10][2], Pose(kKneeBody, 10)[2], 1e-12);
  EXPECT_EQ(notes.size(), 1u);
  options.static_trial = nullptr;
  EXPECT_FALSE(ApplyProfile(Walk(), Profile(), options)->Has(L::kRightKnee));
}

}  // namespace
}  // namespace thaplan::landmarks
