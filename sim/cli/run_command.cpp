// `cachesim run`: one scenario, one seed; optionally twice, to prove the run
// deterministic.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "reports/build_reports.hpp"
#include "reports/timing_table.hpp"
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
#include "sim/scenario/swarm.hpp"
#include "sim/sweep/result_line.hpp"

namespace cachesim::cli {

namespace {

std::string reproduce_line(const RunArgs& a, std::uint64_t seed) {
  std::string s = a.program + " run " + a.scenario + " --seed " + std::to_string(seed);
  if (a.check_time) s += " --check-time " + *a.check_time;
  if (a.check_memory_mb) s += " --check-memory-mb " + std::to_string(*a.check_memory_mb);
  return s;
}

// Creates the run directory (and its parents) or explains in one line why not.
void make_run_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw InputError(dir + ": expected a directory to write the run into, found " +
                     (ec ? "an error: " + ec.message() : std::string("a file")));
}

void write_json(const std::string& path, const nlohmann::json& j) {
  OutputFile f(path);
  const std::string text = j.dump(2) + "\n";
  std::fwrite(text.data(), 1, text.size(), f.get());
  f.commit();
}

}  // namespace

int run_command(const RunArgs& a) {
  if (!a.out_dir.empty() && (!a.trace_path.empty() || !a.history_path.empty()))
    throw InputError("--out: the run directory holds trace.jsonl and history.jsonl; found --trace or --history too");
  const ScenarioSource source = ScenarioSource::load(a.scenario);
  const std::uint64_t seed = a.seed ? *a.seed : source.base().seed ? *source.base().seed : random_seed();
  const bool chosen = !a.seed && !source.base().seed;
  Scenario sc = source.for_seed(seed);  // a swarm scenario: the configuration drawn for this seed
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

  std::string trace_path = a.trace_path, history_path = a.history_path;
  if (!a.out_dir.empty()) {
    make_run_dir(a.out_dir);
    Scenario as_run = sc;
    as_run.seed = seed;  // the scenario as run reproduces the run on its own
    write_json(a.out_dir + "/scenario.json", scenario_to_json(as_run));
    trace_path = a.out_dir + "/trace.jsonl";
    history_path = a.out_dir + "/history.jsonl";
  }

  const std::vector<std::string> names = sc.endpoint_names();
  std::unique_ptr<OutputFile> trace_file, history_file;
  std::unique_ptr<JsonlTraceWriter> trace_writer;
  if (!trace_path.empty()) {
    trace_file = std::make_unique<OutputFile>(trace_path);
    trace_writer = std::make_unique<JsonlTraceWriter>(trace_file->get(), &names);
  }
  if (!history_path.empty()) history_file = std::make_unique<OutputFile>(history_path);

  // Output files are opened first: one that cannot be created is bad input,
  // refused before anything is printed.
  const std::string reproduce = reproduce_line(a, seed);
  if (!a.json && !a.json_line) {
    std::cout << reproduce << (chosen ? "    # seed chosen at random" : "") << "\n";
    if (source.has_swarm()) std::cout << "swarm        " << sweep::compact_json(source.drawn(seed)) << "\n";
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
  std::vector<std::string> report_files;
  if (!a.out_dir.empty()) {
    write_json(a.out_dir + "/summary.json", summary_json(r, wall));
    report_files = reports::build_reports(a.out_dir);
  }
  if (a.json_line) {
    const auto ms = static_cast<std::int64_t>(wall * 1000.0);
    std::cout << sweep::format_result_line(sweep::result_of_run(r, a.scenario, source.drawn(seed), ms)) << "\n";
  } else if (a.json) {
    nlohmann::json j = summary_json(r, wall);
    if (source.has_swarm()) j["swarm"] = source.drawn(seed);
    std::cout << j.dump(2) << "\n";
  } else {
    SummaryStyle style;
    style.colour = ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    style.wall_seconds = wall;
    style.reproduce = reproduce;
    style.timing = reports::timing_table(r.history, r.sim_time, style.colour);
    std::cout << render_summary(r, style);
    if (!a.out_dir.empty()) {
      std::cout << "run dir      " << a.out_dir << "/ (" << a.out_dir << "/report.html; "
                << "scripts/render " << a.out_dir << " draws its .dot diagrams)\n";
    }
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
