#include "sim/workload/kv_client.hpp"

#include "sim/core/check.hpp"

namespace cachesim {

using cache::ClientReply;
using cache::ClientRequest;
using cache::OpKind;
using cache::ReplyStatus;

namespace {

Duration think_time(Context& ctx, const WorkloadSpec& w) {
  if (w.rate > 0.0) {
    // All clients together offer `rate` ops/s: each waits Exp(clients / rate).
    const auto mean = static_cast<Duration>(static_cast<double>(kSecond) * w.clients / w.rate);
    return ctx.rng().exponential(mean);
  }
  return w.think.sample(ctx.rng());
}

}  // namespace

void KvClient::on_start(Context& ctx) {
  schedule_next(ctx);
}

void KvClient::schedule_next(Context& ctx) {
  if (cfg_.workload.max_ops != 0 && started_ >= cfg_.workload.max_ops) return;
  const Duration wait = think_time(ctx, cfg_.workload);
  if (ctx.now() + wait >= cfg_.stop) return;
  ctx.set_timer(wait, kThink);
}

cache::MaybeValue KvClient::new_value() {
  // Unique across clients: client index + clients * n.
  const std::uint64_t n = ++values_made_;
  const std::int64_t v = static_cast<std::int64_t>(cfg_.index + 1 + static_cast<std::uint64_t>(cfg_.clients) * n);
  if (cfg_.workload.string_values) return cache::Value(std::string("v") + std::to_string(v));
  return cache::Value(v);
}

Value KvClient::history_value(const cache::MaybeValue& v) const {
  if (!v) return Value::null();
  if (const auto* i = std::get_if<std::int64_t>(&*v)) return Value::integer(*i);
  return Value::string(std::get<std::string>(*v));
}

void KvClient::start_operation(Context& ctx) {
  const OpMix& mix = cfg_.workload.mix;
  const std::uint64_t total = std::uint64_t{mix.get} + mix.put + mix.del + mix.cas;
  CACHESIM_CHECK(total > 0, "empty operation mix");
  std::uint64_t pick = ctx.rng().below(total);
  OpKind op;
  if (pick < mix.get) {
    op = OpKind::get;
  } else if ((pick -= mix.get) < mix.put) {
    op = OpKind::put;
  } else if ((pick -= mix.put) < mix.del) {
    op = OpKind::del;
  } else {
    op = OpKind::cas;
  }
  req_ = ClientRequest{};
  req_.client = cfg_.index + 1;
  req_.seq = ++seq_;
  req_.op = op;
  req_.key = "k" + std::to_string(1 + ctx.rng().below(cfg_.workload.keys));
  group_ = router_.group_of(req_.key);
  Event inv;
  inv.process = process_;
  inv.type = EventType::kInvoke;
  inv.key = req_.key;
  inv.time = ctx.now();
  switch (op) {
    case OpKind::get: f_ = OpFunction::kRead; break;
    case OpKind::put:
      f_ = OpFunction::kWrite;
      req_.value = new_value();
      inv.value = history_value(req_.value);
      break;
    case OpKind::del: f_ = OpFunction::kDelete; break;
    case OpKind::cas: {
      f_ = OpFunction::kCas;
      auto it = last_seen_.find(req_.key);
      req_.expected = it == last_seen_.end() ? cache::MaybeValue{} : it->second;
      req_.value = new_value();
      inv.value = Value::list({history_value(req_.expected), history_value(req_.value)});
      break;
    }
  }
  inv.f = f_;
  history_->record(std::move(inv));
  ++started_;
  in_flight_ = true;
  attempts_ = 0;
  redirects_ = 0;
  maybe_applied_ = false;
  target_ = router_.guess(group_);
  send_attempt(ctx);
}

void KvClient::send_attempt(Context& ctx) {
  ++attempts_;
  attempt_refused_ = false;
  if (!router_.is_member(group_, target_)) target_ = router_.next_after(group_, kNoNode);
  ctx.send(target_, req_);
  attempt_timer_.arm(ctx, cfg_.workload.timeout);
}

void KvClient::finish(Context& ctx, EventType type, Value value, std::optional<std::string> error) {
  Event done;
  done.process = process_;
  done.type = type;
  done.f = f_;
  done.key = req_.key;
  done.value = std::move(value);
  done.time = ctx.now();
  done.error = std::move(error);
  history_->record(std::move(done));
  if (type == EventType::kInfo) process_ += cfg_.clients;  // Jepsen: a new process after an info
  attempt_timer_.disarm();
  in_flight_ = false;
  ++completed_;
  schedule_next(ctx);
}

void KvClient::on_message(Context& ctx, NodeId from, const Message& m) {
  const ClientReply* r = m.as<ClientReply>();
  if (!r || !in_flight_ || r->seq != req_.seq) return;  // a late answer to an earlier attempt or operation
  switch (r->status) {
    case ReplyStatus::redirect: {
      // Only the answer to the current attempt steers us; an older target's
      // redirect says nothing new.
      if (from != target_) return;
      const NodeId next = (r->leader != from && router_.is_member(group_, r->leader))
                              ? r->leader
                              : router_.next_after(group_, from);
      router_.believe(group_, next);
      if (++redirects_ <= 2 * router_.members(group_).size()) {
        target_ = next;
        --attempts_;  // a redirect is not a failed attempt: nothing was accepted
        send_attempt(ctx);
      } else {
        attempt_refused_ = true;  // out of redirects: wait for the attempt timer
      }
      return;
    }
    case ReplyStatus::ok: {
      router_.believe(group_, from);
      Value v;
      switch (req_.op) {
        case OpKind::get:
          v = history_value(r->value);
          last_seen_[req_.key] = r->value;
          break;
        case OpKind::put:
          v = history_value(req_.value);
          last_seen_[req_.key] = req_.value;
          break;
        case OpKind::del: last_seen_[req_.key] = std::nullopt; break;
        case OpKind::cas:
          v = Value::list({history_value(req_.expected), history_value(req_.value)});
          last_seen_[req_.key] = req_.value;
          break;
      }
      finish(ctx, EventType::kOk, std::move(v), std::nullopt);
      return;
    }
    case ReplyStatus::mismatch: {
      router_.believe(group_, from);
      last_seen_[req_.key] = r->value;  // what it found, absent included
      finish(ctx, EventType::kFail, Value::list({history_value(req_.expected), history_value(req_.value)}),
             std::nullopt);
      return;
    }
  }
}

void KvClient::on_timer(Context& ctx, TimerId id, std::uint64_t tag) {
  if (tag == kThink) {
    start_operation(ctx);
    return;
  }
  if (tag != kAttempt || !attempt_timer_.expired(ctx, id) || !in_flight_) return;
  if (!attempt_refused_) maybe_applied_ = true;  // unanswered: it may have been applied
  if (attempts_ <= cfg_.workload.retries) {
    target_ = router_.next_after(group_, target_);
    router_.believe(group_, target_);
    redirects_ = 0;  // the budget is per attempt: a new attempt may follow redirects again
    send_attempt(ctx);
    return;
  }
  Value v;
  if (f_ == OpFunction::kWrite) v = history_value(req_.value);
  if (f_ == OpFunction::kCas) v = Value::list({history_value(req_.expected), history_value(req_.value)});
  // Even when every attempt we know of was refused, the network may have
  // duplicated a request and delivered the other copy to a server that had
  // become leader: a refusal never proves the operation did not happen.
  finish(ctx, EventType::kInfo, std::move(v), std::string(maybe_applied_ ? "timeout" : "unavailable"));
}

}  // namespace cachesim
