// Replica: lifecycle, timers, message routing, phase 1 and leadership.
#include "protocols/paxos/replica.hpp"

#include <algorithm>
#include <string>

#include "sim/core/check.hpp"

namespace cachesim::paxos {

namespace {
// How far past its commit index an acceptor takes accepts: room for a full
// pipeline several times over and a snapshot interval of lag. Beyond it the
// replica catches up first (memory stays bounded however far ahead a leader is).
Slot accept_window(const PaxosConfig& c) {
  return 2 * c.snapshot_every + 4 * Slot{c.pipeline} * c.max_batch + c.catchup_batch + 64;
}

template <class T, class Fn>
bool route(const Message& m, GroupId group, Fn&& fn) {
  const T* p = m.as<T>();
  if (!p || p->group != group) return false;
  fn(*p);
  return true;
}
}  // namespace

Replica::Replica(const GroupConfig& cfg, NodeId self, StateMachine& sm, std::unique_ptr<DurableState> durable)
    : cfg_(cfg),
      self_(self),
      self_index_(SIZE_MAX),
      sm_(sm),
      durable_(durable ? std::move(durable) : std::make_unique<DurableState>(cfg.group)),
      log_(accept_window(cfg.paxos)),
      acceptor_(log_, *durable_),
      proposer_(cfg.members.size(), cfg.paxos) {
  self_index_ = index_of(self);
  CACHESIM_CHECK(self_index_ != SIZE_MAX, "a replica must be a member of its group");
  CACHESIM_CHECK(cfg.paxos.election_timeout_min > 0 && cfg.paxos.election_timeout_min <= cfg.paxos.election_timeout_max,
                 "bad election timeout range");
  CACHESIM_CHECK(cfg.paxos.heartbeat > 0 && cfg.paxos.catchup_batch > 0, "bad heartbeat or catch-up batch");
  if (cfg.lease.enabled) lease_span_ = leader_lease_span(cfg.lease.length, cfg.lease.drift_bound_ppm);
}

std::size_t Replica::index_of(NodeId n) const {
  for (std::size_t i = 0; i < cfg_.members.size(); ++i)
    if (cfg_.members[i] == n) return i;
  return SIZE_MAX;
}

NodeId Replica::leader_hint() const { return leading() ? self_ : leader_; }

bool Replica::lease_valid(Time now) const {
  return cfg_.lease.enabled && leading() && lease_.valid(now, lease_span_);
}

bool Replica::lease_lapsed(Time now) const {
  return cfg_.lease.enabled && leading() && lease_.ever_held() && !lease_.valid(now, lease_span_);
}

void Replica::start(Context& ctx) {
  Recovered r = durable_->load(ctx.storage());
  acceptor_.recover(r.promised);
  highest_round_ = r.promised.round;
  if (r.snapshot_index > 0) {
    sm_.restore(ctx, r.snapshot_index, r.snapshot);
    log_.install_snapshot(r.snapshot_index);
    snapshot_ = std::make_shared<const std::string>(std::move(r.snapshot));
  }
  for (RecoveredEntry& e : r.entries) log_.put(e.slot, e.ballot, std::move(e.payload));
  // Entries stored as known-chosen (learned by catch-up) rebuild the commit
  // index; the rest waits for a leader to vouch for it.
  for (const LogEntry* e = log_.find(log_.commit() + 1); e && e->ballot == kChosen; e = log_.find(log_.commit() + 1))
    commit_one(ctx, log_.commit() + 1);
  apply_committed(ctx);
  last_ack_.assign(cfg_.members.size(), 0);
  last_sent_.assign(cfg_.members.size(), kNeverSent);
  const Time now = ctx.now();
  // A restarted voter may have granted a lease it no longer remembers: it
  // promises nobody for a full lease length. A first start granted nothing.
  if (cfg_.lease.enabled && r.restarted) guard_.hold(kNoNode, now + cfg_.lease.length);
  durable_->mark_started(ctx.storage());
  last_heard_ = now;
  election_timeout_ = ctx.rng().uniform(cfg_.paxos.election_timeout_min, cfg_.paxos.election_timeout_max);
  arm_election(ctx, election_timeout_);
  if (r.promised.round > 0 || r.snapshot_index > 0)
    ctx.log("paxos g" + std::to_string(cfg_.group) + ": recovered promised=" + r.promised.str() +
            " snapshot=" + std::to_string(r.snapshot_index) + " commit=" + std::to_string(log_.commit()) +
            " held=" + std::to_string(log_.held()));
}

bool Replica::on_message(Context& ctx, NodeId from, const Message& m) {
  if (index_of(from) == SIZE_MAX) return false;
  const GroupId g = cfg_.group;
  auto h = [&](const auto& msg) { handle(ctx, from, msg); };
  return route<Accept>(m, g, h) || route<Accepted>(m, g, h) || route<Heartbeat>(m, g, h) ||
         route<HeartbeatAck>(m, g, h) || route<Prepare>(m, g, h) || route<Promise>(m, g, h) ||
         route<Reject>(m, g, h) || route<CatchupRequest>(m, g, h) || route<CatchupReply>(m, g, h) ||
         route<SnapshotInstall>(m, g, h);
}

void Replica::on_timer(Context& ctx, TimerId id, std::uint64_t tag) {
  switch (tag & 0xff) {
    case kElection:
      if (id == election_timer_) on_election_timer(ctx);
      break;
    case kHeartbeat:
      if (id == heartbeat_timer_) on_heartbeat_timer(ctx);
      break;
    default:
      break;
  }
}

void Replica::arm_election(Context& ctx, Duration after) {
  if (election_timer_) ctx.cancel_timer(election_timer_);
  election_timer_ = ctx.set_timer(std::max<Duration>(after, 0), tag(kElection));
}

void Replica::on_election_timer(Context& ctx) {
  election_timer_ = 0;
  if (leading()) return;
  const Time now = ctx.now();
  if (now < last_heard_) last_heard_ = now;  // our clock jumped back: restart the wait
  const Duration quiet = now - last_heard_;
  if (quiet < election_timeout_) {
    arm_election(ctx, election_timeout_ - quiet);
    return;
  }
  if (cfg_.lease.enabled && guard_.blocks(self_, now)) {
    // Bound by a lease we granted: campaigning now would only be refused.
    arm_election(ctx, guard_.until() - now + ctx.rng().uniform(0, cfg_.paxos.heartbeat));
    return;
  }
  start_election(ctx);
}

void Replica::start_election(Context& ctx) {
  const Time now = ctx.now();
  const Ballot b{std::max(highest_round_, acceptor_.promised().round) + 1, self_};
  highest_round_ = b.round;
  proposer_.campaign(b);
  leader_ = kNoNode;
  const Prepare p{cfg_.group, b, log_.commit() + 1};
  Promise own;
  const auto out = acceptor_.on_prepare(ctx.storage(), p, own);  // our own promise, durable first
  CACHESIM_CHECK(out == Acceptor::PrepareOutcome::promised, "a replica refused its own fresh ballot");
  last_heard_ = now;
  election_timeout_ = ctx.rng().uniform(cfg_.paxos.election_timeout_min, cfg_.paxos.election_timeout_max);
  arm_election(ctx, election_timeout_);
  for (NodeId peer : cfg_.members)
    if (peer != self_) ctx.send(peer, p);
  if (proposer_.add_promise(self_index_, own)) become_leader(ctx);
}

void Replica::note_ballot(Ballot b) {
  if (b != kChosen) highest_round_ = std::max(highest_round_, b.round);
}

void Replica::heard_leader(Context& ctx, Ballot b) {
  if (proposer_.role() != Proposer::Role::follower && b > proposer_.ballot()) {
    ctx.mark("paxos.ballot_preempted");
    step_down(ctx, "a higher ballot leads");
  }
  if (leading()) return;
  leader_ = b.node;
  leader_ballot_ = b;
  last_heard_ = ctx.now();
}

void Replica::handle(Context& ctx, NodeId from, const Prepare& m) {
  note_ballot(m.ballot);
  const Time now = ctx.now();
  if (cfg_.lease.enabled && guard_.blocks(m.ballot.node, now)) {
    ctx.send(from, Reject{cfg_.group, m.ballot, acceptor_.promised(), log_.commit(), true});
    return;
  }
  Promise out;
  const auto r = acceptor_.on_prepare(ctx.storage(), m, out);
  if (r != Acceptor::PrepareOutcome::promised) {
    ctx.send(from, Reject{cfg_.group, m.ballot, acceptor_.promised(), log_.commit(), false});
    return;
  }
  if (proposer_.role() != Proposer::Role::follower && m.ballot > proposer_.ballot()) {
    ctx.mark("paxos.ballot_preempted");
    step_down(ctx, "promised a higher ballot");
  }
  last_heard_ = now;  // a live campaign: give it time before starting our own
  if (m.ballot.node != leader_) leader_ = kNoNode;  // our old leader is being replaced: stop pointing at it
  ctx.send(from, std::move(out));
}

void Replica::handle(Context& ctx, NodeId from, const Promise& m) {
  if (proposer_.role() != Proposer::Role::candidate || m.ballot != proposer_.ballot()) return;
  if (proposer_.add_promise(index_of(from), m)) become_leader(ctx);
}

void Replica::handle(Context& ctx, NodeId from, const Reject& m) {
  note_ballot(m.promised);
  const bool ours = proposer_.role() != Proposer::Role::follower && m.ballot == proposer_.ballot();
  if (ours && m.promised > m.ballot) {
    ctx.mark("paxos.ballot_preempted");
    step_down(ctx, "preempted");
  } else if (ours && m.guarded) {
    ctx.mark("paxos.prepare_lease_guarded");
  }
  // Refused because we are behind what the acceptor truncated, or simply
  // behind: fetch what it knows chosen.
  if (m.commit > log_.commit()) request_catchup(ctx, from, false);
}

void Replica::become_leader(Context& ctx) {
  std::map<Slot, PromiseEntry> rec = proposer_.take_recovered();
  // Values some acceptor knows chosen, contiguous from our commit point, are
  // learned directly; every later slot up to the highest one reported is
  // re-proposed at our ballot, holes as no-ops.
  const Slot before = log_.commit();
  for (auto it = rec.find(log_.commit() + 1); it != rec.end() && it->second.ballot == kChosen;
       it = rec.find(log_.commit() + 1)) {
    install_chosen(ctx, it->first, std::make_shared<const Batch>(it->second.payload), 0);
  }
  persist_chosen(ctx, before + 1, log_.commit());
  const Slot next = log_.commit() + 1;
  const Slot top = rec.empty() ? 0 : rec.rbegin()->first;
  proposer_.lead(next);
  std::size_t holes = 0, redo = 0;
  for (Slot s = next; s <= top; ++s) {
    auto it = rec.find(s);
    if (it == rec.end()) {
      ++holes;
      ctx.mark("paxos.hole_filled_noop");
      proposer_.enqueue_recovery(Payload{});
    } else {
      ++redo;
      proposer_.enqueue_recovery(std::move(it->second.payload));
    }
  }
  // The barrier: once it is applied, this leader's state includes every
  // write any earlier leader acknowledged (local lease reads wait for it).
  barrier_ = next + holes + redo;
  proposer_.enqueue_recovery(Payload{});
  const Time now = ctx.now();
  leader_ = self_;
  leader_ballot_ = proposer_.ballot();
  lease_.reset(cfg_.members.size());
  std::fill(last_ack_.begin(), last_ack_.end(), now);
  std::fill(last_sent_.begin(), last_sent_.end(), kNeverSent);  // our first heartbeat goes to everyone
  if (election_timer_) ctx.cancel_timer(election_timer_);
  election_timer_ = 0;
  ctx.mark("paxos.leader_elected");
  // Who leads, for the harness (faults can aim at the current leader).
  ctx.observe(Observation{"paxos.leader", {cfg_.group, leader_ballot_.round, leader_ballot_.node, 0}});
  ctx.log("paxos g" + std::to_string(cfg_.group) + ": leader with ballot " + proposer_.ballot().str() +
          " commit=" + std::to_string(log_.commit()) + " re-proposing=" + std::to_string(redo) +
          " holes=" + std::to_string(holes));
  apply_committed(ctx);
  broadcast_heartbeat(ctx);
  if (heartbeat_timer_) ctx.cancel_timer(heartbeat_timer_);
  heartbeat_timer_ = ctx.set_timer(cfg_.paxos.heartbeat, tag(kHeartbeat));
  flush_rounds(ctx);
}

void Replica::step_down(Context& ctx, const char* why) {
  const bool was_leader = leading();
  proposer_.step_down();
  if (heartbeat_timer_) ctx.cancel_timer(heartbeat_timer_);
  heartbeat_timer_ = 0;
  if (was_leader) {
    leader_ = kNoNode;
    ctx.mark("paxos.leader_stepped_down");
    ctx.log("paxos g" + std::to_string(cfg_.group) + ": leader " + proposer_.ballot().str() + " steps down: " + why);
  }
  last_heard_ = ctx.now();
  if (!election_timer_) {
    election_timeout_ = ctx.rng().uniform(cfg_.paxos.election_timeout_min, cfg_.paxos.election_timeout_max);
    arm_election(ctx, election_timeout_);
  }
}

Replica::ProposeResult Replica::propose(Context& ctx, Payload command) {
  if (!leading()) return ProposeResult::not_leader;
  if (!proposer_.enqueue(std::move(command))) return ProposeResult::overloaded;
  flush_rounds(ctx);
  return ProposeResult::queued;
}

}  // namespace cachesim::paxos
