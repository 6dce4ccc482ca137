#include "protocols/cache/shard_group.hpp"

#include "protocols/cache/command.hpp"
#include "sim/core/codec.hpp"
#include "sim/core/hash.hpp"

namespace cachesim::cache {

namespace {
paxos::GroupConfig group_config(paxos::GroupId g, const ShardConfig& cfg) {
  return paxos::GroupConfig{g, cfg.ring->groups()[g], cfg.paxos, cfg.lease};
}
}  // namespace

ShardGroup::ShardGroup(NodeId self, paxos::GroupId group, const ShardConfig& cfg, const ShardSeams& seams)
    : group_(group),
      leases_(cfg.lease.enabled),
      reads_(seams.cache.reads ? seams.cache.reads : std::make_shared<const LeaseReadPolicy>()),
      engine_(group, self, cfg.ring, cfg.twopc, seams.twopc),
      replica_(group_config(group, cfg), self, *this, seams.cache.durable ? seams.cache.durable(group) : nullptr) {
  engine_.bind(&replica_);
}

void ShardGroup::start(Context& ctx, std::uint64_t epoch) {
  engine_.set_epoch(epoch);
  replica_.start(ctx);
}

std::uint64_t ShardGroup::state_hash() const {
  Hasher h;
  h.add(store_.state_hash());
  h.add(engine_.state().digest());
  return h.value();
}

void ShardGroup::reply(Context& ctx, NodeId to, std::uint64_t client, std::uint64_t seq, ReplyStatus s,
                       MaybeValue v) {
  ClientReply r;
  r.client = client;
  r.seq = seq;
  r.status = s;
  r.value = std::move(v);
  r.leader = replica_.leader_hint();
  ctx.send(to, std::move(r));
}

void ShardGroup::on_request(Context& ctx, NodeId from, const ClientRequest& r) {
  if (!replica_.leading()) {
    ctx.mark("cache.redirect");
    reply(ctx, from, r.client, r.seq, ReplyStatus::redirect, std::nullopt);
    return;
  }
  if (const SessionEntry* s = store_.session(r.client); s && r.seq <= s->seq) {
    if (r.seq == s->seq) {
      ctx.mark("cache.request_deduplicated");
      reply(ctx, from, r.client, r.seq, s->status, s->value);
    }
    return;
  }
  if (r.op == OpKind::get) {
    if (reads_->serve_locally(replica_, ctx.now())) {
      ctx.mark("cache.lease_read");
      reply(ctx, from, r.client, r.seq, ReplyStatus::ok, store_.get(r.key));
      return;
    }
    if (leases_) ctx.mark("cache.lease_expired");
  }
  auto w = waiters_.find(r.client);
  if (w != waiters_.end() && w->second.seq == r.seq && w->second.ballot == replica_.ballot()) {
    ctx.mark("cache.retry_in_flight");
    w->second.reply_to = from;
    return;
  }
  switch (replica_.propose(ctx, encode_command(r))) {
    case paxos::Replica::ProposeResult::queued: waiters_[r.client] = Waiter{r.seq, from, replica_.ballot()}; break;
    case paxos::Replica::ProposeResult::overloaded: ctx.mark("cache.overloaded"); break;
    case paxos::Replica::ProposeResult::not_leader:
      ctx.mark("cache.redirect");
      reply(ctx, from, r.client, r.seq, ReplyStatus::redirect, std::nullopt);
      break;
  }
}

void ShardGroup::apply_kv(Context& ctx, std::string_view payload) {
  const Command c = decode_command(payload);
  const KvStore::Result res = store_.apply(c);
  if (res.outcome == KvStore::Outcome::duplicate) ctx.mark("cache.request_deduplicated");
  auto w = waiters_.find(c.client);
  if (w != waiters_.end() && w->second.seq == c.seq) {
    if (res.outcome != KvStore::Outcome::stale) reply(ctx, w->second.reply_to, c.client, c.seq, res.status, res.value);
    waiters_.erase(w);
  }
}

void ShardGroup::apply(Context& ctx, paxos::Slot slot, std::string_view payload, std::uint64_t payload_hash) {
  if (!payload.empty()) {
    if (twopc::record_kind(payload)) {
      engine_.apply(ctx, payload, payload_hash);
    } else {
      apply_kv(ctx, payload);
    }
  }
  ctx.observe(Observation{"cache.applied", {group_, slot, state_hash(), 0}});
}

std::string ShardGroup::snapshot() const {
  Writer w;
  w.str(store_.snapshot());
  w.str(engine_.snapshot());
  return w.take();
}

void ShardGroup::restore(Context& ctx, paxos::Slot index, std::string_view bytes) {
  Reader in(bytes);
  store_.restore(in.str());
  engine_.restore(in.str());
  in.finish();
  ctx.observe(Observation{"cache.applied", {group_, index, state_hash(), 0}});
}

}  // namespace cachesim::cache
