// A plan as JSON (every number; NaN as null) and as text for the CLI.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "thaplan/plan.h"

namespace thaplan {
namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json Number(double v) {
  return std::isfinite(v) ? ordered_json(v) : ordered_json();
}

ordered_json PointJson(const PlanPoint& p) {
  ordered_json placement = ordered_json::object();
  for (size_t v = 0; v < kDecisionVarCount; ++v) {
    placement[std::string(DecisionVarName(static_cast<DecisionVar>(v)))] = p.placement[v];
  }
  ordered_json indices = ordered_json::array();
  for (const IndexPrediction& i : p.indices) {
    indices.push_back({{"target", i.target},
                       {"unit", i.unit},
                       {"better", i.better == Better::kLower ? "lower" : "higher"},
                       {"value", Number(i.value)},
                       {"lower", Number(i.lower)},
                       {"upper", Number(i.upper)}});
  }
  const PlanDifference& d = p.vs_standard;
  return {{"role", p.role},
          {"placement", placement},
          {"postop_lld_mm", Number(p.postop_lld_mm)},
          {"combined_anteversion_deg", Number(p.combined_anteversion_deg)},
          {"objective", Number(p.objective)},
          {"indices", indices},
          {"knn_distance", Number(p.knn_distance)},
          {"outside_support", p.outside_support},
          {"flags", p.flags},
          {"vs_standard",
           {{"predicted", Number(d.predicted)},
            {"ensemble_members", d.members},
            {"level", Number(d.level)},
            {"mean", Number(d.mean)},
            {"sd", Number(d.sd)},
            {"lower", Number(d.lower)},
            {"upper", Number(d.upper)}}}};
}

ordered_json HeatMapJson(const HeatMap& m) {
  ordered_json values = ordered_json::array();
  for (double v : m.objective) values.push_back(Number(v));
  ordered_json zone = ordered_json::array();
  for (const auto& xy : m.safe_zone) zone.push_back({xy[0], xy[1]});
  return {{"x", "cup_inclination_deg"},
          {"y", "cup_anteversion_deg"},
          {"inclination_deg", m.inclination_deg},
          {"anteversion_deg", m.anteversion_deg},
          {"objective", values},
          {"safe_zone", zone}};
}

std::string Fmt(const char* format, double v) {
  if (!std::isfinite(v)) return "undefined";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string PlacementText(const PlacementValues& x) {
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "cup %.1f deg inclination, %.1f deg anteversion; stem %.1f deg "
                "anteversion; leg length %+.1f mm; offset %+.1f mm",
                x[0], x[1], x[2], x[3], x[4]);
  return buf;
}

// `standard`: the standard plan's placement (no difference is shown for it).
std::string PointText(const PlanPoint& p, const PlacementValues& standard,
                      const std::string& indent) {
  std::string out = indent + PlacementText(p.placement) + "\n";
  out += indent + "post-op LLD " + Fmt("%+.1f", p.postop_lld_mm) +
         " mm, combined anteversion " + Fmt("%.1f", p.combined_anteversion_deg) +
         " deg, objective " + Fmt("%.3f", p.objective) + "\n";
  for (const IndexPrediction& i : p.indices) {
    out += indent + "  " + i.target + " " + Fmt("%.2f", i.value) + " " + i.unit;
    if (std::isfinite(i.lower)) {
      out += " (interval " + Fmt("%.2f", i.lower) + " to " + Fmt("%.2f", i.upper) + ")";
    }
    out +=
        std::string(i.better == Better::kLower ? ", lower" : ", higher") + " is better\n";
  }
  for (const std::string& f : p.flags) out += indent + "  flag: " + f + "\n";
  const PlanDifference& d = p.vs_standard;
  if (p.placement == standard) return out;  // no difference to show
  if (d.members > 0) {
    out += indent + "difference to the standard plan " + Fmt("%+.3f", d.predicted) +
           "; ensemble of " + std::to_string(d.members) + ": mean " +
           Fmt("%+.3f", d.mean) + ", interval " + Fmt("%+.3f", d.lower) + " to " +
           Fmt("%+.3f", d.upper) + " (" + Fmt("%.0f", 100 * (1 - d.level)) + " % and " +
           Fmt("%.0f", 100 * d.level) + " % quantiles; > 0: better)\n";
  } else if (std::isfinite(d.predicted)) {
    out += indent + "difference to the standard plan " + Fmt("%+.3f", d.predicted) +
           " (> 0: better)\n";
  }
  return out;
}

ordered_json CheckJson(const std::optional<PlacementEffectCheck>& c) {
  if (!c) return ordered_json();
  return {{"checked", c->checked},
          {"confirmed", c->confirmed},
          {"rows", c->rows},
          {"outside", c->outside},
          {"in_bag", c->in_bag},
          {"slope", Number(c->slope)},
          {"lower", Number(c->lower)},
          {"level", Number(c->level)},
          {"mean_abs_contrast", Number(c->mean_abs_contrast)},
          {"note", c->note}};
}

}  // namespace

