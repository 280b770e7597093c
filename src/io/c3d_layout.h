// Where the points are and how to read them: the POINT and ANALOG parameters
// (with the header as a fallback), checked against each other and against
// the file's size before any data is touched.
#ifndef THAPLAN_IO_C3D_LAYOUT_H_
#define THAPLAN_IO_C3D_LAYOUT_H_

#include <string>
#include <vector>

#include "io/c3d_data.h"
#include "io/c3d_header.h"
#include "io/c3d_params.h"

namespace thaplan::io::c3d {

struct PointSetup {
  DataLayout layout;
  double rate_hz = 0;
  double scale = 0;   // POINT:SCALE as stored (negative: float data)
  std::string units;  // POINT:UNITS as written
  double metres_per_unit = 0;
  int64_t first_frame = 1;  // TRIAL:ACTUAL_START_FIELD, else header word 4
  size_t analog_channels = 0;
  double analog_rate_hz = 0;
  std::vector<std::string> labels;  // POINT:USED labels, from LABELS, LABELS2, ...
};

Result<PointSetup> ReadPointSetup(const Header& header, const ParameterSection& params,
                                  size_t file_size);

}  // namespace thaplan::io::c3d

#endif  // THAPLAN_IO_C3D_LAYOUT_H_
