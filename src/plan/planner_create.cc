// Preparing a planner for one patient: compile the models, map their
// features to the decision variables, specialise the trees on the patient,
// set up the objective and the data-support guard.
#include <algorithm>
#include <cmath>

#include "plan/planner_impl.h"

namespace thaplan {
namespace {

constexpr std::string_view kVarNames[] = {"cup_inclination_deg", "cup_anteversion_deg",
                                          "stem_anteversion_deg", "leg_length_change_mm",
                                          "femoral_offset_change_mm"};
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The standardising scale: the caller's training SD, else the card's RMSE.

double HalfWidth(const ModelCard& card, double level) {
  for (const CardConformal& c : card.validation.conformal) {
    if (std::abs(c.level - level) < 1e-9) return c.residual_quantile;
  }
  return kNaN;
}

Status MapFeatures(const ModelCard& card, std::array<int, kPlanFeatures>* feature_of,
                   std::vector<int>* var_of) {
  feature_of->fill(-1);
  var_of->assign(card.features.size(), -1);
  for (size_t f = 0; f < card.features.size(); ++f) {
    const std::string& name = card.features[f].name;
    for (size_t v = 0; v < kPlanFeatures; ++v) {
      if (name != PlanFeatureName(v)) continue;
      (*feature_of)[v] = static_cast<int>(f);
      (*var_of)[f] = static_cast<int>(v);
    }
  }
  return Status::Ok();
}

// Training ranges of the placement features: intersected over the models.
void AddTrainingRanges(const ModelCard& card,
                       const std::array<int, kPlanFeatures>& feature_of,
                       std::array<Range, kPlanFeatures>* ranges) {
  for (size_t v = 0; v < kPlanFeatures; ++v) {
    if (feature_of[v] < 0) continue;
    const CardFeature& f = card.features[static_cast<size_t>(feature_of[v])];
    if (std::isnan(f.min) || std::isnan(f.max)) continue;
    Range& r = (*ranges)[v];
    r.min = r.known ? std::max(r.min, f.min) : f.min;
    r.max = r.known ? std::min(r.max, f.max) : f.max;
    r.known = true;
  }
}

// Value of the patient's feature `name` in any target's row (NaN if none).
double PatientValue(const Planner::Impl& impl, std::string_view name) {
  for (size_t t = 0; t < impl.targets.size(); ++t) {
    const auto& features = impl.targets[t].bundle.card.features;
    for (size_t f = 0; f < features.size(); ++f) {
      if (features[f].name == name && !std::isnan(impl.patient.rows[t][f])) {
        return impl.patient.rows[t][f];
      }
    }
  }
  return kNaN;
}

// The patient's own features outside a model's training range: trees
// extrapolate flat, so every prediction for this patient is less certain
// than its interval says. Noted once per feature (docs/model.md refuses such
// rows in `model predict`; a plan shows them instead).
void NoteOutOfRange(const ModelCard& card, const std::vector<float>& row,
                    const std::vector<int>& var_of, Planner::Impl* impl) {
  for (size_t f = 0; f < card.features.size(); ++f) {
    const CardFeature& cf = card.features[f];
    const double x = row[f];
    if (var_of[f] >= 0 || std::isnan(x) || std::isnan(cf.min)) continue;
    if (x >= cf.min && x <= cf.max) continue;
    const std::string note = "patient's " + cf.name + " = " + Num(x) +
                             " is outside the training range " + Num(cf.min) + ".." +
                             Num(cf.max) + ": predictions extrapolate";
    if (std::find(impl->notes.begin(), impl->notes.end(), note) == impl->notes.end()) {
      impl->notes.push_back(note);
    }
  }
}

Status PrepareTarget(size_t t, Planner::Impl* impl) {
  THAPLAN_RETURN_IF_ERROR(CompileTarget(&impl->targets[t]));
  const PlanTarget& target = impl->targets[t];
  const ModelCard& card = target.bundle.card;
  std::shared_ptr<const CompiledModel> shared = target.compiled;
  const CompiledModel& model = *shared;
  if (model.num_features != card.features.size() ||
      impl->patient.rows[t].size() != card.features.size()) {
    return Status::InvalidInput(
        "model " + card.name + ": " + std::to_string(model.num_features) +
        " model features, " + std::to_string(impl->patient.rows[t].size()) +
        " patient values: expected " + std::to_string(card.features.size()) +
        ", the card's features");
  }
  std::array<int, kPlanFeatures> feature_of{};
  std::vector<int> var_of;
  THAPLAN_RETURN_IF_ERROR(MapFeatures(card, &feature_of, &var_of));
  NoteOutOfRange(card, impl->patient.rows[t], var_of, impl);
  AddTrainingRanges(card, feature_of, &impl->training);
  THAPLAN_ASSIGN_OR_RETURN(double scale, TargetScale(target));
  const double dir = target.better == Better::kLower ? 1 : -1;
  const double q = HalfWidth(card, impl->options.interval_level);
  if (impl->options.pessimistic && std::isnan(q)) {
    return Status::InvalidInput(
        "model " + card.name + ": no conformal quantile at level " +
        Num(impl->options.interval_level) +
        ": expected a validated model (thaplan model validate) for the pessimistic "
        "objective");
  }
  impl->scale.push_back(scale);
  impl->factor.push_back(dir * target.weight / scale);
  impl->half_width.push_back(q);
  impl->shift.push_back(impl->options.pessimistic ? dir * q : 0);
  impl->specialised.push_back(
      plan_internal::SpecialiseOnPatient(model, impl->patient.rows[t], var_of));
  std::vector<plan_internal::PatientTarget> members;
  if (target.compiled_ensemble != nullptr) {
    for (const CompiledModel& member : *target.compiled_ensemble) {
      if (member.num_features != model.num_features) {
        return Status::InvalidInput(
            "model " + card.name + ": an ensemble member has " +
            std::to_string(member.num_features) + " features: expected " +
            std::to_string(model.num_features) + ", the main model's");
      }
      members.push_back(
          plan_internal::SpecialiseOnPatient(member, impl->patient.rows[t], var_of));
    }
  }
  impl->members_of_target.push_back(std::move(members));
  impl->feature_of.push_back(feature_of);
  impl->models.push_back(std::move(shared));
  return Status::Ok();
}

// The ensemble used for the difference's uncertainty: member m of every
// target, for m below the smallest member count; none when a target has no
// ensemble (or fewer than two members), with a note saying why.
void PrepareEnsemble(Planner::Impl* impl) {
  size_t count = std::numeric_limits<size_t>::max();
  std::string without;
  for (size_t t = 0; t < impl->targets.size(); ++t) {
    const size_t n = impl->members_of_target[t].size();
    count = std::min(count, n);
    if (n < 2) {
      without += (without.empty() ? "" : ", ") + impl->targets[t].bundle.card.name;
    }
  }
  if (!without.empty()) {
    impl->notes.push_back(
        "uncertainty of the difference to the standard plan: the models' conformal "
        "interval half-widths (root sum of squares), not the difference's own: " +
        without +
        " has no bootstrap ensemble of at least 2 members (thaplan model train "
        "--ensemble B)");
    impl->members_of_target.clear();
    return;
  }
  for (size_t t = 0; t < impl->targets.size(); ++t) {
    if (impl->members_of_target[t].size() > count) {
      impl->notes.push_back("model " + impl->targets[t].bundle.card.name + ": " +
                            std::to_string(impl->members_of_target[t].size()) +
                            " ensemble members, the first " + std::to_string(count) +
                            " used (the smallest ensemble of the models)");
      impl->members_of_target[t].resize(count);
    }
  }
  impl->ensemble_members = count;
}

double KthSmallest(std::vector<double>* d, size_t k) {
  std::nth_element(d->begin(), d->begin() + static_cast<long>(k - 1), d->end());
  return (*d)[k - 1];
}

// Standardises the training placements and sets the threshold: the
// `quantile` of each training row's own k-NN distance to the others.
void PrepareSupport(const TrainingSupport& support, Planner::Impl* impl) {
  const size_t k = impl->options.knn_k;
  const double q = impl->options.knn_quantile;
  std::shared_ptr<const SupportGuard> guard = support.guard;
  if (!guard || guard->k != k || guard->quantile != q) {
    guard = std::make_shared<const SupportGuard>(PrepareSupportGuard(support.rows, k, q));
  }
  if (std::isnan(guard->threshold)) {
    impl->notes.push_back(
        "k-NN guard off: " + std::to_string(guard->complete) +
        " complete training placements, expected more than k = " + std::to_string(k));
    return;
  }
  impl->support_guard = guard;
  impl->notes.push_back("k-NN guard: k = " + std::to_string(k) + ", threshold " +
                        Num(guard->threshold) + " (the " + Num(100 * q) +
                        "th percentile of the training placements' own k-NN distances, "
                        "standardised), from " +
                        std::to_string(guard->standardised.size()) + " placements");
}

Status CheckOptions(const std::vector<PlanTarget>& targets, const PlanPatient& patient,
                    const PlanOptions& o) {
  if (targets.empty()) {
    return Status::InvalidInput("plan: no models: expected at least one outcome model");
  }
  if (patient.rows.size() != targets.size()) {
    return Status::InvalidInput("plan: " + std::to_string(patient.rows.size()) +
                                " patient rows: expected one per model (" +
                                std::to_string(targets.size()) + ")");
  }
  if (!(o.interval_level > 0 && o.interval_level < 1)) {
    return Status::InvalidInput("plan: interval level = " + Num(o.interval_level) +
                                ": expected a level in (0, 1), e.g. 0.9");
  }
  if (!(o.knn_quantile >= 0 && o.knn_quantile <= 1)) {
    return Status::InvalidInput("plan: k-NN quantile = " + Num(o.knn_quantile) +
                                ": expected a quantile in 0..1");
  }
  for (const PlanTarget& t : targets) {
    if (!(t.weight >= 0) || !std::isfinite(t.weight)) {
      return Status::InvalidInput("model " + t.bundle.card.name + ": weight = " +
                                  Num(t.weight) + ": expected a finite weight >= 0");
    }
  }
  return Status::Ok();
}

}  // namespace

std::array<int, kPlanFeatures> PlanFeatureColumns(const ModelCard& card) {
  std::array<int, kPlanFeatures> feature_of{};
  std::vector<int> var_of;
  (void)MapFeatures(card, &feature_of, &var_of);  // never fails
  return feature_of;
}

Result<double> TargetScale(const PlanTarget& t) {
  double scale = t.scale;
  if (std::isnan(scale)) {
    for (const CardMetric& m : t.bundle.card.validation.metrics) {
      if (m.name == "rmse") scale = m.estimate;
    }
  }
  if (!(scale > 0) || !std::isfinite(scale)) {
    return Status::InvalidInput(
        "model " + t.bundle.card.name + ": scale = " + Num(scale) +
        ": expected the target's training SD (or a validated card with an RMSE) to "
        "standardise the objective");
  }
  return scale;
}

std::string_view PlanFeatureName(size_t v) {
  if (v == kPostopFeature) return "postop_lld_mm";
  if (v == kCombinedFeature) return kCombinedAnteversionFeature;
  return kVarNames[v];
}

float PlanFeatureValue(size_t v, const PlacementValues& x, double preop_lld_mm) {
  constexpr size_t kAv = static_cast<size_t>(DecisionVar::kCupAnteversion);
  constexpr size_t kStem = static_cast<size_t>(DecisionVar::kStemAnteversion);
  constexpr size_t kLl = static_cast<size_t>(DecisionVar::kLegLengthChange);
  if (v == kPostopFeature) return static_cast<float>(preop_lld_mm + x[kLl]);
  if (v == kCombinedFeature) return CombinedAnteversionFeature(x[kAv], x[kStem]);
  return static_cast<float>(x[v]);
}

std::string_view DecisionVarName(DecisionVar var) {
  return kVarNames[static_cast<size_t>(var)];
}

std::string_view DecisionVarUnit(DecisionVar var) {
  return var == DecisionVar::kLegLengthChange || var == DecisionVar::kOffsetChange
             ? "mm"
             : "deg";
}

std::optional<DecisionVar> DecisionVarFromName(std::string_view name) {
  for (size_t v = 0; v < kDecisionVarCount; ++v) {
    if (kVarNames[v] == name) return static_cast<DecisionVar>(v);
  }
  return std::nullopt;
}

PlacementValues ToValues(const Placement& p) {
  return {p.cup_inclination_deg, p.cup_anteversion_deg, p.stem_anteversion_deg,
          p.leg_length_change_mm, p.femoral_offset_change_mm};
}

Placement FromValues(const PlacementValues& v) { return {v[0], v[1], v[2], v[3], v[4]}; }

std::optional<Better> DefaultBetter(std::string_view column) {
  if (column.ends_with("stride_length_cv_pct") || column.ends_with("com_asymmetry_pct")) {
    return Better::kLower;
  }
  if (column.ends_with("peak_hip_extension_deg")) return Better::kHigher;
  return std::nullopt;
}

SupportGuard PrepareSupportGuard(const std::vector<PlacementValues>& all, size_t k,
                                 double quantile) {
  SupportGuard g;
  g.k = k;
  g.quantile = quantile;
  std::vector<PlacementValues> rows;
  for (const PlacementValues& r : all) {
    if (std::all_of(r.begin(), r.end(), [](double v) { return std::isfinite(v); })) {
      rows.push_back(r);
    }
  }
  g.complete = rows.size();
  if (k == 0 || rows.size() <= k) return g;
  const double n = static_cast<double>(rows.size());
  for (size_t v = 0; v < kDecisionVarCount; ++v) {
    double sum = 0, sq = 0;
    for (const auto& r : rows) sum += r[v];
    const double mean = sum / n;
    for (const auto& r : rows) sq += (r[v] - mean) * (r[v] - mean);
    const double sd = std::sqrt(sq / n);
    g.mean[v] = mean;
    g.sd[v] = sd > 0 ? sd : 1;  // a constant variable: no scaling
  }
  for (auto& r : rows) {
    for (size_t v = 0; v < kDecisionVarCount; ++v) r[v] = (r[v] - g.mean[v]) / g.sd[v];
  }
  std::vector<double> own, d(rows.size() - 1);
  for (size_t i = 0; i < rows.size(); ++i) {
    size_t m = 0;
    for (size_t j = 0; j < rows.size(); ++j) {
      if (j == i) continue;
      double s = 0;
      for (size_t v = 0; v < kDecisionVarCount; ++v) {
        s += (rows[i][v] - rows[j][v]) * (rows[i][v] - rows[j][v]);
      }
      d[m++] = s;
    }
    own.push_back(std::sqrt(KthSmallest(&d, k)));
  }
  std::sort(own.begin(), own.end());
  // Linear interpolation between order statistics (numpy's default).
  const double pos = quantile * static_cast<double>(own.size() - 1);
  const size_t lo = static_cast<size_t>(pos);
  const size_t hi = std::min(lo + 1, own.size() - 1);
  g.threshold = own[lo] + (pos - static_cast<double>(lo)) * (own[hi] - own[lo]);
  g.standardised = std::move(rows);
  return g;
}

Planner::Planner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Planner::Planner(Planner&&) noexcept = default;
Planner& Planner::operator=(Planner&&) noexcept = default;
Planner::~Planner() = default;

Result<Planner> Planner::Create(const std::vector<PlanTarget>& targets,
                                const PlanPatient& patient, const PlanOptions& options,
                                const TrainingSupport& support) {
  THAPLAN_RETURN_IF_ERROR(CheckOptions(targets, patient, options));
  auto impl = std::make_unique<Impl>();
  impl->targets = targets;
  impl->patient = patient;
  impl->options = options;
  for (size_t t = 0; t < targets.size(); ++t) {
    THAPLAN_RETURN_IF_ERROR(PrepareTarget(t, impl.get()));
  }
  PrepareEnsemble(impl.get());
  impl->preop_lld_mm = PatientValue(*impl, "preop_lld_mm");
  impl->recorded_stem_deg = PatientValue(*impl, "stem_anteversion_deg");
  PrepareSupport(support, impl.get());
  return Planner(std::move(impl));
}

}  // namespace thaplan
