// Runs a scenario twice with one seed, in this process, and compares the two
// traces line by line (every engine event, message details included).
//
// Contract: `same` is true iff both runs wrote byte-identical traces and got
// the same trace hash. Otherwise `first_difference` is the index of the first
// trace event that differs and `line_a`/`line_b` are those events as JSON
// lines ("" where a trace ended early). Memory stays flat: traces go to
// temporary files.
#pragma once

#include <cstdint>
#include <string>

#include "sim/run/runner.hpp"

namespace cachesim {

struct DeterminismReport {
  bool same = true;
  std::uint64_t events = 0;  // trace events of the first run
  std::uint64_t hash_a = 0, hash_b = 0;
  std::uint64_t first_difference = 0;
  std::string line_a, line_b;
  RunResult first;  // the first run's result
};

// `options.trace_sinks` are attached to the first run only.
DeterminismReport check_determinism(const Scenario& sc, const RunOptions& options, const SystemRegistry& systems);

}  // namespace cachesim
