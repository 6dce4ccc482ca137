// The transaction checker on small hand-written list-append histories: one
// per anomaly (its name, transactions, keys and cycle), valid histories that
// must pass, real-time order, unknown verdicts and bad input.
#include "sim/check/txn_check.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/core/input_error.hpp"
#include "tests/check/txn_test_history.hpp"

namespace cachesim {
namespace {

using testing::cycle_text;
using testing::found_kinds;
using testing::ids;
using testing::of_kind;
using testing::TxnText;
using K = TxnAnomalyKind;
using Strings = std::vector<std::string>;


TEST(TxnCheck, G0WriteCycle) {
  TxnText h;
  h.txn(1, R"([["append","x",1],["append","y",1]])");
  h.txn(2, R"([["append","x",2],["append","y",2]])");
  h.txn(3, R"([["r","x",[1,2]],["r","y",[2,1]]])");
  const TxnCheckResult r = h.check();
  EXPECT_EQ(r.verdict, Verdict::kIllegal);
  ASSERT_EQ(found_kinds(r), std::vector<K>{K::kG0}) << render_text(r);
  const TxnAnomaly& a = *of_kind(r, K::kG0)[0];
  EXPECT_FALSE(a.realtime);
  EXPECT_EQ(cycle_text(a), "T1-ww-T2-ww-T1");
  EXPECT_EQ(ids(a), (Strings{"T1", "T2"}));
  EXPECT_EQ(a.keys, (Strings{"x", "y"}));
  EXPECT_EQ(a.cycle[0].why, "T2 appended 2 to x after T1's append 1 (x=[1,2] in its longest read)");
  EXPECT_EQ(a.cycle[1].why, "T1 appended 1 to y after T2's append 2 (y=[2,1] in its longest read)");
}

TEST(TxnCheck, G1aReadOfAnAbortedAppend) {
  TxnText h;
  h.invoke(1, R"([["append","x",1]])").fail(1);
  h.txn(2, R"([["r","x",[1]]])");
  const TxnCheckResult r = h.check();
  EXPECT_EQ(r.verdict, Verdict::kIllegal);
  ASSERT_EQ(found_kinds(r), std::vector<K>{K::kG1a}) << render_text(r);
  const TxnAnomaly& a = *of_kind(r, K::kG1a)[0];
  EXPECT_EQ(ids(a), (Strings{"T2", "T1"}));
  EXPECT_EQ(a.keys, Strings{"x"});
  EXPECT_TRUE(a.cycle.empty());
  EXPECT_NE(a.explanation.find("appended by T1, which failed"), std::string::npos) << a.explanation;
  EXPECT_EQ(r.counts.aborted, 1U);
}

TEST(TxnCheck, G1bReadOfAnIntermediateAppend) {
  TxnText h;
  h.txn(1, R"([["append","x",1],["append","x",2]])");
  h.txn(2, R"([["r","x",[1]]])");
  const TxnCheckResult r = h.check();
  ASSERT_EQ(of_kind(r, K::kG1b).size(), 1U) << render_text(r);
  const TxnAnomaly& a = *of_kind(r, K::kG1b)[0];
  EXPECT_EQ(ids(a), (Strings{"T2", "T1"}));
  EXPECT_NE(a.explanation.find("went on to append 2"), std::string::npos) << a.explanation;
  // T2 also read T1 and missed part of it: a cycle with one anti-dependency.
  ASSERT_EQ(of_kind(r, K::kGSingle).size(), 1U);
  EXPECT_EQ(cycle_text(*of_kind(r, K::kGSingle)[0]), "T1-wr-T2-rw-T1");
}

TEST(TxnCheck, G1cCircularInformationFlow) {
  TxnText h;
  h.invoke(1, R"([["append","x",1],["r","y",null]])");
  h.invoke(2, R"([["append","y",1],["r","x",null]])");
  h.ok(1, R"([["append","x",1],["r","y",[1]]])");
  h.ok(2, R"([["append","y",1],["r","x",[1]]])");
  const TxnCheckResult r = h.check();
  ASSERT_EQ(found_kinds(r), std::vector<K>{K::kG1c}) << render_text(r);
  const TxnAnomaly& a = *of_kind(r, K::kG1c)[0];
  EXPECT_EQ(cycle_text(a), "T1-wr-T2-wr-T1");
  EXPECT_EQ(a.cycle[0].why, "T2 read x=[1], which ends with T1's append 1");
  EXPECT_EQ(a.cycle[1].why, "T1 read y=[1], which ends with T2's append 1");
}

TEST(TxnCheck, GSingleLostUpdate) {
  TxnText h;
  h.invoke(1, R"([["r","x",null],["append","x",1]])");
  h.invoke(2, R"([["r","x",null],["append","x",2]])");
  h.ok(1, R"([["r","x",[]],["append","x",1]])");
  h.ok(2, R"([["r","x",[]],["append","x",2]])");
  h.txn(3, R"([["r","x",[1,2]]])");
  const TxnCheckResult r = h.check();
  ASSERT_EQ(found_kinds(r), std::vector<K>{K::kGSingle}) << render_text(r);
  const TxnAnomaly& a = *of_kind(r, K::kGSingle)[0];
  EXPECT_FALSE(a.realtime);
  EXPECT_EQ(cycle_text(a), "T1-ww-T2-rw-T1");
  EXPECT_EQ(a.cycle[1].why, "T2 read x=[], and T1 appended 1, the first element of x");
  EXPECT_EQ(ids(a), (Strings{"T1", "T2"}));
}

TEST(TxnCheck, G2WriteSkew) {
  TxnText h;
  h.invoke(1, R"([["r","x",null],["r","y",null],["append","x",1]])");
  h.invoke(2, R"([["r","x",null],["r","y",null],["append","y",1]])");
  h.ok(1, R"([["r","x",[]],["r","y",[]],["append","x",1]])");
  h.ok(2, R"([["r","x",[]],["r","y",[]],["append","y",1]])");
  h.txn(3, R"([["r","x",[1]],["r","y",[1]]])");
  const TxnCheckResult r = h.check();
  ASSERT_EQ(found_kinds(r), std::vector<K>{K::kG2}) << render_text(r);
  const TxnAnomaly& a = *of_kind(r, K::kG2)[0];
  EXPECT_EQ(cycle_text(a), "T1-rw-T2-rw-T1");
  EXPECT_EQ(a.keys, (Strings{"y", "x"}));
}

TEST(TxnCheck, FracturedReadIsAnAtomicityViolation) {
  TxnText h;
  h.invoke(1, R"([["append","x",1],["append","y",1]])");
  h.invoke(2, R"([["r","x",null],["r","y",null]])");
  h.ok(1, R"([["append","x",1],["append","y",1]])");
  h.ok(2, R"([["r","x",[1]],["r","y",[]]])");
  h.txn(3, R"([["r","y",[1]]])");
  const TxnCheckResult r = h.check();
  ASSERT_EQ(of_kind(r, K::kFracturedRead).size(), 1U) << render_text(r);
  const TxnAnomaly& a = *of_kind(r, K::kFracturedRead)[0];
  EXPECT_EQ(ids(a), (Strings{"T2", "T1"}));
  EXPECT_EQ(a.keys, (Strings{"x", "y"}));
  EXPECT_NE(a.explanation.find("atomicity"), std::string::npos);
  EXPECT_EQ(found_kinds(r), (std::vector<K>{K::kGSingle, K::kFracturedRead}));
}

TEST(TxnCheck, IncompatibleOrder) {
  TxnText h;
  h.txn(1, R"([["append","x",1]])");
  h.txn(2, R"([["append","x",2]])");
  h.txn(3, R"([["r","x",[1,2]]])");
  h.txn(4, R"([["r","x",[2,1]]])");
  const TxnCheckResult r = h.check();
  ASSERT_EQ(found_kinds(r), std::vector<K>{K::kIncompatibleOrder}) << render_text(r);
  const TxnAnomaly& a = *of_kind(r, K::kIncompatibleOrder)[0];
  EXPECT_EQ(ids(a), (Strings{"T4", "T3"}));
  EXPECT_NE(a.explanation.find("1st elements differ: 2 vs 1"), std::string::npos) << a.explanation;
}

TEST(TxnCheck, DuplicateElement) {
  TxnText h;
  h.txn(1, R"([["append","x",1]])");
  h.txn(2, R"([["r","x",[1,1]]])");
  const TxnCheckResult r = h.check();
  ASSERT_EQ(found_kinds(r), std::vector<K>{K::kDuplicateElement}) << render_text(r);
  EXPECT_EQ(ids(r.anomalies[0]), (Strings{"T2", "T1"}));
}

TEST(TxnCheck, GarbageRead) {
  TxnText h;
  h.txn(1, R"([["append","x",1]])");
  h.txn(2, R"([["r","x",[1,5]]])");
  const TxnCheckResult r = h.check();
  ASSERT_EQ(found_kinds(r), std::vector<K>{K::kGarbageRead}) << render_text(r);
  EXPECT_EQ(ids(r.anomalies[0]), Strings{"T2"});
  EXPECT_NE(r.anomalies[0].explanation.find("no transaction ever appended 5 to x"), std::string::npos);
}

TEST(TxnCheck, InternalReadMissesOwnAppend) {
  TxnText h;
  h.txn(1, R"([["append","x",1],["r","x",[]]])");
  const TxnCheckResult r = h.check();
  ASSERT_EQ(found_kinds(r), std::vector<K>{K::kInternal}) << render_text(r);
  EXPECT_EQ(ids(r.anomalies[0]), Strings{"T1"});
}

TEST(TxnCheck, InternalNonRepeatableReadAndFutureRead) {
  TxnText a;
  a.invoke(2, R"([["append","x",1]])");
  a.txn(1, R"([["r","x",[]],["r","x",[1]]])");
  a.ok(2, R"([["append","x",1]])");
  EXPECT_EQ(of_kind(a.check(), K::kInternal).size(), 1U) << render_text(a.check());
  TxnText b;
  b.txn(1, R"([["r","x",[1]],["append","x",1]])");
  const TxnCheckResult r = b.check();
  ASSERT_EQ(of_kind(r, K::kInternal).size(), 1U) << render_text(r);
  EXPECT_NE(r.anomalies[0].explanation.find("its own future write"), std::string::npos);
}

TEST(TxnCheck, ValidConcurrentHistoryWithInfoAndAbortedTransactionsPasses) {
  TxnText h;
  h.invoke(1, R"([["append","x",1],["r","y",null]])");
  h.invoke(2, R"([["append","y",1]])");
  h.invoke(3, R"([["append","x",9]])");
  h.ok(2, R"([["append","y",1]])");
  h.ok(1, R"([["append","x",1],["r","y",[1]]])");
  h.fail(3);
  h.invoke(4, R"([["append","y",2]])").info(4);      // observed below: committed
  h.invoke(5, R"([["append","x",3],["r","y",null]])").info(5);  // never observed
  h.invoke(6, R"([["r","x",null],["r","y",null]])");
  h.invoke(7, R"([["r","y",null],["append","y",3]])");
  h.ok(6, R"([["r","x",[1]],["r","y",[1,2]]])");
  h.ok(7, R"([["r","y",[1,2]],["append","y",3]])");
  h.txn(8, R"([["r","y",[1,2,3]],["r","x",[1]]])");
  for (bool realtime : {false, true}) {
    const TxnCheckResult r = h.check(realtime);
    EXPECT_EQ(r.verdict, Verdict::kOk) << render_text(r);
    EXPECT_EQ(r.anomaly_count, 0U);
    EXPECT_EQ(r.counts.committed, 5U);
    EXPECT_EQ(r.counts.aborted, 1U);
    EXPECT_EQ(r.counts.info, 2U);
    EXPECT_EQ(r.counts.reads, 6U);
    EXPECT_EQ(r.counts.appends, 6U);
  }
}

TEST(TxnCheck, ObservedInfoTransactionTakesPartInCycles) {
  TxnText h;
  h.invoke(1, R"([["append","x",1],["append","y",1]])").info(1);
  h.txn(2, R"([["append","x",2],["append","y",2]])");
  h.txn(3, R"([["r","x",[1,2]],["r","y",[2,1]]])");
  const TxnCheckResult r = h.check();
  ASSERT_EQ(found_kinds(r), std::vector<K>{K::kG0}) << render_text(r);
  EXPECT_EQ(cycle_text(r.anomalies[0]), "T1-ww-T2-ww-T1");
}

TEST(TxnCheck, StaleReadIsFlaggedOnlyWithRealTimeEdges) {
  TxnText h;
  h.txn(1, R"([["append","x",1]])");
  h.txn(2, R"([["r","x",[]]])");  // invoked after T1 completed, yet misses its append
  const TxnCheckResult serializable = h.check(false);
  EXPECT_EQ(serializable.verdict, Verdict::kOk) << render_text(serializable);
  const TxnCheckResult strict = h.check(true);
  EXPECT_EQ(strict.verdict, Verdict::kIllegal);
  ASSERT_EQ(found_kinds(strict), std::vector<K>{K::kGSingle}) << render_text(strict);
  const TxnAnomaly& a = strict.anomalies[0];
  EXPECT_TRUE(a.realtime);
  EXPECT_EQ(cycle_text(a), "T1-rt-T2-rw-T1");
  EXPECT_FALSE(a.cycle[0].key.has_value());
  EXPECT_EQ(a.cycle[0].why,
            "T1 completed (ok at 0.000000020s, line 2) before T2 was invoked (at 0.000000030s, line 3)");
}

TEST(TxnCheck, RealTimeEdgesAreTransitivelyReducedButStillOrder) {
  // T1 < T2 < T3 in real time; T3's stale read of T1 closes a cycle only
  // through the chain T1 -rt-> T2 -rt-> T3.
  TxnText h;
  h.txn(1, R"([["append","x",1]])");
  h.txn(2, R"([["append","y",1]])");
  h.txn(3, R"([["r","x",[]]])");
  const TxnCheckResult r = h.check(true);
  ASSERT_EQ(found_kinds(r), std::vector<K>{K::kGSingle}) << render_text(r);
  EXPECT_EQ(cycle_text(r.anomalies[0]), "T1-rt-T2-rt-T3-rw-T1");
}

TEST(TxnCheck, NothingToCheckIsUnknown) {
  EXPECT_EQ(TxnText().check().verdict, Verdict::kUnknown);
  EXPECT_NE(TxnText().check().reason.find("no transactions"), std::string::npos);
  TxnText appends;
  appends.txn(1, R"([["append","x",1]])").txn(2, R"([["append","x",2]])");
  const TxnCheckResult r = appends.check();
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_EQ(r.reason, "no reads: nothing to check");
  const History kv = parse_history(
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k\",\"value\":1}\n"
      "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"key\":\"k\",\"value\":1}\n",
      "kv.jsonl");
  const TxnCheckResult k = check_transactions(kv);
  EXPECT_EQ(k.verdict, Verdict::kUnknown);
  EXPECT_EQ(k.non_txn_ops, 1U);
}

TEST(TxnCheck, BadInputNamesTheLine) {
  auto error = [](const TxnText& h) -> std::string {
    try {
      h.check();
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  TxnText w;
  w.txn(1, R"([["append","x",1]])").txn(2, R"([["w","x",3]])");
  EXPECT_EQ(error(w).rfind("t.jsonl:4: expected list-append micro-ops (append, r), found [\"w\",\"x\",3]", 0), 0U)
      << error(w);
  TxnText dup;
  dup.txn(1, R"([["append","x",1]])").txn(2, R"([["append","x",1]])");
  EXPECT_EQ(error(dup).rfind("t.jsonl:4: expected each value to be appended to a key at most once", 0), 0U)
      << error(dup);
  TxnText scalar;
  scalar.txn(1, R"([["r","x",5]])");
  EXPECT_EQ(error(scalar).rfind("t.jsonl:2: expected an ok read to be a list", 0), 0U) << error(scalar);
  TxnText list_append;
  list_append.txn(1, R"([["append","x",[1]]])");
  EXPECT_NE(error(list_append).find("expected an append of an integer or a string"), std::string::npos);
}

TEST(TxnCheck, ManyAnomaliesAreAllCountedButFewListed) {
  TxnText h;
  for (int k = 0; k < 20; ++k) h.txn(1, R"([["r","k)" + std::to_string(k) + R"(",[7]]])");
  const TxnCheckResult r = h.check();
  EXPECT_EQ(r.anomaly_count, 20U);
  EXPECT_EQ(r.anomaly_counts[static_cast<std::size_t>(K::kGarbageRead)], 20U);
  EXPECT_EQ(r.anomalies.size(), TxnCheckOptions{}.max_listed_per_kind);
  EXPECT_NE(render_text(r).find("(12 more garbage-read not listed)"), std::string::npos) << render_text(r);
}

TEST(TxnCheck, TextExplainsEveryEdgeAndNamesEveryTransaction) {
  TxnText h;
  h.invoke(1, R"([["r","x",null],["append","x",1]])");
  h.invoke(2, R"([["r","x",null],["append","x",2]])");
  h.ok(1, R"([["r","x",[]],["append","x",1]])");
  h.ok(2, R"([["r","x",[]],["append","x",2]])");
  h.txn(3, R"([["r","x",[1,2]]])");
  const std::string t = render_text(h.check());
  for (const char* want :
       {"transactions (strict-serializable): illegal: 1 anomaly (G-single 1)",
        "T1 < T2 (ww): T2 appended 2 to x after T1's append 1 (x=[1,2] in its longest read)",
        "T2 < T1 (rw): T2 read x=[], and T1 appended 1, the first element of x",
        "T1: process 1, invoked 0.000000010s (line 1), ok 0.000000030s (line 3): "
        "[[\"r\",\"x\",[]],[\"append\",\"x\",1]]",
        "T2: process 2, invoked"})
    EXPECT_NE(t.find(want), std::string::npos) << want << "\n" << t;
}

TEST(TxnCheck, JsonHasTheDocumentedShape) {
  TxnText h;
  h.txn(1, R"([["append","x",1]])");
  h.txn(2, R"([["r","x",[]]])");
  const nlohmann::json j = render_json(h.check());
  EXPECT_EQ(j["verdict"], "illegal");
  EXPECT_FALSE(j.contains("reason"));
  EXPECT_EQ(j["counts"], (nlohmann::json{{"committed", 2}, {"aborted", 0}, {"info", 0}, {"reads", 1}, {"appends", 1}}));
  ASSERT_EQ(j["anomalies"].size(), 1U);
  const nlohmann::json& a = j["anomalies"][0];
  EXPECT_EQ(a["kind"], "G-single");
  EXPECT_EQ(a["realtime"], true);
  EXPECT_EQ(a["keys"], nlohmann::json::array({"x"}));
  EXPECT_TRUE(a["explanation"].is_string());
  const nlohmann::json& t = a["transactions"][0];
  EXPECT_EQ(t["id"], "T1");
  EXPECT_EQ(t["process"], 1);
  EXPECT_EQ(t["invoke_time"], 10);
  EXPECT_EQ(t["complete_time"], 20);
  EXPECT_EQ(t["outcome"], "ok");
  EXPECT_EQ(t["ops"], nlohmann::json::parse(R"([["append","x",1]])"));
  EXPECT_EQ(a["cycle"][0], (nlohmann::json{{"from", "T1"}, {"to", "T2"}, {"edge", "rt"}, {"key", nullptr},
                                           {"why", a["cycle"][0]["why"]}}));
  EXPECT_EQ(a["cycle"][1]["edge"], "rw");
  EXPECT_EQ(a["cycle"][1]["key"], "x");
  const nlohmann::json u = render_json(TxnText().check());
  EXPECT_EQ(u["verdict"], "unknown");
  EXPECT_EQ(u["reason"], "no transactions: nothing to check");
}

}  // namespace
}  // namespace cachesim
