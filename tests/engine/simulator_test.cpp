// The engine's promises, each shown by its effect on a small echo protocol.
#include "sim/host/simulator.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "tests/engine/test_protocol.hpp"

namespace cachesim {
namespace {

using testing::EchoNode;
using testing::EchoStats;
using testing::Ping;
using testing::Pong;

struct Cluster {
  std::vector<EchoStats> stats;
  std::unique_ptr<Simulator> sim;

  // n echo nodes, each pinging every other every `period`.
  Cluster(std::uint64_t seed, std::uint32_t n, Duration period = 10 * kMillisecond, LinkParams net = {},
          std::vector<Clock> clocks = {}, std::uint64_t sync_every = 1)
      : stats(n) {
    std::vector<EndpointSpec> eps = testing::echo_endpoints(n, period, sync_every, stats, clocks);
    sim = std::make_unique<Simulator>(seed, std::move(eps), n, net);
    sim->start();
  }
  EchoNode* node(NodeId i) { return static_cast<EchoNode*>(sim->node(i)); }
};

LinkParams fixed_latency(Duration d) {
  LinkParams p;
  p.latency = LatencyDist::constant(d);
  return p;
}

TEST(Simulator, DeliversPingsAndPongs) {
  Cluster c(1, 3);
  ASSERT_TRUE(c.sim->run_until(1 * kSecond));
  for (const EchoStats& s : c.stats) {
    EXPECT_EQ(s.ticks, 100u);
    EXPECT_GE(s.pings_received, 196u);  // ~2 peers x 100 ticks, minus those in flight
    EXPECT_GE(s.pongs_received, 196u);
  }
  const SimStats& s = c.sim->stats();
  EXPECT_EQ(s.dropped(), 0u);
  EXPECT_EQ(s.sent, s.delivered + c.sim->in_flight());
  EXPECT_LE(c.sim->in_flight(), 12u);  // at most a ping and a pong per directed link
}

TEST(Simulator, SameSeedSameHashDifferentSeedDifferentHash) {
  LinkParams net;
  net.loss = Probability::from_fraction(0.1);
  net.duplicate = Probability::from_fraction(0.1);
  Cluster a(7, 4, 10 * kMillisecond, net), b(7, 4, 10 * kMillisecond, net), c(8, 4, 10 * kMillisecond, net);
  for (Cluster* x : {&a, &b, &c}) x->sim->run_until(2 * kSecond);
  EXPECT_EQ(a.sim->trace().hash(), b.sim->trace().hash());
  EXPECT_EQ(a.sim->trace().count(), b.sim->trace().count());
  EXPECT_NE(a.sim->trace().hash(), c.sim->trace().hash());
}

TEST(Simulator, SameInstantEventsRunInSchedulingOrder) {
  Cluster c(1, 2, 0);
  std::vector<int> order;
  for (int i = 0; i < 10; ++i) c.sim->at(5 * kMillisecond, [&order, i] { order.push_back(i); });
  c.sim->run_until(10 * kMillisecond);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(Simulator, CutLinkDeliversNothing) {
  Cluster c(3, 3, 10 * kMillisecond, fixed_latency(1 * kMillisecond));
  c.sim->one_way({0}, {1});
  c.sim->run_until(1 * kSecond);
  for (NodeId from : c.stats[1].ping_from) EXPECT_NE(from, 0u) << "a ping crossed the cut link n1->n2";
  EXPECT_GT(c.stats[0].pings_received, 0u);  // the reverse direction still works
  EXPECT_GT(c.sim->stats().dropped_partition, 0u);
  c.sim->heal();
  const std::size_t before = c.stats[1].ping_from.size();
  c.sim->run_until(2 * kSecond);
  bool crossed = false;
  for (std::size_t i = before; i < c.stats[1].ping_from.size(); ++i) crossed |= c.stats[1].ping_from[i] == 0;
  EXPECT_TRUE(crossed) << "heal did not restore n1->n2";
}

TEST(Simulator, IsolateCutsBothWaysButClientsStillReach) {
  // Two servers and one client endpoint (id 2); isolate n1.
  std::vector<EchoStats> stats(3);
  std::vector<EndpointSpec> eps;
  for (NodeId i = 0; i < 3; ++i) {
    std::vector<NodeId> peers;
    for (NodeId j = 0; j < 3; ++j)
      if (j != i) peers.push_back(j);
    EchoStats* st = &stats[i];
    eps.push_back({i < 2 ? "n" + std::to_string(i + 1) : "c1",
                   [=](NodeId) { return std::make_unique<EchoNode>(peers, 10 * kMillisecond, 1, st); }, Clock()});
  }
  Simulator sim(5, std::move(eps), 2, fixed_latency(1 * kMillisecond));
  sim.start();
  sim.isolate(0);
  sim.run_until(1 * kSecond);
  for (NodeId from : stats[0].ping_from) EXPECT_EQ(from, 2u) << "n1 heard from a server while isolated";
  for (NodeId from : stats[1].ping_from) EXPECT_EQ(from, 2u);
  EXPECT_GT(stats[0].ping_from.size(), 50u);  // the client still reaches n1
}

TEST(Simulator, SplitAndBridge) {
  Cluster c(9, 5, 10 * kMillisecond, fixed_latency(1 * kMillisecond));
  c.sim->bridge(2, {0, 1}, {3, 4});
  c.sim->run_until(1 * kSecond);
  for (NodeId from : c.stats[0].ping_from) EXPECT_TRUE(from == 1 || from == 2);
  for (NodeId from : c.stats[4].ping_from) EXPECT_TRUE(from == 3 || from == 2);
  std::set<NodeId> heard(c.stats[2].ping_from.begin(), c.stats[2].ping_from.end());
  EXPECT_EQ(heard, (std::set<NodeId>{0, 1, 3, 4}));  // the bridge hears everyone
}

TEST(Simulator, CrashKeepsSyncedWritesAndLosesUnsynced) {
  // sync every 4 ticks: after 10 ticks, 8 are durable and 2 are not.
  Cluster c(2, 2, 10 * kMillisecond, fixed_latency(1 * kMillisecond), {}, 4);
  c.sim->run_until(105 * kMillisecond);
  ASSERT_EQ(c.node(0)->durable_ticks(), 10u);
  c.sim->crash(0);
  EXPECT_FALSE(c.sim->up(0));
  EXPECT_EQ(c.sim->node(0), nullptr);
  c.sim->restart(0);
  ASSERT_NE(c.node(0), nullptr);
  EXPECT_EQ(c.node(0)->durable_ticks(), 8u) << "restart must see exactly the synced writes";
  EXPECT_EQ(c.stats[0].starts, 2u);
  EXPECT_EQ(c.sim->storage(0).stats().lost_writes, 1u);  // the one unsynced key
}

TEST(Simulator, CrashedNodeGetsNothingAndItsTimersAreGone) {
  Cluster c(4, 2, 10 * kMillisecond, fixed_latency(1 * kMillisecond));
  c.sim->run_until(100 * kMillisecond);
  const auto ticks = c.stats[0].ticks;
  const auto pings = c.stats[0].pings_received;
  c.sim->crash(0);
  c.sim->run_until(500 * kMillisecond);
  EXPECT_EQ(c.stats[0].ticks, ticks) << "a crashed node's timer fired";
  EXPECT_EQ(c.stats[0].pings_received, pings) << "a crashed node received a message";
  EXPECT_GT(c.sim->stats().dropped_down, 30u);
  c.sim->restart(0);
  c.sim->run_until(600 * kMillisecond);
  EXPECT_GT(c.stats[0].ticks, ticks) << "the restarted node arms its timer again";
}

TEST(Simulator, PausedNodeAnswersNothingUntilResumed) {
  Cluster c(6, 2, 10 * kMillisecond, fixed_latency(1 * kMillisecond));
  c.sim->run_until(50 * kMillisecond);
  c.sim->pause(0);
  const auto pongs_at_1 = c.stats[1].pongs_received;
  const auto pings_at_0 = c.stats[0].pings_received;
  const auto ticks_at_0 = c.stats[0].ticks;
  c.sim->run_until(500 * kMillisecond);
  EXPECT_EQ(c.stats[1].pongs_received, pongs_at_1) << "a paused node answered";
  EXPECT_EQ(c.stats[0].pings_received, pings_at_0);
  EXPECT_EQ(c.stats[0].ticks, ticks_at_0);
  c.sim->resume(0);
  c.sim->run_until(500 * kMillisecond);  // what waited runs at the resume instant, in order
  EXPECT_EQ(c.stats[0].pings_received, pings_at_0 + 45) << "the 45 waiting pings must all be handled";
  EXPECT_EQ(c.stats[0].ticks, ticks_at_0 + 1) << "the one due timer fires once at resume";
  c.sim->run_until(502 * kMillisecond);
  EXPECT_GE(c.stats[1].pongs_received, pongs_at_1 + 45) << "the answers to the waiting pings";
}

TEST(Simulator, DriftMovesTimersByTheExpectedAmount) {
  // +1000 ppm: the clock runs fast, so a 10ms local timer fires after
  // 10ms / 1.001 true time = 9'990'010ns (rounded up).
  // After 100 ticks the fast node is exactly 100 x 9'990'010ns = 999'001'000ns in.
  Cluster c(1, 2, 10 * kMillisecond, fixed_latency(1 * kMillisecond), {Clock(0, 1000), Clock(0, 0)});
  c.sim->run_until(999'001'000 - 1);
  EXPECT_EQ(c.stats[0].ticks, 99u);
  c.sim->run_until(999'001'000);
  EXPECT_EQ(c.stats[0].ticks, 100u);
  EXPECT_EQ(c.stats[1].ticks, 99u);  // the true clock is not there yet
  // Each tick happens at its deadline on the node's own clock, never before
  // (true spans round up, so each re-armed timer may add at most 1ns).
  EXPECT_EQ(c.stats[0].tick_times[0], 10 * kMillisecond);
  EXPECT_GE(c.stats[0].tick_times[99], 1000 * kMillisecond);
  EXPECT_LE(c.stats[0].tick_times[99], 1000 * kMillisecond + 100);
  const Clock fast(0, 1000);
  EXPECT_EQ(fast.true_span(10 * kMillisecond), 9'990'010);
  EXPECT_EQ(fast.local(9'990'010), 10'000'000);
}

TEST(Simulator, ClockJumpMovesNowButNotPendingTimers) {
  Cluster c(1, 2, 10 * kMillisecond, fixed_latency(1 * kMillisecond));
  c.sim->run_until(15 * kMillisecond);
  c.sim->clock_jump(0, 1 * kSecond);
  EXPECT_EQ(c.sim->local_time(0), 1 * kSecond + 15 * kMillisecond);
  c.sim->run_until(20 * kMillisecond);
  ASSERT_EQ(c.stats[0].tick_times.size(), 2u);
  EXPECT_EQ(c.stats[0].tick_times[1], 1 * kSecond + 20 * kMillisecond);  // fired on time, clock jumped
}

TEST(Simulator, LossDropsAboutTheConfiguredFraction) {
  LinkParams net;
  net.loss = Probability::from_fraction(0.2);
  Cluster c(11, 4, 10 * kMillisecond, net);
  c.sim->run_until(10 * kSecond);
  const double frac = static_cast<double>(c.sim->stats().dropped_loss) / static_cast<double>(c.sim->stats().sent);
  EXPECT_NEAR(frac, 0.2, 0.02);
}

TEST(Simulator, DuplicationDeliversTwice) {
  LinkParams net;
  net.duplicate = Probability::from_fraction(0.3);
  Cluster c(12, 3, 10 * kMillisecond, net);
  c.sim->run_until(10 * kSecond);
  const SimStats& s = c.sim->stats();
  EXPECT_NEAR(static_cast<double>(s.duplicated) / static_cast<double>(s.sent), 0.3, 0.03);
  EXPECT_EQ(s.delivered + s.dropped() + c.sim->in_flight(), s.sent + s.duplicated);
}

TEST(Simulator, JitterReordersMessages) {
  // Latency 1..10ms uniform and a ping every 1ms: later pings overtake earlier ones.
  LinkParams net;
  net.latency = LatencyDist::uniform(1 * kMillisecond, 10 * kMillisecond);
  std::vector<std::uint64_t> seen;
  struct Recorder : Node {
    std::vector<std::uint64_t>* seen;
    explicit Recorder(std::vector<std::uint64_t>* s) : seen(s) {}
    void on_start(Context&) override {}
    void on_message(Context&, NodeId, const Message& m) override { seen->push_back(m.as<Ping>()->n); }
    void on_timer(Context&, TimerId, std::uint64_t) override {}
  };
  struct Sender : Node {
    std::uint64_t n = 0;
    void on_start(Context& ctx) override { ctx.set_timer(kMillisecond, 0); }
    void on_message(Context&, NodeId, const Message&) override {}
    void on_timer(Context& ctx, TimerId, std::uint64_t) override {
      ctx.send(1, Ping{++n});
      if (n < 200) ctx.set_timer(kMillisecond, 0);
    }
  };
  std::vector<EndpointSpec> eps;
  eps.push_back({"n1", [](NodeId) { return std::make_unique<Sender>(); }, Clock()});
  eps.push_back({"n2", [&](NodeId) { return std::make_unique<Recorder>(&seen); }, Clock()});
  Simulator sim(3, std::move(eps), 2, net);
  sim.start();
  sim.run_until(1 * kSecond);
  ASSERT_EQ(seen.size(), 200u);
  int inversions = 0;
  for (std::size_t i = 1; i < seen.size(); ++i) inversions += seen[i] < seen[i - 1];
  EXPECT_GT(inversions, 20);
}

TEST(Simulator, InvariantViolationStopsTheRunWithItsEvent) {
  struct Bad : Node {
    void on_start(Context& ctx) override { ctx.set_timer(5 * kMillisecond, 0); }
    void on_message(Context&, NodeId, const Message&) override {}
    void on_timer(Context&, TimerId, std::uint64_t) override { CACHESIM_CHECK(false, "ballot went back"); }
  };
  std::vector<EndpointSpec> eps;
  eps.push_back({"n1", [](NodeId) { return std::make_unique<Bad>(); }, Clock()});
  Simulator sim(1, std::move(eps), 1, LinkParams{});
  sim.start();
  EXPECT_FALSE(sim.run_until(1 * kSecond));
  ASSERT_TRUE(sim.failure().has_value());
  EXPECT_NE(sim.failure()->what.find("ballot went back"), std::string::npos);
  EXPECT_EQ(sim.failure()->time, 5 * kMillisecond);
  EXPECT_EQ(sim.failure()->node, 0u);
  EXPECT_EQ(sim.failure()->event, 0u);
}

TEST(Simulator, CancelledTimerNeverFires) {
  struct Canceller : Node {
    int fired = 0;
    void on_start(Context& ctx) override {
      TimerId a = ctx.set_timer(5 * kMillisecond, 1);
      ctx.set_timer(6 * kMillisecond, 2);
      ctx.cancel_timer(a);
      ctx.cancel_timer(a);  // twice is a no-op
    }
    void on_message(Context&, NodeId, const Message&) override {}
    void on_timer(Context&, TimerId, std::uint64_t tag) override { fired += tag == 1 ? 100 : 1; }
  };
  std::vector<EndpointSpec> eps;
  eps.push_back({"n1", [](NodeId) { return std::make_unique<Canceller>(); }, Clock()});
  Simulator sim(1, std::move(eps), 1, LinkParams{});
  sim.start();
  sim.run_until(1 * kSecond);
  EXPECT_EQ(static_cast<Canceller*>(sim.node(0))->fired, 1);
}

// Each tick a ping to a random peer, and a fresh timeout timer that cancels
// the previous one, as a client's attempt timers go; one in 50 is left to
// fire. Most timers are cancelled long before they are due.
class TimeoutPinger final : public Node {
 public:
  explicit TimeoutPinger(std::uint32_t n, std::uint64_t* timeouts) : n_(n), timeouts_(timeouts) {}
  void on_start(Context& ctx) override { ctx.set_timer(1 * kMillisecond, kTick); }
  void on_message(Context& ctx, NodeId from, const Message& m) override {
    if (const Ping* p = m.as<Ping>()) ctx.send(from, Pong{p->n});
  }
  void on_timer(Context& ctx, TimerId, std::uint64_t tag) override {
    if (tag == kTimeout) ++*timeouts_;
    if (tag != kTick) return;
    const auto peer = static_cast<NodeId>((ctx.self() + 1 + ctx.rng().below(n_ - 1)) % n_);
    ctx.send(peer, Ping{++ticks_});
    if (timeout_ && ticks_ % 50 != 0) ctx.cancel_timer(timeout_);
    timeout_ = ctx.set_timer(100 * kMillisecond, kTimeout);
    ctx.set_timer(ctx.rng().uniform(1, 3) * kMillisecond, kTick);
  }

 private:
  enum : std::uint64_t { kTick = 1, kTimeout = 2 };
  std::uint32_t n_;
  std::uint64_t* timeouts_;
  std::uint64_t ticks_ = 0;
  TimerId timeout_ = 0;
};

struct PurgeRun {
  std::uint64_t hash = 0, timeouts = 0, events = 0, max_pending = 0;
};

PurgeRun run_timeout_pingers(std::uint64_t seed, bool purge) {
  PurgeRun out;
  std::vector<EndpointSpec> eps;
  for (NodeId i = 0; i < 4; ++i)
    eps.push_back({"n" + std::to_string(i + 1),
                   [t = &out.timeouts](NodeId) { return std::make_unique<TimeoutPinger>(4, t); }, Clock()});
  LinkParams net;
  net.loss = Probability::from_fraction(0.05);
  Simulator sim(seed, std::move(eps), 4, net);
  sim.set_timer_purge(purge);
  sim.start();
  sim.run_until(2 * kSecond);
  sim.crash(2);  // its pending timers die with its incarnation
  sim.run_until(3 * kSecond);
  sim.restart(2);
  sim.run_until(5 * kSecond);
  out.hash = sim.trace().hash();
  out.events = sim.stats().events;
  out.max_pending = sim.stats().max_pending;
  return out;
}

// Purging cancelled and dead timers from the queue is memory management
// only: the same run, event for event, with a smaller queue (here some 200
// cancelled timers are due within 100 ms at any time, against a dozen live
// events; a purge waits for 128 cancellations).
TEST(Simulator, PurgingDeadTimersChangesNothingButTheQueueSize) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const PurgeRun kept = run_timeout_pingers(seed, false), purged = run_timeout_pingers(seed, true);
    EXPECT_EQ(purged.hash, kept.hash) << "seed " << seed;
    EXPECT_EQ(purged.events, kept.events) << "seed " << seed;
    EXPECT_EQ(purged.timeouts, kept.timeouts) << "seed " << seed;
    EXPECT_GT(purged.timeouts, 0u) << "seed " << seed;
    EXPECT_LT(purged.max_pending * 4, kept.max_pending * 3) << "seed " << seed << ": queue " << purged.max_pending << " against " << kept.max_pending;
  }
}

}  // namespace
}  // namespace cachesim
