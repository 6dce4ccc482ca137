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
  bool json_line = false;  // print only the sweep's result line for this seed (sim/sweep/result_line.hpp)
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

// `cachesim sweep`: many seeds in worker processes; result lines on stdout,
// progress and the closing summary on stderr.
struct SweepArgs {
  std::string program = "cachesim";
  std::string scenario;
  std::string seeds;                  // "A..B" or "N"
  std::optional<std::string> shard;   // "I/N"
  std::optional<unsigned> jobs;       // default: processors online
  bool stop_on_failure = false;
  std::optional<std::string> time_budget;  // a duration: then stop, dropping runs in flight
  std::string out_path;                    // empty: stdout; else written when the sweep ends (not if interrupted)
  std::string progress_interval = "10s";   // plain progress lines when stderr is no terminal
};
int sweep_command(const SweepArgs& args);

// `cachesim merge`: result lines of sweeps or shards into one summary.
int merge_command(const std::string& program, const std::vector<std::string>& files);

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
