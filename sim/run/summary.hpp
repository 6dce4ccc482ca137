// A run's result for people (the terminal summary) and for programs (JSON).
//
// The text is what `cachesim run` prints on stdout: figures, the checks and
// their verdicts, the trace hash, and for a failure the witness and the
// exact command that reproduces it. Wall time is the only figure that is not
// a function of (scenario, seed, build); it is passed in, never read here.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/run/run_result.hpp"

namespace cachesim {

struct SummaryStyle {
  bool colour = false;  // ANSI colours for verdicts (only when stdout is a terminal)
  double wall_seconds = 0;
  std::string reproduce;  // the command line that reproduces this run
  std::string timing;     // a pre-rendered timing table, printed before the checks ("" for none)
};

std::string render_summary(const RunResult& r, const SummaryStyle& style);
nlohmann::json summary_json(const RunResult& r, double wall_seconds);

// 0 every check held, 1 a check failed, 3 a check could not decide.
int exit_code(const RunResult& r);

std::string hex64(std::uint64_t v);

}  // namespace cachesim
