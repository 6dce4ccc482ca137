// The key-value clients any key-value system under test uses.
#pragma once

#include <memory>

#include "sim/run/system.hpp"
#include "sim/workload/kv_client.hpp"

namespace cachesim {

inline NodeFactory kv_client_factory(const Scenario& sc, std::uint32_t index, HistoryRecorder& history) {
  KvClientConfig cfg;
  cfg.index = index;
  cfg.clients = sc.workload.clients;
  cfg.servers = sc.servers();
  cfg.workload = sc.workload;
  cfg.stop = sc.duration;
  return [cfg, h = &history](NodeId) { return std::make_unique<KvClient>(cfg, h); };
}

}  // namespace cachesim
