#include "protocols/cache/cache_group.hpp"

namespace cachesim::cache {

namespace {
paxos::GroupConfig group_config(const CacheConfig& cfg) {
  return paxos::GroupConfig{cfg.group, cfg.servers, cfg.paxos, cfg.lease};
}
}  // namespace

CacheGroup::CacheGroup(NodeId self, const CacheConfig& cfg, const CacheSeams& seams)
    : group_(cfg.group),
      kv_(cfg.lease.enabled, seams.reads),
      replica_(group_config(cfg), self, *this, seams.durable ? seams.durable(cfg.group) : nullptr) {}

void CacheGroup::apply(Context& ctx, paxos::Slot slot, std::string_view payload, std::uint64_t /*payload_hash*/) {
  if (!payload.empty()) kv_.apply(ctx, payload, replica_);  // empty: a leader's no-op
  ctx.observe(Observation{"cache.applied", {group_, slot, kv_.store().state_hash(), 0}});
}

void CacheGroup::restore(Context& ctx, paxos::Slot index, std::string_view bytes) {
  kv_.store().restore(bytes);
  ctx.observe(Observation{"cache.applied", {group_, index, kv_.store().state_hash(), 0}});
}

}  // namespace cachesim::cache
