// What one run of a scenario produced: figures, checks and verdicts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocols/ring/ring.hpp"
#include <nlohmann/json.hpp>

#include "sim/check/history.hpp"
#include "sim/fault/fault.hpp"
#include "sim/host/simulator.hpp"

namespace cachesim {

enum class CheckStatus : std::uint8_t { pass, fail, unknown, skipped };
const char* to_string(CheckStatus s);

struct CheckResult {
  std::string name;  // invariants, agreement, linearizability, liveness, marks
  CheckStatus status = CheckStatus::skipped;
  std::string line;     // one line for the summary
  std::string details;  // several lines for a failure (the witness), may be empty
};

struct HistoryCounts {
  std::uint64_t ops = 0, ok = 0, fail = 0, info = 0;
};

struct RunResult {
  std::string scenario;  // name
  std::string file;
  std::uint64_t seed = 0;
  Time sim_time = 0;
  SimStats stats;
  std::uint64_t trace_hash = 0;
  std::uint64_t trace_events = 0;
  std::map<std::string, std::uint64_t, std::less<>> marks;
  std::vector<Fault> injected;
  std::optional<Time> quiet_start;  // none: the faults never healed
  HistoryCounts counts;
  std::optional<ring::RingBalance> ring;  // sharded systems: how the ring spreads keys and operations
  History history;
  std::vector<CheckResult> checks;
  // By check name: the checker's machine-readable witness of a failure (for
  // summary.json and the reports); absent when the check held or has none.
  std::map<std::string, nlohmann::json, std::less<>> witnesses;
  CheckStatus verdict = CheckStatus::pass;  // fail if any check failed, else unknown if any was
  bool as_expected = true;
  std::string expected;  // "pass" or "fail linearizability (every other check holding)"

  const CheckResult* check(std::string_view name) const {
    for (const CheckResult& c : checks)
      if (c.name == name) return &c;
    return nullptr;
  }
  // The first failed check's name, or "".
  std::string failed_check() const;
};

}  // namespace cachesim
