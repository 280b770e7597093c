// WriteC3d: a minimal, standard C3D writer (header, parameter section, data)
// so that tests can round-trip every processor and storage variant and the
// benchmark has realistic input. Units are always millimetres.
#include <cmath>

#include "io/c3d_header.h"
#include "io/c3d_param_writer.h"
#include "io/c3d_writer_data.h"
#include "thaplan/atomic_file.h"
#include "thaplan/c3d.h"

namespace thaplan {
namespace {

using io::c3d::kBlockSize;
using io::c3d::ParamBuilder;
using io::c3d::StoreFloat;
using io::c3d::StoreU16;

constexpr double kMmPerM = 1000.0;
constexpr int kMaxListEntries = 255;  // one dimension byte per C3D parameter

struct Plan {
  size_t frames = 0;
  size_t points = 0;
  size_t analog_words = 0;
  double scale_mm = 0;  // magnitude of POINT:SCALE
  uint32_t first_frame = 1;
  bool is_float = false;
};

Result<Plan> MakePlan(const Trial& t, const C3dWriteOptions& o) {
  Plan plan;
  if (!(t.sample_rate_hz > 0) || !std::isfinite(t.sample_rate_hz)) {
    return Status::InvalidInput("WriteC3d: sample_rate_hz = " +
                                std::to_string(t.sample_rate_hz) + ": expected > 0");
  }
  if (t.frame_count < 0 || t.frame_count > 0xffffffffLL ||
      t.positions_m.size() != static_cast<size_t>(t.frame_count) * t.landmarks.size()) {
    return Status::InvalidInput("WriteC3d: positions_m has " +
                                std::to_string(t.positions_m.size()) +
                                " entries: expected " + "frame_count x landmarks");
  }
  if (t.landmarks.size() > 65535 || o.analog_channels < 0 ||
      o.analog_samples_per_frame < 1 || o.analog_channels > 65535) {
    return Status::InvalidInput("WriteC3d: too many points or bad analog options");
  }
  plan.frames = static_cast<size_t>(t.frame_count);
  plan.points = t.landmarks.size();
  plan.analog_words = static_cast<size_t>(o.analog_channels) *
                      static_cast<size_t>(o.analog_samples_per_frame);
  if (!o.analog.empty() && o.analog.size() != plan.frames * plan.analog_words) {
    return Status::InvalidInput("WriteC3d: analog has " +
                                std::to_string(o.analog.size()) +
                                " samples: expected frames x samples x channels = " +
                                std::to_string(plan.frames * plan.analog_words));
  }
  plan.is_float = o.storage == C3dStorage::kFloat;
  double largest_mm = 0;
  for (const Vec3& p : t.positions_m) {
    if (IsMissing(p)) continue;
    for (double c : p) largest_mm = std::max(largest_mm, std::fabs(c * kMmPerM));
  }
  // c3d.org: POINT:SCALE = largest coordinate / 32000, also for float files.
  double scale = o.point_scale_mm > 0 ? o.point_scale_mm
                                      : (largest_mm > 0 ? largest_mm / 32000.0 : 0.1);
  // Encode with the scale as the file will hold it (a 32-bit float), or
  // readers would be off by the rounding times every value.
  plan.scale_mm = static_cast<float>(scale);
  double first = std::round(t.start_time_s * t.sample_rate_hz) + 1;
  if (!(first >= 1 && first <= 4294967295.0)) {
    return Status::InvalidInput(
        "WriteC3d: start_time_s = " + std::to_string(t.start_time_s) + ": expected >= 0");
  }
  plan.first_frame = static_cast<uint32_t>(first);
  return plan;
}

uint16_t Low(uint32_t v) { return static_cast<uint16_t>(v & 0xffffu); }
uint16_t High(uint32_t v) { return static_cast<uint16_t>(v >> 16); }

Status AddLabels(const std::vector<std::string>& labels, ParamBuilder* b) {
  for (size_t start = 0, n = 1; start < labels.size() || n == 1;
       start += kMaxListEntries, ++n) {
    size_t end = std::min(labels.size(), start + kMaxListEntries);
    std::vector<std::string> part(labels.begin() + static_cast<ptrdiff_t>(start),
                                  labels.begin() + static_cast<ptrdiff_t>(end));
    b->Strings(n == 1 ? "LABELS" : "LABELS" + std::to_string(n), part);
  }
  return Status::Ok();
}

std::string ScreenAxis(const Trial& t, bool vertical) {
  Axis up = *t.vertical_axis;
  if (!vertical) return up == Axis::kX ? "+Y" : "+X";
  std::string s(2, t.vertical_sign < 0 ? '-' : '+');
  s[1] = static_cast<char>('X' + static_cast<int>(up));
  return s;
}

Status AddEventsAndAnalysis(const Trial& t, ParamBuilder* b) {
  if (t.events.size() > kMaxListEntries || t.analysis.size() > kMaxListEntries) {
    return Status::InvalidInput("WriteC3d: more than 255 events or analysis values");
  }
  if (!t.events.empty()) {
    b->Group("EVENT");
    std::vector<std::string> contexts, labels;
    std::vector<float> times;
    for (const TrialEvent& e : t.events) {
      contexts.push_back(e.context);
      labels.push_back(e.label);
      double minutes = std::floor(e.time_s / 60.0);
      times.push_back(static_cast<float>(minutes));
      times.push_back(static_cast<float>(e.time_s - 60.0 * minutes));
    }
    b->Int("USED", static_cast<uint16_t>(t.events.size()));
    b->Strings("CONTEXTS", contexts);
    b->Strings("LABELS", labels);
    b->Floats("TIMES", times, {2, static_cast<int>(t.events.size())});
  }
  if (!t.analysis.empty()) {
    b->Group("ANALYSIS");
    std::vector<std::string> names, contexts, units;
    std::vector<float> values;
    for (const TrialAnalysisValue& v : t.analysis) {
      names.push_back(v.name);
      contexts.push_back(v.context);
      units.push_back(v.unit);
      values.push_back(static_cast<float>(v.value));
    }
    b->Int("USED", static_cast<uint16_t>(t.analysis.size()));
    b->Strings("NAMES", names);
    b->Strings("CONTEXTS", contexts);
    b->Strings("UNITS", units);
    b->Floats("VALUES", values, {static_cast<int>(t.analysis.size())});
  }
  return Status::Ok();
}

Result<ParamBuilder> BuildParams(const Trial& t, const C3dWriteOptions& o,
                                 const Plan& plan) {
  ParamBuilder b(o.processor);
  const uint32_t last = plan.first_frame + static_cast<uint32_t>(plan.frames) - 1;
  b.Group("POINT");
  b.Int("USED", static_cast<uint16_t>(plan.points));
  b.Int("FRAMES", static_cast<uint16_t>(std::min<size_t>(plan.frames, 65535)));
  b.Int("DATA_START", 0);  // set once the section's size is known
  b.Float("SCALE", static_cast<float>(plan.is_float ? -plan.scale_mm : plan.scale_mm));
  b.Float("RATE", static_cast<float>(t.sample_rate_hz));
  b.String("UNITS", "mm");
  THAPLAN_RETURN_IF_ERROR(AddLabels(t.landmarks, &b));
  if (t.vertical_axis) {
    b.String("X_SCREEN", ScreenAxis(t, false));
    b.String("Y_SCREEN", ScreenAxis(t, true));
  }
  b.Group("ANALOG");
  b.Int("USED", static_cast<uint16_t>(o.analog_channels));
  b.Float("RATE", static_cast<float>(t.sample_rate_hz * o.analog_samples_per_frame));
  if (o.analog_channels > 0) {
    std::vector<std::string> labels;
    for (int c = 0; c < o.analog_channels; ++c) {
      // Not "A" + to_string(): g++ 12 -O2 gives a false -Wrestrict on it.
      std::string label = std::to_string(c + 1);
      label.insert(label.begin(), 'A');
      labels.push_back(std::move(label));
    }
    b.Strings("LABELS", labels);
    b.Floats("SCALE", std::vector<float>(static_cast<size_t>(o.analog_channels), 1.0f),
             {o.analog_channels});
    b.Float("GEN_SCALE", 1.0f);
  }
  // The frame range as two 32-bit numbers, so that more than 65535 frames
  // can be described (c3d.org, "The TRIAL Group").
  b.Group("TRIAL");
  b.Ints("ACTUAL_START_FIELD", {Low(plan.first_frame), High(plan.first_frame)});
  b.Ints("ACTUAL_END_FIELD", {Low(last), High(last)});
  THAPLAN_RETURN_IF_ERROR(AddEventsAndAnalysis(t, &b));
  b.SetInt("POINT", "DATA_START", static_cast<uint16_t>(2 + b.BlockCount()));
  return b;
}

}  // namespace

Result<std::vector<uint8_t>> EncodeC3d(const Trial& trial,
                                       const C3dWriteOptions& options) {
  THAPLAN_ASSIGN_OR_RETURN(Plan plan, MakePlan(trial, options));
  THAPLAN_ASSIGN_OR_RETURN(ParamBuilder params, BuildParams(trial, options, plan));
  THAPLAN_ASSIGN_OR_RETURN(std::vector<uint8_t> param_bytes, params.Build());
  const size_t param_blocks = param_bytes.size() / kBlockSize;
  if (2 + param_blocks > 65535) return Status::InvalidInput("WriteC3d: header too large");
  std::vector<uint8_t> out(kBlockSize, 0);
  const C3dProcessor p = options.processor;
  out[0] = 2;  // the parameter section starts at block 2
  out[1] = io::c3d::kParameterKey;
  StoreU16(static_cast<uint16_t>(plan.points), p, &out[2]);
  StoreU16(static_cast<uint16_t>(std::min<size_t>(plan.analog_words, 65535)), p, &out[4]);
  const uint32_t last = plan.first_frame + static_cast<uint32_t>(plan.frames) - 1;
  StoreU16(static_cast<uint16_t>(std::min<uint32_t>(plan.first_frame, 65535)), p,
           &out[6]);
  StoreU16(static_cast<uint16_t>(std::min<uint32_t>(last, 65535)), p, &out[8]);
  float scale = static_cast<float>(plan.is_float ? -plan.scale_mm : plan.scale_mm);
  float rate = static_cast<float>(trial.sample_rate_hz);
  if (!StoreFloat(scale, p, &out[12]) || !StoreFloat(rate, p, &out[20])) {
    return Status::InvalidInput(
        "WriteC3d: scale or rate cannot be stored as a DEC float");
  }
  StoreU16(static_cast<uint16_t>(2 + param_blocks), p, &out[16]);
  StoreU16(static_cast<uint16_t>(options.analog_samples_per_frame), p, &out[18]);
  StoreU16(io::c3d::kHeaderEventKey, p, &out[io::c3d::kEventKeyAt]);
  out.insert(out.end(), param_bytes.begin(), param_bytes.end());
  THAPLAN_RETURN_IF_ERROR(io::c3d::EncodeC3dData(trial, options, plan.scale_mm, &out));
  out.resize((out.size() + kBlockSize - 1) / kBlockSize * kBlockSize, 0);
  return out;
}

Status WriteC3d(const Trial& trial, const C3dWriteOptions& options,
                const std::string& path) {
  Result<std::vector<uint8_t>> encoded = EncodeC3d(trial, options);
  if (!encoded.ok()) return encoded.status().WithContext(path);
  const std::vector<uint8_t>& bytes = *encoded;
  return WriteFileAtomically(
      path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace thaplan
