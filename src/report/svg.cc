#include "report/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report/html.h"

namespace thaplan::report {
namespace {

constexpr int kTop = 28;  // title
constexpr int kRight = 12;
constexpr int kBottom = 40;  // x tick labels and axis label

// Pixel coordinates with one decimal: enough for print, small files.
std::string P(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Heckbert's nice number: 1, 2, 5 or 10 times a power of ten near `x`.
double NiceNumber(double x, bool round) {
  const double exponent = std::floor(std::log10(x));
  const double fraction = x / std::pow(10.0, exponent);
  double nice;
  if (round) {
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  } else {
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  }
  return nice * std::pow(10.0, exponent);
}

std::string TickLabel(double v, double step) {
  // Enough decimals for the step, none for whole steps.
  const int decimals =
      std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v) < step * 1e-6 ? 0.0 : v);
  return buf;
}

}  // namespace

Range RangeOf(const std::vector<double>& values) {
  Range r{INFINITY, -INFINITY};
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    r.lo = std::min(r.lo, v);
    r.hi = std::max(r.hi, v);
  }
  if (!(r.lo <= r.hi)) return {0, 1};
  return r;
}

std::vector<double> NiceTicks(Range range, int target) {
  if (!std::isfinite(range.lo) || !std::isfinite(range.hi) || range.hi <= range.lo) {
    return {};
  }
  const double span = NiceNumber(range.hi - range.lo, false);
  const double step = NiceNumber(span / std::max(1, target - 1), true);
  std::vector<double> ticks;
  const double first = std::ceil(range.lo / step - 1e-9) * step;
  // By multiplication, not repeated addition, so ticks do not drift.
  for (int i = 0;; ++i) {
    const double v = first + i * step;
    if (v > range.hi + step * 1e-9) break;
    ticks.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  }
  return ticks;
}

Range NiceRange(Range range, int target) {
  if (!std::isfinite(range.lo) || !std::isfinite(range.hi)) return {0, 1};
  if (range.hi <= range.lo) {
    const double pad = range.lo == 0 ? 1 : std::fabs(range.lo) * 0.1;
    return {range.lo - pad, range.lo + pad};
  }
  const double span = NiceNumber(range.hi - range.lo, false);
  const double step = NiceNumber(span / std::max(1, target - 1), true);
  return {std::floor(range.lo / step + 1e-9) * step,
          std::ceil(range.hi / step - 1e-9) * step};
}

Plot::Plot(Options options, Range x, Range y) : o_(std::move(options)), x_(x), y_(y) {
  if (!(x_.hi > x_.lo)) x_ = NiceRange(x_);
  if (!(y_.hi > y_.lo)) y_ = NiceRange(y_);
}

double Plot::Px(double x) const {
  const double w = o_.width - o_.left - kRight;
  return o_.left + (x - x_.lo) / (x_.hi - x_.lo) * w;
}

double Plot::Py(double y) const {
  const double h = o_.height - kTop - kBottom;
  return kTop + (y_.hi - y) / (y_.hi - y_.lo) * h;
}

void Plot::Circle(double x, double y, double radius_px, std::string_view css) {
  if (!std::isfinite(x) || !std::isfinite(y)) return;
  body_ += "<circle class=\"" + std::string(css) + "\" cx=\"" + P(Px(x)) + "\" cy=\"" +
           P(Py(y)) + "\" r=\"" + P(radius_px) + "\"/>\n";
}

void Plot::Line(double x1, double y1, double x2, double y2, std::string_view css) {
  body_ += "<line class=\"" + std::string(css) + "\" x1=\"" + P(Px(x1)) + "\" y1=\"" +
           P(Py(y1)) + "\" x2=\"" + P(Px(x2)) + "\" y2=\"" + P(Py(y2)) + "\"/>\n";
}

void Plot::Polyline(const std::vector<std::pair<double, double>>& points,
                    std::string_view css) {
  std::string pts;
  for (const auto& [x, y] : points) {
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    pts += (pts.empty() ? "" : " ") + P(Px(x)) + "," + P(Py(y));
  }
  if (pts.empty()) return;
  body_ += "<polyline class=\"" + std::string(css) + "\" points=\"" + pts + "\"/>\n";
}

void Plot::Band(const std::vector<double>& x, const std::vector<double>& lower,
                const std::vector<double>& upper, std::string_view css) {
  std::string pts;
  const auto add = [&](size_t i, double y) {
    if (std::isfinite(x[i]) && std::isfinite(y)) {
      pts += (pts.empty() ? "" : " ") + P(Px(x[i])) + "," + P(Py(y));
    }
  };
  for (size_t i = 0; i < x.size(); ++i) add(i, upper[i]);
  for (size_t i = x.size(); i-- > 0;) add(i, lower[i]);
  if (pts.empty()) return;
  body_ += "<polygon class=\"" + std::string(css) + "\" points=\"" + pts + "\"/>\n";
}

