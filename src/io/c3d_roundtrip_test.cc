// WriteC3d -> ParseC3d round trips over every processor and storage variant,
// and the DEC float conversion against values defined by the VAX manual.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>

#include "io/c3d_format.h"
#include "testing/temp_dir.h"
#include "thaplan/c3d.h"

namespace thaplan {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Trial SyntheticTrial(int frames, int markers) {
  Trial t;
  t.sample_rate_hz = 100;
  t.start_time_s = 0.5;  // first frame 51
  t.frame_count = frames;
  for (int m = 0; m < markers; ++m) t.landmarks.push_back("S01:M" + std::to_string(m));
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> coord(-2.5, 2.5);
  for (int f = 0; f < frames; ++f) {
    for (int m = 0; m < markers; ++m) {
      bool gap = (m == 1 && f % 10 < 3);
      t.positions_m.push_back(gap ? Vec3{kNaN, kNaN, kNaN}
                                  : Vec3{coord(rng), coord(rng), coord(rng) + 1.0});
    }
  }
  t.vertical_axis = Axis::kY;
  t.vertical_sign = -1;
  t.events = {{"Left", "Foot Strike", 0.57},
              {"Right", "Foot Off", 1.03625},
              {"General", "Event", 61.25}};
  t.analysis = {{"Left", "Stride Length", "mm", 1305.35},
                {"Right", "Cadence", "1/s", 1.0526}};
  return t;
}

struct Variant {
  C3dProcessor processor;
  C3dStorage storage;
};

class C3dRoundTripTest : public ::testing::TestWithParam<Variant> {};

TEST_P(C3dRoundTripTest, PointsEventsAnalysisSurvive) {
  const Variant v = GetParam();
  Trial in = SyntheticTrial(120, 6);
  C3dWriteOptions options;
  options.processor = v.processor;
  options.storage = v.storage;
  options.analog_channels = 3;
  options.analog_samples_per_frame = 4;
  for (size_t i = 0; i < 120 * 12; ++i)
    options.analog.push_back(static_cast<float>(i % 700));
  thaplan::testing::TempDir dir;
  std::string path = dir.Join("roundtrip.c3d");
  ASSERT_TRUE(WriteC3d(in, options, path).ok());
  Result<Trial> out = ReadC3d(path);
  std::remove(path.c_str());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->metadata.at("c3d.processor"), C3dProcessorName(v.processor));
  EXPECT_EQ(out->metadata.at("c3d.storage"),
            v.storage == C3dStorage::kFloat ? "float" : "integer");
  EXPECT_EQ(out->metadata.at("c3d.analog_channels"), "3");
  EXPECT_EQ(out->sample_rate_hz, 100.0);
  EXPECT_EQ(out->frame_count, 120);
  EXPECT_DOUBLE_EQ(out->start_time_s, 0.5);
  EXPECT_EQ(out->landmarks, in.landmarks);
  ASSERT_EQ(out->vertical_axis, Axis::kY);
  EXPECT_EQ(out->vertical_sign, -1);
  // Integer data: within half a scale step (largest coordinate / 32000 mm).
  double largest_mm = 0;
  for (const Vec3& p : in.positions_m) {
    if (!IsMissing(p)) {
      for (double c : p) largest_mm = std::max(largest_mm, std::fabs(c) * 1000);
    }
  }
  const double tolerance_m = v.storage == C3dStorage::kInteger
                                 ? largest_mm / 32000 / 2 / 1000 * 1.0001
                                 : 4000 * 6e-8 / 1000;  // float epsilon at 4 m, in m
  ASSERT_EQ(out->positions_m.size(), in.positions_m.size());
  for (size_t i = 0; i < in.positions_m.size(); ++i) {
    ASSERT_EQ(IsMissing(out->positions_m[i]), IsMissing(in.positions_m[i])) << i;
    if (IsMissing(in.positions_m[i])) continue;
    for (size_t a = 0; a < 3; ++a) {
      ASSERT_NEAR(out->positions_m[i][a], in.positions_m[i][a], tolerance_m) << i;
    }
  }
  ASSERT_EQ(out->events.size(), in.events.size());
  for (size_t i = 0; i < in.events.size(); ++i) {
    EXPECT_EQ(out->events[i].context, in.events[i].context);
    EXPECT_EQ(out->events[i].label, in.events[i].label);
    EXPECT_DOUBLE_EQ(out->events[i].time_s, in.events[i].time_s);
  }
  ASSERT_EQ(out->analysis.size(), in.analysis.size());
  for (size_t i = 0; i < in.analysis.size(); ++i) {
    EXPECT_EQ(out->analysis[i].name, in.analysis[i].name);
    EXPECT_EQ(out->analysis[i].context, in.analysis[i].context);
    EXPECT_EQ(out->analysis[i].unit, in.analysis[i].unit);
    EXPECT_DOUBLE_EQ(out->analysis[i].value, in.analysis[i].value);
  }
}

INSTANTIATE_TEST_SUITE_P(
    C3dAllVariants, C3dRoundTripTest,
    ::testing::Values(Variant{C3dProcessor::kIntel, C3dStorage::kInteger},
                      Variant{C3dProcessor::kIntel, C3dStorage::kFloat},
                      Variant{C3dProcessor::kDec, C3dStorage::kInteger},
                      Variant{C3dProcessor::kDec, C3dStorage::kFloat},
                      Variant{C3dProcessor::kMips, C3dStorage::kInteger},
                      Variant{C3dProcessor::kMips, C3dStorage::kFloat}),
    [](const ::testing::TestParamInfo<Variant>& param_info) {
      return std::string(C3dProcessorName(param_info.param.processor)) +
             (param_info.param.storage == C3dStorage::kFloat ? "Float" : "Integer");
    });

