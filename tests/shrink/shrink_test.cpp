// Shrinking a real failure: a broken cache that exists only in tests (a
// leader serves reads locally without a lease) fails linearizability on a
// noisy scenario; the shrinker finds a smaller scenario, with fewer faults
// and operations, that fails the same check, and the file it describes does
// so on its own.
#include "sim/shrink/shrink.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/run/cache_system.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/paxos/broken_variants.hpp"

namespace cachesim {
namespace {

namespace fs = std::filesystem;

SystemRegistry broken_registry() {
  SystemRegistry r;
  r.add("cache.local-reads",
        [](const Scenario& sc) { return make_cache_system(sc, paxos_test::local_reads_without_lease()); });
  return r;
}

// The broken cache's bug needs its leader cut off from the other servers
// while clients still reach it (tests/run/broken_cache_test.cpp): drift-leases
// without leases or drift, whose schedule isolates whoever leads four times,
// with a wide election timeout range so that the majority elects another
// leader long before the old one notices. On top, a nemesis of crashes,
// pauses and network changes drawn from the seed: noise, nearly all of it
// irrelevant to the bug, for the shrinker to throw away.
Scenario noisy_scenario() {
  Scenario sc = load_scenario(std::string(CACHESIM_SOURCE_DIR) + "/scenarios/drift-leases.json");
  sc.cluster.protocol = "cache.local-reads";
  sc.cluster.leases.enabled = false;
  sc.cluster.paxos.election_timeout_min = 60 * kMillisecond;
  sc.cluster.paxos.election_timeout_max = 1500 * kMillisecond;
  std::vector<Fault> partitions;
  for (const Fault& f : sc.faults)
    if (f.kind == FaultKind::partition) partitions.push_back(f);
  sc.faults = partitions;
  sc.nemesis.enabled = true;
  sc.nemesis.kinds = {FaultKind::crash, FaultKind::pause, FaultKind::network};
  sc.nemesis.start = 500 * kMillisecond;
  sc.nemesis.stop = 28 * kSecond;
  sc.nemesis.interval_min = 300 * kMillisecond;
  sc.nemesis.interval_max = 1 * kSecond;
  sc.nemesis.lasts_min = 100 * kMillisecond;
  sc.nemesis.lasts_max = 800 * kMillisecond;
  sc.nemesis.max_down = 1;
  sc.nemesis.loss_max = Probability::from_fraction(0.1);
  sc.nemesis.duplicate_max = Probability::from_fraction(0.1);
  sc.checks.require_marks.clear();
  sc.expect = Expectation{};
  return sc;
}

RunResult run_with(const Scenario& sc, std::uint64_t seed, const SystemRegistry& systems) {
  RunOptions o;
  o.seed = seed;
  o.keep_history = false;
  return run_scenario(sc, o, systems);
}

TEST(Shrink, ABrokenCacheFailureShrinksToAScenarioThatFailsTheSameCheckOnItsOwn) {
  const SystemRegistry systems = broken_registry();
  const Scenario sc = noisy_scenario();
  std::uint64_t seed = 0;
  for (std::uint64_t s = 1; s <= 40 && seed == 0; ++s) {
    const RunResult r = run_with(sc, s, systems);
    if (r.failed_check() == "linearizability" && r.injected.size() >= 20) seed = s;
  }
  ASSERT_NE(seed, 0u) << "no seed in 1..40 makes the broken cache fail with 20 faults or more";

  ShrinkOptions o;
  o.max_runs = 150;
  std::vector<std::string> progress;
  o.progress = [&](const std::string& line) { progress.push_back(line); };
  const ShrinkResult r = shrink_failure(sc, seed, systems, o);
  ASSERT_TRUE(r.reproduced);
  EXPECT_EQ(r.check, "linearizability");
  EXPECT_TRUE(r.explicit_faults) << "the nemesis's faults replay as a schedule";
  EXPECT_LT(r.after.faults, r.before.faults);
  EXPECT_LT(r.after.operations, r.before.operations);
  EXPECT_LE(r.runs, o.max_runs);
  EXPECT_FALSE(progress.empty());
  EXPECT_FALSE(r.minimal.nemesis.enabled);
  EXPECT_EQ(r.minimal.seed, seed);

  // The written file, loaded and run on its own (its own seed), fails the
  // same check with the sizes the shrinker reported.
  const fs::path file = fs::temp_directory_path() / ("cachesim-shrink-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << shrunk_scenario_json(r.minimal).dump(2);
  const Scenario back = load_scenario(file.string());
  fs::remove(file);
  ASSERT_TRUE(back.seed.has_value());
  const RunResult again = run_with(back, *back.seed, systems);
  EXPECT_EQ(again.failed_check(), "linearizability");
  EXPECT_EQ(again.injected.size(), r.after.faults);
  EXPECT_EQ(again.counts.ops, r.after.operations);
  EXPECT_EQ(again.trace_events, r.after.events);
}

TEST(Shrink, APassingRunHasNothingToShrink) {
  SystemRegistry systems = builtin_systems();
  Scenario sc = noisy_scenario();
  sc.cluster.protocol = "cache";  // the correct cache: linearizable under the same faults
  const ShrinkResult r = shrink_failure(sc, 1, systems, ShrinkOptions{});
  EXPECT_FALSE(r.reproduced);
  EXPECT_EQ(r.runs, 1u);
}

TEST(Shrink, TheRunBoundIsHonouredAndSaidSo) {
  const SystemRegistry systems = broken_registry();
  Scenario sc = noisy_scenario();
  std::uint64_t seed = 0;
  for (std::uint64_t s = 1; s <= 40 && seed == 0; ++s)
    if (run_with(sc, s, systems).failed_check() == "linearizability") seed = s;
  ASSERT_NE(seed, 0u);
  ShrinkOptions o;
  o.max_runs = 3;
  const ShrinkResult r = shrink_failure(sc, seed, systems, o);
  EXPECT_TRUE(r.reproduced);
  EXPECT_LE(r.runs, 3u);
  EXPECT_TRUE(r.stopped_early);
}

}  // namespace
}  // namespace cachesim
