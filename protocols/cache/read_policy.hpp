// Which client reads a leader may answer from its local state.
//
// The default (LeaseReadPolicy) answers locally only while the replica holds
// a leader lease and has applied its own barrier (paxos/lease.hpp explains
// why that is linearizable within the drift bound); every other get goes
// through the log. It is a seam: tests/ plug in a policy that answers
// whenever it believes it leads, and show the checkers catching the stale
// reads that follow.
#pragma once

#include "protocols/paxos/replica.hpp"
#include "sim/core/time.hpp"

namespace cachesim::cache {

class ReadPolicy {
 public:
  virtual ~ReadPolicy() = default;
  // requires: r.leading(). `now` is the node's own clock.
  virtual bool serve_locally(const paxos::Replica& r, Time now) const = 0;
};

// The coverage mark of a get a leader sends through the log while leases are
// on: its lease of this term lapsed, or it has held none yet (a new leader)
// or has not applied its barrier.
inline const char* log_read_mark(const paxos::Replica& r, Time now) {
  return r.lease_lapsed(now) ? "cache.lease_expired" : "cache.lease_not_ready";
}

class LeaseReadPolicy final : public ReadPolicy {
 public:
  bool serve_locally(const paxos::Replica& r, Time now) const override {
    return r.lease_valid(now) && r.barrier_applied();
  }
};

}  // namespace cachesim::cache
