// The harness's transaction checkers catch broken 2PC variants, which exist
// only in tests (tests/twopc/broken_variants.hpp), on shipped scenarios run
// exactly as `cachesim run` runs them; the correct protocol passes the same
// seeds (tests/scenarios runs them too, over more seeds).
#include <gtest/gtest.h>

#include <initializer_list>
#include <map>
#include <string>

#include "sim/run/runner.hpp"
#include "sim/run/sharded_system.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/twopc/broken_variants.hpp"

namespace cachesim {
namespace {

constexpr std::uint64_t kSeeds = 12;

Scenario scenario(const std::string& name, const std::string& protocol) {
  Scenario sc = load_scenario(std::string(CACHESIM_SOURCE_DIR) + "/scenarios/" + name + ".json");
  sc.cluster.protocol = protocol;
  return sc;
}

// Which check failed, per seed, over kSeeds seeds of `name` under `seams`.
std::map<std::string, int> failures(const std::string& name, const cache::ShardSeams& seams) {
  SystemRegistry r;
  r.add("sharded.broken", [seams](const Scenario& sc) { return make_sharded_system(sc, seams); });
  const Scenario sc = scenario(name, "sharded.broken");
  std::map<std::string, int> failed;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    RunOptions o;
    o.seed = seed;
    ++failed[run_scenario(sc, o, r).failed_check()];
  }
  return failed;
}

std::string show(const std::map<std::string, int>& m) {
  std::string s;
  for (const auto& [check, n] : m) s += (check.empty() ? "(passed)" : check) + " " + std::to_string(n) + "; ";
  return s;
}

// Fails one of `checks` on most seeds (a checker that catches nothing, or a
// variant that breaks nothing, would leave the seeds passing).
void expect_caught(const std::map<std::string, int>& failed, std::initializer_list<const char*> checks, int at_least) {
  int caught = 0;
  for (const char* check : checks)
    if (auto it = failed.find(check); it != failed.end()) caught += it->second;
  EXPECT_GE(caught, at_least) << show(failed);
}

TEST(BrokenTwoPc, AParticipantThatVotesYesBeforeRecordingPreparedIsCaught) {
  // Its yes may come before the PREPARED record finds a conflict and aborts
  // unilaterally: the white-box check sees one participant commit what
  // another aborted, and stops the run.
  expect_caught(failures("sharded-healthy", twopc_test::broken<twopc_test::VotesYesWithoutRecording>()),
                {"atomicity"}, kSeeds * 3 / 4);
}

// Votes time out when a participant group loses its majority. The commit
// then reaches a participant that never prepared: the participant's own
// invariant ("a commit decision for a txn this group never prepared") stops
// the run; or one that aborted on its own (a lock conflict), and the
// white-box atomicity check sees the txn committed and aborted.
TEST(BrokenTwoPc, ACoordinatorThatCommitsAfterAVoteTimeoutIsCaught) {
  expect_caught(failures("txn-participant-crash", twopc_test::broken<twopc_test::CommitsAfterVoteTimeout>()),
                {"invariants", "atomicity"}, kSeeds * 3 / 4);
}

TEST(BrokenTwoPc, AParticipantThatAppliesBeforeTheDecisionIsCaught) {
  expect_caught(failures("sharded-healthy", twopc_test::broken<twopc_test::AppliesBeforeDecision>()), {"transactions"},
                kSeeds * 3 / 4);
}

TEST(BrokenTwoPc, TheCorrectProtocolPassesTheSameSeeds) {
  for (const char* name : {"sharded-healthy", "txn-lossy"}) {
    const std::map<std::string, int> failed = failures(name, {});
    EXPECT_EQ(failed.size(), 1u) << name << ": " << show(failed);
    EXPECT_EQ(failed.count(""), 1u) << name << ": " << show(failed);
  }
}

}  // namespace
}  // namespace cachesim
