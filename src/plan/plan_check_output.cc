// The plan check's report as text and as one CSV row per scenario and
// patient (thaplan/plan_check.h).
#include <cstdio>
#include <string>

#include "thaplan/plan_check.h"

namespace thaplan {

std::string PlanCheckToText(const PlanCheckReport& r) {
  std::string out;
  char buf[320];
  auto line = [&](const char* fmt, auto... args) {
    std::snprintf(buf, sizeof buf, fmt, args...);
    out += buf;
  };
  const size_t tested = r.scenarios.empty() ? 0 : r.scenarios[0].patients.size();
  line(
      "Planner against the oracle: %d simulated patients (%s signal, seed %llu), models "
      "trained on %zu (bootstrap ensembles of %d), planned for %zu held out\n"
      "  extra features: site %s, combined anteversion %s\n",
      r.options.cohort.patients,
      std::string(SignalLevelName(r.options.cohort.signal)).c_str(),
      static_cast<unsigned long long>(r.options.cohort.seed), r.train_patients,
      r.options.ensemble, tested, r.options.site_feature ? "yes" : "no",
      r.options.combined_anteversion_feature ? "yes" : "no");
  for (size_t t = 0; t < r.models.size(); ++t) {
    line("  %-26s held-out R2 %.3f against the actual index, %.3f against the oracle's\n",
         r.models[t].c_str(), r.r2_actual[t], r.r2_expected[t]);
  }
  auto ci = [&](const char* what, const MeanCi& m) {
    line("    %-48s %+.4f [%+.4f, %+.4f]  (n = %zu)\n", what, m.mean, m.lower, m.upper,
         m.n);
  };
  for (const PlanCheckScenario& s : r.scenarios) {
    line("Profile %s: oracle objective (training SDs; lower is better), mean [95%% CI]\n",
         s.profile.c_str());
    ci("gain of the recommendation over the standard", s.gain);
    ci("gain possible (oracle's best over the standard)", s.possible_gain);
    ci("regret (recommendation minus the oracle's best)", s.regret);
    line("    patients with a large surgical effect (possible gain > %.2f):\n",
         r.options.large_effect);
    ci("  gain of the recommendation", s.gain_large);
    ci("  gain possible", s.possible_gain_large);
    ci("  gain of the model's optimum (ungated)", s.optimum_gain_large);
    ci("gain of the model's optimum, followed regardless", s.optimum_gain);
    line(
        "    worse than the standard by > %.2f: %zu of %zu (the optimum followed "
        "regardless: %zu); \"no better\" verdicts: %zu (standard plan recommended: "
        "%zu)\n",
        r.options.large_effect, s.worse_than_standard, s.patients.size(),
        s.optimum_worse_than_standard, s.no_better_verdicts, s.standard_recommended);
    line(
        "    \"better\" verdicts: %zu, of which truly better by > %.2f: %zu, not truly "
        "better: %zu; mean plan time %.1f ms\n",
        s.patients.size() - s.no_better_verdicts, r.options.large_effect,
        s.better_and_large, s.better_but_not, s.mean_plan_ms);
    if (s.placement_check) out += "    " + s.placement_check->note + "\n";
  }
  return out;
}

std::string PlanCheckPatientsCsv(const PlanCheckReport& r) {
  std::string out = "profile,patient";
  for (const char* plan : {"recommended", "standard", "oracle_best", "optimum"}) {
    for (size_t v = 0; v < kDecisionVarCount; ++v) {
      out += "," + std::string(plan) + "_" +
             std::string(DecisionVarName(static_cast<DecisionVar>(v)));
    }
  }
  out +=
      ",oracle_recommended,oracle_standard,oracle_best,oracle_optimum,"
      "predicted_improvement,uncertainty,difference_mean,difference_lower,"
      "difference_upper,no_better_verdict,standard_recommended\n";
  char buf[64];
  auto num = [&](double v) {
    std::snprintf(buf, sizeof buf, ",%.6g", v);
    out += buf;
  };
  for (const PlanCheckScenario& s : r.scenarios) {
    for (const PlanCheckPatient& p : s.patients) {
      out += s.profile + "," + std::to_string(p.index);
      for (const PlacementValues* v :
           {&p.recommended, &p.standard, &p.oracle_best, &p.optimum}) {
        for (double x : *v) num(x);
      }
      for (double x : {p.oracle_recommended, p.oracle_standard, p.oracle_best_value,
                       p.oracle_optimum, p.predicted_improvement, p.uncertainty,
                       p.difference_mean, p.difference_lower, p.difference_upper}) {
        num(x);
      }
      out += p.no_better_verdict ? ",1" : ",0";
      out += p.standard_recommended ? ",1\n" : ",0\n";
    }
  }
  return out;
}

}  // namespace thaplan
