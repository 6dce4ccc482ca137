#include "tests/paxos/test_client.hpp"

namespace cachesim::paxos_test {

void TestClient::on_start(Context& ctx) {
  target_ = static_cast<NodeId>(id_ % opt_.servers);
  ctx.set_timer(ctx.rng().uniform(opt_.think_min, opt_.think_max), kNext);
}

void TestClient::next_op(Context& ctx) {
  if (ctx.now() >= opt_.stop_at || (opt_.max_ops && seq_ >= opt_.max_ops)) return;
  ++seq_;
  req_ = gen_(id_, seq_, ctx.rng());
  req_.client = id_;
  req_.seq = seq_;
  rec_ = OpRecord{};
  rec_.client = id_;
  rec_.seq = seq_;
  rec_.op = req_.op;
  rec_.key = req_.key;
  rec_.value = req_.value;
  rec_.expected = req_.expected;
  rec_.invoke = ctx.now();
  busy_ = true;
  ++history_->started;
  if (req_.op == OpKind::put || req_.op == OpKind::cas) history_->attempted.push_back(req_.value);
  send(ctx);
}

void TestClient::send(Context& ctx) {
  ++rec_.attempts;
  ctx.send(target_, req_);
  if (timeout_) ctx.cancel_timer(timeout_);
  timeout_ = ctx.set_timer(opt_.timeout, kTimeout);
}

void TestClient::on_message(Context& ctx, NodeId, const Message& m) {
  const ClientReply* r = m.as<ClientReply>();
  if (!r || !busy_ || r->seq != seq_ || r->client != id_) return;  // late reply to an old attempt
  if (r->status == ReplyStatus::redirect) {
    ++history_->redirects;
    ++redirects_in_row_;
    // Follow a hint, but not around a loop of stale hints: after two
    // redirects in a row, walk the servers in order.
    const bool follow = r->leader != kNoNode && r->leader != target_ && redirects_in_row_ <= 2;
    target_ = follow ? r->leader : (target_ + 1) % opt_.servers;
    if (redirects_in_row_ % 6 != 0) {
      send(ctx);
    } else {  // nobody knows a leader (an election is running): back off a little
      if (timeout_) ctx.cancel_timer(timeout_);
      timeout_ = 0;
      ctx.set_timer(20 * kMillisecond, kResend);
    }
    return;
  }
  redirects_in_row_ = 0;
  busy_ = false;
  if (timeout_) ctx.cancel_timer(timeout_);
  timeout_ = 0;
  rec_.status = r->status;
  rec_.result = r->value;
  rec_.complete = ctx.now();
  history_->last_complete = rec_.complete;
  history_->ops.push_back(rec_);
  ctx.set_timer(ctx.rng().uniform(opt_.think_min, opt_.think_max), kNext);
}

void TestClient::on_timer(Context& ctx, TimerId id, std::uint64_t tag) {
  switch (tag) {
    case kNext:
      next_op(ctx);
      break;
    case kTimeout:
      if (id != timeout_ || !busy_) return;
      ++history_->timeouts;
      timeout_ = 0;
      redirects_in_row_ = 0;
      target_ = (target_ + 1) % opt_.servers;
      send(ctx);
      break;
    case kResend:
      if (!busy_) return;
      redirects_in_row_ = 0;
      send(ctx);
      break;
    default:
      break;
  }
}

OpGenerator random_ops(std::uint32_t keys) {
  return [keys](std::uint64_t client, std::uint64_t seq, Rng& rng) {
    ClientRequest r;
    r.key = "k" + std::to_string(rng.below(keys));
    const std::uint64_t pick = rng.below(100);
    const std::int64_t unique = static_cast<std::int64_t>(client * 1'000'000 + seq);
    if (pick < 50) {
      r.op = OpKind::get;
    } else if (pick < 80) {
      r.op = OpKind::put;
      r.value = Value{unique};
    } else if (pick < 85) {
      r.op = OpKind::del;
    } else {
      r.op = OpKind::cas;
      // Expect a value some client may have written, or absence.
      if (rng.below(4) == 0) {
        r.expected = std::nullopt;
      } else {
        r.expected = Value{static_cast<std::int64_t>(rng.below(8) * 1'000'000 + rng.below(std::max<std::uint64_t>(seq, 1)) + 1)};
      }
      r.value = Value{unique};
    }
    return r;
  };
}

OpGenerator monotonic_register(std::uint64_t writer) {
  return [writer](std::uint64_t client, std::uint64_t seq, Rng&) {
    ClientRequest r;
    r.key = "x";
    if (client == writer) {
      r.op = OpKind::put;
      r.value = Value{static_cast<std::int64_t>(seq)};
    } else {
      r.op = OpKind::get;
    }
    return r;
  };
}

OpGenerator cas_counter() {
  return [](std::uint64_t, std::uint64_t seq, Rng&) {
    ClientRequest r;
    r.key = "counter";
    if (seq == 1) {
      r.op = OpKind::put;
      r.value = Value{std::int64_t{0}};
    } else {
      r.op = OpKind::cas;
      r.expected = Value{static_cast<std::int64_t>(seq - 2)};
      r.value = Value{static_cast<std::int64_t>(seq - 1)};
    }
    return r;
  };
}

}  // namespace cachesim::paxos_test
