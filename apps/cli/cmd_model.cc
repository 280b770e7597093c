// model: train an outcome model into a bundle, predict with it, list and
// export the models stored in the registry (docs/model.md, docs/model-card.md).
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "model_output.h"
#include "model_validate.h"
#include "thaplan/bundle.h"
#include "thaplan/train.h"

namespace thaplan::cli {
namespace {

// Names from a user's files may not be UTF-8: replaced in JSON, never thrown.
constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

struct ModelArgs {
  // train
  std::string spec, csv, target, out, name;
  TrainOptions train;
  std::vector<std::string> params;  // NAME=VALUE
  // predict
  std::string bundle, patient, site, pseudonym, key_dir, predict_csv;
  PredictOptions predict;
};

Result<size_t> ChooseTarget(const Table& table, const std::string& wanted,
                            const std::string& spec_path) {
  std::string names;
  for (size_t t = 0; t < table.targets.size(); ++t) {
    const TargetSpec& s = table.targets[t].spec;
    if (!wanted.empty() && (s.name == wanted || s.column == wanted)) return t;
    names += (names.empty() ? "" : ", ") + s.name;
  }
  if (wanted.empty() && table.targets.size() == 1) return size_t{0};
  if (wanted.empty()) {
    return Status::InvalidInput(
        spec_path + ": targets: " + std::to_string(table.targets.size()) + " targets (" +
        names + "): expected --target naming one of them");
  }
  return Status::InvalidInput("--target " + wanted + ": not a target of " + spec_path +
                              ": expected one of " + names);
}

Status ParseParams(const std::vector<std::string>& given,
                   std::map<std::string, std::string>* params) {
  for (const std::string& p : given) {
    const size_t eq = p.find('=');
    if (eq == 0 || eq == std::string::npos || eq + 1 == p.size()) {
      return Status::InvalidInput("--param " + p +
                                  ": expected NAME=VALUE, e.g. max_depth=4");
    }
    (*params)[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return Status::Ok();
}

// Stores the bundle in the registry; from a CSV only when a registry exists,
// so a research group without one is not handed an empty registry file.
Result<std::string> Store(const GlobalOptions& global, const ModelBundle& bundle,
                          bool from_csv) {
  if (from_csv && !std::filesystem::exists(global.db)) {
    return "not stored: no registry at " + global.db + " (thaplan init creates one)";
  }
  THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, false));
  THAPLAN_ASSIGN_OR_RETURN(PutOutcome outcome, StoreBundle(*reg, bundle));
  const char* what = outcome == PutOutcome::kInserted  ? "stored"
                     : outcome == PutOutcome::kUpdated ? "stored (card updated)"
                                                       : "already stored";
  return std::string(what) + " in " + reg->location() + " as model " + bundle.card.name;
}

Status RunTrain(const GlobalOptions& global, ModelArgs& a) {
  THAPLAN_ASSIGN_OR_RETURN(DatasetSpec spec, ReadDatasetSpec(a.spec));
  THAPLAN_RETURN_IF_ERROR(ParseParams(a.params, &a.train.params));
  THAPLAN_ASSIGN_OR_RETURN(std::optional<Table> table,
                           LoadModelTable(global, a.csv, spec));
  THAPLAN_ASSIGN_OR_RETURN(size_t target, ChooseTarget(*table, a.target, a.spec));
  a.train.spec = spec;
  a.train.name = a.name;
  THAPLAN_ASSIGN_OR_RETURN(ModelBundle bundle, TrainModel(*table, target, a.train));
  THAPLAN_RETURN_IF_ERROR(WriteBundle(bundle, a.out));
  THAPLAN_ASSIGN_OR_RETURN(std::string stored, Store(global, bundle, !a.csv.empty()));
  if (global.json) {
    PrintOut(nlohmann::ordered_json{
        {"bundle", a.out},
        {"stored", stored},
        {"card", nlohmann::ordered_json::parse(CardToJson(bundle.card))}}
                 .dump(2, ' ', false, kReplace));
  } else {
    PrintOut(TrainSummaryText(bundle.card) + "wrote " + a.out + "\n" + stored);
  }
  return Status::Ok();
}

Status RunPredict(const GlobalOptions& global, const ModelArgs& a) {
  const bool from_csv = !a.predict_csv.empty();
  const bool from_registry = !a.patient.empty() || !a.pseudonym.empty();
  if (from_csv == from_registry) {
    return Status::InvalidInput(
        "model predict: expected one of --csv FILE, --patient KEY --site SITE or "
        "--pseudonym P");
  }
  THAPLAN_ASSIGN_OR_RETURN(ModelBundle bundle, ReadBundle(a.bundle));
  PredictionInput input;
  std::unique_ptr<Registry> reg;
  if (from_csv) {
    THAPLAN_ASSIGN_OR_RETURN(input, PredictionRowsFromCsv(bundle.card, a.predict_csv));
  } else {
    THAPLAN_ASSIGN_OR_RETURN(reg, OpenRegistry(global, false));
    PatientRef who{a.patient, a.site,
                   a.key_dir.empty() ? DefaultKeyDir(global.db) : a.key_dir, a.pseudonym};
    THAPLAN_ASSIGN_OR_RETURN(input, PredictionRowFromRegistry(*reg, bundle.card, who));
  }
  THAPLAN_ASSIGN_OR_RETURN(std::vector<RowPrediction> rows,
                           PredictWithBundle(bundle, input, a.predict));
  if (reg != nullptr) {
    // Who was predicted for, with which model (CLINICAL.md s.6 audit trail).
    THAPLAN_RETURN_IF_ERROR(
        reg->Audit("model predict", rows.front().pseudonym,
                   nlohmann::json{{"model", bundle.card.name},
                                  {"model_sha256", bundle.card.model_sha256}}
                       .dump(-1, ' ', false, kReplace)));
  }
  PrintOut(global.json ? PredictionsJson(bundle.card, rows).dump(2, ' ', false, kReplace)
                       : PredictionsText(bundle.card, rows));
  return RefusalStatus(rows);
}

Status RunList(const GlobalOptions& global) {
  THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, false));
  THAPLAN_ASSIGN_OR_RETURN(std::vector<ModelRecord> models, reg->ListModels());
  PrintOut(global.json ? ModelListJson(models).dump(2, ' ', false, kReplace)
                       : ModelListText(models));
  return Status::Ok();
}

