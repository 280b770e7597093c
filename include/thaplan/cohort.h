// The cohort simulator: a realistic multi-site THA cohort with known truth
// (docs/simulator.md). Real cohorts are private, so the demo, the tests, the
// benchmarks and every claim about the models and the planner rest on it.
//
// Everything is a pure function of (options, patient index): patient i is
// drawn from its own random stream, so any patient can be regenerated alone
// (the oracle does this) and cohorts can be written in parallel.
#ifndef THAPLAN_COHORT_H_
#define THAPLAN_COHORT_H_

#include <array>
#include <cstdio>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/status.h"
#include "thaplan/walker.h"

namespace thaplan {

// How much of the post-operative variation the patient's data and placement
// explain: the oracle R² the simulator is calibrated to (docs/simulator.md).
enum class SignalLevel { kLow, kModerate, kHigh };
std::string_view SignalLevelName(SignalLevel level);
std::optional<SignalLevel> SignalLevelFromName(std::string_view name);
double TargetOracleR2(SignalLevel level);

struct CohortOptions {
  int patients = 300;
  int sites = 3;
  uint64_t seed = 1;
  SignalLevel signal = SignalLevel::kModerate;
};

// The planner's decision variables: an implant placement.
struct Placement {
  double cup_inclination_deg = 40;
  double cup_anteversion_deg = 15;
  double stem_anteversion_deg = 25;
  double leg_length_change_mm = 0;
  double femoral_offset_change_mm = 0;
};

// Simulated timepoints with gait: before surgery, 3 and 12 months after.
enum class SimTimepoint { kPreop = 0, k3m = 1, k12m = 2 };
inline constexpr SimTimepoint kSimTimepoints[] = {SimTimepoint::kPreop, SimTimepoint::k3m,
                                                  SimTimepoint::k12m};
std::string_view SimTimepointName(SimTimepoint tp);  // "preop", "3m", "12m"

// A patient's walking at one timepoint: the synthetic walker's parameters and,
// through them, the three THA gait indices.
struct SimGait {
  double speed_m_s = 0;
  double cadence_steps_min = 0;
  double stride_length_m = 0;
  double stride_length_cv_pct = 0;
  double hip_extension_operated_deg = 0;  // pelvis-referenced peak, extension +
  double hip_extension_other_deg = 0;
  double com_sway_operated_m = 0;  // lateral COM excursion toward the stance side
  double com_sway_other_m = 0;
  double step_width_m = 0;
  // For actual gait: com_sway_operated_m / com_sway_other_m and
  // 100 |ln ratio|. For the oracle's expected gait: their expectations over
  // the unexplained variation (lognormal and folded-normal means), which are
  // not the functions of the expected sways.
  double com_sway_ratio = 1;
  double com_asymmetry_pct = 0;

  // Sets com_sway_ratio and com_asymmetry_pct from the two sways.
  void SetSymmetryFromSways();
};

struct SimAssessment {
  int days_from_surgery = 0;
  double hip_abductor_nm_kg = 0;
  double hip_extensor_nm_kg = 0;
  double knee_extensor_nm_kg = 0;
  double hip_flexion_rom_deg = 0;
  double hip_extension_rom_deg = 0;
  double hip_abduction_rom_deg = 0;
  double jheq_score = 0;
};

struct SimSurgeon {
  std::string code;
  std::string technique;  // manual, navigation, robot
  Placement target;       // what this surgeon aims for (offset: change aimed at)
};

struct SimSite {
  std::string code;
  double ddh_share = 0;
  double female_share = 0;
  double age_mean = 0;
  double bmi_mean = 0;
  double rehab_adherence_mean = 0;  // site rehabilitation programme (latent)
  std::array<double, 3> approach_weights{};  // posterior, anterolateral, direct_anterior
  std::vector<SimSurgeon> surgeons;
};

struct SimPatient {
  int index = 0;
  std::string hospital_id;  // the site's own ID, as a clinic export has it
  int site = 0;
  // Background.
  char sex = 'F';
  int age_years = 0;
  std::string birth_date, surgery_date;  // YYYY-MM-DD
  double height_cm = 0, weight_kg = 0;
  std::string diagnosis;
  char operated_side = 'R';
  std::string contralateral_hip;
  int asa_class = 2;
  bool hx_diabetes = false, hx_spine_disease = false, hx_osteoporosis = false,
       hx_cardiovascular = false;
  // Bone morphology before surgery.
  int crowe_class = 1;
  double ce_angle_deg = 0, femoral_anteversion_deg = 0, preop_lld_mm = 0;
  char dorr_type = 'B';
  // Surgery.
  std::string approach, technique, surgeon_code;
  Placement achieved;
  // Latent, never observed by a model.
  double frailty = 0;    // general condition, standard normal
  double adherence = 0;  // rehabilitation adherence, site mean + N(0, 1)
  double cadence_offset = 0;
  // Measured at preop, 3m, 12m.
  std::array<SimAssessment, 3> assessments;
  // Actual gait at preop, 3m, 12m (what the walker is given).
  std::array<SimGait, 3> gait;
  // Standard-normal draws of the unexplained post-op variation, per index,
  // at 3m and 12m: actual = expected + adherence deviation + scaled noise.
  std::array<std::array<double, 4>, 2> noise{};

