// Simulated client operations per wall second: the healthy 5-node cache
// (scenarios/healthy-5.json), simulation only (checkers off), over several
// seeds. Prints one JSON line.
//
//   cache_bench [--seeds=5] [--scenario=scenarios/healthy-5.json]
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
  const std::uint64_t seeds = bench::flag(argc, argv, "seeds", 5);
  Scenario sc = load_scenario(path);
  sc.checks.linearizability = false;
  sc.checks.liveness = false;
  const SystemRegistry systems = builtin_systems();
  std::uint64_t ops = 0, events = 0;
  double seconds = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    RunOptions o;
    o.seed = seed;
    o.keep_history = false;
    bench::Stopwatch sw;
    const RunResult r = run_scenario(sc, o, systems);
    seconds += sw.seconds();
    ops += r.counts.ops;
    events += r.stats.events;
  }
  std::printf(
      "{\"name\":\"cache\",\"scenario\":\"%s\",\"seeds\":%" PRIu64 ",\"ops\":%" PRIu64 ",\"ops_per_sec\":%.0f,"
      "\"events\":%" PRIu64 ",\"events_per_sec\":%.0f,\"ns_per_event\":%.1f,\"peak_rss_bytes\":%" PRIu64 "}\n",
      path.c_str(), seeds, ops, static_cast<double>(ops) / seconds, events, static_cast<double>(events) / seconds,
      seconds * 1e9 / static_cast<double>(events), bench::peak_rss_bytes());
  return 0;
}
