// simulate: the cohort simulator and its oracle (docs/simulator.md).
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "commands.h"
#include "thaplan/atomic_file.h"
#include "thaplan/cohort.h"
#include "thaplan/io.h"
#include "thaplan/keypoints.h"
#include "thaplan/plan_check.h"
#include "thaplan/trc.h"
#include "thaplan/walker.h"

namespace thaplan::cli {
namespace {

struct SimulateArgs {
  CohortOptions cohort;
  CohortTrialOptions trials;
  WalkParams walk;
  std::string params_file;
  std::string format = "keypoints";
  std::string landmarks;
  std::string walk_sex;
  std::string pelvic_tilt;  // "auto" or degrees; empty: not given
  uint64_t walk_seed = 1;
  std::string signal = "moderate";
  std::string out;
  std::string cohort_dir;
  std::string placements;
  PlanCheckOptions check;
  std::string check_csv;
};

// --pelvic-tilt: "auto" (NaN: the walker chooses the pelvis that realises the
// requested peaks, docs/walker.md) or a mean anterior tilt in degrees, whose
// range ValidateWalkParams checks.
Result<double> ParsePelvicTilt(const std::string& text) {
  if (text == "auto") return std::numeric_limits<double>::quiet_NaN();
  double deg = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, deg);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(deg)) {
    return Status::InvalidInput("--pelvic-tilt = '" + text +
                                "': expected auto or a mean anterior tilt in degrees "
                                "(-10..30)");
  }
  return deg;
}

Status SimulateWalkFiles(const SimulateArgs& args, CLI::App* walk) {
  WalkParams params;
  if (!args.params_file.empty()) {
    std::ifstream in(args.params_file);
    if (!in) return Status::IOError(args.params_file + ": cannot open");
    std::stringstream text;
    text << in.rdbuf();
    THAPLAN_ASSIGN_OR_RETURN(params, WalkParamsFromJson(text.str(), args.params_file));
  }
  // Flags given on the command line override the file.
  const WalkParams& f = args.walk;
  const auto set = [&](const char* flag, auto WalkParams::*field) {
    if (walk->count(flag) > 0) params.*field = f.*field;
  };
  set("--stride-length", &WalkParams::stride_length_mean_m);
  set("--stride-cv", &WalkParams::stride_length_cv_pct);
  set("--cadence", &WalkParams::cadence_steps_per_min);
  set("--hip-extension-left", &WalkParams::peak_hip_extension_left_deg);
  set("--hip-extension-right", &WalkParams::peak_hip_extension_right_deg);
  set("--sway-left", &WalkParams::com_sway_left_m);
  set("--sway-right", &WalkParams::com_sway_right_m);
  set("--step-width", &WalkParams::step_width_m);
  set("--height", &WalkParams::body_height_m);
  set("--noise", &WalkParams::noise_sd_m);
  set("--dropouts", &WalkParams::dropout_fraction);
  set("--rate", &WalkParams::sample_rate_hz);
  set("--strides", &WalkParams::stride_count);
  set("--direction", &WalkParams::walking_direction_deg);
  if (!args.pelvic_tilt.empty()) {
    THAPLAN_ASSIGN_OR_RETURN(params.pelvic_tilt_deg, ParsePelvicTilt(args.pelvic_tilt));
  }
  if (!args.walk_sex.empty())
    params.sex = args.walk_sex == "M" ? Sex::kMale : Sex::kFemale;
  const bool trc = args.format == "trc";
  if (!args.landmarks.empty()) {
    params.landmark_set = args.landmarks == "markers" ? WalkLandmarkSet::kMarkers
                                                      : WalkLandmarkSet::kKeypoints;
  } else if (args.params_file.empty()) {
    params.landmark_set = trc ? WalkLandmarkSet::kMarkers : WalkLandmarkSet::kKeypoints;
  }
  THAPLAN_ASSIGN_OR_RETURN(
      SyntheticWalk sim,
      SimulateWalkAndWriteTruth(params, args.walk_seed, args.out + ".truth.json"));
  Trial trial = TrialFromSeries(sim.series, trc ? "trc" : "keypoints");
  if (trc) RotateZUpToYUp(&trial);  // TRC files are +Y up (OpenSim)
  const std::string path = args.out + (trc ? ".trc" : ".csv");
  THAPLAN_RETURN_IF_ERROR(trc ? WriteTrc(trial, path, LengthUnit::kMillimetres)
                              : WriteKeypointCsv(trial, path, LengthUnit::kMetres));
  std::fprintf(
      stderr, "wrote %s and %s.truth.json (%zu heel strikes, pelvic tilt %.2f deg%s)\n",
      path.c_str(), args.out.c_str(),
      sim.truth.heel_strikes_left_s.size() + sim.truth.heel_strikes_right_s.size(),
      sim.truth.pelvic_tilt_deg,
      std::isnan(params.pelvic_tilt_deg) ? ", chosen automatically" : "");
  return Status::Ok();
}

}  // namespace

