// Baselines: the mean, ridge (or L2 logistic) regression, and the pre-op
// value carried forward. Definitions in docs/model.md.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

#include "io/text_scan.h"
#include "model/random.h"
#include "thaplan/model.h"

namespace thaplan {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kProbabilityClip = 1e-15;  // as in metrics.cc

std::string Num(double v) {
  std::string out;
  io::AppendShortest(v, &out);
  return out;
}

// Training mean and population SD of each feature over its present values.
void Standardise(const FeatureMatrix& x, RidgeModel* m) {
  m->center.assign(x.cols, 0.0);
  m->scale.assign(x.cols, 1.0);
  for (size_t c = 0; c < x.cols; ++c) {
    double sum = 0;
    double count = 0;
    for (size_t r = 0; r < x.rows; ++r) {
      const double v = x.at(r, c);
      if (std::isnan(v)) continue;
      sum += v;
      count += 1;
    }
    if (count == 0) continue;  // no values: the column is all zeros below
    const double mean = sum / count;
    double ss = 0;
    for (size_t r = 0; r < x.rows; ++r) {
      const double v = x.at(r, c);
      if (!std::isnan(v)) ss += (v - mean) * (v - mean);
    }
    m->center[c] = mean;
    const double sd = std::sqrt(ss / count);
    // A constant feature is left unscaled, as StandardScaler does.
    if (sd > 0) m->scale[c] = sd;
  }
}

// Standardised design; a missing value becomes the training mean (0 here).
Eigen::MatrixXd Design(const FeatureMatrix& x, const RidgeModel& m) {
  Eigen::MatrixXd z(static_cast<Eigen::Index>(x.rows), static_cast<Eigen::Index>(x.cols));
  for (size_t r = 0; r < x.rows; ++r) {
    for (size_t c = 0; c < x.cols; ++c) {
      const double v = x.at(r, c);
      z(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          std::isnan(v) ? 0.0 : (v - m.center[c]) / m.scale[c];
    }
  }
  return z;
}

// A training set prepared once and solved for any lambda: standardisation,
// design and (for the closed form) Z'Z and Z'(y - mean y).
struct Prepared {
  RidgeModel base;  // kind, center, scale
  Eigen::MatrixXd z;
  Eigen::VectorXd y;
  Eigen::MatrixXd gram;  // continuous only
  Eigen::VectorXd zty;   // continuous only
};

Prepared Prepare(const FeatureMatrix& x, std::span<const double> y, TargetKind kind) {
  Prepared p;
  p.base.kind = kind;
  Standardise(x, &p.base);
  p.z = Design(x, p.base);
  p.y = Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(y.size()));
  if (kind == TargetKind::kContinuous) {
    p.gram = p.z.transpose() * p.z;
    p.zty = p.z.transpose() * (p.y.array() - p.y.mean()).matrix();
  }
  return p;
}

void SolveLinear(const Prepared& p, RidgeModel* m) {
  Eigen::MatrixXd gram = p.gram;
  gram.diagonal().array() += m->lambda;
  const Eigen::VectorXd w = gram.ldlt().solve(p.zty);
  m->coef.assign(w.data(), w.data() + w.size());
  m->intercept = p.y.mean();  // the columns of z are centred
}

// Newton's method from `start` (intercept then coefficients; empty = zeros).
Status SolveLogistic(const Prepared& prepared, const Eigen::VectorXd& start,
                     RidgeModel* m) {
  const Eigen::MatrixXd& z = prepared.z;
  const Eigen::VectorXd& y = prepared.y;
  const Eigen::Index n = z.rows();
  const Eigen::Index p = z.cols();
  Eigen::MatrixXd a(n, p + 1);
  a.col(0).setOnes();
  a.rightCols(p) = z;
  Eigen::VectorXd penalty = Eigen::VectorXd::Constant(p + 1, m->lambda);
  penalty(0) = 0;  // the intercept is not penalised
  Eigen::VectorXd beta = start.size() == p + 1 ? start : Eigen::VectorXd::Zero(p + 1);
  Eigen::MatrixXd hessian(p + 1, p + 1);
  for (int iter = 0; iter < 100; ++iter) {
    const Eigen::VectorXd prob = ((-(a * beta)).array().exp() + 1.0).inverse().matrix();
    const Eigen::VectorXd weight = prob.array() * (1.0 - prob.array());
    const Eigen::VectorXd grad = a.transpose() * (prob - y) + penalty.cwiseProduct(beta);
    // A'WA as a rank update of the lower triangle, which LDLT reads.
    const Eigen::MatrixXd root_wa = a.array().colwise() * weight.array().sqrt();
    hessian.setZero();
    hessian.selfadjointView<Eigen::Lower>().rankUpdate(root_wa.transpose());
    hessian.diagonal() += penalty;
    const Eigen::VectorXd step = hessian.ldlt().solve(grad);
    beta -= step;
    if (!beta.allFinite()) break;
    if (step.lpNorm<Eigen::Infinity>() < 1e-10 * (1.0 + beta.lpNorm<Eigen::Infinity>())) {
      m->intercept = beta(0);
      m->coef.assign(beta.data() + 1, beta.data() + beta.size());
      return Status::Ok();
    }
  }
  return Status::InvalidInput(
      "ridge logistic regression, lambda = " + Num(m->lambda) +
      ": Newton's method did not converge: expected a larger lambda");
}

// `warm` (binary only): a solution for a nearby lambda to start from.
Result<RidgeModel> Solve(const Prepared& p, double lambda,
                         const RidgeModel* warm = nullptr) {
  RidgeModel m = p.base;
  m.lambda = lambda;
  if (m.kind == TargetKind::kContinuous) {
    SolveLinear(p, &m);
    return m;
  }
  Eigen::VectorXd start;
  if (warm != nullptr && warm->coef.size() == m.center.size()) {
    start.resize(static_cast<Eigen::Index>(warm->coef.size() + 1));
    start(0) = warm->intercept;
    for (size_t i = 0; i < warm->coef.size(); ++i) {
      start(static_cast<Eigen::Index>(i + 1)) = warm->coef[i];
    }
  }
  THAPLAN_RETURN_IF_ERROR(SolveLogistic(p, start, &m));
  return m;
}

// Predictions from a standardised design (see PredictRidge).
std::vector<double> PredictDesign(const RidgeModel& model, const Eigen::MatrixXd& z) {
  const Eigen::VectorXd w = Eigen::Map<const Eigen::VectorXd>(
      model.coef.data(), static_cast<Eigen::Index>(model.coef.size()));
  Eigen::VectorXd eta = (z * w).array() + model.intercept;
  if (model.kind == TargetKind::kBinary) {
    eta = ((-eta).array().exp() + 1.0).inverse().matrix();
  }
  return std::vector<double>(eta.data(), eta.data() + eta.size());
}

Status CheckTarget(const FeatureMatrix& x, std::span<const double> y, TargetKind kind,
                   size_t min_per_class) {
  if (y.size() != x.rows || x.rows < 2) {
    return Status::InvalidInput("ridge: " + std::to_string(y.size()) + " targets for " +
                                std::to_string(x.rows) +
                                " rows: expected one per row and at least 2 rows");
  }
  size_t positives = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    const bool bad =
        kind == TargetKind::kBinary ? (y[i] != 0.0 && y[i] != 1.0) : !std::isfinite(y[i]);
    if (bad) {
      return Status::InvalidInput(
          "ridge: target of row " + std::to_string(i + 1) + " = " + Num(y[i]) +
          (kind == TargetKind::kBinary ? ": expected 0 or 1"
                                       : ": expected a finite number"));
    }
    positives += y[i] == 1.0 ? 1 : 0;
  }
  if (kind == TargetKind::kBinary &&
      std::min(positives, y.size() - positives) < min_per_class) {
    return Status::InvalidInput("ridge: " + std::to_string(positives) + " positive of " +
                                std::to_string(y.size()) + " rows: expected at least " +
                                std::to_string(min_per_class) + " of each class");
  }
  return Status::Ok();
}

