#include "gait/preprocess.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "gait/events.h"
#include "gait/filter.h"
#include "gait/gaps.h"

namespace thaplan::gait {
namespace {

using Positions = std::array<std::vector<Vec3>, kLandmarkCount>;

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

Landmark Pick(Side s, Landmark left, Landmark right) {
  return s == Side::kLeft ? left : right;
}

bool HasData(const std::vector<Vec3>& xs) {
  return std::any_of(xs.begin(), xs.end(), [](const Vec3& p) { return !IsMissing(p); });
}

Status Validate(const LandmarkSeries& s, const GaitOptions& o, std::string_view name) {
  const std::string n(name);
  if (!(s.sample_rate_hz > 0) || !std::isfinite(s.sample_rate_hz)) {
    return Status::InvalidInput(n +
                                ": sample_rate_hz = " + std::to_string(s.sample_rate_hz) +
                                ": expected a positive rate");
  }
  if (s.frame_count < 3) {
    return Status::InvalidInput(n + ": frame_count = " + std::to_string(s.frame_count) +
                                ": expected at least 3 frames");
  }
  for (size_t l = 0; l < kLandmarkCount; ++l) {
    const auto size = static_cast<int64_t>(s.positions[l].size());
    if (size != 0 && size != s.frame_count) {
      return Status::InvalidInput(
          n + ": landmark " + std::string(LandmarkName(static_cast<Landmark>(l))) +
          " has " + std::to_string(size) +
          " frames: expected frame_count = " + std::to_string(s.frame_count));
    }
  }
  if (o.low_pass && !(o.position_cutoff_hz < s.sample_rate_hz / 2)) {
    return Status::InvalidInput(
        n + ": sample_rate_hz = " + Fixed(s.sample_rate_hz, 3) + ": too low for the " +
        Fixed(o.position_cutoff_hz, 3) +
        " Hz low-pass filter (the cut-off must be below Nyquist, " +
        Fixed(s.sample_rate_hz / 2, 3) + " Hz)");
  }
  if (!(o.position_cutoff_hz > 0) && o.low_pass) {
    return Status::InvalidInput(
        n + ": position_cutoff_hz = " + Fixed(o.position_cutoff_hz, 3) +
        ": expected a positive frequency");
  }
  return Status::Ok();
}

std::optional<PelvisSource> ChoosePelvis(const Positions& p) {
  auto has = [&](Landmark l) { return !p[Idx(l)].empty(); };
  if (has(Landmark::kLeftHip) && has(Landmark::kRightHip))
    return PelvisSource::kHipCentres;
  if (has(Landmark::kMidHip)) return PelvisSource::kMidHip;
  if (has(Landmark::kLeftAsis) && has(Landmark::kRightAsis)) return PelvisSource::kAsis;
  if (has(Landmark::kSacrum)) return PelvisSource::kSacrum;
  return std::nullopt;
}

Vec3 PelvisAt(const Positions& p, PelvisSource src, size_t f) {
  switch (src) {
    case PelvisSource::kHipCentres:
      return Mid(p[Idx(Landmark::kLeftHip)][f], p[Idx(Landmark::kRightHip)][f]);
    case PelvisSource::kMidHip:
      return p[Idx(Landmark::kMidHip)][f];
    case PelvisSource::kAsis:
      return Mid(p[Idx(Landmark::kLeftAsis)][f], p[Idx(Landmark::kRightAsis)][f]);
    case PelvisSource::kSacrum:
      return p[Idx(Landmark::kSacrum)][f];
  }
  return {NAN, NAN, NAN};
}

FootChoice ChooseFoot(const Positions& p, Side s) {
  auto has = [&](Landmark l) { return !p[Idx(l)].empty(); };
  const Landmark heel = Pick(s, Landmark::kLeftHeel, Landmark::kRightHeel);
  const Landmark ankle = Pick(s, Landmark::kLeftAnkle, Landmark::kRightAnkle);
  const Landmark toe = Pick(s, Landmark::kLeftToe, Landmark::kRightToe);
  auto first = [&](std::initializer_list<Landmark> order) {
    for (Landmark l : order) {
      if (has(l)) return l;
    }
    return Landmark::kCount;
  };
  FootChoice c;
  c.strike = first({heel, ankle, toe});
  c.off = first({toe, ankle, heel});
  c.position = first({heel, ankle, toe});
  c.width = first({ankle, heel, toe});
  return c;
}

// Zero-lag low-pass of every run of valid samples of `track`, in place.
void FilterRuns(std::vector<Vec3>& track, double cutoff_hz, double fs,
                std::vector<Vec3>& scratch) {
  const Biquad f = DesignButterworthLowPass(cutoff_hz, fs).value();
  const auto n = static_cast<int64_t>(track.size());
  int64_t a = 0;
  while (a < n) {
    if (IsMissing(track[static_cast<size_t>(a)])) {
      ++a;
      continue;
    }
    int64_t b = a;
    while (b < n && !IsMissing(track[static_cast<size_t>(b)])) ++b;
    const auto len = static_cast<size_t>(b - a);
    FiltFilt(f, std::span<Vec3>(track.data() + a, len), DefaultPad(cutoff_hz, fs, len),
             scratch);
    a = b;
  }
}

// Positions at the kinematic cut-off; heels also at the event cut-off
// (events.h), from the same gap-filled samples.
void FilterSegment(Segment& seg, const GaitOptions& o) {
  if (!o.low_pass) return;
  std::vector<Vec3> scratch;
  if (kEventCutoffHz < seg.sample_rate_hz / 2) {
    for (Landmark heel : {Landmark::kLeftHeel, Landmark::kRightHeel}) {
      if (!seg.Has(heel)) continue;
      seg.event_pos[Idx(heel)] = seg.pos[Idx(heel)];
      FilterRuns(seg.event_pos[Idx(heel)], kEventCutoffHz, seg.sample_rate_hz, scratch);
    }
  }
  for (auto& track : seg.pos) {
    FilterRuns(track, o.position_cutoff_hz, seg.sample_rate_hz, scratch);
  }
}

std::vector<char> CoreMask(const Positions& p, PelvisSource src,
                           const std::array<FootChoice, 2>& feet, int64_t frames) {
  std::vector<char> ok(static_cast<size_t>(frames), 1);
  for (size_t f = 0; f < ok.size(); ++f) {
    bool good = !IsMissing(PelvisAt(p, src, f));
    for (const FootChoice& c : feet) {
      good = good && !IsMissing(p[Idx(c.strike)][f]) && !IsMissing(p[Idx(c.off)][f]);
    }
    ok[f] = good ? 1 : 0;
  }
  return ok;
}

}  // namespace

std::string_view PelvisSourceName(PelvisSource source) {
  switch (source) {
    case PelvisSource::kHipCentres:
      return "mid-point of the hip joint centres";
    case PelvisSource::kMidHip:
      return "mid_hip keypoint";
    case PelvisSource::kAsis:
      return "mid-point of the ASIS markers";
    case PelvisSource::kSacrum:
      return "sacrum marker";
  }
  return "";
}

Result<Preprocessed> Preprocess(const LandmarkSeries& s, const GaitOptions& o,
                                std::string_view name) {
  THAPLAN_RETURN_IF_ERROR(Validate(s, o, name));
  Preprocessed out;
  out.duration_s = static_cast<double>(s.frame_count) / s.sample_rate_hz;
  Positions p;
  int with_data = 0;
  for (size_t l = 0; l < kLandmarkCount; ++l) {
    if (s.positions[l].empty()) continue;
    if (!HasData(s.positions[l])) {
      out.notes.push_back(std::string(LandmarkName(static_cast<Landmark>(l))) +
                          ": missing in every frame; treated as absent");
      continue;
    }
    p[l] = s.positions[l];
    ++with_data;
  }
  const std::string n(name);
  if (with_data == 0) {
    return Status::InvalidInput(n + ": every landmark is missing (NaN) in all " +
                                std::to_string(s.frame_count) + " frames");
  }
  const auto max_gap =
      static_cast<int64_t>(std::floor(o.max_gap_fill_s * s.sample_rate_hz + 1e-9));
  GapFillStats total;
  std::array<std::vector<char>, kLandmarkCount> filled;
  for (size_t l = 0; l < kLandmarkCount; ++l) {
    auto& track = p[l];
    if (track.empty()) continue;
    filled[l].resize(track.size());
    for (size_t f = 0; f < track.size(); ++f) filled[l][f] = IsMissing(track[f]) ? 1 : 0;
    const GapFillStats g = FillShortGaps(track, max_gap);
    for (size_t f = 0; f < track.size(); ++f)
      filled[l][f] = filled[l][f] && !IsMissing(track[f]) ? 1 : 0;
    total.gaps_filled += g.gaps_filled;
    total.frames_filled += g.frames_filled;
    total.gaps_left += g.gaps_left;
  }
  if (total.gaps_filled > 0) {
    out.notes.push_back(std::to_string(total.gaps_filled) + " gaps (" +
                        std::to_string(total.frames_filled) + " landmark-frames) up to " +
                        Fixed(o.max_gap_fill_s, 2) + " s filled by cubic interpolation");
  }
  const auto pelvis = ChoosePelvis(p);
  if (!pelvis) {
    return Status::InvalidInput(n +
                                ": no pelvis landmark with data: expected left_hip + "
                                "right_hip, mid_hip, left_asis + right_asis or sacrum");
  }
  out.pelvis_source = *pelvis;
  for (Side side : {Side::kLeft, Side::kRight}) {
    FootChoice c = ChooseFoot(p, side);
    if (c.strike == Landmark::kCount) {
      const std::string sn(SideName(side));
      return Status::InvalidInput(n + ": no " + sn +
                                  " foot landmark with data: expected " + sn + "_heel, " +
                                  sn + "_ankle or " + sn + "_toe");
    }
    out.feet[static_cast<size_t>(side)] = c;
  }
  const std::vector<char> ok = CoreMask(p, *pelvis, out.feet, s.frame_count);
  const auto min_len = std::max<int64_t>(
      3, static_cast<int64_t>(std::ceil(o.min_segment_s * s.sample_rate_hz)));
  const auto runs = TrueRuns(ok, min_len);
  const auto all_runs = TrueRuns(ok, 1);
  if (runs.empty()) {
    int64_t longest = 0;
    for (const auto& r : all_runs) longest = std::max(longest, r.second - r.first);
    return Status::InvalidInput(
        n + ": no stretch of at least " + Fixed(o.min_segment_s, 2) +
        " s where the pelvis and both feet are visible (longest: " +
        Fixed(static_cast<double>(longest) / s.sample_rate_hz, 2) + " s)");
  }
  if (all_runs.size() > 1 || runs.size() < all_runs.size()) {
    out.notes.push_back("gaps longer than " + Fixed(o.max_gap_fill_s, 2) +
                        " s in the pelvis or foot landmarks split the trial into " +
                        std::to_string(runs.size()) + " analysed segment(s)" +
                        (runs.size() < all_runs.size()
                             ? "; " + std::to_string(all_runs.size() - runs.size()) +
                                   " stretch(es) shorter than " +
                                   Fixed(o.min_segment_s, 2) + " s skipped"
                             : ""));
  }
  for (const auto& [begin, end] : runs) {
    Segment seg;
    seg.index = static_cast<int>(out.segments.size());
    seg.begin = begin;
    seg.end = end;
    seg.sample_rate_hz = s.sample_rate_hz;
    seg.start_time_s = s.TimeOf(begin);
    const bool whole = begin == 0 && end == s.frame_count;
    for (size_t l = 0; l < kLandmarkCount; ++l) {
      if (p[l].empty()) continue;
      if (whole) {
        seg.pos[l] = std::move(p[l]);  // the usual case: no second copy
        seg.filled[l] = std::move(filled[l]);
      } else {
        seg.pos[l].assign(p[l].begin() + begin, p[l].begin() + end);
        seg.filled[l].assign(filled[l].begin() + begin, filled[l].begin() + end);
      }
    }
    FilterSegment(seg, o);
    seg.pelvis.resize(static_cast<size_t>(end - begin));
    for (size_t f = 0; f < seg.pelvis.size(); ++f)
      seg.pelvis[f] = PelvisAt(seg.pos, *pelvis, f);
    out.segments.push_back(std::move(seg));
  }
  return out;
}

}  // namespace thaplan::gait
