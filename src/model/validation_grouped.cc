// Leave-one-site-out validation, the label-permutation test and the
// learning curve.
#include <algorithm>
#include <cmath>
#include <limits>

#include "model/random.h"
#include "model/validation_protocols.h"

namespace thaplan::validation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr uint64_t kCiPath = 1'000'000;

std::vector<double> Pick(std::span<const double> v, std::span<const size_t> rows) {
  std::vector<double> out;
  out.reserve(rows.size());
  for (size_t r : rows) out.push_back(v[r]);
  return out;
}

std::string Count(size_t n) { return std::to_string(n); }

// Pooled out-of-fold predictions of model m over the splits.
std::vector<double> Pooled(size_t n, const std::vector<Split>& splits,
                           const std::vector<SplitFit>& fits, size_t m,
                           size_t first = 0) {
  std::vector<double> oof(n, kNaN);
  for (size_t s = 0; s < splits.size(); ++s) {
    const std::vector<double>& p = fits[first + s].predictions[m];
    for (size_t j = 0; j < splits[s].test.size(); ++j) oof[splits[s].test[j]] = p[j];
  }
  return oof;
}

ModelResult PooledResult(const Context& ctx, Protocol protocol, size_t m,
                         const std::vector<double>& y, const std::vector<double>& oof) {
  const auto& names = MetricNames(ctx.data.kind);
  ModelResult mr;
  mr.model = kModelNames[m];
  mr.n = y.size();
  const std::vector<Estimate> est = BootstrapEstimates(
      y.size(), names.size(),
      [&](std::span<const size_t> rows) {
        return MetricValues(ctx.data.kind, Pick(y, rows), Pick(oof, rows));
      },
      ctx.options.ci_replicates, ctx.options.ci_level, ctx.Seed(protocol, {kCiPath}));
  for (size_t c = 0; c < names.size(); ++c) mr.metrics[names[c]] = est[c];
  Grade(&mr);
  return mr;
}

const char* kPooledCi =
    "percentile bootstrap over patients of the pooled held-out predictions";

}  // namespace

Result<ProtocolResult> RunLeaveOneSiteOut(const Context& ctx) {
  const TargetData& d = ctx.data;
  const ValidationOptions& o = ctx.options;
  const std::vector<Split> splits = LeaveOneGroupOut(d.groups);
  ProtocolResult out;
  out.protocol = Protocol::kLeaveOneSiteOut;
  if (splits.size() < 2) {
    out.notes.push_back("not run: the rows come from " + Count(splits.size()) +
                        " site; leave-one-site-out needs at least 2");
    return out;
  }
  std::vector<SplitFit> fits(splits.size());
  THAPLAN_RETURN_IF_ERROR(ctx.pool->ParallelFor(splits.size(), [&](size_t s) -> Status {
    FitRequest req{splits[s].train,
                   splits[s].test,
                   ctx.Seed(Protocol::kLeaveOneSiteOut, {s}),
                   ctx.xgb_seed,
                   true,
                   false,
                   true};
    auto fit = FitSplit(d, d.y, ctx.candidates, o.grid.inner_folds, req);
    if (!fit.ok()) {
      return fit.status().WithContext("leaving out site '" + d.groups[splits[s].test[0]] +
                                      "'");
    }
    fits[s] = std::move(fit).value();
    return Status::Ok();
  }));
  out.design = Count(splits.size()) +
               " sites, each the test set once; XGBoost tuned in each training set by " +
               Count(o.grid.inner_folds) + "-fold inner CV";
  out.ci_method = std::string(kPooledCi) + " (" + std::to_string(o.ci_replicates) +
                  " resamples); per site: point values";
  for (const SplitFit& f : fits) ++out.chosen[ConfigLabel(ctx.candidates[f.chosen])];
  const auto& names = MetricNames(d.kind);
  for (size_t m : ModelsOf(d)) {
    ModelResult mr = PooledResult(ctx, Protocol::kLeaveOneSiteOut, m, d.y,
                                  Pooled(d.n(), splits, fits, m));
    for (size_t s = 0; s < splits.size(); ++s) {
      SiteResult site{d.groups[splits[s].test[0]], splits[s].test.size(), {}};
      const std::vector<double> v =
          MetricValues(d.kind, Pick(d.y, splits[s].test), fits[s].predictions[m]);
      for (size_t c = 0; c < names.size(); ++c) site.metrics[names[c]] = v[c];
      mr.sites.push_back(std::move(site));
      mr.fallbacks += fits[s].fallbacks;
    }
    out.models.push_back(std::move(mr));
  }
  return out;
}

