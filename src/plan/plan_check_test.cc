// The planner against the simulator's oracle (issue 6 item 8): on a
// moderate-signal cohort of 1,000 patients, the recommendation is on average no
// worse than the standard plan by the oracle's truth, and better where the
// simulator's surgical effects are large.
#include "thaplan/plan_check.h"

#include <gtest/gtest.h>

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
  auto report = CheckPlannerOnOracle(options);
  ASSERT_TRUE(report.ok()) << report.status().message();
  std::printf("%s", PlanCheckToText(*report).c_str());
  ASSERT_EQ(report->patients.size(), 300u);
  // The models learnt something real: held-out R^2 against the oracle's
  // expected index clearly above zero for every target.
  for (double r2 : report->r2_expected) EXPECT_GT(r2, 0.2);
  // No worse than the standard plan on average: the 95 % interval of the
  // oracle gain reaches zero or above.
  EXPECT_GE(report->gain.upper, 0.0);
  EXPECT_GT(report->gain.mean, -0.02);
  // Better where the surgical effects are large: a gain whose interval is
  // above zero, among enough patients to tell.
  ASSERT_GE(report->gain_large.n, 20u);
  EXPECT_GT(report->gain_large.lower, 0.0);
  // Regret is measured against a best that is at least as good as both plans.
  for (const PlanCheckPatient& p : report->patients) {
    EXPECT_GE(p.regret(), -1e-12);
    EXPECT_GE(p.possible_gain(), -1e-12);
  }
}

}  // namespace
}  // namespace thaplan
