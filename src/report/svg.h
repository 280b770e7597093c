// A small SVG plotting helper for the validation report: one plot area with
// linear axes, "nice" tick marks, and shapes given in data coordinates. The
// output is plain inline SVG (no script, no external reference), styled by
// the page's CSS classes so it prints as it shows.
#ifndef THAPLAN_REPORT_SVG_H_
#define THAPLAN_REPORT_SVG_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace thaplan::report {

struct Range {
  double lo = 0;
  double hi = 1;
};

// Tick values at 1, 2 or 5 times a power of ten covering [lo, hi], about
// `target` of them (Heckbert, "Nice numbers for graph labels", Graphics Gems,
// 1990).
std::vector<double> NiceTicks(Range range, int target = 5);
// The range widened to the outermost nice ticks; a degenerate range (lo ==
// hi, or not finite) becomes a unit range around it.
Range NiceRange(Range range, int target = 5);
// The smallest and largest finite values, or {0, 1} when there are none.
Range RangeOf(const std::vector<double>& values);

class Plot {
 public:
  struct Options {
    int width = 440;
    int height = 300;
    int left = 56;  // margin for the y tick labels
    std::string title, x_label, y_label;
    // Category labels instead of numeric y ticks: (y value, label).
    std::vector<std::pair<double, std::string>> y_categories;
  };
  Plot(Options options, Range x, Range y);

  // Pixel coordinates of a data value (y grows downwards in SVG).
  double Px(double x) const;
  double Py(double y) const;

  void Circle(double x, double y, double radius_px, std::string_view css);
  void Line(double x1, double y1, double x2, double y2, std::string_view css);
  void Polyline(const std::vector<std::pair<double, double>>& points,
                std::string_view css);
  // A filled band between lower and upper curves over the same x values.
  void Band(const std::vector<double>& x, const std::vector<double>& lower,
            const std::vector<double>& upper, std::string_view css);
  // A rectangle in data coordinates, clipped to the plot area.
  void Rect(double x0, double x1, double y0, double y1, std::string_view css);
  // Text at a data position (escaped here).
  void Text(double x, double y, std::string_view text, std::string_view css);
  // A legend entry in the top-right corner: a swatch of `css` and its label.
  void Legend(std::string_view label, std::string_view css);

  // The complete <svg> element: frame, ticks, labels, then the shapes.
  std::string Svg() const;

 private:
  Options o_;
  Range x_, y_;
  std::string body_;
  std::vector<std::pair<std::string, std::string>> legend_;
};

}  // namespace thaplan::report

#endif  // THAPLAN_REPORT_SVG_H_