Result<ProtocolResult> RunPermutation(const Context& ctx) {
  const TargetData& d = ctx.data;
  const ValidationOptions& o = ctx.options;
  const size_t k = o.folds;
  const size_t perms = static_cast<size_t>(o.permutations);
  const bool binary = d.kind == TargetKind::kBinary;
  const std::vector<Split> splits =
      KFold(d.n(), k, ctx.Seed(Protocol::kPermutation, {0}),
            binary ? std::span<const double>(d.y) : std::span<const double>());
  // labels[0]: the observed outcome; labels[j]: permutation j.
  std::vector<std::vector<double>> labels(perms + 1, d.y);
  for (size_t j = 1; j <= perms; ++j) {
    model::SplitMix64 rng(ctx.Seed(Protocol::kPermutation, {1, j}));
    model::Shuffle(&labels[j], &rng);
  }
  std::vector<SplitFit> fits((perms + 1) * k);
  THAPLAN_RETURN_IF_ERROR(ctx.pool->ParallelFor(fits.size(), [&](size_t i) -> Status {
    const size_t j = i / k;
    const size_t f = i % k;
    FitRequest req{splits[f].train,
                   splits[f].test,
                   ctx.Seed(Protocol::kPermutation, {2, j, f}),
                   ctx.xgb_seed,
                   true,
                   false,
                   true};
    THAPLAN_ASSIGN_OR_RETURN(
        fits[i], FitSplit(d, labels[j], ctx.candidates, o.grid.inner_folds, req));
    return Status::Ok();
  }));
  ProtocolResult out;
  out.protocol = Protocol::kPermutation;
  const std::string& stat = PrimaryMetric(d.kind);
  out.design = "label-permutation test of " + stat + (binary ? " > 0.5" : " > 0") +
               ": the " + Count(k) +
               "-fold CV with nested tuning (the same folds) on the "
               "observed outcome and on " +
               Count(perms) +
               " random permutations of it; p = (1 + #permuted >= observed) / (1 + " +
               Count(perms) + ") (Phipson & Smyth 2010)";
  out.ci_method = std::string(kPooledCi) + " of the observed run (" +
                  std::to_string(o.ci_replicates) + " resamples)";
  for (size_t i = 0; i < k; ++i)
    ++out.chosen[ConfigLabel(ctx.candidates[fits[i].chosen])];
  for (size_t m : ModelsOf(d)) {
    ModelResult mr =
        PooledResult(ctx, Protocol::kPermutation, m, d.y, Pooled(d.n(), splits, fits, m));
    for (size_t i = 0; i < k; ++i) mr.fallbacks += fits[i].fallbacks;
    if (m != kMean) {  // the mean uses no feature: nothing to test
      PermutationTest t;
      t.statistic = stat;
      std::vector<double> null;
      for (size_t j = 0; j <= perms; ++j) {
        const std::vector<double> oof = Pooled(d.n(), splits, fits, m, j * k);
        const double v = MetricValues(d.kind, labels[j], oof)[0];
        if (j == 0) {
          t.observed = v;
        } else {
          null.push_back(v);
          // A NaN statistic counts as reaching the observed one (conservative).
          t.at_least_observed += (std::isnan(v) || v >= t.observed) ? 1 : 0;
        }
      }
      t.permutations = static_cast<int>(perms);
      t.p_value = (1.0 + t.at_least_observed) / (1.0 + static_cast<double>(perms));
      t.null = SpreadOf(null);
      mr.permutation = t;
    }
    out.models.push_back(std::move(mr));
  }
  return out;
}