Status RunExport(const GlobalOptions& global, const ModelArgs& a) {
  THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, false));
  THAPLAN_ASSIGN_OR_RETURN(ModelBundle bundle, LoadBundleFromRegistry(*reg, a.name));
  THAPLAN_RETURN_IF_ERROR(WriteBundle(bundle, a.out));
  THAPLAN_RETURN_IF_ERROR(
      reg->Audit("model export", "",
                 nlohmann::json{{"model", bundle.card.name},
                                {"model_sha256", bundle.card.model_sha256}}
                     .dump(-1, ' ', false, kReplace)));
  PrintOut("wrote model " + bundle.card.name + " (model sha256 " +
           bundle.card.model_sha256.substr(0, 12) + ") to " + a.out);
  return Status::Ok();
}

void AddTrainOptions(CLI::App* train, ModelArgs* a) {
  train->add_option("--spec", a->spec, "Dataset spec (JSON, docs/model.md)")->required();
  train->add_option("--csv", a->csv, "Train on this CSV instead of the registry");
  train->add_option("--target", a->target,
                    "Target name or column (when the spec has several)");
  train->add_option("--out", a->out, "Bundle folder to write (docs/model-card.md)")
      ->required();
  train->add_option("--name", a->name,
                    "Model name in the registry (default: the target)");
  train->add_option("--rounds", a->train.rounds, "Boosting rounds")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  train->add_option("--seed", a->train.seed, "Random seed (subsampling)")
      ->capture_default_str();
  train
      ->add_option("--threads", a->train.threads,
                   "Threads (0: all cores; results do not depend on it)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  train
      ->add_option("--ensemble", a->train.ensemble,
                   "Also train this many bootstrap ensemble members, stored inside "
                   "model.json (the planner's uncertainty of a difference; 0: none)")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  train->add_option("--param", a->params,
                    "XGBoost parameter NAME=VALUE overriding the default (repeatable)");
}

void AddPredictOptions(CLI::App* predict, ModelArgs* a) {
  predict->add_option("--bundle", a->bundle, "Bundle folder")->required();
  predict->add_option("--patient", a->patient,
                      "The site's own patient key (with --site)");
  predict->add_option("--site", a->site, "Site of --patient");
  predict->add_option("--pseudonym", a->pseudonym, "The registry's pseudonym instead");
  predict->add_option("--key-dir", a->key_dir, "Site key folder (as for import)");
  predict->add_option("--csv", a->predict_csv, "Predict every row of this CSV");
  predict->add_option("--top", a->predict.top, "Contributions listed per patient")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  predict->add_flag("--extrapolate", a->predict.extrapolate,
                    "Predict rows with values outside the training ranges too (flagged)");
}

}  // namespace

std::function<Status()> SetupModel(CLI::App* sub, const GlobalOptions& global) {
  auto args = std::make_shared<ModelArgs>();
  sub->require_subcommand(1);
  CLI::App* train = sub->add_subcommand(
      "train",
      "Train XGBoost on a spec's target (registry or --csv) and write a bundle: "
      "model.json and its card; stored in the registry");
  AddTrainOptions(train, args.get());
  CLI::App* predict = sub->add_subcommand(
      "predict",
      "Predict with a bundle, with each patient's largest SHAP contributions; "
      "values outside the training ranges are refused unless --extrapolate");
  AddPredictOptions(predict, args.get());
  auto validate_args = std::make_shared<ValidateArgs>();
  CLI::App* validate = sub->add_subcommand(
      "validate",
      "Validate XGBoost and the baselines on a spec's targets (seed, cv, bootstrap, "
      "loso, "
      "permutation, learning_curve); write the report; fill model cards");
  AddValidateOptions(validate, validate_args.get());
  auto report_args = std::make_shared<ReportArgs>();
  CLI::App* report = sub->add_subcommand(
      "report", "Write a validation report as one self-contained HTML page with plots");
  AddReportOptions(report, report_args.get());
  CLI::App* list = sub->add_subcommand("list", "List the models stored in the registry");
  CLI::App* exp =
      sub->add_subcommand("export", "Write a stored model as a bundle folder");
  exp->add_option("--name", args->name, "Model name (the newest version)")->required();
  exp->add_option("--out", args->out, "Bundle folder to write")->required();
  return [&global, args, train, predict, list, validate, validate_args, report,
          report_args]() -> Status {
    if (train->parsed()) return RunTrain(global, *args);
    if (validate->parsed()) return RunValidate(global, *validate_args);
    if (report->parsed()) return RunReport(global, *report_args);
    if (predict->parsed()) return RunPredict(global, *args);
    if (list->parsed()) return RunList(global);
    return RunExport(global, *args);
  };
}

}  // namespace thaplan::cli
