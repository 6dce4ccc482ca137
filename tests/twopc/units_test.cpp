// Unit tests of 2PC's pieces: record encodings, and the replicated state's
// rules (locks, fence, first decision wins, snapshots).
#include <gtest/gtest.h>

#include "protocols/twopc/records.hpp"
#include "protocols/twopc/txn_state.hpp"

namespace cachesim::twopc {
namespace {

std::vector<MicroOp> ops(std::initializer_list<std::pair<const char*, std::int64_t>> l) {
  std::vector<MicroOp> out;
  for (auto [k, v] : l) out.push_back(MicroOp{v ? MicroKind::append : MicroKind::read, k, v});
  return out;
}

TEST(TwoPcRecords, RoundTrip) {
  const BeginRecord b{{7, 9}, ops({{"x1", 5}, {"x2", 0}}), {3, 4}};
  const BeginRecord b2 = decode_begin(encode(b));
  EXPECT_EQ(b2.txn, b.txn);
  EXPECT_EQ(b2.op_group, b.op_group);
  ASSERT_EQ(b2.ops.size(), 2u);
  EXPECT_EQ(b2.ops[0].value, 5);
  EXPECT_EQ(b2.ops[1].kind, MicroKind::read);
  const PrepareRecord p{{1, 2}, 3, 4, 99, ops({{"a", 1}})};
  const PrepareRecord p2 = decode_prepare(encode(p));
  EXPECT_EQ(p2.coord_group, 3u);
  EXPECT_EQ(p2.coordinator, 4u);
  EXPECT_EQ(p2.epoch, 99u);
  const DecisionRecord d{{1, 2}, true, false, {{1, 2}, {}}, ""};
  const DecisionRecord d2 = decode_decision(encode(d));
  EXPECT_TRUE(d2.commit);
  EXPECT_EQ(d2.reads, d.reads);
  const OutcomeRecord o2 = decode_outcome(encode(OutcomeRecord{{5, 6}, true, 7}));
  EXPECT_EQ(o2.txn, (TxnId{5, 6}));
  EXPECT_EQ(o2.epoch, 7u);
  EXPECT_EQ(record_kind(encode(d)), RecordKind::decision);
  EXPECT_FALSE(record_kind("C..."));  // the cache's client ops share the log
  EXPECT_FALSE(record_kind(""));
}

TEST(TwoPcState, ConflictingPrepareVotesNoAndCommitAppliesAppendsAndUnlocks) {
  TxnState s(0);
  EXPECT_EQ(s.prepare({1, 1}, 0, 0, 0, ops({{"x", 10}, {"x", 0}}), false), Vote::yes);
  EXPECT_EQ(s.prepared({1, 1})->reads, (std::vector<List>{{10}}));  // sees its own append
  EXPECT_EQ(s.prepare({2, 1}, 0, 0, 0, ops({{"x", 0}}), false), Vote::no_conflict);
  EXPECT_EQ(s.prepare({1, 1}, 0, 0, 0, ops({{"x", 10}, {"x", 0}}), false), Vote::yes);  // idempotent
  EXPECT_EQ(s.list("x"), nullptr);  // nothing applied before the decision
  EXPECT_EQ(s.resolve({1, 1}, true, 0), TxnState::Resolved::applied);
  EXPECT_EQ(*s.list("x"), (List{10}));
  EXPECT_TRUE(s.held_locks().empty());
  EXPECT_EQ(s.resolve({1, 1}, true, 0), TxnState::Resolved::not_prepared);  // duplicate
  EXPECT_EQ(*s.list("x"), (List{10}));
}

TEST(TwoPcState, TheFenceStopsLateAndDuplicatePreparesFromLocking) {
  TxnState s(0);
  EXPECT_EQ(s.prepare({1, 5}, 0, 0, 0, ops({{"x", 1}}), false), Vote::yes);
  EXPECT_EQ(s.resolve({1, 5}, false, 0), TxnState::Resolved::applied);
  EXPECT_EQ(s.prepare({1, 5}, 0, 0, 0, ops({{"x", 1}}), false), Vote::no_stale);  // aborted, then a late copy
  EXPECT_EQ(s.prepare({1, 4}, 0, 0, 0, ops({{"y", 1}}), false), Vote::no_stale);  // older than what it saw
  EXPECT_TRUE(s.held_locks().empty());
  // A decision that overtakes its prepare fences it too.
  EXPECT_EQ(s.resolve({2, 3}, false, 0), TxnState::Resolved::never_prepared);
  EXPECT_EQ(s.prepare({2, 3}, 0, 0, 0, ops({{"z", 1}}), false), Vote::no_stale);
}

TEST(TwoPcState, ClassicBindsAPreparedTxnToItsCoordinatorIncarnation) {
  TxnState s(0);
  EXPECT_EQ(s.prepare({1, 1}, 0, 7, 111, ops({{"x", 1}}), false), Vote::yes);
  EXPECT_EQ(s.prepare({1, 1}, 0, 7, 222, ops({{"x", 1}}), false), Vote::no_bound);
  EXPECT_EQ(s.resolve({1, 1}, false, 222), TxnState::Resolved::other_epoch);
  EXPECT_EQ(s.held_locks().size(), 1u);
  EXPECT_EQ(s.resolve({1, 1}, true, 111), TxnState::Resolved::applied);
  EXPECT_EQ(*s.list("x"), (List{1}));
}

TEST(TwoPcState, FirstDecisionWinsAndSnapshotsRoundTrip) {
  TxnState s(3);
  s.begin({1, 1}, InProgress{ops({{"x", 1}}), {3}, Vote::yes, {}});
  EXPECT_TRUE(s.decide({1, 1}, false, {}, "presumed abort", true));
  EXPECT_FALSE(s.decide({1, 1}, true, {}, "", true));
  EXPECT_EQ(s.decision({1, 1}), false);
  EXPECT_EQ(s.prepare({2, 1}, 5, 4, 0, ops({{"y", 9}, {"y", 0}}), false), Vote::yes);
  s.fold(42);
  TxnState r(3);
  r.restore(s.snapshot());
  EXPECT_EQ(r.snapshot(), s.snapshot());
  EXPECT_EQ(r.digest(), s.digest());
  EXPECT_EQ(r.decision({1, 1}), false);
  ASSERT_NE(r.prepared({2, 1}), nullptr);
  EXPECT_EQ(r.prepared({2, 1})->coord_group, 5u);
  EXPECT_EQ(r.held_locks().size(), 1u);
  EXPECT_EQ(r.fence(2), 1u);
}

TEST(TwoPcState, AForgottenDecisionStaysDecidedAsItWas) {
  TxnState s(3);
  s.begin({1, 1}, InProgress{ops({{"x", 1}, {"y", 2}}), {3, 4}, Vote::yes, {}});
  ASSERT_TRUE(s.decide({1, 1}, true, {}, "", true, {4}));
  ASSERT_EQ(s.remembered().size(), 1u);
  EXPECT_EQ(s.remembered().at({1, 1}).participants, (std::vector<GroupId>{4}));
  TxnState r(3);
  r.restore(s.snapshot());
  EXPECT_EQ(r.remembered().at({1, 1}).participants, (std::vector<GroupId>{4}));
  // A later txn of the client decided here, then the first is forgotten.
  s.begin({1, 2}, InProgress{ops({{"x", 3}, {"y", 4}}), {3, 4}, Vote::yes, {}});
  ASSERT_TRUE(s.decide({1, 2}, false, {}, "lock conflict", true, {4}));
  s.forget({1, 1});
  EXPECT_EQ(s.remembered().size(), 1u);
  EXPECT_FALSE(s.decision({1, 1}).has_value());
  EXPECT_TRUE(s.settled_or_unknown({1, 1}));
  // A late DECISION record of it cannot decide it again, either way.
  EXPECT_FALSE(s.decide({1, 1}, false, {}, "presumed abort", true));
  EXPECT_FALSE(s.decision({1, 1}).has_value());
  // The client's latest txn is still answered, forgotten or not.
  s.forget({1, 2});
  EXPECT_EQ(s.decision({1, 2}), false);
  EXPECT_FALSE(s.settled_or_unknown({1, 2}));
  EXPECT_FALSE(s.settled_or_unknown({1, 3}));  // newer than anything here: may still begin
}

}  // namespace
}  // namespace cachesim::twopc
