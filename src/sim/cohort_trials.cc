// The cohort's gait trials: every patient's walks at preop, 3 and 12 months,
// made by the synthetic walker from the patient's actual gait and written as
// keypoint CSV, in parallel, with a manifest of the walker's truth per trial.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <limits>
#include <mutex>
#include <thread>

#include "sim/rng.h"
#include "thaplan/atomic_file.h"
#include "thaplan/cohort.h"
#include "thaplan/io.h"
#include "thaplan/keypoints.h"

namespace thaplan {
namespace {

constexpr uint64_t kTrialStream = 1ull << 42;
constexpr int kBlockPatients = 32;

Status MakeDirs(const std::string& path) {
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      const std::string prefix = path.substr(0, i);
      if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
        return Status::IOError(prefix +
                               ": cannot create folder: " + std::strerror(errno));
      }
    }
  }
  return Status::Ok();
}

// The walker chooses the pelvis (tilt, its asymmetry, and if need be the
// landing knee and step lengths) that realises each walk (WalkParamsFor asks
// for it with pelvic_tilt_deg = NaN; docs/walker.md). A few combinations the
// cohort model draws are beyond any pelvis the walker will choose: very short
// strides with peaks ~20 deg apart, or long strides (> 1.05 x height) whose
// spread at the drawn CV leaves no peak every steady stride can reach (9 of
// the 60,000 trials of a 10,000-patient cohort, seed 1). For those alone, and in this
// order until the walker accepts: the two peaks move toward their mean, a
// quarter of their difference at a time; then the stride CV halves (twice).
// The manifest reports what the walk realised and flags the trial.
Result<SyntheticWalk> SimulateTrial(WalkParams* params, uint64_t seed, bool* adjusted) {
  const double left = params->peak_hip_extension_left_deg;
  const double right = params->peak_hip_extension_right_deg;
  const double middle = 0.5 * (left + right);
  *adjusted = false;
  Result<SyntheticWalk> walk = SimulateWalk(*params, seed);
  for (int step = 1;
       step <= 6 && !walk.ok() && walk.status().code() == StatusCode::kInvalidInput;
       ++step) {
    *adjusted = true;
    if (step <= 4) {
      const double keep = 1.0 - 0.25 * step;
      params->peak_hip_extension_left_deg = middle + keep * (left - middle);
      params->peak_hip_extension_right_deg = middle + keep * (right - middle);
    } else {
      params->stride_length_cv_pct /= 2;
    }
    walk = SimulateWalk(*params, seed);
  }
  return walk;
}

// A trial file is written plainly, not atomically: the manifest, committed
// atomically after every trial is on disk (SyncFolder), is what makes the
// trials part of the cohort. An fsync per file would cost more than the walk;
// instead the file's writeback starts at once (sync_file_range, which does
// not wait for it), so the disk works while the next walks are simulated
// rather than after the dirty-page threshold fills, and the final sync has
// little left to do (docs/simulator.md).
Status WritePlainFile(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::IOError(path + ": cannot create file: " + std::strerror(errno));
  }
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const int write_errno = errno;
  if (written == text.size()) {
    // Only a hint: an error here (e.g. a file system without writeback) is
    // not a failure; SyncFolder reports real ones.
    (void)::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  }
  const bool closed = ::close(fd) == 0;
  if (written != text.size() || !closed) {
    return Status::IOError(path + ": write failed at byte " + std::to_string(written) +
                           " of " + std::to_string(text.size()) + ": " +
                           std::strerror(written != text.size() ? write_errno : errno));
  }
  return Status::Ok();
}

// Flushes the file system holding `dir` to disk.
Status SyncFolder(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0)
    return Status::IOError(dir + ": cannot open folder: " + std::strerror(errno));
  const bool ok = ::syncfs(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!ok) return Status::IOError(dir + ": sync failed: " + std::strerror(err));
  return Status::Ok();
}

