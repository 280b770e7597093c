#include "gait/filter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace thaplan::gait {
namespace {

// Steady-state amplitude of a sinusoid of frequency f after FiltFilt,
// measured in the middle of a long record.
double MeasuredGain(double f, double fc, double fs) {
  const Biquad b = DesignButterworthLowPass(fc, fs).value();
  const int n = 4000;
  std::vector<double> x(n), scratch;
  for (int i = 0; i < n; ++i)
    x[static_cast<size_t>(i)] = std::sin(2 * std::numbers::pi * f * i / fs);
  FiltFilt(b, x, DefaultPad(fc, fs, x.size()), scratch);
  double peak = 0;
  for (int i = 1000; i < 3000; ++i)
    peak = std::max(peak, std::abs(x[static_cast<size_t>(i)]));
  return peak;
}

// Closed form: one pass of a bilinear 2nd-order Butterworth has
// |H|^2 = 1 / (1 + (tan(pi f/fs) / tan(pi fc/fs))^4); forward + backward
// multiplies the magnitudes, so the zero-lag gain is |H|^2.
double ClosedFormGain(double f, double fc, double fs) {
  const double r =
      std::tan(std::numbers::pi * f / fs) / std::tan(std::numbers::pi * fc / fs);
  return 1.0 / (1.0 + std::pow(r, 4));
}

TEST(ButterworthTest, CoefficientsAtQuarterSampleRateMatchHandValues) {
  // fc = fs/4: K = tan(pi/4) = 1, so b0 = 1/(2+sqrt2), a1 = 0,
  // a2 = (2-sqrt2)/(2+sqrt2).
  const Biquad b = DesignButterworthLowPass(25, 100).value();
  EXPECT_NEAR(b.b0, 1 / (2 + std::numbers::sqrt2), 1e-12);
  EXPECT_NEAR(b.b1, 2 / (2 + std::numbers::sqrt2), 1e-12);
  EXPECT_NEAR(b.b2, b.b0, 1e-15);
  EXPECT_NEAR(b.a1, 0, 1e-12);
  EXPECT_NEAR(b.a2, (2 - std::numbers::sqrt2) / (2 + std::numbers::sqrt2), 1e-12);
}

TEST(ButterworthTest, DcGainIsOneAndConstantPassesUnchanged) {
  const Biquad b = DesignButterworthLowPass(6, 100).value();
  EXPECT_NEAR((b.b0 + b.b1 + b.b2) / (1 + b.a1 + b.a2), 1.0, 1e-12);
  std::vector<double> x(300, 0.873), scratch;
  FiltFilt(b, x, DefaultPad(6, 100, x.size()), scratch);
  for (double v : x) EXPECT_NEAR(v, 0.873, 1e-12);
}

TEST(ButterworthTest, ZeroLagGainAtCutoffIsOneHalf) {
  // Each pass is -3 dB (1/sqrt2) at the cut-off; two passes give 1/2.
  EXPECT_NEAR(MeasuredGain(6, 6, 100), 0.5, 2e-3);
  EXPECT_NEAR(ClosedFormGain(6, 6, 100), 0.5, 1e-12);
}

TEST(ButterworthTest, GainFollowsClosedFormAcrossFrequencies) {
  for (double f : {1.0, 3.0, 9.0, 12.0, 20.0}) {
    EXPECT_NEAR(MeasuredGain(f, 6, 100), ClosedFormGain(f, 6, 100), 3e-3) << f << " Hz";
  }
}

TEST(ButterworthTest, NoPhaseShift) {
  const double fs = 100, f = 2;
  const Biquad b = DesignButterworthLowPass(6, fs).value();
  std::vector<double> x(1000), scratch;
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = std::sin(2 * std::numbers::pi * f * static_cast<double>(i) / fs);
  FiltFilt(b, x, DefaultPad(6, fs, x.size()), scratch);
  // Peaks stay at i = 12.5 + 50 k (sin max at t = 1/(4f)); check zero
  // crossings at multiples of 25 samples instead (exact sample positions).
  for (size_t i = 200; i < 800; i += 25) EXPECT_NEAR(x[i], 0.0, 1e-3) << i;
}

TEST(ButterworthTest, EdgesOfARampAreKeptByOddReflection) {
  const Biquad b = DesignButterworthLowPass(6, 100).value();
  std::vector<double> x(200), scratch;
  for (size_t i = 0; i < x.size(); ++i) x[i] = 0.01 * static_cast<double>(i);
  FiltFilt(b, x, DefaultPad(6, 100, x.size()), scratch);
  for (size_t i = 0; i < x.size(); ++i)
    EXPECT_NEAR(x[i], 0.01 * static_cast<double>(i), 1e-3) << i;
}

TEST(ButterworthTest, CutoffAtOrAboveNyquistIsAnError) {
  const auto r = DesignButterworthLowPass(6, 12);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("Nyquist (6.000000 Hz)"), std::string::npos)
      << r.status().message();
  EXPECT_FALSE(DesignButterworthLowPass(7, 12).ok());
  EXPECT_FALSE(DesignButterworthLowPass(0, 100).ok());
  EXPECT_FALSE(DesignButterworthLowPass(6, -1).ok());
  EXPECT_TRUE(DesignButterworthLowPass(5.9, 12).ok());
}

TEST(ButterworthTest, ThreeChannelVersionMatchesTheScalarOne) {
  const Biquad b = DesignButterworthLowPass(6, 100).value();
  std::vector<Vec3> xs;
  std::vector<double> ch[3];
  for (int i = 0; i < 150; ++i) {
    xs.push_back(
        {std::sin(0.1 * i), std::cos(0.37 * i) + 0.01 * i, i % 7 == 0 ? 1.0 : 0.0});
    for (size_t a = 0; a < 3; ++a) ch[a].push_back(xs.back()[a]);
  }
  std::vector<Vec3> scratch3;
  std::vector<double> scratch;
  FiltFilt(b, std::span<Vec3>(xs), 50, scratch3);
  for (size_t a = 0; a < 3; ++a) {
    FiltFilt(b, std::span<double>(ch[a]), 50, scratch);
    for (size_t i = 0; i < xs.size(); ++i) EXPECT_NEAR(xs[i][a], ch[a][i], 1e-12);
  }
}

}  // namespace
}  // namespace thaplan::gait
