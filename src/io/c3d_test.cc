// The C3D reader on real recordings, against truth it did not compute: the
// data README (/work/shared/data/README.md), values decoded by hand here from
// raw bytes, and values decoded by an independent Python script (noted).
#include "thaplan/c3d.h"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

#include "io/c3d_test_util.h"

namespace thaplan {
namespace {

using c3d_test::kEb015;
using c3d_test::kPig;
using c3d_test::kRaw;
using c3d_test::ReadBytes;
using c3d_test::SharedData;

// DEC F-float by the VAX manual's definition (8.3.6): sign bit 15, excess-128
// exponent in bits 14:7, fraction 0.1fff; written independently of the
// reader's bit trick.
double DecFloatByHand(const uint8_t* b) {
  unsigned word0 = b[0] | (b[1] << 8);
  unsigned word1 = b[2] | (b[3] << 8);
  int exponent = static_cast<int>((word0 >> 7) & 0xff);
  double fraction =
      0.5 + (static_cast<double>(word0 & 0x7f) * 65536.0 + word1) / 16777216.0;
  double v = std::ldexp(fraction, exponent - 128);
  return (word0 & 0x8000) ? -v : v;
}

int16_t LittleI16(const std::vector<uint8_t>& b, size_t at) {
  return static_cast<int16_t>(b[at] | (b[at + 1] << 8));
}

TEST(C3dPigTest, HeaderFactsMatchTheReadme) {
  Result<Trial> t = ReadC3d(SharedData(kPig));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->format, "c3d");
  EXPECT_EQ(t->sample_rate_hz, 50.0);
  EXPECT_EQ(t->frame_count, 142);
  EXPECT_EQ(t->start_time_s, 0.0);
  EXPECT_EQ(t->metadata.at("c3d.processor"), "DEC");
  EXPECT_EQ(t->metadata.at("c3d.storage"), "integer");
  EXPECT_EQ(t->metadata.at("c3d.point_units"), "mm");
  ASSERT_TRUE(t->vertical_axis.has_value());
  EXPECT_EQ(*t->vertical_axis, Axis::kZ);  // POINT:Y_SCREEN = "+Z"
  EXPECT_EQ(t->vertical_sign, 1);
  // Labels keep the Vicon subject prefix; the sacral marker is there, the
  // heels are not (README).
  EXPECT_TRUE(t->Find("A22:LASI").has_value());
  EXPECT_TRUE(t->Find("A22:SACR").has_value());
  EXPECT_FALSE(t->Find("A22:LHEE").has_value());
  EXPECT_FALSE(t->Find("LASI").has_value());
  EXPECT_EQ(t->positions_m.size(), 142 * t->landmarks.size());
}

TEST(C3dPigTest, MarkerValuesMatchTheRawBytes) {
  std::vector<uint8_t> bytes = ReadBytes(SharedData(kPig));
  ASSERT_GT(bytes.size(), 512u);
  Result<Trial> t = ParseC3d(bytes, "gait-pig.c3d");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  // By hand: header word 9 = data start block, words 7-8 = POINT:SCALE (DEC);
  // 77 points and 30 analog channels x 16 samples per frame, 2 bytes per
  // word; A22:LASI is point 10 in POINT:LABELS (0-based).
  const size_t data_start = (static_cast<size_t>(LittleI16(bytes, 16)) - 1) * 512;
  const double scale_mm = DecFloatByHand(&bytes[12]);
  EXPECT_EQ(data_start, 18944u);
  EXPECT_NEAR(scale_mm, 0.1091621071100235, 1e-12);  // the Python decoder's value
  const size_t frame_bytes = (77 * 4 + 30 * 16) * 2;
  const size_t lasi = *t->Find("A22:LASI");
  for (int frame : {0, 50, 100}) {
    size_t at = data_start + static_cast<size_t>(frame) * frame_bytes + 10 * 8;
    ASSERT_GE(LittleI16(bytes, at + 6), 0) << "frame " << frame;
    for (int axis = 0; axis < 3; ++axis) {
      double expected_m =
          LittleI16(bytes, at + 2 * static_cast<size_t>(axis)) * scale_mm / 1000;
      EXPECT_DOUBLE_EQ(t->At(frame, lasi)[static_cast<size_t>(axis)], expected_m)
          << "frame " << frame << " axis " << axis;
    }
  }
  // Frame 50 from the independent Python decoder: raw (9418, 6619, 8468).
  EXPECT_NEAR(t->At(50, lasi)[0], 1.0280887247622013, 1e-9);
  EXPECT_NEAR(t->At(50, lasi)[1], 0.7225439869612455, 1e-9);
  EXPECT_NEAR(t->At(50, lasi)[2], 0.924384723007679, 1e-9);
  // The ASIS markers drop out at the end (README): residual word -1.
  EXPECT_EQ(LittleI16(bytes, data_start + 141 * frame_bytes + 10 * 8 + 6), -1);
  EXPECT_TRUE(IsMissing(t->At(141, lasi)));
}

TEST(C3dPigTest, EventsAreTheFilesOwn) {
  Result<Trial> t = ReadC3d(SharedData(kPig));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->metadata.at("c3d.events_source"), "EVENT group");
  std::vector<std::tuple<std::string, std::string, double>> got;
  for (const TrialEvent& e : t->events) got.emplace_back(e.context, e.label, e.time_s);
  std::sort(got.begin(), got.end());
  std::vector<std::tuple<std::string, std::string, double>> want = {
      {"Left", "Foot Off", 1.1525},   {"Left", "Foot Off", 2.12},
      {"Left", "Foot Strike", 0.57},  {"Left", "Foot Strike", 1.52},
      {"Left", "Foot Strike", 2.48},  {"Right", "Foot Off", 1.61125},
      {"Right", "Foot Off", 2.60},    {"Right", "Foot Strike", 1.03625},
      {"Right", "Foot Strike", 2.00},
  };
  EXPECT_EQ(got, want);  // exact: the file's floats read as the decimals written
}

