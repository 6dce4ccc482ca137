// The harness's checkers catch broken variants of the real cache, which
// exist only in tests (tests/paxos/broken_variants.hpp), on scenarios run
// exactly as `cachesim run` runs them; the correct cache passes the same
// scenarios.
#include <gtest/gtest.h>

#include <filesystem>

#include "sim/run/cache_system.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/paxos/broken_variants.hpp"

namespace cachesim {
namespace {

// drift-leases without leases and without drift: whoever leads is cut off
// from the other servers four times while clients still reach it. A wide
// election timeout range lets the majority elect a new leader (after 60ms
// or more) well before the old one notices it lost its quorum (1.5s).
Scenario leader_cut_off() {
  Scenario sc = load_scenario(std::string(CACHESIM_SOURCE_DIR) + "/scenarios/drift-leases.json");
  sc.cluster.leases.enabled = false;
  sc.cluster.paxos.election_timeout_min = 60 * kMillisecond;
  sc.cluster.paxos.election_timeout_max = 1500 * kMillisecond;
  std::vector<Fault> partitions;
  for (const Fault& f : sc.faults)
    if (f.kind == FaultKind::partition) partitions.push_back(f);
  sc.faults = partitions;
  sc.checks.require_marks.clear();
  sc.expect = Expectation{};
  return sc;
}

SystemRegistry with(const char* name, cache::CacheSeams seams) {
  SystemRegistry r;
  r.add(name, [seams](const Scenario& sc) { return make_cache_system(sc, seams); });
  return r;
}

TEST(BrokenCache, ALeaderReadingLocallyWithoutALeaseIsCaughtByTheLinearizabilityCheck) {
  Scenario sc = leader_cut_off();
  sc.cluster.protocol = "cache.local-reads";
  const SystemRegistry broken = with("cache.local-reads", paxos_test::local_reads_without_lease());
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    RunOptions o;
    o.seed = seed;
    const RunResult r = run_scenario(sc, o, broken);
    EXPECT_EQ(r.check("linearizability")->status, CheckStatus::fail) << "seed " << seed;
    EXPECT_NE(r.check("linearizability")->details.find("minimal window"), std::string::npos);
  }
}

TEST(BrokenCache, TheCorrectCachePassesTheSameScenario) {
  const Scenario sc = leader_cut_off();
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    RunOptions o;
    o.seed = seed;
    const RunResult r = run_scenario(sc, o, builtin_systems());
    EXPECT_EQ(r.verdict, CheckStatus::pass) << "seed " << seed << ": " << r.failed_check();
  }
}

}  // namespace
}  // namespace cachesim
