// CheckPlacementEffects: do the models' placement contrasts inside a profile
// show in the outcomes of training patients the bootstrap members left out?
// (include/thaplan/plan.h, docs/planning.md "Placement-effect check").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "plan/planner_impl.h"
#include "thaplan/train.h"

namespace thaplan {
namespace plan_internal {

SlopeFit FitSlope(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0;
  for (size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  SlopeFit f;
  if (!(sxx > 0) || n < 3) return f;
  f.slope = sxy / sxx;
  double meat = 0;
  for (size_t i = 0; i < n; ++i) {
    const double e = (y[i] - my) - f.slope * (x[i] - mx);
    meat += (x[i] - mx) * (x[i] - mx) * e * e;
  }
  const double nn = static_cast<double>(n);
  f.se = std::sqrt(nn / (nn - 2) * meat) / sxx;
  return f;
}

double NormalQuantile(double p) {
  double lo = -40, hi = 40;
  while (hi - lo > 1e-12) {
    const double mid = (lo + hi) / 2;
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

}  // namespace plan_internal

namespace {

using plan_internal::FitSlope;
using plan_internal::NormalQuantile;
using plan_internal::SlopeFit;

constexpr size_t kVars = kDecisionVarCount;
constexpr size_t kMinRows = 20;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

bool Inside(double v, const Limit& l) { return v >= l.min - 1e-9 && v <= l.max + 1e-9; }

// Is an achieved placement inside the profile's limits (the box, the stem
// range when the stem is chosen, leg length and post-op LLD, offset, the
// combined-anteversion band)?
bool InsideProfile(const ConstraintProfile& p, const PlacementValues& x, double preop) {
  if (!Inside(x[0], p.cup_inclination_deg) || !Inside(x[1], p.cup_anteversion_deg)) {
    return false;
  }
  if (p.stem_anteversion_choosable && !Inside(x[2], p.stem_anteversion_deg)) return false;
  if (!Inside(x[3], p.leg_length_change_mm)) return false;
  if (!std::isnan(preop) && !Inside(preop + x[3], p.postop_lld_mm)) return false;
  if (!Inside(x[4], p.femoral_offset_change_mm)) return false;
  return p.combined.rule == CombinedRule::kNone ||
         Inside(x[1] + p.combined.stem_factor * x[2], p.combined.limit);
}

// One target's model, training rows and out-of-bag members per row.
struct TargetData {
  const Table* table = nullptr;
  size_t target = 0;
  std::array<int, kPlanFeatures> columns{};
  std::vector<size_t> rows;                  // training rows, in table order
  std::map<std::string, size_t> row_of_key;  // table row of each training key
  std::vector<std::vector<size_t>> oob;      // per table row: members leaving it out
  double factor = 0;                         // direction x weight / scale
};

}  // namespace

Result<PlacementEffectCheck> CheckPlacementEffects(
    std::vector<PlanTarget>& targets, const std::vector<PlacementCheckData>& data,
    const PlanOptions& options) {
  PlacementEffectCheck out;
  out.level = options.interval_level;
  if (targets.empty() || data.size() != targets.size()) {
    return Status::InvalidInput("placement check: " + std::to_string(data.size()) +
                                " tables for " + std::to_string(targets.size()) +
                                " models: expected one per model");
  }
  size_t members = SIZE_MAX;
  for (const PlanTarget& t : targets) {
    members = std::min(members, t.bundle.card.ensemble.members);
  }
  if (members < 2) {
    out.note =
        "placement effects not checked: the models have no bootstrap ensemble "
        "(train with --ensemble B)";
    return out;
  }
  std::vector<TargetData> td(targets.size());
  for (size_t t = 0; t < targets.size(); ++t) {
    THAPLAN_RETURN_IF_ERROR(CompileTarget(&targets[t]));
    const ModelCard& card = targets[t].bundle.card;
    if (card.ensemble.seeds.size() < members) {
      out.note = "placement effects not checked: model " + card.name + "'s card lists " +
                 std::to_string(card.ensemble.seeds.size()) + " member seeds for " +
                 std::to_string(card.ensemble.members) + " members";
      return out;
    }
    const PlacementCheckData& d = data[t];
    if (d.table == nullptr || d.target >= d.table->targets.size() ||
        TrainingTableSha256(*d.table, d.target) != card.data_sha256) {
      out.note = "placement effects not checked: the registry's table is not model " +
                 card.name + "'s training data (its data hash differs)";
      return out;
    }
    TargetData& x = td[t];
    x.table = d.table;
    x.target = d.target;
    x.columns = PlanFeatureColumns(card);
    for (size_t v = 0; v < kVars; ++v) {
      if (x.columns[v] < 0) {
        out.note = "placement effects not checked: model " + card.name + " lacks " +
                   std::string(DecisionVarName(static_cast<DecisionVar>(v)));
        return out;
      }
    }
    THAPLAN_ASSIGN_OR_RETURN(const double scale, TargetScale(targets[t]));
    x.factor = (targets[t].better == Better::kLower ? 1 : -1) * targets[t].weight / scale;
    x.rows = RowsWithTarget(*d.table, d.target);
    const std::vector<size_t>& rows = x.rows;
    x.oob.assign(d.table->rows(), {});
    std::vector<std::vector<char>> in_bag(members, std::vector<char>(rows.size(), 0));
    for (size_t m = 0; m < members; ++m) {
      for (size_t i : EnsembleResample(card.ensemble.seeds[m], rows.size())) {
        in_bag[m][i] = 1;
      }
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      x.row_of_key[d.table->keys[rows[i]]] = rows[i];
      for (size_t m = 0; m < members; ++m) {
        if (!in_bag[m][i]) x.oob[rows[i]].push_back(m);
      }
    }
  }

  // Per patient with every target: the observed objective minus the standard
  // plan's out-of-bag prediction (dy), against the predicted contrast (dj).
  std::vector<double> dj, dy;
  double abs_sum = 0;
  const TargetData& first = td[0];
  int preop_column = -1;  // the pre-op LLD, for the standard plan's leg length
  for (size_t f = 0; f < first.table->features.size(); ++f) {
    if (first.table->features[f].name == "preop_lld_mm")
      preop_column = static_cast<int>(f);
  }
  for (size_t row0 : first.rows) {
    const std::string& key = first.table->keys[row0];
    std::vector<size_t> row_of(td.size());
    bool all = true;
    for (size_t t = 0; t < td.size() && all; ++t) {
      const auto it = td[t].row_of_key.find(key);
      all = it != td[t].row_of_key.end();
      if (all) row_of[t] = it->second;
    }
    if (!all) continue;
    PlacementValues achieved{};
    bool known = true;
    for (size_t v = 0; v < kVars; ++v) {
      achieved[v] = first.table->x.at(row0, static_cast<size_t>(first.columns[v]));
      known = known && !std::isnan(achieved[v]);
    }
    const double preop = preop_column < 0
                             ? std::nan("")
                             : first.table->x.at(row0, static_cast<size_t>(preop_column));
    if (!known || !InsideProfile(options.profile, achieved, preop)) {
      ++out.outside;
      continue;
    }
    const PlacementValues standard =
        StandardPlacement(options.profile, FixedValues{}, preop,
                          achieved[static_cast<size_t>(DecisionVar::kStemAnteversion)]);
    // The out-of-bag members' mean objective at a placement (NaN when a
    // target has no member that left the patient out).
    const auto objective = [&](const PlacementValues& at) {
      double sum = 0;
      for (size_t t = 0; t < td.size(); ++t) {
        const TargetData& x = td[t];
        const std::vector<size_t>& oob = x.oob[row_of[t]];
        if (oob.empty()) return std::nan("");
        std::vector<float> row(x.table->x.row(row_of[t]).begin(),
                               x.table->x.row(row_of[t]).end());
        for (size_t v = 0; v < kPlanFeatures; ++v) {
          if (x.columns[v] >= 0) {
            row[static_cast<size_t>(x.columns[v])] = PlanFeatureValue(v, at, preop);
          }
        }
        double p = 0;
        for (size_t m : oob)
          p += PredictCompiled((*targets[t].compiled_ensemble)[m], row.data());
        sum += x.factor * p / static_cast<double>(oob.size());
      }
      return sum;
    };
    const double at_achieved = objective(achieved);
    if (std::isnan(at_achieved)) {
      ++out.in_bag;
      continue;
    }
    double y = 0;
    for (size_t t = 0; t < td.size(); ++t) {
      y += td[t].factor * td[t].table->targets[td[t].target].values[row_of[t]];
    }
    const double at_standard = objective(standard);
    dj.push_back(at_achieved - at_standard);
    dy.push_back(y - at_standard);
    abs_sum += std::fabs(at_achieved - at_standard);
  }
  out.rows = dj.size();
  out.checked = true;
  if (out.rows < kMinRows) {
    out.note = "placement effects not confirmed: " + std::to_string(out.rows) +
               " training patients inside the limits with out-of-bag predictions "
               "(at least " +
               std::to_string(kMinRows) + " needed)";
    return out;
  }
  out.mean_abs_contrast = abs_sum / static_cast<double>(out.rows);
  const SlopeFit line = FitSlope(dj, dy);
  out.slope = line.slope;
  if (!(line.se >= 0)) {
    out.note =
        "placement effects not confirmed: the models predict no contrast "
        "between the achieved placements and the standard plans";
    return out;
  }
  out.lower = line.slope - NormalQuantile(options.interval_level) * line.se;
  out.confirmed = out.lower > 0;
  const std::string fit = "slope " + Num(out.slope) + ", lower bound " + Num(out.lower) +
                          " at level " + Num(options.interval_level) + ", on " +
                          std::to_string(out.rows) + " out-of-bag training patients";
  out.note = out.confirmed
                 ? "placement effects inside the limits confirmed on patients the "
                   "members left out: predicted contrasts to the standard plan track "
                   "the observed outcomes (" +
                       fit + ")"
                 : "placement effects inside the limits not confirmed: on patients the "
                   "members left out, the predicted contrasts to the standard plan do "
                   "not track the observed outcomes (" +
                       fit + ")";
  return out;
}

}  // namespace thaplan
