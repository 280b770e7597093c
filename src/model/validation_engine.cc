// Fitting one training set for validation: inner-CV tuning of XGBoost,
// the baselines, and what CV+ conformal prediction needs.
#include "model/validation_engine.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "io/text_scan.h"

namespace thaplan::validation {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kProbabilityClip = 1e-15;  // as metrics.cc

std::string Num(double v) {
  std::string out;
  io::AppendShortest(v, &out);
  return out;
}

// Candidates that differ only in `rounds` share one training, predicted at
// each round count.
struct TrainingGroup {
  XgbConfig config;  // rounds = the largest of the group
  std::vector<size_t> members;
};

std::vector<TrainingGroup> GroupByTraining(const std::vector<XgbConfig>& candidates) {
  std::vector<TrainingGroup> groups;
  for (size_t c = 0; c < candidates.size(); ++c) {
    XgbConfig key = candidates[c];
    auto same = [&](const TrainingGroup& g) {
      const XgbConfig& a = g.config;
      return a.max_depth == key.max_depth && a.eta == key.eta &&
             a.min_child_weight == key.min_child_weight && a.subsample == key.subsample &&
             a.colsample_bytree == key.colsample_bytree && a.max_bin == key.max_bin;
    };
    auto it = std::find_if(groups.begin(), groups.end(), same);
    if (it == groups.end()) {
      groups.push_back({key, {}});
      it = groups.end() - 1;
    }
    it->config.rounds = std::max(it->config.rounds, key.rounds);
    it->members.push_back(c);
  }
  return groups;
}

std::vector<float> AsFloat(std::span<const double> v) {
  return std::vector<float>(v.begin(), v.end());
}

std::vector<double> AsDouble(const std::vector<float>& v) {
  return std::vector<double>(v.begin(), v.end());
}

struct Sub {
  FeatureMatrix x;
  std::vector<double> y;
};

Sub Take(const TargetData& data, std::span<const double> y,
         std::span<const size_t> rows) {
  Sub s{TakeRows(data.x, rows), {}};
  s.y.reserve(rows.size());
  for (size_t r : rows) s.y.push_back(y[r]);
  return s;
}

// Inner CV over the training positions: loss per candidate (mean over folds
// of the fold's mean loss, as GridSearchCV scores), out-of-fold predictions
// of each candidate and, when wanted, each inner model's eval predictions.
struct Tuning {
  std::vector<double> loss;
  std::vector<std::vector<double>> oof;                     // [c][position]
  std::vector<std::vector<std::vector<double>>> eval_pred;  // [c][k][j]
  std::vector<size_t> fold_of;                              // [position]
  std::vector<std::vector<size_t>> inner_test;              // [k] positions
};

Result<Tuning> InnerCv(const TargetData& data, std::span<const double> y,
                       const std::vector<XgbConfig>& candidates, size_t inner_folds,
                       const FitRequest& req, const xgb::DMatrix* eval) {
  const size_t m = req.train.size();
  std::vector<double> strata;
  if (data.kind == TargetKind::kBinary) {
    for (size_t r : req.train) strata.push_back(y[r]);
  }
  const std::vector<Split> folds =
      KFold(m, inner_folds, DeriveSeed(req.seed, {1}), strata);
  const std::vector<TrainingGroup> groups = GroupByTraining(candidates);
  Tuning t;
  t.loss.assign(candidates.size(), 0.0);
  t.oof.assign(candidates.size(), std::vector<double>(m, 0.0));
  t.fold_of.assign(m, 0);
  if (eval != nullptr) t.eval_pred.assign(candidates.size(), {});
  for (size_t k = 0; k < folds.size(); ++k) {
    t.inner_test.push_back(folds[k].test);
    std::vector<size_t> train_rows, test_rows;
    for (size_t pos : folds[k].train) train_rows.push_back(req.train[pos]);
    for (size_t pos : folds[k].test) {
      test_rows.push_back(req.train[pos]);
      t.fold_of[pos] = k;
    }
    const Sub tr = Take(data, y, train_rows);
    const Sub te = Take(data, y, test_rows);
    THAPLAN_ASSIGN_OR_RETURN(xgb::DMatrix dtrain,
                             xgb::DMatrix::Create(tr.x, AsFloat(tr.y)));
    THAPLAN_ASSIGN_OR_RETURN(xgb::DMatrix dtest, xgb::DMatrix::Create(te.x));
    for (const TrainingGroup& g : groups) {
      THAPLAN_ASSIGN_OR_RETURN(
          xgb::Booster booster,
          xgb::Booster::Train(dtrain, ParamsFor(g.config, data.kind, req.xgb_seed),
                              g.config.rounds));
      for (size_t c : g.members) {
        THAPLAN_ASSIGN_OR_RETURN(std::vector<float> p,
                                 booster.PredictRounds(dtest, candidates[c].rounds));
        double fold_loss = 0;
        for (size_t i = 0; i < p.size(); ++i) {
          t.oof[c][folds[k].test[i]] = p[i];
          fold_loss += Loss(data.kind, te.y[i], p[i]);
        }
        t.loss[c] +=
            fold_loss / static_cast<double>(p.size()) / static_cast<double>(folds.size());
        if (eval != nullptr) {
          THAPLAN_ASSIGN_OR_RETURN(std::vector<float> e,
                                   booster.PredictRounds(*eval, candidates[c].rounds));
          t.eval_pred[c].push_back(AsDouble(e));
        }
      }
    }
  }
  return t;
}

Status FitBaselines(const TargetData& data, const Sub& tr, const FeatureMatrix& x_eval,
                    const FitRequest& req, SplitFit* fit) {
  const double mean = FitMean(tr.y);
  fit->predictions[kMean].assign(req.eval.size(), mean);
  RidgeOptions ridge_options;
  ridge_options.seed = DeriveSeed(req.seed, {3});
  THAPLAN_ASSIGN_OR_RETURN(RidgeModel ridge,
                           FitRidgeCv(tr.x, tr.y, data.kind, ridge_options));
  fit->predictions[kRidge] = PredictRidge(ridge, x_eval);
  if (data.has_preop) {
    std::vector<double> preop;
    for (size_t r : req.eval) preop.push_back(data.preop[r]);
    fit->predictions[kCarried] = PredictCarriedForward(preop, mean, &fit->fallbacks);
  }
  return Status::Ok();
}

}  // namespace