  double bmi() const { return weight_kg / (height_cm * height_cm / 1e4); }
  double postop_lld_mm() const { return preop_lld_mm + achieved.leg_length_change_mm; }
};

class CohortModel {
 public:
  // Draws the sites and calibrates the unexplained variation to the signal
  // level (on a reference sample drawn from the same sites).
  explicit CohortModel(const CohortOptions& options);

  const CohortOptions& options() const { return options_; }
  const std::vector<SimSite>& sites() const { return sites_; }

  // Patient `index` (0-based), the same for the same options whatever else
  // was drawn before.
  SimPatient Patient(int index) const;
  // The index of the patient with this hospital ID, if it is one of ours.
  std::optional<int> IndexOf(std::string_view hospital_id) const;

  // The oracle: noise-free expected gait at a post-operative timepoint, for
  // this patient under any placement (adherence at its site mean).
  SimGait Expected(const SimPatient& patient, const Placement& placement,
                   SimTimepoint tp) const;

  // SD of the unexplained variation per post-op index (CV, extension,
  // log sway ratio, speed) after calibration.
  const std::array<double, 4>& noise_sd() const { return noise_sd_; }
  // Variance of the same indices due to adherence deviating from its site mean.
  const std::array<double, 4>& adherence_var() const { return adherence_var_; }

 private:
  SimGait Postop(const SimPatient& p, const Placement& placement, SimTimepoint tp,
                 double adherence) const;
  void Calibrate();

  CohortOptions options_;
  std::vector<SimSite> sites_;
  std::array<double, 4> noise_sd_{};
  std::array<double, 4> adherence_var_{};
};

// Writes the cohort to `dir`: registry-ready CSVs (patients, surgeries,
// assessments), truth/ (expected and actual indices, latent variables), and
// cohort.json (the options, so the oracle can regenerate any patient).
Status WriteCohortTables(const CohortModel& model, const std::string& dir);

// The oracle over a file: reads placements (CSV: patient_key = the simulated
// hospital ID, and any of cup_inclination_deg, cup_anteversion_deg,
// stem_anteversion_deg, leg_length_change_mm, femoral_offset_change_mm; a
// column left out or empty means the placement actually achieved) and writes
// CSV with the expected indices at 3 and 12 months for each row.
Status WriteOracleTable(const CohortModel& model, const std::string& placements_path,
                        std::FILE* out);

// Gait trials of the cohort: for every patient and timepoint (preop, 3 m,
// 12 m), `trials_per_session` keypoint-CSV walks made by the synthetic walker
// from the patient's actual gait, under trials/<site>/<id>/, and
// trials/manifest.csv listing every trial with the walker's own truth for it.
struct CohortTrialOptions {
  int trials_per_session = 2;
  double sample_rate_hz = 60;    // typical of video-based markerless capture
  double noise_sd_m = 0.006;     // keypoint noise after the system's smoothing (assumption)
  double dropout_fraction = 0.02;
  int strides_per_side = 6;  // steady; 2 trials give a session 24 (docs/simulator.md)
  int threads = 2;
};
Status WriteCohortTrials(const CohortModel& model, const std::string& dir,
                         const CohortTrialOptions& options);

// The walker's parameters for a patient's walk at a timepoint.
WalkParams WalkParamsFor(const SimPatient& patient, SimTimepoint tp,
                         const CohortTrialOptions& options);

// Reads cohort.json from a cohort folder and rebuilds its model.
Result<CohortModel> LoadCohortModel(const std::string& dir);

}  // namespace thaplan

#endif  // THAPLAN_COHORT_H_
