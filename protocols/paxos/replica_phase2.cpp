// Replica: phase 2 (accepts, pipelined rounds), heartbeats and leases.
#include "protocols/paxos/replica.hpp"

#include "sim/core/check.hpp"

namespace cachesim::paxos {

void Replica::handle(Context& ctx, NodeId from, const Accept& m) {
  note_ballot(m.ballot);
  if (!m.batch) return;
  const auto r = acceptor_.on_accept(ctx.storage(), m.ballot, m.first, m.batch);
  if (r == Acceptor::AcceptOutcome::stale_ballot) {
    ctx.send(from, Reject{cfg_.group, m.ballot, acceptor_.promised(), log_.commit(), false});
    return;
  }
  heard_leader(ctx, m.ballot);
  ctx.send(from, Accepted{cfg_.group, m.ballot, m.first, static_cast<std::uint32_t>(m.batch->size()),
                          r == Acceptor::AcceptOutcome::accepted, log_.commit()});
  learn_commit(ctx, m.ballot, m.commit, from);
}

void Replica::handle(Context& ctx, NodeId from, const Accepted& m) {
  if (!leading() || m.ballot != proposer_.ballot()) return;
  const std::size_t i = index_of(from);
  last_ack_[i] = ctx.now();
  if (m.ok) {
    proposer_.on_accepted(i, m.first, m.count);
    advance_leader_commit(ctx);
    flush_rounds(ctx);
  } else if (m.commit > log_.commit()) {
    // It could not vouch for slots it already truncated: learn them from it.
    request_catchup(ctx, from, false);
  }
}

void Replica::advance_leader_commit(Context& ctx) {
  const Slot through = proposer_.pop_chosen();
  if (through <= log_.commit()) return;
  for (Slot s = log_.commit() + 1; s <= through; ++s) commit_one(ctx, s);
  apply_committed(ctx);
}

void Replica::flush_rounds(Context& ctx) {
  const Time now = ctx.now();
  while (Round* r = proposer_.next_round(now)) {
    // Our own vote first, durable before it counts.
    const auto out = acceptor_.on_accept(ctx.storage(), proposer_.ballot(), r->first, r->batch);
    if (out == Acceptor::AcceptOutcome::stale_ballot) {
      ctx.mark("paxos.ballot_preempted");
      step_down(ctx, "our own acceptor promised a higher ballot");
      return;
    }
    const Slot first = r->first;
    const auto count = static_cast<std::uint32_t>(r->batch->size());
    send_round(ctx, *r, 1u << self_index_);
    if (out == Acceptor::AcceptOutcome::accepted) proposer_.on_accepted(self_index_, first, count);
  }
  advance_leader_commit(ctx);  // a group of one chooses alone
}

void Replica::send_round(Context& ctx, const Round& r, std::uint32_t skip_mask) {
  const Accept a{cfg_.group, proposer_.ballot(), r.first, log_.commit(), r.batch};
  const Time now = ctx.now();
  for (std::size_t i = 0; i < cfg_.members.size(); ++i)
    if (!(skip_mask & (1u << i)) && i != self_index_) {
      ctx.send(cfg_.members[i], a);
      last_sent_[i] = now;
    }
}

void Replica::broadcast_heartbeat(Context& ctx) {
  const Time now = ctx.now();
  const Heartbeat hb{cfg_.group, proposer_.ballot(), log_.commit(), now};
  for (std::size_t i = 0; i < cfg_.members.size(); ++i) {
    if (i == self_index_) continue;
    // An accept did its work. (A clock that jumped back makes the span
    // negative: then send, or a long jump would silence us.)
    const Duration since = now - last_sent_[i];
    if (!cfg_.lease.enabled && since >= 0 && since < cfg_.paxos.heartbeat) continue;
    ctx.send(cfg_.members[i], hb);
  }
  if (cfg_.lease.enabled) {
    // We are a voter too: bound ourselves first, then count our own grant.
    guard_.hold(self_, now + cfg_.lease.length);
    lease_.grant(self_index_, now);
  }
}

void Replica::retransmit(Context& ctx) {
  const Time now = ctx.now();
  for (Round& r : proposer_.rounds()) {
    if (r.chosen || now - r.sent_at < cfg_.paxos.heartbeat) continue;
    send_round(ctx, r, r.acks | (1u << self_index_));
    r.sent_at = now;
  }
}

void Replica::on_heartbeat_timer(Context& ctx) {
  heartbeat_timer_ = 0;
  if (!leading()) return;
  const Time now = ctx.now();
  // Check-quorum: a leader cut off from a majority stops pretending, so that
  // clients get redirected instead of waiting on a leader that cannot commit.
  // Not while it holds a lease: then nobody else can lead yet, and its local
  // reads are exactly what the lease is for.
  std::size_t fresh = 0;
  for (std::size_t i = 0; i < cfg_.members.size(); ++i)
    if (i == self_index_ || now - last_ack_[i] <= cfg_.paxos.election_timeout_max) ++fresh;
  if (fresh < proposer_.majority() && !lease_valid(now)) {
    ctx.mark("paxos.leader_lost_quorum");
    step_down(ctx, "no majority heard within the election timeout");
    return;
  }
  broadcast_heartbeat(ctx);
  retransmit(ctx);
  heartbeat_timer_ = ctx.set_timer(cfg_.paxos.heartbeat, tag(kHeartbeat));
}

void Replica::handle(Context& ctx, NodeId from, const Heartbeat& m) {
  note_ballot(m.ballot);
  if (m.ballot < acceptor_.promised()) {
    ctx.send(from, Reject{cfg_.group, m.ballot, acceptor_.promised(), log_.commit(), false});
    return;
  }
  heard_leader(ctx, m.ballot);
  bool granted = false;
  if (cfg_.lease.enabled) {
    guard_.hold(m.ballot.node, ctx.now() + cfg_.lease.length);
    granted = true;
  }
  ctx.send(from, HeartbeatAck{cfg_.group, m.ballot, m.sent_at, log_.commit(), granted});
  learn_commit(ctx, m.ballot, m.commit, from);
}

void Replica::handle(Context& ctx, NodeId from, const HeartbeatAck& m) {
  if (!leading() || m.ballot != proposer_.ballot()) return;
  const std::size_t i = index_of(from);
  last_ack_[i] = ctx.now();
  if (m.lease_granted && cfg_.lease.enabled) lease_.grant(i, m.sent_at);
}

}  // namespace cachesim::paxos
