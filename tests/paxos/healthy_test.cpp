// A healthy 5-node cluster: every operation completes, replicas converge,
// nothing a checker can see goes wrong; and runs are deterministic.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "tests/paxos/cluster.hpp"

namespace cachesim::paxos_test {
namespace {

TEST(CacheHealthy, AllOperationsCompleteAndReplicasConverge) {
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    ClusterOptions opt;
    opt.clients = 8;
    opt.client.stop_at = 2 * kSecond;
    Cluster c(seed, opt);
    ASSERT_TRUE(c.run_until(3 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    const History& h = c.history();
    EXPECT_GT(h.ops.size(), 1000u) << "seed " << seed;
    EXPECT_EQ(h.ops.size(), h.started) << "seed " << seed << ": operations left unfinished";
    EXPECT_TRUE(c.agreement().ok()) << "seed " << seed << ": " << c.agreement().first();
    EXPECT_EQ(c.divergence(), "") << "seed " << seed;
    EXPECT_EQ(phantom_values(h), 0u) << "seed " << seed;
    EXPECT_GE(c.mark("paxos.leader_elected"), 1u);
    EXPECT_GT(c.agreement().chosen_seen(), 0u);
  }
}

TEST(CacheHealthy, SameSeedSameTraceDifferentSeedDifferentTrace) {
  auto hash_of = [](std::uint64_t seed) {
    ClusterOptions opt;
    opt.client.stop_at = 1 * kSecond;
    Cluster c(seed, opt);
    c.run_until(1500 * kMillisecond);
    return std::make_pair(c.sim().trace().hash(), c.history().ops.size());
  };
  const auto a = hash_of(7), b = hash_of(7), d = hash_of(8);
  RecordProperty("trace_hash_seed7", std::to_string(a.first));
  std::fprintf(stderr, "[determinism] seed 7 trace hash %016llx\n", static_cast<unsigned long long>(a.first));
  EXPECT_EQ(a, b);
  EXPECT_NE(a.first, d.first);
  EXPECT_GT(a.second, 100u);
}

// Counts the leader's heartbeat sends in a busy window (clients running) and
// in an idle one (clients stopped).
class HeartbeatCounter final : public TraceSink {
 public:
  void write(std::uint64_t, const TraceEvent& e) override {
    if (e.kind != TraceKind::send || !e.msg || e.msg->type_name() != "paxos.heartbeat") return;
    if (e.time >= 200 * kMillisecond && e.time < 1 * kSecond) ++busy;
    if (e.time >= 1200 * kMillisecond && e.time < 2 * kSecond) ++idle;
  }
  std::uint64_t busy = 0, idle = 0;
};

HeartbeatCounter heartbeats_of(std::uint64_t seed, bool leases) {
  ClusterOptions opt;
  opt.clients = 8;
  opt.client.stop_at = 1 * kSecond;
  opt.lease.enabled = leases;
  Cluster c(seed, opt);
  HeartbeatCounter n;
  c.sim().trace().add_sink(&n);
  EXPECT_TRUE(c.run_until(2 * kSecond)) << c.failure_text();
  return n;
}

// An accept carries what a heartbeat does (ballot, commit index), so a busy
// leader sends a member no heartbeat within a heartbeat interval of an
// accept; an idle one sends every interval (20 ms here: 40 rounds of 4 in
// each 800 ms window). Leases need the heartbeat acks, so with leases on the
// heartbeats go out busy or not.
TEST(CacheHealthy, AcceptsStandInForHeartbeatsWhileTheGroupIsBusy) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const HeartbeatCounter n = heartbeats_of(seed, false);
    EXPECT_GE(n.idle, 140u) << "seed " << seed;
    EXPECT_LT(n.busy * 10, n.idle) << "seed " << seed << ": busy " << n.busy << ", idle " << n.idle;
    const HeartbeatCounter leased = heartbeats_of(seed, true);
    EXPECT_GE(leased.busy, 140u) << "seed " << seed;
  }
}

}  // namespace
}  // namespace cachesim::paxos_test
