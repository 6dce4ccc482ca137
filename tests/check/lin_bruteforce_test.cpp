// The real checker against the brute-force one on thousands of small random
// histories, arbitrary ones and mutated correct ones: same verdicts; and
// every witness window is checked to be a genuine, 1-minimal proof.
#include <gtest/gtest.h>

#include <cstdio>

#include "sim/check/history_gen.hpp"
#include "sim/check/linearizability.hpp"
#include "tests/check/brute_force_checker.hpp"

namespace cachesim {
namespace {

using testing::brute_force_linearizable;

// The operations of `ops` with those outside `keep` weakened (completed
// writes, deletes and cas become info writes of their new value, reads and
// failed cas are dropped) and everything after the completion of `last` cut
// (what is pending there becomes info), as the witness contract describes.
std::vector<Operation> weakened(const std::vector<Operation>& ops, const std::vector<std::size_t>& keep,
                                const Operation& last) {
  std::vector<Operation> out;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    Operation o = ops[i];
    if (o.invoke_event > last.complete_event) continue;
    const bool strict = std::find(keep.begin(), keep.end(), i) != keep.end();
    const bool completed = o.completed && o.complete_event <= last.complete_event && o.outcome != Outcome::kInfo;
    if (!strict || !completed) {
      if (o.f == OpFunction::kRead || o.is_failed_cas()) continue;
      if (o.completed && o.outcome == Outcome::kFail) continue;  // tells nothing either way
      if (completed && o.f == OpFunction::kCas) {  // completed, not in the window: precondition gone
        o.f = OpFunction::kWrite;
        o.value = Value(o.value.as_list()[1]);
      }
      o.outcome = Outcome::kInfo;
    }
    out.push_back(o);
  }
  return out;
}

void expect_sound_minimal_window(const std::vector<Operation>& ops, const KeyResult& k, const std::string& what) {
  ASSERT_TRUE(k.witness) << what;
  const Witness& w = *k.witness;
  std::vector<std::size_t> keep;
  for (const WitnessOp& o : w.window) keep.push_back(o.index);
  ASSERT_FALSE(keep.empty()) << what;
  EXPECT_NE(std::find(keep.begin(), keep.end(), w.failing.index), keep.end()) << what;
  EXPECT_FALSE(brute_force_linearizable(weakened(ops, keep, w.failing.op))) << what << ": window is not a proof";
  ASSERT_TRUE(w.window_minimal) << what;
  for (std::size_t drop : keep) {
    std::vector<std::size_t> fewer;
    for (std::size_t i : keep)
      if (i != drop) fewer.push_back(i);
    EXPECT_TRUE(brute_force_linearizable(weakened(ops, fewer, w.failing.op)))
        << what << ": window is not minimal, operation " << drop << " is not needed";
  }
}

struct Tally {
  int ok = 0, illegal = 0;
};

void compare(const History& h, Tally& tally, const std::string& what) {
  const std::vector<Operation> ops = pair_operations(h);
  const bool expected = brute_force_linearizable(ops);
  const LinearizabilityResult r = check_linearizability(ops);
  ASSERT_EQ(r.keys.size(), 1U) << what;
  const KeyResult& k = r.keys[0];
  if (k.vacuous) {
    EXPECT_TRUE(expected) << what;
    return;
  }
  ASSERT_NE(k.verdict, Verdict::kUnknown) << what << ": " << k.reason;
  ASSERT_EQ(k.verdict == Verdict::kOk, expected) << what << "\n" << render_text(r) << "\n"
                                                 << [&] {
                                                      std::string s;
                                                      for (const Event& e : h.events) s += event_to_json_line(e);
                                                      return s;
                                                    }();
  if (expected) {
    ++tally.ok;
  } else {
    ++tally.illegal;
    expect_sound_minimal_window(ops, k, what);
  }
}

TEST(LinBruteForce, ArbitrarySmallHistoriesAgree) {
  Tally tally;
  for (std::uint64_t seed = 1; seed <= 10000; ++seed) {
    FuzzWorkload w;
    w.seed = seed;
    w.processes = 2 + static_cast<int>(seed % 3);
    w.ops = 3 + static_cast<int>(seed % 6);
    w.values = 2 + static_cast<int>(seed % 2);
    w.cas = seed % 5 != 0;
    w.deletes = seed % 4 != 0;
    compare(generate_fuzz_history(w), tally, "fuzz seed " + std::to_string(seed));
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf("ok %d illegal %d\n", tally.ok, tally.illegal);
  // Both verdicts must be well represented, or the comparison proves little.
  EXPECT_GT(tally.ok, 2000);
  EXPECT_GT(tally.illegal, 2000);
}

TEST(LinBruteForce, ManyInfoOperationsAgree) {
  Tally tally;
  for (std::uint64_t seed = 1; seed <= 4000; ++seed) {
    FuzzWorkload w;
    w.seed = seed * 7919;
    w.processes = 3;
    w.ops = 8;
    w.values = 2;
    w.info = Probability::from_fraction(0.4);
    compare(generate_fuzz_history(w), tally, "info fuzz seed " + std::to_string(w.seed));
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf("ok %d illegal %d\n", tally.ok, tally.illegal);
  EXPECT_GT(tally.ok, 800);
  EXPECT_GT(tally.illegal, 800);
}

TEST(LinBruteForce, LargerHistoriesWithMoreConcurrencyAgree) {
  Tally tally;
  for (std::uint64_t seed = 1; seed <= 5000; ++seed) {
    FuzzWorkload w;
    w.seed = seed * 104729;
    w.processes = 4 + static_cast<int>(seed % 3);
    w.ops = 10 + static_cast<int>(seed % 4);
    w.values = 2 + static_cast<int>(seed % 3);
    w.info = Probability::from_fraction(0.1 + 0.05 * static_cast<double>(seed % 4));
    compare(generate_fuzz_history(w), tally, "larger fuzz seed " + std::to_string(w.seed));
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf("ok %d illegal %d\n", tally.ok, tally.illegal);
  EXPECT_GT(tally.ok, 500);
  EXPECT_GT(tally.illegal, 1500);
}

// Correct histories from the register simulation, then one result changed:
// the subtle, near-miss violations a real bug produces.
TEST(LinBruteForce, MutatedCorrectHistoriesAgree) {
  Tally tally;
  for (std::uint64_t seed = 1; seed <= 6000; ++seed) {
    RegisterWorkload w;
    w.seed = seed;
    w.clients = 3 + static_cast<int>(seed % 3);
    w.keys = 1;
    w.ops = 9 + seed % 4;
    w.timeout = Probability::from_fraction(0.2);
    w.min_latency = 10;
    w.max_latency = 60;
    w.max_think = 10;
    History h = generate_register_history(w).history;
    compare(h, tally, "register seed " + std::to_string(seed));
    if (::testing::Test::HasFatalFailure()) return;
    // Mutate: change one read's value, or flip one cas's outcome.
    Rng rng(seed);
    std::vector<std::size_t> completions;
    for (std::size_t i = 0; i < h.events.size(); ++i) {
      const Event& e = h.events[i];
      if (e.type == EventType::kOk && e.f == OpFunction::kRead) completions.push_back(i);
      if ((e.type == EventType::kOk || e.type == EventType::kFail) && e.f == OpFunction::kCas) completions.push_back(i);
    }
    if (completions.empty()) continue;
    Event& e = h.events[completions[rng.below(completions.size())]];
    if (e.f == OpFunction::kRead) {
      const std::uint64_t r = rng.below(4);
      e.value = r == 0 ? Value::null() : Value::integer(static_cast<std::int64_t>(r));
    } else {
      e.type = e.type == EventType::kOk ? EventType::kFail : EventType::kOk;
    }
    compare(h, tally, "mutated register seed " + std::to_string(seed));
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf("ok %d illegal %d\n", tally.ok, tally.illegal);
  EXPECT_GT(tally.ok, 6000);
  EXPECT_GT(tally.illegal, 2000);
}

}  // namespace
}  // namespace cachesim
