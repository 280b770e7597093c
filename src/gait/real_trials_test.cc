// The gait pipeline on public recordings (shared/data/README.md), read by a
// tiny test-only TRC loader (the real reader lives in src/io/).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "gait/segment.h"
#include "thaplan/gait.h"

namespace thaplan::gait {
namespace {

struct Trc {
  double rate = 0;
  std::vector<std::string> names;
  std::vector<std::vector<Vec3>> frames;  // [frame][marker], metres, Z up
};

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, '\t')) out.push_back(cell);
  return out;
}

// TRC: line 3 holds DataRate ... Units; line 4 the marker names (every
// third column); data from line 6 (Frame#, Time, X, Y, Z, ...). Y up, mm.
Trc LoadTrc(const std::string& path) {
  Trc trc;
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  if (lines.size() < 6) return trc;
  trc.rate = std::stod(SplitTabs(lines[2])[0]);
  const auto header = SplitTabs(lines[3]);
  for (size_t c = 2; c < header.size(); ++c) {
    if (!header[c].empty()) trc.names.push_back(header[c]);
  }
  for (size_t r = 5; r < lines.size(); ++r) {
    const auto cells = SplitTabs(lines[r]);
    if (cells.size() < 2) continue;
    std::vector<Vec3> frame;
    for (size_t m = 0; m < trc.names.size(); ++m) {
      double v[3];
      for (size_t a = 0; a < 3; ++a) {
        const size_t c = 2 + 3 * m + a;
        v[a] = c < cells.size() && !cells[c].empty() ? std::stod(cells[c]) / 1000 : NAN;
      }
      frame.push_back({v[0], -v[2], v[1]});
    }
    trc.frames.push_back(frame);
  }
  return trc;
}

LandmarkSeries ToSeries(const Trc& trc, const std::map<Landmark, std::string>& map,
                        bool pelvis_tracked, const std::string& name) {
  LandmarkSeries s;
  s.sample_rate_hz = trc.rate;
  s.frame_count = static_cast<int64_t>(trc.frames.size());
  s.pelvis_tracked = pelvis_tracked;
  s.source_path = name;
  for (const auto& [landmark, marker] : map) {
    const auto it = std::find(trc.names.begin(), trc.names.end(), marker);
    if (it == trc.names.end()) continue;
    const auto m = static_cast<size_t>(it - trc.names.begin());
    for (const auto& frame : trc.frames) s.Of(landmark).push_back(frame[m]);
  }
  return s;
}

// Nearest detected event of this side/kind to a force-plate time.
double NearestError(const GaitReport& r, Side side, GaitEventKind kind, double t) {
  double best = INFINITY;
  for (const GaitEvent& e : r.events) {
    if (e.side == side && e.kind == kind) best = std::min(best, std::abs(e.time_s - t));
  }
  return best;
}

// OpenCap walk, force-plate events (data/README.md, first sample at or
// above 20 N). Zeni's maximum alone came 38-44 ms early here with keypoints
// and lab markers alike; timed by the heel-speed threshold (events.h) the
// strikes are within the 33 ms target. The right strike at 0.03 s is not
// found: its Zeni maximum and speed crossing lie before the recording.
// src/pipeline/accuracy_opencap_test.cc checks against interpolated times.
void ExpectOpenCapEvents(const GaitReport& r) {
  const auto HS = GaitEventKind::kHeelStrike;
  const auto TO = GaitEventKind::kToeOff;
  EXPECT_LT(NearestError(r, Side::kRight, HS, 1.11), 0.033);
  EXPECT_LT(NearestError(r, Side::kLeft, HS, 0.57), 0.033);
  EXPECT_LT(NearestError(r, Side::kRight, TO, 0.69), 0.03);
  EXPECT_LT(NearestError(r, Side::kLeft, TO, 0.14), 0.03);
  EXPECT_LT(NearestError(r, Side::kLeft, TO, 1.22), 0.04);
}