// Fold of each row: rows shuffled with the seed, then dealt out in turn;
// binary targets deal the positives first, so each fold gets its share of
// each class.
std::vector<size_t> AssignFolds(std::span<const double> y, TargetKind kind, size_t folds,
                                uint64_t seed) {
  std::vector<size_t> order(y.size());
  std::iota(order.begin(), order.end(), 0);
  model::SplitMix64 rng(seed);
  model::Shuffle(&order, &rng);
  if (kind == TargetKind::kBinary) {
    std::stable_partition(order.begin(), order.end(),
                          [&](size_t r) { return y[r] == 1.0; });
  }
  std::vector<size_t> fold(y.size());
  for (size_t i = 0; i < order.size(); ++i) fold[order[i]] = i % folds;
  return fold;
}

double Loss(TargetKind kind, double y, double prediction) {
  if (kind == TargetKind::kContinuous) return (y - prediction) * (y - prediction);
  const double p = std::clamp(prediction, kProbabilityClip, 1.0 - kProbabilityClip);
  return -(y * std::log(p) + (1 - y) * std::log(1 - p));
}

}  // namespace

double FitMean(std::span<const double> y) {
  if (y.empty()) return kNaN;
  return std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
}

std::vector<double> DefaultRidgeLambdas() {
  std::vector<double> out;
  for (int i = -12; i <= 16; ++i) out.push_back(std::pow(10.0, i / 4.0));
  return out;
}

