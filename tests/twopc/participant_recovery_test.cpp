// Participant-side recovery, driven deliberately: a participant leader in
// doubt (PREPARED, no decision heard) asks the coordinator group, and
//   * a coordinator that decided answers from its decision: the participant
//     settles the same way, its locks are released, the client was told
//     that outcome;
//   * a coordinator group that never began the txn (a coordinator lost it
//     before its BEGIN was chosen) answers with a presumed abort: the
//     participant aborts and unlocks, and the txn's own request, arriving
//     late, is told aborted and never commits anywhere.
// One scripted endpoint (script_node.hpp) is the only client, so each test
// knows exactly which txn is in flight and what it was told.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "protocols/twopc/messages.hpp"
#include "protocols/twopc/txn_protocol.hpp"
#include "tests/twopc/clean_end.hpp"
#include "tests/twopc/shard_cluster.hpp"
#include "tests/twopc/twopc_traffic.hpp"

namespace cachesim::twopc_test {
namespace {

constexpr std::uint64_t kScriptedClient = 7000001;  // no real client has this id

twopc::MicroOp append_op(const std::string& key, std::int64_t value) {
  return twopc::MicroOp{twopc::MicroKind::append, key, value};
}

twopc::MicroOp read_op(const std::string& key) { return twopc::MicroOp{twopc::MicroKind::read, key, 0}; }

ShardOptions scripted() {
  ShardOptions opt;
  opt.clients = 0;
  opt.script_nodes = 1;
  return opt;
}

// The first key "k0", "k1", ... that the ring puts in group g.
std::string key_in(const ring::Ring& ring, paxos::GroupId g) {
  for (int i = 0; i < 100000; ++i) {
    std::string k = "k" + std::to_string(i);
    if (ring.group_of(k) == g) return k;
  }
  ADD_FAILURE() << "no key in group " << g;
  return "";
}

bool member(const ring::Ring& ring, paxos::GroupId g, NodeId n) {
  const auto& ms = ring.groups()[g];
  return std::find(ms.begin(), ms.end(), n) != ms.end();
}

const twopc::TxnState& state_at(ShardCluster& c, NodeId n, paxos::GroupId g) {
  return c.server(n)->group(g)->txn_state();
}

std::optional<twopc::TxnReply> reply_for(ShardCluster& c, std::uint64_t seq) {
  std::optional<twopc::TxnReply> last;
  for (const twopc::TxnReply& r : c.script(0).received_as<twopc::TxnReply>())
    if (r.client == kScriptedClient && r.seq == seq && r.status != twopc::TxnStatus::redirect) last = r;
  return last;
}

// Whether value v is in key k's list at every up replica of group g.
std::size_t replicas_with(ShardCluster& c, paxos::GroupId g, const std::string& k, std::int64_t v) {
  std::size_t n = 0;
  for (NodeId m : c.ring().groups()[g]) {
    const twopc::List* l = state_at(c, m, g).list(k);
    n += l && std::find(l->begin(), l->end(), v) != l->end();
  }
  return n;
}

TEST(TwoPcParticipantRecovery, AParticipantCutOffFromItsCoordinatorAsksAndSettlesAsTheCoordinatorDecided) {
  const Duration ask_every = ShardOptions::fast_twopc().decision_timeout;
  std::uint64_t exercised = 0;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    ShardCluster c(seed, scripted());
    TwoPcTraffic traffic;
    c.sim().trace().add_sink(&traffic);
    ASSERT_TRUE(c.run_until(1 * kSecond));
    // A coordinator group A and a participant group B whose leaders are
    // different servers, neither a member of the other's group: cutting the
    // two leaders apart then leaves each group its majority and its leader,
    // and only the 2PC messages between them are lost.
    const ring::Ring& ring = c.ring();
    std::optional<std::pair<paxos::GroupId, paxos::GroupId>> pick;
    for (paxos::GroupId a = 0; a < ring.groups().size() && !pick; ++a)
      for (paxos::GroupId b = 0; b < ring.groups().size() && !pick; ++b) {
        const auto la = c.leader_of(a), lb = c.leader_of(b);
        if (a != b && la && lb && *la != *lb && !member(ring, b, *la) && !member(ring, a, *lb)) pick = {a, b};
      }
    if (!pick) continue;  // this seed's leaders overlap every pair of groups
    ++exercised;
    const auto [A, B] = *pick;
    const NodeId la = *c.leader_of(A), lb = *c.leader_of(B);
    const std::string ka = key_in(ring, A), kb = key_in(ring, B);
    const twopc::TxnId t{kScriptedClient, 1};
    twopc::TxnRequest req{kScriptedClient, 1, {append_op(ka, 101), append_op(kb, 102), read_op(kb)}};
    c.script(0).post(la, req);
    // Cut the leaders apart the moment B holds the txn PREPARED. Its vote
    // went out in that same step (the network routes at send time), so A
    // can decide; its decision cannot reach B.
    ASSERT_TRUE(c.step_until(c.sim().now() + kSecond, [&] { return state_at(c, lb, B).prepared(t) != nullptr; }))
        << "seed " << seed;
    c.sim().one_way({la}, {lb});
    c.sim().one_way({lb}, {la});
    const Time cut = c.sim().now();
    ASSERT_TRUE(c.run_until(cut + 3 * ask_every + ask_every / 2));
    // In doubt: still PREPARED, still locked, and asking every member of A
    // once per decision_timeout (lb's asks to la are lost; A's followers
    // leave them to their leader).
    EXPECT_NE(state_at(c, lb, B).prepared(t), nullptr) << "seed " << seed;
    for (NodeId m : ring.groups()[A]) {
      EXPECT_GE(traffic.sent("twopc.ask", lb, m), 2u) << "seed " << seed << ": asks to n" << m + 1;
      EXPECT_LE(traffic.sent("twopc.ask", lb, m), 4u) << "seed " << seed << ": asks to n" << m + 1;
    }
    EXPECT_EQ(traffic.asks_delivered(la), 0u) << "seed " << seed;
    // Let asks through, not answers: every ask la receives it answers at
    // once with the decision (lost on the way back).
    c.sim().heal();
    c.sim().one_way({la}, {lb});
    ASSERT_TRUE(c.run_until(c.sim().now() + ask_every + ask_every / 2));
    EXPECT_GE(traffic.asks_delivered(la), 1u) << "seed " << seed;
    EXPECT_EQ(traffic.asks_answered(la), traffic.asks_delivered(la)) << "seed " << seed;
    EXPECT_NE(state_at(c, lb, B).prepared(t), nullptr) << "seed " << seed;
    c.sim().heal();
    ASSERT_TRUE(c.run_until(c.sim().now() + kSecond)) << "seed " << seed << ": " << c.failure_text();

    // Settled everywhere the way the coordinator decided, and the client
    // was told that outcome with the reads it implies.
    const std::optional<twopc::TxnReply> told = reply_for(c, 1);
    ASSERT_TRUE(told) << "seed " << seed;
    const bool committed = told->status == twopc::TxnStatus::committed;
    EXPECT_EQ(state_at(c, la, A).decision(t), std::optional<bool>(committed)) << "seed " << seed;
    EXPECT_EQ(c.decided().outcome(kScriptedClient, 1), std::optional<bool>(committed)) << "seed " << seed;
    EXPECT_GE(c.decided().reports_of(kScriptedClient, 1), 6u) << "seed " << seed << ": every replica of A and B settles it";
    EXPECT_EQ(replicas_with(c, B, kb, 102), committed ? 3u : 0u) << "seed " << seed;
    EXPECT_EQ(replicas_with(c, A, ka, 101), committed ? 3u : 0u) << "seed " << seed;
    if (committed) {
      EXPECT_EQ(told->reads, (std::vector<twopc::List>{{102}})) << "seed " << seed;
    }
    expect_clean_end(c, seed);
  }
  EXPECT_GE(exercised, 4u);
}

TEST(TwoPcParticipantRecovery, AnAskAboutATxnTheCoordinatorNeverBeganIsAnsweredWithAPresumedAbort) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    ShardCluster c(seed, scripted());
    TwoPcTraffic traffic;
    c.sim().trace().add_sink(&traffic);
    ASSERT_TRUE(c.run_until(1 * kSecond));
    const ring::Ring& ring = c.ring();
    const paxos::GroupId A = static_cast<paxos::GroupId>(seed % ring.groups().size());
    const paxos::GroupId B = static_cast<paxos::GroupId>((seed + 1) % ring.groups().size());
    const std::optional<NodeId> la = c.leader_of(A), lb = c.leader_of(B);
    ASSERT_TRUE(la && lb) << "seed " << seed;
    const std::string ka = key_in(ring, A), kb = key_in(ring, B);
    const twopc::TxnId t{kScriptedClient, 1};
    // The script stands in for a leader of A that sent B its prepare and
    // was lost before its BEGIN was chosen: to B that is a prepare from its
    // coordinator like any other, and then silence. (The replicated
    // coordinator as built sends prepares only after BEGIN is applied, so
    // only such a stand-in reaches this path end to end.)
    c.script(0).post(*lb, twopc::PrepareMsg{t, B, A, 0, {append_op(kb, 7)}});
    ASSERT_TRUE(c.step_until(c.sim().now() + kSecond, [&] { return state_at(c, *lb, B).prepared(t) != nullptr; }))
        << "seed " << seed;
    ASSERT_TRUE(c.run_until(c.sim().now() + 3 * ShardOptions::fast_twopc().decision_timeout))
        << "seed " << seed << ": " << c.failure_text();

