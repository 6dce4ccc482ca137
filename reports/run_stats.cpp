#include "reports/run_stats.hpp"

#include <algorithm>

namespace cachesim::reports {

void MinMaxCell::add(std::size_t s, std::int64_t ns) {
  if (lo.size() <= s) {
    lo.resize(s + 1, -1);
    hi.resize(s + 1, -1);
  }
  lo[s] = lo[s] < 0 ? ns : std::min(lo[s], ns);
  hi[s] = std::max(hi[s], ns);
}

void MinMaxCell::merge(const MinMaxCell& o) {
  for (std::size_t s = 0; s < o.lo.size(); ++s) {
    if (o.lo[s] < 0) continue;
    add(s, o.lo[s]);
    add(s, o.hi[s]);
  }
}

namespace {

std::size_t series_index(RunStats& st, const std::string& name) {
  for (std::size_t i = 0; i < st.series.size(); ++i)
    if (st.series[i] == name) return i;
  st.series.push_back(name);
  return st.series.size() - 1;
}

void collect_history(const RunDir& run, RunStats& st) {
  for_each_operation(run, [&](const OpRecord& op) {
    ++st.ops_by_outcome[op.outcome];
    if (op.outcome == "pending" || !op.invoke_time || !op.complete_time) {
      ++st.untimed_ops;
      return;
    }
    const std::int64_t done = *op.complete_time;
    const std::int64_t lat = done - *op.invoke_time;
    const std::string name = op.f + " " + op.outcome;
    const std::size_t s = series_index(st, name);
    st.latency[name].add(lat);
    if (st.points.size() < RunStats::kMaxPoints)
      st.points.push_back(LatencyPoint{done, lat, static_cast<std::uint16_t>(s)});
    st.scatter.at(done).add(s, lat);
    CountCell& c = st.throughput.at(done);
    (op.outcome == "ok" ? c.ok : op.outcome == "fail" ? c.fail : c.info) += 1;
    st.end_time = std::max(st.end_time, done);
    ++st.timed_ops;
  });
}

// Open fault windows are closed by their matching event; a "heal" closes
// every open partition.
struct FaultTracker {
  RunStats& st;
  std::map<std::string, std::size_t> open;  // "crash n2" -> index into st.faults

  void start(std::int64_t t, const std::string& key, std::string label) {
    if (open.count(key)) return;  // already in effect
    if (st.faults.size() >= RunStats::kMaxFaultWindows) {
      ++st.faults_omitted;
      return;
    }
    st.faults.push_back(FaultWindow{t, -1, std::move(label), false});
    open[key] = st.faults.size() - 1;
  }
  void stop(std::int64_t t, const std::string& key) {
    auto it = open.find(key);
    if (it == open.end()) return;
    st.faults[it->second].end = t;
    open.erase(it);
  }
  void stop_prefix(std::int64_t t, const std::string& prefix) {
    for (auto it = open.begin(); it != open.end();) {
      if (it->first.rfind(prefix, 0) == 0) {
        st.faults[it->second].end = t;
        it = open.erase(it);
      } else {
        ++it;
      }
    }
  }
  void instant(std::int64_t t, std::string label) {
    if (st.faults.size() >= RunStats::kMaxFaultWindows) {
      ++st.faults_omitted;
      return;
    }
    st.faults.push_back(FaultWindow{t, t, std::move(label), true});
  }
  void finish(std::int64_t end) {
    for (auto& [k, i] : open) st.faults[i].end = end;
    open.clear();
  }
};

void note_endpoint(RunStats& st, const std::string& name) {
  if (name.empty()) return;
  if (std::find(st.endpoints.begin(), st.endpoints.end(), name) == st.endpoints.end()) st.endpoints.push_back(name);
}

void collect_trace(const RunDir& run, RunStats& st) {
  FaultTracker ft{st, {}};
  std::uint64_t partitions = 0;
  for_each_trace_line(run, [&](const TraceLine& e) {
    ++st.trace_lines;
    st.end_time = std::max(st.end_time, e.t);
    if (e.is_message()) {
      if (st.endpoints.size() < 4096) {
        note_endpoint(st, e.from);
        note_endpoint(st, e.to);
      }
      MessageCounts& m = st.messages[e.msg.empty() ? "(untyped)" : e.msg];
      if (e.ev == "send") ++m.sent;
      else if (e.ev == "deliver") ++m.delivered;
      else if (e.ev == "drop") ++m.dropped;
      else ++m.duplicated;
      return true;
    }
    if (st.endpoints.size() < 4096) note_endpoint(st, e.node);
    if (e.ev == "crash") ft.start(e.t, "crash " + e.node, "crash " + e.node);
    else if (e.ev == "restart") ft.stop(e.t, "crash " + e.node);
    else if (e.ev == "pause") ft.start(e.t, "pause " + e.node, "pause " + e.node);
    else if (e.ev == "resume") ft.stop(e.t, "pause " + e.node);
    else if (e.ev == "partition")
      ft.start(e.t, "partition " + std::to_string(partitions++),
               "partition" + (e.text.empty() ? std::string() : ": " + e.text));
    else if (e.ev == "heal") ft.stop_prefix(e.t, "partition ");
    else if (e.ev == "clock") ft.instant(e.t, "clock " + e.node + (e.text.empty() ? "" : ": " + e.text));
    else if (e.ev == "network") ft.instant(e.t, "network" + (e.text.empty() ? std::string() : ": " + e.text));
    return true;
  });
  ft.finish(st.end_time);
}

}  // namespace

RunStats collect_run_stats(const RunDir& run) {
  RunStats st;
  collect_history(run, st);
  collect_trace(run, st);
  return st;
}

}  // namespace cachesim::reports
