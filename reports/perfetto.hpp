// trace.perfetto.json: the run in the Trace Event Format (Chrome's JSON trace,
// which ui.perfetto.dev and chrome://tracing open), written streaming.
//
// Layout:
// - pid 1 "cluster": a track (tid) per endpoint, in order of first
//   appearance. Each message delivery and timer firing is a complete slice
//   ("X") named "recv TYPE" / "timer TAG". The simulator handles an event in
//   zero simulated time; a slice is drawn kSliceNs wide, and handlers at
//   the same instant on one endpoint are laid end to end, so a slice can
//   start a little after its event (args.sim_time_ns is always exact).
//   Sends outside any handler (a client's request) get a "send" slice.
// - Flow arrows ("s" then "f" with bp "e", same id) link every send to its
//   delivery; a duplicated message has two flows (ids 2*msg and 2*msg+1).
//   A message dropped when sent (loss, partition) has no flow but an
//   instant on the sender; one dropped on arrival (node down) ends in a
//   "dropped" slice on the receiver; one still in flight when the trace ends
//   ends in an "in flight at end" slice, so every flow start has its end.
// - Faults are instant events ("i"): crash, restart, pause, resume, clock on
//   the node's track; partition, heal, network as global instants.
// - pid 2 "clients": a track per history process; each operation is a slice
//   from invocation to completion (an operation never completed runs to the
//   end of the trace), args: outcome and value.
// Timestamps are microseconds (the format's unit) with nanosecond decimals.
// Memory: the messages in flight and the open operations, never the run.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "reports/run_dir.hpp"

namespace cachesim::reports {

constexpr std::int64_t kSliceNs = 100;

// Microseconds with three decimals, exactly: 1234567 ns -> "1234.567".
std::string micros(std::int64_t ns);

void write_perfetto(const RunDir& run, std::ostream& out);

}  // namespace cachesim::reports
