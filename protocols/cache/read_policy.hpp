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

class LeaseReadPolicy final : public ReadPolicy {
 public:
  bool serve_locally(const paxos::Replica& r, Time now) const override {
    return r.lease_valid(now) && r.barrier_applied();
  }
};

}  // namespace cachesim::cache
