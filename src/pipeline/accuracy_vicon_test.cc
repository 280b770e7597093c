// Issue 3 accuracy on the Vicon Plug-in Gait trial (gait-pig.c3d): events
// against the file's own EVENT group, stride lengths against the vendor's
// ANALYSIS group. Real reader, profile and analysis (LoadCaptures).
#include <gtest/gtest.h>

#include <cmath>

#include "pipeline/accuracy_test_util.h"
#include "thaplan/capture.h"
#include "thaplan/io.h"

namespace thaplan {
namespace {

using accuracy_test::Log;
using accuracy_test::NearestError;
using accuracy_test::SharedData;

const std::string kPig = SharedData("c3d_vicon_pig/gait-pig.c3d");
constexpr double kFrameS = 1.0 / 50;  // the file's POINT:RATE

Side SideOf(const std::string& context) {
  return context == "Left" ? Side::kLeft : Side::kRight;
}

// Last frame in which the file's own hip joint centres (LFEP, RFEP: Plug-in
// Gait's femur origins) are present; the pelvis centre needs them.
double LastPelvisTime(const Trial& t) {
  int64_t last = -1;
  for (int64_t f = 0; f < t.frame_count; ++f) {
    bool both = true;
    for (const char* name : {"A22:LFEP", "A22:RFEP"})
      both = both && !IsMissing(t.At(f, *t.Find(name)));
    if (both) last = f;
  }
  return t.TimeOf(last);
}

struct Analysed {
  Trial trial;
  GaitReport report;
};

Analysed Analyse() {
  Analysed a;
  Result<Trial> t = ReadTrial(kPig);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  if (t.ok()) a.trial = *t;
  Result<std::vector<Capture>> c = LoadCaptures({kPig}, CaptureOptions{});
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  if (!c.ok()) return a;
  Result<GaitReport> r = AnalyzeCaptures(*c, GaitOptions{});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (r.ok()) a.report = *r;
  return a;
}

// Every foot strike the EVENT group stores (README: left 0.57, 1.52, 2.48;
// right 1.03625, 2.00) within one frame, except 2.48 s: the hip centres and
// ASIS drop out at 2.26 s (frame 113), so the pelvis centre and with it the
// analysed segment end there; the left ankle marker itself is lost one
// frame after that strike. It is reported as not detectable, not guessed.
TEST(AccuracyViconTest, HeelStrikesWithinOneFrameOfTheFileEvents) {
  const Analysed a = Analyse();
  const double pelvis_end = LastPelvisTime(a.trial);
  EXPECT_NEAR(pelvis_end, 2.26, 1e-9);
  int strikes = 0, checked = 0;
  for (const TrialEvent& e : a.trial.events) {
    if (e.label != "Foot Strike") continue;
    ++strikes;
    const Side side = SideOf(e.context);
    const double err = NearestError(a.report, side, GaitEventKind::kHeelStrike, e.time_s);
    if (e.time_s > pelvis_end) {
      std::printf(
          "[accuracy] gait-pig.c3d %s heel_strike at %.4f s: not detectable (pelvis "
          "lost from %.2f s)\n",
          std::string(SideName(side)).c_str(), e.time_s, pelvis_end);
      EXPECT_FALSE(std::abs(err) < 0.1)
          << "strike at " << e.time_s << " after the pelvis ends";
      continue;
    }
    Log("gait-pig.c3d", side, GaitEventKind::kHeelStrike, e.time_s, err);
    ++checked;
    EXPECT_LE(std::abs(err), kFrameS) << SideName(side) << " strike at " << e.time_s;
  }
  EXPECT_EQ(strikes, 5);
  EXPECT_EQ(checked, 4);
}

TEST(AccuracyViconTest, ToeOffsWithinOneFrameOfTheFileEvents) {
  const Analysed a = Analyse();
  const double pelvis_end = LastPelvisTime(a.trial);
  int checked = 0;
  for (const TrialEvent& e : a.trial.events) {
    if (e.label != "Foot Off" || e.time_s > pelvis_end) continue;
    const Side side = SideOf(e.context);
    const double err = NearestError(a.report, side, GaitEventKind::kToeOff, e.time_s);
    Log("gait-pig.c3d", side, GaitEventKind::kToeOff, e.time_s, err);
    EXPECT_LE(std::abs(err), kFrameS) << SideName(side) << " toe off at " << e.time_s;
    ++checked;
  }
  EXPECT_EQ(checked, 3);  // left 1.1525, 2.12; right 1.61125 (2.60 is past the pelvis)
}

// ANALYSIS: left 1305.35 mm, right 1271.43 mm (README). Ours: heel, else
// ankle (LANK/RANK here, no heel markers) displacement between strikes.
TEST(AccuracyViconTest, StrideLengthsWithinTwoPercentOfTheVendor) {
  const Analysed a = Analyse();
  int compared = 0;
  for (const TrialAnalysisValue& v : a.trial.analysis) {
    if (v.name != "Stride Length") continue;
    ASSERT_EQ(v.unit, "mm");
    const Side side = SideOf(v.context);
    const SpatiotemporalSummary& ours =
        side == Side::kLeft ? a.report.left : a.report.right;
    ASSERT_EQ(ours.stride_length_m.n, 1) << SideName(side);
    const double vendor_m = v.value / 1000;
    const double rel = ours.stride_length_m.mean / vendor_m - 1;
    std::printf(
        "[accuracy] gait-pig.c3d %s stride length %.4f m vs vendor %.4f m: %+.2f %%\n",
        std::string(SideName(side)).c_str(), ours.stride_length_m.mean, vendor_m,
        rel * 100);
    EXPECT_LE(std::abs(rel), 0.02) << SideName(side);
    ++compared;
  }
  EXPECT_EQ(compared, 2);
}

}  // namespace
}  // namespace thaplan
