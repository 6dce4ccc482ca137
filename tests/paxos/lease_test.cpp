// Leader leases: local reads are linearizable while every clock drifts
// within the bound, and stale reads appear when the leader's clock runs
// slower than the bound allows (by design: the bound is an assumption).
#include <gtest/gtest.h>

#include "tests/paxos/scenarios.hpp"

namespace cachesim::paxos_test {
namespace {

ClusterOptions leased(std::int64_t voter_drift_ppm) {
  ClusterOptions opt;
  opt.lease.enabled = true;
  opt.lease.length = 1 * kSecond;
  opt.lease.drift_bound_ppm = 1000;
  for (NodeId i = 0; i < opt.servers; ++i) opt.server_clocks.push_back(Clock(i * 7 * kMillisecond, voter_drift_ppm));
  return opt;
}

TEST(Leases, SoundWhenDriftIsWithinTheBound) {
  std::uint64_t lease_reads = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    // Voters run fast, the cut-off leader slow: the worst case the bound allows.
    const ScenarioResult r = isolate_leader(seed, leased(+900), -900);
    EXPECT_FALSE(r.flagged()) << "seed " << seed << ": " << r.why << " stale=" << r.stale;
    lease_reads += r.lease_reads;
  }
  EXPECT_GT(lease_reads, 1000u);  // the leases were actually used
}

TEST(Leases, UnsoundWhenTheLeaderClockIsSlowerThanTheBound) {
  std::uint64_t seeds_with_stale = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    // 40% slow: the leader's lease outlives the voters' guards in true time.
    const ScenarioResult r = isolate_leader(seed, leased(0), -400'000);
    EXPECT_TRUE(r.run_ok && r.agreement_ok) << "seed " << seed << ": " << r.why;  // the log stays safe
    if (r.stale > 0) ++seeds_with_stale;
  }
  EXPECT_GE(seeds_with_stale, 10u);
}

TEST(Leases, ALeaseExpiresWhenItsLeaderIsCutOffAndNotWhileHeartbeatsRenewIt) {
  std::uint64_t seeds_with_lapses = 0;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    Cluster healthy(seed, leased(0));
    healthy.run_until(3 * kSecond);
    EXPECT_GT(healthy.mark("cache.lease_read"), 100u) << "seed " << seed;
    EXPECT_EQ(healthy.mark("cache.lease_expired"), 0u) << "seed " << seed << ": heartbeats renew the lease";
    // The cut-off leader's lease lapses; the mark needs a read to reach it
    // after that, before the clients have all moved to its successor.
    if (isolate_leader(seed, leased(0), 0).lease_lapses > 0) ++seeds_with_lapses;
  }
  EXPECT_GE(seeds_with_lapses, 5u);
}

TEST(Leases, LeaderLeaseSpanShrinksByTheDriftBound) {
  EXPECT_EQ(paxos::leader_lease_span(1 * kSecond, 0), 1 * kSecond);
  // 1s * (1 - 0.001) / (1 + 0.001), rounded down.
  EXPECT_EQ(paxos::leader_lease_span(1 * kSecond, 1000), 998'001'998);
  EXPECT_LT(paxos::leader_lease_span(1 * kSecond, 100'000), 820 * kMillisecond);
}

TEST(Leases, LeaseNeedsAMajorityOfFreshGrants) {
  paxos::LeaderLease l;
  l.reset(5);
  l.grant(0, 100);
  l.grant(1, 200);
  EXPECT_FALSE(l.valid(150, 1000));  // two of five: no majority yet
  l.grant(2, 50);
  EXPECT_EQ(l.expiry(1000), 1050);  // the majority-th newest grant (50) bounds it
  l.grant(3, 300);
  EXPECT_EQ(l.expiry(1000), 1100);
  l.grant(3, 10);  // an old ack never moves a grant back
  EXPECT_EQ(l.expiry(1000), 1100);
}

TEST(Leases, VoteGuardBlocksEveryoneButTheHolderUntilItEnds) {
  paxos::VoteGuard g;
  g.hold(2, 1000);
  EXPECT_TRUE(g.blocks(3, 999));
  EXPECT_FALSE(g.blocks(2, 999));
  EXPECT_FALSE(g.blocks(3, 1000));
  g.hold(kNoNode, 2000);  // after a restart: nobody
  EXPECT_TRUE(g.blocks(2, 1500));
}

}  // namespace
}  // namespace cachesim::paxos_test
