#include "report/plots.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "report/svg.h"
#include "thaplan/model.h"

namespace thaplan::report {
namespace {

std::vector<double> Numbers(const json& array) {
  std::vector<double> out;
  if (!array.is_array()) return out;
  for (const json& v : array) out.push_back(Num(v));
  return out;
}

bool Binary(const json& target) { return Str(target, "kind") == "binary"; }

std::string Metric(const json& target) { return Binary(target) ? "AUC" : "R²"; }

std::string Unit(const json& target) {
  const std::string unit = Str(target, "unit");
  return Binary(target) ? " (probability)" : unit.empty() ? "" : " (" + unit + ")";
}

// Pairs of (predicted, observed) with both defined.
struct Pairs {
  std::vector<double> predicted, observed;
};

Pairs OutOfFold(const json& target) {
  const json& cv = ProtocolOf(target, "cv");
  const std::vector<double> observed = Numbers(At(cv, "observed"));
  const std::vector<double> predicted = Numbers(At(ModelOf(cv, "xgboost"), "oof"));
  Pairs p;
  if (observed.size() != predicted.size()) return p;
  for (size_t i = 0; i < observed.size(); ++i) {
    if (std::isfinite(observed[i]) && std::isfinite(predicted[i])) {
      p.predicted.push_back(predicted[i]);
      p.observed.push_back(observed[i]);
    }
  }
  return p;
}

// The calibration line over the plot's x range, with its equation.
void AddCalibrationLine(const Pairs& p, Range x, Plot* plot) {
  const Calibration c = LinearCalibration(p.observed, p.predicted);
  if (!std::isfinite(c.slope)) return;
  plot->Line(x.lo, c.intercept + c.slope * x.lo, x.hi, c.intercept + c.slope * x.hi,
             "cal");
  plot->Legend("calibration a=" + Short(c.intercept) + " b=" + Short(c.slope), "cal-key");
}

Plot::Options Opts(std::string title, std::string x_label, std::string y_label) {
  Plot::Options o;
  o.title = std::move(title);
  o.x_label = std::move(x_label);
  o.y_label = std::move(y_label);
  return o;
}

}  // namespace

const json& ProtocolOf(const json& target, std::string_view name) {
  static const json kNull;
  const json& list = At(target, "protocols");
  if (!list.is_array()) return kNull;
  for (const json& p : list) {
    if (Str(p, "protocol") == name) return p;
  }
  return kNull;
}

const json& ModelOf(const json& protocol, std::string_view model) {
  static const json kNull;
  const json& list = At(protocol, "models");
  if (!list.is_array()) return kNull;
  for (const json& m : list) {
    if (Str(m, "model") == model) return m;
  }
  return kNull;
}

std::string PredictedVsObservedPlot(const json& target) {
  const Pairs p = OutOfFold(target);
  if (p.observed.size() < 2 || Binary(target)) return "";
  std::vector<double> all = p.observed;
  all.insert(all.end(), p.predicted.begin(), p.predicted.end());
  const Range r = NiceRange(RangeOf(all));
  Plot plot(Opts("Predicted vs observed: XGBoost, out-of-fold (cv, repeat 1)",
                 "predicted" + Unit(target), "observed" + Unit(target)),
            r, r);
  plot.Line(r.lo, r.lo, r.hi, r.hi, "ideal");
  for (size_t i = 0; i < p.observed.size(); ++i) {
    plot.Circle(p.predicted[i], p.observed[i], 2.2, "pt");
  }
  plot.Legend("identity", "ideal-key");
  AddCalibrationLine(p, r, &plot);
  return plot.Svg();
}

std::string CalibrationPlot(const json& target) {
  const Pairs p = OutOfFold(target);
  const size_t n = p.observed.size();
  if (n < 10) return "";
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return p.predicted[a] < p.predicted[b]; });
  const size_t groups = std::clamp<size_t>(n / 5, 2, 10);
  std::vector<double> mean_p, mean_o;
  for (size_t g = 0; g < groups; ++g) {
    const size_t first = g * n / groups, last = (g + 1) * n / groups;
    double sp = 0, so = 0;
    for (size_t i = first; i < last; ++i) {
      sp += p.predicted[order[i]];
      so += p.observed[order[i]];
    }
    mean_p.push_back(sp / static_cast<double>(last - first));
    mean_o.push_back(so / static_cast<double>(last - first));
  }
  const bool binary = Binary(target);
  std::vector<double> all = mean_p;
  all.insert(all.end(), mean_o.begin(), mean_o.end());
  const Range r = binary ? Range{0, 1} : NiceRange(RangeOf(all));
  Plot plot(Opts("Calibration: mean observed in " + std::to_string(groups) +
                     " groups by predicted (cv, repeat 1)",
                 "mean predicted" + Unit(target), "mean observed" + Unit(target)),
            r, r);
  plot.Line(r.lo, r.lo, r.hi, r.hi, "ideal");
  plot.Legend("identity", "ideal-key");
  if (!binary) AddCalibrationLine(p, r, &plot);
  std::vector<std::pair<double, double>> line;
  for (size_t g = 0; g < groups; ++g) line.push_back({mean_p[g], mean_o[g]});
  plot.Polyline(line, "series");
  for (size_t g = 0; g < groups; ++g) plot.Circle(mean_p[g], mean_o[g], 3.5, "bin");
  return plot.Svg();
}

