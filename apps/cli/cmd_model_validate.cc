// model validate: run the validation protocols on a spec's targets, write the
// report, fill model cards. model report: the report as one HTML page.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "model_output.h"
#include "model_validate.h"
#include "thaplan/atomic_file.h"
#include "thaplan/bundle.h"
#include "thaplan/report.h"
#include "thaplan/train.h"

namespace thaplan::cli {
namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

Status BadFlag(const std::string& flag, const std::string& value,
               const std::string& expected) {
  return Status::InvalidInput(flag + " = " + value + ": expected " + expected);
}

// "seed,cv" or "all" -> protocols, in the order given.
Result<std::vector<Protocol>> ParseProtocols(const std::string& text) {
  if (text == "all") {
    return std::vector<Protocol>{Protocol::kSeed,        Protocol::kRepeatedCv,
                                 Protocol::kBootstrap,   Protocol::kLeaveOneSiteOut,
                                 Protocol::kPermutation, Protocol::kLearningCurve};
  }
  std::vector<Protocol> out;
  std::stringstream in(text);
  std::string name;
  while (std::getline(in, name, ',')) {
    auto p = ParseProtocol(name);
    if (!p.ok()) {
      return BadFlag("--protocols", text,
                     "a comma-separated list of seed, cv, bootstrap, loso, permutation, "
                     "learning_curve, or all ('" +
                         name + "' is none of them)");
    }
    for (Protocol seen : out) {
      if (seen == *p) return BadFlag("--protocols", text, "each protocol once");
    }
    out.push_back(*p);
  }
  if (out.empty()) return BadFlag("--protocols", "''", "at least one protocol");
  return out;
}

Result<std::vector<size_t>> ChooseTargets(const Table& table,
                                          const std::vector<std::string>& wanted,
                                          const std::string& spec_path) {
  std::vector<size_t> out;
  std::string names;
  for (const TargetColumn& t : table.targets)
    names += (names.empty() ? "" : ", ") + t.spec.name;
  for (const std::string& w : wanted) {
    // A name first: a binary target may share its column with another.
    size_t found = table.targets.size();
    for (size_t t = 0; t < table.targets.size() && found == table.targets.size(); ++t) {
      if (table.targets[t].spec.name == w) found = t;
    }
    for (size_t t = 0; t < table.targets.size() && found == table.targets.size(); ++t) {
      if (table.targets[t].spec.column == w) found = t;
    }
    if (found == table.targets.size()) {
      return Status::InvalidInput("--target " + w + ": not a target of " + spec_path +
                                  ": expected one of " + names);
    }
    out.push_back(found);
  }
  return out;
}

// A card to fill, and where it goes back to.
struct CardSlot {
  ModelBundle bundle;
  std::string dir;  // --bundle; empty for --model
};

// The targets validated, by index (all when none were chosen).
std::vector<size_t> Validated(const Table& table, const ValidationOptions& o) {
  if (!o.targets.empty()) return o.targets;
  std::vector<size_t> all(table.targets.size());
  for (size_t t = 0; t < all.size(); ++t) all[t] = t;
  return all;
}

// Before the (long) run: every card must belong to a validated target and
// have been trained on this very table.
Status CheckCards(const Table& table, const ValidationOptions& o,
                  const std::vector<CardSlot>& cards) {
  for (const CardSlot& c : cards) {
    const ModelCard& card = c.bundle.card;
    const std::string where = c.dir.empty() ? "model " + card.name : c.dir;
    std::string names;
    bool matched = false;
    for (size_t t : Validated(table, o)) {
      const TargetColumn& col = table.targets[t];
      names += (names.empty() ? "" : ", ") + col.spec.name;
      if (col.spec.name != card.target().name) continue;
      matched = true;
      const std::string sha = TrainingTableSha256(table, t);
      if (sha != card.data_sha256) {
        return Status::InvalidInput(
            where + ": data.sha256 = " + card.data_sha256.substr(0, 12) +
            "...: expected " + sha.substr(0, 12) +
            "..., the table being validated (train and validate with the same spec and "
            "data)");
      }
    }
    if (!matched) {
      return Status::InvalidInput(where + ": target " + card.target().name +
                                  ": not validated: expected one of " + names);
    }
  }
  return Status::Ok();
}

Result<std::vector<CardSlot>> LoadCards(const GlobalOptions& global,
                                        const std::vector<std::string>& bundles,
                                        const std::vector<std::string>& models) {
  std::vector<CardSlot> out;
  for (const std::string& dir : bundles) {
    THAPLAN_ASSIGN_OR_RETURN(ModelBundle b, ReadBundle(dir));
    out.push_back({std::move(b), dir});
  }
  if (!models.empty()) {
    THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, false));
    for (const std::string& name : models) {
      THAPLAN_ASSIGN_OR_RETURN(ModelBundle b, LoadBundleFromRegistry(*reg, name));
      out.push_back({std::move(b), ""});
    }
  }
  return out;
}

