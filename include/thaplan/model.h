// Outcome-model building blocks: performance metrics with bootstrap
// confidence intervals, and the baselines every model report compares with.
// Definitions and sources are in docs/model.md.
//
// Metric functions take observed and predicted values of equal length with
// no NaN (select rows with RowsWithTarget first). A metric that is undefined
// for its input (e.g. AUC with one class, a calibration slope for constant
// predictions) is NaN, and reports must show it as such, never as a number.
#ifndef THAPLAN_MODEL_H_
#define THAPLAN_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "thaplan/dataset.h"
#include "thaplan/status.h"

namespace thaplan {

// --- Metrics (src/model/metrics.cc) -----------------------------------------

// Coefficient of determination exactly as scikit-learn's r2_score:
// 1 - SS_res / SS_tot; when SS_tot = 0, 1 for a perfect fit and 0 otherwise.
// NaN for fewer than two rows.
double R2Score(std::span<const double> observed, std::span<const double> predicted);
double Rmse(std::span<const double> observed, std::span<const double> predicted);
double Mae(std::span<const double> observed, std::span<const double> predicted);

struct Calibration {
  double intercept;
  double slope;
};

// Continuous outcomes: ordinary least squares of observed on predicted
// (observed = intercept + slope * predicted). Perfect calibration is (0, 1).
// NaN for both when the predictions are constant.
Calibration LinearCalibration(std::span<const double> observed,
                              std::span<const double> predicted);

// Binary outcomes (observed 0 or 1; probabilities clipped to [1e-15, 1-1e-15]):
// slope from the logistic regression of observed on logit(p); intercept is
// calibration-in-the-large, the logistic intercept with logit(p) as offset
// (Van Calster et al., J Clin Epidemiol 2016). NaN when one class only or when
// the fit does not converge (perfect separation).
Calibration LogisticCalibration(std::span<const double> observed,
                                std::span<const double> probability);

// Area under the ROC curve as the Mann-Whitney statistic: the share of
// (positive, negative) pairs ranked correctly, ties counting 1/2. NaN when
// one class is absent.
double Auc(std::span<const double> observed, std::span<const double> score);

// Mean squared difference of probability and outcome (Brier 1950).
double Brier(std::span<const double> observed, std::span<const double> probability);

// The originating study's grading of R^2 (CLINICAL.md s.1): < 0.1 low,
// 0.1-0.3 somewhat low, 0.3-0.6 standard, 0.6-0.9 high, >= 0.9 very high.
// Each band includes its lower bound; a negative R^2 is low; NaN is kUndefined.
enum class R2Grade { kUndefined, kLow, kSomewhatLow, kStandard, kHigh, kVeryHigh };
R2Grade GradeR2(double r2);
std::string_view R2GradeName(R2Grade grade);  // "low", "somewhat low", ...

struct RegressionMetrics {
  size_t n = 0;
  double r2 = 0;
  double rmse = 0;
  double mae = 0;
  Calibration calibration{};
};
RegressionMetrics EvaluateRegression(std::span<const double> observed,
                                     std::span<const double> predicted);

struct BinaryMetrics {
  size_t n = 0;
  size_t positives = 0;
  double auc = 0;
  double brier = 0;
  Calibration calibration{};
};
BinaryMetrics EvaluateBinary(std::span<const double> observed,
                             std::span<const double> probability);

// --- Bootstrap (src/model/bootstrap.cc) ------------------------------------

struct BootstrapOptions {
  int replicates = 2000;
  double level = 0.95;
  uint64_t seed = 0;
};

struct Interval {
  double estimate = 0;  // the statistic on all rows
  double lower = 0;     // NaN when no replicate was defined
  double upper = 0;
  int replicates = 0;  // replicates with a defined (non-NaN) statistic
  int undefined = 0;   // replicates whose statistic was NaN (left out)
};

// Percentile bootstrap (Efron & Tibshirani 1993, ch. 13): `statistic` is
// evaluated on all n rows and on `replicates` resamples of n row indices drawn
// with replacement; the bounds are the (1-level)/2 and (1+level)/2 quantiles
// of the defined replicates (linear interpolation, numpy's default). The
// resamples depend only on n and the seed.
Interval PercentileBootstrap(
    size_t n, const std::function<double(std::span<const size_t>)>& statistic,
    const BootstrapOptions& options);

// --- Baselines (src/model/baselines.cc) -------------------------------------

// The training mean: a model that knows nothing of the patient.
double FitMean(std::span<const double> y);

// Ridge regression (continuous targets) or L2-penalised logistic regression
// (binary targets) on standardised features: each feature is centred and
// scaled by its training mean and SD (population SD, as scikit-learn's
// StandardScaler; SD 0 -> 1), and a missing value becomes the training mean.
// The intercept is not penalised. Continuous: closed form,
// w = (Z'Z + lambda I)^-1 Z'(y - mean y), as scikit-learn's Ridge(alpha=lambda).
// Binary: Newton's method on sum(log loss) + lambda/2 |w|^2, as
// scikit-learn's LogisticRegression(C=1/lambda).
struct RidgeModel {
  TargetKind kind = TargetKind::kContinuous;
  double lambda = 0;
  std::vector<double> center;  // per feature
  std::vector<double> scale;   // per feature
  std::vector<double> coef;    // per standardised feature
  double intercept = 0;
  std::vector<double> cv_loss;  // per candidate lambda (FitRidgeCv only)
};

Result<RidgeModel> FitRidge(const FeatureMatrix& x, std::span<const double> y,
                            TargetKind kind, double lambda);

struct RidgeOptions {
  // Candidate penalties; empty means DefaultRidgeLambdas().
  std::vector<double> lambdas;
  size_t folds = 5;
  uint64_t seed = 0;
};

// 10^-3 ... 10^4, four per decade (29 values).
std::vector<double> DefaultRidgeLambdas();

// Chooses lambda by k-fold cross-validation inside the training rows (folds
// drawn with the seed; stratified by class for binary targets), minimising the
// mean squared error (continuous) or mean log loss (binary); ties go to the
// larger lambda. Then refits on all rows with that lambda.
Result<RidgeModel> FitRidgeCv(const FeatureMatrix& x, std::span<const double> y,
                              TargetKind kind, const RidgeOptions& options);

// Predictions (probabilities for binary targets).
std::vector<double> PredictRidge(const RidgeModel& model, const FeatureMatrix& x);

// The pre-operative value carried forward as the prediction (TargetColumn::
// preop, already 0/1 for binary targets); rows without one get `fallback`
// (the training mean of the target). `*fallbacks` counts them if not null.
std::vector<double> PredictCarriedForward(std::span<const double> preop, double fallback,
                                          size_t* fallbacks = nullptr);

}  // namespace thaplan

#endif  // THAPLAN_MODEL_H_
