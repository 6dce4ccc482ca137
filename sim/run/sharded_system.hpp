// The sharded cache (protocols/cache/shard_node on Multi-Paxos groups placed
// by a consistent-hashing ring, with two-phase commit across groups) as a
// system under test: servers n1..nN each host the groups the ring puts them
// in; key-value clients route by the ring; transaction clients run
// list-append transactions.
#pragma once

#include <memory>

#include "protocols/cache/shard_config.hpp"
#include "sim/run/system.hpp"

namespace cachesim {

// `seams` plug tests' deliberately broken variants in; empty means correct.
// Throws InputError when the ring does not fit the cluster (more replicas
// than nodes), naming /cluster/ring/replicas.
std::unique_ptr<System> make_sharded_system(const Scenario& sc, const cache::ShardSeams& seams = {});

// The protocol's configuration, copied from the scenario (with its ring).
cache::ShardConfig shard_config(const Scenario& sc);

}  // namespace cachesim
