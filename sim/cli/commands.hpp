// The subcommands of `cachesim`. Each returns the process exit code:
// 0 every check held, 1 a check failed, 2 bad input or usage, 3 undecided.
// Bad input is reported by throwing InputError; main() prints it as one line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cachesim::cli {

struct RunArgs {
  std::string program = "cachesim";  // how the user invoked us, for the reproduce line
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::string trace_path;    // empty: no trace file
  std::string history_path;  // empty: no history file
  bool check_determinism = false;
  std::optional<std::string> check_time;  // overrides checks.linearizability.time_budget
  std::optional<std::uint64_t> check_memory_mb;
  bool json = false;  // print summary.json instead of the text summary
  std::string out_dir;  // non-empty: write a run directory (scenario, summary, history, trace, reports)
};
int run_command(const RunArgs& args);

// `cachesim report DIR`: (re)builds the reports of a run directory from its files alone.
struct ReportArgs {
  std::string dir;
  std::optional<std::string> window;  // "FROM:TO" for the Lamport diagram
  std::size_t max_events = 200;
};
int report_command(const ReportArgs& args);

int validate_command(const std::vector<std::string>& scenarios);

struct CheckArgs {
  std::string history;
  std::string model = "kv";
  std::string time_budget = "10s";
  std::uint64_t memory_mb = 1024;
  bool json = false;
};
int check_command(const CheckArgs& args);

}  // namespace cachesim::cli
