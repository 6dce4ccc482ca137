#include "protocols/cache/cache_group.hpp"

#include "protocols/cache/command.hpp"

namespace cachesim::cache {

namespace {
paxos::GroupConfig group_config(const CacheConfig& cfg) {
  return paxos::GroupConfig{cfg.group, cfg.servers, cfg.paxos, cfg.lease};
}
}  // namespace

CacheGroup::CacheGroup(NodeId self, const CacheConfig& cfg, const CacheSeams& seams)
    : group_(cfg.group),
      leases_(cfg.lease.enabled),
      reads_(seams.reads ? seams.reads : std::make_shared<const LeaseReadPolicy>()),
      replica_(group_config(cfg), self, *this, seams.durable ? seams.durable(cfg.group) : nullptr) {}

void CacheGroup::reply(Context& ctx, NodeId to, std::uint64_t client, std::uint64_t seq, ReplyStatus s,
                       MaybeValue v) {
  ClientReply r;
  r.client = client;
  r.seq = seq;
  r.status = s;
  r.value = std::move(v);
  r.leader = replica_.leader_hint();
  ctx.send(to, std::move(r));
}

void CacheGroup::on_request(Context& ctx, NodeId from, const ClientRequest& r) {
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
    const Time now = ctx.now();
    if (reads_->serve_locally(replica_, now)) {
      ctx.mark("cache.lease_read");
      reply(ctx, from, r.client, r.seq, ReplyStatus::ok, store_.get(r.key));
      return;
    }
    if (leases_) ctx.mark("cache.lease_expired");  // no valid lease: the read goes through the log
  }
  auto w = waiters_.find(r.client);
  if (w != waiters_.end() && w->second.seq == r.seq && w->second.ballot == replica_.ballot()) {
    ctx.mark("cache.retry_in_flight");
    w->second.reply_to = from;  // still in this leader's pipeline: answer the latest attempt
    return;
  }
  switch (replica_.propose(ctx, encode_command(r))) {
    case paxos::Replica::ProposeResult::queued:
      waiters_[r.client] = Waiter{r.seq, from, replica_.ballot()};
      break;
    case paxos::Replica::ProposeResult::overloaded:
      ctx.mark("cache.overloaded");  // dropped: the client's retry comes back later
      break;
    case paxos::Replica::ProposeResult::not_leader:
      ctx.mark("cache.redirect");
      reply(ctx, from, r.client, r.seq, ReplyStatus::redirect, std::nullopt);
      break;
  }
}

void CacheGroup::apply(Context& ctx, paxos::Slot slot, std::string_view payload, std::uint64_t /*payload_hash*/) {
  if (!payload.empty()) {
    const Command c = decode_command(payload);
    const KvStore::Result res = store_.apply(c);
    if (res.outcome == KvStore::Outcome::duplicate) ctx.mark("cache.request_deduplicated");
    auto w = waiters_.find(c.client);
    if (w != waiters_.end() && w->second.seq == c.seq) {
      if (res.outcome != KvStore::Outcome::stale)
        reply(ctx, w->second.reply_to, c.client, c.seq, res.status, res.value);
      waiters_.erase(w);
    }
  }
  ctx.observe(Observation{"cache.applied", {group_, slot, store_.state_hash(), 0}});
}

void CacheGroup::restore(Context& ctx, paxos::Slot index, std::string_view bytes) {
  store_.restore(bytes);
  ctx.observe(Observation{"cache.applied", {group_, index, store_.state_hash(), 0}});
}

}  // namespace cachesim::cache
