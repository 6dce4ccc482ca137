// What the loader makes of valid input: values, defaults, name resolution,
// ordering — and that no input, however broken, does worse than InputError.
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>

#include "sim/core/input_error.hpp"
#include "sim/scenario/nemesis_json.hpp"
#include "tests/scenario/test_files.hpp"

namespace cachesim {
namespace {

Scenario rich() { return parse_scenario(testing::read_source_file("tests/scenario/good/rich.json"), "rich.json"); }

TEST(Loader, EmptyObjectGivesTheDefaultsOfScenarioHpp) {
  const Scenario s = parse_scenario("{}", "some/dir/quiet.v2.json");
  const Scenario d;
  EXPECT_EQ(s.file, "some/dir/quiet.v2.json");
  EXPECT_EQ(s.name, "quiet.v2");
  EXPECT_EQ(s.description, "");
  EXPECT_FALSE(s.seed.has_value());
  EXPECT_EQ(s.duration, d.duration);
  EXPECT_EQ(s.cluster.protocol, d.cluster.protocol);
  EXPECT_EQ(s.cluster.nodes, d.cluster.nodes);
  EXPECT_EQ(s.cluster.paxos.election_timeout_max, d.cluster.paxos.election_timeout_max);
  EXPECT_EQ(s.cluster.leases.enabled, d.cluster.leases.enabled);
  EXPECT_EQ(s.network.latency.kind, LatencyDist::Kind::uniform);
  EXPECT_EQ(s.network.latency.max, d.network.latency.max);
  EXPECT_EQ(s.network.loss, Probability::never());
  EXPECT_TRUE(s.links.empty());
  EXPECT_TRUE(s.clocks.empty());
  EXPECT_TRUE(s.faults.empty());
  EXPECT_EQ(s.workload.clients, d.workload.clients);
  EXPECT_EQ(s.workload.mix.cas, d.workload.mix.cas);
  EXPECT_EQ(s.workload.think.max, d.workload.think.max);
  EXPECT_EQ(s.workload.rate, 0.0);
  EXPECT_EQ(s.workload.retries, d.workload.retries);
  EXPECT_TRUE(s.checks.linearizability);
  EXPECT_TRUE(s.checks.liveness);
  EXPECT_EQ(s.checks.liveness_bound, d.checks.liveness_bound);
  EXPECT_TRUE(s.expect.pass);
}

TEST(Loader, AbsentNemesisIsDisabledButFullyStated) {
  const Scenario s = parse_scenario(R"({"duration": "20s", "cluster": {"nodes": 7}})", "x.json");
  EXPECT_FALSE(s.nemesis.enabled);
  EXPECT_EQ(s.nemesis.kinds.size(), 5u);
  EXPECT_EQ(s.nemesis.partitions.size(), 4u);
  EXPECT_EQ(s.nemesis.start, 0);
  EXPECT_EQ(s.nemesis.stop, 20 * kSecond);
  EXPECT_EQ(s.nemesis.max_down, 3u);
  EXPECT_EQ(s.nemesis.interval_min, kNemesisIntervalMin);
  EXPECT_EQ(s.nemesis.loss_max, kNemesisLossMax);
  EXPECT_TRUE(parse_scenario(R"({"nemesis": {}})", "x.json").nemesis.enabled);
}

TEST(Loader, ReadsEveryField) {
  const Scenario s = rich();
  EXPECT_EQ(s.name, "everything");
  EXPECT_EQ(s.seed, UINT64_MAX);
  EXPECT_EQ(s.duration, 60 * kSecond);
  EXPECT_EQ(s.cluster.protocol, "cache-v2.test_1");
  EXPECT_EQ(s.cluster.nodes, 7u);
  EXPECT_EQ(s.cluster.paxos.heartbeat, 40 * kMillisecond);
  EXPECT_EQ(s.cluster.paxos.election_timeout_min, 250 * kMillisecond);
  EXPECT_EQ(s.cluster.paxos.election_timeout_max, 500 * kMillisecond);
  EXPECT_EQ(s.cluster.paxos.catchup_batch, 128u);
  EXPECT_TRUE(s.cluster.leases.enabled);
  EXPECT_EQ(s.cluster.leases.length, 1500 * kMillisecond);

  // Absent min/max of a normal latency: 0 and 1000 x the mean.
  EXPECT_EQ(s.network.latency.kind, LatencyDist::Kind::normal);
  EXPECT_EQ(s.network.latency.mean, 2 * kMillisecond);
  EXPECT_EQ(s.network.latency.stddev, 500 * kMicrosecond);
  EXPECT_EQ(s.network.latency.min, 0);
  EXPECT_EQ(s.network.latency.max, 2 * kSecond);
  EXPECT_EQ(s.network.loss.ppb, 10'000'000u);
  EXPECT_EQ(s.network.duplicate.ppb, 1'000'000u);

  // Clients are numbered after the servers: c1 is NodeId 7 with 7 servers.
  ASSERT_EQ(s.links.size(), 3u);
  EXPECT_EQ(s.links[0].latency->kind, LatencyDist::Kind::constant);
  EXPECT_EQ(s.links[0].latency->min, 10 * kMillisecond);  // constant sets min = max = value
  EXPECT_EQ(s.links[0].latency->max, 10 * kMillisecond);
  EXPECT_FALSE(s.links[0].loss.has_value());
  EXPECT_EQ(s.links[1].from, 7u);
  EXPECT_EQ(s.links[1].to, 6u);
  EXPECT_EQ(s.links[2].duplicate, Probability::always());
  EXPECT_EQ(s.links[2].latency->sigma, 0.75);
  EXPECT_EQ(s.links[2].latency->max, kSecond);

  // A server's clock starts from the default one.
  EXPECT_EQ(s.default_clock.offset, kMillisecond);
  EXPECT_EQ(s.clocks.at(2).offset, -20 * kMillisecond);
  EXPECT_EQ(s.clocks.at(5).offset, kMillisecond);
  EXPECT_EQ(s.clocks.at(5).drift_ppm, -100000);

  EXPECT_EQ(s.workload.mix.get, 1u);
  EXPECT_EQ(s.workload.mix.put, 0u);
  EXPECT_EQ(s.workload.mix.del, 0u);
  EXPECT_EQ(s.workload.mix.cas, 2u);
  EXPECT_EQ(s.workload.rate, 1500.5);
  EXPECT_TRUE(s.workload.string_values);
  EXPECT_EQ(s.workload.max_ops, 100000u);

  EXPECT_EQ(s.nemesis.kinds, (std::vector<FaultKind>{FaultKind::crash, FaultKind::partition, FaultKind::clock}));
  EXPECT_EQ(s.nemesis.lasts_min, 200 * kMillisecond);
  EXPECT_EQ(s.nemesis.lasts_max, kNemesisLastsMax);
  EXPECT_EQ(s.nemesis.duplicate_max, Probability::never());

  EXPECT_EQ(s.checks.lin_time_budget, 30 * kSecond);
  EXPECT_EQ(s.checks.lin_memory_budget_mb, 2048u);
  EXPECT_EQ(s.checks.require_marks, (std::vector<std::string>{"paxos.leader_elected", "cache.cas_failed"}));
  EXPECT_FALSE(s.expect.pass);
  EXPECT_EQ(s.expect.failed_check, "linearizability");
}

TEST(Loader, FaultsAreSortedByTimeStably) {
  const Scenario s = rich();
  ASSERT_EQ(s.faults.size(), 21u);
  for (std::size_t i = 1; i < s.faults.size(); ++i) EXPECT_LE(s.faults[i - 1].at, s.faults[i].at);
  // The two partitions at 2s keep their file order: split, then one-way.
  EXPECT_EQ(s.faults[1].partition, PartitionKind::split);
  EXPECT_EQ(s.faults[2].partition, PartitionKind::one_way);
  EXPECT_EQ(s.faults[19].kind, FaultKind::heal);
  EXPECT_EQ(s.faults[19].at, 30 * kSecond);
}

TEST(Loader, ReadsEachKindOfFault) {
  const Scenario s = rich();
  const Fault& isolate = s.faults[0];
  EXPECT_EQ(isolate.nodes, (std::vector<NodeId>{0}));
  EXPECT_EQ(isolate.lasts, 2 * kSecond);
  const Fault& split = s.faults[1];
  EXPECT_EQ(split.groups, (std::vector<std::vector<NodeId>>{{0, 1, 7}, {2, 3}, {4}}));
  EXPECT_FALSE(split.lasts.has_value());
  const Fault& one_way = s.faults[2];
  EXPECT_EQ(one_way.from, (std::vector<NodeId>{0, 8}));
  EXPECT_EQ(one_way.to, (std::vector<NodeId>{1, 2}));
  EXPECT_TRUE(s.faults[3].groups.empty());  // bridge without explicit halves
  EXPECT_EQ(s.faults[4].groups.size(), 2u);
  const Fault& jump = s.faults[11];
  EXPECT_EQ(jump.kind, FaultKind::clock);
  EXPECT_EQ(jump.jump, -50 * kMillisecond);
  EXPECT_FALSE(jump.drift_ppm.has_value());
  const Fault& link = s.faults[15];
  EXPECT_EQ(link.kind, FaultKind::network);
  EXPECT_EQ(link.from, (std::vector<NodeId>{0}));
  EXPECT_EQ(link.to, (std::vector<NodeId>{9}));
  EXPECT_EQ(link.latency->kind, LatencyDist::Kind::exponential);
  EXPECT_EQ(link.latency->max, 5 * kSecond);
  EXPECT_FALSE(link.loss.has_value());
  EXPECT_EQ(link.aim, FaultAim::nodes);
  const Fault& at_leader = s.faults[17];
  EXPECT_EQ(at_leader.kind, FaultKind::crash);
  EXPECT_EQ(at_leader.aim, FaultAim::leader);
  EXPECT_TRUE(at_leader.nodes.empty());
  EXPECT_EQ(s.faults[18].aim, FaultAim::leader);
  EXPECT_EQ(s.faults[18].groups.size(), 2u);
}

TEST(Loader, AShardedClustersFaultsMayAimAtTransactionRoles) {
  const Scenario s = parse_scenario(R"({"cluster": {"protocol": "sharded", "nodes": 9},
    "faults": [{"at": "1s", "kind": "crash", "node": "coordinator", "for": "1s"},
               {"at": "2s", "kind": "pause", "node": "participant", "for": "1s"},
               {"at": "3s", "kind": "partition", "type": "isolate", "node": "leader", "for": "1s"},
               {"at": "4s", "kind": "crash", "node": "n3"}]})",
                                    "x.json");
  ASSERT_EQ(s.faults.size(), 4u);
  EXPECT_EQ(s.faults[0].aim, FaultAim::coordinator);
  EXPECT_EQ(s.faults[1].aim, FaultAim::participant);
  EXPECT_EQ(s.faults[2].aim, FaultAim::leader);
  EXPECT_EQ(s.faults[3].aim, FaultAim::nodes);
  EXPECT_EQ(s.faults[3].nodes, std::vector<NodeId>{2});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(s.faults[i].nodes.empty()) << i;
}

