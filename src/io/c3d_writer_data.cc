#include "io/c3d_writer_data.h"

#include <cmath>

#include "io/c3d_format.h"

namespace thaplan::io::c3d {
namespace {

constexpr double kMmPerM = 1000.0;

class DataWriter {
 public:
  DataWriter(C3dProcessor p, bool is_float, std::vector<uint8_t>* out)
      : p_(p), is_float_(is_float), out_(out) {}

  // Appends one word; false if the value does not fit.
  bool Word(double v) {
    size_t at = out_->size();
    if (is_float_) {
      out_->resize(at + 4);
      return StoreFloat(static_cast<float>(v), p_, &(*out_)[at]);
    }
    double r = std::round(v);
    if (!(r >= -32768 && r <= 32767)) return false;
    out_->resize(at + 2);
    StoreU16(static_cast<uint16_t>(static_cast<int16_t>(r)), p_, &(*out_)[at]);
    return true;
  }

 private:
  C3dProcessor p_;
  bool is_float_;
  std::vector<uint8_t>* out_;
};

}  // namespace

Status EncodeC3dData(const Trial& t, const C3dWriteOptions& o, double scale_mm,
                     std::vector<uint8_t>* out) {
  const bool is_float = o.storage == C3dStorage::kFloat;
  DataWriter w(o.processor, is_float, out);
  const size_t points = t.landmarks.size();
  const size_t analog_words = static_cast<size_t>(o.analog_channels) *
                              static_cast<size_t>(o.analog_samples_per_frame);
  // Float coordinates are stored scaled already; integers in scale steps.
  const double divisor = is_float ? 1.0 : scale_mm;
  out->reserve(out->size() + static_cast<size_t>(t.frame_count) *
                                 (points * 4 + analog_words) * (is_float ? 4 : 2));
  for (int64_t frame_idx = 0; frame_idx < t.frame_count; ++frame_idx) {
    for (size_t point_idx = 0; point_idx < points; ++point_idx) {
      const Vec3& v = t.At(frame_idx, point_idx);
      if (IsMissing(v)) {
        (void)(w.Word(0) && w.Word(0) && w.Word(0) && w.Word(-1));
        continue;
      }
      for (double c : v) {
        if (!w.Word(c * kMmPerM / divisor)) {
          return Status::InvalidInput(
              "WriteC3d: " + t.landmarks[point_idx] + " at frame " +
              std::to_string(frame_idx) + ": coordinate " + std::to_string(c * kMmPerM) +
              " mm does not fit the " +
              (is_float ? "float format" : "16-bit integer scale") + " (scale " +
              std::to_string(scale_mm) + " mm)");
        }
      }
      (void)w.Word(0);  // residual word: valid, not a raw measurement
    }
    for (size_t a = 0; a < analog_words; ++a) {
      double v = o.analog.empty()
                     ? 0.0
                     : o.analog[static_cast<size_t>(frame_idx) * analog_words + a];
      if (!w.Word(v)) {
        return Status::InvalidInput("WriteC3d: analog sample " + std::to_string(v) +
                                    " at frame " + std::to_string(frame_idx) +
                                    " does not fit the storage format");
      }
    }
  }
  return Status::Ok();
}

}  // namespace thaplan::io::c3d
