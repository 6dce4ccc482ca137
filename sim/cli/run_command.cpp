// `cachesim run`: one scenario, one seed; optionally twice, to prove the run
// deterministic.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/cli/output_file.hpp"
#include "sim/cli/wall_clock.hpp"
#include "sim/core/input_error.hpp"
#include "sim/run/runner.hpp"
#include "sim/run/summary.hpp"
#include "sim/scenario/duration.hpp"
#include "sim/scenario/loader.hpp"

namespace cachesim::cli {

namespace {

std::vector<std::string> endpoint_names(const Scenario& sc) {
  std::vector<std::string> names;
  for (NodeId id = 0; id < sc.endpoints(); ++id) names.push_back(sc.endpoint_name(id));
  return names;
}

std::string reproduce_line(const RunArgs& a, std::uint64_t seed) {
  std::string s = a.program + " run " + a.scenario + " --seed " + std::to_string(seed);
  if (a.check_time) s += " --check-time " + *a.check_time;
  if (a.check_memory_mb) s += " --check-memory-mb " + std::to_string(*a.check_memory_mb);
  return s;
}

// Reads one line (without its newline) or returns false at the end.
bool read_line(std::FILE* f, std::string& out) {
  out.clear();
  int c;
  while ((c = std::fgetc(f)) != EOF && c != '\n') out.push_back(static_cast<char>(c));
  return c != EOF || !out.empty();
}

// Compares two trace files line by line; prints the first difference.
bool same_trace(std::FILE* a, std::FILE* b) {
  std::rewind(a);
  std::rewind(b);
  std::string la, lb;
  for (std::uint64_t i = 0;; ++i) {
    const bool ha = read_line(a, la), hb = read_line(b, lb);
    if (!ha && !hb) return true;
    if (ha != hb || la != lb) {
      std::cout << "nondeterminism: the two runs differ first at trace event " << i << "\n"
                << "  run 1: " << (ha ? la : "(trace ended)") << "\n"
                << "  run 2: " << (hb ? lb : "(trace ended)") << "\n";
      return false;
    }
  }
}

}  // namespace

int run_command(const RunArgs& a) {
  Scenario sc = load_scenario(a.scenario);
  if (a.check_time) {
    auto d = parse_duration(*a.check_time);
    if (!d || *d <= 0)
      throw InputError("--check-time: expected a duration such as \"10s\", found \"" + *a.check_time + "\"");
    sc.checks.lin_time_budget = *d;
  }
  if (a.check_memory_mb) sc.checks.lin_memory_budget_mb = *a.check_memory_mb;

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
  const std::string reproduce = reproduce_line(a, seed);
  if (!a.json) {
    std::cout << reproduce << (chosen ? "    # seed chosen at random" : "") << "\n";
    std::cout.flush();
  }

  const std::vector<std::string> names = endpoint_names(sc);
  std::unique_ptr<OutputFile> trace_file, history_file;
  std::unique_ptr<JsonlTraceWriter> trace_writer;
  if (!a.trace_path.empty()) {
    trace_file = std::make_unique<OutputFile>(a.trace_path);
    trace_writer = std::make_unique<JsonlTraceWriter>(trace_file->get(), &names);
  }
  if (!a.history_path.empty()) history_file = std::make_unique<OutputFile>(a.history_path);

  RunOptions opts;
  opts.seed = seed;
  opts.make_deadline = wall_deadline;
  if (history_file) opts.history_stream = history_file->get();
  std::FILE* first = nullptr;
  std::FILE* second = nullptr;
  std::unique_ptr<JsonlTraceWriter> first_writer;
  if (trace_writer) opts.trace_sinks.push_back(trace_writer.get());
  if (a.check_determinism) {
    first = std::tmpfile();
    second = std::tmpfile();
    if (!first || !second) throw InputError("--check-determinism: cannot create temporary files");
    first_writer = std::make_unique<JsonlTraceWriter>(first, &names);
    opts.trace_sinks.push_back(first_writer.get());
  }

  const SystemRegistry systems = builtin_systems();
  Stopwatch sw;
  RunResult r = run_scenario(sc, opts, systems);
  const double wall = sw.seconds();
  if (trace_writer) {
    trace_writer->flush();
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

  if (a.check_determinism) {
    first_writer->flush();
    RunOptions again;
    again.seed = seed;
    again.make_deadline = wall_deadline;
    again.keep_history = false;
    JsonlTraceWriter second_writer(second, &names);
    again.trace_sinks.push_back(&second_writer);
    const RunResult r2 = run_scenario(sc, again, systems);
    second_writer.flush();
    const bool same = same_trace(first, second) && r.trace_hash == r2.trace_hash;
    std::fclose(first);
    std::fclose(second);
    if (same) {
      std::cout << "determinism  two runs, same trace: " << r.trace_events << " events, hash " << hex64(r.trace_hash)
                << "\n";
    } else {
      std::cout << "determinism  FAILED: hashes " << hex64(r.trace_hash) << " and " << hex64(r2.trace_hash) << "\n"
                << "reproduce    " << reproduce << " --check-determinism\n";
      code = 1;
    }
  }
  return code;
}

}  // namespace cachesim::cli