xgb::Params ParamsFor(const XgbConfig& c, TargetKind kind, uint64_t xgb_seed) {
  return {
      {"objective", kind == TargetKind::kBinary ? "binary:logistic" : "reg:squarederror"},
      {"tree_method", "hist"},
      {"max_depth", std::to_string(c.max_depth)},
      {"eta", Num(c.eta)},
      {"min_child_weight", Num(c.min_child_weight)},
      {"subsample", Num(c.subsample)},
      {"colsample_bytree", Num(c.colsample_bytree)},
      {"max_bin", std::to_string(c.max_bin)},
      {"nthread", "1"},
      {"seed", std::to_string(xgb_seed)},
      {"verbosity", "1"}};
}

double Loss(TargetKind kind, double y, double prediction) {
  if (kind == TargetKind::kContinuous) return (y - prediction) * (y - prediction);
  const double p = std::clamp(prediction, kProbabilityClip, 1.0 - kProbabilityClip);
  return -(y * std::log(p) + (1 - y) * std::log(1 - p));
}

Result<SplitFit> FitSplit(const TargetData& data, std::span<const double> y,
                          const std::vector<XgbConfig>& candidates, size_t inner_folds,
                          const FitRequest& req) {
  SplitFit fit;
  const Sub tr = Take(data, y, req.train);
  const FeatureMatrix x_eval = TakeRows(data.x, req.eval);
  THAPLAN_ASSIGN_OR_RETURN(xgb::DMatrix deval, xgb::DMatrix::Create(x_eval));
  const bool inner = req.conformal || (req.tune && candidates.size() > 1);
  if (inner) {
    THAPLAN_ASSIGN_OR_RETURN(Tuning t, InnerCv(data, y, candidates, inner_folds, req,
                                               req.conformal ? &deval : nullptr));
    if (req.tune) {
      fit.chosen = static_cast<size_t>(std::min_element(t.loss.begin(), t.loss.end()) -
                                       t.loss.begin());
    }
    fit.inner_test = t.inner_test;
    if (req.conformal) {
      fit.inner_eval = std::move(t.eval_pred[fit.chosen]);
      fit.inner_fold = std::move(t.fold_of);
      for (size_t pos = 0; pos < req.train.size(); ++pos) {
        fit.inner_abs_residual.push_back(std::abs(tr.y[pos] - t.oof[fit.chosen][pos]));
      }
    }
  }
  const XgbConfig& config = candidates[fit.chosen];
  THAPLAN_ASSIGN_OR_RETURN(xgb::DMatrix dtrain,
                           xgb::DMatrix::Create(tr.x, AsFloat(tr.y)));
  THAPLAN_ASSIGN_OR_RETURN(
      xgb::Booster booster,
      xgb::Booster::Train(dtrain, ParamsFor(config, data.kind, req.xgb_seed),
                          config.rounds));
  THAPLAN_ASSIGN_OR_RETURN(std::vector<float> p, booster.Predict(deval));
  fit.predictions[kXgb] = AsDouble(p);
  if (req.keep_model) fit.model = std::move(booster);
  if (req.baselines) THAPLAN_RETURN_IF_ERROR(FitBaselines(data, tr, x_eval, req, &fit));
  return fit;
}

namespace {

// The k-th smallest (1-based) of `values`, or `beyond` when k is outside 1..n.
double OrderStatistic(std::vector<double>* values, double k_real, double beyond) {
  if (k_real < 1 || k_real > static_cast<double>(values->size())) return beyond;
  const auto k = static_cast<std::ptrdiff_t>(k_real) - 1;
  std::nth_element(values->begin(), values->begin() + k, values->end());
  return (*values)[static_cast<size_t>(k)];
}

// ceil and floor of level * (m + 1), robust to the rounding of products
// such as 0.9 * 161 = 144.90000000000001.
double CeilRank(double level, size_t m) {
  return std::ceil(level * static_cast<double>(m + 1) - 1e-9);
}
double FloorRank(double level, size_t m) {
  return std::floor(level * static_cast<double>(m + 1) + 1e-9);
}

}  // namespace

std::pair<double, double> CvPlusInterval(const SplitFit& fit, size_t j, double level) {
  const size_t m = fit.inner_fold.size();
  std::vector<double> lower(m), upper(m);
  for (size_t i = 0; i < m; ++i) {
    const double mu = fit.inner_eval[fit.inner_fold[i]][j];
    lower[i] = mu - fit.inner_abs_residual[i];
    upper[i] = mu + fit.inner_abs_residual[i];
  }
  const double alpha = 1 - level;
  return {OrderStatistic(&lower, FloorRank(alpha, m), -kInf),
          OrderStatistic(&upper, CeilRank(level, m), kInf)};
}

double ConformalQuantile(std::vector<double> abs_residuals, double level) {
  const size_t m = abs_residuals.size();
  return OrderStatistic(&abs_residuals, CeilRank(level, m), kInf);
}

}  // namespace thaplan::validation
