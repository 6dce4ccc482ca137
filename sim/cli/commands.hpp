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
};
int run_command(const RunArgs& args);

int validate_command(const std::vector<std::string>& scenarios);

struct CheckArgs {
  std::string history;
  std::string model = "kv";
  std::string time_budget = "10s";
  std::uint64_t memory_mb = 1024;
  bool json = false;
};
int check_command(const CheckArgs& args);

struct ShrinkArgs {
  std::string program = "cachesim";
  std::string scenario;
  std::uint64_t seed = 0;
  std::string out;  // empty: STEM.seedN.min.json in the current directory
  std::uint64_t max_runs = 500;
  std::string time_budget = "10m";  // wall time for the whole shrink
};
int shrink_command(const ShrinkArgs& args);

}  // namespace cachesim::cli
