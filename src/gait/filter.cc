#include "gait/filter.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace thaplan::gait {

Result<Biquad> DesignButterworthLowPass(double cutoff_hz, double sample_rate_hz) {
  if (!(sample_rate_hz > 0) || !std::isfinite(sample_rate_hz)) {
    return Status::InvalidInput("sample_rate_hz = " + std::to_string(sample_rate_hz) +
                                ": expected a positive rate");
  }
  const double nyquist = sample_rate_hz / 2;
  if (!(cutoff_hz > 0) || !(cutoff_hz < nyquist)) {
    return Status::InvalidInput("low-pass cut-off " + std::to_string(cutoff_hz) +
                                " Hz at sample rate " + std::to_string(sample_rate_hz) +
                                " Hz: expected 0 < cut-off < Nyquist (" +
                                std::to_string(nyquist) + " Hz)");
  }
  // Pre-warped analogue cut-off: K = tan(pi fc / fs). Substituting
  // s = (1 - z^-1) / (1 + z^-1) (scaled so the cut-off maps to K) into
  // H(s) = K^2 / (s^2 + sqrt(2) K s + K^2) gives these coefficients.
  const double k = std::tan(std::numbers::pi * cutoff_hz / sample_rate_hz);
  const double k2 = k * k;
  const double norm = 1.0 / (1.0 + std::numbers::sqrt2 * k + k2);
  Biquad f;
  f.b0 = k2 * norm;
  f.b1 = 2 * f.b0;
  f.b2 = f.b0;
  f.a1 = 2 * (k2 - 1) * norm;
  f.a2 = (1 - std::numbers::sqrt2 * k + k2) * norm;
  return f;
}

int DefaultPad(double cutoff_hz, double sample_rate_hz, size_t n) {
  const double periods = 3.0 * sample_rate_hz / cutoff_hz;
  const double limit = static_cast<double>(n > 0 ? n - 1 : 0);
  return static_cast<int>(std::min(std::ceil(periods), limit));
}

namespace {

// Direct form II transposed, state started at the steady state for a
// constant input equal to buf[0] (DC gain is 1).
void RunBiquad(const Biquad& f, std::vector<double>& buf) {
  const double x0 = buf[0];
  double z2 = (f.b2 - f.a2) * x0;
  double z1 = (f.b1 - f.a1) * x0 + z2;
  for (double& v : buf) {
    const double x = v;
    const double y = f.b0 * x + z1;
    z1 = f.b1 * x - f.a1 * y + z2;
    z2 = f.b2 * x - f.a2 * y;
    v = y;
  }
}

// The same on three channels, forward (step +1) or backward (step -1) over
// buf, without reversing it.
void RunBiquad3(const Biquad& f, std::vector<Vec3>& buf, bool forward) {
  const size_t n = buf.size();
  const Vec3 x0 = forward ? buf.front() : buf.back();
  Vec3 z1, z2;
  for (size_t a = 0; a < 3; ++a) {
    z2[a] = (f.b2 - f.a2) * x0[a];
    z1[a] = (f.b1 - f.a1) * x0[a] + z2[a];
  }
  for (size_t k = 0; k < n; ++k) {
    Vec3& v = buf[forward ? k : n - 1 - k];
    for (size_t a = 0; a < 3; ++a) {
      const double x = v[a];
      const double y = f.b0 * x + z1[a];
      z1[a] = f.b1 * x - f.a1 * y + z2[a];
      z2[a] = f.b2 * x - f.a2 * y;
      v[a] = y;
    }
  }
}

}  // namespace

void FiltFilt(const Biquad& filter, std::span<Vec3> xs, int pad,
              std::vector<Vec3>& scratch) {
  const size_t n = xs.size();
  if (n < 2) return;
  const size_t p = std::min(static_cast<size_t>(std::max(pad, 0)), n - 1);
  scratch.resize(n + 2 * p);
  for (size_t k = 0; k < p; ++k) {
    for (size_t a = 0; a < 3; ++a) scratch[k][a] = 2 * xs[0][a] - xs[p - k][a];
  }
  std::copy(xs.begin(), xs.end(), scratch.begin() + static_cast<std::ptrdiff_t>(p));
  for (size_t k = 1; k <= p; ++k) {
    for (size_t a = 0; a < 3; ++a)
      scratch[p + n - 1 + k][a] = 2 * xs[n - 1][a] - xs[n - 1 - k][a];
  }
  RunBiquad3(filter, scratch, true);
  RunBiquad3(filter, scratch, false);
  std::copy(scratch.begin() + static_cast<std::ptrdiff_t>(p),
            scratch.begin() + static_cast<std::ptrdiff_t>(p + n), xs.begin());
}

void FiltFilt(const Biquad& filter, std::span<double> x, int pad,
              std::vector<double>& scratch) {
  const size_t n = x.size();
  if (n < 2) return;
  const size_t p = std::min(static_cast<size_t>(std::max(pad, 0)), n - 1);
  scratch.resize(n + 2 * p);
  // Odd reflection: x[-k] = 2 x[0] - x[k], x[n-1+k] = 2 x[n-1] - x[n-1-k].
  for (size_t k = 0; k < p; ++k) scratch[k] = 2 * x[0] - x[p - k];
  std::copy(x.begin(), x.end(), scratch.begin() + static_cast<std::ptrdiff_t>(p));
  for (size_t k = 1; k <= p; ++k) scratch[p + n - 1 + k] = 2 * x[n - 1] - x[n - 1 - k];
  RunBiquad(filter, scratch);
  std::reverse(scratch.begin(), scratch.end());
  RunBiquad(filter, scratch);
  std::reverse(scratch.begin(), scratch.end());
  std::copy(scratch.begin() + static_cast<std::ptrdiff_t>(p),
            scratch.begin() + static_cast<std::ptrdiff_t>(p + n), x.begin());
}

}  // namespace thaplan::gait
