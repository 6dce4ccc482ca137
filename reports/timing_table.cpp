#include "reports/timing_table.hpp"

#include <cstdio>
#include <map>

#include "reports/latency_histogram.hpp"
#include "reports/svg.hpp"

namespace cachesim::reports {

namespace {

std::string pad(std::string s, std::size_t w, bool right = false) {
  if (s.size() >= w) return s;
  return right ? std::string(w - s.size(), ' ') + s : s + std::string(w - s.size(), ' ');
}

std::string outcome_name(Outcome o) { return o == Outcome::kOk ? "ok" : o == Outcome::kFail ? "fail" : "info"; }

}  // namespace

std::string timing_table(const History& history, Time sim_time, bool colour) {
  std::map<std::string, LatencyHistogram> by;  // "kind outcome"
  std::uint64_t done = 0;
  for (const Operation& op : pair_operations(history)) {
    if (!op.completed || !op.invoke_time || !op.complete_time) continue;
    by[std::string(to_string(op.f)) + " " + outcome_name(op.outcome)].add(*op.complete_time - *op.invoke_time);
    ++done;
  }
  if (by.empty()) return "";
  std::string out = "timing       " + pad("kind", 7) + pad("outcome", 8) + pad("count", 8, true);
  for (const char* h : {"p50", "p90", "p99", "p99.9", "max"}) out += pad(h, 10, true);
  out += "\n";
  for (const auto& [name, h] : by) {
    const auto sp = name.find(' ');
    const std::string outcome = name.substr(sp + 1);
    std::string o = pad(outcome, 8);
    if (colour) {
      const char* code = outcome == "ok" ? "32" : outcome == "fail" ? "31" : "33";
      o = std::string("\033[") + code + "m" + o + "\033[0m";
    }
    out += "             " + pad(name.substr(0, sp), 7) + o + pad(std::to_string(h.count()), 8, true);
    for (double q : {0.5, 0.9, 0.99, 0.999}) out += pad(human_ns(h.percentile(q)), 10, true);
    out += pad(human_ns(h.max()), 10, true) + "\n";
  }
  char buf[96];
  const double secs = static_cast<double>(sim_time) / 1e9;
  std::snprintf(buf, sizeof buf, "%.1f ops/s of simulated time (%llu completed in %.3fs)",
                secs > 0 ? static_cast<double>(done) / secs : 0.0, static_cast<unsigned long long>(done), secs);
  out += "throughput   " + std::string(buf) + "\n";
  return out;
}

}  // namespace cachesim::reports
