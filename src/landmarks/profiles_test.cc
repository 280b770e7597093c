#include "thaplan/profiles.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

#include "thaplan/trc.h"

namespace thaplan {
namespace {

using L = Landmark;
const std::string kData = THAPLAN_SHARED_DATA;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Picked(const Trial& t, const ProfileMatch& m, Landmark l) {
  auto c = m.columns[static_cast<size_t>(l)];
  return c ? t.landmarks[*c] : "";
}

TEST(LandmarkProfileTest, BuiltinsAreNamedAndFindable) {
  std::set<std::string> names;
  for (const LandmarkProfile& p : BuiltinProfiles()) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    Result<LandmarkProfile> found = FindProfile(p.name);
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->name, p.name);
  }
  EXPECT_EQ(names, (std::set<std::string>{"plug-in-gait", "opensim-gait2392",
                                          "openpose-body25", "opencap-augmented",
                                          "mediapipe-blazepose33", "halpe26",
                                          "thaplan-canonical"}));
  Status s = FindProfile("vicon").status();
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(
      s.message(),
      "landmark profile 'vicon' is not built in: expected one of plug-in-gait, "
      "opensim-gait2392, openpose-body25, opencap-augmented, mediapipe-blazepose33, "
      "halpe26, thaplan-canonical, or a JSON profile (docs/profiles.md)");
}

TEST(LandmarkProfileTest, DetectsOpenSimOnSubject01Walk) {
  Result<Trial> t = ReadTrc(kData + "/opensim_subject01/subject01_walk1.trc");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  Result<ProfileDetection> d = DetectProfile(*t);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->profile.name, "opensim-gait2392");
  // Counted by hand from the file's labels: R/L.ASIS, V.Sacral, R/L.Heel,
  // R/L.Toe.Tip, R/L.Acromium, Top.Head, R/L.Elbow, R/L.Wrist.Lat = 14 (no knee
  // or ankle markers in the walk).
  EXPECT_EQ(d->matched, 14);
  ASSERT_EQ(d->scores.size(), BuiltinProfiles().size());
  ProfileMatch m = MatchProfile(*t, d->profile);
  EXPECT_EQ(Picked(*t, m, L::kSacrum), "V.Sacral");
  EXPECT_EQ(Picked(*t, m, L::kRightToe), "R.Toe.Tip");
  EXPECT_EQ(Picked(*t, m, L::kLeftKnee), "");
}

TEST(LandmarkProfileTest, DetectsOpenSimOnStaticTrialWithKneesAndAnkles) {
  Result<Trial> t = ReadTrc(kData + "/opensim_subject01/subject01_static.trc");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  Result<ProfileDetection> d = DetectProfile(*t);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->profile.name, "opensim-gait2392");
  EXPECT_EQ(d->matched, 18);  // the walk's 14 plus R/L.Knee.Lat and R/L.Ankle.Lat
}

TEST(LandmarkProfileTest, OpenCapFileHoldsBody25AndAugmentedMarkers) {
  Result<Trial> t = ReadTrc(kData + "/opencap_subject3/walking1.trc");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ProfileMatch body25 = MatchProfile(*t, *FindProfile("openpose-body25"));
  // Neck, R/L Shoulder, Elbow, Wrist, midHip, R/L Hip, Knee, Ankle, BigToe,
  // Heel = 18; the video keypoints have no Nose.
  EXPECT_EQ(body25.matched, 18);
  EXPECT_EQ(Picked(*t, body25, L::kMidHip), "midHip");
  EXPECT_EQ(Picked(*t, body25, L::kRightHeel), "RHeel");
  EXPECT_EQ(Picked(*t, body25, L::kHead), "");
  ProfileMatch study = MatchProfile(*t, *FindProfile("opencap-augmented"));
  // R/L ASIS, PSIS, HJC, knee, ankle, calc, toe, shoulder, lelbow, lwrist + C7.
  EXPECT_EQ(study.matched, 21);
  EXPECT_EQ(Picked(*t, study, L::kLeftHip), "LHJC_study");
  EXPECT_EQ(Picked(*t, study, L::kRightAsis), "r.ASIS_study");
  Result<ProfileDetection> d = DetectProfile(*t);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->profile.name, "opencap-augmented");
  EXPECT_EQ(d->matched, 21);
}

Trial TinyTrial(std::vector<std::string> names) {
  Trial t;
  t.source_path = "tiny.c3d";
  t.sample_rate_hz = 100;
  t.frame_count = 2;
  t.landmarks = std::move(names);
  t.positions_m.assign(2 * t.landmarks.size(), Vec3{0.1, 0.2, 0.3});
  return t;
}

TEST(LandmarkProfileTest, SubjectPrefixAndCaseAreIgnoredWhenTheProfileSaysSo) {
  Trial t = TinyTrial({"A22:LASI", "A22:rasi", "A22:SACR", "LHEE"});
  ProfileMatch pig = MatchProfile(t, *FindProfile("plug-in-gait"));
  EXPECT_EQ(pig.matched, 4);
  EXPECT_EQ(Picked(t, pig, L::kRightAsis), "A22:rasi");
  LandmarkProfile strict = *FindProfile("plug-in-gait");
  strict.case_insensitive = false;
  strict.strip_subject_prefix = false;
  EXPECT_EQ(MatchProfile(t, strict).matched, 1);  // only LHEE
}

TEST(LandmarkProfileTest, AllNaNSourceCountsAsAbsentAndTheNextNameIsTried) {
  Trial t = TinyTrial({"LFEO", "LKNE"});
  t.At(0, 0) = {kNaN, kNaN, kNaN};
  t.At(1, 0) = {kNaN, kNaN, kNaN};
  ProfileMatch m = MatchProfile(t, *FindProfile("plug-in-gait"));
  EXPECT_EQ(Picked(t, m, L::kLeftKnee), "LKNE");
}

TEST(LandmarkProfileTest, DetectionFailsOnUnknownLabelsWithoutSubjectPrefix) {
  Trial t = TinyTrial({"Jane:foo", "bar"});
  Status s = DetectProfile(t).status();
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(),
            "tiny.c3d: no built-in landmark profile matches its 2 labels ('foo', 'bar'): "
            "expected the names of a built-in profile, or a JSON profile for this device "
            "(--profile FILE.json, docs/profiles.md)");
}

}  // namespace
}  // namespace thaplan
