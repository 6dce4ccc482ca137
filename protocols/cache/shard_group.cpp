#include "protocols/cache/shard_group.hpp"

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
      kv_(cfg.lease.enabled, seams.cache.reads),
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
  h.add(kv_.store().state_hash());
  h.add(engine_.state().digest());
  return h.value();
}

void ShardGroup::apply(Context& ctx, paxos::Slot slot, std::string_view payload, std::uint64_t payload_hash) {
  if (!payload.empty()) {
    if (twopc::record_kind(payload)) {
      engine_.apply(ctx, payload, payload_hash);
    } else {
      kv_.apply(ctx, payload, replica_);
    }
  }
  ctx.observe(Observation{"cache.applied", {group_, slot, state_hash(), 0}});
}

std::string ShardGroup::snapshot() const {
  Writer w;
  w.str(kv_.store().snapshot());
  w.str(engine_.snapshot());
  return w.take();
}

void ShardGroup::restore(Context& ctx, paxos::Slot index, std::string_view bytes) {
  Reader in(bytes);
  kv_.store().restore(in.str());
  engine_.restore(in.str());
  in.finish();
  ctx.observe(Observation{"cache.applied", {group_, index, state_hash(), 0}});
}

}  // namespace cachesim::cache
