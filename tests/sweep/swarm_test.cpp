// Swarm scenarios: each seed draws its own configuration within the ranges,
// the same one every time, validated by the strict loader; malformed swarm
// sections are refused at load time naming the entry.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "sim/core/input_error.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/swarm.hpp"
#include "sim/sweep/result_line.hpp"

namespace cachesim {
namespace {

const char* kBase = R"({"duration": "2s", "cluster": {"nodes": 3},
  "network": {"latency": {"dist": "uniform", "min": "1ms", "max": "3ms"}},
  "nemesis": {"kinds": ["crash", "pause"], "stop": "1s"},
  "workload": {"clients": 2},
  "swarm": SWARM})";

std::string with_swarm(const std::string& swarm) {
  std::string s = kBase;
  s.replace(s.find("SWARM"), 5, swarm);
  return s;
}

std::string error_of(const std::string& swarm) {
  try {
    ScenarioSource::parse(with_swarm(swarm), "s.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const char* kGood = R"({
  "/network/loss": {"min": 0, "max": 0.2},
  "/workload/clients": {"min": 1, "max": 6},
  "/network/latency/max": {"min": "3ms", "max": "50ms"},
  "/workload/values": ["int", "string"],
  "/nemesis/kinds": {"subset_of": ["crash", "pause", "partition", "clock"], "min_items": 1}})";

TEST(Swarm, EachSeedDrawsWithinTheRangesAndTheLoaderAcceptsIt) {
  const ScenarioSource src = ScenarioSource::parse(with_swarm(kGood), "s.json");
  ASSERT_TRUE(src.has_swarm());
  EXPECT_EQ(src.base().workload.clients, 2u);  // the values as written
  std::set<std::uint32_t> clients;
  std::set<std::size_t> kind_counts;
  std::set<bool> string_values;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const Scenario s = src.for_seed(seed);
    const nlohmann::json d = src.drawn(seed);
    EXPECT_EQ(d["/workload/clients"].get<std::uint32_t>(), s.workload.clients);
    EXPECT_GE(s.workload.clients, 1u);
    EXPECT_LE(s.workload.clients, 6u);
    EXPECT_GE(s.network.loss.fraction(), 0.0);
    EXPECT_LE(s.network.loss.fraction(), 0.2);
    EXPECT_GE(s.network.latency.max, 3'000'000);
    EXPECT_EQ(s.network.latency.max % 1000, 0) << "drawn in whole microseconds";
    EXPECT_LE(s.network.latency.max, 50'000'000);
    EXPECT_FALSE(s.nemesis.kinds.empty());
    clients.insert(s.workload.clients);
    kind_counts.insert(s.nemesis.kinds.size());
    string_values.insert(s.workload.string_values);
  }
  EXPECT_EQ(clients.size(), 6u) << "every value in 1..6 drawn over 200 seeds";
  EXPECT_EQ(kind_counts, (std::set<std::size_t>{1, 2, 3, 4}));
  EXPECT_EQ(string_values.size(), 2u);
}

TEST(Swarm, TheDrawIsAPureFunctionOfTheSeed) {
  const ScenarioSource a = ScenarioSource::parse(with_swarm(kGood), "s.json");
  const ScenarioSource b = ScenarioSource::parse(with_swarm(kGood), "s.json");
  EXPECT_EQ(a.drawn(42), b.drawn(42));
  EXPECT_NE(a.drawn(42), a.drawn(43));
  EXPECT_EQ(scenario_to_json(a.for_seed(42)), scenario_to_json(b.for_seed(42)));
}

TEST(Swarm, AddingAnEntryDoesNotChangeWhatTheOthersDraw) {
  const ScenarioSource small =
      ScenarioSource::parse(with_swarm(R"({"/workload/clients": {"min": 1, "max": 1000}})"), "s.json");
  const ScenarioSource big = ScenarioSource::parse(
      with_swarm(R"({"/network/loss": {"min": 0, "max": 0.5}, "/workload/clients": {"min": 1, "max": 1000}})"),
      "s.json");
  for (std::uint64_t seed = 1; seed <= 20; ++seed)
    EXPECT_EQ(small.drawn(seed)["/workload/clients"], big.drawn(seed)["/workload/clients"]);
}

TEST(Swarm, DecimalsAreDrawnInMillionthsAndPrintShort) {
  const ScenarioSource src = ScenarioSource::parse(with_swarm(R"({"/network/loss": {"min": 0.1, "max": 0.2}})"), "s.json");
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const std::string text = sweep::compact_json(src.drawn(seed)["/network/loss"]);
    EXPECT_LE(text.size(), 8u) << text;  // e.g. 0.123456
  }
}

TEST(Swarm, AScenarioWithoutSwarmIsItsBaseForEverySeed) {
  const ScenarioSource src = ScenarioSource::parse(R"({"duration": "2s"})", "plain.json");
  EXPECT_FALSE(src.has_swarm());
  EXPECT_TRUE(src.drawn(3).is_null());
  EXPECT_EQ(scenario_to_json(src.for_seed(3)), scenario_to_json(src.base()));
}

TEST(Swarm, LoadScenarioChecksTheSwarmAndKeepsTheWrittenValues) {
  const Scenario s = parse_scenario(with_swarm(kGood), "s.json");
  EXPECT_EQ(s.workload.clients, 2u);
  EXPECT_THROW(parse_scenario(with_swarm(R"({"/network/loss": {"min": 0, "max": 2}})"), "s.json"), InputError);
}

TEST(Swarm, BadSectionsAreOneLineNamingTheEntry) {
  struct Bad {
    const char* swarm;
    const char* expect;
  };
  const Bad bad[] = {
      {R"([])", "s.json: /swarm: expected a swarm object"},
      {R"({})", "s.json: /swarm: expected a swarm object with at least one entry"},
      {R"({"network/loss": [0]})", "s.json: /swarm/network~1loss: expected a JSON pointer"},
      {R"({"/nosuch/loss": [0]})", "s.json: /swarm/~1nosuch~1loss: expected a place whose parent"},
      {R"({"/seed": [1, 2]})", "s.json: /swarm/~1seed: expected a place other than"},
      {R"({"/network": [{}], "/network/loss": [0]})", "s.json: /swarm/~1network~1loss: expected a place outside /network"},
      {R"({"/network/loss": {"min": 0.3, "max": 0.1}})", "s.json: /swarm/~1network~1loss/max: expected a value no less than min"},
      {R"({"/network/loss": {"min": 0}})", "s.json: /swarm/~1network~1loss: expected a range with \"max\""},
      {R"({"/network/loss": {"min": "1ms", "max": 2}})", "s.json: /swarm/~1network~1loss/max: expected a duration"},
      {R"({"/network/loss": {"min": true, "max": 2}})", "s.json: /swarm/~1network~1loss/min: expected a number"},
      {R"({"/network/loss": []})", "s.json: /swarm/~1network~1loss: expected a list of choices with at least 1"},
      {R"({"/nemesis/kinds": {"subset_of": ["crash", "crash"]}})", "s.json: /swarm/~1nemesis~1kinds/subset_of/1: expected each value once"},
      {R"({"/nemesis/kinds": {"subset_of": ["crash"], "min_items": 2}})", "s.json: /swarm/~1nemesis~1kinds/min_items: expected an integer in 0..1"},
      // A range the loader refuses at one of its ends: named with the end and the loader's own message.
      {R"({"/network/loss": {"min": 0, "max": 1.5}})",
       "s.json: /swarm/~1network~1loss: at its max 1.5: /network/loss: expected a probability"},
      {R"({"/workload/clients": {"min": "1ms", "max": "2ms"}})",
       "s.json: /swarm/~1workload~1clients: at its min \"1ms\": /workload/clients: expected an integer"},
      {R"({"/nemesis/kinds": {"subset_of": ["crash", "flood"]}})",
       "s.json: /swarm/~1nemesis~1kinds: at the whole set [\"crash\",\"flood\"]: /nemesis/kinds/1: expected one of"},
      {R"({"/nemesis/kinds": {"subset_of": ["crash"], "min_items": 0}})",
       "s.json: /swarm/~1nemesis~1kinds: at its smallest subset []: /nemesis/kinds: expected"},
      {R"({"/network/nosuch": [1]})", "s.json: /swarm/~1network~1nosuch: at choice 0 1: /network/nosuch: expected a key"},
  };
  for (const Bad& b : bad) {
    const std::string m = error_of(b.swarm);
    EXPECT_EQ(m.rfind(b.expect, 0), 0u) << b.swarm << "\n -> " << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  }
}

TEST(Swarm, AnInteractionRefusedPerDrawNamesTheSeed) {
  // Each end is fine alone; a drawn min above a drawn max is not.
  const ScenarioSource src = ScenarioSource::parse(
      with_swarm(R"({"/network/latency/min": {"min": "1ms", "max": "3ms"}, "/network/latency/max": {"min": "1ms", "max": "3ms"}})"),
      "s.json");
  int refused = 0;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    try {
      src.for_seed(seed);
    } catch (const InputError& e) {
      ++refused;
      EXPECT_EQ(std::string(e.what()).rfind("s.json: swarm draw for seed " + std::to_string(seed) + ": /network/latency", 0), 0u)
          << e.what();
    }
  }
  EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace cachesim
