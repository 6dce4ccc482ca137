// Engine: construction, message handlers and shared helpers.
#include "protocols/twopc/engine.hpp"

#include <algorithm>

#include "sim/core/check.hpp"

namespace cachesim::twopc {

Engine::Engine(GroupId group, NodeId self, std::shared_ptr<const ring::Ring> ring, TwoPcConfig cfg,
               std::shared_ptr<const TwoPcSeams> seams)
    : group_(group),
      self_(self),
      ring_(std::move(ring)),
      cfg_(cfg),
      seams_(seams ? std::move(seams) : std::make_shared<const TwoPcSeams>()),
      // Retransmissions and timeout checks run a few times per timeout, so a
      // timeout fires at most a fifth late.
      retransmit_(std::max<Duration>(kMillisecond, std::min(cfg.vote_timeout, cfg.decision_timeout) / 5)),
      st_(group) {}

bool Engine::leading() {
  if (!replica_->leading()) {
    if (led_ballot_ != 0) {
      led_ballot_ = 0;
      coord_.clear();
      begin_pending_.clear();
      presume_pending_.clear();
      askers_.clear();
      part_.clear();
      unacked_.clear();
    }
    return false;
  }
  if (ballot() != led_ballot_) {
    // A new leadership: nothing volatile from an earlier one is trusted.
    // What to drive comes from the applied state, once it is complete
    // (take_over).
    coord_.clear();
    begin_pending_.clear();
    presume_pending_.clear();
    askers_.clear();
    part_.clear();
    unacked_.clear();
    led_ballot_ = ballot();
    taken_over_ = false;
  }
  return true;
}

bool Engine::acting(Context& ctx) {
  if (!leading() || !caught_up()) return false;
  if (!taken_over_) take_over(ctx);
  return true;
}

void Engine::take_over(Context& ctx) {
  taken_over_ = true;
  if (classic()) return;
  // Every remembered decision still waits for acknowledgements (a group
  // that acknowledged before does so again at once, without a record).
  // Begun-undecided txns are picked up by tick_coordinator, PREPARED ones by
  // tick_participant.
  for (const auto& [t, r] : st_.remembered()) {
    if (r.participants.empty()) continue;  // a presumed abort: kept
    Unacked& u = unacked_[t];
    u.commit = r.commit;
    u.groups = r.participants;  // groups_of(): ascending, each once
    u.last_sent = ctx.now() - retransmit_;  // the next tick sends
    u.remembered = true;
  }
}

void Engine::send_to_group(Context& ctx, GroupId g, Message m, bool broadcast) {
  auto h = hints_.find(g);
  if (!broadcast && h != hints_.end()) {
    ctx.send(h->second, std::move(m));
    return;
  }
  const std::vector<NodeId>& members = ring_->groups()[g];
  for (std::size_t i = 0; i < members.size(); ++i) ctx.send(members[i], Message(m));
}

void Engine::reply(Context& ctx, NodeId to, TxnId t, TxnStatus s, std::vector<List> reads, std::string reason) {
  if (to == kNoNode) return;
  TxnReply r;
  r.client = t.client;
  r.seq = t.seq;
  r.status = s;
  r.reads = std::move(reads);
  r.reason = std::move(reason);
  r.leader = self_;
  ctx.send(to, std::move(r));
}

void Engine::redirect(Context& ctx, NodeId to, const TxnRequest& r, NodeId leader) {
  ctx.mark("twopc.redirect");
  TxnReply rep;
  rep.client = r.client;
  rep.seq = r.seq;
  rep.status = TxnStatus::redirect;
  rep.leader = leader;
  ctx.send(to, std::move(rep));
}

void Engine::observe_decided(Context& ctx, TxnId t, bool committed) {
  ctx.observe(Observation{"twopc.decided", {group_, t.client, t.seq, committed ? 1u : 0u}});
}

std::vector<GroupId> Engine::groups_of(const std::vector<GroupId>& op_group, GroupId except) {
  std::vector<GroupId> gs;
  gs.reserve(op_group.size());
  for (GroupId g : op_group)
    if (g != except) gs.push_back(g);
  std::sort(gs.begin(), gs.end());
  gs.erase(std::unique(gs.begin(), gs.end()), gs.end());
  return gs;
}

std::vector<MicroOp> Engine::ops_of(const std::vector<MicroOp>& ops, const std::vector<GroupId>& op_group,
                                    GroupId g) {
  std::vector<MicroOp> out;
  out.reserve(static_cast<std::size_t>(std::count(op_group.begin(), op_group.end(), g)));
  for (std::size_t i = 0; i < ops.size(); ++i)
    if (op_group[i] == g) out.push_back(ops[i]);
  return out;
}

std::vector<List> Engine::assemble_reads(const std::vector<MicroOp>& ops, const std::vector<GroupId>& op_group,
                                         const std::vector<List>& own,
                                         const std::map<GroupId, GroupVote>& votes) const {
  // Each group's reads come in its own micro-op order; interleave them back.
  std::map<GroupId, std::size_t> next;
  std::vector<List> out;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].kind != MicroKind::read) continue;
    const GroupId g = op_group[i];
    const std::size_t k = next[g]++;
    const std::vector<List>* src = nullptr;
    if (g == group_ && !classic()) {
      src = &own;
    } else if (auto v = votes.find(g); v != votes.end()) {
      src = &v->second.reads;
    }
    // A missing read happens only when a broken variant commits without a
    // vote; the client is then told an empty list.
    out.push_back(src && k < src->size() ? (*src)[k] : List{});
  }
  return out;
}