TEST(C3dPigTest, AnalysisValuesAreTheVendors) {
  Result<Trial> t = ReadC3d(SharedData(kPig));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->analysis.size(), 21u);
  auto find = [&](const std::string& context, const std::string& name) {
    for (const TrialAnalysisValue& v : t->analysis) {
      if (v.context == context && v.name == name) return v;
    }
    ADD_FAILURE() << context << " " << name << " not found";
    return TrialAnalysisValue{};
  };
  struct Expected {
    const char* context;
    const char* name;
    const char* unit;
    double readme;    // the README's rounded value
    double rounding;  // half a unit in its last printed decimal
    float stored;     // the file's float, from the Python decoder
  };
  const Expected expected[] = {
      {"Left", "Stride Length", "mm", 1305.35, 0.005, 1305.3519287109375f},
      {"Right", "Stride Length", "mm", 1271.43, 0.005, 1271.4345703125f},
      {"Left", "Step Length", "mm", 689.13, 0.005, 689.131591796875f},
      {"Right", "Step Length", "mm", 650.75, 0.005, 650.747314453125f},
      {"Left", "Walking Speed", "mm/s", 1374.05, 0.005, 1374.0546875f},
      {"Right", "Walking Speed", "mm/s", 1319.26, 0.005, 1319.2576904296875f},
      {"Left", "Stride Time", "s", 0.95, 1e-9, 0.949999988079071f},
      {"Right", "Stride Time", "s", 0.96375, 1e-9, 0.9637500047683716f},
      {"Left", "Cadence", "1/s", 1.0526, 0.00005, 1.0526316165924072f},
  };
  for (const Expected& e : expected) {
    TrialAnalysisValue v = find(e.context, e.name);
    EXPECT_EQ(v.unit, e.unit) << e.context << " " << e.name;
    EXPECT_EQ(static_cast<float>(v.value), e.stored) << e.context << " " << e.name;
    EXPECT_NEAR(v.value, e.readme, e.rounding) << e.context << " " << e.name;
  }
}

