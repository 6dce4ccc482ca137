#include "reports/charts.hpp"

#include <algorithm>
#include <cmath>

#include "reports/svg.hpp"

namespace cachesim::reports {

namespace {

std::string x_seconds(double v) { return human_ns(static_cast<std::int64_t>(v)); }
std::string y_ns(double v) { return human_ns(static_cast<std::int64_t>(v)); }
std::string y_count(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v >= 1e6 ? "%.3g" : "%.0f", v);
  return buf;
}

std::string legend(const std::vector<std::string>& names, double x, double y) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double lx = x + static_cast<double>(i % 6) * 120, ly = y + static_cast<double>(i / 6) * 14;
    s += "<g class=\"legend\"><rect x=\"" + num(lx) + "\" y=\"" + num(ly - 8) + "\" width=\"9\" height=\"9\" fill=\"" +
         series_colour(i) + "\"/><text x=\"" + num(lx + 13) + "\" y=\"" + num(ly) + "\">" + esc(names[i]) +
         "</text></g>\n";
  }
  return s;
}

std::string fault_shading(const RunStats& st, const Frame& f) {
  std::string s;
  std::size_t row = 0;
  for (const FaultWindow& w : st.faults) {
    const double x = f.px(static_cast<double>(w.start));
    const double x2 = f.px(static_cast<double>(std::max(w.end, w.start)));
    const double ly = f.top + 10 + static_cast<double>(row++ % 4) * 11;
    if (w.instant) {
      s += "<line class=\"fault\" x1=\"" + num(x) + "\" y1=\"" + num(f.top) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(f.top + f.plot_h()) + "\" stroke=\"#b000b0\" stroke-dasharray=\"3,3\"><title>" + esc(w.label) + " at " +
           esc(seconds_label(w.start)) + "</title></line>\n";
    } else {
      s += "<rect class=\"fault\" x=\"" + num(x) + "\" y=\"" + num(f.top) + "\" width=\"" + num(std::max(x2 - x, 1.0)) +
           "\" height=\"" + num(f.plot_h()) + "\" fill=\"#d33\" fill-opacity=\"0.10\"><title>" + esc(w.label) + ": " +
           esc(seconds_label(w.start)) + " to " + esc(seconds_label(w.end)) + "</title></rect>\n";
    }
    s += "<text class=\"fault-label\" x=\"" + num(x + 2) + "\" y=\"" + num(ly) + "\">" + esc(w.label) + "</text>\n";
  }
  return s;
}

}  // namespace

std::string latency_scatter_svg(const RunStats& st) {
  if (st.timed_ops == 0) return "<p class=\"absent\">No timed operations in this run's history.</p>\n";
  Frame f;
  f.height = 340;
  f.bottom = 76;
  f.x0 = 0;
  f.x1 = static_cast<double>(std::max<std::int64_t>(st.end_time, 1));
  f.log_y = true;
  std::int64_t lo = INT64_MAX, hi = 1;
  for (const auto& [name, h] : st.latency) {
    lo = std::min(lo, h.min());
    hi = std::max(hi, h.max());
  }
  f.y0 = std::max<double>(1, std::pow(10, std::floor(std::log10(std::max<double>(1, static_cast<double>(lo))))));
  f.y1 = std::pow(10, std::ceil(std::log10(static_cast<double>(hi) + 1)));
  std::string s = svg_open(f, "latency-scatter", "completion time (simulated)", "latency (log)", x_seconds, y_ns);
  s += fault_shading(st, f);
  auto mark = [&](std::int64_t t, std::int64_t ns, std::size_t series) {
    return "<circle class=\"mark\" cx=\"" + num(f.px(static_cast<double>(t))) + "\" cy=\"" +
           num(f.py(static_cast<double>(ns))) + "\" r=\"2\" fill=\"" + series_colour(series) + "\"/>\n";
  };
  if (!st.downsampled()) {
    for (const LatencyPoint& p : st.points) s += mark(p.t, p.ns, p.series);
  } else {
    // Each bucket's min and max per series: the outliers stay visible.
    const auto w = st.scatter.width();
    for (std::size_t i = 0; i < st.scatter.used(); ++i) {
      const MinMaxCell& c = st.scatter[i];
      const std::int64_t t = static_cast<std::int64_t>(i) * w + w / 2;
      for (std::size_t k = 0; k < c.lo.size(); ++k) {
        if (c.lo[k] < 0) continue;
        s += mark(t, c.lo[k], k);
        if (c.hi[k] != c.lo[k]) s += mark(t, c.hi[k], k);
      }
    }
    s += "<text class=\"note\" x=\"" + num(f.left + f.plot_w()) + "\" y=\"" + num(f.top - 6) +
         "\" text-anchor=\"end\">downsampled: " + std::to_string(st.timed_ops) +
         " operations drawn as the min and max per series of " + std::to_string(st.scatter.used()) + " time buckets (" +
         esc(human_ns(w)) + " each)</text>\n";
  }
  s += legend(st.series, f.left, f.height - 30);
  s += "</svg>\n";
  return s;
}

