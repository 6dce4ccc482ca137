#include "protocols/cache/cache_node.hpp"

#include "protocols/paxos/replica.hpp"

namespace cachesim::cache {

CacheNode::CacheNode(NodeId self, const CacheConfig& cfg, const CacheSeams& seams) {
  groups_.push_back(std::make_unique<CacheGroup>(self, cfg, seams));
}

void CacheNode::on_start(Context& ctx) {
  for (auto& g : groups_) g->start(ctx);
}

void CacheNode::on_message(Context& ctx, NodeId from, const Message& m) {
  if (const auto* r = m.as<ClientRequest>()) {
    // One group today; with several, the key's ring position picks it.
    groups_.front()->on_request(ctx, from, *r);
    return;
  }
  for (auto& g : groups_)
    if (g->on_paxos_message(ctx, from, m)) return;
}

void CacheNode::on_timer(Context& ctx, TimerId id, std::uint64_t tag) {
  const paxos::GroupId g = paxos::Replica::timer_group(tag);
  for (auto& grp : groups_)
    if (grp->group() == g) grp->on_timer(ctx, id, tag);
}

std::unique_ptr<Node> make_cache_node(NodeId self, const CacheConfig& cfg) {
  return std::make_unique<CacheNode>(self, cfg);
}

std::unique_ptr<Node> make_cache_node(NodeId self, const CacheConfig& cfg, const CacheSeams& seams) {
  return std::make_unique<CacheNode>(self, cfg, seams);
}

}  // namespace cachesim::cache
