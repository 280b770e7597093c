// plan: the implant placement with the best predicted gait inside a
// constraint profile, beside the standard plan, for one registry patient
// (docs/planning.md).
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "thaplan/bundle.h"
#include "thaplan/plan.h"
#include "thaplan/rehab.h"
#include "thaplan/train.h"

namespace thaplan::cli {
namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// The default models: the newest stored model of each 3-month index.
constexpr const char* kDefaultTargets[] = {
    "m3_stride_length_cv_pct", "m3_peak_hip_extension_deg", "m3_com_asymmetry_pct"};

struct PlanArgs {
  std::string patient, site, key_dir, pseudonym, models, profile = "lewinnek-widmer",
                                                         weights;
  std::vector<std::string> fix;
  PlanOptions options;
};

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t comma = text.find(',', start);
    out.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

Result<double> ParseNumber(const std::string& text, const std::string& what) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
    return Status::InvalidInput(what + " = " + text + ": expected a number");
  }
  return v;
}

Status ParseFixes(const std::vector<std::string>& fixes, PlanOptions* options) {
  for (const std::string& f : fixes) {
    const size_t eq = f.find('=');
    const auto var = DecisionVarFromName(f.substr(0, eq));
    if (eq == std::string::npos || !var) {
      return Status::InvalidInput(
          "--fix " + f +
          ": expected NAME=VALUE with NAME one of cup_inclination_deg, "
          "cup_anteversion_deg, stem_anteversion_deg, leg_length_change_mm, "
          "femoral_offset_change_mm");
    }
    THAPLAN_ASSIGN_OR_RETURN(double v,
                             ParseNumber(f.substr(eq + 1), "--fix " + f.substr(0, eq)));
    options->fixed[static_cast<size_t>(*var)] = v;
  }
  return Status::Ok();
}

Result<std::vector<ModelBundle>> LoadModels(Registry& reg, const std::string& names) {
  std::vector<ModelBundle> out;
  if (!names.empty()) {
    for (const std::string& name : Split(names)) {
      THAPLAN_ASSIGN_OR_RETURN(ModelBundle b, LoadBundleFromRegistry(reg, name));
      out.push_back(std::move(b));
    }
    return out;
  }
  THAPLAN_ASSIGN_OR_RETURN(std::vector<ModelRecord> records, reg.ListModels());
  for (const char* column : kDefaultTargets) {
    const ModelRecord* newest = nullptr;
    for (const ModelRecord& r : records) {
      if (r.target == column && (newest == nullptr || r.model_id > newest->model_id)) {
        newest = &r;
      }
    }
    if (newest == nullptr) {
      return Status::NotFound(reg.location() + ": no model of " + column +
                              ": expected one trained with thaplan model train (or name "
                              "the models with --models)");
    }
    THAPLAN_ASSIGN_OR_RETURN(ModelBundle b, LoadBundleFromRegistry(reg, newest->name));
    out.push_back(std::move(b));
  }
  return out;
}

double TargetSd(const Table& table) {
  const std::vector<size_t> rows = RowsWithTarget(table, 0);
  double sum = 0, sq = 0;
  for (size_t r : rows) sum += table.targets[0].values[r];
  const double mean = sum / static_cast<double>(rows.size());
  for (size_t r : rows) sq += std::pow(table.targets[0].values[r] - mean, 2);
  return rows.size() < 2 ? NAN : std::sqrt(sq / static_cast<double>(rows.size()));
}

Status ApplyWeights(const std::string& weights, std::vector<PlanTarget>* targets) {
  if (weights.empty()) return Status::Ok();
  const std::vector<std::string> w = Split(weights);
  if (w.size() != targets->size()) {
    return Status::InvalidInput("--weights " + weights + ": expected " +
                                std::to_string(targets->size()) +
                                " comma-separated weights, one per model");
  }
  for (size_t t = 0; t < w.size(); ++t) {
    THAPLAN_ASSIGN_OR_RETURN((*targets)[t].weight, ParseNumber(w[t], "--weights"));
  }
  return Status::Ok();
}

