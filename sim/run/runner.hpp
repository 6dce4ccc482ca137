// One run of a scenario with one seed: build the cluster, clients and faults,
// run the simulation, then check what happened.
//
// Contract:
//   * The result is a pure function of (scenario, seed, build), except for
//     `CheckResult`s that ran out of a wall-time budget (unknown).
//   * Timeline: clients start operations in [0, duration); the faults
//     (schedule and nemesis) end by fault_end; the run then drains until no
//     operation is pending, or until max(duration, fault_end) + the liveness
//     bound, whichever comes first.
//   * Throws InputError when the scenario names a system the registry lacks.
#pragma once

#include <cstdio>
#include <functional>
#include <vector>

#include "sim/core/trace.hpp"
#include "sim/run/run_result.hpp"
#include "sim/run/system.hpp"
#include "sim/scenario/scenario.hpp"

namespace cachesim {

struct RunOptions {
  std::uint64_t seed = 0;
  std::vector<TraceSink*> trace_sinks;  // not owned
  std::FILE* history_stream = nullptr;  // not owned: every history event as a JSON line
  // Makes the linearizability checker's wall-time deadline from its budget
  // (supplied by the CLI, which may read a wall clock). Empty: no deadline.
  std::function<std::function<bool()>(Duration budget)> make_deadline;
  bool keep_history = true;  // keep the history in the result (reports need it)
};

RunResult run_scenario(const Scenario& scenario, const RunOptions& options, const SystemRegistry& systems);

}  // namespace cachesim
