// The search grid of a query (profile limits, training ranges, fixed
// variables) and the standard plan (docs/planning.md).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "plan/planner_impl.h"

namespace thaplan {
namespace {

using plan_internal::Grid;

constexpr size_t kInc = static_cast<size_t>(DecisionVar::kCupInclination);
constexpr size_t kAv = static_cast<size_t>(DecisionVar::kCupAnteversion);
constexpr size_t kStem = static_cast<size_t>(DecisionVar::kStemAnteversion);
constexpr size_t kLl = static_cast<size_t>(DecisionVar::kLegLengthChange);
constexpr size_t kOff = static_cast<size_t>(DecisionVar::kOffsetChange);
constexpr size_t kPostop = kDecisionVarCount;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

const Limit& LimitOf(const ConstraintProfile& p, size_t v) {
  switch (v) {
    case kInc:
      return p.cup_inclination_deg;
    case kAv:
      return p.cup_anteversion_deg;
    case kStem:
      return p.stem_anteversion_deg;
    case kLl:
      return p.leg_length_change_mm;
    default:
      return p.femoral_offset_change_mm;
  }
}

double Resolution(const ConstraintProfile& p, size_t v) {
  return v == kLl || v == kOff ? p.length_resolution_mm : p.angle_resolution_deg;
}

bool InTraining(const Range& r, double value) {
  if (!r.known) return true;
  const double f = static_cast<float>(value);  // the value the model would see
  return f >= r.min && f <= r.max;
}

double Snap(double value, double res) { return std::round(value / res) * res; }

// The grid value nearest `value` inside [lo, hi] (or the nearest one when
// the range holds none).
double SnapInto(double value, double lo, double hi, double res) {
  double x = Snap(std::clamp(value, lo, hi), res);
  if (x > hi + 1e-9) x = std::floor(hi / res + 1e-9) * res;
  if (x < lo - 1e-9) x = std::ceil(lo / res - 1e-9) * res;
  return x;
}

std::string Name(size_t v) {
  return std::string(DecisionVarName(static_cast<DecisionVar>(v)));
}

}  // namespace

Result<Grid> Planner::Impl::MakeGrid(const FixedValues& fixed,
                                     std::vector<std::string>* grid_notes) const {
  const ConstraintProfile& p = options.profile;
  Grid grid;
  grid.preop_lld_mm = preop_lld_mm;
  FixedValues held = fixed;
  if (!p.stem_anteversion_choosable && !held[kStem]) {
    if (std::isnan(recorded_stem_deg)) {
      return Status::InvalidInput(
          "patient " + patient.label + ": stem_anteversion_deg is missing and profile " +
          p.name +
          " does not let the stem's anteversion be chosen: expected --fix "
          "stem_anteversion_deg=VALUE");
    }
    held[kStem] = recorded_stem_deg;
    grid_notes->push_back("stem anteversion held at the recorded " +
                          Num(recorded_stem_deg) +
                          " deg (the profile's stem does not allow choosing it)");
  }
  const bool needs_preop = training[kPostop].known || !held[kLl];
  if (needs_preop && std::isnan(preop_lld_mm)) {
    return Status::InvalidInput(
        "patient " + patient.label +
        ": preop_lld_mm is missing: expected the pre-operative "
        "leg-length discrepancy (the post-op LLD limit needs it)");
  }
  for (size_t v = 0; v < kDecisionVarCount; ++v) {
    const Limit& limit = LimitOf(p, v);
    if (held[v]) {
      const double x = *held[v];
      if (!std::isfinite(x)) {
        return Status::InvalidInput("--fix " + Name(v) + " = " + Num(x) +
                                    ": expected a finite value");
      }
      grid.values[v] = {x};
      if (x < limit.min - 1e-9 || x > limit.max + 1e-9) {
        grid_notes->push_back(Name(v) + " fixed at " + Num(x) +
                              ", outside the profile's " + Num(limit.min) + ".." +
                              Num(limit.max) + " (" + limit.source + ")");
      }
      if (!InTraining(training[v], x)) {
        grid_notes->push_back(Name(v) + " fixed at " + Num(x) +
                              ", outside the training range " + Num(training[v].min) +
                              ".." + Num(training[v].max) +
                              ": predictions there extrapolate");
      }
      continue;
    }
    const double res = Resolution(p, v);
    const long first = static_cast<long>(std::ceil(limit.min / res - 1e-9));
    const long last = static_cast<long>(std::floor(limit.max / res + 1e-9));
    for (long k = first; k <= last; ++k) {
      const double x = static_cast<double>(k) * res;
      if (!InTraining(training[v], x)) continue;
      if (v == kLl) {
        const double post = preop_lld_mm + x;
        if (post < p.postop_lld_mm.min - 1e-9 || post > p.postop_lld_mm.max + 1e-9)
          continue;
        if (!InTraining(training[kPostop], post)) continue;
      }
      grid.values[v].push_back(x);
    }
    if (grid.values[v].empty()) {
      std::string why = Name(v) + ": no value in the profile's " + Num(limit.min) + ".." +
                        Num(limit.max);
      if (v == kLl) {
        why += " with post-op LLD in " + Num(p.postop_lld_mm.min) + ".." +
               Num(p.postop_lld_mm.max) + " (pre-op LLD " + Num(preop_lld_mm) + ")";
      }
      if (training[v].known) {
        why += " inside the training range " + Num(training[v].min) + ".." +
               Num(training[v].max);
      }
      return Status::InvalidInput("plan for " + patient.label + ": " + why +
                                  ": expected a feasible range (or --fix the variable)");
    }
  }
  return grid;
}

plan_internal::Band Planner::Impl::MakeBand(const Grid* grid) const {
  const CombinedAnteversion& c = options.profile.combined;
  plan_internal::Band band;
  band.active = c.rule != CombinedRule::kNone;
  band.factor = c.stem_factor;
  band.min = c.limit.min;
  band.max = c.limit.max;
  const Range& r = training[kCombinedFeature];
  if (grid != nullptr && r.known &&
      grid->values[kAv].size() * grid->values[kStem].size() > 1) {
    band.support_active = true;
    band.support_min = static_cast<float>(r.min);
    band.support_max = static_cast<float>(r.max);
  }
  return band;
}

// Centre of the safe zone, restored length, unchanged offset (CLINICAL.md s.4),
// on the profile's resolution.
PlacementValues StandardPlacement(const ConstraintProfile& p, const FixedValues& fixed,
                                  double preop_lld_mm, double recorded_stem_deg) {
  PlacementValues s{};
  const auto centre = [](const Limit& l) { return (l.min + l.max) / 2; };
  const auto clamp = [](double x, const Limit& l) { return std::clamp(x, l.min, l.max); };
  s[kInc] =
      fixed[kInc].value_or(Snap(centre(p.cup_inclination_deg), p.angle_resolution_deg));
  s[kAv] =
      fixed[kAv].value_or(Snap(centre(p.cup_anteversion_deg), p.angle_resolution_deg));
  if (fixed[kStem]) {
    s[kStem] = *fixed[kStem];
  } else if (!p.stem_anteversion_choosable || p.combined.rule == CombinedRule::kNone) {
    s[kStem] = std::isnan(recorded_stem_deg)
                   ? Snap(centre(p.stem_anteversion_deg), p.angle_resolution_deg)
                   : recorded_stem_deg;
  } else {
    // The stem that puts the combined anteversion at the centre of its zone.
    const double want = (centre(p.combined.limit) - s[kAv]) / p.combined.stem_factor;
    s[kStem] = SnapInto(want, p.stem_anteversion_deg.min, p.stem_anteversion_deg.max,
                        p.angle_resolution_deg);
  }
  if (fixed[kLl]) {
    s[kLl] = *fixed[kLl];
  } else {
    const double restore = std::isnan(preop_lld_mm) ? 0 : -preop_lld_mm;
    Limit allowed = p.leg_length_change_mm;
    if (!std::isnan(preop_lld_mm)) {
      allowed.min = std::max(allowed.min, p.postop_lld_mm.min - preop_lld_mm);
      allowed.max = std::min(allowed.max, p.postop_lld_mm.max - preop_lld_mm);
    }
    s[kLl] = allowed.min <= allowed.max
                 ? SnapInto(restore, allowed.min, allowed.max, p.length_resolution_mm)
                 : Snap(restore, p.length_resolution_mm);
  }
  s[kOff] = fixed[kOff].value_or(clamp(0, p.femoral_offset_change_mm));
  return s;
}

Result<PlacementValues> Planner::Impl::StandardPlan(const FixedValues& fixed) const {
  return StandardPlacement(options.profile, fixed, preop_lld_mm, recorded_stem_deg);
}

}  // namespace thaplan
