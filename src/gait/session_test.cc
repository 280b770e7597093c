#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "gait/indices.h"
#include "gait/test_walk.h"
#include "thaplan/gait.h"

namespace thaplan::gait {
namespace {

using testing::MakeWalk;
using testing::StrikeTime;
using testing::WalkSpec;

GaitOptions Unfiltered() {
  GaitOptions o;
  o.low_pass = false;
  return o;
}

bool Contains(const std::vector<std::string>& notes, const std::string& part) {
  for (const std::string& n : notes) {
    if (n.find(part) != std::string::npos) return true;
  }
  return false;
}

double NearestStrikeError(const WalkSpec& w, const GaitEvent& e) {
  const double k = std::round((e.time_s - StrikeTime(w, e.side, 0)) / w.stride_time_s);
  return std::abs(e.time_s - StrikeTime(w, e.side, static_cast<int>(k)));
}

TEST(GaitInputTest, AllNanLandmarksAreRefused) {
  LandmarkSeries s = MakeWalk(WalkSpec{});
  for (auto& track : s.positions) {
    for (Vec3& p : track) p = {NAN, NAN, NAN};
  }
  const auto r = AnalyzeTrial(s, GaitOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(r.status().message(),
            "synthetic-walk: every landmark is missing (NaN) in all " +
                std::to_string(s.frame_count) + " frames");
}

TEST(GaitInputTest, StandingTrialIsNotAWalk) {
  LandmarkSeries s = MakeWalk(WalkSpec{});
  for (auto& track : s.positions) {
    for (Vec3& p : track) p = track.front();
  }
  const auto r = AnalyzeTrial(s, GaitOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(
      r.status().message(),
      "synthetic-walk: no walking detected: pelvis and feet moved at most 0.000 m over "
      "8.56 s (walking moves at least 0.20 m)");
}

TEST(GaitInputTest, SampleRateTooLowForTheFilter) {
  WalkSpec w;
  w.sample_rate_hz = 10;
  const auto r = AnalyzeTrial(MakeWalk(w), GaitOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(
      r.status().message(),
      "synthetic-walk: sample_rate_hz = 10.000: too low for the 6.000 Hz low-pass filter "
      "(the cut-off must be below Nyquist, 5.000 Hz)");
}

TEST(GaitInputTest, FrameCountMismatchNamesTheLandmark) {
  LandmarkSeries s = MakeWalk(WalkSpec{});
  s.positions[Idx(Landmark::kRightToe)].pop_back();
  const auto r = AnalyzeTrial(s, GaitOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "synthetic-walk: landmark right_toe has " +
                std::to_string(s.frame_count - 1) +
                " frames: expected frame_count = " + std::to_string(s.frame_count));
}

TEST(GaitInputTest, NoFootLandmarks) {
  LandmarkSeries s = MakeWalk(WalkSpec{});
  for (Landmark l : {Landmark::kLeftHeel, Landmark::kLeftToe, Landmark::kLeftAnkle}) {
    s.positions[Idx(l)].clear();
  }
  const auto r = AnalyzeTrial(s, GaitOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "synthetic-walk: no left foot landmark with data: expected "
            "left_heel, left_ankle or left_toe");
}

TEST(GaitIndexTest, MissingKneesLeaveHipAndComAbsentButCvComputed) {
  WalkSpec w;
  w.strides = 12;
  LandmarkSeries s = MakeWalk(w);
  s.positions[Idx(Landmark::kLeftKnee)].clear();
  const auto r = AnalyzeTrial(s, Unfiltered());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->peak_hip_extension.left.value.has_value());
  EXPECT_EQ(r->peak_hip_extension.left.reason, "needs left_hip and left_knee");
  EXPECT_TRUE(r->peak_hip_extension.right.value.has_value());
  EXPECT_FALSE(r->com.lateral_left_m.value.has_value());
  EXPECT_EQ(r->com.lateral_left_m.reason, "synthetic-walk: COM model needs left_knee");
  ASSERT_TRUE(r->stride_length_cv.pooled.value.has_value());
  EXPECT_NEAR(*r->stride_length_cv.pooled.value, 0.0, 1e-6);  // constant steps
  // 12 left + 11 right strides, first and last of each side excluded.
  EXPECT_EQ(r->stride_length_cv.pooled.n, 19);
  EXPECT_TRUE(r->stride_length_cv.pooled.low_reliability);
}

TEST(GaitIndexTest, StrideLengthCvByHand) {
  // Lengths 1.0/1.2 alternating: mean 1.1, sample SD sqrt(6 x 0.01 / 5).
  const double lengths[8] = {1.0, 1.0, 1.2, 1.2, 1.0, 1.2, 5.0, 1.0};
  std::vector<StrideMetrics> strides(8);
  for (size_t k = 0; k < strides.size(); ++k) {
    strides[k].side = k % 2 ? Side::kRight : Side::kLeft;
    strides[k].stride_length_m = lengths[k];
  }
  strides[6].bout_boundary = true;  // excluded: 5.0 would dominate otherwise
  strides[7].bout_boundary = true;
  const StrideLengthCvIndex cv = ComputeStrideLengthCv(strides, GaitOptions{});
  ASSERT_TRUE(cv.pooled.value);
  EXPECT_NEAR(*cv.pooled.value, 100 * std::sqrt(0.06 / 5) / 1.1, 1e-9);
  EXPECT_EQ(cv.pooled.n, 6);
  EXPECT_TRUE(cv.pooled.low_reliability);
  EXPECT_FALSE(cv.left.value);
  EXPECT_EQ(
      cv.left.reason,
      "left: 3 strides after excluding the first and last stride of each walk; at least "
      "6 needed");
}

TEST(GaitPassesTest, UTurnWalkFindsBothPassesAndDropsTurningStrides) {
  WalkSpec w;
  w.strides = 14;
  w.turn_after_m = 6;
  w.turn_radius_m = 1.0;
  w.heading_deg = 20;
  const auto r = AnalyzeTrial(MakeWalk(w), GaitOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  int out = 0, back = 0;
  for (const StrideMetrics& m : r->strides) {
    const double to_out = std::abs(std::remainder(m.direction_deg - 20, 360));
    const double to_back = std::abs(std::remainder(m.direction_deg - 200, 360));
    if (to_out < 2) {
      ++out;
      EXPECT_NEAR(m.stride_length_m, 1.2, 0.02) << m.start_time_s;
    } else if (to_back < 2) {
      ++back;
      EXPECT_NEAR(m.stride_length_m, 1.2, 0.02) << m.start_time_s;
    }
  }
  EXPECT_GE(out, 6);
  EXPECT_GE(back, 6);
  bool turning = false;
  for (const DroppedStride& d : r->dropped)
    turning |= d.reason.find("turning") != std::string::npos;
  EXPECT_TRUE(turning);
}

TEST(GaitTreadmillTest, DirectionFromTheFeetAndStrideLengthNeedsBeltSpeed) {
  for (double heading : {0.0, 180.0}) {
    WalkSpec w;
    w.treadmill = true;
    w.heading_deg = heading;
    const auto r = AnalyzeTrial(MakeWalk(w), Unfiltered());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->strides.size(), 15u);
    for (const StrideMetrics& m : r->strides) {
      EXPECT_NEAR(std::abs(std::remainder(m.direction_deg - heading, 360)), 0, 0.5);
      EXPECT_TRUE(std::isnan(m.stride_length_m));
      EXPECT_NEAR(m.step_length_m, 0.6, 1e-6);
      EXPECT_NEAR(m.stride_time_s, 1.0, 1e-6);
    }
    EXPECT_TRUE(Contains(r->quality_notes, "treadmill-like"));
    GaitOptions belt = Unfiltered();
    belt.belt_speed_m_s = 1.2;
    const auto rb = AnalyzeTrial(MakeWalk(w), belt);
    for (const StrideMetrics& m : rb->strides) EXPECT_NEAR(m.stride_length_m, 1.2, 1e-6);
  }
}

TEST(GaitGapTest, LongGapSplitsAndNoStrideSpansIt) {
  WalkSpec w;
  w.strides = 12;
  LandmarkSeries s = MakeWalk(w);
  for (int64_t f = 500; f < 530; ++f) {  // 0.3 s in both hip centres
    s.positions[Idx(Landmark::kLeftHip)][static_cast<size_t>(f)] = {NAN, NAN, NAN};
    s.positions[Idx(Landmark::kRightHip)][static_cast<size_t>(f)] = {NAN, NAN, NAN};
  }
  const auto r = AnalyzeTrial(s, GaitOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(Contains(r->quality_notes, "split the trial into 2 analysed segment(s)"));
  bool seg1 = false;
  for (const StrideMetrics& m : r->strides) {
    EXPECT_FALSE(m.start_frame < 530 && m.end_frame > 499) << m.start_time_s;
    seg1 |= m.segment == 1;
  }
  EXPECT_TRUE(seg1);
}

TEST(GaitGapTest, ShortGapIsFilledAndChangesNothing) {
  WalkSpec w;
  LandmarkSeries s = MakeWalk(w);
  const auto clean = AnalyzeTrial(s, Unfiltered());
  for (int64_t f = 300; f < 308; ++f) {
    s.positions[Idx(Landmark::kLeftHip)][static_cast<size_t>(f)] = {NAN, NAN, NAN};
  }
  const auto r = AnalyzeTrial(s, Unfiltered());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(
      Contains(r->quality_notes, "1 gaps (8 landmark-frames) up to 0.10 s filled"));
  ASSERT_EQ(r->strides.size(), clean->strides.size());
  for (size_t k = 0; k < r->strides.size(); ++k) {
    EXPECT_NEAR(r->strides[k].stride_length_m, clean->strides[k].stride_length_m, 1e-9);
  }
}

// A dropout of the left heel exactly over its strike at 3.25 s (frames
// 322-327, filled by the cubic): that strike, and only it, is marked
// across_gap; the three strides that contain it (the left strides ending and
// starting there, the right stride whose HS_c it is) and no other are low
// reliability with one such event; notes, JSON and the table say so; the
// method summary stays unmarked.
TEST(GaitGapTest, StrikeInsideAFilledHeelGapIsMarked) {
  WalkSpec w;
  LandmarkSeries s = MakeWalk(w);
  for (int64_t f = 322; f < 328; ++f) {
    s.positions[Idx(Landmark::kLeftHeel)][static_cast<size_t>(f)] = {NAN, NAN, NAN};
  }
  const double gap_strike = StrikeTime(w, Side::kLeft, 3);
  ASSERT_NEAR(gap_strike, 3.25, 1e-9);
  const auto r = AnalyzeTrial(s, Unfiltered());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  int marked = 0;
  for (const GaitEvent& e : r->events) {
    if (!e.across_gap) continue;
    ++marked;
    EXPECT_EQ(e.side, Side::kLeft);
    EXPECT_EQ(e.kind, GaitEventKind::kHeelStrike);
    EXPECT_NEAR(e.time_s, gap_strike, 0.06);
  }
  EXPECT_EQ(marked, 1);
  int low = 0;
  for (const StrideMetrics& m : r->strides) {
    const bool contains =
        m.start_time_s - 0.06 <= gap_strike && gap_strike <= m.end_time_s + 0.06;
    EXPECT_EQ(m.events_across_gap, contains ? 1 : 0) << m.start_time_s;
    EXPECT_EQ(m.low_reliability, contains) << m.start_time_s;
    low += m.low_reliability ? 1 : 0;
  }
  EXPECT_EQ(low, 3);
  EXPECT_TRUE(
      Contains(r->quality_notes, "1 event(s) timed within 0.05 s of gap-filled samples"));
  EXPECT_TRUE(Contains(r->quality_notes, "3 valid stride(s) low reliability"));
  EXPECT_EQ(r->event_method.find("filled"), std::string::npos) << r->event_method;
  const nlohmann::json j = ToJson(*r);
  int json_events = 0, json_strides = 0;
  for (const auto& e : j["events"]) json_events += e["across_gap"].get<bool>() ? 1 : 0;
  for (const auto& m : j["strides"]) {
    json_strides += m["low_reliability"].get<bool>() ? 1 : 0;
    EXPECT_EQ(m["events_across_gap"].get<int>(),
              m["low_reliability"].get<bool>() ? 1 : 0);
  }
  EXPECT_EQ(json_events, 1);
  EXPECT_EQ(json_strides, 3);
  // The table's "gap" column: three rows end in "   1".
  const std::string table = FormatStrideTable(*r);
  int rows = 0;
  for (size_t at = table.find("   1\n"); at != std::string::npos;
       at = table.find("   1\n", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, 3) << table;
  EXPECT_NE(table.find("edge gap\n"), std::string::npos) << table;
}

TEST(GaitFallbackTest, NoHeelsUsesAnkleVelocityWithinTwoFrames) {
  WalkSpec w;
  LandmarkSeries s = MakeWalk(w);
  s.positions[Idx(Landmark::kLeftHeel)].clear();
  s.positions[Idx(Landmark::kRightHeel)].clear();
  const auto r = AnalyzeTrial(s, GaitOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->event_method.find("bruening2014 velocity (left_ankle)"), std::string::npos)
      << r->event_method;
  int strikes = 0;
  for (const GaitEvent& e : r->events) {
    if (e.kind != GaitEventKind::kHeelStrike) continue;
    ++strikes;
    EXPECT_LT(NearestStrikeError(w, e), 0.02) << e.time_s;
  }
  EXPECT_GE(strikes, 16);
  EXPECT_GE(r->strides.size(), 14u);
  for (const StrideMetrics& m : r->strides) EXPECT_NEAR(m.stride_length_m, 1.2, 0.01);
}

TEST(GaitEdgeTest, ShortRecordingKeepsStrikesNearItsEnds) {
  // About one stride, first strike 3 frames in (as the OpenCap walk).
  WalkSpec w;
  w.strides = 1;
  w.lead_s = 0.03;
  w.tail_s = 0.2;
  const auto r = AnalyzeTrial(MakeWalk(w), GaitOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<double> left;
  for (const GaitEvent& e : r->events) {
    if (e.side == Side::kLeft && e.kind == GaitEventKind::kHeelStrike)
      left.push_back(e.time_s);
  }
  ASSERT_EQ(left.size(), 2u);
  EXPECT_NEAR(left[0], 0.03, 0.02);
  EXPECT_NEAR(left[1], 1.03, 0.02);
  EXPECT_EQ(r->strides.size(), 1u);
}

TEST(GaitHipFrameTest, PelvisAndTrunkFramesDifferByThePelvicTilt) {
  // The walker's ASIS sit 0.15 m in front of and 0.02 m below the PSIS: the
  // ISB pelvis is tilted forward by atan(0.02 / 0.15) against an upright trunk.
  LandmarkSeries s = MakeWalk(WalkSpec{});
  const auto pelvis = AnalyzeTrial(s, Unfiltered());
  s.pelvis_tracked = false;
  const auto trunk = AnalyzeTrial(s, Unfiltered());
  ASSERT_TRUE(pelvis.ok() && trunk.ok());
  EXPECT_EQ(pelvis->peak_hip_extension.frame, HipAngleFrame::kPelvis);
  EXPECT_EQ(trunk->peak_hip_extension.frame, HipAngleFrame::kTrunk);
  const double tilt = std::atan2(0.02, 0.15) * 180 / std::numbers::pi;
  for (Side side : {Side::kLeft, Side::kRight}) {
    const auto& p = side == Side::kLeft ? pelvis->peak_hip_extension.left
                                        : pelvis->peak_hip_extension.right;
    const auto& t = side == Side::kLeft ? trunk->peak_hip_extension.left
                                        : trunk->peak_hip_extension.right;
    ASSERT_TRUE(p.value && t.value);
    EXPECT_NEAR(*t.value - *p.value, tilt, 1e-6);
  }
  EXPECT_TRUE(Contains(trunk->quality_notes, "up to 10 deg RMSE"));
}

TEST(GaitSessionTest, PoolsTrialsAndKeepsTheirNames) {
  LandmarkSeries a = MakeWalk(WalkSpec{});
  WalkSpec wb;
  wb.heading_deg = 180;
  LandmarkSeries b = MakeWalk(wb);
  b.source_path = "walk2.trc";
  const std::vector<LandmarkSeries> trials = {a, b};
  const auto r = AnalyzeSession(trials, Unfiltered());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->trials, (std::vector<std::string>{"synthetic-walk", "walk2.trc"}));
  EXPECT_EQ(r->strides.size(), 30u);
  EXPECT_EQ(r->stride_length_cv.pooled.n, 22);  // 2 x (8 + 7 - 4)
  EXPECT_EQ(r->pooled.strides, 30);
  EXPECT_NEAR(r->pooled.cadence_steps_per_min.mean, 120, 1e-6);
}

TEST(GaitSessionTest, BadTrialInASessionIsNamed) {
  LandmarkSeries a = MakeWalk(WalkSpec{});
  LandmarkSeries b = a;
  b.source_path = "bad.c3d";
  b.sample_rate_hz = 0;
  const std::vector<LandmarkSeries> trials = {a, b};
  const auto r = AnalyzeSession(trials, GaitOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "bad.c3d: sample_rate_hz = 0.000000: expected a positive rate");
}

TEST(GaitReportTest, JsonAndTextCarryTheResults) {
  GaitOptions o = Unfiltered();
  o.operated_side = Side::kLeft;
  const auto r = AnalyzeTrial(MakeWalk(WalkSpec{}), o);
  ASSERT_TRUE(r.ok());
  const nlohmann::json j = ToJson(*r);
  EXPECT_EQ(j["strides"].size(), 15u);
  EXPECT_EQ(j["indices"]["peak_hip_extension_deg"]["frame"], "pelvis");
  EXPECT_EQ(j["indices"]["com"]["operated_side"], "left");
  EXPECT_TRUE(j["indices"]["stride_length_cv_pct"]["pooled"]["value"].is_number());
  EXPECT_NEAR(j["strides"][0]["stride_length_m"].get<double>(), 1.2, 1e-9);
  const std::string text = FormatStrideTable(*r);
  EXPECT_NE(text.find("stride_length_cv_pct: "), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'),
            static_cast<long>(1 + 15 + 1 + 5 + r->quality_notes.size()));
}

}  // namespace
}  // namespace thaplan::gait
