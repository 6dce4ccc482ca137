// Unit tests of the pieces: ballots, the log, durable state, the acceptor,
// the proposer, the command codec and the key-value store.
#include <gtest/gtest.h>

#include "protocols/cache/command.hpp"
#include "protocols/cache/kv_store.hpp"
#include "protocols/paxos/acceptor.hpp"
#include "protocols/paxos/durable.hpp"
#include "protocols/paxos/log.hpp"
#include "protocols/paxos/proposer.hpp"
#include "sim/core/check.hpp"
#include "tests/paxos/broken_variants.hpp"

namespace cachesim::paxos {
namespace {

BatchPtr batch(std::initializer_list<const char*> v) {
  auto b = std::make_shared<Batch>();
  for (const char* s : v) b->push_back(s);
  return b;
}

TEST(Ballot, OrderedByRoundThenNode) {
  EXPECT_LT((Ballot{1, 4}), (Ballot{2, 0}));
  EXPECT_LT((Ballot{2, 0}), (Ballot{2, 1}));
  EXPECT_LT((Ballot{UINT32_MAX - 1, 7}), kChosen);
  EXPECT_EQ(Ballot::unpack(Ballot{9, 3}.packed()), (Ballot{9, 3}));
  EXPECT_TRUE(kNullBallot.is_null());
}

TEST(Log, CommitAndAppliedOnlyMoveForward) {
  Log log(100);
  log.put(1, Ballot{1, 0}, "a");
  log.put(2, Ballot{1, 0}, "b");
  log.set_commit(2);
  log.set_applied(1);
  EXPECT_THROW(log.set_commit(1), InvariantViolation);
  EXPECT_THROW(log.set_applied(3), InvariantViolation);  // beyond commit
  EXPECT_THROW(log.set_applied(0), InvariantViolation);
  EXPECT_THROW(log.set_commit(5), InvariantViolation);   // beyond the log
}

TEST(Log, TruncationKeepsLaterSlotsAndWindowBoundsAccepts) {
  Log log(10);
  for (Slot s = 1; s <= 5; ++s) log.put(s, Ballot{1, 0}, "v" + std::to_string(s));
  log.set_commit(4);
  log.set_applied(4);
  log.truncate_through(3);
  EXPECT_EQ(log.base(), 4u);
  EXPECT_EQ(log.find(3), nullptr);
  ASSERT_NE(log.find(5), nullptr);
  EXPECT_EQ(log.find(5)->payload(), "v5");
  EXPECT_TRUE(log.accepts_slot(14));
  EXPECT_FALSE(log.accepts_slot(15));  // commit 4 + window 10
  EXPECT_FALSE(log.accepts_slot(3));
  log.install_snapshot(9);
  EXPECT_EQ(log.commit(), 9u);
  EXPECT_EQ(log.applied(), 9u);
  EXPECT_EQ(log.base(), 10u);
}

TEST(Durable, RecoversHighestBallotPerSlotAndDropsSnapshottedRuns) {
  Storage st;
  DurableState d(3);
  const std::string a = "a", b = "b", c = "c", x = "x";
  d.write_run(st, 1, Ballot{1, 1}, {&a, &b, &c});
  d.write_run(st, 2, Ballot{2, 2}, {&x});  // slot 2 re-accepted at a higher ballot
  d.persist_promise(st, Ballot{3, 0});
  st.sync();
  Recovered r = d.load(st);
  EXPECT_EQ(r.promised, (Ballot{3, 0}));
  ASSERT_EQ(r.entries.size(), 3u);
  EXPECT_EQ(r.entries[1].payload, "x");
  EXPECT_EQ(r.entries[1].ballot, (Ballot{2, 2}));
  d.write_snapshot(st, 2, "state");
  st.sync();
  r = d.load(st);
  EXPECT_EQ(r.snapshot_index, 2u);
  EXPECT_EQ(r.snapshot, "state");
  ASSERT_EQ(r.entries.size(), 1u);  // slot 3, from the run [1,3] that straddles the snapshot
  EXPECT_EQ(r.entries[0].slot, 3u);
  EXPECT_FALSE(DurableState(4).load(st).restarted);  // another group's state is separate
}

TEST(Acceptor, PromiseIsDurableBeforeTheReply) {
  Storage st;
  Log log(100);
  DurableState d(0);
  Acceptor acc(log, d);
  Promise out;
  ASSERT_EQ(acc.on_prepare(st, Prepare{0, Ballot{5, 2}, 1}, out), Acceptor::PrepareOutcome::promised);
  st.lose_unsynced();  // crash right after answering
  EXPECT_EQ(d.load(st).promised, (Ballot{5, 2}));
  // The broken variant in tests/ answers the same but forgets on a crash.
  Storage st2;
  Log log2(100);
  paxos_test::ForgetfulPromises broken(0);
  Acceptor bad(log2, broken);
  ASSERT_EQ(bad.on_prepare(st2, Prepare{0, Ballot{5, 2}, 1}, out), Acceptor::PrepareOutcome::promised);
  st2.lose_unsynced();
  EXPECT_EQ(broken.load(st2).promised, kNullBallot);
}

TEST(Acceptor, RefusesLowerBallotsAndReportsAcceptedValues) {
  Storage st;
  Log log(100);
  DurableState d(0);
  Acceptor acc(log, d);
  EXPECT_EQ(acc.on_accept(st, Ballot{2, 1}, 1, batch({"a", "b"})), Acceptor::AcceptOutcome::accepted);
  EXPECT_EQ(acc.promised(), (Ballot{2, 1}));
  EXPECT_EQ(acc.on_accept(st, Ballot{1, 0}, 3, batch({"z"})), Acceptor::AcceptOutcome::stale_ballot);
  Promise out;
  EXPECT_EQ(acc.on_prepare(st, Prepare{0, Ballot{1, 4}, 1}, out), Acceptor::PrepareOutcome::stale_ballot);
  ASSERT_EQ(acc.on_prepare(st, Prepare{0, Ballot{3, 4}, 2}, out), Acceptor::PrepareOutcome::promised);
  ASSERT_EQ(out.entries.size(), 1u);  // from slot 2 on
  EXPECT_EQ(out.entries[0].payload, "b");
  EXPECT_EQ(out.entries[0].ballot, (Ballot{2, 1}));
  st.lose_unsynced();
  EXPECT_EQ(d.load(st).entries.size(), 2u);  // accepted values were synced too
}

TEST(Acceptor, NeverVouchesForAValueThatConflictsWithAChosenOne) {
  Storage st;
  Log log(100);
  DurableState d(0);
  Acceptor acc(log, d);
  ASSERT_EQ(acc.on_accept(st, Ballot{2, 1}, 1, batch({"a"})), Acceptor::AcceptOutcome::accepted);
  log.set_commit(1);
  EXPECT_EQ(acc.on_accept(st, Ballot{3, 0}, 1, batch({"other"})), Acceptor::AcceptOutcome::partial);
  EXPECT_EQ(log.find(1)->payload(), "a");
  EXPECT_EQ(acc.on_accept(st, Ballot{3, 0}, 1, batch({"a"})), Acceptor::AcceptOutcome::accepted);
  Promise out;
  ASSERT_EQ(acc.on_prepare(st, Prepare{0, Ballot{4, 0}, 1}, out), Acceptor::PrepareOutcome::promised);
  EXPECT_EQ(out.entries[0].ballot, kChosen);  // known chosen: reported as such
  log.set_applied(1);
  log.truncate_through(1);
  EXPECT_EQ(acc.on_prepare(st, Prepare{0, Ballot{5, 0}, 1}, out), Acceptor::PrepareOutcome::behind);
}

TEST(Proposer, BatchesPipelinesAndChoosesByMajority) {
  PaxosConfig cfg;
  cfg.max_batch = 2;
  cfg.pipeline = 4;
  Proposer p(5, cfg);
  p.campaign(Ballot{1, 0});
  Promise pr;
  pr.ballot = Ballot{1, 0};
  pr.entries.push_back(PromiseEntry{3, Ballot{0, 1}, "old"});
  EXPECT_FALSE(p.add_promise(0, pr));
  EXPECT_FALSE(p.add_promise(0, pr));  // duplicates do not count
  pr.entries[0].ballot = Ballot{0, 2};
  pr.entries[0].payload = "newer";
  EXPECT_FALSE(p.add_promise(1, pr));
  EXPECT_TRUE(p.add_promise(2, pr));
  auto rec = p.take_recovered();
  EXPECT_EQ(rec.at(3).payload, "newer");  // highest ballot wins
  p.lead(1);
  for (int i = 0; i < 9; ++i) EXPECT_TRUE(p.enqueue("c" + std::to_string(i)));
  Round* r1 = p.next_round(0);
  ASSERT_NE(r1, nullptr);
  EXPECT_EQ(r1->first, 1u);
  EXPECT_EQ(r1->batch->size(), 2u);
  int rounds = 1;
  while (p.next_round(0)) ++rounds;
  EXPECT_EQ(rounds, 4);  // the pipeline bound
  p.on_accepted(0, 3, 2);
  p.on_accepted(1, 3, 2);
  p.on_accepted(2, 3, 2);  // round 2 chosen, round 1 not yet
  EXPECT_EQ(p.pop_chosen(), 0u);
  for (std::size_t m = 0; m < 3; ++m) p.on_accepted(m, 1, 2);
  EXPECT_EQ(p.pop_chosen(), 4u);  // both, contiguously
  // Two rounds still in flight (>= pipeline / 4): a partial batch waits...
  EXPECT_EQ(p.next_round(0), nullptr);
  EXPECT_TRUE(p.enqueue("c9"));
  EXPECT_NE(p.next_round(0), nullptr);  // ...a full one leaves
}

}  // namespace
}  // namespace cachesim::paxos