// One trial: simulate a realisable walk, write it, describe it in a manifest row.
Result<std::string> WriteTrial(const SimPatient& p, SimTimepoint tp, int trial,
                               const WalkParams& base, uint64_t seed,
                               const std::string& dir, const std::string& relative) {
  WalkParams params = base;
  bool adjusted = false;
  Result<SyntheticWalk> walk = SimulateTrial(&params, seed, &adjusted);
  if (!walk.ok()) {
    return walk.status().WithContext(p.hospital_id + " " +
                                     std::string(SimTimepointName(tp)));
  }
  Trial t = TrialFromSeries(walk->series, "keypoints");
  // Coordinates in whole millimetres, as markerless systems export them: the
  // keypoint noise has an SD of 6 mm, the rounding adds 0.29 mm (1/sqrt(12)),
  // which raises the noise's variance by 0.2 %; an integer is the shortest
  // text, which cuts the files by a quarter and the time spent writing them
  // (docs/simulator.md).
  THAPLAN_ASSIGN_OR_RETURN(
      const std::string text,
      FormatKeypointCsv(t, LengthUnit::kMillimetres, CoordinateText::kWholeUnits));
  THAPLAN_RETURN_IF_ERROR(WritePlainFile(dir + "/" + relative, text));
  const WalkTruth& truth = walk->truth;
  const bool left_operated = p.operated_side == 'L';
  char row[640];
  std::snprintf(
      row, sizeof row,
      "%s,%s,%s,%d,%s,%llu,%.2f,%zu,%.4f,%.4f,%.3f,%.3f,%.3f,%.3f,%.5f,%.2f,%.4f,%.2f,%"
      "d\n",
      p.hospital_id.c_str(), p.hospital_id.substr(0, 3).c_str(),
      std::string(SimTimepointName(tp)).c_str(), trial, relative.c_str(),
      static_cast<unsigned long long>(seed), truth.pelvic_tilt_deg,
      truth.heel_strikes_left_s.size() + truth.heel_strikes_right_s.size(),
      truth.stride_length_mean_m, truth.stride_length_cv_pct,
      left_operated ? truth.peak_hip_extension_left_pelvis_deg
                    : truth.peak_hip_extension_right_pelvis_deg,
      left_operated ? truth.peak_hip_extension_right_pelvis_deg
                    : truth.peak_hip_extension_left_pelvis_deg,
      left_operated ? truth.peak_hip_extension_left_trunk_deg
                    : truth.peak_hip_extension_right_trunk_deg,
      left_operated ? truth.peak_hip_extension_right_trunk_deg
                    : truth.peak_hip_extension_left_trunk_deg,
      left_operated ? truth.com_sway_ratio_left_over_right
                    : 1 / truth.com_sway_ratio_left_over_right,
      truth.cadence_steps_per_min, truth.speed_m_per_s,
      left_operated ? truth.pelvic_tilt_asymmetry_deg : -truth.pelvic_tilt_asymmetry_deg,
      adjusted ? 1 : 0);
  return std::string(row);
}

// Writes the trials of patients [begin, end) and returns their manifest rows.
Result<std::string> WriteBlock(const CohortModel& model, int begin, int end,
                               const std::string& dir, const CohortTrialOptions& o) {
  std::string rows;
  for (int i = begin; i < end; ++i) {
    const SimPatient p = model.Patient(i);
    // Paths in the manifest are relative to the trials/ folder that holds it.
    const std::string folder = p.hospital_id.substr(0, 3) + "/" + p.hospital_id;
    THAPLAN_RETURN_IF_ERROR(MakeDirs(dir + "/trials/" + folder));
    for (SimTimepoint tp : kSimTimepoints) {
      const WalkParams base = WalkParamsFor(p, tp, o);
      for (int k = 1; k <= o.trials_per_session; ++k) {
        const uint64_t seed =
            sim::Rng(model.options().seed, kTrialStream + static_cast<uint64_t>(i) * 16 +
                                               static_cast<uint64_t>(tp) * 4 +
                                               static_cast<uint64_t>(k))
                .Next();
        const std::string relative = folder + "/" + std::string(SimTimepointName(tp)) +
                                     "_" + std::to_string(k) + ".csv";
        THAPLAN_ASSIGN_OR_RETURN(
            std::string row, WriteTrial(p, tp, k, base, seed, dir + "/trials", relative));
        rows += row;
      }
    }
  }
  return rows;
}

}  // namespace

