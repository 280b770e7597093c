// Keypoint CSV: the plain exchange format for markerless systems (OpenPose,
// MediaPipe, OpenCap, a clinic's own pipeline). docs/keypoints.md is the
// full specification; in short:
//
//   # units=m vertical=+y          <- required first line: units (m, cm, mm)
//   time,nose_x,nose_y,nose_z,nose_conf,left_hip_x,left_hip_y,left_hip_z
//   0.00,0.01,1.62,0.03,0.98,-0.09,0.93,0.02
//   0.01,...
//
// - Units are required: a file without "units=" is refused (no default: a
//   factor-1000 mistake would pass every later check).
// - vertical= (+x, -x, +y, -y, +z, -z) is optional; without it the Trial's
//   vertical axis is unset and must be declared when landmarks are mapped.
// - Further lines starting with '#' before the column header are comments.
// - The time column (s) must be evenly spaced: every step within 25 % of the
//   median step; the first bad row is reported. The sample rate is
//   (rows - 1) / (last time - first time), rounded to a whole number of Hz
//   when within 1 ppm of it.
// - Empty or "NaN" coordinates mean the keypoint is missing in that row; a
//   keypoint with only some of its coordinates is an error. <name>_conf is
//   optional, in [0, 1]; empty means unknown (NaN in Trial::confidence).
// - Every row has exactly one field per column; fields are not quoted.
#ifndef THAPLAN_KEYPOINTS_H_
#define THAPLAN_KEYPOINTS_H_

#include <string>
#include <string_view>

#include "thaplan/length_unit.h"
#include "thaplan/status.h"
#include "thaplan/trial.h"

namespace thaplan {

// Reads and parses the file at `path`; errors name the path and line.
Result<Trial> ReadKeypointCsv(const std::string& path);

// Parses keypoint CSV text held in memory; `name` is used in messages and as
// Trial::source_path. Trial::format is "keypoints".
Result<Trial> ParseKeypointCsv(std::string_view text, const std::string& name);

// How coordinates are written: kExact, the shortest decimal that reads back
// to the same double (as FormatTrc writes them); kWholeUnits, each coordinate
// rounded to a whole number of the file's unit (halves away from zero), as
// markerless systems export millimetres. Times are always exact.
enum class CoordinateText { kExact, kWholeUnits };

// CSV text for `trial` with coordinates in `units`, the declaration line
// first (vertical= when the trial knows its vertical axis), <name>_conf
// columns when the trial has confidences. Errors: as FormatTrc, plus fewer
// than 2 frames (the reader derives the rate from the time column) and names
// holding a comma or a double quote.
Result<std::string> FormatKeypointCsv(const Trial& trial, LengthUnit units,
                                      CoordinateText text = CoordinateText::kExact);

// Writes FormatKeypointCsv(trial, units, text) to `path` atomically.
[[nodiscard]] Status WriteKeypointCsv(const Trial& trial, const std::string& path,
                                      LengthUnit units,
                                      CoordinateText text = CoordinateText::kExact);

}  // namespace thaplan

#endif  // THAPLAN_KEYPOINTS_H_
