// Key rotation of the list-append workload (sim/workload/txn_key_pool.hpp):
// a key is retired after max_writes_per_key appends, so lists stay short,
// while the number of keys in play stays what the workload says.
#include <gtest/gtest.h>

#include <set>

#include "sim/workload/txn_key_pool.hpp"
#include "tests/twopc/list_append_check.hpp"
#include "tests/twopc/shard_cluster.hpp"

namespace cachesim::twopc_test {
namespace {

TEST(TxnKeyPool, StartsWithTheFirstKeysAndRetiresAKeyAtItsLimit) {
  TxnKeyPool pool(3, 2);
  ASSERT_EQ(pool.slots(), 3u);
  EXPECT_EQ(pool.key(0), "x0");
  EXPECT_EQ(pool.key(1), "x1");
  EXPECT_EQ(pool.key(2), "x2");
  pool.appended(1);
  EXPECT_EQ(pool.key(1), "x1");
  pool.appended(1);
  EXPECT_EQ(pool.key(1), "x3");  // retired after 2 appends: a fresh key, never a reused one
  EXPECT_EQ(pool.key(0), "x0");
  EXPECT_EQ(pool.key(2), "x2");
  pool.appended(0);
  pool.appended(0);
  EXPECT_EQ(pool.key(0), "x4");
  pool.appended(1);
  pool.appended(1);
  EXPECT_EQ(pool.key(1), "x5");
  EXPECT_EQ(pool.keys_used(), 6u);
}

TEST(TxnKeyPool, ASerialNamesEachKeyAndIsNeverZero) {
  TxnKeyPool pool(2, 1);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 10; ++i) {
    const auto slot = static_cast<std::uint32_t>(i % 2);
    EXPECT_NE(pool.serial(slot), 0u);
    EXPECT_TRUE(seen.insert(pool.serial(slot)).second) << pool.key(slot);  // each key has its own
    pool.appended(slot);  // retires the key: the slot's next one has a new serial
  }
}

TEST(TxnKeyPool, ZeroKeepsEveryKey) {
  TxnKeyPool pool(2, 0);
  for (int i = 0; i < 1000; ++i) pool.appended(i % 2);
  EXPECT_EQ(pool.key(0), "x0");
  EXPECT_EQ(pool.key(1), "x1");
  EXPECT_EQ(pool.keys_used(), 2u);
}

struct ReadStats {
  std::size_t longest = 0;
  std::set<std::string> keys;
};

ReadStats read_stats(const History& h) {
  ReadStats s;
  for (const Event& e : h.events) {
    for (const MicroOp& op : e.txn) {
      s.keys.insert(op.key);
      if (e.type == EventType::kOk && op.f == "r" && op.value.is_list())
        s.longest = std::max(s.longest, op.value.as_list().size());
    }
  }
  return s;
}

// End to end through the real clients and servers: with a limit of 4, no
// committed read sees more than 4 + (max_ops - 1) elements (a transaction
// built before the retirement may append to its key again), many more keys
// than the 6 in play are used, and the history stays consistent. Without a
// limit, lists grow far past that on the same seeds.
TEST(TxnKeyRotation, KeepsListsShortAndTheHistoryConsistent) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    ShardOptions opt;
    opt.workload.keys = 6;
    opt.workload.max_writes_per_key = 4;
    ShardCluster c(seed, opt);
    ASSERT_TRUE(c.run_until(3 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    const ReadStats s = read_stats(c.history());
    EXPECT_LE(s.longest, 4u + opt.workload.max_ops - 1) << "seed " << seed;
    EXPECT_GT(s.longest, 0u) << "seed " << seed;
    EXPECT_GT(s.keys.size(), 30u) << "seed " << seed;
    EXPECT_TRUE(list_append_anomalies(c.history()).empty()) << "seed " << seed;

    opt.workload.max_writes_per_key = 0;
    ShardCluster unlimited(seed, opt);
    ASSERT_TRUE(unlimited.run_until(3 * kSecond)) << "seed " << seed << ": " << unlimited.failure_text();
    const ReadStats u = read_stats(unlimited.history());
    EXPECT_GT(u.longest, 20u) << "seed " << seed;
    EXPECT_EQ(u.keys.size(), 6u) << "seed " << seed;
  }
}

}  // namespace
}  // namespace cachesim::twopc_test
