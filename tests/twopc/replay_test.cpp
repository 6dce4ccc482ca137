// Log replay after a restart. A restarted server rebuilds from its snapshot
// and log; after a power loss no entry is known chosen, so whoever leads
// next re-proposes its whole log and applies it while leading. Replay must
// rebuild the state and redo nothing finished (no prepare, vote, decision
// or reply for a txn settled before the crash), while a txn the log left
// begun and undecided is still finished, by a leader that marks it as
// recovered (it did not begin it).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/twopc/clean_end.hpp"
#include "tests/twopc/faults.hpp"
#include "tests/twopc/shard_cluster.hpp"
#include "tests/twopc/twopc_traffic.hpp"

namespace cachesim::twopc_test {
namespace {

void crash_all(ShardCluster& c) {
  for (NodeId i = 0; i < c.options().servers; ++i) c.sim().crash(i);
}
void restart_all_at(ShardCluster& c, Time at) {
  c.sim().at(at, [&c] {
    for (NodeId i = 0; i < c.options().servers; ++i) c.sim().restart(i);
  });
}

// Each replica's state hash per (group, server).
std::map<std::pair<paxos::GroupId, NodeId>, std::uint64_t> state_hashes(ShardCluster& c) {
  std::map<std::pair<paxos::GroupId, NodeId>, std::uint64_t> out;
  for (NodeId i = 0; i < c.options().servers; ++i)
    if (const cache::ShardNode* s = c.server(i))
      for (const auto& [g, grp] : s->groups()) out[{g, i}] = grp->state_hash();
  return out;
}

TEST(TwoPcReplay, AfterAPowerLossFinishedTxnsAreRebuiltAndNotRedone) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    ShardOptions opt;
    opt.stop = 800 * kMillisecond;  // then every txn settles before the power loss
    ShardCluster c(seed, opt);
    TwoPcTraffic traffic;
    c.sim().trace().add_sink(&traffic);
    ASSERT_TRUE(c.run_until(2 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    ASSERT_EQ(c.tally().pending, 0u) << "seed " << seed;
    ASSERT_EQ(c.in_progress_txns(), 0u) << "seed " << seed;
    ASSERT_EQ(c.remembered_decisions(), 0u) << "seed " << seed;
    ASSERT_EQ(describe(c.held_locks()), "") << "seed " << seed;
    ASSERT_GT(c.tally().multi_group_ok, 20u) << "seed " << seed;
    const auto before = state_hashes(c);
    const std::uint64_t committed = c.mark("twopc.committed"), aborted = c.mark("twopc.aborted");

    crash_all(c);
    traffic.reset();
    restart_all_at(c, c.sim().now() + 200 * kMillisecond);
    ASSERT_TRUE(c.run_until(4 * kSecond)) << "seed " << seed << ": " << c.failure_text();

    // Rebuilt: every replica of every group is back in the state it had.
    EXPECT_EQ(state_hashes(c), before) << "seed " << seed;
    EXPECT_EQ(c.divergence(), "") << "seed " << seed;
    // Not redone: nothing was left to do, so no 2PC message at all, and no
    // leader decided anything again.
    EXPECT_EQ(traffic.sent_any(), 0u) << "seed " << seed << ": prepares " << traffic.sent("twopc.prepare")
                                      << ", votes " << traffic.sent("twopc.vote") << ", decisions "
                                      << traffic.sent("twopc.decision");
    EXPECT_EQ(c.mark("twopc.duplicate_decision"), 0u) << "seed " << seed;
    EXPECT_EQ(c.mark("twopc.committed"), committed) << "seed " << seed;
    EXPECT_EQ(c.mark("twopc.aborted"), aborted) << "seed " << seed;
    EXPECT_EQ(c.mark("twopc.recovered_by_new_leader"), 0u) << "seed " << seed;
  }
}

TEST(TwoPcReplay, AfterAPowerLossTxnsTheLogLeftUndecidedAreFinishedAsRecovered) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    ShardCluster c(seed, ShardOptions{});
    // A coordinator leader with a yes vote in hand and no decision proposed:
    // its BEGIN is chosen, its DECISION does not exist anywhere.
    const std::optional<NodeId> coord = step_until_coordinator_waits(c, 1500 * kMillisecond);
    ASSERT_TRUE(coord) << "seed " << seed;
    std::set<std::pair<std::uint64_t, std::uint64_t>> undecided;
    for (const auto& [g, grp] : c.server(*coord)->groups())
      if (grp->replica().leading())
        for (const auto& [t, ip] : grp->txn_state().in_progress_all()) undecided.insert({t.client, t.seq});
    ASSERT_FALSE(undecided.empty()) << "seed " << seed;
    crash_all(c);
    restart_all_at(c, c.sim().now() + 300 * kMillisecond);
    ASSERT_TRUE(c.run_until(5 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    expect_clean_end(c, seed);
    // Decided by a leader that did not begin them (the replayed BEGIN is not
    // this leadership's), and settled at every participant.
    EXPECT_GT(c.mark("twopc.recovered_by_new_leader"), 0u) << "seed " << seed;
    for (const auto& [client, s] : undecided)
      EXPECT_TRUE(c.decided().outcome(client, s).has_value()) << "seed " << seed << ": c" << client << "#" << s;
  }
}

}  // namespace
}  // namespace cachesim::twopc_test
