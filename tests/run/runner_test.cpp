// The harness end to end: clients, history, checkers and verdicts, on
// test-only systems whose flaws are known.
#include "sim/run/runner.hpp"

#include <gtest/gtest.h>

#include "sim/core/input_error.hpp"
#include "tests/run/test_systems.hpp"

namespace cachesim {
namespace {

using testing::primary_scenario;
using testing::test_systems;

RunResult run(const Scenario& sc, std::uint64_t seed) {
  RunOptions o;
  o.seed = seed;
  return run_scenario(sc, o, test_systems());
}

TEST(Runner, HealthyPrimaryPassesEveryCheckOverManySeeds) {
  const Scenario sc = primary_scenario("test.primary");
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const RunResult r = run(sc, seed);
    ASSERT_EQ(r.verdict, CheckStatus::pass) << "seed " << seed << ": " << r.failed_check();
    EXPECT_TRUE(r.as_expected);
    EXPECT_GT(r.counts.ok, 200u) << "seed " << seed;
    EXPECT_EQ(r.check("linearizability")->status, CheckStatus::pass);
    EXPECT_EQ(r.check("liveness")->status, CheckStatus::pass);
  }
}

TEST(Runner, StaleReadsAreCaughtByTheLinearizabilityCheck) {
  Scenario sc = primary_scenario("test.stale");
  sc.expect.pass = false;
  sc.expect.failed_check = "linearizability";
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const RunResult r = run(sc, seed);
    ASSERT_EQ(r.check("linearizability")->status, CheckStatus::fail) << "seed " << seed;
    EXPECT_TRUE(r.as_expected);
    EXPECT_NE(r.check("linearizability")->details.find("k"), std::string::npos);
    EXPECT_EQ(r.check("liveness")->status, CheckStatus::pass) << "only linearizability is broken";
  }
}

TEST(Runner, AnExpectedFailureIsAsExpectedOnlyWhenNoOtherCheckFails) {
  Scenario sc = primary_scenario("test.stale");
  sc.expect.pass = false;
  sc.expect.failed_check = "linearizability";
  sc.checks.require_marks = {"test.never_marked"};  // a second failure: the run is vacuous too
  const RunResult r = run(sc, 1);
  ASSERT_EQ(r.check("linearizability")->status, CheckStatus::fail);
  ASSERT_EQ(r.check("marks")->status, CheckStatus::fail);
  EXPECT_FALSE(r.as_expected) << "a vacuous run must not pass as the expected failure";
  EXPECT_EQ(r.expected, "fail linearizability (every other check holding)");
}

TEST(Runner, AKeyValueRunWithNoClientsIsUnknownNotAPass) {
  Scenario sc = primary_scenario("test.primary");
  sc.workload.clients = 0;
  const RunResult r = run(sc, 1);
  EXPECT_EQ(r.check("linearizability")->status, CheckStatus::unknown);
  EXPECT_EQ(r.verdict, CheckStatus::unknown);
  EXPECT_FALSE(r.as_expected);
}

TEST(Runner, ADeafServerFailsLivenessAndNamesTheStuckOperations) {
  const Scenario sc = primary_scenario("test.deaf");
  const RunResult r = run(sc, 3);
  const CheckResult* live = r.check("liveness");
  ASSERT_EQ(live->status, CheckStatus::fail);
  EXPECT_NE(live->line.find("stuck"), std::string::npos);
  EXPECT_NE(live->details.find("process"), std::string::npos) << live->details;
  EXPECT_EQ(r.check("linearizability")->status, CheckStatus::pass) << "timeouts alone are linearizable";
}

TEST(Runner, AnAssertionInsideTheProtocolStopsTheRunWithItsEvent) {
  const RunResult r = run(primary_scenario("test.assert"), 4);
  const CheckResult* inv = r.check("invariants");
  ASSERT_EQ(inv->status, CheckStatus::fail);
  EXPECT_NE(inv->line.find("the 100th request"), std::string::npos);
  EXPECT_NE(inv->details.find("at event"), std::string::npos);
  EXPECT_NE(inv->details.find("on n1"), std::string::npos);
  EXPECT_EQ(r.check("liveness")->status, CheckStatus::skipped);
  EXPECT_LT(r.sim_time, 3 * kSecond);
}

TEST(Runner, ARequiredMarkThatNeverHappensMakesTheRunVacuous) {
  Scenario sc = primary_scenario("test.primary");
  sc.checks.require_marks = {"test.deduplicated", "paxos.leader_elected"};
  // Retries happen only when a reply is late: make some replies late.
  sc.network.latency = LatencyDist::uniform(1 * kMillisecond, 400 * kMillisecond);
  sc.workload.timeout = 300 * kMillisecond;
  sc.workload.retries = 5;
  const RunResult r = run(sc, 5);
  const CheckResult* marks = r.check("marks");
  ASSERT_EQ(marks->status, CheckStatus::fail);
  EXPECT_NE(marks->line.find("paxos.leader_elected"), std::string::npos);
  EXPECT_EQ(marks->line.find("test.deduplicated"), std::string::npos) << "that mark was hit: " << marks->line;
}

TEST(Runner, ScheduledCrashWithoutRestartLeavesLivenessUnjudged) {
  Scenario sc = primary_scenario("test.primary");
  Fault crash;
  crash.at = 1 * kSecond;
  crash.kind = FaultKind::crash;
  crash.nodes = {0};
  sc.faults = {crash};
  const RunResult r = run(sc, 6);
  EXPECT_EQ(r.check("liveness")->status, CheckStatus::skipped);
  EXPECT_FALSE(r.quiet_start.has_value());
  EXPECT_EQ(r.injected.size(), 1u);
}

TEST(Runner, SameSeedSameRunDifferentSeedDifferentRun) {
  const Scenario sc = primary_scenario("test.primary");
  const RunResult a = run(sc, 9), b = run(sc, 9), c = run(sc, 10);
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  EXPECT_EQ(a.trace_events, b.trace_events);
  ASSERT_EQ(a.history.events.size(), b.history.events.size());
  for (std::size_t i = 0; i < a.history.events.size(); ++i)
    ASSERT_EQ(event_to_json_line(a.history.events[i]), event_to_json_line(b.history.events[i]));
  EXPECT_NE(a.trace_hash, c.trace_hash);
}

TEST(Runner, UnknownProtocolIsBadInputNamingThePath) {
  Scenario sc = primary_scenario("no.such.system");
  sc.file = "x.json";
  try {
    run(sc, 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("x.json: /cluster/protocol: expected one of test.assert", 0), 0u)
        << e.what();
  }
}

}  // namespace
}  // namespace cachesim
