// The checkers catch each deliberately broken 2PC variant
// (tests/twopc/broken_variants.hpp) on some seeds, while the correct
// protocol passes the very same seeds and faults.
#include <gtest/gtest.h>

#include "tests/twopc/broken_variants.hpp"
#include "tests/twopc/list_append_check.hpp"
#include "tests/twopc/shard_cluster.hpp"

namespace cachesim::twopc_test {
namespace {

constexpr std::uint64_t kBrokenSeeds = 30;

struct Verdict {
  bool run_failed = false;  // a protocol invariant check stopped the run
  bool decided_breach = false;
  std::size_t anomalies = 0;  // in the client history
  bool caught() const { return run_failed || decided_breach || anomalies > 0; }
  std::string why;
};

// High contention (few keys, mostly multi-group) and two servers cut off
// for longer than the vote timeout (the groups that hold both lose their
// majority), so votes go missing and conflicts are common.
Verdict run(std::uint64_t seed, cache::ShardSeams seams) {
  ShardOptions opt;
  opt.workload.keys = 6;
  opt.workload.multi_group_percent = 90;
  opt.workload.min_ops = 2;
  opt.seams = std::move(seams);
  ShardCluster c(seed, opt);
  const NodeId a = static_cast<NodeId>(seed % 5), b = static_cast<NodeId>((seed + 1) % 5);
  std::vector<NodeId> rest;
  for (NodeId i = 0; i < 5; ++i)
    if (i != a && i != b) rest.push_back(i);
  c.sim().at(700 * kMillisecond, [&c, a, b, rest] { c.sim().split({{a, b}, rest}); });
  c.sim().at(1300 * kMillisecond, [&c] { c.sim().heal(); });
  c.run_until(5 * kSecond);
  Verdict v;
  v.run_failed = c.sim().failure().has_value();
  v.decided_breach = !c.decided_ok();
  v.anomalies = list_append_anomalies(c.history()).size();
  v.why = c.failure_text() + " anomalies=" + std::to_string(v.anomalies);
  if (v.anomalies) v.why += " first: " + list_append_anomalies(c.history()).front();
  return v;
}

template <class Variant>
void expect_caught(const char* name, std::uint64_t at_least) {
  std::uint64_t caught = 0;
  for (std::uint64_t seed = 1; seed <= kBrokenSeeds; ++seed) {
    const Verdict good = run(seed, {});
    EXPECT_FALSE(good.caught()) << "correct protocol, seed " << seed << ": " << good.why;
    caught += run(seed, broken<Variant>()).caught();
  }
  EXPECT_GE(caught, at_least) << name << " went unnoticed in too many seeds";
}

TEST(TwoPcBroken, VotingYesWithoutRecordingPreparedIsCaught) {
  expect_caught<VotesYesWithoutRecording>("vote before PREPARED", kBrokenSeeds / 2);
}

TEST(TwoPcBroken, CommittingAfterAVoteTimeoutIsCaught) {
  expect_caught<CommitsAfterVoteTimeout>("commit on vote timeout", kBrokenSeeds / 2);
}

TEST(TwoPcBroken, ApplyingBeforeTheDecisionIsCaught) {
  expect_caught<AppliesBeforeDecision>("apply at prepare", kBrokenSeeds / 2);
}

// Which detector sees which bug: the white-box decided check sees a vote
// that is contradicted, the history check sees effects of aborted txns.
TEST(TwoPcBroken, EachBugIsSeenByTheDetectorMeantForIt) {
  std::uint64_t decided = 0, history = 0;
  for (std::uint64_t seed = 1; seed <= kBrokenSeeds; ++seed) {
    decided += run(seed, broken<VotesYesWithoutRecording>()).decided_breach;
    history += run(seed, broken<AppliesBeforeDecision>()).anomalies > 0;
  }
  EXPECT_GT(decided, 0u);
  EXPECT_GT(history, 0u);
}

}  // namespace
}  // namespace cachesim::twopc_test
