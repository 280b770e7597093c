#include "gait/indices.h"

#include <cmath>

#include "gait/segment.h"

namespace thaplan::gait {
namespace {

template <typename Field>
std::vector<double> Collect(const std::vector<StrideMetrics>& strides,
                            std::optional<Side> side, Field field) {
  std::vector<double> out;
  for (const StrideMetrics& m : strides) {
    if (side && m.side != *side) continue;
    const double v = field(m);
    if (std::isfinite(v)) out.push_back(v);
  }
  return out;
}

IndexValue MeanIndex(const std::vector<double>& values,
                     const std::string& reason_if_none) {
  IndexValue v;
  const MeanSd ms = ComputeMeanSd(values);
  v.n = ms.n;
  if (ms.n == 0) {
    v.reason = reason_if_none;
  } else {
    v.value = ms.mean;
  }
  return v;
}

IndexValue CvOf(const std::vector<double>& lengths, const GaitOptions& o,
                const std::string& what) {
  IndexValue v;
  v.n = static_cast<int>(lengths.size());
  if (v.n < o.min_strides_cv) {
    v.reason = what + ": " + std::to_string(v.n) +
               " strides after excluding the first and "
               "last stride of each walk; at least " +
               std::to_string(o.min_strides_cv) + " needed";
    return v;
  }
  const MeanSd ms = ComputeMeanSd(lengths);
  v.value = 100.0 * ms.sd / ms.mean;
  v.low_reliability = v.n < o.reliable_strides_cv;
  return v;
}

}  // namespace

MeanSd ComputeMeanSd(const std::vector<double>& values) {
  MeanSd out;
  double sum = 0;
  for (double x : values) {
    if (!std::isfinite(x)) continue;
    sum += x;
    ++out.n;
  }
  if (out.n == 0) return out;
  out.mean = sum / out.n;
  if (out.n < 2) return out;
  double ss = 0;
  for (double x : values) {
    if (std::isfinite(x)) ss += (x - out.mean) * (x - out.mean);
  }
  out.sd = std::sqrt(ss / (out.n - 1));
  return out;
}

SpatiotemporalSummary Summarise(const std::vector<StrideMetrics>& strides,
                                std::optional<Side> side) {
  SpatiotemporalSummary s;
  for (const StrideMetrics& m : strides) s.strides += (!side || m.side == *side) ? 1 : 0;
  auto ms = [&](double StrideMetrics::*field) {
    return ComputeMeanSd(
        Collect(strides, side, [field](const StrideMetrics& m) { return m.*field; }));
  };
  s.stride_time_s = ms(&StrideMetrics::stride_time_s);
  s.stride_length_m = ms(&StrideMetrics::stride_length_m);
  s.speed_m_s = ms(&StrideMetrics::speed_m_s);
  s.cadence_steps_per_min = ms(&StrideMetrics::cadence_steps_per_min);
  s.step_length_m = ms(&StrideMetrics::step_length_m);
  s.step_width_m = ms(&StrideMetrics::step_width_m);
  s.stance_pct = ms(&StrideMetrics::stance_pct);
  s.swing_pct = ms(&StrideMetrics::swing_pct);
  s.single_support_pct = ms(&StrideMetrics::single_support_pct);
  s.double_support_pct = ms(&StrideMetrics::double_support_pct);
  return s;
}

StrideLengthCvIndex ComputeStrideLengthCv(const std::vector<StrideMetrics>& strides,
                                          const GaitOptions& o) {
  StrideLengthCvIndex out;
  out.method =
      "100 x sample SD / mean of stride length (heel, else ankle, displacement along the "
      "walking direction between ipsilateral heel strikes); valid strides, both sides "
      "pooled, first and last stride of each walk bout excluded";
  auto lengths = [&](std::optional<Side> side) {
    return Collect(strides, side, [](const StrideMetrics& m) {
      return m.bout_boundary ? kNoValue : m.stride_length_m;
    });
  };
  out.pooled = CvOf(lengths(std::nullopt), o, "pooled");
  out.left = CvOf(lengths(Side::kLeft), o, "left");
  out.right = CvOf(lengths(Side::kRight), o, "right");
  return out;
}

HipExtensionIndex ComputeHipExtension(const std::vector<StrideMetrics>& strides,
                                      HipAngleFrame frame,
                                      const std::array<std::string, 2>& missing) {
  HipExtensionIndex out;
  out.frame = frame;
  if (frame == HipAngleFrame::kPelvis) {
    out.method =
        "max over each stride of hip extension (thigh hip centre -> knee relative "
        "to the pelvis, pelvic sagittal plane, ISB pelvis frame; = -OpenSim "
        "hip_flexion), mean over valid strides";
  } else if (frame == HipAngleFrame::kTrunk) {
    out.method =
        "max over each stride of hip extension (thigh relative to the mid-hip -> "
        "mid-shoulder line in the sagittal plane of walking; reads ~10 deg more "
        "extension than pelvis-referenced angles), mean over valid strides";
  }
  for (Side side : {Side::kLeft, Side::kRight}) {
    const std::string& why = missing[static_cast<size_t>(side)];
    IndexValue v = MeanIndex(
        Collect(strides, side,
                [](const StrideMetrics& m) { return m.peak_hip_extension_deg; }),
        why.empty() ? "no valid stride with the hip angle in every frame" : why);
    (side == Side::kLeft ? out.left : out.right) = v;
  }
  return out;
}

ComSymmetryIndex ComputeComSymmetry(const std::vector<StrideMetrics>& strides,
                                    const GaitOptions& o, const std::string& missing) {
  ComSymmetryIndex out;
  out.operated_side = o.operated_side;
  out.method =
      "whole-body COM from de Leva (1996) segments; per stride, lateral COM (detrended "
      "between the strikes, minus the stride mean) peak toward the stance side during "
      "its "
      "single support; ratio = mean operated / mean non-operated; asymmetry = 100 |ln "
      "ratio|";
  const std::string none =
      missing.empty() ? "no valid stride with a complete COM" : missing;
  auto lateral = [](const StrideMetrics& m) { return m.com_lateral_excursion_m; };
  auto rise = [](const StrideMetrics& m) { return m.com_vertical_rise_m; };
  out.lateral_left_m = MeanIndex(Collect(strides, Side::kLeft, lateral), none);
  out.lateral_right_m = MeanIndex(Collect(strides, Side::kRight, lateral), none);
  out.vertical_rise_left_m = MeanIndex(Collect(strides, Side::kLeft, rise), none);
  out.vertical_rise_right_m = MeanIndex(Collect(strides, Side::kRight, rise), none);
  if (!o.operated_side) {
    out.sway_ratio.reason = "operated side not given: left and right values only";
    out.asymmetry_pct.reason = out.sway_ratio.reason;
    return out;
  }
  const bool left_op = *o.operated_side == Side::kLeft;
  const IndexValue& op = left_op ? out.lateral_left_m : out.lateral_right_m;
  const IndexValue& non = left_op ? out.lateral_right_m : out.lateral_left_m;
  if (!op.value || !non.value) {
    out.sway_ratio.reason =
        "lateral excursion missing on one side: " + (op.value ? non.reason : op.reason);
  } else if (!(*op.value > 0) || !(*non.value > 0)) {
    out.sway_ratio.reason = "lateral excursion not positive on one side: ratio undefined";
  } else {
    out.sway_ratio.value = *op.value / *non.value;
    out.sway_ratio.n = op.n + non.n;
    out.asymmetry_pct.value = 100.0 * std::abs(std::log(*out.sway_ratio.value));
    out.asymmetry_pct.n = out.sway_ratio.n;
  }
  if (!out.sway_ratio.value) out.asymmetry_pct.reason = out.sway_ratio.reason;
  return out;
}

}  // namespace thaplan::gait
