// The writer's 3D-data section: points in millimetres, then analog samples.
#ifndef THAPLAN_IO_C3D_WRITER_DATA_H_
#define THAPLAN_IO_C3D_WRITER_DATA_H_

#include <cstdint>
#include <vector>

#include "thaplan/c3d.h"

namespace thaplan::io::c3d {

// Appends every frame of `trial` to `out`. Integer storage divides each
// coordinate (mm) by scale_mm and rounds; a value outside int16 is an error
// naming the landmark and frame. Missing points get residual -1.
[[nodiscard]] Status EncodeC3dData(const Trial& trial, const C3dWriteOptions& options,
                                   double scale_mm, std::vector<uint8_t>* out);

}  // namespace thaplan::io::c3d

#endif  // THAPLAN_IO_C3D_WRITER_DATA_H_
