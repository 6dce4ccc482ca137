// Configuration of a cache server and the seams tests plug broken variants
// into.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "protocols/paxos/config.hpp"
#include "protocols/paxos/durable.hpp"
#include "sim/core/node.hpp"

namespace cachesim::cache {

class ReadPolicy;

struct CacheConfig {
  std::vector<NodeId> servers;  // the replica set: 0..n-1 today
  paxos::PaxosConfig paxos;
  paxos::LeaseConfig lease;
  paxos::GroupId group = 0;
};

// Replaceable pieces, for tests' deliberately broken variants. Empty members
// mean the correct implementation; production code never sets them.
struct CacheSeams {
  // Builds the durable acceptor state of a group (see paxos/durable.hpp).
  std::function<std::unique_ptr<paxos::DurableState>(paxos::GroupId)> durable;
  // Decides which gets a leader answers from local state (read_policy.hpp).
  std::shared_ptr<const ReadPolicy> reads;
};

}  // namespace cachesim::cache