Status RunPlan(const GlobalOptions& global, PlanArgs& a) {
  if (a.patient.empty() == a.pseudonym.empty()) {
    return Status::InvalidInput(
        "plan: expected --patient KEY --site SITE or --pseudonym P");
  }
  THAPLAN_ASSIGN_OR_RETURN(a.options.profile, LoadProfile(a.profile));
  THAPLAN_RETURN_IF_ERROR(ParseFixes(a.fix, &a.options));
  THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, false));
  THAPLAN_ASSIGN_OR_RETURN(std::vector<ModelBundle> bundles, LoadModels(*reg, a.models));
  const PatientRef who{a.patient, a.site,
                       a.key_dir.empty() ? DefaultKeyDir(global.db) : a.key_dir,
                       a.pseudonym};
  std::vector<PlanTarget> targets;
  PlanPatient patient;
  TrainingSupport support;
  std::vector<Table> tables;  // each model's training table, for the placement check
  tables.reserve(bundles.size());
  for (ModelBundle& b : bundles) {
    THAPLAN_ASSIGN_OR_RETURN(PredictionInput row,
                             PredictionRowFromRegistry(*reg, b.card, who));
    patient.label = row.pseudonyms.front();
    patient.rows.push_back(row.x.values);
    // The training SD standardises the objective; the placements of the
    // registry's patients feed the k-NN guard.
    THAPLAN_ASSIGN_OR_RETURN(Table table, BuildTableFromRegistry(*reg, b.card.dataset));
    PlanTarget t;
    t.scale = TargetSd(table);
    if (support.rows.empty()) support = SupportFromTable(table);
    tables.push_back(std::move(table));
    const auto better = DefaultBetter(b.card.target().column);
    if (!better) {
      return Status::InvalidInput(
          "model " + b.card.name + ": target " + b.card.target().column +
          ": expected a gait index whose better direction is known "
          "(stride-length CV, peak hip extension, COM asymmetry)");
    }
    t.better = *better;
    t.bundle = std::move(b);
    targets.push_back(std::move(t));
  }
  THAPLAN_RETURN_IF_ERROR(ApplyWeights(a.weights, &targets));
  // Do the models' placement effects inside the profile show in the training
  // patients their ensemble members left out? (docs/planning.md)
  std::vector<PlacementCheckData> check_data;
  for (const Table& table : tables) check_data.push_back({&table, 0});
  THAPLAN_ASSIGN_OR_RETURN(a.options.placement_check,
                           CheckPlacementEffects(targets, check_data, a.options));
  THAPLAN_ASSIGN_OR_RETURN(PlanResult result,
                           PlanPlacement(targets, patient, a.options, support));
  PlanRehabilitation(targets, patient, &result);
  nlohmann::json models = nlohmann::json::array();
  for (const PlanTarget& t : targets) {
    models.push_back(
        {{"model", t.bundle.card.name}, {"sha256", t.bundle.card.model_sha256}});
  }
  THAPLAN_RETURN_IF_ERROR(
      reg->Audit("plan", patient.label,
                 nlohmann::json{{"models", models}, {"profile", result.profile}}.dump(
                     -1, ' ', false, kReplace)));
  PrintOut(global.json ? PlanToJson(result) : PlanToText(result));
  return Status::Ok();
}

}  // namespace

std::function<Status()> SetupPlan(CLI::App* sub, const GlobalOptions& global) {
  auto a = std::make_shared<PlanArgs>();
  sub->add_option("--patient", a->patient, "The site's own patient key (with --site)");
  sub->add_option("--site", a->site, "Site of --patient");
  sub->add_option("--key-dir", a->key_dir, "Site key folder (as for import)");
  sub->add_option("--pseudonym", a->pseudonym, "The registry's pseudonym instead");
  sub->add_option(
      "--models", a->models,
      "Model names, comma-separated (default: the newest stored model of each "
      "3-month gait index)");
  sub->add_option("--profile", a->profile,
                  "Constraint profile: lewinnek-widmer, callanan-dorr or a JSON file")
      ->capture_default_str();
  sub->add_option("--fix", a->fix,
                  "Hold a variable at a value, e.g. cup_inclination_deg=45 (repeatable)");
  sub->add_option("--weights", a->weights,
                  "Objective weights, one per model (default 1)");
  sub->add_flag("--pessimistic", a->options.pessimistic,
                "Optimise the pessimistic end of the conformal intervals");
  sub->add_option("--level", a->options.interval_level, "Conformal interval level")
      ->capture_default_str();
  sub->add_option("--alternatives", a->options.alternatives, "Ranked alternatives shown")
      ->check(CLI::Range(0, 20))
      ->capture_default_str();
  return [&global, a]() -> Status { return RunPlan(global, *a); };
}

}  // namespace thaplan::cli
