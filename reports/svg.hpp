// Small helpers for writing SVG and HTML text by hand: escaping, fixed-point
// numbers (printf-formatted, so the same bytes on every platform), axis
// ticks and human-readable durations.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cachesim::reports {

// Escapes & < > " ' for text and attribute values.
std::string esc(std::string_view s);
// A coordinate with one decimal ("12.5").
std::string num(double v);
// "850ns", "12.5us", "3.20ms", "1.500s".
std::string human_ns(std::int64_t ns);
// Seconds to the microsecond, for tables and the Lamport time axis ("1.250000s").
std::string seconds_label(std::int64_t ns);

// "Nice" tick values covering [lo, hi]: about `target` of them, steps of 1, 2 or 5 x 10^k.
std::vector<double> nice_ticks(double lo, double hi, int target = 5);

// A palette for series (colour-blind friendly, Okabe-Ito).
const char* series_colour(std::size_t i);
const char* outcome_colour(std::string_view outcome);  // ok green-ish, fail red, info orange

// A chart frame: an <svg> with a plot area and axes.
struct Frame {
  double width = 900, height = 260;
  double left = 70, right = 20, top = 20, bottom = 40;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;  // data ranges
  bool log_y = false;
  double px(double x) const;
  double py(double y) const;
  double plot_w() const { return width - left - right; }
  double plot_h() const { return height - top - bottom; }
};
// Opens <svg ...> with a class and the axes; `xfmt`/`yfmt` label the ticks.
std::string svg_open(const Frame& f, std::string_view css_class, std::string_view x_label,
                     std::string_view y_label, std::string (*xfmt)(double), std::string (*yfmt)(double));

}  // namespace cachesim::reports