Status CheckNumbers(const ValidateArgs& a) {
  const ValidationOptions& o = a.options;
  if (a.folds < 2) return BadFlag("--folds", std::to_string(a.folds), "2 or more folds");
  if (a.repeats < 1) return BadFlag("--repeats", std::to_string(a.repeats), "1 or more");
  if (o.ci_replicates < 0) {
    return BadFlag("--ci-replicates", std::to_string(o.ci_replicates), "0 or more");
  }
  if (o.bootstrap_replicates < 1) {
    return BadFlag("--replicates", std::to_string(o.bootstrap_replicates),
                   "1 or more (Harrell: 200 or more)");
  }
  if (o.permutations < 1) {
    return BadFlag("--permutations", std::to_string(o.permutations), "1 or more");
  }
  if (o.seed_splits < 1) {
    return BadFlag("--splits", std::to_string(o.seed_splits), "1 or more");
  }
  if (o.learning_repeats < 1) {
    return BadFlag("--learning-repeats", std::to_string(o.learning_repeats), "1 or more");
  }
  if (o.threads < 0) {
    return BadFlag("--threads", std::to_string(o.threads), "0 (all cores) or more");
  }
  if (!(o.anticipated_r2 > 0 && o.anticipated_r2 < 1)) {
    return BadFlag("--anticipated-r2", std::to_string(o.anticipated_r2),
                   "a value between 0 and 1");
  }
  return Status::Ok();
}

// Writes each filled card back: to its folder, and to the registry when it
// came from there or a registry exists (a research group without one is not
// handed an empty registry, as for model train).
Result<std::string> StoreCards(const GlobalOptions& global,
                               std::vector<CardSlot>& cards) {
  std::string out;
  std::unique_ptr<Registry> reg;
  for (CardSlot& c : cards) {
    const std::string& name = c.bundle.card.name;
    if (!c.dir.empty()) {
      THAPLAN_RETURN_IF_ERROR(WriteBundle(c.bundle, c.dir));
      out += "model " + name + ": validation written to its card in " + c.dir + "\n";
    }
    if (!c.dir.empty() && !std::filesystem::exists(global.db)) {
      out += "model " + name + ": not stored: no registry at " + global.db + "\n";
      continue;
    }
    if (reg == nullptr) {
      THAPLAN_ASSIGN_OR_RETURN(reg, OpenRegistry(global, false));
    }
    THAPLAN_ASSIGN_OR_RETURN(PutOutcome outcome, StoreBundle(*reg, c.bundle));
    out += "model " + name + ": " +
           (outcome == PutOutcome::kUpdated    ? "card updated in "
            : outcome == PutOutcome::kInserted ? "stored in "
                                               : "card unchanged in ") +
           reg->location() + "\n";
  }
  return out;
}

}  // namespace

void AddValidateOptions(CLI::App* v, ValidateArgs* a) {
  ValidationOptions& o = a->options;
  o.threads = 0;
  v->add_option("--spec", a->spec, "Dataset spec (JSON, docs/model.md)")->required();
  v->add_option("--csv", a->csv, "Validate on this CSV instead of the registry");
  v->add_option("--target", a->targets,
                "Target name or column (repeatable; default: every target of the spec)");
  v->add_option("--protocols", a->protocols,
                "Comma-separated: seed, cv, bootstrap, loso, permutation, "
                "learning_curve; or all")
      ->capture_default_str();
  v->add_option("--folds", a->folds, "Folds (cv, permutation, learning curve)")
      ->capture_default_str();
  v->add_option("--repeats", a->repeats, "Repeats of the k-fold CV")
      ->capture_default_str();
  v->add_option("--replicates", o.bootstrap_replicates, "Bootstrap replicates (Harrell)")
      ->capture_default_str();
  v->add_option("--permutations", o.permutations, "Label permutations")
      ->capture_default_str();
  v->add_option("--splits", o.seed_splits, "Random 70/30 splits of the seed protocol")
      ->capture_default_str();
  v->add_option("--learning-repeats", o.learning_repeats,
                "Random subsets per size of the learning curve")
      ->capture_default_str();
  v->add_option("--ci-replicates", o.ci_replicates,
                "Bootstrap resamples for the 95 % CIs")
      ->capture_default_str();
  v->add_option("--anticipated-r2", o.anticipated_r2,
                "Anticipated R² for Riley's sample size")
      ->capture_default_str();
  v->add_option("--seed", o.seed, "Random seed (folds, splits, XGBoost)")
      ->capture_default_str();
  v->add_option("--threads", o.threads,
                "Threads (0: all cores; the report does not depend on it)")
      ->capture_default_str();
  v->add_option("--out", a->out, "Write the full report as JSON (for model report)");
  v->add_option("--bundle", a->bundles,
                "Bundle folder of a validated target: fill its card (repeatable)");
  v->add_option("--model", a->models,
                "Registry model of a validated target: fill its card (repeatable)");
}

