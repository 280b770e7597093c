// The cohort simulator against CLINICAL.md section 3 and its own documented
// structure (docs/simulator.md).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

#include "testing/temp_dir.h"
#include "thaplan/cohort.h"
#include "thaplan/import.h"

namespace thaplan {
namespace {

struct Stats {
  double n = 0, sum = 0, sum_sq = 0;
  void Add(double x) {
    n += 1;
    sum += x;
    sum_sq += x * x;
  }
  double Mean() const { return sum / n; }
  double Sd() const { return std::sqrt(sum_sq / n - Mean() * Mean()); }
};

double Correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

class CohortTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    CohortOptions o;
    o.patients = 3000;
    o.sites = 4;
    o.seed = 20261126;
    model_ = new CohortModel(o);
    for (int i = 0; i < o.patients; ++i) patients_->push_back(model_->Patient(i));
  }
  static void TearDownTestSuite() { delete model_; }
  static CohortModel* model_;
  static std::vector<SimPatient>* patients_;
};
CohortModel* CohortTest::model_ = nullptr;
std::vector<SimPatient>* CohortTest::patients_ = new std::vector<SimPatient>();

TEST_F(CohortTest, DemographicsMatchJapaneseThaCohorts) {
  // CLINICAL.md section 3: mean age about 64, 86 % women, 62 % DDH-related OA,
  // BMI about 23-24. Sites vary around these by design, so the bands are wider
  // than sampling error alone.
  Stats age, bmi;
  double women = 0, ddh = 0;
  for (const SimPatient& p : *patients_) {
    age.Add(p.age_years);
    bmi.Add(p.bmi());
    women += p.sex == 'F';
    ddh += p.diagnosis == "oa_ddh";
  }
  const double n = static_cast<double>(patients_->size());
  EXPECT_NEAR(age.Mean(), 64, 2.5);
  EXPECT_NEAR(women / n, 0.86, 0.05);
  EXPECT_NEAR(ddh / n, 0.62, 0.10);
  EXPECT_GT(bmi.Mean(), 22.5);
  EXPECT_LT(bmi.Mean(), 24.5);
}

TEST_F(CohortTest, GaitBeforeAndAfterSurgeryIsInTheLiteratureRanges) {
  Stats speed_lean, speed_obese, stride0, cv0, ext0, speed3, stride3, cv3, ext3, abd0;
  for (const SimPatient& p : *patients_) {
    (p.bmi() < 30 ? speed_lean : speed_obese).Add(p.gait[0].speed_m_s);
    stride0.Add(p.gait[0].stride_length_m);
    cv0.Add(p.gait[0].stride_length_cv_pct);
    ext0.Add(p.gait[0].hip_extension_operated_deg);
    speed3.Add(p.gait[1].speed_m_s);
    stride3.Add(p.gait[1].stride_length_m);
    cv3.Add(p.gait[1].stride_length_cv_pct);
    ext3.Add(p.gait[1].hip_extension_operated_deg);
    abd0.Add(p.assessments[0].hip_abductor_nm_kg);
  }
  // Martz 2019: 0.81 +- 0.22 m/s (BMI < 30), 0.64 +- 0.23 (BMI >= 30).
  EXPECT_NEAR(speed_lean.Mean(), 0.81, 0.04);
  EXPECT_NEAR(speed_lean.Sd(), 0.22, 0.05);
  EXPECT_LT(speed_obese.Mean(), speed_lean.Mean() - 0.08);
  // End-stage OA: stride 0.95-1.10 m, CV 3-4 %, hip extension -2..5 deg.
  EXPECT_GT(stride0.Mean(), 0.90);
  EXPECT_LT(stride0.Mean(), 1.10);
  EXPECT_GT(cv0.Mean(), 3.0);
  EXPECT_LT(cv0.Mean(), 4.0);
  EXPECT_GT(ext0.Mean(), -2.0);
  EXPECT_LT(ext0.Mean(), 5.0);
  // 3 months: speed 1.0-1.15 m/s, stride 1.05-1.20 m, CV 2-3 %, extension 3-8 deg.
  EXPECT_GT(speed3.Mean(), 1.0);
  EXPECT_LT(speed3.Mean(), 1.15);
  EXPECT_GT(stride3.Mean(), 1.05);
  EXPECT_LT(stride3.Mean(), 1.20);
  EXPECT_GT(cv3.Mean(), 2.0);
  EXPECT_LT(cv3.Mean(), 3.0);
  EXPECT_GT(ext3.Mean(), 3.0);
  EXPECT_LT(ext3.Mean(), 8.0);
  // Kyushu cohort: abductor torque 0.44-0.55 Nm/kg.
  EXPECT_GT(abd0.Mean(), 0.44);
  EXPECT_LT(abd0.Mean(), 0.55);
}