TEST(RealTrialTest, OpenSimTreadmillLikeWalkEventsMatchForcePlates) {
  const Trc trc = LoadTrc(std::string(THAPLAN_SHARED_DATA) +
                          "/opensim_subject01/subject01_walk1.trc");
  ASSERT_EQ(trc.frames.size(), 151u);
  const LandmarkSeries s = ToSeries(trc,
                                    {{Landmark::kLeftAsis, "L.ASIS"},
                                     {Landmark::kRightAsis, "R.ASIS"},
                                     {Landmark::kSacrum, "V.Sacral"},
                                     {Landmark::kLeftHeel, "L.Heel"},
                                     {Landmark::kRightHeel, "R.Heel"},
                                     {Landmark::kLeftToe, "L.Toe.Tip"},
                                     {Landmark::kRightToe, "R.Toe.Tip"},
                                     {Landmark::kLeftShoulder, "L.Acromium"},
                                     {Landmark::kRightShoulder, "R.Acromium"},
                                     {Landmark::kHead, "Top.Head"}},
                                    true, "subject01_walk1.trc");
  const auto r = AnalyzeTrial(s, GaitOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Force-plate events (data/README.md). CLINICAL.md target: strike <= 33 ms.
  const auto HS = GaitEventKind::kHeelStrike;
  const auto TO = GaitEventKind::kToeOff;
  EXPECT_LT(NearestError(*r, Side::kRight, HS, 0.618), 0.034);
  EXPECT_LT(NearestError(*r, Side::kRight, HS, 1.853), 0.034);
  EXPECT_LT(NearestError(*r, Side::kLeft, HS, 1.247), 0.034);
  EXPECT_LT(NearestError(*r, Side::kRight, TO, 1.410), 0.05);
  EXPECT_LT(NearestError(*r, Side::kLeft, TO, 0.788), 0.05);
  EXPECT_LT(NearestError(*r, Side::kLeft, TO, 2.018), 0.05);
  // Cadence of each side's stride against the force-plate strikes (target:
  // within 1 step/min, CLINICAL.md); stride length is not meaningful here.
  ASSERT_EQ(r->strides.size(), 2u);
  for (const StrideMetrics& m : r->strides) {
    const double truth =
        m.side == Side::kRight ? 120 / (1.853 - 0.618) : 120 / (2.460 - 1.247);
    EXPECT_NEAR(m.cadence_steps_per_min, truth, 1.0);
    EXPECT_TRUE(std::isnan(m.stride_length_m));
  }
}

TEST(RealTrialTest, OpenCapKeypointWalkOneStride) {
  const Trc trc =
      LoadTrc(std::string(THAPLAN_SHARED_DATA) + "/opencap_subject3/walking1.trc");
  ASSERT_EQ(trc.frames.size(), 132u);
  const LandmarkSeries s = ToSeries(trc,
                                    {{Landmark::kMidHip, "midHip"},
                                     {Landmark::kLeftHip, "LHip"},
                                     {Landmark::kRightHip, "RHip"},
                                     {Landmark::kLeftKnee, "LKnee"},
                                     {Landmark::kRightKnee, "RKnee"},
                                     {Landmark::kLeftAnkle, "LAnkle"},
                                     {Landmark::kRightAnkle, "RAnkle"},
                                     {Landmark::kLeftHeel, "LHeel"},
                                     {Landmark::kRightHeel, "RHeel"},
                                     {Landmark::kLeftToe, "LBigToe"},
                                     {Landmark::kRightToe, "RBigToe"},
                                     {Landmark::kLeftShoulder, "LShoulder"},
                                     {Landmark::kRightShoulder, "RShoulder"},
                                     {Landmark::kNeck, "Neck"},
                                     {Landmark::kLeftElbow, "LElbow"},
                                     {Landmark::kRightElbow, "RElbow"},
                                     {Landmark::kLeftWrist, "LWrist"},
                                     {Landmark::kRightWrist, "RWrist"}},
                                    false, "walking1.trc");
  const auto r = AnalyzeTrial(s, GaitOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectOpenCapEvents(*r);
}

TEST(RealTrialTest, OpenCapLabMarkers) {
  const Trc trc =
      LoadTrc(std::string(THAPLAN_SHARED_DATA) + "/opencap_subject3/walking1.trc");
  const LandmarkSeries s = ToSeries(trc,
                                    {{Landmark::kLeftAsis, "L.ASIS"},
                                     {Landmark::kRightAsis, "r.ASIS"},
                                     {Landmark::kLeftPsis, "L.PSIS"},
                                     {Landmark::kRightPsis, "r.PSIS"},
                                     {Landmark::kLeftHip, "L_HJC"},
                                     {Landmark::kRightHip, "R_HJC"},
                                     {Landmark::kLeftKnee, "L_knee"},
                                     {Landmark::kRightKnee, "r_knee"},
                                     {Landmark::kLeftAnkle, "L_ankle"},
                                     {Landmark::kRightAnkle, "r_ankle"},
                                     {Landmark::kLeftHeel, "L_calc"},
                                     {Landmark::kRightHeel, "r_calc"},
                                     {Landmark::kLeftToe, "L_toe"},
                                     {Landmark::kRightToe, "r_toe"},
                                     {Landmark::kLeftShoulder, "L_Shoulder"},
                                     {Landmark::kRightShoulder, "R_Shoulder"},
                                     {Landmark::kNeck, "C7"}},
                                    true, "walking1.trc");
  const auto r = AnalyzeTrial(s, GaitOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectOpenCapEvents(*r);
  EXPECT_EQ(r->peak_hip_extension.frame, HipAngleFrame::kPelvis);
}

}  // namespace
}  // namespace thaplan::gait
