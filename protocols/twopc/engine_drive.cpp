// Engine: the replicated coordinator's decision rule, and the periodic work
// of a leader (timeouts, retransmissions, recovery after a leader change).
#include "protocols/twopc/engine.hpp"

#include "sim/core/check.hpp"

namespace cachesim::twopc {

void Engine::send_prepares(Context& ctx, TxnId t, const InProgress& ip, CoordTxn& c, bool broadcast) {
  for (GroupId g : groups_of(ip.op_group, group_)) {
    if (c.votes.count(g)) continue;
    PrepareMsg m;
    m.txn = t;
    m.group = g;
    m.coord_group = group_;
    m.ops = ops_of(ip.ops, ip.op_group, g);
    send_to_group(ctx, g, std::move(m), broadcast);
  }
  c.last_prepare = ctx.now();
}

void Engine::propose_decision(Context& ctx, TxnId t, CoordTxn& c, bool commit, std::vector<List> reads,
                              std::string reason) {
  DecisionRecord rec;
  rec.txn = t;
  rec.commit = commit;
  rec.reads = std::move(reads);
  rec.reason = std::move(reason);
  // Nobody hears the decision before it is applied from the log
  // (apply_decision): a successor then knows it too.
  if (replica_->propose(ctx, encode(rec)) == paxos::Replica::ProposeResult::queued) {
    c.decision_proposed = true;
    c.decision_at = ctx.now();
  }
}

void Engine::drive(Context& ctx, TxnId t) {
  const InProgress* ip = st_.in_progress(t);
  if (!ip) return;
  CoordTxn& c = coord_[t];
  // Re-proposing is safe (the first decision in the log wins) but only
  // useful if the first proposal was lost with a leader change.
  if (c.decision_proposed && ctx.now() - c.decision_at < 2 * retransmit_) return;
  if (ip->own_vote != Vote::yes) {
    propose_decision(ctx, t, c, false, {}, std::string(ip->own_vote == Vote::no_conflict ? "lock conflict" : "superseded") +
                                               " in group " + std::to_string(group_));
    return;
  }
  const std::vector<GroupId> remote = groups_of(ip->op_group, group_);  // ascending: the lowest no vote is named
  bool all_yes = true;
  for (GroupId g : remote) {
    auto v = c.votes.find(g);
    if (v == c.votes.end()) {
      all_yes = false;
    } else if (v->second.vote != Vote::yes) {
      propose_decision(ctx, t, c, false, {},
                       std::string(v->second.vote == Vote::no_conflict ? "lock conflict" : "superseded") +
                           " in group " + std::to_string(g));
      return;
    }
  }
  if (all_yes) {
    propose_decision(ctx, t, c, true, assemble_reads(ip->ops, ip->op_group, ip->own_reads, c.votes), "");
    return;
  }
  if (ctx.now() - c.since >= cfg_.vote_timeout) {
    ctx.mark("twopc.vote_timeout");
    if (seams_->commit_on_vote_timeout()) {  // BROKEN variant (tests only)
      propose_decision(ctx, t, c, true, assemble_reads(ip->ops, ip->op_group, ip->own_reads, c.votes), "");
    } else {
      propose_decision(ctx, t, c, false, {}, "vote timeout");
    }
    return;
  }
  // Prepares the first time went to the groups' believed leaders; retries
  // go to every member, in case the leader changed.
  if (c.last_prepare < 0 || ctx.now() - c.last_prepare >= retransmit_) send_prepares(ctx, t, *ip, c, c.last_prepare >= 0);
}

void Engine::tick(Context& ctx) {
  if (classic()) classic_tick(ctx);
  // Until its barrier is applied a new leader's state may lack decisions and
  // outcomes still in its recovery: driving, asking or re-sending from it
  // would redo finished work.
  if (!acting(ctx)) return;
  if (!classic()) tick_coordinator(ctx);
  tick_participant(ctx);
  tick_unacked(ctx);
}

void Engine::tick_coordinator(Context& ctx) {
  // Drop what was decided; pick up what a predecessor began (recovery).
  for (auto it = coord_.begin(); it != coord_.end();) {
    it = st_.in_progress(it->first) ? std::next(it) : coord_.erase(it);
  }
  for (const auto& [t, ip] : st_.in_progress_all()) {
    auto [it, fresh] = coord_.try_emplace(t);
    if (fresh) it->second.since = ctx.now();  // the vote timeout restarts for a new leader
  }
  std::vector<TxnId> ids;
  for (const auto& [t, c] : coord_) ids.push_back(t);
  for (TxnId t : ids) drive(ctx, t);
}

void Engine::tick_participant(Context& ctx) {
  for (auto it = part_.begin(); it != part_.end();) {
    // Forget bookkeeping of txns settled here, once no record is in flight.
    const bool idle = ctx.now() - std::max(it->second.prepare_at, it->second.outcome_at) > cfg_.decision_timeout;
    it = (!st_.prepared(it->first) && idle) ? part_.erase(it) : std::next(it);
  }
  for (const auto& [t, p] : st_.prepared_all()) {
    PartTxn& pt = part_[t];
    if (pt.since < 0) pt.since = ctx.now();
    if (ctx.now() - pt.since < cfg_.decision_timeout) continue;
    if (pt.asked_at >= 0 && ctx.now() - pt.asked_at < cfg_.decision_timeout) continue;
    // Asked before and still no answer: in classic mode only the coordinator
    // incarnation can answer, so this is the blocking the mode exists to show.
    if (pt.asked_at >= 0 && p.epoch != 0) ctx.mark("twopc.classic_blocked");
    pt.asked_at = ctx.now();
    ctx.mark("twopc.decision_asked");
    AskMsg m{t, group_, p.coord_group, p.epoch};
    if (p.epoch != 0) {
      ctx.send(p.coordinator, std::move(m));  // classic: only that incarnation can answer
    } else {
      send_to_group(ctx, p.coord_group, std::move(m), true);
    }
  }
}

void Engine::tick_unacked(Context& ctx) {
  std::vector<TxnId> acknowledged;
  for (auto& [t, u] : unacked_) {
    if (u.groups.empty()) {
      acknowledged.push_back(t);  // by all: its FORGET may have been lost
      continue;
    }
    if (ctx.now() - u.last_sent < retransmit_) continue;
    u.last_sent = ctx.now();
    for (GroupId g : u.groups) send_to_group(ctx, g, DecisionMsg{t, g, group_, u.commit, u.epoch}, true);
  }
  // Outside the loop: a group of one applies what it proposes at once, and
  // applying a FORGET erases from unacked_.
  for (TxnId t : acknowledged) propose_forget(ctx, t);
}

void Engine::propose_forget(Context& ctx, TxnId t) {
  auto it = unacked_.find(t);
  if (it == unacked_.end()) return;
  Unacked& u = it->second;
  CACHESIM_CHECK(u.groups.empty() && u.remembered, "FORGET of a decision not acknowledged by every participant");
  if (u.forget_ballot == ballot() && ctx.now() - u.forget_at < retransmit_) return;  // in the pipeline
  u.forget_ballot = ballot();
  u.forget_at = ctx.now();
  // Nothing of `u` is touched after propose(): it may apply the FORGET.
  if (replica_->propose(ctx, encode(ForgetRecord{t})) != paxos::Replica::ProposeResult::queued) {
    if (auto again = unacked_.find(t); again != unacked_.end()) again->second.forget_ballot = 0;
  }
}

}  // namespace cachesim::twopc
