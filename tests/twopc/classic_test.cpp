// Classic 2PC (a single coordinator, decision in memory only) works while
// nothing fails, and blocks for good when its coordinator crashes between
// prepare and decision, while the replicated coordinator under the very
// same fault finishes every txn. Safety holds in both.
#include <gtest/gtest.h>

#include "tests/twopc/faults.hpp"
#include "tests/twopc/list_append_check.hpp"
#include "tests/twopc/shard_cluster.hpp"

namespace cachesim::twopc_test {
namespace {

constexpr std::uint64_t kClassicSeeds = 30;

ShardOptions classic_options() {
  ShardOptions opt;
  opt.twopc.mode = twopc::CoordinatorMode::classic;
  return opt;
}

void expect_safe(ShardCluster& c, std::uint64_t seed) {
  EXPECT_TRUE(c.decided_ok() && c.agreement_ok() && !c.sim().failure()) << "seed " << seed << ": " << c.failure_text();
  const std::vector<std::string> bad = list_append_anomalies(c.history());
  EXPECT_TRUE(bad.empty()) << "seed " << seed << ": " << bad.front();
}

TEST(TwoPcClassic, CommitsAndReleasesEveryLockWhenNothingFails) {
  for (std::uint64_t seed = 1; seed <= kClassicSeeds; ++seed) {
    ShardCluster c(seed, classic_options());
    ASSERT_TRUE(c.run_until(4 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    expect_safe(c, seed);
    EXPECT_GT(c.tally().multi_group_ok, 50u) << "seed " << seed;
    EXPECT_EQ(c.tally().pending, 0u) << "seed " << seed;
    EXPECT_EQ(describe(c.held_locks()), "") << "seed " << seed;
    EXPECT_EQ(c.mark("twopc.fast_path"), 0u);  // classic logs no BEGIN
    EXPECT_EQ(c.mark("twopc.classic_blocked"), 0u) << "seed " << seed;
  }
}

// Crashes the first server seen coordinating a txn that a participant has
// voted yes on, restarts it 800ms later, and runs on well past every timeout.
void crash_waiting_coordinator(ShardCluster& c, std::uint64_t seed) {
  const std::optional<NodeId> coord = step_until_coordinator_waits(c, 1500 * kMillisecond);
  ASSERT_TRUE(coord) << "seed " << seed << ": no coordinator ever waited on votes";
  c.sim().crash(*coord);
  c.sim().at(c.sim().now() + 800 * kMillisecond, [&c, n = *coord] { c.sim().restart(n); });
  ASSERT_TRUE(c.run_until(6 * kSecond)) << "seed " << seed << ": " << c.failure_text();
}

TEST(TwoPcClassic, CoordinatorCrashBetweenPrepareAndDecisionBlocksParticipantsForever) {
  for (std::uint64_t seed = 1; seed <= kClassicSeeds; ++seed) {
    ShardCluster c(seed, classic_options());
    crash_waiting_coordinator(c, seed);
    expect_safe(c, seed);
    // Long after the coordinator came back, locks of the txn it forgot are
    // still held (on every replica of the participant group), and the
    // participants keep asking a coordinator that can no longer answer.
    EXPECT_NE(describe(c.held_locks()), "") << "seed " << seed << ": classic 2PC did not block";
    EXPECT_GT(c.mark("twopc.classic_blocked"), 0u) << "seed " << seed;
  }
}

TEST(TwoPcClassic, ReplicatedCoordinatorUnderTheSameFaultDoesNotBlock) {
  for (std::uint64_t seed = 1; seed <= kClassicSeeds; ++seed) {
    ShardCluster c(seed, ShardOptions{});
    crash_waiting_coordinator(c, seed);
    expect_safe(c, seed);
    EXPECT_EQ(describe(c.held_locks()), "") << "seed " << seed;
    EXPECT_EQ(c.tally().pending, 0u) << "seed " << seed;
  }
}

}  // namespace
}  // namespace cachesim::twopc_test
