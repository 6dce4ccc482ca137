// Shrinking a failing run: from (scenario, seed) that fails a check, a
// smaller scenario that fails the same check on its own.
//
// Contract:
//   * The original run must fail a check (RunResult::failed_check(), the
//     first failed one, is "the check"); otherwise the result says
//     reproduced = false and nothing is shrunk.
//   * The faults that run injected (the nemesis's draws, scheduled faults,
//     their undos: RunResult::injected) become an explicit schedule with the
//     nemesis off. Then, each step keeping a candidate only if its run fails
//     the SAME check first (not another one):
//       1. ddmin (ddmin.hpp) over the faults, a fault and its undo as one
//          unit (fault_units.hpp);
//       2. fewer clients, then a per-client operation cap (max_ops), then a
//          shorter workload duration, each by bisection;
//       3. ddmin over the faults again, if step 2 changed anything.
//     If the explicit schedule alone does not reproduce the failure (it
//     replays the faults at the same instants, but events at one instant
//     may run in another order than the nemesis's), the nemesis stays on and
//     only step 2 runs.
//   * Every candidate is written with shrunk_scenario_json() and loaded back with
//     parse_scenario() before it runs, exactly as the written file will be;
//     a candidate the loader refuses counts as "does not fail". So
//     `minimal`, written out, reproduces the failure on its own: it carries
//     the seed, and it has been run in exactly that form.
//   * Deterministic: the same inputs and budgets give the same result,
//     unless the wall budget (out_of_time) or a checker's wall budget
//     intervenes. At most max_runs runs; past a bound the best scenario so
//     far is the result and `stopped_early` says so.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/run/runner.hpp"
#include "sim/run/system.hpp"
#include "sim/scenario/scenario.hpp"

namespace cachesim {

struct ShrinkOptions {
  std::uint64_t max_runs = 500;
  // True once the wall budget is spent (supplied by the CLI); empty: none.
  std::function<bool()> out_of_time;
  // As RunOptions::make_deadline, for the linearizability checker.
  std::function<std::function<bool()>(Duration)> make_deadline;
  // Told one line (no newline) each time a smaller failing scenario is found.
  std::function<void(const std::string&)> progress;
};

// What the report compares before and after.
struct ShrinkSize {
  std::uint64_t faults = 0;      // faults injected (undos included)
  std::uint64_t operations = 0;  // client operations invoked
  std::uint64_t events = 0;      // trace events
};

struct ShrinkResult {
  bool reproduced = false;  // the original run failed a check
  std::string check;        // the check that fails throughout
  Scenario minimal;         // valid only when reproduced
  ShrinkSize before, after;
  std::uint64_t runs = 0;     // runs made, the original's included
  bool explicit_faults = false;  // minimal has the nemesis's faults as a schedule
  bool stopped_early = false;    // max_runs or out_of_time cut it short
};

ShrinkResult shrink_failure(const Scenario& scenario, std::uint64_t seed, const SystemRegistry& systems,
                            const ShrinkOptions& options);

// The file form of a shrunk scenario, exactly as the shrinker ran it:
// scenario_to_json(), without the "nemesis" object when the nemesis is off.
nlohmann::json shrunk_scenario_json(const Scenario& sc);

}  // namespace cachesim
