// The compact timing table `cachesim run` prints before its verdicts:
// latency percentiles per operation kind and outcome, and throughput in
// simulated time. Plain text; ANSI colour for outcomes only when asked
// (the CLI asks only when stdout is a terminal).
#pragma once

#include <string>

#include "sim/check/history.hpp"

namespace cachesim::reports {

// "" when no operation carries times. `sim_time` is the run's length.
std::string timing_table(const History& history, Time sim_time, bool colour);

}  // namespace cachesim::reports
