// `cachesim shrink`: a failing run in, the smallest scenario that still fails
// the same check out (sim/shrink/shrink.hpp), written to a file that
// reproduces the failure on its own.
//
// stdout: the check, sizes before and after, the file written and the
// command that reproduces it. stderr: one progress line per smaller failing
// scenario found. Exit codes: 1 the failure reproduced and a smaller (or the
// same) failing scenario was written; 0 the run passed, nothing to shrink,
// nothing written; 2 bad input; 3 the run was undecided, nothing written.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/cli/output_file.hpp"
#include "sim/cli/wall_clock.hpp"
#include "sim/core/input_error.hpp"
#include "sim/scenario/duration.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/shrink/shrink.hpp"

namespace cachesim::cli {

namespace {

std::string size_row(const char* label, const ShrinkSize& s) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%-8s %10llu %12llu %12llu\n", label, static_cast<unsigned long long>(s.faults),
                static_cast<unsigned long long>(s.operations), static_cast<unsigned long long>(s.events));
  return buf;
}

}  // namespace

int shrink_command(const ShrinkArgs& a) {
  const Scenario sc = load_scenario(a.scenario);
  const SystemRegistry systems = builtin_systems();
  systems.require(sc);
  const auto budget = parse_duration(a.time_budget);
  if (!budget || *budget <= 0)
    throw InputError("--time-budget: expected a duration such as \"10m\", found \"" + a.time_budget + "\"");
  if (a.max_runs == 0) throw InputError("--max-runs: expected at least 1, found 0");
  const std::string out_path =
      !a.out.empty() ? a.out
                     : std::filesystem::path(a.scenario).stem().string() + ".seed" + std::to_string(a.seed) + ".min.json";
  // Opened first, so that an unwritable path is refused before any run.
  OutputFile out(out_path);

  ShrinkOptions o;
  o.max_runs = a.max_runs;
  o.out_of_time = wall_deadline(*budget);
  o.make_deadline = wall_deadline;
  o.progress = [](const std::string& line) { std::cerr << line << "\n"; };
  Stopwatch sw;
  const ShrinkResult r = shrink_failure(sc, a.seed, systems, o);
  if (!r.reproduced) {
    std::cout << a.scenario << " --seed " << a.seed << ": no check failed: nothing to shrink\n";
    return 0;  // `out` is not committed: no file is left
  }
  const std::string text = shrunk_scenario_json(r.minimal).dump(2) + "\n";
  if (std::fwrite(text.data(), 1, text.size(), out.get()) != text.size())
    throw InputError(out_path + ": cannot write");
  out.commit();

  std::cout << a.scenario << " --seed " << a.seed << " fails " << r.check << "\n"
            << "         " << "    faults   operations       events\n"
            << size_row("before", r.before) << size_row("after", r.after);
  std::fprintf(stdout, "runs     %llu in %.1fs%s%s\n", static_cast<unsigned long long>(r.runs), sw.seconds(),
               r.explicit_faults ? ", the nemesis's faults as an explicit schedule" : ", nemesis kept (its faults did not replay alone)",
               r.stopped_early ? "; stopped early (--max-runs or --time-budget): not minimal" : "");
  std::cout << "wrote    " << out_path << "\n"
            << "reproduce " << a.program << " run " << out_path << "\n";
  return 1;
}

}  // namespace cachesim::cli