namespace cachesim::cache {
namespace {

ClientRequest req(std::uint64_t client, std::uint64_t seq, OpKind op, std::string key, MaybeValue v = {},
                  MaybeValue expected = {}) {
  ClientRequest r;
  r.client = client;
  r.seq = seq;
  r.op = op;
  r.key = std::move(key);
  r.value = std::move(v);
  r.expected = std::move(expected);
  return r;
}

TEST(Command, RoundTrips) {
  const ClientRequest r = req(7, 9, OpKind::cas, "key", Value{std::string("new")}, Value{std::int64_t{-3}});
  const Command c = decode_command(encode_command(r));
  EXPECT_EQ(c.client, 7u);
  EXPECT_EQ(c.seq, 9u);
  EXPECT_EQ(c.op, OpKind::cas);
  EXPECT_EQ(c.key, "key");
  EXPECT_EQ(c.value, r.value);
  EXPECT_EQ(c.expected, r.expected);
  EXPECT_THROW(decode_command("X"), InvariantViolation);
}

TEST(KvStore, AppliesEachClientSeqExactlyOnce) {
  KvStore kv;
  auto apply = [&](const ClientRequest& r) { return kv.apply(decode_command(encode_command(r))); };
  EXPECT_EQ(apply(req(1, 1, OpKind::put, "a", Value{std::int64_t{1}})).outcome, KvStore::Outcome::applied);
  const auto cas = req(1, 2, OpKind::cas, "a", Value{std::int64_t{2}}, Value{std::int64_t{1}});
  EXPECT_EQ(apply(cas).status, ReplyStatus::ok);
  const auto again = apply(cas);  // a retry that made a second log entry
  EXPECT_EQ(again.outcome, KvStore::Outcome::duplicate);
  EXPECT_EQ(again.status, ReplyStatus::ok);  // the recorded reply, not a mismatch
  EXPECT_EQ(apply(req(1, 1, OpKind::del, "a")).outcome, KvStore::Outcome::stale);
  EXPECT_EQ(kv.get("a"), MaybeValue{Value{std::int64_t{2}}});
  const auto miss = apply(req(2, 1, OpKind::cas, "a", Value{std::int64_t{5}}, std::nullopt));
  EXPECT_EQ(miss.status, ReplyStatus::mismatch);
  EXPECT_EQ(miss.value, MaybeValue{Value{std::int64_t{2}}});
}

TEST(KvStore, StateHashIsIncrementalAndSurvivesSnapshots) {
  KvStore a, b;
  a.apply(decode_command(encode_command(req(1, 1, OpKind::put, "x", Value{std::int64_t{1}}))));
  a.apply(decode_command(encode_command(req(2, 1, OpKind::put, "y", Value{std::string("s")}))));
  a.apply(decode_command(encode_command(req(1, 2, OpKind::del, "x"))));
  EXPECT_NE(a.state_hash(), b.state_hash());
  b.restore(a.snapshot());
  EXPECT_EQ(a.state_hash(), b.state_hash());
  EXPECT_EQ(b.get("y"), MaybeValue{Value{std::string("s")}});
  ASSERT_NE(b.session(1), nullptr);
  EXPECT_EQ(b.session(1)->seq, 2u);  // sessions are in the snapshot
  // The same state reached by another route has the same hash...
  KvStore c;
  c.apply(decode_command(encode_command(req(2, 1, OpKind::put, "y", Value{std::string("s")}))));
  c.apply(decode_command(encode_command(req(1, 1, OpKind::put, "x", Value{std::int64_t{9}}))));
  c.apply(decode_command(encode_command(req(1, 2, OpKind::del, "x"))));
  EXPECT_EQ(c.state_hash(), a.state_hash());
  // ...and any difference, even only in the session table, changes it.
  c.apply(decode_command(encode_command(req(3, 1, OpKind::get, "y"))));
  EXPECT_NE(c.state_hash(), a.state_hash());
}

}  // namespace
}  // namespace cachesim::cache
