// Scheduled faults and the nemesis, shown by their effects on echo nodes.
#include "sim/fault/injector.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "tests/engine/test_protocol.hpp"

namespace cachesim {
namespace {

using testing::EchoNode;
using testing::EchoStats;

struct World {
  std::vector<EchoStats> stats;
  std::unique_ptr<Simulator> sim;
  std::unique_ptr<FaultInjector> faults;

  World(std::uint64_t seed, std::uint32_t n) : stats(n) {
    std::vector<EndpointSpec> eps = testing::echo_endpoints(n, 10 * kMillisecond, 1, stats);
    LinkParams net;
    net.latency = LatencyDist::constant(1 * kMillisecond);
    sim = std::make_unique<Simulator>(seed, std::move(eps), n, net);
    faults = std::make_unique<FaultInjector>(*sim);
    sim->start();
  }
};

Fault at(Time t, FaultKind k, std::vector<NodeId> nodes = {}) {
  Fault f;
  f.at = t;
  f.kind = k;
  f.nodes = std::move(nodes);
  return f;
}

TEST(FaultInjector, ScheduledCrashWithLastsRestartsTheNode) {
  World w(1, 3);
  Fault crash = at(100 * kMillisecond, FaultKind::crash, {1});
  crash.lasts = 200 * kMillisecond;
  w.faults->schedule({crash});
  w.sim->run_until(150 * kMillisecond);
  EXPECT_FALSE(w.sim->up(1));
  EXPECT_TRUE(w.faults->disrupted());
  w.sim->run_until(300 * kMillisecond);
  EXPECT_TRUE(w.sim->up(1));
  EXPECT_EQ(w.stats[1].starts, 2u);
  EXPECT_EQ(w.faults->last_disruption(), 300 * kMillisecond);
  ASSERT_EQ(w.faults->injected().size(), 2u);
  EXPECT_EQ(w.faults->injected()[1].kind, FaultKind::restart);
  EXPECT_EQ(w.faults->injected()[1].at, 300 * kMillisecond);
}

TEST(FaultInjector, PartitionThenHeal) {
  World w(2, 3);
  Fault p = at(0, FaultKind::partition, {0});
  p.partition = PartitionKind::isolate;
  w.faults->schedule({p, at(500 * kMillisecond, FaultKind::heal)});
  w.sim->run_until(499 * kMillisecond);
  EXPECT_EQ(w.stats[0].pings_received, 0u);
  w.sim->run_until(1 * kSecond);
  EXPECT_GT(w.stats[0].pings_received, 80u);
  EXPECT_FALSE(w.faults->disrupted());
}

TEST(FaultInjector, ClockJumpWithLastsJumpsBack) {
  World w(3, 2);
  Fault c = at(10 * kMillisecond, FaultKind::clock, {0});
  c.jump = -50 * kMillisecond;
  c.lasts = 100 * kMillisecond;
  w.faults->schedule({c});
  w.sim->run_until(20 * kMillisecond);
  EXPECT_EQ(w.sim->local_time(0), -30 * kMillisecond);
  w.sim->run_until(200 * kMillisecond);
  EXPECT_EQ(w.sim->local_time(0), 200 * kMillisecond);
}

TEST(FaultInjector, NetworkChangeWithLastsIsRestored) {
  World w(4, 3);
  Fault net = at(0, FaultKind::network);
  net.loss = Probability::always();
  net.lasts = 1 * kSecond;
  w.faults->schedule({net});
  w.sim->run_until(999 * kMillisecond);
  EXPECT_EQ(w.sim->stats().delivered, 0u);
  w.sim->run_until(2 * kSecond);
  EXPECT_GT(w.sim->stats().delivered, 300u);
  EXPECT_EQ(w.sim->network().defaults().loss, Probability::never());
}

NemesisSpec busy_nemesis(std::uint32_t max_down) {
  NemesisSpec s;
  s.enabled = true;
  s.kinds = {FaultKind::partition, FaultKind::crash, FaultKind::pause, FaultKind::clock, FaultKind::network};
  s.start = 100 * kMillisecond;
  s.stop = 20 * kSecond;
  s.interval_min = 10 * kMillisecond;
  s.interval_max = 100 * kMillisecond;
  s.lasts_min = 50 * kMillisecond;
  s.lasts_max = 2 * kSecond;
  s.max_down = max_down;
  s.clock_jump_max = 100 * kMillisecond;
  s.drift_ppm_max = 500;
  s.loss_max = Probability::from_fraction(0.5);
  s.duplicate_max = Probability::from_fraction(0.2);
  return s;
}

// A probe that checks the failure model at every millisecond.
void watch(World& w, std::uint32_t max_down, std::uint32_t* worst, Time until) {
  for (Time t = 0; t < until; t += kMillisecond) {
    w.sim->at(t, [&w, worst] {
      std::uint32_t down = 0;
      for (NodeId i = 0; i < w.sim->servers(); ++i) down += !w.sim->up(i) || w.sim->paused(i);
      *worst = std::max(*worst, down);
    });
  }
  (void)max_down;
}

TEST(FaultInjector, NemesisStaysWithinItsBoundsAndHealsAtStop) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    World w(seed, 5);
    std::uint32_t worst = 0;
    watch(w, 2, &worst, 20 * kSecond);
    w.faults->start_nemesis(busy_nemesis(2));
    w.sim->run_until(20 * kSecond);
    EXPECT_LE(worst, 2u) << "seed " << seed;
    EXPECT_GE(worst, 1u) << "seed " << seed << ": the nemesis never took a node down";
    EXPECT_FALSE(w.faults->disrupted()) << "seed " << seed << ": not healed at stop";
    EXPECT_EQ(w.faults->last_disruption(), 20 * kSecond);
    for (NodeId i = 0; i < 5; ++i) {
      EXPECT_TRUE(w.sim->up(i));
      EXPECT_FALSE(w.sim->paused(i));
      EXPECT_EQ(w.sim->clock(i).drift_ppm(), 0);
    }
    EXPECT_FALSE(w.sim->network().partitioned());
    // The nemesis injected a mix of kinds.
    std::set<FaultKind> kinds;
    for (const Fault& f : w.faults->injected()) kinds.insert(f.kind);
    EXPECT_GE(kinds.size(), 6u) << "seed " << seed;
  }
}

