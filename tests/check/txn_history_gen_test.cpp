// The list-append generator and the transaction checker on its histories:
// generated histories are deterministic and shaped as asked; valid ones pass
// on hundreds of seeds; each injected anomaly is found, by name, on the
// transactions and keys it was injected into, and nothing else is reported.
#include "sim/check/txn_history_gen.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "sim/check/txn_check.hpp"
#include "tests/check/txn_test_history.hpp"

namespace cachesim {
namespace {

using K = TxnAnomalyKind;

TxnWorkload small(std::uint64_t seed, TxnInjection inject = TxnInjection::kNone) {
  TxnWorkload w;
  w.seed = seed;
  w.clients = 6;
  w.txns = 150;
  w.fail = Probability::from_fraction(0.1);
  w.info = Probability::from_fraction(0.05);
  w.inject = inject;
  return w;
}

TxnCheckResult check(const History& h, bool realtime) {
  TxnCheckOptions o;
  o.realtime = realtime;
  return check_transactions(h, o);
}

std::set<K> kind_set(const TxnCheckResult& r) {
  const std::vector<K> v = testing::found_kinds(r);
  return {v.begin(), v.end()};
}

TEST(TxnHistoryGen, SameSeedSameBytesOtherSeedOtherBytes) {
  const std::string a = history_text(generate_txn_history(small(1)).history);
  EXPECT_EQ(history_text(generate_txn_history(small(1)).history), a);
  EXPECT_NE(history_text(generate_txn_history(small(2)).history), a);
}

TEST(TxnHistoryGen, HasTheShapeAskedFor) {
  TxnWorkload w = small(3);
  w.txns = 2000;
  const History h = generate_txn_history(w).history;
  const std::vector<Operation> ops = pair_operations(h);
  ASSERT_EQ(ops.size(), 2000U);
  std::size_t fail = 0, info = 0, longest = 0;
  std::set<std::string> keys;
  std::set<std::int64_t> timed_out;
  for (const Operation& op : ops) {
    EXPECT_EQ(op.f, OpFunction::kTxn);
    EXPECT_EQ(timed_out.count(op.process), 0U) << "process " << op.process << " reused after info";
    EXPECT_GE(op.txn.size(), 1U);
    EXPECT_LE(op.txn.size(), 4U);
    fail += op.outcome == Outcome::kFail;
    if (op.outcome == Outcome::kInfo) {
      ++info;
      timed_out.insert(op.process);
    }
    for (const MicroOp& m : op.txn) {
      keys.insert(m.key);
      if (m.f == "r" && op.outcome == Outcome::kOk) longest = std::max(longest, m.value.as_list().size());
    }
  }
  EXPECT_GT(fail, 140U);
  EXPECT_LT(fail, 260U);
  EXPECT_GT(info, 50U);
  EXPECT_LT(info, 150U);
  // The key window slides: many keys in all, short lists in each.
  EXPECT_GT(keys.size(), 200U);
  EXPECT_GT(longest, 3U);
  EXPECT_LT(longest, 40U);
  for (std::size_t i = 1; i < h.events.size(); ++i) EXPECT_LE(*h.events[i - 1].time, *h.events[i].time);
}

TEST(TxnHistoryGen, ValidHistoriesPassOnHundredsOfSeeds) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const History h = generate_txn_history(small(seed)).history;
    for (bool realtime : {false, true}) {
      const TxnCheckResult r = check(h, realtime);
      ASSERT_EQ(r.verdict, Verdict::kOk) << "seed " << seed << " realtime " << realtime << "\n" << render_text(r);
    }
  }
}

TEST(TxnHistoryGen, ValidHistoriesSurviveTheRoundTripThroughText) {
  const GeneratedTxnHistory g = generate_txn_history(small(7, TxnInjection::kG2));
  const History back = parse_history(history_text(g.history), "g.jsonl");
  EXPECT_EQ(history_text(back), history_text(g.history));
  EXPECT_EQ(check(back, true).anomaly_count, check(g.history, true).anomaly_count);
}

struct Expectation {
  TxnInjection inject;
  K kind;                          // the anomaly injected
  std::set<K> all;                 // everything the checker must report
  std::vector<std::size_t> roles;  // which of GeneratedTxnHistory::txns its witness names
};

