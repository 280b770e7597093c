#include <gtest/gtest.h>

#include "testing/temp_dir.h"
#include "thaplan/plan.h"

namespace thaplan {
namespace {

// CLINICAL.md s.4: Lewinnek 40 +- 10 / 15 +- 10; Callanan 30-45 / 5-25;
// Widmer cup + 0.7 stem = 37.3 +- 5; Dorr 25-50; LLD and offset +-5 mm.
TEST(PlanProfileTest, BuiltinsCarryTheClinicalLimitsAndTheirSources) {
  Result<ConstraintProfile> lw = BuiltinProfile("lewinnek-widmer");
  ASSERT_TRUE(lw.ok());
  EXPECT_EQ(lw->cup_inclination_deg.min, 30);
  EXPECT_EQ(lw->cup_inclination_deg.max, 50);
  EXPECT_EQ(lw->cup_anteversion_deg.min, 5);
  EXPECT_EQ(lw->cup_anteversion_deg.max, 25);
  EXPECT_EQ(lw->combined.rule, CombinedRule::kWidmer);
  EXPECT_DOUBLE_EQ(lw->combined.stem_factor, 0.7);
  EXPECT_DOUBLE_EQ(lw->combined.limit.min, 37.3 - 5);
  EXPECT_DOUBLE_EQ(lw->combined.limit.max, 37.3 + 5);
  EXPECT_EQ(lw->postop_lld_mm.min, -5);
  EXPECT_EQ(lw->postop_lld_mm.max, 5);
  EXPECT_EQ(lw->femoral_offset_change_mm.min, -5);
  EXPECT_EQ(lw->femoral_offset_change_mm.max, 5);
  EXPECT_EQ(lw->angle_resolution_deg, 0.5);
  EXPECT_EQ(lw->length_resolution_mm, 0.5);
  EXPECT_NE(lw->cup_inclination_deg.source.find("Lewinnek"), std::string::npos);
  EXPECT_NE(lw->combined.limit.source.find("Widmer"), std::string::npos);

  Result<ConstraintProfile> cd = BuiltinProfile("callanan-dorr");
  ASSERT_TRUE(cd.ok());
  EXPECT_EQ(cd->cup_inclination_deg.min, 30);
  EXPECT_EQ(cd->cup_inclination_deg.max, 45);
  EXPECT_EQ(cd->combined.rule, CombinedRule::kDorr);
  EXPECT_EQ(cd->combined.stem_factor, 1.0);
  EXPECT_EQ(cd->combined.limit.min, 25);
  EXPECT_EQ(cd->combined.limit.max, 50);
  EXPECT_NE(cd->cup_inclination_deg.source.find("Callanan"), std::string::npos);
  EXPECT_NE(cd->combined.limit.source.find("Dorr"), std::string::npos);
  for (const std::string& name : BuiltinProfileNames()) {
    Result<ConstraintProfile> p = BuiltinProfile(name);
    ASSERT_TRUE(p.ok());
    for (const Limit* l : {&p->cup_inclination_deg, &p->cup_anteversion_deg,
                           &p->stem_anteversion_deg, &p->leg_length_change_mm,
                           &p->postop_lld_mm, &p->femoral_offset_change_mm}) {
      EXPECT_FALSE(l->source.empty()) << name;
    }
  }
}

TEST(PlanProfileTest, JsonRoundTripGivesTheSameProfile) {
  for (const std::string& name : BuiltinProfileNames()) {
    const ConstraintProfile p = *BuiltinProfile(name);
    Result<ConstraintProfile> back = ParseProfile(ProfileToJson(p), "x.json");
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(ProfileToJson(*back), ProfileToJson(p));
    EXPECT_EQ(back->combined.limit.max, p.combined.limit.max);
  }
}

TEST(PlanProfileTest, UserProfileOverridesWhatItNamesAndKeepsTheRest) {
  testing::TempDir dir;
  const std::string path = dir.Write("narrow.json", R"({
    "name": "narrow",
    "cup_inclination_deg": {"min": 38, "max": 42, "source": "our unit's habit"},
    "combined_anteversion": {"rule": "none"},
    "resolution": {"angle_deg": 1},
    "stem_anteversion_choosable": false
  })");
  Result<ConstraintProfile> p = LoadProfile(path);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->name, "narrow");
  EXPECT_EQ(p->cup_inclination_deg.min, 38);
  EXPECT_EQ(p->cup_inclination_deg.source, "our unit's habit");
  EXPECT_EQ(p->cup_anteversion_deg.max, 25);  // the default's
  EXPECT_EQ(p->combined.rule, CombinedRule::kNone);
  EXPECT_EQ(p->angle_resolution_deg, 1);
  EXPECT_EQ(p->length_resolution_mm, 0.5);
  EXPECT_FALSE(p->stem_anteversion_choosable);
}

TEST(PlanProfileTest, ErrorsNameTheFileKeyValueAndExpectation) {
  const auto error = [](std::string_view text) {
    Result<ConstraintProfile> p = ParseProfile(text, "p.json");
    return p.ok() ? std::string("ok") : p.status().message();
  };
  EXPECT_EQ(error(R"({"name": "x", "cup_inclination_deg": {"min": 60, "max": 50,
                      "source": "s"}})"),
            "p.json: cup_inclination_deg.min = '60': expected <= max (50)");
  EXPECT_EQ(error(R"({"name": "x", "postop_lld_mm": {"min": -5, "max": 5}})"),
            "p.json: postop_lld_mm.source is missing: expected min, max and the source "
            "citing the limit");
  EXPECT_EQ(error(R"({"name": "x", "combined_anteversion": {"rule": "lewinnek"}})"),
            "p.json: combined_anteversion.rule = '\"lewinnek\"': expected widmer, dorr or "
            "none");
  EXPECT_EQ(error(R"({"name": "x", "resolution": {"angle_deg": 0}})"),
            "p.json: resolution.angle_deg = '0': expected a step in 0.05..5");
  EXPECT_EQ(error(R"({"name": "x", "cup_tilt": 3})"),
            "p.json: unknown key 'cup_tilt': expected one of version, name, description, "
            "angle_definition, cup_inclination_deg, cup_anteversion_deg, "
            "stem_anteversion_deg, leg_length_change_mm, postop_lld_mm, "
            "femoral_offset_change_mm, combined_anteversion, resolution, "
            "stem_anteversion_choosable");
  EXPECT_EQ(error(R"({"name": "x", "angle_definition": "surgical"})"),
            "p.json: angle_definition = '\"surgical\"': expected radiographic, operative, "
            "anatomic (Murray 1993)");
  EXPECT_EQ(error("{").rfind("p.json: not valid JSON: ", 0), 0u);
  Result<ConstraintProfile> missing = LoadProfile("lewinek-widmer");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "profile 'lewinek-widmer': not a built-in profile: expected lewinnek-widmer, "
            "callanan-dorr or a JSON file");
}

}  // namespace
}  // namespace thaplan
