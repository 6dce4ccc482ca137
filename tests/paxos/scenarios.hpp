// Directed fault scenarios shared by the lease and broken-variant tests.
#pragma once

#include <cstdint>
#include <string>

#include "tests/paxos/cluster.hpp"

namespace cachesim::paxos_test {

struct ScenarioResult {
  bool run_ok = true;             // no invariant check threw
  bool agreement_ok = true;       // AgreementChecker saw no conflict
  std::string divergence;         // "" when replicas converged
  std::size_t stale = 0;          // stale reads of the register
  std::uint64_t phantoms = 0;
  std::uint64_t lease_reads = 0;  // "cache.lease_read" marks
  std::uint64_t lease_lapses = 0;  // "cache.lease_expired" marks
  std::string why;                // failure text
  bool flagged() const { return !run_ok || !agreement_ok || !divergence.empty() || stale > 0 || phantoms > 0; }
};

// Under a bridge partition (one acceptor X reaches both halves, the old
// leader's and a rival's), crash X the instant it promises a rival ballot,
// and restart it at once. A correct acceptor remembers the promise.
ScenarioResult crash_after_promise(std::uint64_t seed, const cache::CacheSeams& seams);

// A single-writer register ("x" <- 1, 2, ...; other clients read). At 0.6 s
// the leader is cut from the other servers (clients still reach it) and its
// clock drift set to `leader_drift_ppm`; heal at 3.5 s. Reports stale reads.
ScenarioResult isolate_leader(std::uint64_t seed, ClusterOptions opt, std::int64_t leader_drift_ppm);

}  // namespace cachesim::paxos_test