TEST(Loader, AcceptsSchemaKeyForEditors) {
  EXPECT_NO_THROW(parse_scenario(R"({"$schema": "../scenarios/schema.json"})", "x.json"));
}

TEST(Loader, UnreadableFileIsOneLine) {
  try {
    load_scenario("no/such/scenario.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "no/such/scenario.json: cannot read: No such file or directory");
  }
}

// Every prefix of a valid file and every single-byte corruption of it is
// either a scenario or an InputError: never a crash, a hang, or another
// exception type.
TEST(Loader, NoMangledInputDoesWorseThanInputError) {
  const std::string text = testing::read_source_file("tests/scenario/good/rich.json");
  std::size_t refused = 0;
  const auto attempt = [&](const std::string& t) {
    try {
      parse_scenario(t, "m.json");
    } catch (const InputError& e) {
      ++refused;
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
  };
  for (std::size_t n = 0; n < text.size(); n += n < 64 ? 1 : 4) attempt(text.substr(0, n));
  const char replacements[] = {'"', '{', ']', '-', '9', '\\', '\0', '\xff'};
  for (std::size_t i = 0; i < text.size(); i += 17) {
    for (char c : replacements) {
      std::string t = text;
      t[i] = c;
      attempt(t);
    }
  }
  EXPECT_GT(refused, text.size() / 4);
}

}  // namespace
}  // namespace cachesim
