// Session summaries and the three indices (CLINICAL.md section 2).
#ifndef THAPLAN_GAIT_INDICES_H_
#define THAPLAN_GAIT_INDICES_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "thaplan/gait.h"

namespace thaplan::gait {

// Mean and sample SD (n - 1) of the finite values.
MeanSd ComputeMeanSd(const std::vector<double>& values);

// Over the strides of one side, or both when `side` is empty.
SpatiotemporalSummary Summarise(const std::vector<StrideMetrics>& strides,
                                std::optional<Side> side);

// 100 SD / mean of stride length over valid strides that are not the first
// or last of their bout; absent below min_strides_cv, flagged below
// reliable_strides_cv.
StrideLengthCvIndex ComputeStrideLengthCv(const std::vector<StrideMetrics>& strides,
                                          const GaitOptions& options);

// Mean over strides of the per-stride peak extension, per side.
// `missing` gives, per side, why no angle could be computed ("" if it could).
HipExtensionIndex ComputeHipExtension(const std::vector<StrideMetrics>& strides,
                                      HipAngleFrame frame,
                                      const std::array<std::string, 2>& missing);

// Per-side means of lateral excursion and vertical rise; ratio and
// asymmetry when the operated side is known. `missing` says why no COM.
ComSymmetryIndex ComputeComSymmetry(const std::vector<StrideMetrics>& strides,
                                    const GaitOptions& options,
                                    const std::string& missing);

}  // namespace thaplan::gait

#endif  // THAPLAN_GAIT_INDICES_H_
