// Budgets: past the time or memory budget the verdict is unknown, promptly;
// beyond what the checker handles it says so.
#include <gtest/gtest.h>

#include "sim/check/history_gen.hpp"
#include "sim/check/linearizability.hpp"
#include "tests/check/history_builder.hpp"

namespace cachesim {
namespace {

// A history that needs many search steps: one key, many concurrent clients.
History busy_history(Violation v = Violation::kNone) {
  RegisterWorkload w;
  w.seed = 11;
  w.clients = 20;
  w.keys = 1;
  w.ops = 3000;
  w.timeout = Probability::from_fraction(0.01);
  w.violation = v;
  return generate_register_history(w).history;
}

TEST(LinBudget, TheHistoryUsedHereIsDecidableWithoutABudget) {
  const auto r = check_linearizability(busy_history());
  EXPECT_EQ(r.verdict, Verdict::kOk) << r.reason;
  EXPECT_GT(r.keys[0].stats.steps, 100000U);  // so the tests below stop it midway
}

TEST(LinBudget, OutOfTimeGivesUnknownPromptly) {
  int polls = 0;
  LinearizabilityBudget budget;
  budget.out_of_time = [&polls] { return ++polls >= 3; };
  const auto r = check_linearizability(busy_history(), budget);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_EQ(r.reason.rfind("key \"k0\": out of time", 0), 0U) << r.reason;
  EXPECT_EQ(polls, 3);  // stopped at the first poll that said so
  EXPECT_LT(r.keys[0].stats.steps, 3 * 4096U + 10000U);
}

// Appends a small history on other keys (processes moved out of the way) at the end.
void append(History& h, const History& more) {
  for (const Event& e : more.events) {
    Event x = e;
    x.process += 1000;
    x.time = *h.events.back().time;
    h.events.push_back(x);
  }
}

TEST(LinBudget, SmallKeysAreDecidedBeforeAHardKeyRunsOutOfTime) {
  History h = busy_history();  // key k0
  testing::HistoryBuilder b("z1");
  b.invoke(0, "write", 1).ok(0).invoke(1, "read").ok(1, 1);
  b.key("z2").invoke(0, "write", 1).ok(0).invoke(1, "read").ok(1, 1);
  append(h, b);
  LinearizabilityBudget budget;
  budget.fair_share_steps = 1000;
  int polls = 0;
  budget.out_of_time = [&polls] { return ++polls >= 2; };
  const auto r = check_linearizability(h, budget);
  ASSERT_EQ(r.keys.size(), 3U);
  EXPECT_EQ(r.keys[0].verdict, Verdict::kUnknown);
  EXPECT_EQ(r.keys[1].verdict, Verdict::kOk);
  EXPECT_EQ(r.keys[2].verdict, Verdict::kOk);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
}

TEST(LinBudget, OutOfTimeLeavesLaterKeysUncheckedNotOk) {
  History h = busy_history();
  testing::HistoryBuilder b("z1");
  b.invoke(0, "write", 1).ok(0).invoke(1, "read").ok(1, 1);
  append(h, b);
  LinearizabilityBudget budget;
  budget.out_of_time = [] { return true; };
  const auto r = check_linearizability(h, budget);
  ASSERT_EQ(r.keys.size(), 2U);
  EXPECT_EQ(r.keys[0].verdict, Verdict::kUnknown);
  EXPECT_EQ(r.keys[1].verdict, Verdict::kUnknown);
  EXPECT_EQ(r.keys[1].reason, "not checked: out of time before this key");
}

TEST(LinBudget, TinyMemoryBudgetGivesUnknown) {
  LinearizabilityBudget budget;
  budget.max_memory_bytes = 4096;
  const auto r = check_linearizability(busy_history(), budget);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_EQ(r.reason.rfind("key \"k0\": out of memory: the search needed more than 4 KiB", 0), 0U) << r.reason;
  EXPECT_LE(r.keys[0].stats.peak_memory_bytes, 4096U + 4 * 1024 * 1024);
}

TEST(LinBudget, MemoryStaysWithinTheBudgetGiven) {
  LinearizabilityBudget budget;
  budget.max_memory_bytes = 8 << 20;
  const auto r = check_linearizability(busy_history(), budget);
  EXPECT_EQ(r.verdict, Verdict::kOk);
  EXPECT_LE(r.keys[0].stats.peak_memory_bytes, budget.max_memory_bytes);
  EXPECT_GT(r.keys[0].stats.peak_memory_bytes, 0U);
}

TEST(LinBudget, AnIllegalKeyIsFoundEvenIfAnotherKeyIsHard) {
  History h = busy_history();
  testing::HistoryBuilder b("z");
  b.invoke(0, "write", 1).ok(0).invoke(1, "read").ok(1, 2);
  append(h, b);
  LinearizabilityBudget budget;
  budget.fair_share_steps = 1000;
  int polls = 0;
  budget.out_of_time = [&polls] { return ++polls >= 2; };
  const auto r = check_linearizability(h, budget);
  EXPECT_EQ(r.verdict, Verdict::kIllegal);
  EXPECT_EQ(r.reason, "key \"z\" is not linearizable");
  EXPECT_EQ(r.keys[0].verdict, Verdict::kUnknown);
  // Without a time limit the hard key is decided in the second pass.
  budget.out_of_time = nullptr;
  const auto full = check_linearizability(h, budget);
  EXPECT_EQ(full.keys[0].verdict, Verdict::kOk);
  EXPECT_EQ(full.keys[1].verdict, Verdict::kIllegal);
}

TEST(LinBudget, TooManyConcurrentOperationsIsUnknownWithAReason) {
  testing::HistoryBuilder b;
  for (int p = 0; p < 70; ++p) b.invoke(p, "write", p);
  for (int p = 0; p < 70; ++p) b.ok(p);
  b.invoke(100, "read").ok(100, 5);
  const auto r = check_linearizability(b);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_NE(r.reason.find("more than 64 operations pending at once"), std::string::npos) << r.reason;
}

}  // namespace
}  // namespace cachesim
