#include <gtest/gtest.h>

#include "thaplan/profiles.h"

namespace thaplan {
namespace {

TEST(ProfileJsonTest, ExampleFileLoads) {
  Result<LandmarkProfile> p = LoadProfileJson(std::string(THAPLAN_SOURCE_DIR) +
                                              "/data/profiles/opencap_lab_markers.json");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->name, "opencap-lab-markers");
  EXPECT_FALSE(p->case_insensitive);
  EXPECT_TRUE(p->strip_subject_prefix);
  EXPECT_EQ(p->SourcesOf(Landmark::kRightHip),
            (std::vector<std::string>{"R_HJC", "R_HJC_reg"}));
  EXPECT_TRUE(p->SourcesOf(Landmark::kHead).empty());
}

TEST(ProfileJsonTest, MinimalProfileAndDefaults) {
  Result<LandmarkProfile> p = ParseProfileJson(
      R"({"name": "mine", "landmarks": {"left_heel": ["LH"]}})", "p.json");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE(p->case_insensitive);
  EXPECT_TRUE(p->strip_subject_prefix);
  EXPECT_EQ(p->SourcesOf(Landmark::kLeftHeel), std::vector<std::string>{"LH"});
}

std::string Error(const std::string& text) {
  return ParseProfileJson(text, "p.json").status().message();
}

TEST(ProfileJsonTest, Errors) {
  EXPECT_EQ(
      Error(R"({"name": "m", "landmarks": {"left_kneee": ["LK"]}})"),
      "p.json: landmarks.left_kneee: unknown landmark: expected one of left_asis, "
      "right_asis, left_psis, right_psis, sacrum, left_hip, right_hip, mid_hip, "
      "left_knee, right_knee, left_ankle, right_ankle, left_heel, right_heel, left_toe, "
      "right_toe, left_shoulder, right_shoulder, neck, head, left_elbow, right_elbow, "
      "left_wrist, right_wrist");
  EXPECT_EQ(Error(R"({"name": "m", "landmarks": {"left_knee": "LK"}})"),
            "p.json: landmarks.left_knee = '\"LK\"': expected a non-empty list of source "
            "names");
  EXPECT_EQ(
      Error(R"({"name": "m", "landmarks": {"left_knee": ["LK", 5]}})"),
      "p.json: landmarks.left_knee[1] = '5': expected a source name (non-empty string)");
  EXPECT_EQ(Error(R"({"landmarks": {"left_knee": ["LK"]}})"),
            "p.json: name = 'null': expected a non-empty string");
  EXPECT_EQ(Error(R"({"name": "m", "case_insensitiv": true, "landmarks": {}})"),
            "p.json: unknown key 'case_insensitiv': expected version, name, description, "
            "case_insensitive, strip_subject_prefix, landmarks");
  EXPECT_EQ(Error(R"({"name": "m", "case_insensitive": "yes", "landmarks": {}})"),
            "p.json: case_insensitive = '\"yes\"': expected true or false");
  EXPECT_EQ(
      Error(R"({"name": "m", "landmarks": {}})"),
      "p.json: landmarks = '{}': expected an object mapping canonical landmarks to lists "
      "of source names");
  EXPECT_EQ(Error(R"({"version": 2, "name": "m", "landmarks": {}})"),
            "p.json: version = '2': expected 1");
  EXPECT_EQ(Error("[1]"),
            "p.json: the document = '[1]': expected a JSON object (docs/profiles.md)");
  std::string syntax = Error("{\"name\": ");
  EXPECT_EQ(syntax.rfind("p.json: not valid JSON: ", 0), 0u) << syntax;
  EXPECT_NE(syntax.find("line 1, column 10"), std::string::npos) << syntax;
}

TEST(ProfileJsonTest, MidpointAndClusterForStaticCalibration) {
  Result<LandmarkProfile> p = ParseProfileJson(
      R"({"name": "lab", "landmarks": {
            "left_heel": ["LHEE"],
            "left_knee": {"midpoint": ["LKNE", "LKNM"],
                          "cluster": ["LTH1", "LTH2", "LTH3", "LTH4"]},
            "left_ankle": {"sources": ["LAJC"], "midpoint": ["LANK", "LMED"]}}})",
      "p.json");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE(p->SourcesOf(Landmark::kLeftKnee).empty());
  EXPECT_EQ(p->MidpointOf(Landmark::kLeftKnee),
            (std::vector<std::string>{"LKNE", "LKNM"}));
  EXPECT_EQ(p->ClusterOf(Landmark::kLeftKnee),
            (std::vector<std::string>{"LTH1", "LTH2", "LTH3", "LTH4"}));
  EXPECT_EQ(p->SourcesOf(Landmark::kLeftAnkle), std::vector<std::string>{"LAJC"});
  EXPECT_EQ(p->MidpointOf(Landmark::kLeftAnkle),
            (std::vector<std::string>{"LANK", "LMED"}));
  EXPECT_TRUE(p->ClusterOf(Landmark::kLeftAnkle).empty());

  EXPECT_EQ(
      Error(R"({"name": "m", "landmarks": {"left_knee": {"cluster": ["A", "B"]}}})"),
      "p.json: landmarks.left_knee.cluster = '[\"A\",\"B\"]': expected a list of at "
      "least 3 marker names on one rigid segment");
  EXPECT_EQ(
      Error(R"({"name": "m", "landmarks": {"left_knee": {"midpoint": ["A"]}}})"),
      "p.json: landmarks.left_knee.midpoint = '[\"A\"]': expected a list of at least "
      "2 marker names to average");
  EXPECT_EQ(
      Error(R"({"name": "m", "landmarks": {"left_knee": {"centre": ["A"]}}})"),
      "p.json: unknown key 'landmarks.left_knee.centre': expected sources, midpoint or "
      "cluster");
  EXPECT_EQ(Error(R"({"name": "m", "landmarks": {"left_knee": {}}})"),
            "p.json: landmarks.left_knee = '{}': expected sources, midpoint or cluster "
            "(docs/profiles.md)");
}

TEST(ProfileJsonTest, MissingFileNamesPath) {
  EXPECT_EQ(LoadProfileJson("/nonexistent/p.json").status().message(),
            "/nonexistent/p.json: cannot open: No such file or directory");
}

}  // namespace
}  // namespace thaplan
