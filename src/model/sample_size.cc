// Minimum sample size for a continuous-outcome prediction model: the four
// criteria of Riley et al. (Stat Med 2019, "Minimum sample size for
// developing a multivariable prediction model: Part I - Continuous
// outcomes"), computed as R's pmsampsize 1.1.3 (Ensor, Martin & Riley)
// computes them.
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <string>

#include "io/text_scan.h"
#include "thaplan/validation.h"

namespace thaplan {
namespace {

constexpr long kMaxN = 100'000'000;  // beyond any cohort; ends the searches

std::string Num(double v) {
  std::string out;
  io::AppendShortest(v, &out);
  return out;
}

// Expected shrinkage of a linear model with p parameters fitted on n rows
// whose adjusted R^2 is r2 (Riley et al. 2019 Part I, eq. 8 with the
// apparent R^2 written through the adjusted one; pmsampsize's `es`). NaN
// where n is too small for the expression.
double ExpectedShrinkage(long n, int p, double r2) {
  const double nd = static_cast<double>(n);
  const double pd = p;
  const double arg = 1 - (r2 * (nd - pd - 1) + pd) / (nd - 1);
  if (!(arg > 0) || n <= p + 1) return std::nan("");
  return 1 + (pd - 2) / (nd * std::log(arg));
}

// Criterion 3: the 95 % CI of the residual variance, sigma^2 * df / chi2,
// must lie within a multiplicative margin `mmoe` of the SD: both
// sqrt(df / chi2_0.025) and sqrt(chi2_0.975 / df) at most mmoe. At 1.1 this
// gives n = 234 + p, the value pmsampsize 1.1.3 uses.
long ResidualVarianceN(int p, double mmoe) {
  for (long n = p + 2; n < kMaxN; ++n) {
    const double df = static_cast<double>(n - p - 1);
    const boost::math::chi_squared chi(df);
    const double low = df / boost::math::quantile(chi, 0.025);
    const double high = boost::math::quantile(chi, 0.975) / df;
    if (std::sqrt(std::max(low, high)) <= mmoe) return n;
  }
  return kMaxN;
}

double TQuantile975(double df) {
  return boost::math::quantile(boost::math::students_t(df), 0.975);
}

Status CheckInputs(const RileyInputs& in) {
  const auto bad = [](const std::string& field, double v, const std::string& expected) {
    return Status::InvalidInput("sample size: " + field + " = " + Num(v) + ": expected " +
                                expected);
  };
  if (!(in.r2 > 0 && in.r2 < 1)) return bad("r2", in.r2, "0 < R^2 < 1");
  if (in.parameters < 1) return bad("parameters", in.parameters, "at least 1");
  if (!(in.shrinkage > 0 && in.shrinkage < 1)) {
    return bad("shrinkage", in.shrinkage, "0 < shrinkage < 1");
  }
  if (!std::isfinite(in.intercept) || in.intercept == 0) {
    return bad("intercept", in.intercept,
               "a non-zero mean outcome (the margin of error is relative to it)");
  }
  if (!(in.sd > 0) || !std::isfinite(in.sd)) return bad("sd", in.sd, "a positive SD");
  if (!(in.mmoe > 1) || !std::isfinite(in.mmoe)) return bad("mmoe", in.mmoe, "above 1");
  return Status::Ok();
}

}  // namespace

Result<RileyResult> RileySampleSize(const RileyInputs& in) {
  THAPLAN_RETURN_IF_ERROR(CheckInputs(in));
  const int p = in.parameters;
  RileyResult out;
  out.inputs = in;
  // Defined only for R^2 below the shrinkage target.
  out.closed_form_n = in.r2 < in.shrinkage
                          ? p / ((in.shrinkage - 1) * std::log(1 - in.r2 / in.shrinkage))
                          : std::nan("");

  // 1. Expected shrinkage >= S: the smallest n from p + 2 up.
  long n1 = p + 2;
  while (n1 < kMaxN && !(ExpectedShrinkage(n1, p, in.r2) >= in.shrinkage)) ++n1;
  // 2. Apparent minus adjusted R^2 <= 0.05: n = 1 + p (1 - R^2) / 0.05.
  const long n2 = static_cast<long>(std::ceil(1 + p * (1 - in.r2) / 0.05));
  // 3. Precise residual SD (multiplicative margin mmoe).
  const long n3 = ResidualVarianceN(p, in.mmoe);
  // 4. Precise intercept: the 95 % CI of the mean outcome, intercept +-
  // t(0.975, n - p - 1) * sqrt(sd^2 (1 - R^2) / n), within a multiplicative
  // margin mmoe of the intercept; searched from the largest n so far.
  long n4 = std::max({n1, n2, n3});
  const auto half_width = [&](long n) {
    return TQuantile975(static_cast<double>(n - p - 1)) *
           std::sqrt(in.sd * in.sd * (1 - in.r2) / static_cast<double>(n));
  };
  while (n4 < kMaxN && half_width(n4) > (in.mmoe - 1) * std::abs(in.intercept)) ++n4;
  if (std::max(n1, n4) >= kMaxN) {
    return Status::InvalidInput("sample size: r2 = " + Num(in.r2) +
                                ", parameters = " + std::to_string(p) +
                                ": no n below 10^8 meets the criteria: expected a larger "
                                "R^2, a larger margin or fewer parameters");
  }
  const char* names[] = {"shrinkage >= target", "optimism in R^2 <= 0.05",
                         "precise residual SD", "precise intercept"};
  const long ns[] = {n1, n2, n3, n4};
  for (size_t i = 0; i < 4; ++i) {
    out.criteria.push_back({names[i], ns[i], ExpectedShrinkage(ns[i], p, in.r2)});
  }
  out.n = std::max({n1, n2, n3, n4});
  out.shrinkage = ExpectedShrinkage(out.n, p, in.r2);
  out.intercept_lower = in.intercept - half_width(n4);
  out.intercept_upper = in.intercept + half_width(n4);
  return out;
}

}  // namespace thaplan
