// The planner against the simulator's oracle (issue 6 item 8): on a
// moderate-signal cohort of 1,000 patients, the recommendation is on average no
// worse than the standard plan by the oracle's truth, and better where the
// simulator's surgical effects are large. The models carry bootstrap
// ensembles of 20 (the default), so the tool recommends its optimum only where
// the members agree that it beats the standard plan and the profile's
// placement-effect check confirms the models' contrasts on out-of-bag patients
// (docs/planning.md).
//
// Two cohorts. Seed 606: the check's evidence with the free profile is
// borderline there (slope 0.37-0.43, t = 1.1-1.3 for 20, 40, 60 and 80
// members; it confirms only with 40), so it asserts what holds whatever the
// check decides: no worse on average, and no "better" verdict inside the
// default limits. Seed 607 (and 608, measured in docs/planning.md): the check
// confirms with a wide margin (lower bound +0.70 with 20 or 40 members), and
// the recommendation is better where the surgical effects are large.
#include "thaplan/plan_check.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "testing/temp_dir.h"

namespace thaplan {
namespace {

// One cohort's plan check: the default limits and a profile that leaves the
// models free to steer (no combined-anteversion band, stem at its native
// version, leg length and offset within +-10 mm) so that the simulator's
// surgical effects can bite.
Result<PlanCheckReport> CheckCohort(const thaplan::testing::TempDir& dir, uint64_t seed) {
  PlanCheckOptions options;
  options.cohort.patients = 1000;
  options.cohort.sites = 3;
  options.cohort.seed = seed;
  options.cohort.signal = SignalLevel::kModerate;
  options.work_dir = dir.Join("check");
  options.profiles = {
      "lewinnek-widmer",
      std::string(THAPLAN_SOURCE_DIR) + "/examples/profiles/lewinnek-native-stem.json"};
  auto report = CheckPlannerOnOracle(options);
  if (report.ok()) {
    std::printf("%s", PlanCheckToText(*report).c_str());
    // THAPLAN_PLAN_CHECK_CSV=PATH writes one row per patient to PATH.SEED.
    if (const char* out = std::getenv("THAPLAN_PLAN_CHECK_CSV")) {
      std::ofstream(std::string(out) + "." + std::to_string(seed))
          << PlanCheckPatientsCsv(*report);
    }
  }
  return report;
}

// What holds at every seed: the models learnt something real, and inside the
// default limits, where the simulator's truth is flat, nothing is gained,
// nothing lost, and no verdict says "better"; where a verdict says "better"
// the recommendation is on average truly no worse.
void ExpectSoundEverywhere(const PlanCheckReport& report) {
  // Held-out R^2 against the oracle's expected index clearly above zero.
  for (double r2 : report.r2_expected) EXPECT_GT(r2, 0.3);
  ASSERT_EQ(report.scenarios.size(), 2u);
  EXPECT_EQ(report.options.ensemble, 20);
  EXPECT_TRUE(report.options.site_feature);
  EXPECT_TRUE(report.options.combined_anteversion_feature);
  for (const PlanCheckScenario& s : report.scenarios) {
    ASSERT_EQ(s.patients.size(), 300u);
    // On average no worse than the standard plan.
    EXPECT_GT(s.gain.lower, -0.01) << s.profile;
    EXPECT_EQ(s.no_better_verdicts, s.standard_recommended) << s.profile;
    // Where a verdict says "better", truly no worse on average. Not
    // asserted, and not met: that every "better" verdict with the free
    // profile is true (docs/planning.md).
    double sum = 0;
    size_t better = 0;
    for (const PlanCheckPatient& p : s.patients) {
      if (p.no_better_verdict) continue;
      sum += p.gain();
      ++better;
      EXPECT_FALSE(p.standard_recommended) << s.profile << " " << p.index;
    }
    if (better > 0) {
      EXPECT_GE(sum / static_cast<double>(better), -1e-9) << s.profile;
    }
  }
  // Inside the default limits the simulator's surgical effects are zero (its
  // hinges start at those limits, docs/simulator.md), the check does not
  // confirm the models' contrasts, and no verdict says "better" (110 of 300
  // at seed 606 and 259 at 607 did without the check, all false).
  const PlanCheckScenario& limits = report.scenarios[0];
  EXPECT_LT(limits.possible_gain.mean, 1e-9);
  ASSERT_TRUE(limits.placement_check.has_value());
  EXPECT_TRUE(limits.placement_check->checked);
  EXPECT_FALSE(limits.placement_check->confirmed) << limits.placement_check->note;
  EXPECT_EQ(limits.no_better_verdicts, 300u);
  // With the free profile the check is made on the training patients inside.
  const PlanCheckScenario& free = report.scenarios[1];
  ASSERT_TRUE(free.placement_check.has_value());
  EXPECT_TRUE(free.placement_check->checked);
  EXPECT_GT(free.placement_check->rows, 300u);
}

TEST(PlanCheckTest, ModerateCohortOf1000NoWorse_slow) {
  thaplan::testing::TempDir dir;
  auto report = CheckCohort(dir, 606);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_NO_FATAL_FAILURE(ExpectSoundEverywhere(*report));
  // The free profile has patients with large possible gains (171 measured).
  EXPECT_GT(report->scenarios[1].gain_large.n, 100u);
}

TEST(PlanCheckTest, ModerateCohortOf1000BetterWhereEffectsAreLarge_slow) {
  thaplan::testing::TempDir dir;
  auto report = CheckCohort(dir, 607);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_NO_FATAL_FAILURE(ExpectSoundEverywhere(*report));
  // Measured (seed 607, 20 members): check slope 1.08, lower bound +0.70;
  // gain +0.153 [+0.130, +0.176]; for the 169 patients with a large possible
  // gain +0.268 [+0.236, +0.300] of +0.459.
  const PlanCheckScenario& free = report->scenarios[1];
  EXPECT_TRUE(free.placement_check->confirmed) << free.placement_check->note;
  EXPECT_GT(free.gain.lower, 0);
  EXPECT_GT(free.gain_large.n, 100u);
  EXPECT_GT(free.gain_large.lower, 0);
  // The verdict harms few: worse than the standard by > 0.1 SD for at most
  // 5 % of the patients (measured: 1 of 300; the optimum followed regardless:
  // 5), and never more often than following the optimum regardless.
  EXPECT_LE(20 * free.worse_than_standard, free.patients.size());
  EXPECT_LE(free.worse_than_standard, free.optimum_worse_than_standard);
}

}  // namespace
}  // namespace thaplan
