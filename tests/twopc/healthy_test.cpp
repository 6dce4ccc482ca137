// The sharded cache without faults: multi-group transactions commit, every
// history read is consistent, every lock is released, replicas agree.
#include <gtest/gtest.h>

#include "tests/twopc/list_append_check.hpp"
#include "tests/twopc/shard_cluster.hpp"

namespace cachesim::twopc_test {
namespace {

std::string first_few(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < 5; ++i) s += v[i] + "; ";
  return s;
}

TEST(TwoPcHealthy, MultiGroupTransactionsCommitAtomically) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    ShardOptions opt;
    ShardCluster c(seed, opt);
    ASSERT_TRUE(c.run_until(3 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    ASSERT_TRUE(c.decided_ok() && c.agreement_ok()) << "seed " << seed << ": " << c.failure_text();
    const ShardCluster::Tally t = c.tally();
    EXPECT_GT(t.ok, 200u) << "seed " << seed;
    EXPECT_GT(t.multi_group_ok, 50u) << "seed " << seed;
    EXPECT_EQ(t.info, 0u) << "seed " << seed;
    EXPECT_EQ(t.pending, 0u) << "seed " << seed;
    const std::vector<std::string> bad = list_append_anomalies(c.history());
    EXPECT_TRUE(bad.empty()) << "seed " << seed << ": " << first_few(bad);
    EXPECT_EQ(describe(c.held_locks()), "") << "seed " << seed;
    EXPECT_EQ(c.divergence(), "") << "seed " << seed;
    // Every multi-group decision was acknowledged by its participants and
    // FORGOTTEN: coordinator memory does not grow with the run.
    EXPECT_EQ(c.remembered_decisions(), 0u) << "seed " << seed;
    EXPECT_GT(c.ring().groups().size(), 2u);
    EXPECT_GT(c.mark("twopc.fast_path"), 0u);
    EXPECT_GT(c.decided().committed(), t.ok);  // every replica of every participant reports
  }
}

}  // namespace
}  // namespace cachesim::twopc_test
