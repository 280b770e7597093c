// Gait events: heel strike and toe off per side (CLINICAL.md section 2).
#ifndef THAPLAN_GAIT_EVENTS_H_
#define THAPLAN_GAIT_EVENTS_H_

#include <string>
#include <vector>

#include "gait/segment.h"

namespace thaplan::gait {

// Bruening & Ridge (Gait Posture 2014, 39:472-477): foot strike when the
// foot's sagittal-plane resultant speed falls below 0.78 x walking speed.
inline constexpr double kBrueningStrikeFraction = 0.78;
// Ours: a swing must last this long and reach this multiple of the walking
// speed, so stance jitter does not count as a swing.
inline constexpr double kMinSwingS = 0.1;
inline constexpr double kMinSwingPeakFraction = 1.2;

// Zeni et al. (Gait Posture 2008, 27:710-714): heel strike = local maximum
// of (heel - pelvis centre) along the walking direction; toe off = local
// minimum of (toe - pelvis centre). `prominence_m` is the minimum prominence.
std::vector<Event> ZeniStrikes(const Segment& seg, Side side, Landmark heel,
                               double prominence_m);
std::vector<Event> ZeniOffs(const Segment& seg, Side side, Landmark toe,
                            double prominence_m);

// Heel-strike timing after Zeni. Zeni's maximum of (heel - pelvis) is the
// instant the heel's forward speed has fallen to the pelvis speed, still in
// terminal swing; the heel keeps decelerating until it lands (on the OpenCap
// and OpenSim force-plate walks, 15-35 ms later: docs/gait.md). Each Zeni
// strike on an overground segment is therefore moved forward to the first
// local maximum of (heel displacement - kBrueningStrikeFraction x walking
// speed x time) along the walking direction, i.e. where the heel's forward
// speed falls below 0.78 x the walking speed (the windowed pelvis speed):
// the horizontal form of Bruening & Ridge's foot-strike threshold. Zeni locates the
// strike; the threshold times it. A strike stays where Zeni put it when that maximum is
// in the same frame, or is not seen within kMaxStrikeDelayS (ours: heel deceleration
// after the Zeni maximum lasts tens of ms) or before the segment ends. Not applied on
// treadmill-like segments (no ground reference for the heel's speed).
inline constexpr double kMaxStrikeDelayS = 0.1;
void TimeStrikesByHeelSpeed(const Segment& seg, Landmark heel,
                            std::vector<Event>& strikes);

// Velocity fallback (Bruening & Ridge 2014) for a foot landmark other than
// heel/toe: swings are runs where the sagittal resultant speed exceeds
// 0.78 x the pelvis speed; a strike is the end of a swing, a toe off (our
// extension, same threshold) its start. Needs overground walking.
std::vector<Event> VelocityEvents(const Segment& seg, Side side, Landmark foot,
                                  GaitEventKind kind);

// Heel strikes and toe offs of one side, choosing the method from the
// landmarks available (docs/gait.md); sorted by frame.
std::vector<Event> DetectSideEvents(const Segment& seg, Side side, const FootChoice& foot,
                                    double prominence_m);

}  // namespace thaplan::gait

#endif  // THAPLAN_GAIT_EVENTS_H_