    // B voted yes, asked A, and A, finding neither BEGIN nor decision once
    // caught up, logged an abort and answered it.
    const std::vector<twopc::VoteMsg> votes = c.script(0).received_as<twopc::VoteMsg>();
    ASSERT_FALSE(votes.empty()) << "seed " << seed;
    EXPECT_EQ(votes.front().vote, twopc::Vote::yes) << "seed " << seed;
    EXPECT_GE(c.mark("twopc.decision_asked"), 1u) << "seed " << seed;
    EXPECT_GE(c.mark("twopc.presumed_abort"), 1u) << "seed " << seed;
    // (The answer goes out when the abort is applied, not from the Ask's handler.)
    EXPECT_GE(traffic.sent("twopc.decision", *la, *lb), 1u) << "seed " << seed;
    for (NodeId m : ring.groups()[A]) EXPECT_EQ(state_at(c, m, A).decision(t), std::optional<bool>(false)) << "seed " << seed;
    // B settled it aborted on every replica, and released the lock.
    for (NodeId m : ring.groups()[B]) EXPECT_EQ(state_at(c, m, B).prepared(t), nullptr) << "seed " << seed;
    EXPECT_EQ(c.decided().outcome(kScriptedClient, 1), std::optional<bool>(false)) << "seed " << seed;
    EXPECT_EQ(c.decided().reports_of(kScriptedClient, 1), 3u) << "seed " << seed;
    EXPECT_EQ(describe(c.held_locks()), "") << "seed " << seed;
    EXPECT_EQ(replicas_with(c, B, kb, 7), 0u) << "seed " << seed;