std::string PlanToJson(const PlanResult& r) {
  ordered_json alternatives = ordered_json::array();
  for (const PlanPoint& a : r.alternatives) alternatives.push_back(PointJson(a));
  ordered_json rehab = ordered_json::array();
  for (const RehabEmphasis& e : r.rehabilitation) {
    rehab.push_back({{"emphasis", e.emphasis},
                     {"deficit", e.deficit},
                     {"reason", e.reason},
                     {"source", e.source},
                     {"certainty", RehabCertaintyName(e.certainty)}});
  }
  ordered_json j{
      {"patient", r.patient},
      {"profile", r.profile},
      {"models", r.models},
      {"recommended", PointJson(r.recommended)},
      {"standard", PointJson(r.standard)},
      {"standard_recommended", r.standard_recommended},
      {"improvement", Number(r.improvement)},
      {"uncertainty", Number(r.uncertainty)},
      {"ensemble_members", r.ensemble_members},
      {"uncertainty_basis", r.uncertainty_basis},
      {"verdict", r.verdict},
      {"placement_check", CheckJson(r.placement_check)},
      {"alternatives", alternatives},
      {"rehabilitation", rehab},
      {"heat_map", r.heat_map ? HeatMapJson(*r.heat_map) : ordered_json()},
      {"notes", r.notes},
      {"search", {{"grid_points", r.grid_points}, {"boxes_visited", r.boxes_visited}}}};
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string PlanToText(const PlanResult& r) {
  std::string out = "Plan for " + r.patient + " (profile " + r.profile + "; models";
  for (const std::string& m : r.models) out += " " + m;
  out += ")\n\nRecommended placement";
  out += r.standard_recommended ? " (the standard plan):\n" : ":\n";
  out += PointText(r.recommended, r.standard.placement, "  ");
  out += "\nStandard plan (centre of the safe zone, restored length, offset 0):\n" +
         PointText(r.standard, r.standard.placement, "  ");
  out += "\nPredicted improvement of the model's optimum over the standard plan: " +
         Fmt("%.3f", r.improvement) + " (standardised units)\n";
  if (r.ensemble_members == 0) {
    out +=
        "Uncertainty " + Fmt("%.3f", r.uncertainty) + ": " + r.uncertainty_basis + "\n";
  } else {
    const PlanDifference& d = r.model_optimum().vs_standard;
    out += "Uncertainty of the difference: " + r.uncertainty_basis + "; lower bound " +
           Fmt("%+.3f", d.lower) + "\n";
  }
  if (r.placement_check) {
    out += "Placement-effect check: " + r.placement_check->note + "\n";
  }
  out += "Verdict: " + r.verdict + "\n";
  if (!r.alternatives.empty()) out += "\nAlternatives (ranked):\n";
  for (size_t a = 0; a < r.alternatives.size(); ++a) {
    const PlanPoint& p = r.alternatives[a];
    out += "  " + std::to_string(a + 1) + "." +
           (p.role == "alternative" ? std::string() : " " + p.role) + "\n" +
           PointText(p, r.standard.placement, "    ");
  }
  if (!r.rehabilitation.empty()) out += "\nRehabilitation emphasis:\n";
  for (const RehabEmphasis& e : r.rehabilitation) {
    out += "  " + e.emphasis + " (" + RehabCertaintyName(e.certainty) + "): " + e.reason +
           " (" + e.source + ")\n";
  }
  if (!r.notes.empty()) out += "\nNotes:\n";
  for (const std::string& n : r.notes) out += "  " + n + "\n";
  out += "\nDecision support only: the surgeon decides. Searched " +
         std::to_string(r.grid_points) + " grid placements exactly (" +
         std::to_string(r.boxes_visited) + " boxes).\n";
  return out;
}

}  // namespace thaplan
