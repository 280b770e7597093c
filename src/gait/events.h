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
// terminal swing; the heel keeps decelerating until it lands. Bonci et al.
// (Front Bioeng Biotechnol 2022;10:868928, methods M7/M10) refine Zeni's
// strike with the heel's 3-D speed: a rear-foot contact is where it falls
// below 0.5 x walking speed. Here the strike becomes the downward crossing
// of kBonciHeelStrikeFraction x the windowed pelvis speed (at Zeni's frame)
// nearest to Zeni's time within +-kMaxStrikeDelayS (ours: the deceleration
// around contact lasts tens of ms), interpolated between the two frames.
// The speed is taken from heels low-passed at kEventCutoffHz, not at the
// 6 Hz kinematic cut-off, whose ~30 ms smoothing moves a contact by several
// ms (docs/gait.md section 5). Without a crossing the strike stays at
// Zeni's time. Not applied on treadmill-like segments (no ground reference
// for the heel's speed).
inline constexpr double kBonciHeelStrikeFraction = 0.5;
inline constexpr double kMaxStrikeDelayS = 0.1;
// Ours (docs/gait.md section 5): cut-off for the heel positions that time
// strikes. Used only when below Nyquist; else the 6 Hz positions are used.
inline constexpr double kEventCutoffHz = 10.0;
void TimeStrikesByHeelSpeed(const Segment& seg, Landmark heel,
                            std::vector<Event>& strikes);

// Events whose timing rests on gap-filled samples (cubic interpolation,
// docs/gait.md section 2) rather than on measured ones get across_gap set:
// any filled sample of the timing landmark within kFilledGapWindowS of the
// event (ours: half a period of kEventCutoffHz, the main lobe of the
// filter's impulse response).
inline constexpr double kFilledGapWindowS = 0.5 / kEventCutoffHz;
void FlagFilledGapEvents(const Segment& seg, Landmark l, std::vector<Event>& events);

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
