// What the charts of report.html need, gathered in one streaming pass over
// history.jsonl and one over trace.jsonl, in memory bounded by constants
// (chart resolution, fault-window cap), not by the length of the run.
//
// Contract: collect_run_stats() is a pure function of the run directory's
// files. Latency series are keyed "kind outcome" (e.g. "read ok"); scatter
// points are kept exactly up to kMaxPoints and, past that, the chart draws
// each bucket's min and max per series instead (downsampled() says so).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reports/latency_histogram.hpp"
#include "reports/run_dir.hpp"
#include "reports/time_buckets.hpp"

namespace cachesim::reports {

struct LatencyPoint {
  std::int64_t t = 0;    // completion time
  std::int64_t ns = 0;   // latency
  std::uint16_t series = 0;
};

struct MinMaxCell {
  // Per series (index), the smallest and largest latency completed in the bucket.
  std::vector<std::int64_t> lo, hi;
  void merge(const MinMaxCell& o);
  void add(std::size_t series, std::int64_t ns);
};

struct CountCell {
  std::uint64_t ok = 0, fail = 0, info = 0;
  void merge(const CountCell& o) {
    ok += o.ok;
    fail += o.fail;
    info += o.info;
  }
};

struct MessageCounts {
  std::uint64_t sent = 0, delivered = 0, dropped = 0, duplicated = 0;
};

// A fault in effect over [start, end); end == start for an instant (clock jump).
struct FaultWindow {
  std::int64_t start = 0, end = 0;
  std::string label;  // "crash n2", "partition: isolate n1"
  bool instant = false;
};

struct RunStats {
  static constexpr std::size_t kMaxPoints = 4000;
  static constexpr std::size_t kMaxFaultWindows = 200;

  // History.
  std::vector<std::string> series;  // "read ok", ... in order of first appearance
  std::map<std::string, LatencyHistogram> latency;  // by series name
  std::vector<LatencyPoint> points;  // exact points, first kMaxPoints only
  std::uint64_t timed_ops = 0;       // completed operations with both times
  std::uint64_t untimed_ops = 0;     // operations without times (or never completed)
  std::map<std::string, std::uint64_t> ops_by_outcome;  // ok, fail, info, pending
  TimeBuckets<MinMaxCell> scatter{400};
  TimeBuckets<CountCell> throughput{200};
  bool downsampled() const { return timed_ops > kMaxPoints; }

  // Trace.
  std::uint64_t trace_lines = 0;
  std::int64_t end_time = 0;  // last time seen in the trace or history
  std::vector<std::string> endpoints;  // in order of first appearance
  std::map<std::string, MessageCounts> messages;  // by message type
  std::vector<FaultWindow> faults;  // by start, at most kMaxFaultWindows
  std::uint64_t faults_omitted = 0;
};

RunStats collect_run_stats(const RunDir& run);

}  // namespace cachesim::reports
