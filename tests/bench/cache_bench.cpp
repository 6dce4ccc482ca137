// Simulated client operations per wall second: the healthy 5-node cache
// (scenarios/healthy-5.json), simulation only (checkers off: ops_per_sec,
// the goal's figure) and as `cachesim run` does it (ops_per_sec_checked),
// over several seeds (20: a run is about 12 ms of wall time, and fewer
// seeds left the figure to the machine's noise). Prints one JSON line.
//
//   cache_bench [--seeds=20] [--scenario=scenarios/healthy-5.json]
#include <cinttypes>
#include <cstdio>
#include <string>

#include "sim/run/runner.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/bench/bench_util.hpp"

int main(int argc, char** argv) {
  using namespace cachesim;
  std::string path = "scenarios/healthy-5.json";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--scenario=", 0) == 0) path = a.substr(11);
  }
  const std::uint64_t seeds = bench::flag(argc, argv, "seeds", 20);
  // The simulation alone, then the whole run as `cachesim run` does it (the
  // history kept, linearizability and liveness checked).
  struct Totals {
    std::uint64_t ops = 0, events = 0;
    double seconds = 0;
  };
  const SystemRegistry systems = builtin_systems();
  const auto measure = [&](bool checked) {
    Scenario sc = load_scenario(path);
    sc.checks.linearizability = checked && sc.checks.linearizability;
    sc.checks.liveness = checked && sc.checks.liveness;
    Totals t;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
      RunOptions o;
      o.seed = seed;
      o.keep_history = false;
      bench::Stopwatch sw;
      const RunResult r = run_scenario(sc, o, systems);
      t.seconds += sw.seconds();
      t.ops += r.counts.ops;
      t.events += r.stats.events;
    }
    return t;
  };
  const Totals sim = measure(false);
  const Totals checked = measure(true);
  std::printf(
      "{\"name\":\"cache\",\"scenario\":\"%s\",\"seeds\":%" PRIu64 ",\"ops\":%" PRIu64 ",\"ops_per_sec\":%.0f,"
      "\"events\":%" PRIu64 ",\"events_per_sec\":%.0f,\"ns_per_event\":%.1f,\"ops_per_sec_checked\":%.0f,"
      "\"peak_rss_bytes\":%" PRIu64 "}\n",
      path.c_str(), seeds, sim.ops, static_cast<double>(sim.ops) / sim.seconds, sim.events,
      static_cast<double>(sim.events) / sim.seconds, sim.seconds * 1e9 / static_cast<double>(sim.events),
      static_cast<double>(checked.ops) / checked.seconds, bench::peak_rss_bytes());
  return 0;
}
