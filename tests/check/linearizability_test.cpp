// Hand-written histories with known verdicts and witnesses.
#include "sim/check/linearizability.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/check/history_builder.hpp"

namespace cachesim {
namespace {

using testing::Cas;
using testing::HistoryBuilder;
using testing::I;
using testing::Null;
using testing::S;

LinearizabilityResult check(const History& h) { return check_linearizability(h); }

// The window as "f value" strings, by invoke order, for compact assertions.
std::vector<std::string> window(const LinearizabilityResult& r) {
  std::vector<std::string> out;
  for (const KeyResult& k : r.keys)
    if (k.witness)
      for (const WitnessOp& o : k.witness->window)
        out.push_back(std::string(to_string(o.op.f)) + " " + o.op.value.to_json());
  return out;
}

TEST(Linearizability, SequentialWritesAndReadsAreOk) {
  HistoryBuilder b;
  b.invoke(0, "read").ok(0, Null());
  b.invoke(0, "write", 1).ok(0);
  b.invoke(1, "read").ok(1, 1);
  b.invoke(1, "write", 2).ok(1);
  b.invoke(0, "read").ok(0, 2);
  const auto r = check(b);
  EXPECT_EQ(r.verdict, Verdict::kOk) << render_text(r);
  ASSERT_EQ(r.keys.size(), 1U);
  EXPECT_EQ(r.keys[0].key, "x");
  EXPECT_EQ(r.keys[0].stats.observations, 3U);
}

TEST(Linearizability, ConcurrentWritesMayBeSeenInEitherOrder) {
  HistoryBuilder b;
  b.invoke(0, "write", 1).invoke(1, "write", 2);
  b.invoke(2, "read").ok(2, 2).invoke(2, "read").ok(2, 1);
  b.ok(0).ok(1);
  b.invoke(2, "read").ok(2, 1);
  EXPECT_EQ(check(b).verdict, Verdict::kOk);
}

TEST(Linearizability, ReadOfAValueNeverWrittenIsIllegal) {
  HistoryBuilder b;
  b.invoke(0, "write", 1).ok(0);
  b.invoke(1, "read").ok(1, 7);
  const auto r = check(b);
  ASSERT_EQ(r.verdict, Verdict::kIllegal);
  const Witness& w = *r.keys[0].witness;
  EXPECT_EQ(w.failing.op.f, OpFunction::kRead);
  EXPECT_EQ(w.failing.op.value, I(7));
  EXPECT_EQ(window(r), std::vector<std::string>{"read 7"});  // alone it cannot be explained
  EXPECT_EQ(w.states_before, std::vector<std::string>{"1"});
}

TEST(Linearizability, StaleReadAfterACompletedWriteIsIllegalAndTheWindowShowsWhy) {
  HistoryBuilder b;
  b.invoke(0, "write", 1).ok(0);
  b.invoke(3, "read").ok(3, 1);  // pins the write of 1 before it: the window starts here
  b.invoke(1, "write", 2).ok(1);
  b.invoke(2, "read").ok(2, 1);
  const auto r = check(b);
  ASSERT_EQ(r.verdict, Verdict::kIllegal);
  const KeyResult& k = r.keys[0];
  EXPECT_EQ(k.key, "x");
  ASSERT_TRUE(k.witness);
  EXPECT_EQ(k.witness->failing.op.process, 2);
  EXPECT_EQ(k.witness->failing.op.complete_line, 8U);
  EXPECT_EQ(k.witness->states_before, std::vector<std::string>{"2"});
  EXPECT_EQ(k.witness->prefix_ops, 3U);
  EXPECT_TRUE(k.witness->window_minimal);
  // The window is as late as possible: the first read already proves 1 was
  // written before 2, so the write of 1 itself is not needed.
  EXPECT_EQ(window(r), (std::vector<std::string>{"read 1", "write 2", "read 1"}));
}

TEST(Linearizability, TimedOutWriteThatALaterReadObservesIsOk) {
  HistoryBuilder b;
  b.invoke(0, "write", 1).info(0);
  b.invoke(1, "write", 2).ok(1);
  b.invoke(2, "read").ok(2, 2);
  b.invoke(2, "read").ok(2, 1);  // the timed-out write took effect late
  b.invoke(2, "read").ok(2, 1);
  EXPECT_EQ(check(b).verdict, Verdict::kOk);
}

TEST(Linearizability, TimedOutWriteTakesEffectAtMostOnce) {
  HistoryBuilder b;
  b.invoke(0, "write", 1).info(0);
  b.invoke(2, "read").ok(2, 1);
  b.invoke(1, "write", 2).ok(1);
  b.invoke(2, "read").ok(2, 1);
  const auto r = check(b);
  ASSERT_EQ(r.verdict, Verdict::kIllegal);
  EXPECT_EQ(window(r), (std::vector<std::string>{"read 1", "write 2", "read 1"}));
}

TEST(Linearizability, TimedOutWriteObservedBeforeItsInvokeIsIllegal) {
  HistoryBuilder b;
  b.invoke(1, "read").ok(1, 5);
  b.invoke(0, "write", 5).info(0);
  const auto r = check(b);
  ASSERT_EQ(r.verdict, Verdict::kIllegal);
  EXPECT_EQ(window(r), std::vector<std::string>{"read 5"});
}

TEST(Linearizability, InvokeWithoutCompletionIsTreatedAsInfo) {
  HistoryBuilder b;
  b.invoke(0, "write", 7);
  b.invoke(1, "read").ok(1, 7);
  const auto r = check(b);
  EXPECT_EQ(r.verdict, Verdict::kOk);
  EXPECT_EQ(r.keys[0].stats.info_ops, 1U);
}

TEST(Linearizability, TheRegisterStartsAbsent) {
  HistoryBuilder ok;
  ok.invoke(0, "read").ok(0, Null());
  EXPECT_EQ(check(ok).verdict, Verdict::kOk);
  HistoryBuilder bad;
  bad.invoke(0, "read").ok(0, 1);
  EXPECT_EQ(check(bad).verdict, Verdict::kIllegal);
}

TEST(Linearizability, FailedWriteNeverTookEffect) {
  HistoryBuilder b;
  b.invoke(0, "write", 1).fail(0);
  b.invoke(1, "read").ok(1, 1);
  EXPECT_EQ(check(b).verdict, Verdict::kIllegal);
}

TEST(Linearizability, CasThatSucceededNeedsItsExpectedValue) {
  HistoryBuilder ok;
  ok.invoke(0, "write", 1).ok(0).cas(0, 1, 2).ok(0).invoke(1, "read").ok(1, 2);
  EXPECT_EQ(check(ok).verdict, Verdict::kOk);
  HistoryBuilder bad;
  bad.invoke(0, "write", 1).ok(0).cas(0, 3, 2).ok(0).invoke(1, "read").ok(1, 2);
  const auto r = check(bad);
  ASSERT_EQ(r.verdict, Verdict::kIllegal);
  // Nothing ever wrote 3: the cas alone cannot be explained.
  EXPECT_EQ(window(r), std::vector<std::string>{"cas [3,2]"});
}

TEST(Linearizability, CasThatFailedSawAnotherValue) {
  // cas 1->2 failed while the value was 1 throughout: impossible.
  HistoryBuilder bad;
  bad.invoke(0, "write", 1).ok(0).cas(1, 1, 2).fail(1).invoke(2, "read").ok(2, 1);
  EXPECT_EQ(check(bad).verdict, Verdict::kIllegal);
  // The same, with a concurrent timed-out write that explains the failure.
  HistoryBuilder ok;
  ok.invoke(0, "write", 1).ok(0).invoke(3, "write", 9).cas(1, 1, 2).fail(1).info(3);
  ok.invoke(2, "read").ok(2, 9);
  EXPECT_EQ(check(ok).verdict, Verdict::kOk);
  // A timed-out write that does not overlap the cas cannot explain it, even
  // if nobody ever reads its value: once it took effect nothing restores 1.
  HistoryBuilder late;
  late.invoke(0, "write", 1).ok(0).cas(1, 1, 2).fail(1).invoke(2, "read").ok(2, 1).invoke(3, "write", 9).info(3);
  EXPECT_EQ(check(late).verdict, Verdict::kIllegal);
}

TEST(Linearizability, TimedOutWriteCanExplainAFailedCasAndIsThenGone) {
  // The timed-out write of 9 is the only way the cas could fail; after it the
  // value is 9, so a later read of 1 needs 1 to be written again: illegal.
  HistoryBuilder b;
  b.invoke(0, "write", 1).ok(0).invoke(3, "write", 9).info(3);
  b.cas(1, 1, 2).fail(1).invoke(2, "read").ok(2, 1);
  EXPECT_EQ(check(b).verdict, Verdict::kIllegal);
}

TEST(Linearizability, CasRejectedWithAnErrorTellsNothing) {
  HistoryBuilder b;
  b.invoke(0, "write", 1).ok(0).cas(1, 1, 2).rejected(1).invoke(2, "read").ok(2, 1);
  const auto r = check(b);
  EXPECT_EQ(r.verdict, Verdict::kOk);
  EXPECT_EQ(r.keys[0].stats.dropped, 1U);
}

TEST(Linearizability, CasWithExpectedNullMeansAbsent) {
  HistoryBuilder ok;
  ok.cas(0, Null(), I(1)).ok(0).invoke(1, "read").ok(1, 1);
  EXPECT_EQ(check(ok).verdict, Verdict::kOk);
  HistoryBuilder bad;
  bad.invoke(2, "write", 5).ok(2).cas(0, Null(), I(1)).ok(0);
  EXPECT_EQ(check(bad).verdict, Verdict::kIllegal);
}

TEST(Linearizability, DeleteMakesTheKeyAbsent) {
  HistoryBuilder ok;
  ok.invoke(0, "write", 1).ok(0).invoke(0, "delete").ok(0).invoke(1, "read").ok(1, Null());
  EXPECT_EQ(check(ok).verdict, Verdict::kOk);
  HistoryBuilder bad;
  bad.invoke(0, "write", 1).ok(0).invoke(0, "delete").ok(0).invoke(1, "read").ok(1, 1);
  const auto r = check(bad);
  ASSERT_EQ(r.verdict, Verdict::kIllegal);
  EXPECT_EQ(window(r), (std::vector<std::string>{"write 1", "delete null", "read 1"}));
}

TEST(Linearizability, IntegersAndStringsAreDifferentValues) {
  HistoryBuilder b;
  b.invoke(0, "write", S("1")).ok(0).invoke(1, "read").ok(1, 1);
  EXPECT_EQ(check(b).verdict, Verdict::kIllegal);
  HistoryBuilder same;
  same.invoke(0, "write", S("1")).ok(0).invoke(1, "read").ok(1, S("1"));
  EXPECT_EQ(check(same).verdict, Verdict::kOk);
}

TEST(Linearizability, KeysAreIndependentAndTheVerdictNamesTheBadOne) {
  HistoryBuilder b("a");
  b.invoke(0, "write", 1).ok(0).invoke(1, "read").ok(1, 1);
  b.key("b").invoke(0, "write", 1).ok(0).invoke(0, "write", 2).ok(0).invoke(1, "read").ok(1, 1);
  // The same value on key a is no excuse for key b.
  b.key("a").invoke(2, "read").ok(2, 1);
  const auto r = check(b);
  ASSERT_EQ(r.verdict, Verdict::kIllegal);
  ASSERT_EQ(r.keys.size(), 2U);
  EXPECT_EQ(r.keys[0].key, "a");
  EXPECT_EQ(r.keys[0].verdict, Verdict::kOk);
  EXPECT_EQ(r.keys[1].key, "b");
  EXPECT_EQ(r.keys[1].verdict, Verdict::kIllegal);
  EXPECT_EQ(r.reason, "key \"b\" is not linearizable");
}

TEST(Linearizability, EmptyHistoryIsUnknownNeverOk) {
  const auto r = check(History{});
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_EQ(r.reason, "no reads: nothing to check");
}

TEST(Linearizability, HistoryWithoutReadsIsUnknown) {
  HistoryBuilder b;
  b.invoke(0, "write", 1).ok(0).invoke(1, "write", 2).ok(1).invoke(2, "read").fail(2);
  const auto r = check(b);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_EQ(r.reason, "no reads: nothing to check");
  ASSERT_EQ(r.keys.size(), 1U);
  EXPECT_TRUE(r.keys[0].vacuous);
}

TEST(Linearizability, AKeyNeverReadDoesNotMakeTheVerdictUnknown) {
  HistoryBuilder b("read");
  b.invoke(0, "write", 1).ok(0).invoke(1, "read").ok(1, 1);
  b.key("unread").invoke(0, "write", 1).ok(0);
  const auto r = check(b);
  EXPECT_EQ(r.verdict, Verdict::kOk);
  EXPECT_TRUE(r.keys[1].vacuous);
  EXPECT_EQ(r.keys[1].reason, "no reads: nothing to check");
}

TEST(Linearizability, TxnOnlyHistoryIsRefusedWithAReason) {
  HistoryBuilder b;
  b.invoke(0, "txn");
  b.ok(0);
  const auto r = check(b);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_NE(r.reason.find("only txn operations"), std::string::npos) << r.reason;
  EXPECT_EQ(r.txn_ops_ignored, 1U);
}

TEST(Linearizability, TxnOperationsAreIgnoredBesideSingleKeyOnes) {
  HistoryBuilder b;
  b.invoke(5, "txn").ok(5);
  b.invoke(0, "write", 1).ok(0).invoke(1, "read").ok(1, 1);
  const auto r = check(b);
  EXPECT_EQ(r.verdict, Verdict::kOk);
  EXPECT_EQ(r.txn_ops_ignored, 1U);
  EXPECT_EQ(r.operations, 3U);
}

TEST(Linearizability, HistoryWithoutTimesUsesEventOrder) {
  const History h = parse_history(
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"x\",\"value\":1}\n"
      "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"key\":\"x\",\"value\":1}\n"
      "{\"process\":1,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"x\",\"value\":2}\n"
      "{\"process\":1,\"type\":\"ok\",\"f\":\"write\",\"key\":\"x\",\"value\":2}\n"
      "{\"process\":2,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"x\",\"value\":null}\n"
      "{\"process\":2,\"type\":\"ok\",\"f\":\"read\",\"key\":\"x\",\"value\":1}\n",
      "h.jsonl");
  const auto r = check(h);
  ASSERT_EQ(r.verdict, Verdict::kIllegal);
  EXPECT_EQ(r.keys[0].witness->failing.op.complete_line, 6U);
  EXPECT_FALSE(r.keys[0].witness->failing.op.complete_time.has_value());
}

TEST(Linearizability, RenderingsNameTheKeyTheOperationAndTheWindow) {
  HistoryBuilder b("k1");
  b.invoke(0, "write", 1).ok(0).invoke(1, "write", 2).ok(1).invoke(2, "read").ok(2, 1);
  const auto r = check(b);
  const std::string text = render_text(r);
  EXPECT_EQ(text.rfind("linearizability: illegal: key \"k1\" is not linearizable\n", 0), 0U) << text;
  EXPECT_NE(text.find("cannot linearize: process 2 read -> 1 (invoked 0.000000040s, line 5; ok 0.000000050s, line 6)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("could only hold: 2"), std::string::npos) << text;
  EXPECT_NE(text.find("minimal window of 3 operations"), std::string::npos) << text;
  EXPECT_NE(text.find("    process 0 write 1 (invoked"), std::string::npos) << text;

  const nlohmann::json j = render_json(r);
  EXPECT_EQ(j["verdict"], "illegal");
  EXPECT_EQ(j["keys"][0]["key"], "k1");
  EXPECT_EQ(j["keys"][0]["stats"]["observations"], 1);
  EXPECT_EQ(j["keys"][0]["witness"]["failing"]["process"], 2);
  EXPECT_EQ(j["keys"][0]["witness"]["failing"]["value"], 1);
  EXPECT_EQ(j["keys"][0]["witness"]["failing"]["complete_time"], 50);
  EXPECT_EQ(j["keys"][0]["witness"]["window"].size(), 3U);
  EXPECT_EQ(j["keys"][0]["witness"]["states_before"], nlohmann::json::array({"2"}));
}

TEST(Linearizability, ResultsAreTheSameRunToRun) {
  HistoryBuilder b;
  b.invoke(0, "write", 1).invoke(1, "write", 2).invoke(3, "write", 3).ok(0).ok(1).info(3);
  b.invoke(2, "read").ok(2, 2).invoke(2, "read").ok(2, 1);
  const std::string first = render_json(check(b)).dump();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(render_json(check(b)).dump(), first);
}

}  // namespace
}  // namespace cachesim
