// The event-landmark noise a report gives (GaitReport::noise,
// gait/noise.h) against the noise the walker put in, and on the public
// recordings, whose noise must lie where the synthetic walks verified events
// within one frame for the issue-3 figure to apply to them
// (docs/gait-events.md, "Noise in a recording").
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "pipeline/accuracy_test_util.h"
#include "pipeline/synthetic_accuracy.h"
#include "thaplan/capture.h"

namespace thaplan::testing {
namespace {

using accuracy_test::SharedData;

// The analysis of one synthetic walk the whole way through a file.
TrialNoise NoiseOf(const Condition& c, uint64_t seed) {
  const Result<AnalysedWalk> a = AnalyseWalk(ParamsFor(c, seed), seed, GaitOptions{});
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  if (!a.ok()) return {};
  EXPECT_EQ(a->report.noise.size(), 1u);
  return a->report.noise.empty() ? TrialNoise{} : a->report.noise[0];
}

// With 2 and 5 mm of white noise the estimate is within -5 % and +12 % of
// what the walker added, at every rate of the issue and for both landmark sets
// (5 % dropouts break the runs of observed samples). It reads high, not low:
// it is the noisiest of four landmarks' estimates, and at 60 Hz the swing's
// own jerk adds to the third differences (over 12 seeds: ratios 0.98-1.10 at
// 60 Hz, 0.99-1.06 at 100-120 Hz).
TEST(NoiseEstimateTest, WithinMinusFivePlusTwelvePercentOfTheWalkersNoise) {
  for (WalkLandmarkSet set : {WalkLandmarkSet::kKeypoints, WalkLandmarkSet::kMarkers}) {
    for (double rate : {60.0, 100.0, 120.0}) {
      for (double sd : {0.002, 0.005}) {
        for (uint64_t seed = 1; seed <= 3; ++seed) {
          const TrialNoise n = NoiseOf({"", set, rate, sd}, seed);
          SCOPED_TRACE(std::to_string(rate) + " Hz " + std::to_string(sd) + " m seed " +
                       std::to_string(seed));
          std::printf("[noise] %s %3.0f Hz walker %.1f mm: estimate %.3f mm (%s)\n",
                      set == WalkLandmarkSet::kKeypoints ? "keypoints" : "markers", rate,
                      sd * 1000, n.sd_m * 1000, n.landmark.c_str());
          EXPECT_GE(n.sd_m, 0.95 * sd);
          EXPECT_LE(n.sd_m, 1.12 * sd);
          EXPECT_EQ(n.sample_rate_hz, rate);
        }
      }
    }
  }
}

// Without noise the walker's own motion reads far under the 2.5 mm up to
// which events are verified at 100-120 Hz: the estimate does not flag clean
// recordings.
TEST(NoiseEstimateTest, NoiseFreeWalksReadFarBelowTheVerifiedLimit) {
  for (double rate : {60.0, 100.0, 120.0}) {
    for (uint64_t seed = 1; seed <= 3; ++seed) {
      const TrialNoise n = NoiseOf({"", WalkLandmarkSet::kMarkers, rate, 0.0}, seed);
      std::printf("[noise] markers %3.0f Hz noise-free: estimate %.3f mm\n", rate,
                  n.sd_m * 1000);
      EXPECT_LT(n.sd_m, 0.2e-3) << rate << " Hz seed " << seed;
      EXPECT_EQ(n.one_frame_limit_m, rate <= 60 ? 0.005 : 0.0025);
    }
  }
}

// The quality note names the level at the trial's rate and says which side
// of it the noise is.
TEST(NoiseEstimateTest, QualityNoteStatesTheVerifiedLevelAndTheSide) {
  struct Case {
    double rate, sd;
    const char* expected;
  };
  const Case cases[] = {
      {120, 0.005,
       "above the 2.5 mm up to which events were verified within one frame at 120 Hz; "
       "events may be off by more than one frame (docs/gait-events.md)"},
      {100, 0.001,
       "within the 2.5 mm up to which events were verified within one frame "
       "at 100 Hz"},
      {60, 0.002,
       "within the 5.0 mm up to which events were verified within one frame "
       "at 60 Hz"}};
  for (const Case& c : cases) {
    const Condition condition{"", WalkLandmarkSet::kKeypoints, c.rate, c.sd};
    const Result<AnalysedWalk> a = AnalyseWalk(ParamsFor(condition, 1), 1, GaitOptions{});
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    int found = 0;
    for (const std::string& note : a->report.quality_notes) {
      if (note.find("event-landmark noise") == std::string::npos) continue;
      ++found;
      EXPECT_NE(note.find(c.expected), std::string::npos) << note;
    }
    EXPECT_EQ(found, 1) << c.rate << " Hz";
  }
}

// The public recordings carry far less noise than the synthetic walks'
// 2-5 mm: the one-frame figure measured on the walker covers them. The printed
// values are docs/gait-events.md's.
TEST(NoiseEstimateTest, PublicRecordingsAreWithinTheVerifiedNoise) {
  struct File {
    std::string path, profile;
  };
  const File files[] = {{"c3d_vicon_pig/gait-pig.c3d", ""},
                        {"opensim_subject01/subject01_walk1.trc", "opensim-gait2392"},
                        {"opencap_subject3/walking1.trc", "openpose-body25"},
                        {"opencap_subject3/walking1.trc", ""}};
  for (const File& f : files) {
    CaptureOptions options;
    options.profile = f.profile;
    Result<std::vector<Capture>> c = LoadCaptures({SharedData(f.path)}, options);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    Result<GaitReport> r = AnalyzeCaptures(*c, GaitOptions{});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->noise.size(), 1u);
    const TrialNoise& n = r->noise[0];
    std::printf("[noise] %s (%s) %.0f Hz: %.3f mm SD (%s), verified up to %.1f mm\n",
                f.path.c_str(), f.profile.empty() ? "detected" : f.profile.c_str(),
                n.sample_rate_hz, n.sd_m * 1000, n.landmark.c_str(),
                n.one_frame_limit_m * 1000);
    EXPECT_GT(n.sd_m, 0) << f.path;
    EXPECT_LT(n.sd_m, n.one_frame_limit_m) << f.path;
  }
}

}  // namespace
}  // namespace thaplan::testing
