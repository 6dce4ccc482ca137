// One seed's result as one JSON line: what `cachesim sweep` prints on stdout,
// what `cachesim run --json-line` prints, and what `cachesim merge` reads.
//
//   {"seed":7,"verdict":"pass","failed_check":"","sim_time_ns":10004000000,
//    "events":181234,"wall_ms":93,"trace_hash":"5b0c...","scenario":"scenarios/healthy-5.json",
//    "swarm":{"/network/loss":0.012345}}
//
// Contract:
//   * Keys in that order; "swarm" only for a swarm scenario (the drawn
//     configuration). Every field but wall_ms is a function of (scenario,
//     seed, build): the same seed gives the same line, bar wall_ms, run
//     alone, in a sweep or in a shard.
//   * verdict: pass, fail, unknown (a checker ran out of budget) or crash (the
//     worker process died: failed_check says how, e.g. "signal SIGSEGV", and
//     sim_time_ns, events and trace_hash are null).
//   * parse_result_line() accepts exactly what format_result_line() writes
//     (blank lines are the caller's business); anything else is InputError
//     "WHERE: expected ..., found ..." with WHERE as given (FILE:LINE).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/run/run_result.hpp"

namespace cachesim::sweep {

struct SeedResult {
  std::uint64_t seed = 0;
  std::string verdict;       // pass, fail, unknown, crash
  std::string failed_check;  // "" unless fail (the first failed check) or crash ("signal SIGSEGV")
  std::optional<std::int64_t> sim_time_ns;
  std::optional<std::uint64_t> events;
  std::int64_t wall_ms = 0;
  std::optional<std::string> trace_hash;  // 16 lowercase hex digits
  std::string scenario;                   // the scenario file, as given on the command line
  nlohmann::json swarm;                   // null, or the drawn configuration

  bool failed() const { return verdict == "fail" || verdict == "crash"; }
  friend bool operator==(const SeedResult&, const SeedResult&) = default;
};

SeedResult result_of_run(const RunResult& r, const std::string& scenario_file, const nlohmann::json& swarm,
                         std::int64_t wall_ms);
// `cause`: how the worker died ("signal SIGSEGV", "exit status 3").
SeedResult crash_result(std::uint64_t seed, const std::string& cause, const std::string& scenario_file,
                        const nlohmann::json& swarm, std::int64_t wall_ms);

// The line, without its newline.
std::string format_result_line(const SeedResult& r);
SeedResult parse_result_line(std::string_view line, const std::string& where);

// Compact JSON text with every non-integer number in its shortest form that
// reads back exactly (0.217515, where nlohmann's dump may print
// 0.21751499999999999), so drawn swarm values read as they were drawn.
std::string compact_json(const nlohmann::json& value);

}  // namespace cachesim::sweep