TEST(C3dRoundTripLongTest, MoreThan65535FramesUseTheTrialGroup) {
  Trial in = SyntheticTrial(70000, 1);
  in.events.clear();
  C3dWriteOptions options;
  options.point_scale_mm = 0.125;  // +-4096 mm
  Result<std::vector<uint8_t>> bytes = EncodeC3d(in, options);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  Result<Trial> out = ParseC3d(*bytes, "long.c3d");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->frame_count, 70000);
  EXPECT_EQ(out->metadata.at("c3d.first_frame"), "51");
  EXPECT_NEAR(out->At(69999, 0)[0], in.At(69999, 0)[0], 0.0000625);
}

TEST(C3dRoundTripLongTest, MoreThan255LabelsUseLabels2) {
  Trial in = SyntheticTrial(2, 300);
  Result<std::vector<uint8_t>> bytes = EncodeC3d(in, {});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  Result<Trial> out = ParseC3d(*bytes, "wide.c3d");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->landmarks, in.landmarks);
}

TEST(C3dRoundTripLongTest, NoScreenAxesLeaveTheVerticalUnset) {
  Trial in = SyntheticTrial(2, 2);
  in.vertical_axis.reset();
  Result<std::vector<uint8_t>> bytes = EncodeC3d(in, {});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  Result<Trial> out = ParseC3d(*bytes, "flat.c3d");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_FALSE(out->vertical_axis.has_value());
  EXPECT_EQ(out->metadata.at("c3d.vertical_axis"),
            "unknown: the file has no POINT:Y_SCREEN");
}

TEST(C3dWriteTest, CoordinateBeyondTheIntegerScaleIsAnError) {
  Trial in = SyntheticTrial(3, 2);
  C3dWriteOptions options;
  options.point_scale_mm = 0.01;  // +-327 mm at most
  Result<std::vector<uint8_t>> bytes = EncodeC3d(in, options);
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.status().message().find("S01:M0 at frame 0"), std::string::npos)
      << bytes.status().message();
  // Through WriteC3d the message names the file, and nothing is left behind.
  thaplan::testing::TempDir dir;
  std::string path = dir.Join("too_coarse.c3d");
  Status st = WriteC3d(in, options, path);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message().rfind(path + ": WriteC3d: S01:M0 at frame 0: coordinate ", 0),
            0u)
      << st.message();
  EXPECT_EQ(std::fopen(path.c_str(), "rb"), nullptr);
}

// DEC F-float: bit 15 sign, bits 14:7 excess-128 exponent, fraction 0.1fff
// (VAX MACRO and Instruction Set Reference Manual, 8.3.6). 1.0 = 0.5 x 2^1:
// exponent 129, fraction bits 0 -> word 0x4080, stored low byte first.
TEST(C3dDecFloatTest, KnownPatterns) {
  const uint8_t one[] = {0x80, 0x40, 0x00, 0x00};
  EXPECT_EQ(io::c3d::DecodeDecFloat(one), 1.0f);
  const uint8_t minus_half[] = {0x00, 0xC0, 0x00, 0x00};  // sign, exponent 128
  EXPECT_EQ(io::c3d::DecodeDecFloat(minus_half), -0.5f);
  // 0.75 = 0.11b x 2^0: exponent 128, top fraction bit (bit 6 of word 0) set.
  const uint8_t three_quarters[] = {0x40, 0x40, 0x00, 0x00};
  EXPECT_EQ(io::c3d::DecodeDecFloat(three_quarters), 0.75f);
  const uint8_t zero[] = {0x00, 0x00, 0x12, 0x34};  // exponent 0, sign 0
  EXPECT_EQ(io::c3d::DecodeDecFloat(zero), 0.0f);
  const uint8_t reserved[] = {0x00, 0x80, 0x00, 0x00};  // exponent 0, sign 1
  EXPECT_TRUE(std::isnan(io::c3d::DecodeDecFloat(reserved)));
  // Smallest exponent: 0.5 x 2^(1-128) = 2^-128, an IEEE subnormal.
  const uint8_t tiny[] = {0x80, 0x00, 0x00, 0x00};
  EXPECT_EQ(io::c3d::DecodeDecFloat(tiny), std::ldexp(1.0f, -128));
}

TEST(C3dDecFloatTest, EncodeDecodeIsIdentityOverTheRange) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<uint32_t> bits;
  int checked = 0;
  for (int i = 0; i < 200000; ++i) {
    float f;
    uint32_t u = bits(rng);
    std::memcpy(&f, &u, sizeof f);
    if (!std::isfinite(f) || std::fabs(f) < std::ldexp(1.0f, -128) ||
        std::fabs(f) >= std::ldexp(1.0f, 127)) {
      continue;
    }
    uint8_t b[4];
    ASSERT_TRUE(io::c3d::StoreFloat(f, C3dProcessor::kDec, b));
    ASSERT_EQ(io::c3d::DecodeDecFloat(b), f) << f;
    ++checked;
  }
  EXPECT_GT(checked, 100000);
  uint8_t b[4];
  EXPECT_FALSE(io::c3d::StoreFloat(std::ldexp(1.0f, 127), C3dProcessor::kDec, b));
  EXPECT_FALSE(io::c3d::StoreFloat(std::nanf(""), C3dProcessor::kDec, b));
}

}  // namespace
}  // namespace thaplan
