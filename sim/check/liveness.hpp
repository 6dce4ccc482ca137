// Liveness after the faults heal.
//
// Contract: with quiet_start the instant the last progress-blocking fault
// ended, every operation must make progress, that is end ok or as a cas
// that ran and found another value (a fail with no error), or as an aborted
// transaction (a txn fail: the system decided it, and said so), by
//     deadline = max(invoke time, quiet_start) + bound.
// Any other fail with an error, and an info, is not progress. Exempt: an
// info of an operation invoked before quiet_start that ended by its deadline
// (its client may have given up during the faults; one that was still
// failing past the deadline is stuck), and an operation whose deadline lies
// beyond the end of the run. Everything else without progress by its deadline is stuck. If no
// operation is judged at all, the result says so (vacuous) rather than held.
#pragma once

#include <string>
#include <vector>

#include "sim/check/history.hpp"

namespace cachesim {

struct LivenessResult {
  bool held = true;
  bool vacuous = false;    // nothing was judged: no operation ran in the quiet phase
  std::size_t judged = 0;  // operations judged (not exempt)
  std::vector<Operation> stuck;
  std::string text;        // one line per stuck operation (at most 20), for people
};

LivenessResult check_liveness(const std::vector<Operation>& ops, Time quiet_start, Duration bound, Time run_end);

}  // namespace cachesim
