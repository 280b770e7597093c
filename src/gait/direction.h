// Walking direction per frame (CLINICAL.md section 2: from the pelvis
// centre's horizontal displacement; from the feet when the pelvis stays in
// place, as on a treadmill).
#ifndef THAPLAN_GAIT_DIRECTION_H_
#define THAPLAN_GAIT_DIRECTION_H_

#include <array>

#include "gait/segment.h"

namespace thaplan::gait {

// Pelvis speeds below this are "not progressing" (ours: treadmill drift is a
// few cm/s; the slowest pre-operative THA walkers, Martz 2019, 0.64 - 0.23 =
// 0.41 m/s, are well above it).
inline constexpr double kMinProgressionSpeed = 0.15;
// Half-width of the centred window over which the pelvis displacement is
// taken: about half a stride at normal cadence (ours).
inline constexpr double kDirectionHalfWindowS = 0.5;

// Fills seg.direction, seg.pelvis_speed and seg.treadmill.
//
// Per frame: the direction of the pelvis displacement over the centred
// window when its speed is at least kMinProgressionSpeed; frames below it
// (pauses, turns on the spot) take the direction of the nearest progressing
// frame. When no frame of the segment progresses (treadmill), the direction
// is the principal axis of the horizontal foot-minus-pelvis positions (the
// feet oscillate along the walking direction), signed so that the feet move
// forward while lifted (swing goes forward).
void ComputeDirection(Segment& seg, const std::array<FootChoice, 2>& feet);

// Horizontal extent (bounding-box diagonal) of a track, ignoring NaN.
double HorizontalRange(const std::vector<Vec3>& track);

}  // namespace thaplan::gait

#endif  // THAPLAN_GAIT_DIRECTION_H_
