// The resampling protocols: the seed study's 70/30 split (and its spread over
// random splits), repeated k-fold CV with nested tuning and CV+ conformal
// intervals, and Harrell's bootstrap optimism correction.
#include <algorithm>
#include <cmath>
#include <limits>

#include "model/validation_protocols.h"

namespace thaplan::validation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr uint64_t kCiPath = 1'000'000;  // seed path of the CI resamples

std::vector<double> Pick(std::span<const double> v, std::span<const size_t> rows) {
  std::vector<double> out;
  out.reserve(rows.size());
  for (size_t r : rows) out.push_back(v[r]);
  return out;
}

void SetMetrics(TargetKind kind, const std::vector<Estimate>& est, ModelResult* mr) {
  const auto& names = MetricNames(kind);
  for (size_t i = 0; i < names.size(); ++i) mr->metrics[names[i]] = est[i];
  Grade(mr);
}

std::string Count(size_t n) { return std::to_string(n); }

void Record(const std::vector<size_t>& train, const std::vector<size_t>& test,
            const SplitFit& fit, ProtocolResult* out) {
  out->splits.push_back({train, test, fit.inner_test});
}

// Harrell's estimate: apparent - mean optimism; the interval: apparent - the
// upper and lower tail quantiles of the replicates' optimism.
Estimate Corrected(double apparent, const std::vector<double>& optimism, double tail) {
  std::vector<double> sorted = optimism;
  std::erase_if(sorted, [](double v) { return std::isnan(v); });
  std::sort(sorted.begin(), sorted.end());
  Estimate e;
  e.apparent = apparent;
  e.optimism = SpreadOf(optimism).mean;
  e.value = apparent - e.optimism;
  e.lower = apparent - Quantile(sorted, 1 - tail);
  e.upper = apparent - Quantile(sorted, tail);
  return e;
}

// The RMSE corrected on the scale of the MSE, then square-rooted: the MSE's
// optimism is what the R2's is (R2 = 1 - MSE / variance), so the two
// corrected figures agree. (Correcting the RMSE itself does not: the square
// root is concave, and an overfitted model's small apparent RMSE plus the
// RMSE-scale optimism gave an RMSE above the outcome's SD beside an R2 near
// zero.) `squared_optimism` holds each replicate's in-sample MSE minus its
// MSE on the original rows; the optimism reported is apparent - value.
Estimate CorrectedRmse(double apparent, const std::vector<double>& squared_optimism,
                       double tail) {
  const Estimate mse = Corrected(apparent * apparent, squared_optimism, tail);
  const auto root = [](double v) {
    return std::isnan(v) ? v : std::sqrt(std::max(0.0, v));
  };
  Estimate e;
  e.apparent = apparent;
  e.value = root(mse.value);
  e.optimism = apparent - e.value;
  e.lower = root(mse.lower);
  e.upper = root(mse.upper);
  return e;
}

}  // namespace