std::string percentile_table_html(const RunStats& st) {
  if (st.latency.empty()) return "<p class=\"absent\">No timed operations in this run's history.</p>\n";
  std::string s =
      "<table class=\"percentiles\"><thead><tr><th>kind</th><th>outcome</th><th>count</th><th>p50</th><th>p90</th>"
      "<th>p99</th><th>p99.9</th><th>max</th></tr></thead><tbody>\n";
  for (const auto& [name, h] : st.latency) {
    const auto sp = name.find(' ');
    s += "<tr><td>" + esc(name.substr(0, sp)) + "</td><td class=\"" + esc(name.substr(sp + 1)) + "\">" +
         esc(name.substr(sp + 1)) + "</td><td>" + std::to_string(h.count()) + "</td>";
    for (double q : {0.5, 0.9, 0.99, 0.999}) s += "<td>" + esc(human_ns(h.percentile(q))) + "</td>";
    s += "<td>" + esc(human_ns(h.max())) + "</td></tr>\n";
  }
  s += "</tbody></table>\n<p class=\"note\">Nearest-rank percentiles, at most 1% above the exact value "
       "(log-linear histogram); max is exact.</p>\n";
  return s;
}

std::string throughput_svg(const RunStats& st) {
  if (st.timed_ops == 0) return "<p class=\"absent\">No timed operations in this run's history.</p>\n";
  const auto& tb = st.throughput;
  const double per_s = 1e9 / static_cast<double>(tb.width());
  double peak = 1;
  for (std::size_t i = 0; i < tb.used(); ++i)
    peak = std::max(peak, static_cast<double>(tb[i].ok + tb[i].fail + tb[i].info) * per_s);
  Frame f;
  f.x0 = 0;
  f.x1 = static_cast<double>(std::max<std::int64_t>(st.end_time, 1));
  f.y0 = 0;
  f.y1 = peak * 1.05;
  std::string s = svg_open(f, "throughput", "simulated time", "operations / s", x_seconds, y_count);
  s += fault_shading(st, f);
  const char* names[] = {"ok", "fail", "info"};
  for (int k = 0; k < 3; ++k) {
    std::string pts;
    for (std::size_t i = 0; i < tb.used(); ++i) {
      const CountCell& c = tb[i];
      const double v = static_cast<double>(k == 0 ? c.ok : k == 1 ? c.fail : c.info) * per_s;
      const double x = static_cast<double>(i) * static_cast<double>(tb.width()) + static_cast<double>(tb.width()) / 2;
      pts += num(f.px(x)) + "," + num(f.py(v)) + " ";
    }
    s += "<polyline class=\"mark\" fill=\"none\" stroke-width=\"1.5\" stroke=\"" + std::string(outcome_colour(names[k])) +
         "\" points=\"" + pts + "\"><title>" + names[k] + "</title></polyline>\n";
  }
  s += "<text class=\"note\" x=\"" + num(f.left + f.plot_w()) + "\" y=\"" + num(f.top - 6) +
       "\" text-anchor=\"end\">completions per " + esc(human_ns(tb.width())) +
       " bucket; ok green, fail red, info orange</text>\n</svg>\n";
  return s;
}

