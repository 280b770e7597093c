// Hip joint centres from pelvis markers by published regressions. Internal
// to src/landmarks/ (ApplyProfile uses it); positions in metres in any
// right-handed frame: the result turns and moves with the markers.
#ifndef THAPLAN_LANDMARKS_HIP_CENTRE_H_
#define THAPLAN_LANDMARKS_HIP_CENTRE_H_

#include "thaplan/trial.h"

namespace thaplan::landmarks {

struct PelvisMarkers {
  Vec3 left_asis;
  Vec3 right_asis;
  Vec3 mid_psis;  // midpoint of the PSIS markers, or the sacral marker
};

struct HipCentres {
  Vec3 left;
  Vec3 right;
};

// The pelvis frame of both regressions (ISB, Wu et al. 2002, J Biomech
// 35:543): origin at mid-ASIS; z from left to right ASIS; x anterior, in the
// plane of the ASISs and mid-PSIS, perpendicular to z; y = z cross x,
// superior. False when the markers are missing or degenerate.
struct PelvisFrame {
  Vec3 origin;
  Vec3 x;            // anterior
  Vec3 y;            // superior
  Vec3 z;            // right
  double width = 0;  // inter-ASIS distance
  double depth = 0;  // mid-ASIS to mid-PSIS distance
};
bool MakePelvisFrame(const PelvisMarkers& m, PelvisFrame* frame);

// Harrington et al. 2007 (J Biomech 40:595), pelvic width and depth only.
// NaN when the frame cannot be built.
HipCentres Harrington2007(const PelvisMarkers& m);

struct DavisParams {
  double leg_length_m = 0;
  double asis_trochanter_m = 0;  // 0: Vicon's regression on leg length
  double marker_radius_m = 0.007;
};
// Davis et al. 1991 (Hum Mov Sci 10:575), as used by Plug-in Gait.
HipCentres Davis1991(const PelvisMarkers& m, const DavisParams& params);

}  // namespace thaplan::landmarks

#endif  // THAPLAN_LANDMARKS_HIP_CENTRE_H_