TEST_F(CohortTest, EffectDirectionsAsDocumented) {
  std::vector<double> abd, cv_pre, cv3, asym3, ext3;
  for (const SimPatient& p : *patients_) {
    const SimGait e = model_->Expected(p, p.achieved, SimTimepoint::k3m);
    abd.push_back(p.assessments[0].hip_abductor_nm_kg);
    cv_pre.push_back(p.gait[0].stride_length_cv_pct);
    cv3.push_back(e.stride_length_cv_pct);
    asym3.push_back(e.com_asymmetry_pct);
    ext3.push_back(e.hip_extension_operated_deg);
  }
  EXPECT_GT(Correlation(cv_pre, cv3), 0.3);  // pre-op gait carries over
  EXPECT_LT(Correlation(abd, asym3), -0.2);  // stronger abductors, more symmetric
  EXPECT_GT(Correlation(abd, ext3), 0.1);
}

TEST_F(CohortTest, SurgicalEffectsAreThresholdLike) {
  const SimPatient& p = (*patients_)[7];
  Placement centre = p.achieved;
  centre.leg_length_change_mm = -p.preop_lld_mm;  // LLD 0
  centre.femoral_offset_change_mm = 0;
  centre.cup_inclination_deg = 40;
  centre.cup_anteversion_deg = 37.3 - 0.7 * centre.stem_anteversion_deg;  // CA on target
  const SimGait base = model_->Expected(p, centre, SimTimepoint::k3m);
  // Inside the limits nothing changes: LLD +4 mm, offset -4 mm, CA +4 deg,
  // inclination 49 deg.
  Placement inside = centre;
  inside.leg_length_change_mm += 4;
  inside.femoral_offset_change_mm = -4;
  inside.cup_anteversion_deg += 4;
  inside.cup_inclination_deg = 49;
  const SimGait same = model_->Expected(p, inside, SimTimepoint::k3m);
  EXPECT_DOUBLE_EQ(same.stride_length_cv_pct, base.stride_length_cv_pct);
  EXPECT_DOUBLE_EQ(same.hip_extension_operated_deg, base.hip_extension_operated_deg);
  EXPECT_DOUBLE_EQ(same.com_asymmetry_pct, base.com_asymmetry_pct);
  // Beyond them, each effect points the documented way.
  Placement long_leg = centre;
  long_leg.leg_length_change_mm += 15;  // LLD +15 mm
  const SimGait lld = model_->Expected(p, long_leg, SimTimepoint::k3m);
  EXPECT_GT(lld.stride_length_cv_pct, base.stride_length_cv_pct);
  EXPECT_LT(lld.hip_extension_operated_deg, base.hip_extension_operated_deg);
  EXPECT_GT(lld.com_sway_ratio, base.com_sway_ratio);
  // Lengthening is worse than shortening by the same amount (Roeder 2012).
  Placement short_leg = centre;
  short_leg.leg_length_change_mm -= 15;
  EXPECT_LT(model_->Expected(p, short_leg, SimTimepoint::k3m).stride_length_cv_pct,
            lld.stride_length_cv_pct);
  Placement offset_loss = centre;
  offset_loss.femoral_offset_change_mm = -12;
  EXPECT_GT(model_->Expected(p, offset_loss, SimTimepoint::k3m).com_sway_ratio,
            base.com_sway_ratio);
  Placement anteverted = centre;
  anteverted.cup_anteversion_deg += 20;  // combined anteversion 20 deg above target
  EXPECT_LT(model_->Expected(p, anteverted, SimTimepoint::k3m).hip_extension_operated_deg,
            base.hip_extension_operated_deg);
}

TEST_F(CohortTest, SitesDifferAsConfigured) {
  // Per-site DDH share follows the site's parameter within 3 binomial SEs.
  for (size_t s = 0; s < model_->sites().size(); ++s) {
    double n = 0, ddh = 0;
    for (const SimPatient& p : *patients_) {
      if (static_cast<size_t>(p.site) != s) continue;
      n += 1;
      ddh += p.diagnosis == "oa_ddh";
    }
    const double share = model_->sites()[s].ddh_share;
    EXPECT_NEAR(ddh / n, share, 3 * std::sqrt(share * (1 - share) / n)) << "site " << s;
  }
  // Cup placement scatter around the surgeon's target follows the technique:
  // manual SD 7.6 deg, navigation 5.7, robot 1.5 (CLINICAL.md section 3).
  std::map<std::string, Stats> scatter;
  for (const SimPatient& p : *patients_) {
    const SimSite& site = model_->sites()[static_cast<size_t>(p.site)];
    for (const SimSurgeon& d : site.surgeons) {
      if (d.code == p.surgeon_code) {
        scatter[p.technique].Add(p.achieved.cup_inclination_deg - d.target.cup_inclination_deg);
      }
    }
  }
  const std::map<std::string, double> expected_sd = {
      {"manual", 7.6}, {"navigation", 5.7}, {"robot", 1.5}};
  for (const auto& [technique, stats] : scatter) {
    if (stats.n < 50) continue;
    // Clamping at 20..65 deg trims the manual tails slightly.
    EXPECT_NEAR(stats.Sd(), expected_sd.at(technique), 0.15 * expected_sd.at(technique))
        << technique;
  }
}

