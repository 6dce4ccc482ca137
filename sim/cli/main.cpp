// cachesim: run scenarios, check histories, validate files.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/core/input_error.hpp"

namespace {

constexpr const char* kVersion = "cachesim 0.1.0";

// One line, as for every bad input (README, exit code 2): the problem, then
// where to look.
int usage_error(std::string message, const CLI::App& app) {
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  std::cerr << "cachesim: " << message << " (see cachesim "
            << (app.get_parent() ? app.get_name() + " --help" : "--help") << ")\n";
  return 2;
}

// CLI11 2.1 reads "-1" into an unsigned option as 2^64-1 and clamps what
// overflows: a seed or a size must be a plain decimal that fits in 64 bits.
const CLI::Validator kUint64(
    [](std::string& s) -> std::string {
      const bool digits = !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || s.size() > 20 || (s.size() == 20 && s > "18446744073709551615"))
        return "expected an integer in 0..18446744073709551615, found \"" + s + "\"";
      return "";
    },
    "UINT64");

}  // namespace

int main(int argc, char** argv) {
  using namespace cachesim::cli;
  CLI::App app{"cachesim: a deterministic simulator for a distributed transactional cache.\n"
               "Exit codes: 0 every check held, 1 a check failed, 2 bad input or usage, 3 a checker could not decide."};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);

  RunArgs run;
  run.program = argc > 0 ? argv[0] : "cachesim";
  CLI::App* run_cmd = app.add_subcommand("run", "Run a scenario with one seed and check what clients saw.");
  run_cmd->add_option("scenario", run.scenario, "Scenario file (JSON)")->required();
  run_cmd->add_option("--seed", run.seed, "Seed (default: the scenario's, else one chosen at random and printed)")
      ->check(kUint64);
  run_cmd->add_option("--trace", run.trace_path, "Write every engine event to FILE as JSON Lines");
  run_cmd->add_option("--history", run.history_path, "Write the client history to FILE as JSON Lines");
  run_cmd->add_flag("--check-determinism", run.check_determinism,
                    "Run twice in this process and fail if the traces differ");
  run_cmd->add_option("--check-time", run.check_time, "Wall-time budget of the linearizability checker (\"10s\")");
  run_cmd->add_option("--check-memory-mb", run.check_memory_mb, "Memory budget of the linearizability checker")
      ->check(kUint64);
  run_cmd->add_flag("--json", run.json, "Print the summary as JSON");
  run_cmd->add_option("--out", run.out_dir,
                      "Write a run directory: scenario.json, summary.json, history.jsonl, trace.jsonl, report.html, "
                      "trace.perfetto.json and .dot diagrams");

  ReportArgs report;
  CLI::App* report_cmd =
      app.add_subcommand("report", "(Re)build the reports of a run directory (cachesim run --out DIR) from its files.");
  report_cmd->add_option("dir", report.dir, "Run directory")->required();
  report_cmd->add_option("--window", report.window,
                         "Lamport diagram window FROM:TO in simulated time (\"1.2s:1.3s\"); default: around the "
                         "first failure, else the start of the run");
  report_cmd->add_option("--max-events", report.max_events, "Most events the Lamport diagram shows")
      ->check(CLI::Range(1, 100000));
  run_cmd->add_flag("--json-line", run.json_line, "Print only the result line a sweep prints for this seed");

  std::vector<std::string> to_validate;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check scenario files strictly, without running them.");
  validate_cmd->add_option("scenarios", to_validate, "Scenario files")->required();

  CheckArgs check;
  CLI::App* check_cmd = app.add_subcommand("check", "Check a history (JSON Lines): linearizability (--model kv) or transactions (--model txn).");
  check_cmd->add_option("history", check.history, "History file (JSON Lines, Jepsen vocabulary)")->required();
  check_cmd->add_option("--model", check.model,
                        "Model to check against: kv (linearizable registers, the default), txn (strict-serializable "
                        "list-append transactions), txn-serializable (the same without real-time order)")
      ->check(CLI::IsMember({"kv", "txn", "txn-serializable"}));
  check_cmd->add_option("--time-budget", check.time_budget, "Wall-time budget (\"10s\"); past it: unknown, exit 3");
  check_cmd->add_option("--memory-mb", check.memory_mb, "Memory budget in MiB; past it: unknown, exit 3")
      ->check(kUint64);
  check_cmd->add_flag("--json", check.json, "Print the result as JSON");

  SweepArgs sweep;
  sweep.program = run.program;
  CLI::App* sweep_cmd = app.add_subcommand(
      "sweep", "Run a scenario over a range of seeds in parallel worker processes: one JSON line per seed on stdout, "
               "progress and a summary of failures with their reproduce commands on stderr.");
  sweep_cmd->add_option("scenario", sweep.scenario, "Scenario file (JSON)")->required();
  sweep_cmd->add_option("--seeds", sweep.seeds, "Seeds A..B (both included), or one seed")->required();
  sweep_cmd->add_option("--shard", sweep.shard, "Run only shard I of N (I/N): the seeds at positions p with p % N == I-1");
  sweep_cmd->add_option("--jobs,-j", sweep.jobs, "Worker processes (default: processors online)");
  sweep_cmd->add_flag("--stop-on-failure", sweep.stop_on_failure, "Stop at the first failed or crashed run");
  sweep_cmd->add_option("--time-budget", sweep.time_budget, "Stop after this much wall time (\"10m\"); runs in flight are dropped");
  sweep_cmd->add_option("--out", sweep.out_path, "Write the result lines to FILE (created only when the sweep ends)");
  sweep_cmd->add_option("--progress-interval", sweep.progress_interval,
                        "Seconds between progress lines when stderr is not a terminal (\"10s\")");

  std::vector<std::string> to_merge;
  CLI::App* merge_cmd = app.add_subcommand("merge", "Combine result lines of sweeps or shards into one summary.");
  merge_cmd->add_option("results", to_merge, "Result files (JSON lines from cachesim sweep)")->required();
  ShrinkArgs shrink;
  shrink.program = run.program;
  CLI::App* shrink_cmd =
      app.add_subcommand("shrink", "Shrink a failing run to a smaller scenario that fails the same check.");
  shrink_cmd->add_option("scenario", shrink.scenario, "Scenario file (JSON)")->required();
  shrink_cmd->add_option("--seed", shrink.seed, "Seed of the failing run")->required()->check(kUint64);
  shrink_cmd->add_option("--out", shrink.out, "Where to write the minimal scenario (default: STEM.seedN.min.json)");
  shrink_cmd->add_option("--max-runs", shrink.max_runs, "At most this many runs")->check(kUint64);
  shrink_cmd->add_option("--time-budget", shrink.time_budget, "Wall time for the whole shrink (\"10m\")");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << kVersion << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    // Subcommand help (`cachesim run --help`) arrives as CallForHelp from the
    // subcommand; everything else is a usage error.
    return usage_error(e.what(), app);
  }

  try {
    if (*run_cmd) return run_command(run);
    if (*validate_cmd) return validate_command(to_validate);
    if (*check_cmd) return check_command(check);
    if (*report_cmd) return report_command(report);
    if (*sweep_cmd) return sweep_command(sweep);
    if (*merge_cmd) return merge_command(run.program, to_merge);
    if (*shrink_cmd) return shrink_command(shrink);
  } catch (const cachesim::InputError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "cachesim: out of memory\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "cachesim: internal error: " << e.what() << "\n";
    return 2;
  }
  return 2;
}
