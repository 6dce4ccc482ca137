#include "protocols/cache/kv_service.hpp"

#include "protocols/cache/command.hpp"

namespace cachesim::cache {

KvService::KvService(bool leases, std::shared_ptr<const ReadPolicy> reads)
    : leases_(leases), reads_(reads ? std::move(reads) : std::make_shared<const LeaseReadPolicy>()) {}

void KvService::reply(Context& ctx, const paxos::Replica& replica, NodeId to, std::uint64_t client,
                      std::uint64_t seq, ReplyStatus s, MaybeValue v) {
  ClientReply r;
  r.client = client;
  r.seq = seq;
  r.status = s;
  r.value = std::move(v);
  r.leader = replica.leader_hint();
  ctx.send(to, std::move(r));
}

void KvService::on_request(Context& ctx, NodeId from, const ClientRequest& r, paxos::Replica& replica) {
  if (!replica.leading()) {
    ctx.mark("cache.redirect");
    reply(ctx, replica, from, r.client, r.seq, ReplyStatus::redirect, std::nullopt);
    return;
  }
  if (const SessionEntry* s = store_.session(r.client); s && r.seq <= s->seq) {
    if (r.seq == s->seq) {
      ctx.mark("cache.request_deduplicated");
      reply(ctx, replica, from, r.client, r.seq, s->status, s->value);
    }
    return;
  }
  if (r.op == OpKind::get) {
    const Time now = ctx.now();
    if (reads_->serve_locally(replica, now)) {
      ctx.mark("cache.lease_read");
      reply(ctx, replica, from, r.client, r.seq, ReplyStatus::ok, store_.get(r.key));
      return;
    }
    if (leases_) ctx.mark(log_read_mark(replica, now));  // no lease to read by: through the log
  }
  auto w = waiters_.find(r.client);
  if (w != waiters_.end() && w->second.seq == r.seq && w->second.ballot == replica.ballot()) {
    ctx.mark("cache.retry_in_flight");
    w->second.reply_to = from;  // still in this leader's pipeline: answer the latest attempt
    return;
  }
  switch (replica.propose(ctx, encode_command(r))) {
    case paxos::Replica::ProposeResult::queued:
      waiters_[r.client] = Waiter{r.seq, from, replica.ballot()};
      break;
    case paxos::Replica::ProposeResult::overloaded:
      ctx.mark("cache.overloaded");  // dropped: the client's retry comes back later
      break;
    case paxos::Replica::ProposeResult::not_leader:
      ctx.mark("cache.redirect");
      reply(ctx, replica, from, r.client, r.seq, ReplyStatus::redirect, std::nullopt);
      break;
  }
}

void KvService::apply(Context& ctx, std::string_view payload, const paxos::Replica& replica) {
  const Command c = decode_command(payload);
  const KvStore::Result res = store_.apply(c);
  if (res.outcome == KvStore::Outcome::duplicate) ctx.mark("cache.request_deduplicated");
  auto w = waiters_.find(c.client);
  if (w != waiters_.end() && w->second.seq == c.seq) {
    if (res.outcome != KvStore::Outcome::stale)
      reply(ctx, replica, w->second.reply_to, c.client, c.seq, res.status, res.value);
    waiters_.erase(w);
  }
}

}  // namespace cachesim::cache