// The unexplained variation is calibrated so that the oracle explains the
// target share of each index's variance at 3 months.
TEST(CohortSignalTest, OracleR2MatchesTheSignalLevel) {
  for (SignalLevel level : {SignalLevel::kLow, SignalLevel::kModerate, SignalLevel::kHigh}) {
    CohortOptions o;
    o.patients = 3000;
    o.sites = 3;
    o.seed = 99;
    o.signal = level;
    CohortModel model(o);
    std::array<std::vector<double>, 3> actual, expected;
    for (int i = 0; i < o.patients; ++i) {
      const SimPatient p = model.Patient(i);
      const SimGait e = model.Expected(p, p.achieved, SimTimepoint::k3m);
      const SimGait& a = p.gait[1];
      actual[0].push_back(a.stride_length_cv_pct);
      expected[0].push_back(e.stride_length_cv_pct);
      actual[1].push_back(a.hip_extension_operated_deg);
      expected[1].push_back(e.hip_extension_operated_deg);
      actual[2].push_back(a.com_asymmetry_pct);
      expected[2].push_back(e.com_asymmetry_pct);
    }
    for (size_t j = 0; j < 3; ++j) {
      const double n = static_cast<double>(actual[j].size());
      const double mean = std::accumulate(actual[j].begin(), actual[j].end(), 0.0) / n;
      double sst = 0, sse = 0;
      for (size_t i = 0; i < actual[j].size(); ++i) {
        sst += (actual[j][i] - mean) * (actual[j][i] - mean);
        sse += (actual[j][i] - expected[j][i]) * (actual[j][i] - expected[j][i]);
      }
      EXPECT_NEAR(1 - sse / sst, TargetOracleR2(level), 0.06)
          << SignalLevelName(level) << " index " << j;
    }
  }
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CohortWriterTest, SameSeedSameBytesAndTheOracleRegeneratesPatients) {
  testing::TempDir dir;
  CohortOptions o;
  o.patients = 50;
  o.seed = 3;
  ASSERT_TRUE(WriteCohortTables(CohortModel(o), dir.Join("a")).ok());
  ASSERT_TRUE(WriteCohortTables(CohortModel(o), dir.Join("b")).ok());
  o.seed = 4;
  ASSERT_TRUE(WriteCohortTables(CohortModel(o), dir.Join("c")).ok());
  for (const char* f : {"patients.csv", "surgeries.csv", "assessments.csv", "truth/patients.csv",
                        "cohort.json"}) {
    EXPECT_EQ(ReadAll(dir.Join("a/") + f), ReadAll(dir.Join("b/") + f)) << f;
    EXPECT_NE(ReadAll(dir.Join("a/") + f), ReadAll(dir.Join("c/") + f)) << f;
  }
  auto loaded = LoadCohortModel(dir.Join("a"));
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const CohortModel original(CohortOptions{50, 3, 3, SignalLevel::kModerate});
  const SimPatient p = original.Patient(17);
  EXPECT_EQ(loaded->IndexOf(p.hospital_id), 17);
  EXPECT_EQ(loaded->Patient(17).gait[1].stride_length_cv_pct, p.gait[1].stride_length_cv_pct);
  EXPECT_FALSE(loaded->IndexOf("S01-9999999"));
}

}  // namespace
}  // namespace thaplan

namespace thaplan {
namespace {

// Whatever the seed, a simulated cohort is valid input for the registry: every
// value inside the import ranges, every row accepted.
TEST(CohortWriterTest, ALargeCohortImportsWithoutAProblem) {
  testing::TempDir dir;
  CohortOptions o;
  o.patients = 20000;
  o.sites = 5;
  o.seed = 510990038;
  ASSERT_TRUE(WriteCohortTables(CohortModel(o), dir.Join("c")).ok());
  auto reg = Registry::Open(dir.Join("r.db"));
  ASSERT_TRUE(reg.ok());
  ImportOptions import;
  for (const char* f : {"patients.csv", "surgeries.csv", "assessments.csv"}) {
    import.files.push_back({dir.Join("c/") + f, std::nullopt});
  }
  import.key_dir = dir.Join("keys");
  std::vector<std::string> problems;
  import.on_problem = [&](const std::string& p) { problems.push_back(p); };
  auto report = ImportCsv(**reg, import);
  ASSERT_TRUE(report.ok()) << report.status().message() << "\n"
                           << (problems.empty() ? "" : problems[0]);
  EXPECT_EQ(report->files[0].inserted, 20000);
}

}  // namespace
}  // namespace thaplan
