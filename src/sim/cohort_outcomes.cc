// Post-operative gait as a function of the patient, the placement and
// rehabilitation adherence, and the calibration of unexplained variation to
// the signal level. docs/simulator.md gives the sources and the assumptions.
#include <algorithm>
#include <cmath>
#include <vector>

#include "thaplan/cohort.h"

namespace thaplan {
namespace {

double Clamp(double x, double lo, double hi) { return std::max(lo, std::min(hi, x)); }

// Combined anteversion zone: cup AV + 0.7 x stem AV = 37.3 deg (Widmer 2004),
// +-5 deg accepted in navigation studies (CLINICAL.md section 4).
constexpr double kCombinedAnteversionCentre = 37.3;
constexpr double kCombinedAnteversionTolerance = 5;
// Leg length restored within +-5 mm (Renkawitz); lengthening raises limping
// (OR 2.08, Roeder 2012): weighted 1.5x (assumption).
constexpr double kLldToleranceMm = 5;
// Offset reduction beyond 5 mm weakens the abductors (Mahmood 2016).
constexpr double kOffsetLossToleranceMm = 5;
// Lewinnek safe zone 40 +- 10 deg inclination.
constexpr double kInclinationCentre = 40, kInclinationTolerance = 10;

constexpr int kCalibrationPatients = 2000;
constexpr double kSpeedNoiseSd = 0.10;

// R2 of E|X| for X_i ~ N(mu_i, var): the variance of the folded-normal means
// over the total variance (law of total variance).
double FoldedR2(const std::vector<double>& mu, double var) {
  const double sd = std::sqrt(var);
  double sum = 0, sum_sq = 0, within = 0;
  for (double m : mu) {
    const double mean = sd * std::sqrt(2 / M_PI) * std::exp(-m * m / (2 * var)) +
                        m * std::erf(m / (sd * std::sqrt(2.0)));
    sum += mean;
    sum_sq += mean * mean;
    within += m * m + var - mean * mean;
  }
  const double n = static_cast<double>(mu.size());
  const double between = sum_sq / n - (sum / n) * (sum / n);
  return between / (between + within / n);
}

// The unexplained SD of ln(ratio) that gives the symmetry index the target R2,
// by bisection (R2 falls as the noise grows).
double SymmetryNoiseSd(const std::vector<double>& mu, double adherence_var, double r2) {
  double lo = 1e-4, hi = 2;
  for (int iter = 0; iter < 60; ++iter) {
    const double mid = 0.5 * (lo + hi);
    if (FoldedR2(mu, mid * mid + adherence_var) > r2) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

}  // namespace

SimGait CohortModel::Postop(const SimPatient& p, const Placement& pl, SimTimepoint tp,
                            double adherence) const {
  const SimGait& pre = p.gait[0];
  const double abd_pre = p.assessments[0].hip_abductor_nm_kg;
  const double rom_ext_pre = p.assessments[0].hip_extension_rom_deg;
  const bool year = tp == SimTimepoint::k12m;
  const double bmi_c = p.bmi() - 23.5;
  const double age_c = p.age_years - 64;

  // Threshold-like surgical effects: zero inside the published limits,
  // growing linearly beyond them.
  const double lld = p.preop_lld_mm + pl.leg_length_change_mm;
  const double e_lld = std::max(0.0, std::fabs(lld) - kLldToleranceMm) * (lld > 0 ? 1.5 : 1.0);
  const double e_off = std::max(0.0, -pl.femoral_offset_change_mm - kOffsetLossToleranceMm);
  const double ca = pl.cup_anteversion_deg + 0.7 * pl.stem_anteversion_deg;
  const double e_ca =
      std::max(0.0, std::fabs(ca - kCombinedAnteversionCentre) - kCombinedAnteversionTolerance);
  const double e_inc = std::max(
      0.0, std::fabs(pl.cup_inclination_deg - kInclinationCentre) - kInclinationTolerance);
  const double abd_post = abd_pre + (year ? 0.12 : 0.06) + 0.03 * adherence - 0.006 * e_off;

  SimGait g;
  // Recovery of speed (Bahl 2018: 3 months 1.0-1.15 m/s from about 0.8);
  // obese patients recover more slowly at 12 months (Kanazawa).
  double speed = pre.speed_m_s + 0.22 + 0.35 * (abd_pre - 0.5) - 0.004 * age_c -
                 0.012 * bmi_c - 0.004 * e_lld - 0.003 * e_off + 0.03 * adherence;
  if (year) speed += 0.08 - 0.008 * bmi_c;
  g.speed_m_s = Clamp(speed, 0.35, 1.7);
  g.cadence_steps_min = Clamp(100 + 20 * (g.speed_m_s - 0.81) + p.cadence_offset, 70, 140);
  g.stride_length_m = g.speed_m_s * 120 / g.cadence_steps_min;
  // Stability: 3.2 % pre-op -> 2.3 % at 3 months in the seed study.
  g.stride_length_cv_pct =
      Clamp(0.5 * pre.stride_length_cv_pct + 0.55 - 0.4 * (g.speed_m_s - 1.0) + 0.05 * e_lld +
                0.03 * e_ca + 0.02 * e_inc - 0.15 * adherence - (year ? 0.2 : 0),
            0.8, 8);
  // Propulsion: 3-8 deg pelvis-referenced at 3 months; a poor pre-op pattern
  // persists (PMC8156609); stretching/extensor work helps (Watt 2011).
  g.hip_extension_operated_deg = 0.5 * pre.hip_extension_operated_deg + 4.0 +
                                 0.2 * rom_ext_pre + 5 * (g.speed_m_s - 1.0) - 0.15 * e_ca -
                                 0.08 * e_lld + 0.8 * adherence + (year ? 1.5 : 0);
  g.hip_extension_other_deg = pre.hip_extension_other_deg + 4 * (g.speed_m_s - pre.speed_m_s);
  // Symmetry: lateral sway toward the operated side shrinks as the abductors
  // recover; LLD, offset loss and an outlying cup add to it.
  g.com_sway_other_m =
      Clamp(pre.com_sway_other_m - 0.017 * (g.speed_m_s - pre.speed_m_s), 0.01, 0.06);
  const double log_ratio = 0.45 * std::log(pre.com_sway_ratio) + 0.5 * (0.5 - abd_post) +
                           0.012 * e_lld + 0.02 * e_off + 0.005 * e_inc - 0.03 * adherence;
  g.com_sway_operated_m = g.com_sway_other_m * std::exp(log_ratio);
  g.step_width_m = Clamp(pre.step_width_m - 0.01, 0.04, 0.2);
  g.SetSymmetryFromSways();
  return g;
}

SimGait CohortModel::Expected(const SimPatient& patient, const Placement& placement,
                              SimTimepoint tp) const {
  const double site_mean = sites_[static_cast<size_t>(patient.site)].rehab_adherence_mean;
  SimGait g = Postop(patient, placement, tp, site_mean);
  // ln(ratio) is normal around its expected value mu with the unexplained
  // variance: the ratio is lognormal, the asymmetry 100 |ln ratio| folded normal.
  const double mu = std::log(g.com_sway_operated_m / g.com_sway_other_m);
  const double var = noise_sd_[2] * noise_sd_[2] + adherence_var_[2];
  const double sd = std::sqrt(var);
  g.com_sway_ratio = std::exp(mu + var / 2);
  if (sd > 0) {
    const double folded = sd * std::sqrt(2 / M_PI) * std::exp(-mu * mu / (2 * var)) +
                          mu * std::erf(mu / (sd * std::sqrt(2.0)));
    g.com_asymmetry_pct = 100 * folded;
  }
  return g;
}

void CohortModel::Calibrate() {
  // Unexplained variation per index is set so that, at 3 months, the
  // expected value explains TargetOracleR2 of the actual value's variance:
  // noise var = structural var (1 - R2) / R2 - adherence-deviation var.
  noise_sd_ = {0, 0, 0, 0};
  const auto indices = [](const SimGait& g) {
    return std::array<double, 4>{g.stride_length_cv_pct, g.hip_extension_operated_deg,
                                 std::log(g.com_sway_operated_m / g.com_sway_other_m),
                                 g.speed_m_s};
  };
  std::array<double, 4> sum{}, sum_sq{}, adh_sq{};
  std::vector<double> log_ratios;
  for (int i = 0; i < kCalibrationPatients; ++i) {
    const SimPatient p = Patient(i);
    const auto expected = indices(Expected(p, p.achieved, SimTimepoint::k3m));  // no noise yet
    log_ratios.push_back(expected[2]);
    const auto with_adherence = indices(Postop(p, p.achieved, SimTimepoint::k3m, p.adherence));
    for (size_t j = 0; j < 4; ++j) {
      sum[j] += expected[j];
      sum_sq[j] += expected[j] * expected[j];
      const double d = with_adherence[j] - expected[j];
      adh_sq[j] += d * d;
    }
  }
  const double r2 = TargetOracleR2(options_.signal);
  std::array<double, 4> sd{};
  for (size_t j = 0; j < 4; ++j) {
    const double n = kCalibrationPatients;
    const double var_struct = sum_sq[j] / n - (sum[j] / n) * (sum[j] / n);
    adherence_var_[j] = adh_sq[j] / n;
    const double var_noise = var_struct * (1 - r2) / r2 - adherence_var_[j];
    sd[j] = std::sqrt(std::max(var_noise, 0.01 * var_struct));
  }
  // The symmetry index is 100 |ln ratio|, whose R2 is lower than that of
  // ln ratio itself: choose the ln-ratio noise so the index hits the target.
  sd[2] = SymmetryNoiseSd(log_ratios, adherence_var_[2], r2);
  // Speed is not one of the three indices: its unexplained variation is fixed
  // (0.10 m/s, assumption) so that its spread stays near the observed 0.22 m/s.
  sd[3] = kSpeedNoiseSd;
  noise_sd_ = sd;
}

}  // namespace thaplan
