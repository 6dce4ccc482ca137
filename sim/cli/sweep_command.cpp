// `cachesim sweep SCENARIO --seeds A..B [--shard I/N] [--jobs N]`: runs the
// seeds in worker processes (worker_pool.hpp). Each seed's result line goes
// to stdout (or --out FILE, which appears only when the sweep ends) in
// completion order; progress and the closing summary, sorted by seed, go to
// stderr. Exit codes as `cachesim run`; 130 when interrupted (SIGINT or
// SIGTERM), and then no --out file is written.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/cli/output_file.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/wall_clock.hpp"
#include "sim/cli/worker_pool.hpp"
#include "sim/core/input_error.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/duration.hpp"
#include "sim/scenario/swarm.hpp"
#include "sim/sweep/result_line.hpp"
#include "sim/sweep/seed_range.hpp"
#include "sim/sweep/sweep_summary.hpp"

namespace cachesim::cli {

namespace {

constexpr unsigned kMaxJobs = 1024;

double seconds_option(const std::string& option, const std::string& text) {
  const auto d = parse_duration(text);
  if (!d || *d <= 0) throw InputError(option + ": expected a duration such as \"10m\", found \"" + text + "\"");
  return static_cast<double>(*d) / 1e9;
}

std::int64_t to_ms(double seconds) { return static_cast<std::int64_t>(seconds * 1000.0); }

}  // namespace

int sweep_command(const SweepArgs& a) {
  const sweep::SeedRange range = sweep::parse_seed_range(a.seeds);
  const sweep::Shard shard = a.shard ? sweep::parse_shard(*a.shard) : sweep::Shard{};
  const unsigned jobs = a.jobs.value_or(default_jobs());
  if (jobs < 1 || jobs > kMaxJobs)
    throw InputError("--jobs: expected a number of worker processes in 1..1024, found " + std::to_string(jobs));
  PoolOptions pool;
  pool.jobs = jobs;
  if (a.time_budget) pool.time_budget_s = seconds_option("--time-budget", *a.time_budget);
  const double interval = seconds_option("--progress-interval", a.progress_interval);

  const ScenarioSource source = ScenarioSource::load(a.scenario);
  const std::uint64_t total = sweep::shard_size(range, shard);
  std::unique_ptr<OutputFile> out_file;
  if (!a.out_path.empty()) out_file = std::make_unique<OutputFile>(a.out_path);
  std::FILE* out = out_file ? out_file->get() : stdout;

  std::cerr << "sweep: " << a.scenario << ", seeds " << sweep::to_string(range) << ", shard " << shard.index << "/"
            << shard.count << ": " << total << " runs, " << jobs << (jobs == 1 ? " job" : " jobs")
            << (a.stop_on_failure ? ", stopping at the first failure" : "")
            << (a.time_budget ? ", time budget " + *a.time_budget : "") << (source.has_swarm() ? ", swarm" : "")
            << "\n";

  const SystemRegistry systems = builtin_systems();
  sweep::SweepSummary summary;
  Progress progress(stderr, total, ::isatty(STDERR_FILENO), interval);
  const auto seed_at = [&](std::uint64_t k) { return sweep::shard_seed(range, shard, k); };

  const auto record = [&](const sweep::SeedResult& r) {
    summary.add(r, "seed " + std::to_string(r.seed));
    const std::string line = sweep::format_result_line(r) + "\n";
    std::fwrite(line.data(), 1, line.size(), out);
    std::fflush(out);
    progress.update(summary.runs(), summary.failures());
    return !(a.stop_on_failure && r.failed());
  };

  PoolCallbacks cb;
  cb.work = [&](std::uint64_t k) {
    const std::uint64_t seed = seed_at(k);
    Stopwatch sw;
    RunOptions o;
    o.seed = seed;
    o.keep_history = false;
    o.make_deadline = wall_deadline;
    const RunResult r = run_scenario(source.for_seed(seed), o, systems);
    return sweep::format_result_line(sweep::result_of_run(r, a.scenario, source.drawn(seed), to_ms(sw.seconds())));
  };
  cb.on_line = [&](std::uint64_t, const std::string& line) {
    return record(sweep::parse_result_line(line, "a worker's result line"));
  };
  cb.on_crash = [&](std::uint64_t k, const std::string& cause, double wall) {
    const std::uint64_t seed = seed_at(k);
    return record(sweep::crash_result(seed, cause, a.scenario, source.drawn(seed), to_ms(wall)));
  };
  cb.on_tick = [&] { progress.tick(); };

  const PoolOutcome outcome = run_pool(total, pool, cb);
  progress.finish();
  if (outcome.end == PoolEnd::error) throw InputError(outcome.error);

  const double wall = progress.seconds();
  char timing[160];
  std::snprintf(timing, sizeof timing, "sweep: %llu runs in %.1fs (%.1f runs/s, %u job%s)",
                static_cast<unsigned long long>(summary.runs()), wall,
                wall > 0 ? static_cast<double>(summary.runs()) / wall : 0.0, jobs, jobs == 1 ? "" : "s");
  std::cerr << timing;
  switch (outcome.end) {
    case PoolEnd::stopped: std::cerr << "; stopped at the first failure, " << total - summary.runs() << " runs not made"; break;
    case PoolEnd::time_budget: std::cerr << "; time budget reached, " << total - summary.runs() << " runs not made"; break;
    case PoolEnd::interrupted: std::cerr << "; interrupted, " << total - summary.runs() << " runs not made"; break;
    default: break;
  }
  std::cerr << "\n" << summary.render(a.program);
  // An interrupted sweep (Ctrl-C, a cancelled cluster job) leaves no --out
  // file, so a merge names the shard as missing instead of taking it as whole.
  if (outcome.end == PoolEnd::interrupted) return 130;
  if (out_file) out_file->commit();
  return summary.exit_code();
}

}  // namespace cachesim::cli
