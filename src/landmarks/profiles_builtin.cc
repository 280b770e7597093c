// The built-in landmark profiles. Names were taken from real files where we
// have them: Plug-in Gait from gait-pig.c3d (LASI, SACR, LFEP, LFEO, LTIO ...),
// OpenSim from subject01_walk1.trc and subject01_static.trc, OpenPose BODY_25
// and OpenCap's augmented markers from opencap_subject3/walking1.trc; the
// others from their published keypoint lists (MediaPipe Pose landmark model,
// AlphaPose Halpe-FullBody 26).
#include <initializer_list>
#include <utility>

#include "thaplan/profiles.h"

namespace thaplan {
namespace {

using L = Landmark;
using Entry = std::pair<Landmark, std::initializer_list<const char*>>;

LandmarkProfile Make(std::string name, std::string description, bool case_insensitive,
                     std::initializer_list<Entry> entries) {
  LandmarkProfile p;
  p.name = std::move(name);
  p.description = std::move(description);
  p.case_insensitive = case_insensitive;
  p.strip_subject_prefix = true;
  for (const Entry& e : entries) {
    for (const char* source : e.second)
      p.sources[static_cast<size_t>(e.first)].emplace_back(source);
  }
  return p;
}

// Vicon Plug-in Gait. Processed files also hold the model's joint centres,
// preferred over skin markers: LFEP (femur proximal = hip centre), LFEO (femur
// origin = knee centre), LTIO (tibia origin = ankle centre).
LandmarkProfile PlugInGait() {
  return Make("plug-in-gait", "Vicon Plug-in Gait (lower body and full body)", true,
              {{L::kLeftAsis, {"LASI"}},
               {L::kRightAsis, {"RASI"}},
               {L::kLeftPsis, {"LPSI"}},
               {L::kRightPsis, {"RPSI"}},
               {L::kSacrum, {"SACR"}},
               {L::kLeftHip, {"LHJC", "LFEP"}},
               {L::kRightHip, {"RHJC", "RFEP"}},
               {L::kLeftKnee, {"LKJC", "LFEO", "LKNE"}},
               {L::kRightKnee, {"RKJC", "RFEO", "RKNE"}},
               {L::kLeftAnkle, {"LAJC", "LTIO", "LANK"}},
               {L::kRightAnkle, {"RAJC", "RTIO", "RANK"}},
               {L::kLeftHeel, {"LHEE"}},
               {L::kRightHeel, {"RHEE"}},
               {L::kLeftToe, {"LTOE"}},
               {L::kRightToe, {"RTOE"}},
               {L::kLeftShoulder, {"LSHO"}},
               {L::kRightShoulder, {"RSHO"}},
               {L::kNeck, {"C7"}},
               {L::kHead, {"HEDO", "LFHD", "RFHD", "LBHD", "RBHD"}},
               {L::kLeftElbow, {"LELB"}},
               {L::kRightElbow, {"RELB"}},
               {L::kLeftWrist, {"LWRA", "LWRB"}},
               {L::kRightWrist, {"RWRA", "RWRB"}}});
}

void SetMany(std::array<std::vector<std::string>, kLandmarkCount>& field,
             std::initializer_list<Entry> entries) {
  for (const Entry& e : entries) {
    for (const char* source : e.second)
      field[static_cast<size_t>(e.first)].emplace_back(source);
  }
}

// OpenSim Gait2354/Gait2392 example marker set ("Acromium" is the files' own
// spelling). The walking trial has no knee or ankle markers; the static has
// both epicondyles and both malleoli, whose midpoints are the knee and ankle
// centres (as OpenSim's Gait2354 scaling places them), and the walk keeps
// three-marker thigh and shank clusters to carry them (static calibration).
LandmarkProfile OpenSimGait() {
  LandmarkProfile p =
      Make("opensim-gait2392", "OpenSim Gait2354/Gait2392 example marker set", false,
           {{L::kLeftAsis, {"L.ASIS"}},
            {L::kRightAsis, {"R.ASIS"}},
            {L::kLeftPsis, {"L.PSIS"}},
            {L::kRightPsis, {"R.PSIS"}},
            {L::kSacrum, {"V.Sacral"}},
            {L::kLeftHeel, {"L.Heel"}},
            {L::kRightHeel, {"R.Heel"}},
            {L::kLeftToe, {"L.Toe.Tip"}},
            {L::kRightToe, {"R.Toe.Tip"}},
            {L::kLeftShoulder, {"L.Acromium", "L.Acromion"}},
            {L::kRightShoulder, {"R.Acromium", "R.Acromion"}},
            {L::kHead, {"Top.Head", "R.Temple", "L.Temple"}},
            {L::kLeftElbow, {"L.Elbow"}},
            {L::kRightElbow, {"R.Elbow"}},
            {L::kLeftWrist, {"L.Wrist.Lat", "L.Wrist.Med"}},
            {L::kRightWrist, {"R.Wrist.Lat", "R.Wrist.Med"}}});
  SetMany(p.midpoint, {{L::kLeftKnee, {"L.Knee.Lat", "L.Knee.Med"}},
                       {L::kRightKnee, {"R.Knee.Lat", "R.Knee.Med"}},
                       {L::kLeftAnkle, {"L.Ankle.Lat", "L.Ankle.Med"}},
                       {L::kRightAnkle, {"R.Ankle.Lat", "R.Ankle.Med"}}});
  SetMany(p.cluster,
          {{L::kLeftKnee, {"L.Thigh.Upper", "L.Thigh.Front", "L.Thigh.Rear"}},
           {L::kRightKnee, {"R.Thigh.Upper", "R.Thigh.Front", "R.Thigh.Rear"}},
           {L::kLeftAnkle, {"L.Shank.Upper", "L.Shank.Front", "L.Shank.Rear"}},
           {L::kRightAnkle, {"R.Shank.Upper", "R.Shank.Front", "R.Shank.Rear"}}});
  return p;
}

// OpenPose BODY_25 (OpenCap writes "midHip", OpenPose "MidHip": matched
// without case).
LandmarkProfile OpenPoseBody25() {
  return Make("openpose-body25", "OpenPose BODY_25 keypoints (as exported by OpenCap)",
              true,
              {{L::kLeftHip, {"LHip"}},
               {L::kRightHip, {"RHip"}},
               {L::kMidHip, {"MidHip"}},
               {L::kLeftKnee, {"LKnee"}},
               {L::kRightKnee, {"RKnee"}},
               {L::kLeftAnkle, {"LAnkle"}},
               {L::kRightAnkle, {"RAnkle"}},
               {L::kLeftHeel, {"LHeel"}},
               {L::kRightHeel, {"RHeel"}},
               {L::kLeftToe, {"LBigToe"}},
               {L::kRightToe, {"RBigToe"}},
               {L::kLeftShoulder, {"LShoulder"}},
               {L::kRightShoulder, {"RShoulder"}},
               {L::kNeck, {"Neck"}},
               {L::kHead, {"Nose"}},
               {L::kLeftElbow, {"LElbow"}},
               {L::kRightElbow, {"RElbow"}},
               {L::kLeftWrist, {"LWrist"}},
               {L::kRightWrist, {"RWrist"}}});
}

// OpenCap's marker-augmenter output (LSTM-predicted anatomical markers);
// right side "r" and left side "L" as OpenCap writes them.
LandmarkProfile OpenCapAugmented() {
  return Make("opencap-augmented", "OpenCap augmented markers (*_study)", false,
              {{L::kLeftAsis, {"L.ASIS_study"}},
               {L::kRightAsis, {"r.ASIS_study"}},
               {L::kLeftPsis, {"L.PSIS_study"}},
               {L::kRightPsis, {"r.PSIS_study"}},
               {L::kLeftHip, {"LHJC_study"}},
               {L::kRightHip, {"RHJC_study"}},
               {L::kLeftKnee, {"L_knee_study"}},
               {L::kRightKnee, {"r_knee_study"}},
               {L::kLeftAnkle, {"L_ankle_study"}},
               {L::kRightAnkle, {"r_ankle_study"}},
               {L::kLeftHeel, {"L_calc_study"}},
               {L::kRightHeel, {"r_calc_study"}},
               {L::kLeftToe, {"L_toe_study"}},
               {L::kRightToe, {"r_toe_study"}},
               {L::kLeftShoulder, {"L_shoulder_study"}},
               {L::kRightShoulder, {"r_shoulder_study"}},
               {L::kNeck, {"C7_study"}},
               {L::kLeftElbow, {"L_lelbow_study"}},
               {L::kRightElbow, {"r_lelbow_study"}},
               {L::kLeftWrist, {"L_lwrist_study"}},
               {L::kRightWrist, {"r_lwrist_study"}}});
}

// MediaPipe BlazePose, 33 landmarks (foot_index = tip of the big toe).
LandmarkProfile BlazePose33() {
  return Make("mediapipe-blazepose33", "MediaPipe Pose (BlazePose) 33 landmarks", true,
              {{L::kLeftHip, {"left_hip"}},
               {L::kRightHip, {"right_hip"}},
               {L::kLeftKnee, {"left_knee"}},
               {L::kRightKnee, {"right_knee"}},
               {L::kLeftAnkle, {"left_ankle"}},
               {L::kRightAnkle, {"right_ankle"}},
               {L::kLeftHeel, {"left_heel"}},
               {L::kRightHeel, {"right_heel"}},
               {L::kLeftToe, {"left_foot_index"}},
               {L::kRightToe, {"right_foot_index"}},
               {L::kLeftShoulder, {"left_shoulder"}},
               {L::kRightShoulder, {"right_shoulder"}},
               {L::kHead, {"nose"}},
               {L::kLeftElbow, {"left_elbow"}},
               {L::kRightElbow, {"right_elbow"}},
               {L::kLeftWrist, {"left_wrist"}},
               {L::kRightWrist, {"right_wrist"}}});
}

// AlphaPose Halpe 26: COCO 17 plus Head, Neck, Hip (pelvis centre) and feet.
LandmarkProfile Halpe26() {
  return Make("halpe26", "AlphaPose Halpe 26 keypoints", true,
              {{L::kLeftHip, {"LHip"}},
               {L::kRightHip, {"RHip"}},
               {L::kMidHip, {"Hip"}},
               {L::kLeftKnee, {"LKnee"}},
               {L::kRightKnee, {"RKnee"}},
               {L::kLeftAnkle, {"LAnkle"}},
               {L::kRightAnkle, {"RAnkle"}},
               {L::kLeftHeel, {"LHeel"}},
               {L::kRightHeel, {"RHeel"}},
               {L::kLeftToe, {"LBigToe"}},
               {L::kRightToe, {"RBigToe"}},
               {L::kLeftShoulder, {"LShoulder"}},
               {L::kRightShoulder, {"RShoulder"}},
               {L::kNeck, {"Neck"}},
               {L::kHead, {"Head", "Nose"}},
               {L::kLeftElbow, {"LElbow"}},
               {L::kRightElbow, {"RElbow"}},
               {L::kLeftWrist, {"LWrist"}},
               {L::kRightWrist, {"RWrist"}}});
}


// thaplan's own canonical names (LandmarkName: left_asis, ..., right_wrist),
// as thaplan writes synthetic walks and converted files.
LandmarkProfile ThaplanCanonical() {
  LandmarkProfile p;
  p.name = "thaplan-canonical";
  p.description = "thaplan canonical landmark names (synthetic walks, converted files)";
  p.case_insensitive = false;
  p.strip_subject_prefix = true;
  for (size_t l = 0; l < kLandmarkCount; ++l) {
    p.sources[l].emplace_back(LandmarkName(static_cast<Landmark>(l)));
  }
  return p;
}

}  // namespace

const std::vector<LandmarkProfile>& BuiltinProfiles() {
  // Never destroyed: no destructor-order questions at exit (Google style).
  static const auto* const kProfiles = new std::vector<LandmarkProfile>{
      PlugInGait(),       OpenSimGait(), OpenPoseBody25(),
      OpenCapAugmented(), BlazePose33(), Halpe26(), ThaplanCanonical()};
  return *kProfiles;
}

}  // namespace thaplan
