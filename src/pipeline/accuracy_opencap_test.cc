// Issue 3 accuracy on the OpenCap validation walk (100 Hz, 1.31 s, about one
// stride) using only the OpenPose BODY_25 video keypoints: heel strikes
// against the force plates. Real reader, built-in profile and analysis.
#include <gtest/gtest.h>

#include <cmath>

#include "pipeline/accuracy_test_util.h"
#include "thaplan/capture.h"

namespace thaplan {
namespace {

using accuracy_test::Crossings;
using accuracy_test::ForceCrossings;
using accuracy_test::LoadMot;
using accuracy_test::Log;
using accuracy_test::NearestError;
using accuracy_test::SharedData;

const std::string kWalk = SharedData("opencap_subject3/walking1.trc");
constexpr double kTargetS = 0.033;  // CLINICAL.md: heel-strike error <= 33 ms

Result<GaitReport> Analyse(const std::string& profile) {
  CaptureOptions options;
  options.profile = profile;
  THAPLAN_ASSIGN_OR_RETURN(std::vector<Capture> c, LoadCaptures({kWalk}, options));
  return AnalyzeCaptures(c, GaitOptions{});
}

// walking1_forces.mot: R_/L_ground_force_vy crossing 20 N (README: right
// strike 0.03 and 1.11 s, left strike 0.57 s; interpolated 0.028, 1.102,
// 0.561 s).
Crossings Plate(Side side) {
  const auto forces = LoadMot(SharedData("opencap_subject3/walking1_forces.mot"));
  return ForceCrossings(
      forces.at("time"),
      forces.at(side == Side::kRight ? "R_ground_force_vy" : "L_ground_force_vy"), 20);
}

// Every strike within 33 ms except the right one at 0.03 s: there the heel
// is already slower than the strike threshold in the first frame and its
// Zeni maximum lies before the recording (docs/gait.md, "Strikes at the
// edge"), so no sound criterion can time it; it must not be invented.
void ExpectStrikes(const GaitReport& r, const std::string& what) {
  int checked = 0;
  for (Side side : {Side::kRight, Side::kLeft}) {
    for (double t : Plate(side).up) {
      const double err = NearestError(r, side, GaitEventKind::kHeelStrike, t);
      if (t < 0.05) {
        std::printf(
            "[accuracy] %s %s heel_strike at %.4f s: not detectable (before the "
            "recording's first Zeni maximum)\n",
            what.c_str(), std::string(SideName(side)).c_str(), t);
        EXPECT_FALSE(std::abs(err) < 0.1) << what;
        continue;
      }
      Log(what, side, GaitEventKind::kHeelStrike, t, err);
      EXPECT_LE(std::abs(err), kTargetS) << what << " " << SideName(side) << " at " << t;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2) << what;
}

TEST(AccuracyOpenCapTest, KeypointHeelStrikesWithin33MsOfTheForcePlates) {
  Result<GaitReport> r = Analyse("openpose-body25");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectStrikes(*r, "walking1.trc (BODY_25)");
}

// The same walk's lab markers (the example JSON profile): the same method,
// independent of the keypoints.
TEST(AccuracyOpenCapTest, LabMarkerHeelStrikesWithin33MsOfTheForcePlates) {
  Result<GaitReport> r = Analyse(std::string(THAPLAN_SOURCE_DIR) +
                                 "/data/profiles/opencap_lab_markers.json");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectStrikes(*r, "walking1.trc (lab markers)");
}

// Toe offs are reported, not part of issue 3's target: Zeni's toe minimum
// comes after lift-off on this walk (22-35 ms with the keypoints).
TEST(AccuracyOpenCapTest, KeypointToeOffsWithin40Ms) {
  Result<GaitReport> r = Analyse("openpose-body25");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  int checked = 0;
  for (Side side : {Side::kRight, Side::kLeft}) {
    for (double t : Plate(side).down) {
      const double err = NearestError(*r, side, GaitEventKind::kToeOff, t);
      Log("walking1.trc (BODY_25)", side, GaitEventKind::kToeOff, t, err);
      EXPECT_LE(std::abs(err), 0.040) << SideName(side) << " at " << t;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 3);
}

}  // namespace
}  // namespace thaplan
