#include "reports/svg.hpp"

#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace cachesim::reports {

std::string esc(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string num(double v) {
  if (!std::isfinite(v)) v = 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  if (std::string_view(buf) == "-0.0") return "0.0";
  return buf;
}

std::string human_ns(std::int64_t ns) {
  char buf[40];
  const double v = static_cast<double>(ns);
  if (ns < 1000) {
    std::snprintf(buf, sizeof buf, "%" PRId64 "ns", ns);
  } else if (ns < 1000000) {
    std::snprintf(buf, sizeof buf, "%.1fus", v / 1e3);
  } else if (ns < 1000000000) {
    std::snprintf(buf, sizeof buf, "%.2fms", v / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%.3fs", v / 1e9);
  }
  return buf;
}

std::string seconds_label(std::int64_t ns) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6fs", static_cast<double>(ns) / 1e9);
  return buf;
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> t;
  if (!(hi > lo) || target < 1) {
    t.push_back(lo);
    return t;
  }
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / mag;
  const double step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) t.push_back(v);
  return t;
}

const char* series_colour(std::size_t i) {
  static const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
                                   "#D55E00", "#F0E442", "#000000", "#999999"};
  return kPalette[i % (sizeof kPalette / sizeof *kPalette)];
}

const char* outcome_colour(std::string_view o) {
  if (o == "ok") return "#009E73";
  if (o == "fail") return "#D55E00";
  if (o == "info") return "#E69F00";
  return "#999999";
}

double Frame::px(double x) const {
  const double span = x1 > x0 ? x1 - x0 : 1;
  return left + (x - x0) / span * plot_w();
}

double Frame::py(double y) const {
  double a = y0, b = y1, v = y;
  if (log_y) {
    a = std::log10(std::max(a, 1.0));
    b = std::log10(std::max(b, 1.0));
    v = std::log10(std::max(v, 1.0));
  }
  const double span = b > a ? b - a : 1;
  return top + plot_h() - (v - a) / span * plot_h();
}

std::string svg_open(const Frame& f, std::string_view css_class, std::string_view x_label, std::string_view y_label,
                     std::string (*xfmt)(double), std::string (*yfmt)(double)) {
  std::string s = "<svg class=\"chart " + std::string(css_class) + "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                  num(f.width) + "\" height=\"" + num(f.height) + "\" viewBox=\"0 0 " + num(f.width) + " " +
                  num(f.height) + "\">\n";
  const double bx = f.left, by = f.top + f.plot_h();
  s += "<rect class=\"plot\" x=\"" + num(bx) + "\" y=\"" + num(f.top) + "\" width=\"" + num(f.plot_w()) +
       "\" height=\"" + num(f.plot_h()) + "\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n";
  for (double v : nice_ticks(f.x0, f.x1, 8)) {
    const double x = f.px(v);
    s += "<line x1=\"" + num(x) + "\" y1=\"" + num(by) + "\" x2=\"" + num(x) + "\" y2=\"" + num(by + 4) +
         "\" stroke=\"#666\"/><text class=\"tick\" x=\"" + num(x) + "\" y=\"" + num(by + 16) +
         "\" text-anchor=\"middle\">" + esc(xfmt(v)) + "</text>\n";
  }
  std::vector<double> yt;
  if (f.log_y) {
    for (double v = 1; v <= std::max(f.y1, 1.0) * 1.0001; v *= 10)
      if (v >= f.y0 * 0.9999) yt.push_back(v);
  } else {
    yt = nice_ticks(f.y0, f.y1, 4);
  }
  for (double v : yt) {
    const double y = f.py(v);
    s += "<line x1=\"" + num(bx - 4) + "\" y1=\"" + num(y) + "\" x2=\"" + num(bx + f.plot_w()) + "\" y2=\"" + num(y) +
         "\" stroke=\"#e4e4e4\"/><text class=\"tick\" x=\"" + num(bx - 6) + "\" y=\"" + num(y + 4) +
         "\" text-anchor=\"end\">" + esc(yfmt(v)) + "</text>\n";
  }
  s += "<text class=\"axis\" x=\"" + num(bx + f.plot_w() / 2) + "\" y=\"" + num(f.height - 4) +
       "\" text-anchor=\"middle\">" + esc(x_label) + "</text>\n";
  s += "<text class=\"axis\" transform=\"translate(12," + num(f.top + f.plot_h() / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">" + esc(y_label) + "</text>\n";
  return s;
}

}  // namespace cachesim::reports
