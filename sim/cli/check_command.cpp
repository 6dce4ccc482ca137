// `cachesim check`: the run's checkers on a history from anywhere. --model kv
// (default): linearizability of a key-value register per key; --model txn:
// strict serializability and atomicity of list-append transactions;
// --model txn-serializable: the same without real-time order.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "sim/check/linearizability.hpp"
#include "sim/check/txn_check.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/wall_clock.hpp"
#include "sim/core/input_error.hpp"
#include "sim/scenario/duration.hpp"
#include "sim/scenario/limits.hpp"

namespace cachesim::cli {

namespace {

int exit_code(Verdict v) {
  switch (v) {
    case Verdict::kOk: return 0;
    case Verdict::kIllegal: return 1;
    case Verdict::kUnknown: return 3;
  }
  return 3;
}

// --model txn (strict serializability: real-time edges) or txn-serializable.
int check_txn(const CheckArgs& a, History history, Duration budget_time) {
  TxnCheckOptions options;
  options.realtime = a.model == "txn";
  options.budget.out_of_time = wall_deadline(budget_time);
  options.budget.max_memory_bytes = static_cast<std::size_t>(a.memory_mb) << 20;
  Stopwatch sw;
  const std::string source = history.source;
  const TxnCheckResult result = check_transactions(pair_operations(std::move(history)), options, source);
  const double wall = sw.seconds();
  if (a.json) {
    nlohmann::json j = render_json(result);
    j["wall_ms"] = static_cast<std::int64_t>(wall * 1000.0);
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << render_text(result);
    std::fprintf(stdout, "checked in %.3fs\n", wall);
  }
  return exit_code(result.verdict);
}

}  // namespace

int check_command(const CheckArgs& a) {
  const auto budget_time = parse_duration(a.time_budget);
  if (!budget_time || *budget_time <= 0 || *budget_time > kMaxCheckBudget)  // bounded: no deadline overflows
    throw InputError("--time-budget: expected a duration such as \"10s\", found \"" + a.time_budget + "\"");
  if (a.memory_mb == 0 || a.memory_mb > kMaxMemoryBudgetMb)
    throw InputError("--memory-mb: expected 1.." + std::to_string(kMaxMemoryBudgetMb) + " (MiB), found " +
                     std::to_string(a.memory_mb));
  History history = read_history_file(a.history);
  if (a.model == "txn" || a.model == "txn-serializable") return check_txn(a, std::move(history), *budget_time);
  LinearizabilityBudget budget;
  budget.out_of_time = wall_deadline(*budget_time);
  budget.max_memory_bytes = static_cast<std::size_t>(a.memory_mb) << 20;
  Stopwatch sw;
  const LinearizabilityResult result = check_linearizability(pair_operations(std::move(history)), budget);
  const double wall = sw.seconds();
  if (a.json) {
    nlohmann::json j = render_json(result);
    j["wall_ms"] = static_cast<std::int64_t>(wall * 1000.0);
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << render_text(result);
    std::fprintf(stdout, "checked in %.3fs\n", wall);
  }
  return exit_code(result.verdict);
}

}  // namespace cachesim::cli
