// What every 2PC fault test expects once its faults are over: no txn decided
// two ways, replicas agree, every client answered, a consistent history,
// no lock held, nothing begun and undecided, every multi-group decision
// acknowledged and forgotten.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/twopc/list_append_check.hpp"
#include "tests/twopc/shard_cluster.hpp"

namespace cachesim::twopc_test {

inline void expect_clean_end(ShardCluster& c, std::uint64_t seed) {
  EXPECT_TRUE(c.decided_ok() && c.agreement_ok() && !c.sim().failure()) << "seed " << seed << ": " << c.failure_text();
  EXPECT_EQ(c.tally().pending, 0u) << "seed " << seed << ": a client never got an answer";
  const std::vector<std::string> bad = list_append_anomalies(c.history());
  EXPECT_TRUE(bad.empty()) << "seed " << seed << ": " << bad.front();
  EXPECT_EQ(describe(c.held_locks()), "") << "seed " << seed << ": locks held after heal";
  EXPECT_EQ(c.divergence(), "") << "seed " << seed;
  EXPECT_EQ(c.in_progress_txns(), 0u) << "seed " << seed << ": txns begun and never decided";
  EXPECT_EQ(c.remembered_decisions(), 0u) << "seed " << seed << ": decisions never forgotten";
}

}  // namespace cachesim::twopc_test
