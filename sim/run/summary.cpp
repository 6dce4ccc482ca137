#include "sim/run/summary.hpp"

#include <cinttypes>
#include <cstdio>

namespace cachesim {

std::string hex64(std::uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
  return buf;
}

int exit_code(const RunResult& r) {
  switch (r.verdict) {
    case CheckStatus::fail: return 1;
    case CheckStatus::unknown: return 3;
    default: return 0;
  }
}

namespace {

std::string paint(const SummaryStyle& st, CheckStatus s, const std::string& text) {
  if (!st.colour) return text;
  const char* code = s == CheckStatus::pass ? "32" : s == CheckStatus::fail ? "1;31" : s == CheckStatus::unknown ? "33" : "2";
  return std::string("\033[") + code + "m" + text + "\033[0m";
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string indent(const std::string& text, const std::string& by) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += by + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

std::string rate(double n, double seconds) {
  if (seconds <= 0) return "-";
  char buf[32];
  const double r = n / seconds;
  if (r >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.2fM", r / 1e6);
  } else if (r >= 1e3) {
    std::snprintf(buf, sizeof buf, "%.1fk", r / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f", r);
  }
  return buf;
}

}  // namespace

std::string render_summary(const RunResult& r, const SummaryStyle& st) {
  const SimStats& s = r.stats;
  std::string out;
  auto line = [&](const std::string& key, const std::string& value) { out += pad(key, 13) + value + "\n"; };
  line("scenario", r.scenario + " (" + r.file + ")");
  line("seed", std::to_string(r.seed));
  line("sim time", format_time(r.sim_time));
  char wall[32];
  std::snprintf(wall, sizeof wall, "%.3fs", st.wall_seconds);
  line("events", std::to_string(s.events) + " in " + wall + " wall (" + rate(static_cast<double>(s.events), st.wall_seconds) +
                     " events/s)");
  line("messages", "sent " + std::to_string(s.sent) + ", delivered " + std::to_string(s.delivered) + ", dropped " +
                       std::to_string(s.dropped()) + " (loss " + std::to_string(s.dropped_loss) + ", partition " +
                       std::to_string(s.dropped_partition) + ", node down " + std::to_string(s.dropped_down) +
                       "), duplicated " + std::to_string(s.duplicated));
  line("faults", std::to_string(r.injected.size()) + " injected" +
                     (r.quiet_start ? ", quiet from " + format_time(*r.quiet_start) : ", never healed"));
  line("operations", std::to_string(r.counts.ops) + " (ok " + std::to_string(r.counts.ok) + ", fail " +
                         std::to_string(r.counts.fail) + ", info " + std::to_string(r.counts.info) + "), " +
                         rate(static_cast<double>(r.counts.ops), st.wall_seconds) + " ops/wall s");
  if (r.ring) {
    // describe() gives "ring: ..." then indented detail lines.
    const std::string ring = ring::describe(*r.ring);
    std::size_t start = 0;
    while (start < ring.size()) {
      std::size_t end = ring.find('\n', start);
      if (end == std::string::npos) end = ring.size();
      const std::string text = ring.substr(start, end - start);
      if (start == 0 && text.rfind("ring: ", 0) == 0) {
        line("ring", text.substr(6));
      } else if (!text.empty()) {
        line("", text);
      }
      start = end + 1;
    }
  }
  if (!r.marks.empty()) {
    std::string m;
    for (const auto& [name, n] : r.marks) m += (m.empty() ? "" : ", ") + name + " " + std::to_string(n);
    line("marks", m);
  }
  out += st.timing;
  out += "checks\n";
  for (const CheckResult& c : r.checks) {
    out += "  " + pad(c.name, 17) + paint(st, c.status, pad(to_string(c.status), 8)) + c.line + "\n";
  }
  for (const CheckResult& c : r.checks) {
    if ((c.status == CheckStatus::fail || c.status == CheckStatus::unknown) && !c.details.empty()) {
      out += "\n" + c.name + ":\n" + indent(c.details, "  ");
    }
  }
  out += "\n";
  std::string verdict = to_string(r.verdict);
  if (r.verdict == CheckStatus::fail) verdict += " (" + r.failed_check() + ")";
  line("verdict", paint(st, r.verdict, verdict) + (r.as_expected ? "  as expected" : "  expected " + r.expected));
  line("trace hash", hex64(r.trace_hash) + " (" + std::to_string(r.trace_events) + " trace events)");
  if (r.verdict != CheckStatus::pass && !st.reproduce.empty()) line("reproduce", st.reproduce);
  return out;
}

nlohmann::json summary_json(const RunResult& r, double wall_seconds) {
  nlohmann::json j;
  j["scenario"] = r.scenario;
  j["file"] = r.file;
  j["seed"] = r.seed;
  j["sim_time_ns"] = r.sim_time;
  j["wall_ms"] = static_cast<std::int64_t>(wall_seconds * 1000.0);
  const SimStats& s = r.stats;
  j["events"] = s.events;
  j["messages"] = {{"sent", s.sent},
                   {"delivered", s.delivered},
                   {"dropped", s.dropped()},
                   {"dropped_loss", s.dropped_loss},
                   {"dropped_partition", s.dropped_partition},
                   {"dropped_down", s.dropped_down},
                   {"duplicated", s.duplicated}};
  j["faults_injected"] = r.injected.size();
  j["quiet_start_ns"] = r.quiet_start ? nlohmann::json(*r.quiet_start) : nlohmann::json(nullptr);
  j["operations"] = {{"total", r.counts.ops}, {"ok", r.counts.ok}, {"fail", r.counts.fail}, {"info", r.counts.info}};
  j["marks"] = nlohmann::json::object();
  for (const auto& [name, n] : r.marks) j["marks"][name] = n;
  if (r.ring) {
    const ring::RingBalance& b = *r.ring;
    j["ring"] = {{"servers", b.servers},
                 {"vnodes", b.vnodes},
                 {"replicas", b.replicas},
                 {"groups", b.groups},
                 {"sample_keys", b.sample},
                 {"keys_per_node", b.keys_per_node},
                 {"ops_per_node", b.ops_per_node},
                 {"keys_max_over_mean", b.keys_max_over_mean},
                 {"keys_cv", b.keys_cv},
                 {"ops_max_over_mean", b.ops_max_over_mean},
                 {"ops_cv", b.ops_cv},
                 {"moved_on_add", b.moved_on_add},
                 {"ideal_add", b.ideal_add},
                 {"moved_on_remove", b.moved_on_remove},
                 {"ideal_remove", b.ideal_remove},
                 {"set_changed_on_add", b.set_changed_on_add},
                 {"set_changed_on_remove", b.set_changed_on_remove}};
  }
  j["checks"] = nlohmann::json::array();
  for (const CheckResult& c : r.checks) {
    nlohmann::json cj = {{"name", c.name}, {"verdict", to_string(c.status)}, {"summary", c.line}, {"details", c.details}};
    // e.g. linearizability's window, for report.html
    if (const auto w = r.witnesses.find(c.name); w != r.witnesses.end()) cj["witness"] = w->second;
    j["checks"].push_back(std::move(cj));
  }
  j["verdict"] = to_string(r.verdict);
  j["failed_check"] = r.failed_check();
  j["expected"] = r.expected;
  j["as_expected"] = r.as_expected;
  j["trace_hash"] = hex64(r.trace_hash);
  j["trace_events"] = r.trace_events;
  return j;
}

}  // namespace cachesim
