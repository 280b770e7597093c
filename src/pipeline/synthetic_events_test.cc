// Issue 3, events on synthetic walks: the error distribution of heel strikes
// and toe offs against the walker's truth over the whole range the issue
// names (60-120 Hz, noise 0-5 mm, 5 % dropouts), keypoints and markers,
// split by whether the event was timed across gap-filled samples
// (GaitEvent::across_gap). docs/gait.md section 10 holds the figures.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "gait/noise.h"
#include "pipeline/synthetic_accuracy.h"

namespace thaplan::testing {
namespace {

// The figure; never widened.
constexpr double kEventFrames = 1.0;

struct Moments {
  double mean = NAN, sd = NAN, max_abs = NAN;
  size_t n = 0;
};

Moments MomentsOf(const std::vector<double>& v) {
  Moments m;
  m.n = v.size();
  if (v.empty()) return m;
  double sum = 0, max_abs = 0;
  for (double x : v) {
    sum += x;
    max_abs = std::max(max_abs, std::abs(x));
  }
  m.mean = sum / static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - m.mean) * (x - m.mean);
  m.sd = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : 0.0;
  m.max_abs = max_abs;
  return m;
}

std::string Row(const char* what, const std::vector<double>& v) {
  const Moments m = MomentsOf(v);
  char buf[160];
  std::snprintf(buf, sizeof buf, " | %-16s n=%4zu mean %+.2f sd %.2f max %.2f", what, m.n,
                m.mean, m.sd, m.max_abs);
  return buf;
}

// The range and, per condition, the largest |error| in frames asserted on
// events timed on measured samples. 1.0 is the figure; a larger value
// is a shortfall measured over 50 seeds and explained in docs/gait-events.md
// (strikes and toe offs with 5 mm noise at 100-120 Hz: the noise of the heel
// and toe tracks). Such a bound only guards against regressions; it is not
// the figure. Where it applies, every walk's report must say that its
// noise is above the level verified for one frame (GaitReport::noise,
// gait::OneFrameNoiseLimitM: the largest noise of this table whose events are
// all within one frame); below 80 % of that level no report may say so (at
// the level itself the estimate, which reads a few per cent high, may flag).
struct Target {
  WalkLandmarkSet set;
  double sample_rate_hz;
  double noise_sd_m;
  double strike_max_frames;
  double off_max_frames;
};
constexpr WalkLandmarkSet kK = WalkLandmarkSet::kKeypoints;
constexpr WalkLandmarkSet kM = WalkLandmarkSet::kMarkers;
constexpr Target kRange[] = {
    {kK, 50, 0.005, 1.0, 1.0},   {kK, 60, 0.0, 1.0, 1.0},
    {kK, 60, 0.002, 1.0, 1.0},   {kK, 60, 0.005, 1.0, 1.0},
    {kK, 100, 0.0, 1.0, 1.0},    {kK, 100, 0.002, 1.0, 1.0},
    {kK, 100, 0.0025, 1.0, 1.0}, {kK, 100, 0.005, 2.0, 1.0},
    {kK, 120, 0.0, 1.0, 1.0},    {kK, 120, 0.002, 1.0, 1.0},
    {kK, 120, 0.0025, 1.0, 1.0}, {kK, 120, 0.005, 1.75, 1.25},
    {kM, 50, 0.005, 1.0, 1.0},   {kM, 60, 0.0, 1.0, 1.0},
    {kM, 60, 0.002, 1.0, 1.0},   {kM, 60, 0.005, 1.0, 1.0},
    {kM, 100, 0.0, 1.0, 1.0},    {kM, 100, 0.002, 1.0, 1.0},
    {kM, 100, 0.0025, 1.0, 1.0}, {kM, 100, 0.005, 1.5, 1.25},
    {kM, 120, 0.0, 1.0, 1.0},    {kM, 120, 0.002, 1.0, 1.0},
    {kM, 120, 0.0025, 1.0, 1.0}, {kM, 120, 0.005, 1.5, 1.75},
};

std::string NameOf(const Target& t) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%-9s %3.0f Hz %.1f mm",
                t.set == kK ? "keypoints" : "markers", t.sample_rate_hz,
                t.noise_sd_m * 1000);
  return buf;
}

std::string Verdict(double max_abs, double bound) {
  if (max_abs <= kEventFrames) return "";
  return max_abs <= bound ? "  [over 1 frame: noise above the verified level, flagged]"
                          : "  [REGRESSION]";
}

// Every condition of the range, `seeds` walks each; prints one line per
// condition and asserts its bounds on the events timed on measured samples.
void CheckRange(int seeds) {
  std::printf("events vs walker truth, frames (signed mean, SD, max |err|), %d seeds\n",
              seeds);
  for (const Target& t : kRange) {
    const std::string name = NameOf(t);
    SCOPED_TRACE(name);
    const EventSplit e = RunEvents({"", t.set, t.sample_rate_hz, t.noise_sd_m}, seeds);
    const Moments hs = MomentsOf(e.strikes_observed), to = MomentsOf(e.offs_observed);
    std::printf("%s%s%s%s%s\n%29s%s%s\n", name.c_str(),
                Row("strike observed", e.strikes_observed).c_str(),
                Verdict(hs.max_abs, t.strike_max_frames).c_str(),
                Row("off observed", e.offs_observed).c_str(),
                Verdict(to.max_abs, t.off_max_frames).c_str(), "",
                Row("strike gap", e.strikes_filled).c_str(),
                Row("off gap", e.offs_filled).c_str());
    EXPECT_TRUE(e.first_failure.empty()) << e.first_failure;
    EXPECT_EQ(e.missed, 0);
    ASSERT_GT(hs.n, 0u);
    ASSERT_GT(to.n, 0u);
    EXPECT_LE(hs.max_abs, t.strike_max_frames);
    EXPECT_LE(to.max_abs, t.off_max_frames);
    std::printf(
        "%29s | reports flagging the noise as above the one-frame level: %d of %d\n", "",
        e.flagged, e.walks);
    if (t.strike_max_frames > kEventFrames || t.off_max_frames > kEventFrames) {
      EXPECT_EQ(e.flagged, e.walks);
    } else if (t.noise_sd_m <= 0.8 * gait::OneFrameNoiseLimitM(t.sample_rate_hz)) {
      EXPECT_EQ(e.flagged, 0);
    }
  }
}

TEST(SyntheticEventsTest, WholeRangeThreeSeeds) { CheckRange(3); }

TEST(SyntheticEventsTest, WholeRangeFiftySeeds_slow) { CheckRange(50); }

}  // namespace
}  // namespace thaplan::testing
