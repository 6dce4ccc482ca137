#include "reports/witness_views.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "reports/dot_text.hpp"
#include "reports/svg.hpp"

namespace cachesim::reports {

namespace {

std::string str(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  const auto& v = j[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::int64_t int_or(const nlohmann::json& j, const char* key, std::int64_t dflt) {
  if (j.is_object() && j.contains(key) && j[key].is_number_integer()) return j[key].get<std::int64_t>();
  return dflt;
}

// "read -> 5", "write 3", "cas 1 -> 2", "delete".
std::string op_label(const nlohmann::json& op) {
  const std::string f = str(op, "f"), outcome = str(op, "outcome");
  const std::string v = op.contains("value") ? op["value"].dump() : "null";
  if (f == "read") return outcome == "ok" ? "read \u2192 " + v : "read";
  if (f == "write") return "write " + v;
  if (f == "delete") return "delete";
  if (f == "cas" && op["value"].is_array() && op["value"].size() == 2)
    return "cas " + op["value"][0].dump() + "\u2192" + op["value"][1].dump() + (outcome == "fail" ? " (failed)" : "");
  return f;
}

const nlohmann::json* lin_check(const nlohmann::json& summary) {
  if (!summary.contains("checks")) return nullptr;
  for (const auto& c : summary["checks"])
    if (str(c, "name") == "linearizability" && c.contains("witness") && c["witness"].is_object()) return &c["witness"];
  return nullptr;
}

}  // namespace

std::vector<nlohmann::json> lin_witness_keys(const nlohmann::json& summary) {
  std::vector<nlohmann::json> out;
  const nlohmann::json* w = lin_check(summary);
  if (!w || !w->contains("keys") || !(*w)["keys"].is_array()) return out;
  for (const auto& k : (*w)["keys"])
    if (k.is_object() && k.contains("witness") && k["witness"].is_object()) out.push_back(k);
  return out;
}

std::string lin_timeline_svg(const nlohmann::json& key_result) {
  const nlohmann::json& w = key_result["witness"];
  const nlohmann::json window = w.contains("window") && w["window"].is_array() ? w["window"] : nlohmann::json::array();
  const nlohmann::json& failing = w.contains("failing") ? w["failing"] : nlohmann::json::object();
  const std::int64_t failing_index = int_or(failing, "index", -1);
  // Lanes: processes in order of first appearance in the window.
  std::vector<std::int64_t> lanes;
  std::int64_t t0 = INT64_MAX, t1 = INT64_MIN;
  for (const auto& op : window) {
    const std::int64_t p = int_or(op, "process", 0);
    if (std::find(lanes.begin(), lanes.end(), p) == lanes.end()) lanes.push_back(p);
    const std::int64_t a = int_or(op, "invoke_time", -1), b = int_or(op, "complete_time", a);
    if (a >= 0) t0 = std::min(t0, a);
    if (b >= 0) t1 = std::max(t1, b);
  }
  if (lanes.empty() || t0 == INT64_MAX) return "<p class=\"absent\">The witness window has no timed operations.</p>\n";
  if (t1 <= t0) t1 = t0 + 1;
  const std::int64_t pad = std::max<std::int64_t>((t1 - t0) / 10, 1);
  const std::int64_t end = t1 + pad;  // operations that never completed run to here
  Frame f;
  f.left = 90;
  f.height = f.top + f.bottom + 34.0 * static_cast<double>(lanes.size());
  f.x0 = static_cast<double>(t0 - pad);
  f.x1 = static_cast<double>(end);
  std::string s = "<svg class=\"chart lin-timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(f.width) +
                  "\" height=\"" + num(f.height) + "\">\n";
  for (double v : nice_ticks(f.x0, f.x1, 6)) {
    const double x = f.px(v);
    s += "<line x1=\"" + num(x) + "\" y1=\"" + num(f.top) + "\" x2=\"" + num(x) + "\" y2=\"" +
         num(f.height - f.bottom) + "\" stroke=\"#eee\"/><text class=\"tick\" x=\"" + num(x) + "\" y=\"" +
         num(f.height - f.bottom + 14) + "\" text-anchor=\"middle\">" +
         esc(human_ns(static_cast<std::int64_t>(v))) + "</text>\n";
  }
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    s += "<text x=\"" + num(f.left - 8) + "\" y=\"" + num(f.top + 34.0 * static_cast<double>(i) + 20) +
         "\" text-anchor=\"end\">process " + std::to_string(lanes[i]) + "</text>\n";
  }
  for (const auto& op : window) {
    const std::size_t lane = static_cast<std::size_t>(
        std::find(lanes.begin(), lanes.end(), int_or(op, "process", 0)) - lanes.begin());
    const std::int64_t a = int_or(op, "invoke_time", t0);
    const bool done = op.contains("complete_time");
    const std::int64_t b = done ? int_or(op, "complete_time", a) : end;
    const std::string outcome = str(op, "outcome");
    const bool is_failing = int_or(op, "index", -2) == failing_index;
    const double x = f.px(static_cast<double>(a)), x2 = f.px(static_cast<double>(b));
    const double y = f.top + 34.0 * static_cast<double>(lane) + 6;
    s += "<g class=\"op mark" + std::string(is_failing ? " failing" : "") + "\"><rect x=\"" + num(x) + "\" y=\"" +
         num(y) + "\" width=\"" + num(std::max(x2 - x, 2.0)) + "\" height=\"22\" rx=\"3\" fill=\"" +
         outcome_colour(outcome) + "\" fill-opacity=\"0.35\" stroke=\"" + (is_failing ? "#c00" : "#555") +
         "\" stroke-width=\"" + (is_failing ? "2.5" : "1") + "\"" +
         (outcome == "info" || outcome == "pending" ? " stroke-dasharray=\"4,3\"" : "") + "/><text x=\"" +
         num(x + 4) + "\" y=\"" + num(y + 15) + "\">" + esc(op_label(op)) +
         (outcome == "info" || outcome == "pending" ? " (timed out)" : "") + "</text><title>" + esc(str(op, "text")) +
         "</title></g>\n";
  }
  if (failing.contains("complete_time")) {
    const double x = f.px(static_cast<double>(int_or(failing, "complete_time", t1)));
    s += "<line class=\"failing-point\" x1=\"" + num(x) + "\" y1=\"" + num(f.top - 4) + "\" x2=\"" + num(x) +
         "\" y2=\"" + num(f.height - f.bottom) + "\" stroke=\"#c00\" stroke-dasharray=\"2,2\"/>\n";
  }
  s += "</svg>\n";
  std::string states;
  if (w.contains("states_before") && w["states_before"].is_array())
    for (const auto& v : w["states_before"]) states += (states.empty() ? "" : ", ") + str(nlohmann::json{{"v", v}}, "v");
  std::string html = "<div class=\"lin-witness\"><h3>key " + esc(str(key_result, "key")) + "</h3>\n<p>Cannot linearize <b>" +
                     esc(str(failing, "text")) + "</b> (outlined in red).</p>\n<p>The " +
                     std::to_string(int_or(w, "prefix_ops", 0)) +
                     " operations that completed before it can be ordered together; just before it completed the "
                     "register could only hold: <b>" +
                     esc(states.empty() ? "(nothing)" : states) + "</b>. The " +
                     std::to_string(window.size()) + " operations below cannot be put in any order that respects " +
                     "real time and the register's rules, even if every other operation had timed out" +
                     (w.contains("window_minimal") && w["window_minimal"] == false
                          ? " (window not minimal: the checker's budget ran out while shrinking it)"
                          : "; removing any one of them makes them orderable") +
                     ".</p>\n";
  return html + s + "</div>\n";
}

std::vector<nlohmann::json> txn_anomalies(const nlohmann::json& summary) {
  std::vector<nlohmann::json> out;
  if (!summary.contains("checks")) return out;
  for (const auto& c : summary["checks"]) {
    const nlohmann::json* holder = nullptr;
    if (c.contains("anomalies")) holder = &c;
    else if (c.contains("witness") && c["witness"].is_object() && c["witness"].contains("anomalies"))
      holder = &c["witness"];
    if (!holder || !(*holder)["anomalies"].is_array()) continue;
    for (const auto& a : (*holder)["anomalies"])
      if (a.is_object()) out.push_back(a);
  }
  return out;
}

std::string txn_cycle_svg(const nlohmann::json& a, std::size_t index) {
  const nlohmann::json cycle = a.contains("cycle") && a["cycle"].is_array() ? a["cycle"] : nlohmann::json::array();
  std::vector<std::string> ids;
  for (const auto& e : cycle)
    for (const char* k : {"from", "to"})
      if (std::find(ids.begin(), ids.end(), str(e, k)) == ids.end()) ids.push_back(str(e, k));
  std::map<std::string, nlohmann::json> txns;
  if (a.contains("transactions") && a["transactions"].is_array())
    for (const auto& t : a["transactions"]) txns[str(t, "id")] = t;
  std::string html = "<div class=\"txn-anomaly\"><h3>anomaly " + std::to_string(index + 1) + ": " +
                     esc(str(a, "kind")) + "</h3>\n<p>" + esc(str(a, "explanation")) + "</p>\n";
  if (ids.empty()) return html + "<p class=\"absent\">No cycle given.</p></div>\n";
  const double w = 560, h = 380, cx = w / 2, cy = h / 2, r = std::min(w, h) / 2 - 70;
  const double pi = 3.14159265358979323846;
  auto pos = [&](const std::string& id, double& x, double& y) {
    const auto i = static_cast<double>(std::find(ids.begin(), ids.end(), id) - ids.begin());
    const double ang = -pi / 2 + 2 * pi * i / static_cast<double>(ids.size());
    x = cx + r * std::cos(ang);
    y = cy + r * std::sin(ang);
  };
  std::string s = "<svg class=\"chart txn-cycle\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(w) +
                  "\" height=\"" + num(h) + "\">\n<defs><marker id=\"arrow" + std::to_string(index) +
                  "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
                  "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c00\"/></marker></defs>\n";
  for (const auto& e : cycle) {
    double x1, y1, x2, y2;
    pos(str(e, "from"), x1, y1);
    pos(str(e, "to"), x2, y2);
    const double dx = x2 - x1, dy = y2 - y1, len = std::max(std::sqrt(dx * dx + dy * dy), 1.0);
    const double sx = x1 + dx / len * 34, sy = y1 + dy / len * 34, ex = x2 - dx / len * 34, ey = y2 - dy / len * 34;
    // Bend each edge a little so that a pair of opposite edges stays apart.
    const double mx = (sx + ex) / 2 - dy / len * 24, my = (sy + ey) / 2 + dx / len * 24;
    s += "<g class=\"edge mark\"><path d=\"M" + num(sx) + "," + num(sy) + " Q" + num(mx) + "," + num(my) + " " + num(ex) +
         "," + num(ey) + "\" fill=\"none\" stroke=\"#c00\" stroke-width=\"1.5\" marker-end=\"url(#arrow" +
         std::to_string(index) + ")\"/><text x=\"" + num(mx) + "\" y=\"" + num(my) + "\" text-anchor=\"middle\">" +
         esc(str(e, "edge")) + (str(e, "key").empty() ? "" : " " + esc(str(e, "key"))) + "</text><title>" +
         esc(str(e, "why")) + "</title></g>\n";
  }
  for (const std::string& id : ids) {
    double x, y;
    pos(id, x, y);
    const auto it = txns.find(id);
    std::string sub = it == txns.end() ? "" : "process " + str(it->second, "process");
    s += "<g class=\"txn mark\"><circle cx=\"" + num(x) + "\" cy=\"" + num(y) +
         "\" r=\"32\" fill=\"#fff\" stroke=\"#333\"/><text x=\"" + num(x) + "\" y=\"" + num(y) +
         "\" text-anchor=\"middle\" font-weight=\"bold\">" + esc(id) + "</text><text x=\"" + num(x) + "\" y=\"" +
         num(y + 14) + "\" text-anchor=\"middle\" class=\"tick\">" + esc(sub) + "</text></g>\n";
  }
  s += "</svg>\n";
  html += s + "<table class=\"edges\"><thead><tr><th>edge</th><th>type</th><th>key</th><th>why</th></tr></thead><tbody>\n";
  for (const auto& e : cycle)
    html += "<tr><td>" + esc(str(e, "from")) + " \u2192 " + esc(str(e, "to")) + "</td><td>" + esc(str(e, "edge")) +
            "</td><td>" + esc(str(e, "key")) + "</td><td>" + esc(str(e, "why")) + "</td></tr>\n";
  html += "</tbody></table>\n<table class=\"txns\"><thead><tr><th>txn</th><th>process</th><th>invoked</th>"
          "<th>completed</th><th>outcome</th><th>micro-ops</th></tr></thead><tbody>\n";
  for (const auto& [id, t] : txns) {
    const std::int64_t a0 = int_or(t, "invoke_time", -1), a1 = int_or(t, "complete_time", -1);
    html += "<tr><td>" + esc(id) + "</td><td>" + esc(str(t, "process")) + "</td><td>" +
            (a0 >= 0 ? esc(seconds_label(a0)) : "") + "</td><td>" + (a1 >= 0 ? esc(seconds_label(a1)) : "") +
            "</td><td>" + esc(str(t, "outcome")) + "</td><td><code>" + esc(t.contains("ops") ? t["ops"].dump() : "") +
            "</code></td></tr>\n";
  }
  return html + "</tbody></table></div>\n";
}

std::string txn_cycle_dot(const std::vector<nlohmann::json>& anomalies) {
  const auto q = dot_quote;
  std::string s = "// Transaction dependency cycles of the failed transaction check. Render: dot -Tsvg\n"
                  "digraph txn_cycles {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
                  "  edge [fontname=\"Helvetica\", fontsize=10, color=\"#cc0000\"];\n";
  for (std::size_t i = 0; i < anomalies.size(); ++i) {
    const auto& a = anomalies[i];
    const std::string p = "a" + std::to_string(i + 1) + "_";
    s += "  subgraph cluster_" + std::to_string(i + 1) + " {\n    label=" +
         q("anomaly " + std::to_string(i + 1) + ": " + str(a, "kind") + "\n" + str(a, "explanation")) + ";\n";
    if (a.contains("transactions") && a["transactions"].is_array())
      for (const auto& t : a["transactions"])
        s += "    " + q(p + str(t, "id")) + " [label=" +
             q(str(t, "id") + " (process " + str(t, "process") + ")\n" + (t.contains("ops") ? t["ops"].dump() : "")) +
             "];\n";
    if (a.contains("cycle") && a["cycle"].is_array())
      for (const auto& e : a["cycle"])
        s += "    " + q(p + str(e, "from")) + " -> " + q(p + str(e, "to")) + " [label=" +
             q(str(e, "edge") + " " + str(e, "key") + "\n" + str(e, "why")) + "];\n";
    s += "  }\n";
  }
  return s + "}\n";
}

bool first_failure_window(const nlohmann::json& summary, std::int64_t& from, std::int64_t& to) {
  for (const nlohmann::json& k : lin_witness_keys(summary)) {
    std::int64_t a = INT64_MAX, b = INT64_MIN;
    for (const auto& op : k["witness"].value("window", nlohmann::json::array())) {
      const std::int64_t i = int_or(op, "invoke_time", -1), c = int_or(op, "complete_time", i);
      if (i >= 0) a = std::min(a, i);
      if (c >= 0) b = std::max(b, c);
    }
    if (a != INT64_MAX) {
      from = a;
      to = std::max(a, b);
      return true;
    }
  }
  for (const nlohmann::json& an : txn_anomalies(summary)) {
    std::int64_t a = INT64_MAX, b = INT64_MIN;
    for (const auto& t : an.value("transactions", nlohmann::json::array())) {
      const std::int64_t i = int_or(t, "invoke_time", -1), c = int_or(t, "complete_time", i);
      if (i >= 0) a = std::min(a, i);
      if (c >= 0) b = std::max(b, c);
    }
    if (a != INT64_MAX) {
      from = a;
      to = std::max(a, b);
      return true;
    }
  }
  return false;
}

}  // namespace cachesim::reports
