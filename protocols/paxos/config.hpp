// Configuration of one Paxos group and of leader leases.
//
// The fields mirror sim/scenario's PaxosSpec and LeaseSpec (protocols may not
// include sim/scenario; the harness copies the values over). Defaults match.
#pragma once

#include <cstdint>
#include <vector>

#include "protocols/paxos/ballot.hpp"
#include "sim/core/node.hpp"
#include "sim/core/time.hpp"

namespace cachesim::paxos {

struct PaxosConfig {
  Duration heartbeat = 50 * kMillisecond;
  Duration election_timeout_min = 300 * kMillisecond;
  Duration election_timeout_max = 600 * kMillisecond;
  std::uint32_t max_batch = 64;         // commands per accept round
  std::uint32_t pipeline = 16;          // accept rounds in flight
  std::uint64_t snapshot_every = 1000;  // applied entries between snapshots
  std::uint64_t catchup_batch = 256;    // entries per catch-up message
};

struct LeaseConfig {
  bool enabled = false;
  Duration length = 2 * kSecond;
  // The clock drift the lease logic assumes at most; beyond it leases are
  // unsound (by design: a test shows the stale reads that follow).
  std::int64_t drift_bound_ppm = 1000;
};

// Who is in a group. requires: 1 <= members.size() <= 32 (acks are a
// bitmask), members distinct, self among them.
struct GroupConfig {
  GroupId group = 0;
  std::vector<NodeId> members;
  PaxosConfig paxos;
  LeaseConfig lease;
};

}  // namespace cachesim::paxos
