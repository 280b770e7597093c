// Static calibration: landmarks a walking trial lacks (knee and ankle
// centres from epicondyle and malleolus markers removed for walking) rebuilt
// in every frame from a rigid technical cluster of the same segment, as
// located in a static trial. Internal to src/landmarks/; ApplyProfile calls
// it when ApplyOptions::static_trial is set.
#ifndef THAPLAN_LANDMARKS_STATIC_CALIBRATION_H_
#define THAPLAN_LANDMARKS_STATIC_CALIBRATION_H_

#include <array>
#include <string>
#include <vector>

#include "thaplan/profiles.h"
#include "thaplan/status.h"

namespace thaplan::landmarks {

// Below this RMS distance of a cluster's markers from their best-fitting
// line the cluster cannot fix a rotation (ours: technical clusters are
// built with markers several centimetres apart; 5 mm means a collinear or
// duplicated set).
inline constexpr double kMinClusterSpreadM = 0.005;

struct Calibrated {
  // Per canonical landmark, frame_count positions in the walking trial's own
  // file coordinates (NaN where too few cluster markers are seen); empty
  // when the landmark was not calibrated.
  std::array<std::vector<Vec3>, kLandmarkCount> positions;
  std::vector<std::string> notes;  // one per calibrated or skipped landmark
};

// The calibrated anatomical systems technique (Cappozzo, Catani, Della Croce
// & Leardini, Clin Biomech 1995;10:171-178). For every landmark that `walk`
// lacks (no source, no midpoint in `walk_match`) and that the profile gives a
// cluster of at least 3 markers: the landmark's position in the static trial
// (its source or midpoint) and the cluster's mean shape over the static
// frames where all are seen; then, in each walking frame, the rigid fit of
// that shape onto the cluster markers seen (at least 3; FitRigid) carries
// the landmark along. Errors (InvalidInput, naming the file, the landmark,
// the cluster, the frame and the residual): a cluster that is collinear or
// whose fit leaves an RMS residual above `max_residual_m` in any frame of the
// static or walking trial. Landmarks the static trial lacks too, or whose
// cluster markers are absent, are skipped with a note.
Result<Calibrated> CalibrateFromStatic(const Trial& walk, const ProfileMatch& walk_match,
                                       const Trial& static_trial,
                                       const LandmarkProfile& profile,
                                       double max_residual_m);

}  // namespace thaplan::landmarks

#endif  // THAPLAN_LANDMARKS_STATIC_CALIBRATION_H_
