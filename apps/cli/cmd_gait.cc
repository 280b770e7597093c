// gait: analyse capture files, and import a session's results into the registry.
#include <nlohmann/json.hpp>

#include "commands.h"
#include "progress.h"
#include "thaplan/capture.h"
#include "thaplan/gait.h"

namespace thaplan::cli {
namespace {

struct GaitArgs {
  std::vector<std::string> files;
  std::string profile;
  std::string operated_side;
  std::string sex;
  std::string vertical;
  std::string hip_centres = "harrington2007";
  std::string static_trial;
  double leg_length_m = 0;
  double belt_speed_m_s = 0;
  bool no_filter = false;
  // import only
  std::string patient, pseudonym, site, key_dir, timepoint, device = "unspecified";
  std::optional<int64_t> days;
  bool update = false;
  std::string manifest;
};

void AddAnalysisOptions(CLI::App* app, GaitArgs* a) {
  app->add_option("files", a->files, "Capture files: C3D, TRC or keypoint CSV");
  app->add_option("--profile", a->profile,
                  "Landmark profile: a built-in name (plug-in-gait, opensim-gait2392, "
                  "openpose-body25, opencap-augmented, mediapipe-blazepose33, halpe26, "
                  "thaplan-canonical) or a JSON file; default: detected per file");
  app->add_option("--vertical", a->vertical,
                  "The files' up axis when they do not say: +x, -x, +y, -y, +z, -z")
      ->check(CLI::IsMember({"+x", "-x", "+y", "-y", "+z", "-z"}));
  app->add_option("--hip-centres", a->hip_centres,
                  "Hip joint centre regression when the file has none")
      ->check(CLI::IsMember({"harrington2007", "davis1991"}))
      ->capture_default_str();
  app->add_option("--leg-length", a->leg_length_m, "Leg length in metres (Davis 1991; events)");
  app->add_option("--belt-speed", a->belt_speed_m_s,
                  "Treadmill belt speed (m/s): stride lengths for walks in place");
  app->add_flag("--no-filter", a->no_filter, "Skip the 6 Hz low-pass filter");
  app->add_option("--static", a->static_trial,
                  "Static trial: landmarks the walk lacks (e.g. knee and ankle centres) are "
                  "carried by rigid marker clusters calibrated on it (docs/profiles.md)");
}

Result<GaitOptions> MakeGaitOptions(const GaitArgs& a) {
  GaitOptions o;
  if (a.operated_side == "L") o.operated_side = Side::kLeft;
  if (a.operated_side == "R") o.operated_side = Side::kRight;
  if (a.sex == "F") o.sex = Sex::kFemale;
  if (a.sex == "M") o.sex = Sex::kMale;
  o.leg_length_m = a.leg_length_m;
  o.belt_speed_m_s = a.belt_speed_m_s;
  o.low_pass = !a.no_filter;
  return o;
}

CaptureOptions MakeCaptureOptions(const GaitArgs& a) {
  CaptureOptions c;
  c.profile = a.profile;
  c.static_trial = a.static_trial;
  if (!a.vertical.empty()) {
    c.apply.vertical_sign = a.vertical[0] == '-' ? -1 : 1;
    c.apply.vertical_axis = a.vertical[1] == 'x' ? Axis::kX : a.vertical[1] == 'y' ? Axis::kY
                                                                                     : Axis::kZ;
  }
  c.apply.hip_centre_method =
      a.hip_centres == "davis1991" ? HipCentreMethod::kDavis1991 : HipCentreMethod::kHarrington2007;
  if (a.leg_length_m > 0) c.apply.leg_length_m = a.leg_length_m;
  return c;
}

nlohmann::json InputsJson(const std::vector<Capture>& captures) {
  nlohmann::json inputs = nlohmann::json::array();
  for (const Capture& c : captures) {
    inputs.push_back({{"path", c.path},
                      {"format", c.format},
                      {"sha256", c.sha256},
                      {"profile", c.profile},
                      {"landmarks_matched", c.landmarks_matched},
                      {"hip_centres", c.series.hip_centre_method},
                      {"sample_rate_hz", c.series.sample_rate_hz},
                      {"frames", c.series.frame_count}});
  }
  return inputs;
}

Result<std::pair<std::vector<Capture>, GaitReport>> Analyze(const GaitArgs& a,
                                                           const GaitOptions& options) {
  THAPLAN_ASSIGN_OR_RETURN(std::vector<Capture> captures,
                           LoadCaptures(a.files, MakeCaptureOptions(a)));
  THAPLAN_ASSIGN_OR_RETURN(GaitReport report, AnalyzeCaptures(captures, options));
  return std::make_pair(std::move(captures), std::move(report));
}

Status ImportManifest(const GlobalOptions& global, const GaitArgs& a, const GaitOptions& gait) {
  if (!a.files.empty()) {
    return Status::InvalidInput("--manifest and files: expected one of them, not both");
  }
  GaitManifestOptions o;
  o.capture = MakeCaptureOptions(a);
  o.gait = gait;
  o.key_dir = a.key_dir.empty() ? DefaultKeyDir(global.db) : a.key_dir;
  o.update = a.update;
  ProgressBar bar("gait sessions");
  o.on_progress = [&bar](int64_t done, int64_t total) { bar.Update(done, total); };
  THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, false));
  THAPLAN_ASSIGN_OR_RETURN(GaitManifestReport r, ImportGaitManifest(*reg, a.manifest, o));
  bar.Clear();
  if (global.json) {
    PrintOut(nlohmann::json{{"sessions", r.sessions},
                            {"trials", r.trials},
                            {"stored", r.stored},
                            {"unchanged", r.unchanged},
                            {"replaced", r.replaced}}
                 .dump(2));
  } else {
    PrintOut(a.manifest + ": " + std::to_string(r.sessions) + " gait sessions (" +
             std::to_string(r.trials) + " trials): " + std::to_string(r.stored) + " stored, " +
             std::to_string(r.replaced) + " replaced, " + std::to_string(r.unchanged) +
             " unchanged");
  }
  return Status::Ok();
}

}  // namespace