std::string messages_svg(const RunStats& st) {
  if (st.messages.empty()) return "<p class=\"absent\">No messages in this run's trace.</p>\n";
  const double row = 22;
  Frame f;
  f.left = 170;
  f.height = f.top + f.bottom + row * static_cast<double>(st.messages.size());
  double peak = 1;
  for (const auto& [type, m] : st.messages) peak = std::max(peak, static_cast<double>(m.sent + m.duplicated));
  f.x0 = 0;
  f.x1 = peak * 1.6;  // room for the figures written after each bar
  std::string s = "<svg class=\"chart messages\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(f.width) +
                  "\" height=\"" + num(f.height) + "\">\n";
  double y = f.top;
  for (const auto& [type, m] : st.messages) {
    s += "<text x=\"" + num(f.left - 6) + "\" y=\"" + num(y + 14) + "\" text-anchor=\"end\">" + esc(type) + "</text>\n";
    const std::uint64_t parts[] = {m.delivered, m.dropped, m.duplicated};
    const char* colours[] = {"#0072B2", "#D55E00", "#E69F00"};
    const char* labels[] = {"delivered", "dropped", "duplicated"};
    double x = f.px(0);
    for (int k = 0; k < 3; ++k) {
      const double w = f.px(static_cast<double>(parts[k])) - f.px(0);
      if (parts[k] == 0) continue;
      s += "<rect class=\"mark\" x=\"" + num(x) + "\" y=\"" + num(y + 3) + "\" width=\"" + num(std::max(w, 0.5)) +
           "\" height=\"15\" fill=\"" + colours[k] + "\"><title>" + esc(type) + ": " + std::to_string(parts[k]) + " " +
           labels[k] + "</title></rect>\n";
      x += w;
    }
    s += "<text x=\"" + num(x + 4) + "\" y=\"" + num(y + 14) + "\">sent " + std::to_string(m.sent) + ", delivered " +
         std::to_string(m.delivered) + ", dropped " + std::to_string(m.dropped) + ", duplicated " +
         std::to_string(m.duplicated) + "</text>\n";
    y += row;
  }
  s += "<text class=\"note\" x=\"" + num(f.left) + "\" y=\"" + num(f.height - 8) +
       "\">blue delivered, red dropped, orange duplicated (a message still in flight at the end is in none)</text>\n";
  s += "</svg>\n";
  return s;
}

std::string ring_load_svg(const nlohmann::json& ring) {
  if (!ring.is_object()) return "";
  const auto series = [&](const char* key) {
    std::vector<double> v;
    if (ring.contains(key) && ring[key].is_array())
      for (const auto& x : ring[key])
        if (x.is_number()) v.push_back(x.get<double>());
    return v;
  };
  const std::vector<double> keys = series("keys_per_node"), ops = series("ops_per_node");
  if (keys.empty() && ops.empty()) return "";
  std::vector<std::string> names;
  if (ring.contains("nodes") && ring["nodes"].is_array())
    for (const auto& n : ring["nodes"]) names.push_back(n.is_string() ? n.get<std::string>() : n.dump());
  const std::size_t n = std::max(keys.size(), ops.size());
  for (std::size_t i = names.size(); i < n; ++i) names.push_back("n" + std::to_string(i + 1));
  double peak_k = 1, peak_o = 1;
  for (double v : keys) peak_k = std::max(peak_k, v);
  for (double v : ops) peak_o = std::max(peak_o, v);
  const double row = 20, left = 80, width = 900, bar = 360;
  const double height = 40 + row * static_cast<double>(n);
  std::string s = "<svg class=\"chart ring-load\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) +
                  "\" height=\"" + num(height) + "\">\n<text x=\"" + num(left) + "\" y=\"14\">keys per node</text>" +
                  "<text x=\"" + num(left + bar + 60) + "\" y=\"14\">operations per node</text>\n";
  for (std::size_t i = 0; i < n; ++i) {
    const double y = 22 + row * static_cast<double>(i);
    s += "<text x=\"" + num(left - 6) + "\" y=\"" + num(y + 13) + "\" text-anchor=\"end\">" + esc(names[i]) + "</text>\n";
    if (i < keys.size())
      s += "<rect class=\"mark\" x=\"" + num(left) + "\" y=\"" + num(y + 2) + "\" width=\"" +
           num(keys[i] / peak_k * (bar - 40)) + "\" height=\"14\" fill=\"#0072B2\"><title>" + esc(names[i]) + ": " +
           y_count(keys[i]) + " keys</title></rect>\n";
    if (i < ops.size())
      s += "<rect class=\"mark\" x=\"" + num(left + bar + 60) + "\" y=\"" + num(y + 2) + "\" width=\"" +
           num(ops[i] / peak_o * (bar - 40)) + "\" height=\"14\" fill=\"#009E73\"><title>" + esc(names[i]) + ": " +
           y_count(ops[i]) + " operations</title></rect>\n";
  }
  s += "</svg>\n";
  return s;
}

}  // namespace cachesim::reports
