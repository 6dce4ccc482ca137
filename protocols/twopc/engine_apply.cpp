// Engine: applying 2PC records (every replica, in log order), and what the
// leader does right after (votes, replies, decisions out). A leader whose
// barrier is not applied yet is replaying what earlier leaderships logged
// (after a restart, the whole log since its snapshot): it applies like a
// follower, so a txn finished long ago is not prepared, decided or told
// again (see acting() in engine.hpp).
#include "protocols/twopc/engine.hpp"

#include <algorithm>

#include "sim/core/check.hpp"

namespace cachesim::twopc {

void Engine::apply(Context& ctx, std::string_view payload, std::uint64_t payload_hash) {
  st_.fold(payload_hash);
  switch (*record_kind(payload)) {
    case RecordKind::begin: apply_begin(ctx, decode_begin(payload)); break;
    case RecordKind::prepare: apply_prepare(ctx, decode_prepare(payload)); break;
    case RecordKind::decision: apply_decision(ctx, decode_decision(payload)); break;
    case RecordKind::outcome: apply_outcome(ctx, decode_outcome(payload)); break;
    case RecordKind::forget: apply_forget(decode_forget(payload)); break;
  }
}

namespace {
const char* no_reason(Vote v) {
  switch (v) {
    case Vote::no_conflict: return "lock conflict";
    case Vote::no_stale: return "superseded";
    case Vote::no_bound: return "bound to another coordinator";
    case Vote::yes: break;
  }
  return "";
}
}  // namespace

void Engine::apply_begin(Context& ctx, BeginRecord r) {
  const TxnId t = r.txn;
  // A retry that reached the log twice, or a BEGIN overtaken by a presumed
  // abort or by a later txn of the same client: the first record counts.
  if (st_.decision(t) || st_.in_progress(t)) return;
  if (const Outcome* o = st_.outcome(t.client); o && t.seq <= o->seq) return;
  const bool lead = acting(ctx);
  const GroupId own_group = group_;
  const bool single = std::all_of(r.op_group.begin(), r.op_group.end(), [own_group](GroupId g) { return g == own_group; });
  // Single-group: every op is this group's and the record needs them no more.
  std::vector<MicroOp> own = single ? std::move(r.ops) : ops_of(r.ops, r.op_group, group_);
  const Vote v = st_.prepare(t, group_, self_, 0, std::move(own), seams_->apply_at_prepare());
  if (v == Vote::no_conflict) {
    observe_decided(ctx, t, false);  // a participant's unilateral abort
    if (lead) ctx.mark("twopc.lock_conflict");
  }
  std::vector<List> own_reads = v == Vote::yes ? st_.prepared(t)->reads : std::vector<List>{};
  NodeId reply_to = kNoNode;
  bool mine = false;  // this leadership proposed this BEGIN
  if (auto p = begin_pending_.find(t); p != begin_pending_.end()) {
    reply_to = p->second.reply_to;
    mine = lead && p->second.ballot == ballot();
    begin_pending_.erase(p);
  }
  if (single) {
    // Single-group fast path: this one record is prepare and decision. Safe
    // without a separate DECISION because no other group waits on it and the
    // outcome is a function of this record's position in the log.
    const bool commit = v == Vote::yes;
    if (commit) {
      CACHESIM_CHECK(st_.resolve(t, true, 0) == TxnState::Resolved::applied, "fast path lost its own prepare");
      observe_decided(ctx, t, true);
    }
    // The client's copy of the reads is taken only if someone is told; the
    // state keeps the record's own. (Someone is told even of a replayed
    // record: a client asked this leadership, and the record is applied.)
    std::vector<List> told = commit && reply_to != kNoNode ? own_reads : std::vector<List>{};
    st_.decide(t, commit, std::move(own_reads), no_reason(v), false);
    if (lead) {
      ctx.mark("twopc.fast_path");
      ctx.mark(commit ? "twopc.committed" : "twopc.aborted");
    }
    reply(ctx, reply_to, t, commit ? TxnStatus::committed : TxnStatus::aborted, std::move(told), no_reason(v));
    return;
  }
  st_.begin(t, InProgress{std::move(r.ops), std::move(r.op_group), v, std::move(own_reads)});
  if (!lead) {
    // Replayed while this leader catches up: the take-over drives it. A
    // client that asked this leadership meanwhile is answered then. (Only
    // this leadership's requests are pending: leading() drops the rest.)
    if (reply_to != kNoNode) {
      auto [it, fresh] = coord_.try_emplace(t);
      if (fresh) it->second.since = ctx.now();
      it->second.reply_to = reply_to;
    }
    return;
  }
  CoordTxn& c = coord_[t];
  c.reply_to = reply_to;
  c.since = ctx.now();
  c.mine = mine;
  if (v == Vote::yes) send_prepares(ctx, t, *st_.in_progress(t), c, false);
  drive(ctx, t);
}

void Engine::apply_prepare(Context& ctx, PrepareRecord r) {
  const TxnId t = r.txn;
  const bool fresh = st_.prepared(t) == nullptr;  // else a second record for it: the first one prepared it
  const Vote v = st_.prepare(t, r.coord_group, r.coordinator, r.epoch, std::move(r.ops), seams_->apply_at_prepare());
  // Replayed (not acting): no vote now; the coordinator retransmits its
  // prepare until it has one, and on_prepare answers from this state.
  const bool lead = acting(ctx);
  if (v == Vote::no_conflict) {
    observe_decided(ctx, t, false);
    if (lead) ctx.mark("twopc.lock_conflict");
  }
  if (!lead) return;
  const Prepared* p = st_.prepared(t);
  const std::vector<List> none;
  const std::vector<List>& reads = v == Vote::yes && p ? p->reads : none;
  send_vote(ctx, r.coordinator, t, r.coord_group, v, reads);
  PartTxn& pt = part_[t];
  if (pt.vote_to != kNoNode && pt.vote_to != r.coordinator) send_vote(ctx, pt.vote_to, t, r.coord_group, v, reads);
  pt.prepare_ballot = 0;
  if (fresh) pt.prepared_here = v == Vote::yes;
}

bool Engine::settle(Context& ctx, TxnId t, bool commit, std::uint64_t epoch) {
  switch (st_.resolve(t, commit, epoch)) {
    case TxnState::Resolved::applied: observe_decided(ctx, t, commit); return true;
    case TxnState::Resolved::never_prepared:
      if (commit) {
        // This group never voted, so it settles the txn as aborted: say so
        // for the white-box checker first, then stop the run.
        observe_decided(ctx, t, false);
        CACHESIM_CHECK(false, "a commit decision for txn " + t.str() + " that group " + std::to_string(group_) +
                                  " never prepared");
      }
      break;
    case TxnState::Resolved::not_prepared:
    case TxnState::Resolved::other_epoch: break;
  }
  return false;
}

void Engine::apply_decision(Context& ctx, DecisionRecord r) {
  const TxnId t = r.txn;
  const InProgress* ip = st_.in_progress(t);
  const bool began = ip != nullptr;
  std::vector<GroupId> remote = began ? groups_of(ip->op_group, group_) : std::vector<GroupId>{};
  // Replayed (not acting): a decision an earlier leader logged; the take-over
  // re-sends it if it is still remembered (not every participant acked).
  const bool lead = acting(ctx);
  // A follower hands the record's reads, reason and groups to the state; a
  // leader keeps the groups (to send the decision) and, if it answers a
  // client, the reads and reason, so the state gets copies of those.
  auto c = lead ? coord_.find(t) : coord_.end();
  const bool replying = c != coord_.end() && c->second.reply_to != kNoNode;
  std::vector<GroupId> participants;
  if (lead) {
    participants = remote;
  } else {
    participants.swap(remote);
  }
  const bool recorded = replying ? st_.decide(t, r.commit, r.reads, r.reason, true, std::move(participants))
                                 : st_.decide(t, r.commit, std::move(r.reads), std::move(r.reason), true,
                                              std::move(participants));
  if (!recorded) {
    ctx.mark("twopc.duplicate_decision");  // a later decision record: ignored, first wins
    return;
  }
  CACHESIM_CHECK(!r.commit || began, "a commit decision for txn " + t.str() + " that was never begun");
  settle(ctx, t, r.commit, 0);  // the coordinator group's own share
  if (!lead) return;
  ctx.mark(r.commit ? "twopc.committed" : "twopc.aborted");
  if (c != coord_.end()) {
    if (!c->second.mine) ctx.mark("twopc.recovered_by_new_leader");
    if (replying) {
      reply(ctx, c->second.reply_to, t, r.commit ? TxnStatus::committed : TxnStatus::aborted, std::move(r.reads),
            std::move(r.reason));
    }
    coord_.erase(c);
  }
  if (auto a = askers_.find(t); a != askers_.end()) {
    remote.insert(remote.end(), a->second.begin(), a->second.end());
    std::sort(remote.begin(), remote.end());
    remote.erase(std::unique(remote.begin(), remote.end()), remote.end());
    askers_.erase(a);
  }
  presume_pending_.erase(t);
  Unacked& u = unacked_[t];
  u.commit = r.commit;
  u.groups = std::move(remote);
  u.last_sent = ctx.now();
  u.remembered = began;  // a presumed abort is kept: its askers are known to this leader only
  for (GroupId g : u.groups) send_to_group(ctx, g, DecisionMsg{t, g, group_, r.commit, 0}, false);
  if (u.groups.empty()) {
    if (u.remembered) propose_forget(ctx, t);
    else unacked_.erase(t);
  }
}

void Engine::apply_outcome(Context& ctx, const OutcomeRecord& r) {
  const bool settled = settle(ctx, r.txn, r.commit, r.epoch);
  // Replayed: the coordinator retransmits its decision, and on_decision
  // acknowledges a settled txn without a record.
  if (!acting(ctx)) return;
  auto it = part_.find(r.txn);
  // PREPARED by an earlier leadership (a crashed or deposed leader, or this
  // server before its restart): the log kept the locks and reads for it.
  if (settled && (it == part_.end() || !it->second.prepared_here)) ctx.mark("twopc.participant_recovered");
  if (it == part_.end()) return;
  if (it->second.ack_to != kNoNode) ctx.send(it->second.ack_to, AckMsg{r.txn, group_, it->second.ack_coord});
  part_.erase(it);
}

void Engine::apply_forget(const ForgetRecord& r) {
  st_.forget(r.txn);
  if (leading()) unacked_.erase(r.txn);
}

}  // namespace cachesim::twopc
