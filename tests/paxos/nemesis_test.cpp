// Safety and liveness under a random nemesis (crashes, restarts, isolation,
// splits, bridges), over many seeds: no two replicas ever disagree on a
// chosen slot or an applied state, reads return only written values, and
// once the faults stop every operation completes and replicas converge.
#include <gtest/gtest.h>

#include "tests/paxos/cluster.hpp"
#include "tests/paxos/nemesis.hpp"
#include "tests/paxos/safe_end.hpp"

namespace cachesim::paxos_test {
namespace {

TEST(CacheNemesis, SafeUnderRandomFaultsAndLiveAfterThem) {
  std::uint64_t leaders = 0, catchups = 0;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    ClusterOptions opt;
    opt.clients = 6;
    opt.client.stop_at = 4 * kSecond;
    Cluster c(seed, opt);
    schedule_nemesis(c.sim(), seed, NemesisOptions{});
    ASSERT_TRUE(c.run_until(6 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    expect_safe_end(c, seed);
    leaders += c.mark("paxos.leader_elected");
    catchups += c.mark("paxos.catchup");
  }
  EXPECT_GT(leaders, 100u);  // the faults did force elections
  EXPECT_GT(catchups, 0u);
}

}  // namespace
}  // namespace cachesim::paxos_test