Result<ProtocolResult> RunSeed(const Context& ctx) {
  const TargetData& d = ctx.data;
  const ValidationOptions& o = ctx.options;
  const size_t count = static_cast<size_t>(o.seed_splits);
  std::vector<Split> splits(count);
  std::vector<SplitFit> fits(count);
  for (size_t i = 0; i < count; ++i) {
    splits[i] = RandomSplit(d.n(), o.test_fraction, ctx.Seed(Protocol::kSeed, {i}));
  }
  const std::vector<XgbConfig> config = {o.seed_config};
  THAPLAN_RETURN_IF_ERROR(ctx.pool->ParallelFor(count, [&](size_t i) -> Status {
    FitRequest req{splits[i].train,
                   splits[i].test,
                   ctx.Seed(Protocol::kSeed, {i, 1}),
                   ctx.xgb_seed,
                   false,
                   false,
                   true};
    THAPLAN_ASSIGN_OR_RETURN(fits[i], FitSplit(d, d.y, config, 2, req));
    return Status::Ok();
  }));
  ProtocolResult out;
  out.protocol = Protocol::kSeed;
  out.design = "one random " + Count(d.n() - splits[0].test.size()) + "/" +
               Count(splits[0].test.size()) +
               " train/test split (the originating study's protocol; XGBoost with " +
               ConfigLabel(o.seed_config) + ", no tuning), then the same over " +
               Count(count) + " random splits (the first is the single split)";
  out.ci_method = "single split: percentile bootstrap over its test rows (" +
                  std::to_string(o.ci_replicates) +
                  " resamples); spread: over the random splits";
  const auto& names = MetricNames(d.kind);
  for (size_t m : ModelsOf(d)) {
    ModelResult mr;
    mr.model = kModelNames[m];
    mr.n = splits[0].test.size();
    mr.fallbacks = fits[0].fallbacks;
    const std::vector<double> obs = Pick(d.y, splits[0].test);
    const std::vector<double>& pred = fits[0].predictions[m];
    SetMetrics(d.kind,
               BootstrapEstimates(
                   obs.size(), names.size(),
                   [&](std::span<const size_t> rows) {
                     return MetricValues(d.kind, Pick(obs, rows), Pick(pred, rows));
                   },
                   o.ci_replicates, o.ci_level, ctx.Seed(Protocol::kSeed, {kCiPath})),
               &mr);
    std::vector<std::vector<double>> per_metric(names.size());
    std::map<std::string, int> grades;
    for (size_t i = 0; i < count; ++i) {
      const std::vector<double> v =
          MetricValues(d.kind, Pick(d.y, splits[i].test), fits[i].predictions[m]);
      for (size_t k = 0; k < names.size(); ++k) per_metric[k].push_back(v[k]);
      mr.split_values.push_back(v[0]);
      if (d.kind == TargetKind::kContinuous)
        ++grades[std::string(R2GradeName(GradeR2(v[0])))];
    }
    for (size_t k = 0; k < names.size(); ++k)
      mr.spread[names[k]] = SpreadOf(per_metric[k]);
    for (const auto& [grade, n] : grades) {
      mr.grade_share[grade] = static_cast<double>(n) / static_cast<double>(count);
    }
    out.models.push_back(std::move(mr));
  }
  return out;
}

namespace {

// Empirical coverage of the CV+ intervals and of the stored-quantile
// intervals (the outer model's prediction +- the quantile of the inner
// out-of-fold |residuals|, as a model card applies it) on the outer test rows.
void AddCoverage(const TargetData& d, const std::vector<Split>& splits,
                 const std::vector<SplitFit>& fits, double level, ProtocolResult* out) {
  ConformalCoverage plus{level, "cv_plus", 0, 0, 0};
  ConformalCoverage stored{level, "stored_quantile", 0, 0, 0};
  for (size_t s = 0; s < splits.size(); ++s) {
    const SplitFit& fit = fits[s];
    const double q = ConformalQuantile(fit.inner_abs_residual, level);
    for (size_t j = 0; j < splits[s].test.size(); ++j) {
      const double y = d.y[splits[s].test[j]];
      const auto [lo, hi] = CvPlusInterval(fit, j, level);
      plus.coverage += (lo <= y && y <= hi) ? 1 : 0;
      plus.mean_width += hi - lo;
      const double p = fit.predictions[kXgb][j];
      stored.coverage += (p - q <= y && y <= p + q) ? 1 : 0;
      stored.mean_width += 2 * q;
      ++plus.n;
      ++stored.n;
    }
  }
  for (ConformalCoverage* c : {&plus, &stored}) {
    c->coverage /= static_cast<double>(c->n);
    c->mean_width /= static_cast<double>(c->n);
    if (std::isinf(c->mean_width)) c->mean_width = kNaN;
    out->conformal.push_back(*c);
  }
}

}  // namespace