    // The txn's own request, late: told aborted, and it never runs.
    c.script(0).post(*la, twopc::TxnRequest{kScriptedClient, 1, {append_op(ka, 5), append_op(kb, 7)}});
    // The client's next txn on the same key commits: the lock is free.
    ASSERT_TRUE(c.run_until(c.sim().now() + 100 * kMillisecond));
    c.script(0).post(*la, twopc::TxnRequest{kScriptedClient, 2, {append_op(ka, 6), append_op(kb, 8), read_op(kb)}});
    ASSERT_TRUE(c.run_until(c.sim().now() + 500 * kMillisecond)) << "seed " << seed << ": " << c.failure_text();
    const std::optional<twopc::TxnReply> late = reply_for(c, 1), next = reply_for(c, 2);
    ASSERT_TRUE(late && next) << "seed " << seed;
    EXPECT_EQ(late->status, twopc::TxnStatus::aborted) << "seed " << seed;
    EXPECT_EQ(next->status, twopc::TxnStatus::committed) << "seed " << seed << ": " << next->reason;
    EXPECT_EQ(next->reads, (std::vector<twopc::List>{{8}})) << "seed " << seed;
    EXPECT_EQ(c.decided().outcome(kScriptedClient, 1), std::optional<bool>(false)) << "seed " << seed;
    EXPECT_EQ(replicas_with(c, A, ka, 5), 0u) << "seed " << seed;
    EXPECT_EQ(replicas_with(c, B, kb, 7), 0u) << "seed " << seed;
    EXPECT_EQ(replicas_with(c, B, kb, 8), 3u) << "seed " << seed;
    EXPECT_TRUE(c.decided_ok() && c.agreement_ok() && !c.sim().failure()) << "seed " << seed << ": " << c.failure_text();
    EXPECT_EQ(describe(c.held_locks()), "") << "seed " << seed;
    EXPECT_EQ(c.divergence(), "") << "seed " << seed;
  }
}

}  // namespace
}  // namespace cachesim::twopc_test