TEST(C3dPigTest, ModelOutputsAreKeptApartFromMarkers) {
  Result<C3dContents> c = ReadC3dContents(SharedData(kPig));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  // POINT:ANGLES, FORCES, MOMENTS, POWERS list 10 + 6 + 6 + 6 points.
  EXPECT_EQ(c->derived.size(), 28u);
  EXPECT_EQ(c->trial.landmarks.size(), 77u - 28u);
  EXPECT_FALSE(c->trial.Find("A22:LHipAngles").has_value());
  const C3dDerivedPoint* hip = nullptr;
  for (const C3dDerivedPoint& d : c->derived) {
    if (d.label == "A22:LHipAngles") hip = &d;
  }
  ASSERT_NE(hip, nullptr);
  EXPECT_EQ(hip->kind, "ANGLES");
  EXPECT_EQ(hip->unit, "deg");
  ASSERT_EQ(hip->values.size(), 142u);
  // Frame 60 from the Python decoder: raw (34, -38, -7) x POINT:SCALE, degrees.
  EXPECT_NEAR(hip->values[60][0], 3.711511641740799, 1e-9);
  EXPECT_NEAR(hip->values[60][1], -4.148160070180893, 1e-9);
}

TEST(C3dRawTest, ReadsWithTheReadmesFrameCountAndRate) {
  Result<Trial> t = ReadC3d(SharedData(kRaw));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->sample_rate_hz, 50.0);
  EXPECT_EQ(t->frame_count, 142);
  EXPECT_EQ(t->landmarks.size(), 27u);
  EXPECT_EQ(t->metadata.at("c3d.processor"), "DEC");
  // "heels all invalid" (README).
  size_t lhee = *t->Find("LHEE");
  for (int64_t f = 0; f < t->frame_count; ++f) EXPECT_TRUE(IsMissing(t->At(f, lhee)));
}

TEST(C3dEb015Test, FloatIntelFileWithHeaderEvents) {
  Result<Trial> t = ReadC3d(SharedData(kEb015));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->sample_rate_hz, 50.0);
  EXPECT_EQ(t->frame_count, 450);
  EXPECT_EQ(t->metadata.at("c3d.processor"), "Intel");
  EXPECT_EQ(t->metadata.at("c3d.storage"), "float");
  // POINT:USED = 26 although POINT:LABELS holds 48 names.
  EXPECT_EQ(t->landmarks.size(), 26u);
  // Float coordinates are not multiplied by POINT:SCALE (-0.0833): LFT1 at
  // frame 200 is (-100.16667, 594.66669, 69.583336) mm (Python decoder);
  // frame 0 has residual -1.
  size_t lft1 = *t->Find("LFT1");
  EXPECT_NEAR(t->At(200, lft1)[0], -0.10016667175292969, 1e-12);
  EXPECT_NEAR(t->At(200, lft1)[1], 0.5946666870117188, 1e-12);
  EXPECT_NEAR(t->At(200, lft1)[2], 0.06958333587646484, 1e-12);
  EXPECT_TRUE(IsMissing(t->At(0, lft1)));
  size_t pv1 = *t->Find("PV1");
  EXPECT_NEAR(t->At(449, pv1)[1], 2.1355, 1e-12);
  // No EVENT group: the three header events (times 2.72, 5.4, 7.32 s).
  EXPECT_EQ(t->metadata.at("c3d.events_source"), "header");
  ASSERT_EQ(t->events.size(), 3u);
  EXPECT_EQ(t->events[0].label, "RIC");
  EXPECT_EQ(t->events[0].time_s, 2.72);
  EXPECT_EQ(t->events[1].label, "RHS");
  EXPECT_EQ(t->events[1].time_s, 5.4);
  EXPECT_EQ(t->events[2].label, "RTO");
  EXPECT_EQ(t->events[2].time_s, 7.32);
  EXPECT_EQ(*t->vertical_axis, Axis::kZ);
}

TEST(C3dPrivacyTest, NoSubjectNamesInMetadata) {
  for (const std::string& file : {kPig, kRaw, kEb015}) {
    Result<Trial> t = ReadC3d(SharedData(file));
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    for (const auto& [key, value] : t->metadata) {
      EXPECT_EQ(key.find("SUBJECT"), std::string::npos) << key;
      EXPECT_EQ(key.find("subject"), std::string::npos) << key;
    }
  }
}

}  // namespace
}  // namespace thaplan