Result<ProtocolResult> RunRepeatedCv(const Context& ctx) {
  const TargetData& d = ctx.data;
  const ValidationOptions& o = ctx.options;
  const size_t k = o.folds;
  const size_t repeats = o.repeats;
  const bool binary = d.kind == TargetKind::kBinary;
  std::vector<Split> splits;
  for (size_t r = 0; r < repeats; ++r) {
    std::vector<Split> f =
        KFold(d.n(), k, ctx.Seed(Protocol::kRepeatedCv, {r}),
              binary ? std::span<const double>(d.y) : std::span<const double>());
    splits.insert(splits.end(), f.begin(), f.end());
  }
  const bool conformal = !binary && !o.conformal_levels.empty();
  std::vector<SplitFit> fits(splits.size());
  THAPLAN_RETURN_IF_ERROR(ctx.pool->ParallelFor(splits.size(), [&](size_t i) -> Status {
    FitRequest req{splits[i].train,
                   splits[i].test,
                   ctx.Seed(Protocol::kRepeatedCv, {i / k, i % k}),
                   ctx.xgb_seed,
                   true,
                   conformal,
                   true};
    THAPLAN_ASSIGN_OR_RETURN(fits[i],
                             FitSplit(d, d.y, ctx.candidates, o.grid.inner_folds, req));
    return Status::Ok();
  }));
  ProtocolResult out;
  out.protocol = Protocol::kRepeatedCv;
  out.design = Count(repeats) + " x " + Count(k) + "-fold cross-validation" +
               (binary ? " (stratified)" : "") +
               "; XGBoost tuned in each training set by " + Count(o.grid.inner_folds) +
               "-fold inner CV over " + Count(ctx.candidates.size()) + " candidates";
  out.ci_method =
      "estimate: mean over repeats of the metric of the pooled out-of-fold predictions; "
      "95 % CI: percentile bootstrap over patients of that mean (" +
      std::to_string(o.ci_replicates) +
      " resamples; reflects the test-set sampling, not the refitting); spread: over "
      "repeats";
  for (const SplitFit& f : fits) ++out.chosen[ConfigLabel(ctx.candidates[f.chosen])];
  for (size_t i = 0; o.record_splits && i < splits.size(); ++i) {
    Record(splits[i].train, splits[i].test, fits[i], &out);
  }
  out.observed = d.y;
  const auto& names = MetricNames(d.kind);
  for (size_t m : ModelsOf(d)) {
    // Out-of-fold predictions per repeat.
    std::vector<std::vector<double>> oof(repeats, std::vector<double>(d.n(), kNaN));
    size_t fallbacks = 0;
    for (size_t i = 0; i < splits.size(); ++i) {
      for (size_t j = 0; j < splits[i].test.size(); ++j) {
        oof[i / k][splits[i].test[j]] = fits[i].predictions[m][j];
      }
      fallbacks += fits[i].fallbacks;
    }
    ModelResult mr;
    mr.model = kModelNames[m];
    mr.n = d.n();
    mr.fallbacks = fallbacks;
    mr.oof = oof[0];
    const auto statistic = [&](std::span<const size_t> rows) {
      std::vector<double> mean(names.size(), 0.0);
      const std::vector<double> obs = Pick(d.y, rows);
      for (size_t r = 0; r < repeats; ++r) {
        const std::vector<double> v = MetricValues(d.kind, obs, Pick(oof[r], rows));
        for (size_t c = 0; c < names.size(); ++c)
          mean[c] += v[c] / static_cast<double>(repeats);
      }
      return mean;
    };
    SetMetrics(d.kind,
               BootstrapEstimates(d.n(), names.size(), statistic, o.ci_replicates,
                                  o.ci_level, ctx.Seed(Protocol::kRepeatedCv, {kCiPath})),
               &mr);
    std::vector<std::vector<double>> per_metric(names.size());
    for (size_t r = 0; r < repeats; ++r) {
      const std::vector<double> v = MetricValues(d.kind, d.y, oof[r]);
      for (size_t c = 0; c < names.size(); ++c) per_metric[c].push_back(v[c]);
    }
    for (size_t c = 0; c < names.size(); ++c)
      mr.spread[names[c]] = SpreadOf(per_metric[c]);
    out.models.push_back(std::move(mr));
  }
  if (conformal) {
    for (double level : o.conformal_levels) AddCoverage(d, splits, fits, level, &out);
  }
  return out;
}

