// The replicated cache (protocols/cache on Multi-Paxos) as a system under
// test: servers n1..nN form one Paxos group; clients are KvClients.
#pragma once

#include <memory>

#include "protocols/cache/cache_config.hpp"
#include "sim/run/system.hpp"

namespace cachesim {

// `seams` plug tests' deliberately broken variants in; empty means correct.
std::unique_ptr<System> make_cache_system(const Scenario& sc, const cache::CacheSeams& seams = {});

// The protocol's configuration, copied from the scenario.
cache::CacheConfig cache_config(const Scenario& sc);

}  // namespace cachesim
