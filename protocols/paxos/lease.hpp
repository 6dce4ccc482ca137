// Leader leases under bounded clock drift.
//
// Model: every clock's rate is within (1 +- rho) of true time, rho =
// drift_bound_ppm / 1e6; clock jumps are outside the model. Values of now()
// on different nodes are never compared: each side measures a duration on
// its own clock from an event it saw itself.
//
//   Voter  (VoteGuard): on a heartbeat of the current leader, received at
//          local r, it refuses to promise any other node until local
//          r + length. Its clock runs at most (1 + rho) fast, so that is at
//          least length / (1 + rho) of true time after the receipt.
//   Leader (LeaderLease): a heartbeat it sent at local s and that a voter
//          acked was received after s in true time. The leader trusts the
//          grant until local s + length * (1 - rho) / (1 + rho): its clock
//          runs at most (1 - rho) slow, so that is at most
//          length / (1 + rho) of true time after s -- never later than the
//          voter's guard ends. With a majority of grants (itself included),
//          every majority that could elect a successor contains a voter
//          still guarding, so no other leader exists while the lease holds.
// Guarantees: sound when every clock's drift is within the bound (tests
// show it), and unsound beyond it (a test shows stale reads), by design.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/node.hpp"
#include "sim/core/time.hpp"

namespace cachesim::paxos {

// length * (1 - rho) / (1 + rho), rounded down, in integers.
Duration leader_lease_span(Duration length, std::int64_t drift_bound_ppm);

class LeaderLease {
 public:
  // `voters` includes the leader itself; requires voters >= 1.
  void reset(std::size_t voters);
  // Voter i granted a lease on a heartbeat sent at local time `sent_at`.
  void grant(std::size_t voter, Time sent_at);
  // When the lease ends on the leader's clock (a time in the past if there
  // is no majority of grants).
  Time expiry(Duration span) const { return majority_start_ + span; }
  bool valid(Time now, Duration span) const { return now < expiry(span); }
  // Whether a majority has granted since reset(): a lease once held, valid
  // or lapsed.
  bool ever_held() const;

 private:
  std::vector<Time> latest_;  // per voter, the send time of its newest grant
  Time majority_start_ = 0;   // the majority-th newest of latest_, kept on grant()
};

class VoteGuard {
 public:
  // Until local `until`, refuse to promise any node but `holder`.
  void hold(NodeId holder, Time until);
  // Whether a promise to `candidate` must be refused at local time `now`.
  bool blocks(NodeId candidate, Time now) const { return now < until_ && candidate != holder_; }
  Time until() const { return until_; }

 private:
  NodeId holder_ = kNoNode;
  Time until_ = 0;
};

}  // namespace cachesim::paxos
