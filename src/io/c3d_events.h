// What a C3D file says about the trial beyond its points: events (the EVENT
// group, else the header's event list), the capture software's results (the
// ANALYSIS group) and the vertical axis (POINT:Y_SCREEN).
#ifndef THAPLAN_IO_C3D_EVENTS_H_
#define THAPLAN_IO_C3D_EVENTS_H_

#include "io/c3d_header.h"
#include "io/c3d_params.h"
#include "thaplan/trial.h"

namespace thaplan::io::c3d {

// EVENT:USED, CONTEXTS, LABELS, TIMES (minutes, seconds pairs) when the
// group exists; otherwise the header events, whose times count from the
// file's first frame and so are shifted by trial->start_time_s. Sets
// metadata "c3d.events_source".
[[nodiscard]] Status ReadEvents(const Header& header, const ParameterSection& params,
                                Trial* trial);

// ANALYSIS:USED, NAMES, CONTEXTS, UNITS, VALUES, values as stored (no unit
// conversion: the unit is kept beside each value).
[[nodiscard]] Status ReadAnalysis(const ParameterSection& params, Trial* trial);

// POINT:Y_SCREEN names the axis that points up on screen ("+Z": Z up). Sets
// trial->vertical_axis and vertical_sign, or leaves them unset and says so
// in metadata "c3d.vertical_axis".
[[nodiscard]] Status ReadVerticalAxis(const ParameterSection& params, Trial* trial);

}  // namespace thaplan::io::c3d

#endif  // THAPLAN_IO_C3D_EVENTS_H_
