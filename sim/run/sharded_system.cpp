#include "sim/run/sharded_system.hpp"

#include <map>

#include "protocols/cache/shard_node.hpp"
#include "sim/core/input_error.hpp"
#include "sim/run/txn_roles.hpp"
#include "sim/workload/kv_client.hpp"
#include "sim/workload/txn_client.hpp"

namespace cachesim {

cache::ShardConfig shard_config(const Scenario& sc) {
  if (sc.cluster.ring.replicas > sc.servers()) {
    throw InputError(sc.file + ": /cluster/ring/replicas: expected at most " + std::to_string(sc.servers()) +
                     " (the cluster's nodes), found " + std::to_string(sc.cluster.ring.replicas));
  }
  cache::ShardConfig cfg;
  cfg.ring = std::make_shared<const ring::Ring>(ring::first_nodes(sc.servers()), sc.cluster.ring);
  cfg.paxos = sc.cluster.paxos;
  cfg.lease = sc.cluster.leases;
  cfg.twopc = sc.cluster.twopc;
  return cfg;
}

namespace {

class ShardedSystem final : public System {
 public:
  ShardedSystem(const Scenario& sc, cache::ShardSeams seams)
      : sc_(sc),
        cfg_(shard_config(sc)),
        seams_(std::move(seams)),
        txn_keys_(std::make_shared<TxnKeyPool>(sc.transactions.keys, sc.transactions.max_writes_per_key)) {}

  NodeFactory server(NodeId) override {
    return [cfg = cfg_, seams = seams_](NodeId self) { return cache::make_shard_node(self, cfg, seams); };
  }
  NodeFactory client(NodeId, std::uint32_t index, HistoryRecorder& history) override {
    KvClientConfig cfg;
    cfg.index = index;
    cfg.clients = sc_.workload.clients;
    cfg.servers = sc_.servers();
    cfg.ring = cfg_.ring;
    cfg.workload = sc_.workload;
    cfg.stop = sc_.duration;
    return [cfg, h = &history](NodeId) { return std::make_unique<KvClient>(cfg, h); };
  }
  bool runs_transactions() const override { return true; }
  NodeFactory txn_client(NodeId, std::uint32_t index, HistoryRecorder& history) override {
    TxnClientConfig cfg;
    cfg.index = index;
    cfg.clients = sc_.transactions.clients;
    cfg.ring = cfg_.ring;
    cfg.keys = txn_keys_;
    cfg.workload = sc_.transactions;
    cfg.stop = sc_.duration;
    return [cfg, h = &history](NodeId) { return std::make_unique<TxnClient>(cfg, h); };
  }
  const ring::Ring* ring() const override { return cfg_.ring.get(); }

  // A lock counts as held when a majority of its group's members hold it in
  // their applied state: a replica that lags (it was partitioned, it just
  // restarted) may still show a lock its group has released, and a down
  // member holds nothing.
  std::vector<std::string> held_locks(Simulator& sim) const override {
    std::map<std::tuple<paxos::GroupId, std::string, std::string>, std::uint32_t> votes;
    for (NodeId id = 0; id < sc_.servers(); ++id) {
      if (!sim.up(id)) continue;
      const auto* node = dynamic_cast<const cache::ShardNode*>(sim.node(id));
      if (!node) continue;
      for (const twopc::HeldLock& l : node->held_locks()) ++votes[{l.group, l.key, l.txn.str()}];
    }
    std::vector<std::string> held;
    for (const auto& [lock, n] : votes) {
      const auto& [group, key, txn] = lock;
      const std::size_t members = cfg_.ring->groups()[group].size();
      if (n > members / 2) {
        held.push_back("group " + std::to_string(group) + " key " + key + " locked by " + txn + " (on " +
                       std::to_string(n) + " of " + std::to_string(members) + " replicas)");
      }
    }
    return held;
  }
  std::optional<NodeId> txn_role(Simulator& sim, FaultAim role) const override {
    return find_txn_role(sim, *cfg_.ring, role);
  }

 private:
  const Scenario& sc_;
  cache::ShardConfig cfg_;
  cache::ShardSeams seams_;
  std::shared_ptr<TxnKeyPool> txn_keys_;  // one per run: its transaction clients share it
};

}  // namespace

std::unique_ptr<System> make_sharded_system(const Scenario& sc, const cache::ShardSeams& seams) {
  return std::make_unique<ShardedSystem>(sc, seams);
}

}  // namespace cachesim