void AddReportOptions(CLI::App* r, ReportArgs* a) {
  r->add_option("--in", a->in, "Validation report (JSON, from model validate --out)")
      ->required();
  r->add_option("--bundle", a->bundles, "Bundle folder: its card's SHAP (repeatable)");
  r->add_option("--model", a->models, "Registry model: its card's SHAP (repeatable)");
  r->add_option("--out", a->out, "HTML file to write")->required();
}

Status RunValidate(const GlobalOptions& global, ValidateArgs& a) {
  THAPLAN_ASSIGN_OR_RETURN(a.options.protocols, ParseProtocols(a.protocols));
  THAPLAN_RETURN_IF_ERROR(CheckNumbers(a));
  a.options.folds = static_cast<size_t>(a.folds);
  a.options.repeats = static_cast<size_t>(a.repeats);
  THAPLAN_ASSIGN_OR_RETURN(DatasetSpec spec, ReadDatasetSpec(a.spec));
  THAPLAN_ASSIGN_OR_RETURN(std::optional<Table> table,
                           LoadModelTable(global, a.csv, spec));
  THAPLAN_ASSIGN_OR_RETURN(a.options.targets, ChooseTargets(*table, a.targets, a.spec));
  THAPLAN_ASSIGN_OR_RETURN(std::vector<CardSlot> cards,
                           LoadCards(global, a.bundles, a.models));
  THAPLAN_RETURN_IF_ERROR(CheckCards(*table, a.options, cards));
  // The cards' intervals come from their own models' configurations; a card
  // whose parameters a configuration cannot express keeps the tuned one's, and
  // FillCardValidation says so.
  for (const CardSlot& c : cards) {
    if (Result<XgbConfig> own = CardConfig(c.bundle.card); own.ok()) {
      a.options.deployed[c.bundle.card.target().name] = *own;
    }
  }
  THAPLAN_ASSIGN_OR_RETURN(ValidationReport report, Validate(*table, a.options));
  const std::string json = ToJson(report).dump(1, ' ', false, kReplace) + "\n";
  if (!a.out.empty()) THAPLAN_RETURN_IF_ERROR(WriteFileAtomically(a.out, json));
  for (CardSlot& c : cards) {
    THAPLAN_RETURN_IF_ERROR(FillCardValidation(report, &c.bundle.card));
  }
  THAPLAN_ASSIGN_OR_RETURN(std::string stored, StoreCards(global, cards));
  if (global.json) {
    PrintOut(json);
  } else {
    PrintOut(ValidationSummaryText(report) +
             (a.out.empty() ? "" : "wrote " + a.out + "\n") + stored);
  }
  return Status::Ok();
}

Status RunReport(const GlobalOptions& global, const ReportArgs& a) {
  std::ifstream in(a.in, std::ios::binary);
  if (!in) {
    return Status::InvalidInput(a.in +
                                ": cannot open: expected a validation report (JSON)");
  }
  const nlohmann::json report = nlohmann::json::parse(in, nullptr, false);
  if (report.is_discarded()) {
    return Status::InvalidInput(a.in +
                                ": not JSON: expected a validation report "
                                "written by thaplan model validate --out");
  }
  THAPLAN_ASSIGN_OR_RETURN(std::vector<CardSlot> slots,
                           LoadCards(global, a.bundles, a.models));
  std::vector<ModelCard> cards;
  for (CardSlot& s : slots) cards.push_back(std::move(s.bundle.card));
  THAPLAN_ASSIGN_OR_RETURN(std::string html, ValidationReportHtml(report, cards, a.in));
  THAPLAN_RETURN_IF_ERROR(WriteFileAtomically(a.out, html));
  PrintOut("wrote " + a.out + " (" + std::to_string(html.size() / 1024) + " KiB, " +
           std::to_string(report.at("targets").size()) + " targets)");
  return Status::Ok();
}

}  // namespace thaplan::cli
