// Configuration of a sharded cache server: the ring that places keys in
// groups, the per-group Paxos and lease settings, two-phase commit, and the
// seams tests plug deliberately broken variants into.
#pragma once

#include <memory>

#include "protocols/cache/cache_config.hpp"
#include "protocols/paxos/config.hpp"
#include "protocols/ring/ring.hpp"
#include "protocols/twopc/config.hpp"
#include "protocols/twopc/seams.hpp"

namespace cachesim::cache {

struct ShardConfig {
  std::shared_ptr<const ring::Ring> ring;  // required; shared by every server
  paxos::PaxosConfig paxos;
  paxos::LeaseConfig lease;
  twopc::TwoPcConfig twopc;
};

// Empty members mean the correct implementation.
struct ShardSeams {
  CacheSeams cache;  // durable acceptor state and read policy, per group
  std::shared_ptr<const twopc::TwoPcSeams> twopc;
};

}  // namespace cachesim::cache
