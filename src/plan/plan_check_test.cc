// The planner against the simulator's oracle (issue 6 item 8): on a
// moderate-signal cohort of 1,000 patients, the recommendation is on average no
// worse than the standard plan by the oracle's truth, and better where the
// simulator's surgical effects are large.
#include "thaplan/plan_check.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "testing/temp_dir.h"

namespace thaplan {
namespace {

TEST(PlanCheckTest, ModerateCohortOf1000_slow) {
  thaplan::testing::TempDir dir;
  PlanCheckOptions options;
  options.cohort.patients = 1000;
  options.cohort.sites = 3;
  options.cohort.seed = 606;
  options.cohort.signal = SignalLevel::kModerate;
  options.work_dir = dir.Join("check");
  // The default limits, and a profile that leaves the models free to steer
  // (no combined-anteversion band, stem at its native version, leg length and
  // offset within +-10 mm) so that the simulator's surgical effects can bite.
  options.profiles = {
      "lewinnek-widmer",
      std::string(THAPLAN_SOURCE_DIR) + "/examples/profiles/lewinnek-native-stem.json"};
  auto report = CheckPlannerOnOracle(options);
  ASSERT_TRUE(report.ok()) << report.status().message();
  std::printf("%s", PlanCheckToText(*report).c_str());
  if (const char* out = std::getenv("THAPLAN_PLAN_CHECK_CSV")) {
    std::ofstream(out) << PlanCheckPatientsCsv(*report);
  }
  ASSERT_EQ(report->scenarios.size(), 2u);
  // The models learnt something real: held-out R^2 against the oracle's
  // expected index clearly above zero for every target.
  for (double r2 : report->r2_expected) EXPECT_GT(r2, 0.3);
  // With the default limits, no worse than the standard plan on average.
  EXPECT_GT(report->scenarios[0].gain.mean, -0.01);
  EXPECT_GE(report->scenarios[0].gain.upper, 0.0);
  for (const PlanCheckScenario& s : report->scenarios) {
    ASSERT_EQ(s.patients.size(), 300u);
  }
  // Inside the default limits the simulator's surgical effects are zero
  // (its hinges start at those limits, docs/simulator.md): nothing to gain,
  // and nothing lost.
  EXPECT_LT(report->scenarios[0].possible_gain.mean, 1e-9);
  // Where the models steer, the planner's claims stay honest: it never says
  // a placement beats the standard plan beyond the uncertainty when, by the
  // oracle, it does not.
  for (const PlanCheckScenario& s : report->scenarios) {
    for (const PlanCheckPatient& p : s.patients) {
      if (!p.no_better_verdict) {
        EXPECT_GT(p.gain(), 0) << s.profile << " " << p.index;
      }
    }
  }
  // Not yet met (issue 6, docs/planning.md): with the models free to steer,
  // the recommendation is not better than the standard plan where the
  // surgical effects are large; the figures are printed above.
}

}  // namespace
}  // namespace thaplan