WalkParams WalkParamsFor(const SimPatient& p, SimTimepoint tp,
                         const CohortTrialOptions& o) {
  const SimGait& g = p.gait[static_cast<size_t>(tp)];
  WalkParams w;
  const bool left = p.operated_side == 'L';
  w.stride_length_mean_m = g.stride_length_m;
  w.stride_length_cv_pct = g.stride_length_cv_pct;
  w.cadence_steps_per_min = g.cadence_steps_min;
  (left ? w.peak_hip_extension_left_deg : w.peak_hip_extension_right_deg) =
      g.hip_extension_operated_deg;
  (left ? w.peak_hip_extension_right_deg : w.peak_hip_extension_left_deg) =
      g.hip_extension_other_deg;
  (left ? w.com_sway_left_m : w.com_sway_right_m) = g.com_sway_operated_m;
  (left ? w.com_sway_right_m : w.com_sway_left_m) = g.com_sway_other_m;
  w.step_width_m = g.step_width_m;
  w.body_height_m = p.height_cm / 100;
  w.sex = p.sex == 'M' ? Sex::kMale : Sex::kFemale;
  w.noise_sd_m = o.noise_sd_m;
  w.dropout_fraction = o.dropout_fraction;
  w.sample_rate_hz = o.sample_rate_hz;
  w.stride_count = o.strides_per_side;
  w.walking_direction_deg =
      std::fmod(97.0 * p.index + 31.0 * static_cast<int>(tp), 360.0);
  w.landmark_set = WalkLandmarkSet::kKeypoints;
  // The walker chooses the pelvis that realises these peaks.
  w.pelvic_tilt_deg = std::numeric_limits<double>::quiet_NaN();
  return w;
}

Status WriteCohortTrials(const CohortModel& model, const std::string& dir,
                         const CohortTrialOptions& o) {
  THAPLAN_RETURN_IF_ERROR(MakeDirs(dir + "/trials"));
  THAPLAN_ASSIGN_OR_RETURN(AtomicFileWriter manifest,
                           AtomicFileWriter::Create(dir + "/trials/manifest.csv"));
  THAPLAN_RETURN_IF_ERROR(manifest.Write(
      "patient_key,site,timepoint,trial,path,seed,pelvic_tilt_deg,heel_strikes,"
      "stride_length_mean_m,stride_length_cv_pct,peak_hip_extension_deg,"
      "peak_hip_extension_other_deg,peak_hip_extension_trunk_deg,"
      "peak_hip_extension_other_trunk_deg,com_sway_ratio,cadence_steps_min,speed_m_s,"
      "pelvic_tilt_operated_extra_deg,walk_adjusted\n"));
  // Blocks of patients go to the threads in turn; their manifest rows are
  // written in block order, so the manifest is the same whatever the timing.
  const int patients = model.options().patients;
  const int blocks = (patients + kBlockPatients - 1) / kBlockPatients;
  std::vector<std::optional<Result<std::string>>> done(static_cast<size_t>(blocks));
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  const auto work = [&]() {
    for (int b; !failed && (b = next++) < blocks;) {
      Result<std::string> rows =
          WriteBlock(model, b * kBlockPatients,
                     std::min(patients, (b + 1) * kBlockPatients), dir, o);
      if (!rows.ok()) failed = true;
      std::lock_guard<std::mutex> lock(mu);
      done[static_cast<size_t>(b)] = std::move(rows);
      cv.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, o.threads); ++t) threads.emplace_back(work);
  Status status;
  for (int b = 0; b < blocks && status.ok(); ++b) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done[static_cast<size_t>(b)].has_value() || failed; });
    if (!done[static_cast<size_t>(b)].has_value()) {
      // Another block failed first; its error is reported below.
      continue;
    }
    Result<std::string> rows = std::move(*done[static_cast<size_t>(b)]);
    done[static_cast<size_t>(b)].reset();  // memory stays bounded by in-flight blocks
    lock.unlock();
    status = rows.ok() ? manifest.Write(*rows) : rows.status();
  }
  failed = failed || !status.ok();
  for (std::thread& t : threads) t.join();
  if (status.ok()) {
    for (auto& d : done) {
      if (d && !d->ok()) status = d->status();
    }
  }
  THAPLAN_RETURN_IF_ERROR(status);
  THAPLAN_RETURN_IF_ERROR(SyncFolder(dir + "/trials"));
  return manifest.Commit();
}

}  // namespace thaplan
