// lamport.dot: a message-sequence (Lamport) diagram of a window of the
// trace, for Graphviz (`dot -Tsvg`, scripts/render).
//
// One vertical lane per endpoint, time going down (one row per distinct
// event time, labelled on a time axis at the left); an arrow from each send
// to its delivery (both copies of a duplicate), a red arrow ending in a bar
// for a message dropped (loss, partition, or its receiver down), boxes for
// crash, restart, pause and resume, dots for timers, and partition and heal
// written on the time axis.
//
// Windowing keeps memory bounded: only events with time in [from, to] are
// considered, and at most max_events of them are kept — the first ones, or
// with keep_last the last ones (the lead-up to a failure). The label says
// what window is shown, why, and how many events were left out.
#pragma once

#include <cstdint>
#include <string>

#include "reports/run_dir.hpp"

namespace cachesim::reports {

struct LamportWindow {
  std::int64_t from = 0, to = 0;  // simulated ns, inclusive
  std::size_t max_events = 200;
  bool keep_last = false;
  std::string why;  // "around the first failure (linearizability)", "the first 50ms", "chosen with --window"
};

std::string lamport_dot(const RunDir& run, const LamportWindow& w);

}  // namespace cachesim::reports
