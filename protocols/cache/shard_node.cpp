#include "protocols/cache/shard_node.hpp"

#include <algorithm>
#include <optional>

#include "protocols/paxos/messages.hpp"
#include "protocols/twopc/messages.hpp"
#include "sim/core/check.hpp"

namespace cachesim::cache {

namespace {
// The group a Paxos message names, if m is one.
template <class... T>
std::optional<paxos::GroupId> group_of_any(const Message& m) {
  std::optional<paxos::GroupId> g;
  ((g ? void() : (m.as<T>() ? void(g = m.as<T>()->group) : void())), ...);
  return g;
}
std::optional<paxos::GroupId> paxos_group(const Message& m) {
  using namespace paxos;
  return group_of_any<Accept, Accepted, Heartbeat, HeartbeatAck, Prepare, Promise, Reject, CatchupRequest,
                      CatchupReply, SnapshotInstall>(m);
}
}  // namespace

ShardNode::ShardNode(NodeId self, const ShardConfig& cfg, const ShardSeams& seams) : ring_(cfg.ring) {
  CACHESIM_CHECK(ring_ != nullptr, "a sharded server needs a ring");
  for (ring::GroupIndex g : ring_->groups_of(self))
    groups_.emplace(g, std::make_unique<ShardGroup>(self, g, cfg, seams));
  by_index_.assign(ring_->groups().size(), nullptr);
  for (const auto& [g, grp] : groups_) by_index_[g] = grp.get();
  for (const auto& [g, grp] : groups_) tick_ = tick_ == 0 ? grp->txns().tick_interval() : std::min(tick_, grp->txns().tick_interval());
}

const ShardGroup* ShardNode::group(paxos::GroupId g) const { return g < by_index_.size() ? by_index_[g] : nullptr; }

ShardGroup* ShardNode::find(paxos::GroupId g) { return g < by_index_.size() ? by_index_[g] : nullptr; }

std::vector<twopc::HeldLock> ShardNode::held_locks() const {
  std::vector<twopc::HeldLock> out;
  for (const auto& [g, grp] : groups_) {
    std::vector<twopc::HeldLock> h = grp->txn_state().held_locks();
    out.insert(out.end(), h.begin(), h.end());
  }
  return out;
}

void ShardNode::on_start(Context& ctx) {
  const std::uint64_t epoch = ctx.rng().next() | 1;  // nonzero: 0 means "replicated"
  for (auto& [g, grp] : groups_) grp->start(ctx, epoch);
  if (tick_ > 0) ctx.set_timer(tick_, kTickTag);
}

void ShardNode::on_message(Context& ctx, NodeId from, const Message& m) {
  if (auto g = paxos_group(m)) {
    if (ShardGroup* grp = find(*g)) grp->on_paxos_message(ctx, from, m);
    return;
  }
  if (const auto* r = m.as<ClientRequest>()) {
    ShardGroup* grp = find(ring_->group_of(r->key));
    if (!grp) {  // not ours at all: the client should consult the ring
      ctx.mark("cache.redirect");
      ClientReply rep;
      rep.client = r->client;
      rep.seq = r->seq;
      rep.status = ReplyStatus::redirect;
      ctx.send(from, std::move(rep));
      return;
    }
    grp->on_request(ctx, from, *r);
    return;
  }
  if (const auto* r = m.as<twopc::TxnRequest>()) {
    ShardGroup* grp = r->ops.empty() ? nullptr : find(ring_->group_of(r->ops.front().key));
    if (!grp) {
      ctx.mark("twopc.redirect");
      twopc::TxnReply rep;
      rep.client = r->client;
      rep.seq = r->seq;
      rep.status = twopc::TxnStatus::redirect;
      ctx.send(from, std::move(rep));
      return;
    }
    grp->txns().on_request(ctx, from, *r);
    return;
  }
  using namespace twopc;
  if (const auto* x = m.as<PrepareMsg>()) {
    if (ShardGroup* grp = find(x->group)) grp->txns().on_prepare(ctx, from, *x);
  } else if (const auto* x = m.as<VoteMsg>()) {
    if (ShardGroup* grp = find(x->coord_group)) grp->txns().on_vote(ctx, from, *x);
  } else if (const auto* x = m.as<DecisionMsg>()) {
    if (ShardGroup* grp = find(x->group)) grp->txns().on_decision(ctx, from, *x);
  } else if (const auto* x = m.as<AckMsg>()) {
    if (ShardGroup* grp = find(x->coord_group)) grp->txns().on_ack(ctx, from, *x);
  } else if (const auto* x = m.as<AskMsg>()) {
    if (ShardGroup* grp = find(x->coord_group)) grp->txns().on_ask(ctx, from, *x);
  }
}

void ShardNode::on_timer(Context& ctx, TimerId id, std::uint64_t tag) {
  if (tag == kTickTag) {
    for (auto& [g, grp] : groups_) grp->txns().tick(ctx);
    ctx.set_timer(tick_, kTickTag);
    return;
  }
  if (ShardGroup* grp = find(paxos::Replica::timer_group(tag))) grp->on_timer(ctx, id, tag);
}

std::unique_ptr<Node> make_shard_node(NodeId self, const ShardConfig& cfg, const ShardSeams& seams) {
  return std::make_unique<ShardNode>(self, cfg, seams);
}

}  // namespace cachesim::cache
