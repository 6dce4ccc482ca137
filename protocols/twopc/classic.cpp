// Engine: classic two-phase commit, the textbook protocol that blocks.
//
// The coordinator is the server that received the request while leading the
// first key's group; it keeps votes and the decision in memory only (no
// BEGIN, no DECISION in any log) and survives no crash. Participants still
// log PREPARE and OUTCOME (they are Paxos groups), and bind a PREPARED txn to
// the coordinator incarnation (epoch) that prepared it: only that
// incarnation's decision or answer counts, because a different coordinator
// cannot know what the first one already told other participants. So a
// coordinator crash between prepare and decision leaves every participant
// that voted yes locked for good, which is what this mode exists to show.
//
// What the client is told stays true even so: committed after all yes
// votes; aborted only when a participant said no at first sight (a lock
// conflict: it never voted yes under any incarnation, so no incarnation
// could have committed). Aborts for other reasons (vote timeout, a
// participant bound to another incarnation or past its fence) leave the
// client to time out: from this coordinator's memory alone, an earlier
// incarnation may have committed the same txn.
#include "protocols/twopc/engine.hpp"

#include <algorithm>

namespace cachesim::twopc {

void Engine::classic_request(Context& ctx, NodeId from, const TxnRequest& r) {
  const TxnId t{r.client, r.seq};
  if (auto it = classic_.find(t); it != classic_.end()) {
    ClassicTxn& c = it->second;
    c.reply_to = from;
    if (c.decided && c.tell_client)
      reply(ctx, from, t, c.commit ? TxnStatus::committed : TxnStatus::aborted,
            c.commit ? assemble_reads(c.ops, c.op_group, {}, c.votes) : std::vector<List>{}, c.commit ? "" : "lock conflict");
    return;
  }
  if (!leading()) {
    redirect(ctx, from, r, replica_->leader_hint());
    return;
  }
  std::uint64_t& latest = classic_seq_[t.client];
  if (t.seq < latest) return;  // the client has moved on
  latest = t.seq;
  ClassicTxn c;
  c.ops = r.ops;
  for (const MicroOp& op : r.ops) c.op_group.push_back(ring_->group_of(op.key));
  c.reply_to = from;
  c.since = ctx.now();
  auto& stored = classic_.emplace(t, std::move(c)).first->second;
  hints_[group_] = self_;
  for (GroupId g : groups_of(stored.op_group, kNoNode)) {
    send_to_group(ctx, g, PrepareMsg{t, g, group_, epoch_, ops_of(stored.ops, stored.op_group, g)}, false);
  }
  stored.last_prepare = ctx.now();
}

void Engine::classic_drive(Context& ctx, TxnId t, ClassicTxn& c) {
  if (c.decided) return;
  const std::vector<GroupId> groups = groups_of(c.op_group, kNoNode);
  bool all_yes = true, any_no = false, only_conflicts = true;
  for (GroupId g : groups) {
    auto v = c.votes.find(g);
    if (v == c.votes.end()) {
      all_yes = false;
    } else if (v->second.vote != Vote::yes) {
      any_no = true;
      only_conflicts = only_conflicts && v->second.vote == Vote::no_conflict;
    }
  }
  bool commit = false;
  if (any_no) {
    c.tell_client = only_conflicts;
  } else if (all_yes) {
    commit = true;
  } else if (ctx.now() - c.since >= cfg_.vote_timeout) {
    ctx.mark("twopc.vote_timeout");
    commit = seams_->commit_on_vote_timeout();  // BROKEN variant when true (tests only)
    c.tell_client = commit;
  } else {
    if (ctx.now() - c.last_prepare >= retransmit_) {
      for (GroupId g : groups)
        if (!c.votes.count(g))
          send_to_group(ctx, g, PrepareMsg{t, g, group_, epoch_, ops_of(c.ops, c.op_group, g)}, true);
      c.last_prepare = ctx.now();
    }
    return;
  }
  c.decided = true;
  c.commit = commit;
  c.unacked = std::set<GroupId>(groups.begin(), groups.end());
  c.last_sent = ctx.now();
  ctx.mark(commit ? "twopc.committed" : "twopc.aborted");
  for (GroupId g : groups) send_to_group(ctx, g, DecisionMsg{t, g, group_, commit, epoch_}, false);
  if (c.tell_client)
    reply(ctx, c.reply_to, t, commit ? TxnStatus::committed : TxnStatus::aborted,
          commit ? assemble_reads(c.ops, c.op_group, {}, c.votes) : std::vector<List>{}, commit ? "" : "lock conflict");
}

void Engine::classic_vote(Context& ctx, NodeId from, const VoteMsg& m) {
  auto it = classic_.find(m.txn);
  if (it == classic_.end()) return;  // not ours, or forgotten in a crash
  hints_[m.group] = from;
  ClassicTxn& c = it->second;
  if (c.decided) {
    if (m.vote == Vote::yes) ctx.send(from, DecisionMsg{m.txn, m.group, group_, c.commit, epoch_});
    return;
  }
  c.votes.try_emplace(m.group, GroupVote{m.vote, m.reads});
  classic_drive(ctx, m.txn, c);
}

void Engine::classic_ack(const AckMsg& m) {
  auto it = classic_.find(m.txn);
  if (it != classic_.end()) it->second.unacked.erase(m.group);
}

void Engine::classic_ask(Context& ctx, NodeId from, const AskMsg& m) {
  if (m.epoch != epoch_) {
    // Prepared by an incarnation of this server that crashed: its decision,
    // if it made one, died with it. Nobody else may answer.
    ctx.mark("twopc.classic_blocked");
    return;
  }
  auto it = classic_.find(m.txn);
  if (it == classic_.end() || !it->second.decided) return;
  ctx.send(from, DecisionMsg{m.txn, m.group, group_, it->second.commit, epoch_});
}

void Engine::classic_tick(Context& ctx) {
  for (auto it = classic_.begin(); it != classic_.end();) {
    ClassicTxn& c = it->second;
    if (!c.decided) {
      classic_drive(ctx, it->first, c);
    } else if (!c.unacked.empty() && ctx.now() - c.last_sent >= retransmit_) {
      c.last_sent = ctx.now();
      for (GroupId g : c.unacked) send_to_group(ctx, g, DecisionMsg{it->first, g, group_, c.commit, epoch_}, true);
    }
    // Keep the client's latest txn (to answer its retries) until a newer one.
    const bool done = c.decided && c.unacked.empty() && it->first.seq < classic_seq_[it->first.client];
    it = done ? classic_.erase(it) : std::next(it);
  }
}

}  // namespace cachesim::twopc
