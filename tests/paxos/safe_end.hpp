// What every Paxos cache test expects at the end of a run that healed: the
// agreement checker saw no breach, every operation a client started
// finished, replicas that applied the same index agree, and no read
// returned a value nobody wrote.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>

#include "tests/paxos/cluster.hpp"

namespace cachesim::paxos_test {

inline void expect_safe_end(Cluster& c, std::uint64_t seed) {
  const History& h = c.history();
  EXPECT_TRUE(c.agreement().ok()) << "seed " << seed << ": " << c.agreement().first();
  EXPECT_EQ(h.ops.size(), h.started) << "seed " << seed << ": operations left unfinished";
  EXPECT_EQ(c.divergence(), "") << "seed " << seed;
  EXPECT_EQ(phantom_values(h), 0u) << "seed " << seed;
}

}  // namespace cachesim::paxos_test
