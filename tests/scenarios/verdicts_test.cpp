// Every scenario in scenarios/ gives the verdict it states, over many seeds.
//
// Each scenario's seeds are split into chunks, one test per chunk, so ctest
// runs them in parallel. A failing seed is reported with the command that
// reproduces it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "sim/run/runner.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/swarm.hpp"

namespace cachesim {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kChunks = 4;

// 200 seeds per single-group scenario; CACHESIM_VERDICT_SEEDS=N takes fewer
// (or more), rounded up to a multiple of the chunk count. The sanitizer
// build in CI (.ci/run) uses it: there every run is several times slower.
std::uint64_t seeds_per_scenario() {
  static const std::uint64_t n = [] {
    const char* env = std::getenv("CACHESIM_VERDICT_SEEDS");
    const std::uint64_t asked = env ? std::strtoull(env, nullptr, 10) : 200;
    return std::max<std::uint64_t>(1, (asked + kChunks - 1) / kChunks) * kChunks;
  }();
  return n;
}

// A sharded run (9 servers, dozens of Paxos groups, two-phase commit) costs
// about ten single-group ones: 48 seeds for every 200 keeps the suite within
// CI's budget.
std::uint64_t seeds_for(bool sharded) {
  const std::uint64_t n = seeds_per_scenario();
  return sharded ? std::max<std::uint64_t>(kChunks, n * 48 / 200 / kChunks * kChunks) : n;
}

std::vector<std::string> scenario_files() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(fs::path(CACHESIM_SOURCE_DIR) / "scenarios")) {
    if (e.path().extension() == ".json" && e.path().filename() != "schema.json") {
      files.push_back(e.path().stem().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct Case {
  std::string scenario;
  std::uint64_t chunk;
  bool sharded;
  std::uint64_t per_chunk() const { return seeds_for(sharded) / kChunks; }
};

// How gtest names a case in its output (instead of the object's bytes).
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.scenario << " seeds " << 1 + c.chunk * c.per_chunk() << ".." << (c.chunk + 1) * c.per_chunk();
}

class ScenarioVerdict : public ::testing::TestWithParam<Case> {};

TEST_P(ScenarioVerdict, HoldsOverEverySeed) {
  const Case& c = GetParam();
  const std::string path = "scenarios/" + c.scenario + ".json";
  // A swarm scenario (swarm-*.json) draws its configuration per seed, as `cachesim run` does.
  const ScenarioSource source = ScenarioSource::load((fs::path(CACHESIM_SOURCE_DIR) / path).string());
  const SystemRegistry systems = builtin_systems();
  const std::uint64_t per_chunk = c.per_chunk();
  std::uint64_t failures = 0;
  for (std::uint64_t seed = 1 + c.chunk * per_chunk; seed <= (c.chunk + 1) * per_chunk; ++seed) {
    RunOptions o;
    o.seed = seed;
    o.keep_history = false;
    const RunResult r = run_scenario(source.for_seed(seed), o, systems);
    if (!r.as_expected) {
      std::string checks;
      for (const CheckResult& ch : r.checks) checks += "\n  " + ch.name + ": " + to_string(ch.status) + " " + ch.line;
      ADD_FAILURE() << path << " seed " << seed << ": expected " << r.expected << ", got " << to_string(r.verdict)
                    << checks << "\n  reproduce: build/cachesim run " << path << " --seed " << seed;
      if (++failures >= 3) return;
    }
  }
}

std::vector<Case> cases() {
  std::vector<Case> v;
  for (const std::string& s : scenario_files()) {
    const ScenarioSource source =
        ScenarioSource::load((fs::path(CACHESIM_SOURCE_DIR) / "scenarios" / (s + ".json")).string());
    const bool sharded = source.base().cluster.protocol == "sharded";
    for (std::uint64_t chunk = 0; chunk < kChunks; ++chunk) v.push_back({s, chunk, sharded});
  }
  return v;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  // Independent of the seed count: ctest discovers the names in one
  // environment and may run them in another.
  std::string name = info.param.scenario + "_part" + std::to_string(info.param.chunk + 1) + "of" + std::to_string(kChunks);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioVerdict, ::testing::ValuesIn(cases()), case_name);

TEST(ScenarioFiles, ThereAreTheScenariosTheSuiteNeeds) {
  const std::vector<std::string> files = scenario_files();
  for (const char* needed : {"healthy-5", "minority-partition", "majority-partition", "leader-crash-loop", "lossy-20",
                             "drift-leases", "nemesis-mix", "sharded-healthy", "txn-partition",
                             "txn-coordinator-crash", "txn-participant-crash", "txn-lossy", "txn-power-loss",
                             "classic-coordinator-crash", "swarm-faults"}) {
    EXPECT_NE(std::find(files.begin(), files.end(), needed), files.end()) << needed;
  }
}

}  // namespace
}  // namespace cachesim
