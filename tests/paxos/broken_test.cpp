// The checkers catch deliberately broken variants (tests/paxos/
// broken_variants.hpp), and the correct protocol passes the very same
// adversarial scenarios.
#include <gtest/gtest.h>

#include "tests/paxos/broken_variants.hpp"
#include "tests/paxos/scenarios.hpp"

namespace cachesim::paxos_test {
namespace {

constexpr std::uint64_t kBrokenSeeds = 30;

TEST(BrokenVariants, PromiseNotPersistedIsCaughtAndCorrectAcceptorIsNot) {
  std::uint64_t caught = 0;
  for (std::uint64_t seed = 1; seed <= kBrokenSeeds; ++seed) {
    const ScenarioResult good = crash_after_promise(seed, {});
    EXPECT_FALSE(good.flagged()) << "seed " << seed << ": " << good.why;
    const ScenarioResult bad = crash_after_promise(seed, forgetful_promises());
    // Either the agreement checker or the protocol's own invariant (a chosen
    // slot changing value) must see it.
    if (!bad.agreement_ok || !bad.run_ok) ++caught;
  }
  EXPECT_GE(caught, kBrokenSeeds * 3 / 4) << "the forgetful acceptor went unnoticed in too many seeds";
}

TEST(BrokenVariants, LocalReadsWithoutLeaseServeStaleReads) {
  std::uint64_t caught = 0, correct_stale = 0;
  for (std::uint64_t seed = 1; seed <= kBrokenSeeds; ++seed) {
    ClusterOptions opt;
    // A wide gap between the fastest election and check-quorum (which uses
    // the maximum) leaves the cut-off leader time to read stale.
    opt.paxos.election_timeout_min = 60 * kMillisecond;
    opt.paxos.election_timeout_max = 600 * kMillisecond;
    const ScenarioResult good = isolate_leader(seed, opt, 0);
    EXPECT_TRUE(good.run_ok && good.agreement_ok) << "seed " << seed << ": " << good.why;
    correct_stale += good.stale;
    EXPECT_EQ(good.lease_reads, 0u);
    opt.seams = local_reads_without_lease();
    const ScenarioResult bad = isolate_leader(seed, opt, 0);
    if (bad.stale > 0) ++caught;
  }
  EXPECT_EQ(correct_stale, 0u);
  EXPECT_GE(caught, 1u) << "no seed showed the stale reads of lease-less local reads";
}

}  // namespace
}  // namespace cachesim::paxos_test
