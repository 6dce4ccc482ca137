// Liveness after the faults heal.
//
// Contract: with quiet_start the instant the last progress-blocking fault
// ended, every operation must reach a definite outcome (ok or fail) by
//     deadline = max(invoke time, quiet_start) + bound.
// An operation is stuck if it had no definite outcome by its deadline, unless
// it ended as info before quiet_start (it timed out during the faults, which
// is allowed) or its deadline lies beyond the end of the run (not judged). An
// operation that timed out after quiet_start is stuck: the system did not
// answer it in the quiet phase.
#pragma once

#include <string>
#include <vector>

#include "sim/check/history.hpp"

namespace cachesim {

struct LivenessResult {
  bool held = true;
  std::size_t judged = 0;  // operations judged (all but those still within their bound at the end)
  std::vector<Operation> stuck;
  std::string text;        // one line per stuck operation (at most 20), for people
};

LivenessResult check_liveness(const std::vector<Operation>& ops, Time quiet_start, Duration bound, Time run_end);

}  // namespace cachesim
