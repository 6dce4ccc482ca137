// scenario_to_json is the inverse of parse_scenario, for every scenario the
// project ships and for examples that use every feature of the format.
#include <gtest/gtest.h>

#include "sim/scenario/loader.hpp"
#include "tests/scenario/scenario_equal.hpp"
#include "tests/scenario/test_files.hpp"

namespace cachesim {
namespace {

using testing::good_files;
using testing::read_source_file;
using testing::ScenarioDiff;

TEST(RoundTrip, ThereAreGoodExamples) { EXPECT_GE(good_files().size(), 4u); }

TEST(RoundTrip, EveryGoodScenarioSurvivesWritingAndReadingBack) {
  for (const std::string& file : good_files()) {
    SCOPED_TRACE(file);
    const Scenario s = parse_scenario(read_source_file(file), file);
    const nlohmann::json written = scenario_to_json(s);
    const Scenario back = parse_scenario(written.dump(2), file);
    EXPECT_EQ(ScenarioDiff::of(s, back), "");
    // Writing is a fixed point too: nothing drifts over repeated trips.
    EXPECT_EQ(scenario_to_json(back), written);
  }
}

TEST(RoundTrip, WrittenScenarioSpellsOutEveryDefault) {
  const nlohmann::json j = scenario_to_json(parse_scenario("{}", "dir/quiet.json"));
  EXPECT_EQ(j["name"], "quiet");
  EXPECT_FALSE(j.contains("seed"));
  EXPECT_EQ(j["duration"], "10s");
  EXPECT_EQ(j["cluster"]["paxos"]["election_timeout"], (nlohmann::json{{"min", "300ms"}, {"max", "600ms"}}));
  EXPECT_EQ(j["network"]["latency"], (nlohmann::json{{"dist", "uniform"}, {"min", "1ms"}, {"max", "3ms"}}));
  EXPECT_EQ(j["network"]["loss"], 0);
  EXPECT_EQ(j["workload"]["mix"], (nlohmann::json{{"get", 50}, {"put", 30}, {"delete", 5}, {"cas", 15}}));
  EXPECT_EQ(j["workload"]["think"], (nlohmann::json{{"dist", "uniform"}, {"min", "0s"}, {"max", "10ms"}}));
  EXPECT_FALSE(j["workload"].contains("rate"));
  EXPECT_EQ(j["nemesis"]["enabled"], false);
  EXPECT_EQ(j["nemesis"]["stop"], "10s");
  EXPECT_EQ(j["checks"]["linearizability"], (nlohmann::json{{"time_budget", "10s"}, {"memory_budget_mb", 1024}}));
  EXPECT_EQ(j["expect"], (nlohmann::json{{"verdict", "pass"}}));
  EXPECT_EQ(j["faults"], nlohmann::json::array());
}

TEST(RoundTrip, FaultsAreWrittenInTheirStoredOrder) {
  const Scenario s = parse_scenario(read_source_file("tests/scenario/good/rich.json"), "rich.json");
  const nlohmann::json j = scenario_to_json(s);
  ASSERT_EQ(j["faults"].size(), s.faults.size());
  EXPECT_EQ(j["faults"][0], (nlohmann::json{{"at", "1s"}, {"kind", "partition"}, {"type", "isolate"},
                                            {"node", "n1"}, {"for", "2s"}}));
  EXPECT_EQ(j["faults"].back(), (nlohmann::json{{"at", "1059999999999ns"}, {"kind", "heal"}}));
}

}  // namespace
}  // namespace cachesim