void Engine::send_vote(Context& ctx, NodeId to, TxnId t, GroupId coord_group, Vote v, std::vector<List> reads) {
  if (to == kNoNode) return;
  VoteMsg m;
  m.txn = t;
  m.group = group_;
  m.coord_group = coord_group;
  m.vote = v;
  m.reads = std::move(reads);
  ctx.send(to, std::move(m));
}

std::vector<TxnId> Engine::undecided_with_yes() const {
  auto has_yes = [this](const std::map<GroupId, GroupVote>& votes) {
    for (const auto& [g, v] : votes)
      if (g != group_ && v.vote == Vote::yes) return true;
    return false;
  };
  std::vector<TxnId> out;
  for (const auto& [t, c] : coord_)
    if (st_.in_progress(t) && !c.decision_proposed && has_yes(c.votes)) out.push_back(t);
  for (const auto& [t, c] : classic_)
    if (!c.decided && has_yes(c.votes)) out.push_back(t);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<TxnId> Engine::prepared_awaiting_decision() const {
  std::vector<TxnId> out;
  if (classic() || !caught_up() || led_ballot_ != ballot()) return out;
  for (const auto& [t, p] : st_.prepared_all()) {
    if (p.coord_group == group_) continue;  // the coordinator group's own share: its DECISION settles it
    auto pt = part_.find(t);
    if (pt == part_.end() || pt->second.outcome_ballot != ballot()) out.push_back(t);
  }
  return out;
}

// ---- client requests (this group coordinates: the first key is ours)

void Engine::on_request(Context& ctx, NodeId from, const TxnRequest& r) {
  if (r.ops.empty()) return;  // nothing to run; the client never sends one
  if (classic()) {
    classic_request(ctx, from, r);
    return;
  }
  if (!leading()) {
    redirect(ctx, from, r, replica_->leader_hint());
    return;
  }
  const TxnId t{r.client, r.seq};
  if (const Outcome* o = st_.outcome(r.client); o && t.seq <= o->seq) {
    if (t.seq == o->seq) {
      ctx.mark("twopc.request_deduplicated");
      reply(ctx, from, t, o->commit ? TxnStatus::committed : TxnStatus::aborted, o->reads, o->reason);
    }
    return;  // older: the client has moved on
  }
  if (auto d = st_.decision(t)) {  // a presumed abort, for a txn whose BEGIN came late or never
    reply(ctx, from, t, *d ? TxnStatus::committed : TxnStatus::aborted, {}, "presumed abort");
    return;
  }
  if (st_.in_progress(t)) {
    auto [it, fresh] = coord_.try_emplace(t);
    if (fresh) it->second.since = ctx.now();
    it->second.reply_to = from;
    return;
  }
  auto p = begin_pending_.find(t);
  if (p != begin_pending_.end() && p->second.ballot == ballot() && ctx.now() - p->second.at < retransmit_) {
    p->second.reply_to = from;  // still in this leader's pipeline
    return;
  }
  std::vector<GroupId> op_group;
  op_group.reserve(r.ops.size());
  for (const MicroOp& op : r.ops) op_group.push_back(ring_->group_of(op.key));
  CACHESIM_CHECK(op_group.front() == group_, "a txn routed to a group that does not hold its first key");
  // Encoded straight from the request: a BeginRecord would copy its ops.
  switch (replica_->propose(ctx, encode_begin(t, r.ops, op_group))) {
    case paxos::Replica::ProposeResult::queued:
      begin_pending_[t] = Pending{from, ballot(), ctx.now()};
      break;
    case paxos::Replica::ProposeResult::overloaded: ctx.mark("twopc.overloaded"); break;
    case paxos::Replica::ProposeResult::not_leader: redirect(ctx, from, r, replica_->leader_hint()); break;
  }
}

// ---- participant side

void Engine::on_prepare(Context& ctx, NodeId from, const PrepareMsg& m) {
  if (!leading()) return;  // the coordinator retransmits to every member
  const TxnId t = m.txn;
  if (!classic()) hints_[m.coord_group] = from;
  if (const Prepared* p = st_.prepared(t)) {
    const bool bound = m.epoch != 0 && p->epoch != m.epoch;
    send_vote(ctx, from, t, m.coord_group, bound ? Vote::no_bound : Vote::yes, bound ? std::vector<List>{} : p->reads);
    return;
  }
  PartTxn& pt = part_[t];
  pt.vote_to = from;
  if (seams_->vote_before_recording() && !pt.early_voted) {
    // BROKEN variant (tests only): a yes before PREPARED is in the log, with
    // reads from unlocked state.
    pt.early_voted = true;
    std::vector<List> reads;
    std::map<std::string, List, std::less<>> view;
    for (const MicroOp& op : m.ops) {
      auto v = view.find(op.key);
      if (v == view.end()) v = view.emplace(op.key, st_.list(op.key) ? *st_.list(op.key) : List{}).first;
      if (op.kind == MicroKind::append) {
        v->second.push_back(op.value);
      } else {
        reads.push_back(v->second);
      }
    }
    send_vote(ctx, from, t, m.coord_group, Vote::yes, std::move(reads));
  }
  if (t.seq <= st_.fence(t.client) && caught_up()) {
    // Seen before and not PREPARED now: it never will be here (the fence), so
    // no need to log anything to say no.
    send_vote(ctx, from, t, m.coord_group, Vote::no_stale, {});
    return;
  }
  if (pt.prepare_ballot == ballot() && ctx.now() - pt.prepare_at < retransmit_) return;  // in the pipeline
  PrepareRecord rec{t, m.coord_group, from, m.epoch, m.ops};
  if (replica_->propose(ctx, encode(rec)) == paxos::Replica::ProposeResult::queued) {
    pt.prepare_ballot = ballot();
    pt.prepare_at = ctx.now();
  }
}

void Engine::on_decision(Context& ctx, NodeId from, const DecisionMsg& m) {
  if (!leading()) return;
  const TxnId t = m.txn;
  if (!classic()) hints_[m.coord_group] = from;
  PartTxn& pt = part_[t];
  pt.ack_to = from;
  pt.ack_coord = m.coord_group;
  if (!st_.prepared(t) && t.seq <= st_.fence(t.client) && caught_up()) {
    // Already settled here (or voted no): acknowledge without a record.
    AckMsg a{t, group_, m.coord_group};
    ctx.send(from, std::move(a));
    return;
  }
  if (pt.outcome_ballot == ballot() && ctx.now() - pt.outcome_at < retransmit_) return;
  OutcomeRecord rec{t, m.commit, m.epoch};
  if (replica_->propose(ctx, encode(rec)) == paxos::Replica::ProposeResult::queued) {
    pt.outcome_ballot = ballot();
    pt.outcome_at = ctx.now();
  }
}

// ---- coordinator side

void Engine::on_vote(Context& ctx, NodeId from, const VoteMsg& m) {
  if (classic()) {
    classic_vote(ctx, from, m);
    return;
  }
  if (!leading()) return;
  const TxnId t = m.txn;
  hints_[m.group] = from;
  if (auto d = st_.decision(t)) {
    // Decided already: the voter may be waiting for it.
    DecisionMsg dm{t, m.group, group_, *d, 0};
    ctx.send(from, std::move(dm));
    return;
  }
  // Before its barrier is applied the decision may be in the part of the
  // log still to apply: nothing is decided on this vote (prepares are
  // retransmitted after the take-over, and the voter votes again).
  if (!st_.in_progress(t) || !acting(ctx)) return;
  auto [it, fresh] = coord_.try_emplace(t);
  if (fresh) it->second.since = ctx.now();
  it->second.votes.try_emplace(m.group, GroupVote{m.vote, m.reads});
  drive(ctx, t);
}

void Engine::on_ack(Context& ctx, NodeId, const AckMsg& m) {
  if (classic()) {
    classic_ack(m);
    return;
  }
  if (!leading()) return;
  auto it = unacked_.find(m.txn);
  if (it == unacked_.end()) return;
  std::vector<GroupId>& gs = it->second.groups;
  if (auto g = std::lower_bound(gs.begin(), gs.end(), m.group); g != gs.end() && *g == m.group) gs.erase(g);
  if (!gs.empty()) return;
  if (it->second.remembered) propose_forget(ctx, m.txn);
  else unacked_.erase(it);
}

void Engine::on_ask(Context& ctx, NodeId from, const AskMsg& m) {
  if (classic()) {
    classic_ask(ctx, from, m);
    return;
  }
  if (!leading()) return;  // asks go to every member; the leader answers
  const TxnId t = m.txn;
  hints_[m.group] = from;
  if (auto d = st_.decision(t)) {
    DecisionMsg dm{t, m.group, group_, *d, 0};
    ctx.send(from, std::move(dm));
    return;
  }
  if (st_.in_progress(t)) return;  // being decided: the answer follows the decision
  // Forgotten (every participant acknowledged it) or never begun: the asker
  // is not PREPARED for it any more, or never was; presuming now could
  // contradict a forgotten commit.
  if (st_.settled_or_unknown(t)) return;
  // No BEGIN and no decision. Only a leader whose applied state holds every
  // BEGIN any leader ever applied (its barrier is applied) may conclude the
  // coordinator never started it; then an ABORT through the log settles it
  // (and if a BEGIN of it is still in flight, the first record wins).
  if (!caught_up()) return;
  askers_[t].insert(m.group);
  auto p = presume_pending_.find(t);
  if (p != presume_pending_.end() && p->second.ballot == ballot() && ctx.now() - p->second.at < retransmit_) return;
  DecisionRecord rec;
  rec.txn = t;
  rec.commit = false;
  rec.presumed = true;
  rec.reason = "presumed abort";
  if (replica_->propose(ctx, encode(rec)) == paxos::Replica::ProposeResult::queued) {
    ctx.mark("twopc.presumed_abort");
    presume_pending_[t] = Pending{from, ballot(), ctx.now()};
  }
}

}  // namespace cachesim::twopc