TEST(TxnHistoryGen, EachInjectedAnomalyIsFoundWhereItWasInjected) {
  const std::vector<Expectation> cases = {
      {TxnInjection::kG0, K::kG0, {K::kG0}, {0, 1}},
      {TxnInjection::kG1a, K::kG1a, {K::kG1a}, {0, 1}},
      {TxnInjection::kG1b, K::kG1b, {K::kG1b, K::kGSingle}, {0, 1}},
      {TxnInjection::kG1c, K::kG1c, {K::kG1c}, {0, 1}},
      {TxnInjection::kGSingle, K::kGSingle, {K::kGSingle}, {0, 1}},
      {TxnInjection::kG2, K::kG2, {K::kG2}, {0, 1}},
      {TxnInjection::kFracturedRead, K::kFracturedRead, {K::kFracturedRead, K::kGSingle}, {0, 1}},
      {TxnInjection::kIncompatibleOrder, K::kIncompatibleOrder, {K::kIncompatibleOrder}, {1, 2}},
      {TxnInjection::kDuplicateElement, K::kDuplicateElement, {K::kDuplicateElement}, {0, 1}},
      {TxnInjection::kGarbageRead, K::kGarbageRead, {K::kGarbageRead}, {1}},
      {TxnInjection::kInternal, K::kInternal, {K::kInternal}, {0}},
  };
  for (const Expectation& c : cases) {
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
      const GeneratedTxnHistory g = generate_txn_history(small(seed, c.inject));
      ASSERT_EQ(g.injected, c.inject) << to_string(c.inject) << " seed " << seed;
      for (bool realtime : {false, true}) {
        const TxnCheckResult r = check(g.history, realtime);
        const std::string where = std::string(to_string(c.inject)) + " seed " + std::to_string(seed) +
                                  " realtime " + std::to_string(realtime) + "\n" + render_text(r);
        ASSERT_EQ(r.verdict, Verdict::kIllegal) << where;
        ASSERT_EQ(kind_set(r), c.all) << where;
        const TxnAnomaly* found = nullptr;
        for (const TxnAnomaly& a : r.anomalies)
          if (a.kind == c.kind) found = &a;
        ASSERT_NE(found, nullptr) << where;
        EXPECT_FALSE(found->realtime) << where;
        std::set<std::size_t> named, injected;
        for (const TxnWitness& w : found->transactions) named.insert(w.index);
        for (std::size_t role : c.roles) injected.insert(g.txns.at(role));
        EXPECT_EQ(named, injected) << where;
        for (const std::string& k : found->keys)
          EXPECT_TRUE(std::find(g.keys.begin(), g.keys.end(), k) != g.keys.end()) << k << "\n" << where;
      }
    }
  }
}

TEST(TxnHistoryGen, InjectedStaleReadIsFlaggedOnlyWithRealTimeEdges) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const GeneratedTxnHistory g = generate_txn_history(small(seed, TxnInjection::kStaleRead));
    ASSERT_EQ(g.injected, TxnInjection::kStaleRead) << seed;
    const TxnCheckResult serializable = check(g.history, false);
    ASSERT_EQ(serializable.verdict, Verdict::kOk) << seed << "\n" << render_text(serializable);
    const TxnCheckResult strict = check(g.history, true);
    ASSERT_EQ(kind_set(strict), std::set<K>{K::kGSingle}) << seed << "\n" << render_text(strict);
    const TxnAnomaly& a = strict.anomalies[0];
    EXPECT_TRUE(a.realtime);
    std::set<std::size_t> txns;
    for (const TxnWitness& w : a.transactions) txns.insert(w.index);
    for (std::size_t t : g.txns) EXPECT_TRUE(txns.count(t)) << seed << " T" << t + 1 << "\n" << render_text(strict);
    bool rw_on_key = false;
    for (const CycleEdge& e : a.cycle) rw_on_key |= e.kind == DepKind::kRW && e.key == g.keys[0];
    EXPECT_TRUE(rw_on_key) << render_text(strict);
  }
}

TEST(TxnHistoryGen, TooSmallForAnInjectionSaysSo) {
  TxnWorkload w = small(1, TxnInjection::kG0);
  w.txns = 2;
  EXPECT_EQ(generate_txn_history(w).injected, TxnInjection::kNone);
}

}  // namespace
}  // namespace cachesim
