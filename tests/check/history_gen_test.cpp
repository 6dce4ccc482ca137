// The history generators: deterministic, shaped as asked, correct unless a
// violation is injected, and the injected violation is the one found.
#include "sim/check/history_gen.hpp"

#include <gtest/gtest.h>

#include <set>

#include "sim/check/linearizability.hpp"

namespace cachesim {
namespace {

TEST(HistoryGen, SameSeedSameBytesOtherSeedOtherBytes) {
  RegisterWorkload w;
  w.ops = 500;
  w.timeout = Probability::from_fraction(0.05);
  const std::string a = history_text(generate_register_history(w).history);
  EXPECT_EQ(history_text(generate_register_history(w).history), a);
  w.seed = 2;
  EXPECT_NE(history_text(generate_register_history(w).history), a);
  FuzzWorkload f;
  EXPECT_EQ(history_text(generate_fuzz_history(f)), history_text(generate_fuzz_history(f)));
}

TEST(HistoryGen, HasTheShapeAskedFor) {
  RegisterWorkload w;
  w.clients = 7;
  w.keys = 3;
  w.ops = 2000;
  w.timeout = Probability::from_fraction(0.1);
  const History h = generate_register_history(w).history;
  const std::vector<Operation> ops = pair_operations(h);
  EXPECT_EQ(ops.size(), 2000U);
  std::set<std::string> keys;
  std::size_t info = 0;
  std::set<std::int64_t> timed_out;  // processes whose operation timed out
  for (const Operation& o : ops) {
    keys.insert(o.key);
    // A client that timed out goes on under a new process id.
    EXPECT_EQ(timed_out.count(o.process), 0U) << "process " << o.process << " reused after info";
    if (o.outcome == Outcome::kInfo) {
      ++info;
      timed_out.insert(o.process);
    }
  }
  EXPECT_EQ(keys, (std::set<std::string>{"k0", "k1", "k2"}));
  EXPECT_GT(info, 120U);
  EXPECT_LT(info, 280U);
  for (std::size_t i = 1; i < h.events.size(); ++i) EXPECT_LE(*h.events[i - 1].time, *h.events[i].time);
}

TEST(HistoryGen, OnlyWritesTimeOutWhenAsked) {
  RegisterWorkload w;
  w.ops = 3000;
  w.timeout = Probability::from_fraction(0.2);
  w.only_writes_time_out = true;
  std::size_t info = 0;
  for (const Operation& o : pair_operations(generate_register_history(w).history)) {
    if (o.outcome != Outcome::kInfo) continue;
    ++info;
    EXPECT_EQ(o.f, OpFunction::kWrite);
  }
  EXPECT_GT(info, 100U);  // about 3000 * 30% writes * 20%
}

TEST(HistoryGen, CorrectRegisterHistoriesAreLinearizable) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    RegisterWorkload w;
    w.seed = seed;
    w.clients = 2 + static_cast<int>(seed % 9);
    w.keys = 1 + static_cast<int>(seed % 3);
    w.ops = 600;
    w.timeout = Probability::from_fraction(0.03 * static_cast<double>(seed % 4));
    w.string_values = seed % 2 == 1;
    const auto r = check_linearizability(generate_register_history(w).history);
    EXPECT_EQ(r.verdict, Verdict::kOk) << "seed " << seed << "\n" << render_text(r);
  }
}

TEST(HistoryGen, InjectedViolationsAreFoundWhereTheyWereInjected) {
  for (Violation v : {Violation::kStaleRead, Violation::kPhantomRead}) {
    for (std::uint64_t seed = 1; seed <= 15; ++seed) {
      RegisterWorkload w;
      w.seed = seed;
      w.clients = 4;
      w.keys = 2;
      w.ops = 800;
      w.timeout = Probability::from_fraction(0.02);
      w.violation = v;
      const GeneratedHistory g = generate_register_history(w);
      ASSERT_EQ(g.injected, v) << "seed " << seed;
      const auto r = check_linearizability(g.history);
      ASSERT_EQ(r.verdict, Verdict::kIllegal) << "seed " << seed;
      ASSERT_EQ(r.keys[0].key, "k0");
      const Witness& wit = *r.keys[0].witness;
      // Nothing before the injected read is wrong, so it is the first failure.
      EXPECT_EQ(wit.failing.op.complete_line, g.line) << "seed " << seed << "\n" << render_text(r);
      EXPECT_EQ(r.keys[1].verdict, Verdict::kOk);
      // A phantom read is wrong alone; a stale one needs at least what overwrote the value.
      EXPECT_EQ(wit.window.size() == 1, v == Violation::kPhantomRead) << "seed " << seed;
    }
  }
}

TEST(HistoryGen, FuzzHistoriesParseBack) {
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    FuzzWorkload f;
    f.seed = seed;
    const History h = generate_fuzz_history(f);
    EXPECT_EQ(parse_history(history_text(h), "fuzz.jsonl").events.size(), h.events.size());
  }
}

}  // namespace
}  // namespace cachesim
