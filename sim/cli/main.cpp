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

  std::vector<std::string> to_validate;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check scenario files strictly, without running them.");
  validate_cmd->add_option("scenarios", to_validate, "Scenario files")->required();

  CheckArgs check;
  CLI::App* check_cmd = app.add_subcommand("check", "Check a history (JSON Lines) for linearizability.");
  check_cmd->add_option("history", check.history, "History file (JSON Lines, Jepsen vocabulary)")->required();
  check_cmd->add_option("--model", check.model, "Model to check against")->check(CLI::IsMember({"kv"}));
  check_cmd->add_option("--time-budget", check.time_budget, "Wall-time budget (\"10s\"); past it: unknown, exit 3");
  check_cmd->add_option("--memory-mb", check.memory_mb, "Memory budget in MiB; past it: unknown, exit 3")
      ->check(kUint64);
  check_cmd->add_flag("--json", check.json, "Print the result as JSON");

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
