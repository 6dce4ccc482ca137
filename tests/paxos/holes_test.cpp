// A new leader fills holes with no-ops: slots its phase 1 found no value for
// below the highest slot some acceptor accepted. The hole is made on
// purpose: the leader's accept round for slots S reaches no one, its next
// round reaches one follower A, and the leader crashes. With one more
// server down, every majority left includes A, so the next leader learns of
// the later round and must fill S with no-ops before it can commit past them.
#include <gtest/gtest.h>

#include <vector>

#include "tests/paxos/cluster.hpp"
#include "tests/paxos/safe_end.hpp"

namespace cachesim::paxos_test {
namespace {

const paxos::Log& log_of(Cluster& c, NodeId n) { return c.server(n)->group().replica().log(); }

TEST(CacheHoles, ANewLeaderFillsAHoleWithANoOpAndTheLogStaysSafe) {
  std::uint64_t holes_made = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    ClusterOptions opt;
    opt.client.stop_at = 3 * kSecond;
    Cluster c(seed, opt);
    Simulator& sim = c.sim();
    ASSERT_TRUE(c.run_until(1 * kSecond)) << c.failure_text();
    const std::optional<NodeId> l = c.leader();
    ASSERT_TRUE(l) << "seed " << seed;
    const NodeId a = (*l + 1) % 5, down = (*l + 2) % 5;
    const LinkParams normal = sim.network().defaults();
    LinkParams cut = normal;
    cut.loss = Probability::always();
    for (NodeId x = 0; x < 5; ++x)
      if (x != *l && x != a) {
        sim.set_link(*l, x, cut, "test: leader cut from all but A");
        sim.set_link(x, *l, cut, "test: leader cut from all but A");
      }
    // Round 1 goes nowhere: not even to A.
    sim.set_link(*l, a, cut, "test: round 1 lost");
    const paxos::Slot before = log_of(c, *l).last();
    while (sim.now() < 2 * kSecond && log_of(c, *l).last() == before && sim.step()) {
    }
    const paxos::Slot hole = log_of(c, *l).last();  // the last slot of round 1
    sim.set_link(*l, a, normal, "test: round 2 reaches A");
    // Crash the leader once A holds a later slot and still lacks the hole.
    bool made = false;
    std::vector<std::uint64_t> later;  // A's values after the hole, by slot from hole + 1
    while (sim.now() < 2 * kSecond && sim.step()) {
      const paxos::Log& la = log_of(c, a);
      if (la.last() > hole && la.commit() < hole && la.find(hole) == nullptr) {
        made = true;
        for (paxos::Slot s = hole + 1; s <= la.last(); ++s) {
          const paxos::LogEntry* e = la.find(s);
          made &= e != nullptr;  // only one clean hole: everything after it present
          if (e) later.push_back(e->hash);
        }
        if (made) break;
        later.clear();
      }
    }
    const std::uint64_t filled_before = c.mark("paxos.hole_filled_noop");
    sim.crash(*l);
    sim.crash(down);
    for (NodeId x = 0; x < 5; ++x) {
      sim.set_link(*l, x, normal, "test: heal");
      sim.set_link(x, *l, normal, "test: heal");
    }
    if (!made) {  // round 1 was retransmitted to A first: no hole this seed
      ASSERT_TRUE(c.run_until(2500 * kMillisecond)) << "seed " << seed << ": " << c.failure_text();
      continue;
    }
    ++holes_made;
    // Look at the new leader's log as soon as it commits past the hole,
    // before a snapshot truncates it.
    std::optional<NodeId> next;
    while (sim.now() < 2500 * kMillisecond && sim.step()) {
      next = c.leader();
      if (next && log_of(c, *next).commit() >= hole + later.size()) break;
    }
    ASSERT_TRUE(next && log_of(c, *next).commit() >= hole + later.size())
        << "seed " << seed << ": no leader committed past the hole";
    EXPECT_GT(c.mark("paxos.hole_filled_noop"), filled_before) << "seed " << seed;
    // The hole holds a no-op, and what A accepted after it stays in its own
    // slot (a majority may hold it: chosen there, though nobody learned it).
    const paxos::Log& ln = log_of(c, *next);
    ASSERT_NE(ln.find(hole), nullptr) << "seed " << seed;
    EXPECT_TRUE(ln.find(hole)->payload().empty()) << "seed " << seed << ": the hole holds a command";
    for (std::size_t k = 0; k < later.size(); ++k) {
      const paxos::LogEntry* e = ln.find(hole + 1 + k);
      ASSERT_NE(e, nullptr) << "seed " << seed;
      EXPECT_EQ(e->hash, later[k]) << "seed " << seed << ": slot " << hole + 1 + k << " moved";
    }
    sim.restart(*l);
    sim.restart(down);
    ASSERT_TRUE(c.run_until(5 * kSecond)) << "seed " << seed << ": " << c.failure_text();
    expect_safe_end(c, seed);
  }
  EXPECT_GE(holes_made, 10u) << "the test made too few holes to prove anything";
}

}  // namespace
}  // namespace cachesim::paxos_test