Result<RidgeModel> FitRidge(const FeatureMatrix& x, std::span<const double> y,
                            TargetKind kind, double lambda) {
  THAPLAN_RETURN_IF_ERROR(CheckTarget(x, y, kind, 1));
  if (!(lambda > 0) || !std::isfinite(lambda)) {
    return Status::InvalidInput("ridge: lambda = " + Num(lambda) +
                                ": expected a positive number");
  }
  return Solve(Prepare(x, y, kind), lambda);
}

Result<RidgeModel> FitRidgeCv(const FeatureMatrix& x, std::span<const double> y,
                              TargetKind kind, const RidgeOptions& options) {
  const std::vector<double> lambdas =
      options.lambdas.empty() ? DefaultRidgeLambdas() : options.lambdas;
  if (options.folds < 2 || x.rows < options.folds) {
    return Status::InvalidInput("ridge: " + std::to_string(options.folds) +
                                " folds for " + std::to_string(x.rows) +
                                " rows: expected at least 2 folds and a row per fold");
  }
  THAPLAN_RETURN_IF_ERROR(CheckTarget(x, y, kind, 2));
  const std::vector<size_t> fold = AssignFolds(y, kind, options.folds, options.seed);
  std::vector<double> loss(lambdas.size(), 0.0);
  std::vector<size_t> by_decreasing_lambda(lambdas.size());
  std::iota(by_decreasing_lambda.begin(), by_decreasing_lambda.end(), 0);
  std::stable_sort(by_decreasing_lambda.begin(), by_decreasing_lambda.end(),
                   [&](size_t a, size_t b) { return lambdas[a] > lambdas[b]; });
  for (size_t k = 0; k < options.folds; ++k) {
    std::vector<size_t> train, test;
    for (size_t r = 0; r < fold.size(); ++r) (fold[r] == k ? test : train).push_back(r);
    const FeatureMatrix x_train = TakeRows(x, train);
    const FeatureMatrix x_test = TakeRows(x, test);
    std::vector<double> y_train;
    for (size_t r : train) y_train.push_back(y[r]);
    // Standardised once per fold; only the penalty changes between fits.
    const Prepared prepared = Prepare(x_train, y_train, kind);
    const Eigen::MatrixXd z_test = Design(x_test, prepared.base);
    // Largest penalty first, each fit starting from the previous solution
    // (the optimum is unique, so the start changes only the iteration count).
    std::optional<RidgeModel> previous;
    for (size_t l : by_decreasing_lambda) {
      THAPLAN_ASSIGN_OR_RETURN(
          RidgeModel m, Solve(prepared, lambdas[l], previous ? &*previous : nullptr));
      const std::vector<double> pred = PredictDesign(m, z_test);
      for (size_t i = 0; i < test.size(); ++i) loss[l] += Loss(kind, y[test[i]], pred[i]);
      previous = std::move(m);
    }
  }
  size_t best = 0;
  for (size_t l = 1; l < lambdas.size(); ++l) {
    const bool tie_larger = loss[l] == loss[best] && lambdas[l] > lambdas[best];
    if (loss[l] < loss[best] || tie_larger) best = l;
  }
  THAPLAN_ASSIGN_OR_RETURN(RidgeModel model, FitRidge(x, y, kind, lambdas[best]));
  for (double& l : loss) l /= static_cast<double>(x.rows);
  model.cv_loss = std::move(loss);
  return model;
}

std::vector<double> PredictRidge(const RidgeModel& model, const FeatureMatrix& x) {
  return PredictDesign(model, Design(x, model));
}

std::vector<double> PredictCarriedForward(std::span<const double> preop, double fallback,
                                          size_t* fallbacks) {
  std::vector<double> out;
  out.reserve(preop.size());
  size_t used = 0;
  for (double v : preop) {
    if (std::isnan(v)) ++used;
    out.push_back(std::isnan(v) ? fallback : v);
  }
  if (fallbacks != nullptr) *fallbacks = used;
  return out;
}

}  // namespace thaplan
