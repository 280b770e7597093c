#include <cerrno>
#include <cstdio>
#include <cstring>

#include "thaplan/c3d.h"
#include "thaplan/io.h"
#include "thaplan/keypoints.h"
#include "thaplan/trc.h"

namespace thaplan {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<Trial> ReadTrial(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IOError(path + ": cannot open: " + std::strerror(errno));
  unsigned char head[16] = {};
  const size_t n = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  // C3D: byte 2 of the header block is 0x50 ('P'), the parameter-section key.
  if (n >= 2 && head[1] == 0x50) return ReadC3d(path);
  const std::string start(reinterpret_cast<const char*>(head), n);
  if (start.rfind("PathFileType", 0) == 0) return ReadTrc(path);
  const std::string lower = Lower(path);
  const auto ends_with = [&](std::string_view ext) {
    return lower.size() >= ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0;
  };
  if (ends_with(".c3d")) return ReadC3d(path);
  if (ends_with(".trc")) return ReadTrc(path);
  if (ends_with(".csv")) return ReadKeypointCsv(path);
  return Status::InvalidInput(path + ": unknown capture format: expected a C3D file, a TRC "
                                     "file or a keypoint CSV (.csv, docs/keypoints.md)");
}

Trial TrialFromSeries(const LandmarkSeries& series, std::string_view format) {
  Trial trial;
  trial.source_path = series.source_path;
  trial.format = std::string(format);
  trial.sample_rate_hz = series.sample_rate_hz;
  trial.start_time_s = series.start_time_s;
  trial.frame_count = series.frame_count;
  trial.vertical_axis = Axis::kZ;
  trial.vertical_sign = 1;
  std::vector<size_t> present;
  for (size_t l = 0; l < kLandmarkCount; ++l) {
    if (series.positions[l].empty()) continue;
    present.push_back(l);
    trial.landmarks.emplace_back(LandmarkName(static_cast<Landmark>(l)));
  }
  trial.positions_m.resize(static_cast<size_t>(series.frame_count) * present.size());
  for (int64_t frame = 0; frame < series.frame_count; ++frame) {
    for (size_t i = 0; i < present.size(); ++i) {
      trial.At(frame, i) = series.positions[present[i]][static_cast<size_t>(frame)];
    }
  }
  return trial;
}

void RotateZUpToYUp(Trial* trial) {
  for (Vec3& p : trial->positions_m) p = {p[0], p[2], -p[1]};
  trial->vertical_axis = Axis::kY;
  trial->vertical_sign = 1;
}

}  // namespace thaplan