std::function<Status()> SetupSimulate(CLI::App* sub, const GlobalOptions& global) {
  auto args = std::make_shared<SimulateArgs>();
  sub->require_subcommand(1);
  CLI::App* cohort = sub->add_subcommand(
      "cohort",
      "Write a simulated multi-site THA cohort with known truth: registry-ready CSVs "
      "(patients, surgeries, assessments, as a clinic exports them), truth/ and "
      "cohort.json");
  cohort->add_option("--patients", args->cohort.patients, "Number of patients")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  cohort->add_option("--sites", args->cohort.sites, "Number of sites")
      ->check(CLI::Range(1, 99))
      ->capture_default_str();
  cohort->add_option("--seed", args->cohort.seed, "Random seed")->capture_default_str();
  cohort
      ->add_option(
          "--signal", args->signal,
          "Unexplained variation: low (oracle R2 0.10), moderate (0.40), high (0.75)")
      ->check(CLI::IsMember({"low", "moderate", "high"}))
      ->capture_default_str();
  cohort->add_option("--out", args->out, "Output folder")->required();
  cohort
      ->add_option("--trials", args->trials.trials_per_session,
                   "Keypoint-CSV walking trials per patient and timepoint (0: none)")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
  cohort->add_option("--rate", args->trials.sample_rate_hz, "Trial sample rate (Hz)")
      ->capture_default_str();
  cohort->add_option("--threads", args->trials.threads, "Threads writing trials")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();

  CLI::App* oracle = sub->add_subcommand("oracle",
                                         "Expected post-op gait (3 and 12 months) of "
                                         "simulated patients under any placement");
  oracle->add_option("--cohort", args->cohort_dir, "Cohort folder")->required();
  oracle
      ->add_option("--placements", args->placements,
                   "CSV: patient_key and placement columns (left out = as achieved)")
      ->required();
  oracle->add_option("-o,--out", args->out, "Output CSV (default stdout)");

  CLI::App* check = sub->add_subcommand(
      "plan-check",
      "The planner against the oracle: a simulated cohort through the registry, models "
      "trained on part of it, and every held-out patient's plan scored by the "
      "simulator's "
      "truth against the standard plan and the best placement (docs/planning.md)");
  PlanCheckOptions& c = args->check;
  c.cohort.patients = 1000;
  check->add_option("--patients", c.cohort.patients, "Number of patients")
      ->check(CLI::Range(50, 1000000))
      ->capture_default_str();
  check->add_option("--sites", c.cohort.sites, "Number of sites")
      ->check(CLI::Range(1, 99))
      ->capture_default_str();
  check->add_option("--seed", c.cohort.seed, "Random seed")->capture_default_str();
  check->add_option("--signal", args->signal, "low, moderate or high")
      ->check(CLI::IsMember({"low", "moderate", "high"}))
      ->capture_default_str();
  check->add_option("--train-fraction", c.train_fraction, "Share of patients trained on")
      ->check(CLI::Range(0.1, 0.95))
      ->capture_default_str();
  check->add_option("--rounds", c.rounds, "Boosting rounds per model")
      ->check(CLI::Range(1, 5000))
      ->capture_default_str();
  check
      ->add_option("--ensemble", c.ensemble,
                   "Bootstrap ensemble members per model (the uncertainty of the "
                   "difference to the standard plan; 0: none)")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  check->add_flag("--site-feature,!--no-site-feature", c.site_feature,
                  "Train with the site as a feature, one indicator per site (default; "
                  "--no-site-feature: without)");
  check->add_flag("--combined-feature,!--no-combined-feature",
                  c.combined_anteversion_feature,
                  "Train with the combined anteversion (cup + 0.7 x stem, Widmer) as a "
                  "derived feature (default; --no-combined-feature: without)");
  check->add_flag("--placement-check,!--no-placement-check", c.placement_check,
                  "Give the plans each profile's placement-effect check on out-of-bag "
                  "training patients (default; --no-placement-check: the verdict rests "
                  "on the ensemble alone)");
  check
      ->add_option(
          "--profile", c.profiles,
          "Constraint profiles (built-in names or JSON files), one scenario each")
      ->capture_default_str();
  check->add_option("--max-patients", c.max_test_patients,
                    "Plan for at most this many held-out patients (0: all)");
  check->add_option("--work-dir", c.work_dir, "Folder for the cohort and registry")
      ->required();
  check->add_option("--patients-csv", args->check_csv,
                    "Also write one row per scenario and patient to this CSV");

  CLI::App* walk = sub->add_subcommand(
      "walk",
      "Write a synthetic walking trial (keypoint CSV or TRC) and its truth (events, "
      "per-stride lengths, the indices) beside it, from given parameters "
      "(docs/walker.md)");
  walk->add_option("--out", args->out,
                   "Output path without extension: writes OUT.csv or OUT.trc and "
                   "OUT.truth.json")
      ->required();
  walk->add_option("--format", args->format, "keypoints (CSV) or trc")
      ->check(CLI::IsMember({"keypoints", "trc"}))
      ->capture_default_str();
  walk->add_option("--seed", args->walk_seed, "Random seed")->capture_default_str();
  walk->add_option("--params", args->params_file,
                   "JSON object of walk parameters (names as below, e.g. "
                   "stride_length_mean_m); flags override it");
  WalkParams& w = args->walk;
  walk->add_option("--stride-length", w.stride_length_mean_m, "Mean stride length (m)");
  walk->add_option("--stride-cv", w.stride_length_cv_pct, "Stride-length CV (%)");
  walk->add_option("--cadence", w.cadence_steps_per_min, "Cadence (steps/min)");
  walk->add_option("--hip-extension-left", w.peak_hip_extension_left_deg,
                   "Peak hip extension, left, pelvis frame (deg)");
  walk->add_option("--hip-extension-right", w.peak_hip_extension_right_deg,
                   "Peak hip extension, right, pelvis frame (deg)");
  walk->add_option("--sway-left", w.com_sway_left_m,
                   "Lateral COM excursion toward left (m)");
  walk->add_option("--sway-right", w.com_sway_right_m,
                   "Lateral COM excursion toward right (m)");
  walk->add_option("--step-width", w.step_width_m, "Step width (m)");
  walk->add_option("--height", w.body_height_m, "Body height (m)");
  walk->add_option(
      "--pelvic-tilt", args->pelvic_tilt,
      "Mean anterior pelvic tilt (deg, -10..30; default 10), or auto: the walker "
      "chooses the tilt, its asymmetry and if need be the landing knee and step "
      "lengths so that both hip-extension peaks are realised (docs/walker.md)");
  walk->add_option("--sex", args->walk_sex, "F or M")->check(CLI::IsMember({"F", "M"}));
  walk->add_option("--noise", w.noise_sd_m, "Measurement noise SD per coordinate (m)");
  walk->add_option("--dropouts", w.dropout_fraction, "Fraction of missing samples");
  walk->add_option("--rate", w.sample_rate_hz, "Sample rate (Hz)");
  walk->add_option("--strides", w.stride_count, "Steady strides per side");
  walk->add_option("--direction", w.walking_direction_deg,
                   "Walking direction, degrees counter-clockwise from +X");
  walk->add_option("--landmarks", args->landmarks,
                   "markers or keypoints (default: by format)")
      ->check(CLI::IsMember({"markers", "keypoints"}));

  return [&global, args, cohort, oracle, walk, check]() -> Status {
    (void)global;
    if (walk->parsed()) return SimulateWalkFiles(*args, walk);
    if (check->parsed()) {
      args->check.cohort.signal = *SignalLevelFromName(args->signal);
      THAPLAN_ASSIGN_OR_RETURN(PlanCheckReport report, CheckPlannerOnOracle(args->check));
      std::fputs(PlanCheckToText(report).c_str(), stdout);
      if (args->check_csv.empty()) return Status::Ok();
      THAPLAN_ASSIGN_OR_RETURN(AtomicFileWriter writer,
                               AtomicFileWriter::Create(args->check_csv));
      THAPLAN_RETURN_IF_ERROR(writer.Write(PlanCheckPatientsCsv(report)));
      return writer.Commit();
    }
    if (cohort->parsed()) {
      args->cohort.signal = *SignalLevelFromName(args->signal);
      const CohortModel model(args->cohort);
      THAPLAN_RETURN_IF_ERROR(WriteCohortTables(model, args->out));
      if (args->trials.trials_per_session > 0) {
        THAPLAN_RETURN_IF_ERROR(WriteCohortTrials(model, args->out, args->trials));
      }
      std::fprintf(stderr, "wrote %d patients at %d sites to %s (%d gait trials)\n",
                   args->cohort.patients, args->cohort.sites, args->out.c_str(),
                   args->cohort.patients * 3 * args->trials.trials_per_session);
      return Status::Ok();
    }
    if (oracle->parsed()) {
      THAPLAN_ASSIGN_OR_RETURN(CohortModel model, LoadCohortModel(args->cohort_dir));
      if (args->out.empty()) return WriteOracleTable(model, args->placements, stdout);
      THAPLAN_ASSIGN_OR_RETURN(AtomicFileWriter writer,
                               AtomicFileWriter::Create(args->out));
      THAPLAN_RETURN_IF_ERROR(WriteOracleTable(model, args->placements, writer.file()));
      return writer.Commit();
    }
    return Status::InvalidInput(
        "simulate: expected a subcommand: cohort, oracle, walk or plan-check");
  };
}

}  // namespace thaplan::cli
