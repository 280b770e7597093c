#include "landmarks/vertical.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace thaplan::landmarks {
namespace {

using L = Landmark;

struct Group {
  const char* label;
  std::vector<Landmark> members;
};

// The first group with at least one landmark present, or nullptr.
const Group* FirstPresent(const LandmarkSeries& s, const std::vector<Group>& groups) {
  for (const Group& g : groups) {
    for (Landmark l : g.members) {
      if (s.Has(l)) return &g;
    }
  }
  return nullptr;
}

// Mean of the group's valid points in `frame`; false when none is valid.
bool GroupMean(const LandmarkSeries& s, const Group& g, int64_t frame, Vec3* mean) {
  Vec3 sum{0, 0, 0};
  int n = 0;
  for (Landmark l : g.members) {
    if (!s.Has(l)) continue;
    const Vec3& p = s.Of(l)[static_cast<size_t>(frame)];
    if (IsMissing(p)) continue;
    for (size_t i = 0; i < 3; ++i) sum[i] += p[i];
    ++n;
  }
  if (n == 0) return false;
  for (size_t i = 0; i < 3; ++i) (*mean)[i] = sum[i] / n;
  return true;
}

double Median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

std::string Metres(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f m", v);
  return buf;
}

}  // namespace

Rotation UpToZ(Axis axis, int sign) {
  const size_t a = static_cast<size_t>(axis);
  Vec3 z{0, 0, 0};
  z[a] = sign < 0 ? -1.0 : 1.0;
  Vec3 x{0, 0, 0};
  x[a == 0 ? 1 : 0] = 1.0;
  const Vec3 y{z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2],
               z[0] * x[1] - z[1] * x[0]};
  return {x, y, z};
}

std::string AxisText(Axis axis, int sign) {
  std::string out(sign < 0 ? "-" : "+");
  out.push_back(static_cast<char>('X' + static_cast<int>(axis)));
  return out;
}

Status CheckUpIsUp(const LandmarkSeries& s, const std::string& name,
                   const std::string& axis_text) {
  static const std::vector<Group> kTop = {
      {"head/shoulders", {L::kHead, L::kNeck, L::kLeftShoulder, L::kRightShoulder}},
      {"pelvis",
       {L::kLeftAsis, L::kRightAsis, L::kLeftPsis, L::kRightPsis, L::kSacrum, L::kLeftHip,
        L::kRightHip, L::kMidHip}}};
  static const std::vector<Group> kBottom = {
      {"feet",
       {L::kLeftHeel, L::kRightHeel, L::kLeftToe, L::kRightToe, L::kLeftAnkle,
        L::kRightAnkle}},
      {"knees", {L::kLeftKnee, L::kRightKnee}}};
  const std::string where = name + ": ";
  const Group* top = FirstPresent(s, kTop);
  const Group* bottom = FirstPresent(s, kBottom);
  if (top == nullptr || bottom == nullptr) {
    return Status::InvalidInput(
        where + "cannot check the vertical axis " + axis_text +
        ": expected a head, shoulder or pelvis landmark and a foot or "
        "knee landmark");
  }
  std::vector<double> rise;
  std::vector<double> horizontal;
  for (int64_t f = 0; f < s.frame_count; ++f) {
    Vec3 up;
    Vec3 down;
    if (!GroupMean(s, *top, f, &up) || !GroupMean(s, *bottom, f, &down)) continue;
    rise.push_back(up[2] - down[2]);
    horizontal.push_back(std::hypot(up[0] - down[0], up[1] - down[1]));
  }
  if (rise.empty()) {
    return Status::InvalidInput(where + "cannot check the vertical axis " + axis_text +
                                ": no frame has both the " + top->label + " and the " +
                                bottom->label);
  }
  const double dz = Median(rise);
  const double dh = Median(horizontal);
  // 0.1 m: far below any upright posture (pelvis over knees is ~0.25 m even
  // in a 1 m child); requiring dz > dh means the body leans less than 45 deg.
  if (dz > 0.1 && dz > dh) return Status::Ok();
  std::string found = dz <= 0 ? Metres(-dz) + " below the " + bottom->label
                              : "only " + Metres(dz) + " above the " + bottom->label +
                                    " and " + Metres(dh) + " from them horizontally";
  return Status::InvalidInput(where + "with the vertical axis " + axis_text + " the " +
                              top->label + " are " + found + " (median of " +
                              std::to_string(rise.size()) +
                              " frames): expected them well above; declare the vertical "
                              "axis in ApplyOptions.vertical_axis");
}

}  // namespace thaplan::landmarks
