// TRC marker files (OpenSim, OpenCap, Cortex/Motion Analysis exports).
//
// Layout read and written:
//   PathFileType  4  (X/Y/Z)  <file name>
//   DataRate  CameraRate  NumFrames  NumMarkers  Units  OrigDataRate  ...
//   60.00     60.00       151        41          mm     60.00         ...
//   Frame#  Time  R.ASIS      L.ASIS      ...      (each name spans 3 columns)
//                 X1  Y1  Z1  X2  Y2  Z2  ...
//   <optional blank line>
//   1       0.000 617.2 1055.3 170.8 ...           (tab-separated)
//
// Header fields are tab-separated; runs of tabs and surrounding blanks are
// tolerated there (OpenCap writes doubled tabs). Data rows must be
// tab-separated with one field per column. An empty field, a "NaN" field or
// missing trailing fields mean the marker is missing in that frame (NaN in
// Trial); a marker with some but not all of its three coordinates is an
// error. Units mm, cm or m are converted to metres; anything else, or no
// Units field, is an error. Frames must be evenly spaced at DataRate (within
// half a sample). The number of data rows is trusted over the header's
// NumFrames; a disagreement is noted in Trial::metadata["frame_count_note"].
// At most 10000 markers and 2^26 positions (frames x markers), which bounds
// memory on hostile input. OpenSim's convention puts +Y up, so vertical_axis = kY,
// vertical_sign = +1.
//
// Every header field is kept in metadata as "trc.<Name>" except the file name
// on the PathFileType line (it can carry a subject's name).
#ifndef THAPLAN_TRC_H_
#define THAPLAN_TRC_H_

#include <string>
#include <string_view>

#include "thaplan/length_unit.h"
#include "thaplan/status.h"
#include "thaplan/trial.h"

namespace thaplan {

using TrcUnits = LengthUnit;

// Reads and parses the file at `path`; errors name the path and line.
Result<Trial> ReadTrc(const std::string& path);

// Parses TRC text held in memory. `name` is used in error messages and as
// Trial::source_path. Thread-safe; no I/O.
Result<Trial> ParseTrc(std::string_view text, const std::string& name);

// TRC text for `trial` in `units`. Each coordinate is the shortest decimal
// that ParseTrc turns back into the same double (always possible for values
// read from a file in the same unit, so mm -> mm reproduces the numbers;
// arbitrary metre values written in mm come back within an ulp), missing markers
// (any coordinate NaN) as empty fields. Confidences are not written: TRC has
// no place for them. Errors: a trial with no landmarks, a non-positive rate,
// positions that do not match frames x landmarks, a name that is empty,
// repeated, has surrounding blanks or holds a tab or line break, or an
// infinite coordinate.
Result<std::string> FormatTrc(const Trial& trial, TrcUnits units);

// Writes FormatTrc(trial, units) to `path` atomically (temporary file, sync,
// rename): readers see the old file or the whole new one.
[[nodiscard]] Status WriteTrc(const Trial& trial, const std::string& path,
                              TrcUnits units);

}  // namespace thaplan

#endif  // THAPLAN_TRC_H_