TEST(FaultInjector, NemesisIsDrivenBySeedAlone) {
  auto run = [](std::uint64_t seed) {
    World w(seed, 5);
    w.faults->start_nemesis(busy_nemesis(2));
    w.sim->run_until(20 * kSecond);
    return std::make_pair(w.sim->trace().hash(), w.faults->injected().size());
  };
  EXPECT_EQ(run(5), run(5));
  EXPECT_NE(run(5).first, run(6).first);
}

TEST(FaultInjector, NemesisWithZeroMaxDownNeverTakesANodeDown) {
  World w(9, 5);
  NemesisSpec s = busy_nemesis(0);
  s.kinds = {FaultKind::crash, FaultKind::pause};
  std::uint32_t worst = 0;
  watch(w, 0, &worst, 5 * kSecond);
  w.faults->start_nemesis(s);
  w.sim->run_until(5 * kSecond);
  EXPECT_EQ(worst, 0u);
  EXPECT_TRUE(w.faults->injected().empty());
}

TEST(FaultInjector, ReplayingTheInjectedFaultsReproducesTheirEffects) {
  World a(11, 5);
  a.faults->start_nemesis(busy_nemesis(2));
  a.sim->run_until(21 * kSecond);
  World b(11, 5);
  b.faults->schedule(a.faults->injected());
  b.sim->run_until(21 * kSecond);
  EXPECT_EQ(a.faults->injected().size(), b.faults->injected().size());
  EXPECT_EQ(a.sim->stats().faults, b.sim->stats().faults);
  for (NodeId i = 0; i < 5; ++i) EXPECT_EQ(a.stats[i].starts, b.stats[i].starts);
}

}  // namespace
}  // namespace cachesim

namespace cachesim {
namespace {

TEST(FaultInjector, AFaultAimedAtTheLeaderHitsWhoeverLeadsThenAndIsRecordedByName) {
  World w(13, 3);
  std::optional<NodeId> leader = 2;
  w.faults->set_leader_source([&leader] { return leader; });
  Fault crash = at(100 * kMillisecond, FaultKind::crash);
  crash.aim = FaultAim::leader;
  Fault pause = at(200 * kMillisecond, FaultKind::pause);
  pause.aim = FaultAim::leader;
  w.faults->schedule({crash, pause});
  w.sim->at(150 * kMillisecond, [&leader] { leader.reset(); });
  w.sim->run_until(300 * kMillisecond);
  EXPECT_FALSE(w.sim->up(2));
  EXPECT_TRUE(w.sim->up(0));
  EXPECT_FALSE(w.sim->paused(0) || w.sim->paused(1)) << "no leader: the pause is skipped";
  ASSERT_EQ(w.faults->injected().size(), 1u);
  EXPECT_EQ(w.faults->injected()[0].aim, FaultAim::nodes);
  EXPECT_EQ(w.faults->injected()[0].nodes, std::vector<NodeId>{2});
}

TEST(FaultInjector, AFaultAimedAtATxnRoleWaitsForAServerInItThenStrikesAndIsUndoneFromThen) {
  World w(13, 3);
  std::optional<NodeId> coordinator;
  std::vector<FaultAim> asked;
  w.faults->set_role_source([&](FaultAim a) {
    asked.push_back(a);
    return a == FaultAim::coordinator ? coordinator : std::nullopt;
  });
  Fault crash = at(100 * kMillisecond, FaultKind::crash);
  crash.aim = FaultAim::coordinator;
  crash.lasts = 50 * kMillisecond;
  Fault pause = at(100 * kMillisecond, FaultKind::pause);
  pause.aim = FaultAim::participant;  // nobody ever is one
  w.faults->schedule({crash, pause});
  w.sim->at(130 * kMillisecond + 500 * kMicrosecond, [&coordinator] { coordinator = 1; });
  w.sim->run_until(170 * kMillisecond);
  EXPECT_FALSE(w.sim->up(1)) << "struck at the first poll that found a coordinator";
  w.sim->run_until(200 * kMillisecond);
  EXPECT_TRUE(w.sim->up(1)) << "restarted 50ms after it struck (131ms), not after it was due (100ms)";
  w.sim->run_until(2 * kSecond);
  ASSERT_EQ(w.faults->injected().size(), 2u) << "the participant fault is skipped after kAimPatience";
  EXPECT_EQ(w.faults->injected()[0].kind, FaultKind::crash);
  EXPECT_EQ(w.faults->injected()[0].aim, FaultAim::nodes);
  EXPECT_EQ(w.faults->injected()[0].nodes, std::vector<NodeId>{1});
  EXPECT_EQ(w.faults->injected()[0].at, 131 * kMillisecond);
  EXPECT_EQ(w.faults->injected()[1].kind, FaultKind::restart);
  EXPECT_EQ(w.faults->injected()[1].at, 181 * kMillisecond);
  const auto participant_polls = std::count(asked.begin(), asked.end(), FaultAim::participant);
  EXPECT_EQ(participant_polls, FaultInjector::kAimPatience / FaultInjector::kAimPoll + 1);
  for (NodeId n = 0; n < 3; ++n) EXPECT_FALSE(w.sim->paused(n));
}

}  // namespace
}  // namespace cachesim
