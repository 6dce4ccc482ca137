#include "sim/run/cache_system.hpp"

#include "protocols/cache/cache_node.hpp"
#include "sim/run/kv_clients.hpp"

namespace cachesim {

cache::CacheConfig cache_config(const Scenario& sc) {
  cache::CacheConfig cfg;
  for (NodeId i = 0; i < sc.servers(); ++i) cfg.servers.push_back(i);
  cfg.paxos = sc.cluster.paxos;
  cfg.lease = sc.cluster.leases;
  cfg.group = 0;
  return cfg;
}

namespace {

class CacheSystem final : public System {
 public:
  CacheSystem(const Scenario& sc, cache::CacheSeams seams) : sc_(sc), cfg_(cache_config(sc)), seams_(std::move(seams)) {}
  NodeFactory server(NodeId) override {
    return [cfg = cfg_, seams = seams_](NodeId self) { return cache::make_cache_node(self, cfg, seams); };
  }
  NodeFactory client(NodeId, std::uint32_t index, HistoryRecorder& history) override {
    return kv_client_factory(sc_, index, history);
  }

 private:
  const Scenario& sc_;
  cache::CacheConfig cfg_;
  cache::CacheSeams seams_;
};

}  // namespace

std::unique_ptr<System> make_cache_system(const Scenario& sc, const cache::CacheSeams& seams) {
  return std::make_unique<CacheSystem>(sc, seams);
}

}  // namespace cachesim
