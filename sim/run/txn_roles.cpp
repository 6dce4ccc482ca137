#include "sim/run/txn_roles.hpp"

#include "protocols/cache/shard_node.hpp"

namespace cachesim {

namespace {

const cache::ShardNode* shard(Simulator& sim, NodeId id) {
  return sim.up(id) ? dynamic_cast<const cache::ShardNode*>(sim.node(id)) : nullptr;
}

// The up member of g that leads it with the highest ballot (a deposed
// leader that has not noticed yet does not count), and its group.
std::optional<std::pair<NodeId, const cache::ShardGroup*>> leader_of(Simulator& sim, const ring::Ring& ring,
                                                                     paxos::GroupId g) {
  std::optional<std::pair<NodeId, const cache::ShardGroup*>> best;
  for (NodeId n : ring.groups()[g]) {
    const cache::ShardNode* s = shard(sim, n);
    const cache::ShardGroup* grp = s ? s->group(g) : nullptr;
    if (!grp || !grp->replica().leading()) continue;
    if (!best || grp->replica().ballot() > best->second->replica().ballot()) best = {n, grp};
  }
  return best;
}

bool coordinates_in_doubt(Simulator& sim, const ring::Ring& ring, NodeId x, paxos::GroupId a,
                          const cache::ShardGroup& grp) {
  for (const twopc::TxnId& t : grp.engine().undecided_with_yes()) {
    const twopc::InProgress* ip = grp.txn_state().in_progress(t);
    if (!ip) continue;  // classic mode keeps its txns in memory: no role here
    for (paxos::GroupId p : ip->op_group) {
      if (p == a) continue;
      const auto y = leader_of(sim, ring, p);
      if (y && y->first != x && y->second->txn_state().prepared(t)) return true;
    }
  }
  return false;
}

bool participates_in_doubt(Simulator& sim, const ring::Ring& ring, NodeId y, const cache::ShardGroup& grp) {
  for (const twopc::TxnId& t : grp.engine().prepared_awaiting_decision()) {
    const auto x = leader_of(sim, ring, grp.txn_state().prepared(t)->coord_group);
    if (x && x->first != y) return true;
  }
  return false;
}

}  // namespace

std::optional<NodeId> find_txn_role(Simulator& sim, const ring::Ring& ring, FaultAim role) {
  if (role != FaultAim::coordinator && role != FaultAim::participant) return std::nullopt;
  for (NodeId n = 0; n < sim.servers(); ++n) {
    const cache::ShardNode* s = shard(sim, n);
    if (!s) continue;
    for (const auto& [g, grp] : s->groups()) {
      const auto lead = leader_of(sim, ring, g);
      if (!lead || lead->first != n) continue;
      if (role == FaultAim::coordinator ? coordinates_in_doubt(sim, ring, n, g, *grp)
                                        : participates_in_doubt(sim, ring, n, *grp))
        return n;
    }
  }
  return std::nullopt;
}

}  // namespace cachesim