Result<ProtocolResult> RunLearningCurve(const Context& ctx) {
  const TargetData& d = ctx.data;
  const ValidationOptions& o = ctx.options;
  const size_t k = o.folds;
  const size_t repeats = static_cast<size_t>(o.learning_repeats);
  const size_t minimum = std::max<size_t>(2 * k, 10);
  ProtocolResult out;
  out.protocol = Protocol::kLearningCurve;
  std::vector<std::pair<double, size_t>> points;
  for (double f : o.learning_fractions) {
    const size_t m = static_cast<size_t>(std::lround(f * static_cast<double>(d.n())));
    if (m < minimum) {
      out.notes.push_back("fraction " + std::to_string(f) + " skipped: " + Count(m) +
                          " rows, fewer than " + Count(minimum));
      continue;
    }
    points.push_back({f, m});
  }
  const std::vector<XgbConfig> config = {ctx.final_config};
  const std::vector<size_t> models = {kXgb, kRidge, kMean};
  // stat[point * repeats + r][model]
  std::vector<std::vector<double>> stat(points.size() * repeats);
  THAPLAN_RETURN_IF_ERROR(ctx.pool->ParallelFor(stat.size(), [&](size_t i) -> Status {
    const size_t point = i / repeats;
    const size_t r = i % repeats;
    std::vector<size_t> rows(d.n());
    for (size_t j = 0; j < rows.size(); ++j) rows[j] = j;
    model::SplitMix64 rng(ctx.Seed(Protocol::kLearningCurve, {point, r}));
    model::Shuffle(&rows, &rng);
    rows.resize(points[point].second);
    std::sort(rows.begin(), rows.end());
    std::vector<double> sub_y = Pick(d.y, rows);
    const bool binary = d.kind == TargetKind::kBinary;
    const std::vector<Split> folds =
        KFold(rows.size(), k, ctx.Seed(Protocol::kLearningCurve, {point, r, 1}),
              binary ? std::span<const double>(sub_y) : std::span<const double>());
    std::vector<std::vector<double>> oof(kModelCount,
                                         std::vector<double>(rows.size(), kNaN));
    for (size_t f = 0; f < folds.size(); ++f) {
      std::vector<size_t> train, test;
      for (size_t pos : folds[f].train) train.push_back(rows[pos]);
      for (size_t pos : folds[f].test) test.push_back(rows[pos]);
      FitRequest req{
          train,        test,  ctx.Seed(Protocol::kLearningCurve, {point, r, 2, f}),
          ctx.xgb_seed, false, false,
          true};
      THAPLAN_ASSIGN_OR_RETURN(SplitFit fit, FitSplit(d, d.y, config, 2, req));
      for (size_t m : models) {
        for (size_t j = 0; j < test.size(); ++j)
          oof[m][folds[f].test[j]] = fit.predictions[m][j];
      }
    }
    for (size_t m : models) stat[i].push_back(MetricValues(d.kind, sub_y, oof[m])[0]);
    return Status::Ok();
  }));
  out.design = PrimaryMetric(d.kind) + " of " + Count(k) +
               "-fold CV on random subsets of the rows (" + Count(repeats) +
               " per size), XGBoost with the configuration tuned on all rows (" +
               ConfigLabel(ctx.final_config) +
               "; slightly optimistic, as that tuning saw "
               "every row)";
  out.ci_method = "spread over the random subsets";
  for (size_t p = 0; p < points.size(); ++p) {
    LearningPoint lp;
    lp.fraction = points[p].first;
    lp.n = points[p].second;
    for (size_t mi = 0; mi < models.size(); ++mi) {
      std::vector<double> v;
      for (size_t r = 0; r < repeats; ++r) v.push_back(stat[p * repeats + r][mi]);
      lp.score[kModelNames[models[mi]]] = SpreadOf(v);
    }
    out.learning_curve.push_back(std::move(lp));
  }
  return out;
}

}  // namespace thaplan::validation