std::function<Status()> SetupGait(CLI::App* sub, const GlobalOptions& global) {
  auto args = std::make_shared<GaitArgs>();
  sub->require_subcommand(1);
  CLI::App* analyze = sub->add_subcommand(
      "analyze",
      "Gait events, per-stride spatiotemporal parameters and the three THA gait indices "
      "(docs/gait.md) of one session; several files are pooled");
  AddAnalysisOptions(analyze, args.get());
  analyze->add_option("--operated-side", args->operated_side, "L or R")
      ->check(CLI::IsMember({"L", "R"}));
  analyze->add_option("--sex", args->sex, "F or M (de Leva segment table)")
      ->check(CLI::IsMember({"F", "M"}));

  CLI::App* import = sub->add_subcommand(
      "import",
      "Analyse a session's files and store the results, file hashes and paths in the "
      "registry in one transaction; the operated side and sex come from the patient");
  AddAnalysisOptions(import, args.get());
  import->add_option("--patient", args->patient, "The site's own patient key (with --site)");
  import->add_option("--site", args->site, "Site of --patient");
  import->add_option("--pseudonym", args->pseudonym, "The registry's pseudonym instead");
  import->add_option("--key-dir", args->key_dir, "Site key folder (as for import)");
  import->add_option("--timepoint", args->timepoint,
                     "preop, 3m, 6m or 12m (required with files; the manifest has its own)")
      ->check(CLI::IsMember({"preop", "3m", "6m", "12m"}));
  import->add_option("--days", args->days, "Days from surgery of the session");
  import->add_option("--device", args->device, "Capture system, e.g. a vendor and model");
  import->add_flag("--update", args->update, "Replace a stored session made of other files");
  import->add_option("--manifest", args->manifest,
                     "CSV of many sessions (patient_key+site or pseudonym, timepoint, path, "
                     "optional days_from_surgery, device), stored in one transaction");

  return [&global, args, analyze]() -> Status {
    THAPLAN_ASSIGN_OR_RETURN(GaitOptions options, MakeGaitOptions(*args));
    if (args->files.empty() && args->manifest.empty()) {
      return Status::InvalidInput("gait: no files given: expected capture files" +
                                  std::string(analyze->parsed() ? "" : " or --manifest"));
    }
    if (!analyze->parsed() && !args->manifest.empty()) {
      return ImportManifest(global, *args, options);
    }
    if (analyze->parsed()) {
      THAPLAN_ASSIGN_OR_RETURN(auto result, Analyze(*args, options));
      if (global.json) {
        nlohmann::json out = ToJson(result.second);
        out["inputs"] = InputsJson(result.first);
        PrintOut(out.dump(2));
      } else {
        std::string text;
        for (const Capture& c : result.first) {
          text += c.path + ": " + c.format + ", profile " + c.profile + " (" +
                  std::to_string(c.landmarks_matched) + " landmarks)\n";
        }
        PrintOut(text + FormatStrideTable(result.second));
      }
      return Status::Ok();
    }
    if (args->timepoint.empty()) {
      return Status::InvalidInput("--timepoint: missing: expected preop, 3m, 6m or 12m");
    }
    GaitImportOptions o;
    o.files = args->files;
    o.capture = MakeCaptureOptions(*args);
    o.gait = options;
    o.patient_key = args->patient;
    o.site = args->site;
    o.key_dir = args->key_dir.empty() ? DefaultKeyDir(global.db) : args->key_dir;
    o.pseudonym = args->pseudonym;
    o.timepoint = args->timepoint;
    o.days_from_surgery = args->days;
    o.device = args->device;
    o.update = args->update;
    THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, false));
    THAPLAN_ASSIGN_OR_RETURN(GaitImportResult result, ImportGaitSession(*reg, o));
    const char* what = result.outcome == PutOutcome::kUnchanged ? "unchanged (already stored)"
                       : result.outcome == PutOutcome::kUpdated ? "replaced"
                                                                : "stored";
    if (global.json) {
      nlohmann::json out = {{"pseudonym", result.pseudonym},
                            {"timepoint", o.timepoint},
                            {"outcome", what},
                            {"inputs", InputsJson(result.captures)},
                            {"report", ToJson(result.report)}};
      PrintOut(out.dump(2));
    } else {
      PrintOut("gait session of " + result.pseudonym + " at " + o.timepoint + ": " + what +
               " (" + std::to_string(result.captures.size()) + " files, " +
               std::to_string(result.report.strides.size()) + " strides)");
    }
    return Status::Ok();
  };
}

}  // namespace thaplan::cli