Result<ProtocolResult> RunBootstrap(const Context& ctx) {
  const TargetData& d = ctx.data;
  const ValidationOptions& o = ctx.options;
  const size_t b_count = static_cast<size_t>(o.bootstrap_replicates);
  std::vector<size_t> all(d.n());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  // Task 0 is the apparent fit on all rows; task b the replicate b.
  std::vector<std::vector<size_t>> samples(b_count + 1);
  samples[0] = all;
  for (size_t b = 1; b <= b_count; ++b) {
    samples[b] = BootstrapSample(d.n(), ctx.Seed(Protocol::kBootstrap, {b}));
  }
  std::vector<SplitFit> fits(b_count + 1);
  THAPLAN_RETURN_IF_ERROR(ctx.pool->ParallelFor(b_count + 1, [&](size_t b) -> Status {
    FitRequest req{samples[b],   all,  ctx.Seed(Protocol::kBootstrap, {b, 1}),
                   ctx.xgb_seed, true, false,
                   true};
    THAPLAN_ASSIGN_OR_RETURN(fits[b],
                             FitSplit(d, d.y, ctx.candidates, o.grid.inner_folds, req));
    return Status::Ok();
  }));
  ProtocolResult out;
  out.protocol = Protocol::kBootstrap;
  out.design = "Harrell's bootstrap optimism correction, " + Count(b_count) +
               " replicates; the whole fit, including the " + Count(o.grid.inner_folds) +
               "-fold inner tuning over " + Count(ctx.candidates.size()) +
               " candidates, repeated in each replicate";
  out.ci_method =
      "estimate: apparent - mean optimism; interval: apparent - the 97.5 and 2.5 % "
      "quantiles of the replicates' optimism (the optimism's spread only: Harrell's "
      "method gives no full CI); the RMSE is corrected on the scale of the MSE, as the "
      "R2 "
      "is, then square-rooted";
  for (size_t b = 1; b <= b_count; ++b)
    ++out.chosen[ConfigLabel(ctx.candidates[fits[b].chosen])];
  for (size_t b = 0; o.record_splits && b <= b_count; ++b) {
    Record(samples[b], all, fits[b], &out);
  }
  const auto& names = MetricNames(d.kind);
  const size_t rmse =
      static_cast<size_t>(std::find(names.begin(), names.end(), "rmse") - names.begin());
  const double tail = (1 - o.ci_level) / 2;
  for (size_t m : ModelsOf(d)) {
    ModelResult mr;
    mr.model = kModelNames[m];
    mr.n = d.n();
    mr.fallbacks = fits[0].fallbacks;
    const std::vector<double> apparent =
        MetricValues(d.kind, d.y, fits[0].predictions[m]);
    std::vector<std::vector<double>> optimism(names.size());
    std::vector<double> squared_optimism;  // of the MSE, for the RMSE
    for (size_t b = 1; b <= b_count; ++b) {
      const std::vector<double>& pred = fits[b].predictions[m];
      const std::vector<double> in_sample =
          MetricValues(d.kind, Pick(d.y, samples[b]), Pick(pred, samples[b]));
      const std::vector<double> on_original = MetricValues(d.kind, d.y, pred);
      for (size_t c = 0; c < names.size(); ++c) {
        optimism[c].push_back(in_sample[c] - on_original[c]);
      }
      if (rmse < names.size()) {
        squared_optimism.push_back(in_sample[rmse] * in_sample[rmse] -
                                   on_original[rmse] * on_original[rmse]);
      }
    }
    for (size_t c = 0; c < names.size(); ++c) {
      mr.metrics[names[c]] = c == rmse
                                 ? CorrectedRmse(apparent[c], squared_optimism, tail)
                                 : Corrected(apparent[c], optimism[c], tail);
      mr.spread[names[c]] = SpreadOf(optimism[c]);  // of the optimism
    }
    Grade(&mr);
    out.models.push_back(std::move(mr));
  }
  out.notes.push_back("spread: of the per-replicate optimism");
  return out;
}

}  // namespace thaplan::validation