std::string ShapPlot(const std::vector<std::string>& features,
                     const std::vector<double>& mean_abs_shap, const std::string& unit,
                     const std::string& source) {
  const size_t count = std::min(features.size(), mean_abs_shap.size());
  if (count == 0) return "";
  std::vector<size_t> order(count);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return mean_abs_shap[a] > mean_abs_shap[b];
  });
  order.resize(std::min<size_t>(order.size(), 15));
  double top = 0;
  for (size_t f : order) top = std::max(top, mean_abs_shap[f]);
  const Range x = NiceRange({0, top > 0 ? top : 1});
  const double rows = static_cast<double>(order.size());
  Plot::Options o = Opts("SHAP summary: mean |SHAP| per feature (" + source + ")",
                         "mean |SHAP|" + (unit.empty() ? "" : " (" + unit + ")"), "");
  o.width = 560;
  o.height = 60 + 18 * static_cast<int>(order.size());
  o.left = 230;
  for (size_t i = 0; i < order.size(); ++i) {
    o.y_categories.push_back({rows - static_cast<double>(i) - 0.5, features[order[i]]});
  }
  Plot plot(std::move(o), x, {0, rows});
  for (size_t i = 0; i < order.size(); ++i) {
    const double y = rows - static_cast<double>(i) - 0.5;
    plot.Rect(0, mean_abs_shap[order[i]], y - 0.35, y + 0.35, "bar");
  }
  return plot.Svg();
}

std::string LearningCurvePlot(const json& target) {
  const json& points = At(ProtocolOf(target, "learning_curve"), "learning_curve");
  if (!points.is_array() || points.empty()) return "";
  std::vector<double> n, values;
  for (const json& p : points) n.push_back(Num(At(p, "n")));
  const char* models[] = {"xgboost", "ridge"};
  for (const char* m : models) {
    for (const json& p : points) {
      const json& s = At(At(p, "score"), m);
      for (const char* k : {"mean", "p2_5", "p97_5"}) values.push_back(Num(At(s, k)));
    }
  }
  Range y = RangeOf(values);
  y.lo = std::min(y.lo, 0.0);
  Plot plot(Opts("Learning curve: " + Metric(target) + " of CV against n", "patients (n)",
                 Metric(target)),
            NiceRange({0, RangeOf(n).hi}), NiceRange(y));
  for (const char* m : models) {
    std::vector<double> lo, hi;
    std::vector<std::pair<double, double>> line;
    for (size_t i = 0; i < points.size(); ++i) {
      const json& s = At(At(points[i], "score"), m);
      lo.push_back(Num(At(s, "p2_5")));
      hi.push_back(Num(At(s, "p97_5")));
      line.push_back({n[i], Num(At(s, "mean"))});
    }
    const std::string css = std::string(m);
    plot.Band(n, lo, hi, css + "-band");
    plot.Polyline(line, css + "-line");
    for (const auto& [x, v] : line) plot.Circle(x, v, 2.5, css + "-pt");
    plot.Legend(std::string(m) + " (mean, 2.5-97.5 %)", css + "-key");
  }
  return plot.Svg();
}

std::string SeedSpreadPlot(const json& target) {
  const std::vector<double> v =
      Numbers(At(ModelOf(ProtocolOf(target, "seed"), "xgboost"), "split_values"));
  std::vector<double> defined;
  for (double x : v) {
    if (std::isfinite(x)) defined.push_back(x);
  }
  if (defined.empty()) return "";
  const bool binary = Binary(target);
  Range r = RangeOf(defined);
  if (!binary) r = {std::min(r.lo, 0.0), std::max(r.hi, 0.1)};
  r = NiceRange(r, 8);
  const size_t bins = 24;
  const double width = (r.hi - r.lo) / bins;
  std::vector<size_t> count(bins, 0);
  for (double x : defined) {
    ++count[std::min(bins - 1, static_cast<size_t>((x - r.lo) / width))];
  }
  const double top = static_cast<double>(*std::max_element(count.begin(), count.end()));
  Plot plot(Opts(Metric(target) + " of XGBoost over " + std::to_string(defined.size()) +
                     " random 70/30 splits",
                 Metric(target) + " on the test rows", "splits"),
            r, NiceRange({0, top * 1.15}));
  if (!binary) {
    // The originating study's bands (CLINICAL.md s.1), lower bounds included.
    const double edges[] = {-1e9, 0.1, 0.3, 0.6, 0.9, 1e9};
    const char* names[] = {"low", "somewhat low", "standard", "high", "very high"};
    for (int b = 0; b < 5; ++b) {
      // Bands with no visible width (rounding at a range end) get no label.
      const double visible = std::min(edges[b + 1], r.hi) - std::max(edges[b], r.lo);
      if (visible < 0.02 * (r.hi - r.lo)) continue;
      plot.Rect(edges[b], edges[b + 1], 0, 1e9, "grade" + std::to_string(b));
      plot.Text(std::max(edges[b], r.lo) + width * 0.2, top * 1.1, names[b],
                "band-label");
    }
  }
  for (size_t b = 0; b < bins; ++b) {
    plot.Rect(r.lo + width * static_cast<double>(b),
              r.lo + width * static_cast<double>(b + 1), 0, static_cast<double>(count[b]),
              "hist");
  }
  if (std::isfinite(v[0])) {
    plot.Line(v[0], 0, v[0], top * 1.05, "single");
    plot.Legend("the single 70/30 split: " + Short(v[0]), "single-key");
  }
  return plot.Svg();
}

}  // namespace thaplan::report
