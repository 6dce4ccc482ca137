#include "sim/workload/txn_client.hpp"

#include <algorithm>

#include "sim/core/check.hpp"

namespace cachesim {

using twopc::MicroKind;
using twopc::TxnReply;
using twopc::TxnStatus;

TxnClient::TxnClient(TxnClientConfig cfg, HistoryRecorder* history)
    : cfg_(std::move(cfg)), history_(history), process_(kTxnProcessBase + cfg_.index) {
  CACHESIM_CHECK(cfg_.ring != nullptr && cfg_.keys != nullptr, "a transaction client needs the ring and the key pool");
  CACHESIM_CHECK(cfg_.workload.min_ops >= 1 && cfg_.workload.min_ops <= cfg_.workload.max_ops,
                 "transaction workload out of range");
}

void TxnClient::on_start(Context& ctx) { schedule_next(ctx); }

void TxnClient::schedule_next(Context& ctx) {
  if (cfg_.workload.max_txns != 0 && started_ >= cfg_.workload.max_txns) return;
  const Duration wait = cfg_.workload.think.sample(ctx.rng());
  if (ctx.now() + wait >= cfg_.stop) return;
  ctx.set_timer(wait, kThink);
}

const std::vector<std::uint32_t>& TxnClient::pick_slots(Context& ctx, std::uint32_t n) {
  const TxnKeyPool& pool = *cfg_.keys;
  std::vector<std::uint32_t>& out = slots_;
  out.clear();
  out.push_back(static_cast<std::uint32_t>(ctx.rng().below(pool.slots())));
  if (n == 1) return out;
  const ring::GroupIndex first = group_of_slot(out.front());
  std::vector<std::uint32_t>& same = same_;
  std::vector<std::uint32_t>& others = others_;
  same.clear();
  others.clear();
  for (std::uint32_t s = 0; s < pool.slots(); ++s) (group_of_slot(s) == first ? same : others).push_back(s);
  const bool multi = !others.empty() && ctx.rng().below(100) < cfg_.workload.multi_group_percent;
  if (multi) {
    // At least one key from another group; the rest from anywhere.
    out.push_back(others[ctx.rng().below(others.size())]);
    while (out.size() < n) out.push_back(static_cast<std::uint32_t>(ctx.rng().below(pool.slots())));
  } else {
    while (out.size() < n) out.push_back(same[ctx.rng().below(same.size())]);
  }
  return out;
}

ring::GroupIndex TxnClient::group_of_slot(std::uint32_t slot) {
  const TxnKeyPool& pool = *cfg_.keys;
  if (slot_group_.size() <= slot) slot_group_.resize(pool.slots());
  auto& [seen, group] = slot_group_[slot];
  if (seen != pool.serial(slot)) {  // a new key in the slot (serials are never 0)
    seen = pool.serial(slot);
    group = cfg_.ring->group_of(pool.key(slot));
  }
  return group;
}

void TxnClient::start_txn(Context& ctx) {
  const TxnWorkloadSpec& w = cfg_.workload;
  const auto n = static_cast<std::uint32_t>(ctx.rng().uniform(w.min_ops, w.max_ops));
  req_.client = kTxnClientIdBase + cfg_.index;
  req_.seq = ++seq_;
  req_.ops.clear();  // keeps its room for this transaction's ops
  req_.ops.reserve(n);
  Event inv;
  inv.txn.reserve(n);
  inv.process = process_;
  inv.type = EventType::kInvoke;
  inv.f = OpFunction::kTxn;
  inv.time = ctx.now();
  TxnKeyPool& pool = *cfg_.keys;
  for (std::uint32_t slot : pick_slots(ctx, n)) {
    // Built in place (ops has room for n); the op keeps the key's name even
    // if appended() below retires it.
    twopc::MicroOp& op = req_.ops.emplace_back();
    op.key = pool.key(slot);
    if (ctx.rng().below(100) < w.read_percent) {
      op.kind = MicroKind::read;
      inv.txn.push_back(MicroOp{"r", op.key, Value::null()});
    } else {
      op.kind = MicroKind::append;
      op.value = static_cast<std::int64_t>(cfg_.index + 1 + std::uint64_t{cfg_.clients} * ++values_made_);
      pool.appended(slot);
      inv.txn.push_back(MicroOp{"append", op.key, Value::integer(op.value)});
    }
  }
  history_->record(std::move(inv));
  ++started_;
  in_flight_ = true;
  attempts_ = 0;
  redirects_ = 0;
  maybe_applied_ = false;
  group_ = cfg_.ring->group_of(req_.ops.front().key);
  auto g = leader_guess_.find(group_);
  target_ = g != leader_guess_.end() ? g->second : kNoNode;
  send_attempt(ctx);
}

NodeId TxnClient::next_member(NodeId after) const {
  const std::vector<NodeId>& m = cfg_.ring->groups()[group_];
  auto it = std::find(m.begin(), m.end(), after);
  if (it == m.end() || ++it == m.end()) return m.front();
  return *it;
}

void TxnClient::send_attempt(Context& ctx) {
  ++attempts_;
  attempt_refused_ = false;
  if (target_ == kNoNode) target_ = cfg_.ring->groups()[group_][cfg_.index % cfg_.ring->groups()[group_].size()];
  ctx.send(target_, req_);
  attempt_timer_.arm(ctx, cfg_.workload.timeout);
}

void TxnClient::finish(Context& ctx, EventType type, const std::vector<std::vector<std::int64_t>>* reads,
                       std::optional<std::string> error) {
  Event done;
  done.process = process_;
  done.type = type;
  done.f = OpFunction::kTxn;
  done.time = ctx.now();
  done.error = std::move(error);
  done.txn.reserve(req_.ops.size());
  std::size_t r = 0;
  for (const twopc::MicroOp& op : req_.ops) {
    if (op.kind == MicroKind::append) {
      done.txn.push_back(MicroOp{"append", op.key, Value::integer(op.value)});
      continue;
    }
    Value v;
    if (reads) {
      std::vector<Value> items;
      if (r < reads->size()) {
        items.reserve((*reads)[r].size());
        for (std::int64_t x : (*reads)[r]) items.push_back(Value::integer(x));
      }
      v = Value::list(std::move(items));
      ++r;
    }
    done.txn.push_back(MicroOp{"r", op.key, std::move(v)});
  }
  history_->record(std::move(done));
  if (type == EventType::kInfo) process_ += cfg_.clients;
  attempt_timer_.disarm();
  in_flight_ = false;
  ++completed_;
  schedule_next(ctx);
}

void TxnClient::on_message(Context& ctx, NodeId from, const Message& m) {
  const TxnReply* r = m.as<TxnReply>();
  if (!r || !in_flight_ || r->seq != req_.seq) return;  // late: an earlier attempt or txn
  switch (r->status) {
    case TxnStatus::redirect: {
      if (from != target_) return;
      const std::vector<NodeId>& members = cfg_.ring->groups()[group_];
      const bool member = std::find(members.begin(), members.end(), r->leader) != members.end();
      const NodeId next = member && r->leader != from ? r->leader : next_member(from);
      leader_guess_[group_] = next;
      if (++redirects_ <= 2 * members.size()) {
        target_ = next;
        --attempts_;  // a redirect is not a failed attempt: nothing was accepted
        send_attempt(ctx);
      } else {
        attempt_refused_ = true;
      }
      return;
    }
    case TxnStatus::committed:
      leader_guess_[group_] = from;
      finish(ctx, EventType::kOk, &r->reads, std::nullopt);
      return;
    case TxnStatus::aborted:
      leader_guess_[group_] = from;
      finish(ctx, EventType::kFail, nullptr, r->reason.empty() ? std::string("aborted") : r->reason);
      return;
  }
}

void TxnClient::on_timer(Context& ctx, TimerId id, std::uint64_t tag) {
  if (tag == kThink) {
    start_txn(ctx);
    return;
  }
  if (tag != kAttempt || !attempt_timer_.expired(ctx, id) || !in_flight_) return;
  if (!attempt_refused_) maybe_applied_ = true;
  if (attempts_ <= cfg_.workload.retries) {
    target_ = next_member(target_);
    leader_guess_[group_] = target_;
    redirects_ = 0;
    send_attempt(ctx);
    return;
  }
  finish(ctx, EventType::kInfo, nullptr, std::string(maybe_applied_ ? "timeout" : "unavailable"));
}

}  // namespace cachesim
