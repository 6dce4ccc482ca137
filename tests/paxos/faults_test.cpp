// Directed faults: leader crash, minority and majority partitions, restarts
// from storage (one node, every node), heavy loss with duplication, long
// runs with snapshots and a lagging node, exactly-once under retries.
#include <gtest/gtest.h>

#include "tests/paxos/cluster.hpp"
#include "tests/paxos/nemesis.hpp"
#include "tests/paxos/safe_end.hpp"

namespace cachesim::paxos_test {
namespace {

constexpr std::uint64_t kFaultsSeeds = 50;

std::uint64_t completed_between(const History& h, Time from, Time to) {
  std::uint64_t n = 0;
  for (const OpRecord& o : h.ops) n += o.complete >= from && o.complete < to;
  return n;
}

// The end-of-run checks every scenario shares.
void expect_clean_end(Cluster& c, std::uint64_t seed) {
  expect_safe_end(c, seed);
  EXPECT_TRUE(stale_reads(c.history()).empty()) << "seed " << seed;
}

TEST(CacheFaults, LeaderCrashElectsANewLeaderAndOperationsContinue) {
  for (std::uint64_t seed = 1; seed <= kFaultsSeeds; ++seed) {
    ClusterOptions opt;
    opt.client.stop_at = 3 * kSecond;
    Cluster c(seed, opt);
    ASSERT_TRUE(c.run_until(1 * kSecond)) << c.failure_text();
    const std::optional<NodeId> old = c.leader();
    ASSERT_TRUE(old) << "seed " << seed;
    c.sim().crash(*old);
    ASSERT_TRUE(c.run_until(1800 * kMillisecond)) << c.failure_text();
    const std::optional<NodeId> now = c.leader();
    ASSERT_TRUE(now) << "seed " << seed << ": no leader after the crash";
    EXPECT_NE(*now, *old);
    EXPECT_GT(completed_between(c.history(), 1500 * kMillisecond, 1800 * kMillisecond), 20u) << "seed " << seed;
    c.sim().restart(*old);  // and it rejoins from its storage
    ASSERT_TRUE(c.run_until(4 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    expect_clean_end(c, seed);
  }
}

TEST(CacheFaults, MinorityWithTheLeaderStallsAndTheMajorityGoesOn) {
  for (std::uint64_t seed = 1; seed <= kFaultsSeeds; ++seed) {
    ClusterOptions opt;
    opt.client.stop_at = 3 * kSecond;
    Cluster c(seed, opt);
    ASSERT_TRUE(c.run_until(1 * kSecond)) << c.failure_text();
    const std::optional<NodeId> old = c.leader();
    ASSERT_TRUE(old);
    const NodeId buddy = (*old + 1) % 5;
    std::vector<NodeId> majority;
    for (NodeId i = 0; i < 5; ++i)
      if (i != *old && i != buddy) majority.push_back(i);
    c.sim().split({{*old, buddy}, majority});
    ASSERT_TRUE(c.run_until(2 * kSecond)) << c.failure_text();
    const std::optional<NodeId> now = c.leader();
    ASSERT_TRUE(now);
    EXPECT_NE(std::find(majority.begin(), majority.end(), *now), majority.end()) << "seed " << seed;
    EXPECT_GT(completed_between(c.history(), 1600 * kMillisecond, 2 * kSecond), 20u) << "seed " << seed;
    c.sim().heal();
    ASSERT_TRUE(c.run_until(4 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    expect_clean_end(c, seed);
  }
}

TEST(CacheFaults, LeaderOnTheMajoritySideKeepsLeading) {
  for (std::uint64_t seed = 1; seed <= kFaultsSeeds; ++seed) {
    ClusterOptions opt;
    opt.client.stop_at = 3 * kSecond;
    Cluster c(seed, opt);
    ASSERT_TRUE(c.run_until(1 * kSecond)) << c.failure_text();
    const std::optional<NodeId> old = c.leader();
    ASSERT_TRUE(old);
    std::vector<NodeId> with{*old}, without;
    for (NodeId i = 1; i < 5; ++i) ((with.size() < 3) ? with : without).push_back((*old + i) % 5);
    c.sim().split({with, without});
    ASSERT_TRUE(c.run_until(2 * kSecond)) << c.failure_text();
    EXPECT_EQ(c.leader(), old) << "seed " << seed;
    EXPECT_GT(completed_between(c.history(), 1 * kSecond, 2 * kSecond), 100u) << "seed " << seed;
    c.sim().heal();
    ASSERT_TRUE(c.run_until(4 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    expect_clean_end(c, seed);  // the minority caught up
  }
}

TEST(CacheFaults, EveryNodeCrashesAtOnceAndRecoversFromStorage) {
  for (std::uint64_t seed = 1; seed <= kFaultsSeeds; ++seed) {
    ClusterOptions opt;
    opt.clients = 3;
    opt.gen = monotonic_register(1);  // reads after the restart must see every acked write
    opt.client.stop_at = 2500 * kMillisecond;
    Cluster c(seed, opt);
    ASSERT_TRUE(c.run_until(1 * kSecond)) << c.failure_text();
    for (NodeId i = 0; i < 5; ++i) c.sim().crash(i);
    c.sim().at(1200 * kMillisecond, [&c] {
      for (NodeId i = 0; i < 5; ++i) c.sim().restart(i);
    });
    ASSERT_TRUE(c.run_until(3500 * kMillisecond)) << "seed " << seed << ": " << c.failure_text();
    EXPECT_GT(completed_between(c.history(), 1500 * kMillisecond, 2500 * kMillisecond), 50u) << "seed " << seed;
    expect_clean_end(c, seed);
    EXPECT_GE(c.mark("paxos.leader_elected"), 2u);
  }
}

TEST(CacheFaults, RollingRestartsCatchUp) {
  for (std::uint64_t seed = 1; seed <= kFaultsSeeds; ++seed) {
    ClusterOptions opt;
    opt.client.stop_at = 3 * kSecond;
    Cluster c(seed, opt);
    for (NodeId i = 0; i < 5; ++i) {
      const Time t = 400 * kMillisecond + i * 500 * kMillisecond;
      c.sim().at(t, [&c, i] { c.sim().crash(i); });
      c.sim().at(t + 300 * kMillisecond, [&c, i] { c.sim().restart(i); });
    }
    ASSERT_TRUE(c.run_until(4 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    expect_clean_end(c, seed);
    EXPECT_GT(c.mark("paxos.catchup"), 0u) << "seed " << seed;
  }
}

TEST(CacheFaults, TwentyPercentLossWithDuplication) {
  for (std::uint64_t seed = 1; seed <= kFaultsSeeds; ++seed) {
    ClusterOptions opt;
    opt.link.loss = Probability::from_fraction(0.2);
    opt.link.duplicate = Probability::from_fraction(0.1);
    opt.client.timeout = 30 * kMillisecond;
    opt.client.stop_at = 2500 * kMillisecond;
    Cluster c(seed, opt);
    ASSERT_TRUE(c.run_until(4 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    EXPECT_GT(c.history().ops.size(), 150u) << "seed " << seed;  // progress despite the loss
    expect_clean_end(c, seed);
  }
}

TEST(CacheFaults, LongRunSnapshotsBoundTheLogAndALaggingNodeInstallsOne) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    ClusterOptions opt;
    opt.clients = 16;
    opt.paxos.snapshot_every = 200;
    opt.paxos.catchup_batch = 64;
    opt.client.stop_at = 8 * kSecond;
    Cluster c(seed, opt);
    const NodeId lagging = static_cast<NodeId>(seed % 5);
    c.sim().at(500 * kMillisecond, [&c, lagging] { c.sim().crash(lagging); });
    c.sim().at(3 * kSecond, [&c, lagging] { c.sim().restart(lagging); });
    std::size_t max_held = 0, max_keys = 0;
    for (Time t = 1 * kSecond; t <= 9 * kSecond; t += 250 * kMillisecond) {
      ASSERT_TRUE(c.run_until(t)) << "seed " << seed << ": " << c.failure_text();
      for (NodeId i = 0; i < 5; ++i) {
        if (const cache::CacheNode* n = c.server(i)) max_held = std::max(max_held, n->group().replica().log().held());
        max_keys = std::max(max_keys, c.sim().storage(i).durable_keys());
      }
    }
    expect_clean_end(c, seed);
    EXPECT_GT(c.agreement().chosen_seen(), 5u * 5000) << "seed " << seed;  // long enough to snapshot many times
    EXPECT_GT(c.mark("paxos.snapshot_taken"), 50u);
    EXPECT_GE(c.mark("paxos.snapshot_installed"), 1u) << "seed " << seed;
    // Bounded: a snapshot interval plus what is in flight, however long the run.
    EXPECT_LT(max_held, 2u * 200 + 16u * 64) << "seed " << seed;
    EXPECT_LT(max_keys, 200u) << "seed " << seed;
  }
}

TEST(CacheFaults, ExactlyOnceUnderRetriesLossAndDuplication) {
  for (std::uint64_t seed = 1; seed <= kFaultsSeeds; ++seed) {
    ClusterOptions opt;
    opt.clients = 1;
    opt.gen = cas_counter();
    opt.link.loss = Probability::from_fraction(0.15);
    opt.link.duplicate = Probability::from_fraction(0.25);
    opt.client.timeout = 12 * kMillisecond;  // retries while the first attempt is still in flight
    opt.client.stop_at = 3 * kSecond;
    Cluster c(seed, opt);
    // Leader churn: a retry that reaches a new leader puts the command in the
    // log a second time, and only the session table stops a second apply.
    NemesisOptions churn;
    churn.quiet_at = 2500 * kMillisecond;
    churn.min_gap = 100 * kMillisecond;
    churn.max_gap = 300 * kMillisecond;
    schedule_nemesis(c.sim(), seed, churn);
    ASSERT_TRUE(c.run_until(4 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    const History& h = c.history();
    ASSERT_GT(h.ops.size(), 10u) << "seed " << seed;
    for (const OpRecord& o : h.ops)
      ASSERT_EQ(o.status, ReplyStatus::ok) << "seed " << seed << ": cas #" << o.seq << " applied twice?";
    // Every server's counter is exactly the number of increments.
    for (NodeId i = 0; i < 5; ++i) {
      const MaybeValue v = c.server(i)->group().store().get("counter");
      ASSERT_TRUE(v.has_value());
      EXPECT_EQ(std::get<std::int64_t>(*v), static_cast<std::int64_t>(h.ops.size()) - 1) << "seed " << seed;
    }
    EXPECT_GT(h.timeouts, 0u);
    EXPECT_GT(c.mark("cache.request_deduplicated") + c.mark("cache.retry_in_flight"), 0u) << "seed " << seed;
    expect_clean_end(c, seed);
  }
}

}  // namespace
}  // namespace cachesim::paxos_test
