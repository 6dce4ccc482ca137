// Builds every report of a run directory from its files alone:
//   report.html          the page (html_report.hpp)
//   trace.perfetto.json  Trace Event Format (perfetto.hpp)
//   lamport.dot          message-sequence diagram of a window (lamport_dot.hpp)
//   ring.dot             the ring, when summary.json has one (ring_dot.hpp)
//   txn-cycle.dot        the anomalies' cycles, when a transaction check failed
//
// Contract: the outputs are a pure function of the run directory's files and
// the options, so `cachesim report DIR` rebuilds byte-identical reports.
// Each file appears only when complete (written under a temporary name and
// renamed). Bad input throws InputError (one line: file, place, expected,
// found). Memory is bounded by constants and by what is in flight at once,
// not by the length of the run: every JSONL file is streamed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cachesim::reports {

struct ReportOptions {
  // The Lamport diagram's window in simulated ns; default: around the first
  // failure (the witness's span), else the first kDefaultWindowNs.
  std::optional<std::int64_t> window_from, window_to;
  std::size_t window_max_events = 200;
};

constexpr std::int64_t kDefaultWindowNs = 50'000'000;  // 50ms

// Returns the names of the files written, in the order above.
std::vector<std::string> build_reports(const std::string& dir, const ReportOptions& opts = {});

// Parses "FROM:TO" with durations ("1.2s:1.3s", "150ms:200ms", ns integers).
// Throws InputError naming --window on anything else.
void parse_window(const std::string& text, ReportOptions& opts);

}  // namespace cachesim::reports
