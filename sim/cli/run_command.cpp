// `cachesim run`: one scenario, one seed; optionally twice, to prove the run
// deterministic.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>

#include "sim/cli/commands.hpp"
#include "sim/cli/output_file.hpp"
#include "sim/cli/wall_clock.hpp"
#include "sim/core/input_error.hpp"
#include "sim/run/determinism.hpp"
#include "sim/run/runner.hpp"
#include "sim/run/summary.hpp"
#include "sim/scenario/duration.hpp"
#include "sim/scenario/limits.hpp"
#include "sim/scenario/loader.hpp"

namespace cachesim::cli {

namespace {

std::string reproduce_line(const RunArgs& a, std::uint64_t seed) {
  std::string s = a.program + " run " + a.scenario + " --seed " + std::to_string(seed);
  if (a.check_time) s += " --check-time " + *a.check_time;
  if (a.check_memory_mb) s += " --check-memory-mb " + std::to_string(*a.check_memory_mb);
  return s;
}

}  // namespace

int run_command(const RunArgs& a) {
  Scenario sc = load_scenario(a.scenario);
  if (a.check_time) {
    auto d = parse_duration(*a.check_time);
    if (!d || *d <= 0 || *d > kMaxCheckBudget)  // bounded as in scenario files: no deadline overflows
      throw InputError("--check-time: expected a duration such as \"10s\", found \"" + *a.check_time + "\"");
    sc.checks.lin_time_budget = *d;
  }
  if (a.check_memory_mb) {
    if (*a.check_memory_mb == 0 || *a.check_memory_mb > kMaxMemoryBudgetMb)
      throw InputError("--check-memory-mb: expected 1.." + std::to_string(kMaxMemoryBudgetMb) + " (MiB), found " +
                       std::to_string(*a.check_memory_mb));
    sc.checks.lin_memory_budget_mb = *a.check_memory_mb;
  }

  bool chosen = false;
  std::uint64_t seed;
  if (a.seed) {
    seed = *a.seed;
  } else if (sc.seed) {
    seed = *sc.seed;
  } else {
    seed = random_seed();
    chosen = true;
  }
  // Output files first: one that cannot be created is bad input, refused
  // before anything is printed.
  const std::vector<std::string> names = sc.endpoint_names();
  std::unique_ptr<OutputFile> trace_file, history_file;
  std::unique_ptr<JsonlTraceWriter> trace_writer;
  if (!a.trace_path.empty()) {
    trace_file = std::make_unique<OutputFile>(a.trace_path);
    trace_writer = std::make_unique<JsonlTraceWriter>(trace_file->get(), &names);
  }
  if (!a.history_path.empty()) history_file = std::make_unique<OutputFile>(a.history_path);

  const std::string reproduce = reproduce_line(a, seed);
  if (!a.json) {
    std::cout << reproduce << (chosen ? "    # seed chosen at random" : "") << "\n";
    std::cout.flush();
  }

  RunOptions opts;
  opts.seed = seed;
  opts.make_deadline = wall_deadline;
  if (history_file) opts.history_stream = history_file->get();
  if (trace_writer) opts.trace_sinks.push_back(trace_writer.get());

  const SystemRegistry systems = builtin_systems();
  Stopwatch sw;
  std::optional<DeterminismReport> det;
  RunResult r;
  if (a.check_determinism) {
    det = check_determinism(sc, opts, systems);
    r = std::move(det->first);
  } else {
    r = run_scenario(sc, opts, systems);
  }
  const double wall = det ? sw.seconds() / 2 : sw.seconds();
  if (trace_writer) {
    trace_writer.reset();  // flushes; it must be gone before commit() closes the file
    trace_file->commit();
  }
  if (history_file) history_file->commit();

  int code = exit_code(r);
  if (a.json) {
    std::cout << summary_json(r, wall).dump(2) << "\n";
  } else {
    SummaryStyle style;
    style.colour = ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    style.wall_seconds = wall;
    style.reproduce = reproduce;
    std::cout << render_summary(r, style);
  }
  if (det) {
    if (det->same) {
      std::cout << "determinism  two runs, same trace: " << det->events << " events, hash " << hex64(det->hash_a)
                << "\n";
    } else {
      std::cout << "determinism  FAILED: the two runs differ first at trace event " << det->first_difference << "\n"
                << "  run 1: " << (det->line_a.empty() ? "(trace ended)" : det->line_a) << "\n"
                << "  run 2: " << (det->line_b.empty() ? "(trace ended)" : det->line_b) << "\n"
                << "  hashes " << hex64(det->hash_a) << " and " << hex64(det->hash_b) << "\n"
                << "reproduce    " << reproduce << " --check-determinism\n";
      code = 1;
    }
  }
  return code;
}

}  // namespace cachesim::cli