void Plot::Rect(double x0, double x1, double y0, double y1, std::string_view css) {
  const double a = Px(std::clamp(std::min(x0, x1), x_.lo, x_.hi));
  const double b = Px(std::clamp(std::max(x0, x1), x_.lo, x_.hi));
  const double top = Py(std::clamp(std::max(y0, y1), y_.lo, y_.hi));
  const double bottom = Py(std::clamp(std::min(y0, y1), y_.lo, y_.hi));
  if (b <= a || bottom <= top) return;
  body_ += "<rect class=\"" + std::string(css) + "\" x=\"" + P(a) + "\" y=\"" + P(top) +
           "\" width=\"" + P(b - a) + "\" height=\"" + P(bottom - top) + "\"/>\n";
}

void Plot::Text(double x, double y, std::string_view text, std::string_view css) {
  body_ += "<text class=\"" + std::string(css) + "\" x=\"" + P(Px(x)) + "\" y=\"" +
           P(Py(y)) + "\">" + Escape(text) + "</text>\n";
}

void Plot::Legend(std::string_view label, std::string_view css) {
  legend_.push_back({std::string(label), std::string(css)});
}

std::string Plot::Svg() const {
  const int w = o_.width, h = o_.height;
  const double x0 = o_.left, x1 = w - kRight, y0 = kTop, y1 = h - kBottom;
  std::string out = "<svg class=\"plot\" width=\"" + std::to_string(w) + "\" height=\"" +
                    std::to_string(h) + "\" viewBox=\"0 0 " + std::to_string(w) + " " +
                    std::to_string(h) + "\" role=\"img\" aria-label=\"" +
                    Escape(o_.title) + "\">\n";
  out += "<text class=\"title\" x=\"" + P(x0) + "\" y=\"16\">" + Escape(o_.title) +
         "</text>\n";
  const auto axis_ticks = [&](Range r, bool is_x) {
    const std::vector<double> ticks = NiceTicks(r);
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
    for (double t : ticks) {
      if (is_x) {
        out += "<line class=\"grid\" x1=\"" + P(Px(t)) + "\" y1=\"" + P(y0) + "\" x2=\"" +
               P(Px(t)) + "\" y2=\"" + P(y1) + "\"/>\n<text class=\"tick\" x=\"" +
               P(Px(t)) + "\" y=\"" + P(y1 + 14) + "\" text-anchor=\"middle\">" +
               TickLabel(t, step) + "</text>\n";
      } else {
        out += "<line class=\"grid\" x1=\"" + P(x0) + "\" y1=\"" + P(Py(t)) + "\" x2=\"" +
               P(x1) + "\" y2=\"" + P(Py(t)) + "\"/>\n<text class=\"tick\" x=\"" +
               P(x0 - 4) + "\" y=\"" + P(Py(t) + 4) + "\" text-anchor=\"end\">" +
               TickLabel(t, step) + "</text>\n";
      }
    }
  };
  axis_ticks(x_, true);
  if (o_.y_categories.empty()) {
    axis_ticks(y_, false);
  } else {
    for (const auto& [y, label] : o_.y_categories) {
      out += "<text class=\"tick\" x=\"" + P(x0 - 4) + "\" y=\"" + P(Py(y) + 4) +
             "\" text-anchor=\"end\">" + Escape(label) + "</text>\n";
    }
  }
  out += "<rect class=\"frame\" x=\"" + P(x0) + "\" y=\"" + P(y0) + "\" width=\"" +
         P(x1 - x0) + "\" height=\"" + P(y1 - y0) + "\"/>\n";
  out += body_;
  out += "<text class=\"axis\" x=\"" + P((x0 + x1) / 2) + "\" y=\"" + P(h - 6.0) +
         "\" text-anchor=\"middle\">" + Escape(o_.x_label) + "</text>\n";
  out += "<text class=\"axis\" transform=\"translate(12," + P((y0 + y1) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + Escape(o_.y_label) + "</text>\n";
  for (size_t i = 0; i < legend_.size(); ++i) {
    const double ly = y0 + 12 + 14.0 * static_cast<double>(i);
    out += "<rect class=\"" + legend_[i].second + "\" x=\"" + P(x1 - 120) + "\" y=\"" +
           P(ly - 8) + "\" width=\"10\" height=\"10\"/>\n<text class=\"tick\" x=\"" +
           P(x1 - 106) + "\" y=\"" + P(ly + 1) + "\">" + Escape(legend_[i].first) +
           "</text>\n";
  }
  return out + "</svg>\n";
}

}  // namespace thaplan::report
