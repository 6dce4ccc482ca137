#include "sim/run/observers.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace cachesim {
namespace {

struct Idle : Node {
  void on_start(Context&) override {}
  void on_message(Context&, NodeId, const Message&) override {}
  void on_timer(Context&, TimerId, std::uint64_t) override {}
};

Simulator idle_cluster(std::uint32_t n) {
  std::vector<EndpointSpec> eps;
  for (NodeId i = 0; i < n; ++i) eps.push_back({"n" + std::to_string(i + 1), [](NodeId) { return std::make_unique<Idle>(); }, Clock()});
  return Simulator(1, std::move(eps), n, LinkParams{});
}

Observation claim(std::uint64_t round, std::uint64_t node) { return Observation{"paxos.leader", {0, round, node, 0}}; }

TEST(LeaderTracker, TheHighestBallotLeadsUntilItsNodeCrashes) {
  Simulator sim = idle_cluster(3);
  sim.start();
  LeaderTracker t(sim);
  EXPECT_FALSE(t.leader());
  t.on_observation(1, claim(2, 1));
  t.on_observation(2, claim(1, 2));  // an older ballot claims late: ignored
  EXPECT_EQ(t.leader(), NodeId{1});
  t.on_observation(2, claim(3, 2));
  EXPECT_EQ(t.leader(), NodeId{2});
  sim.crash(2);
  EXPECT_FALSE(t.leader());
  sim.restart(2);
  EXPECT_FALSE(t.leader()) << "a restarted node is a follower until it claims again";
  t.on_observation(2, claim(4, 2));
  EXPECT_EQ(t.leader(), NodeId{2});
}

}  // namespace
}  // namespace cachesim
