// Where a fault aimed at a transaction role strikes (FaultAim::coordinator,
// participant): read from the sharded servers' applied state and their 2PC
// engines' leader-side bookkeeping, the way a white-box test would, so the
// protocol knows nothing of faults.
//
//   coordinator  a server that leads group A (the highest ballot among A's
//                up members) and drives a txn begun in A with no decision
//                proposed, while another group's leader, on another server,
//                holds it PREPARED: crash it and A's next leader must finish
//                the txn, and the participant waits (and asks) meanwhile.
//   participant  a server that leads group P and holds a txn PREPARED for a
//                coordinator group led from another server, with no OUTCOME
//                proposed: crash it and P's next leader settles the txn from
//                the PREPARED state in its log.
// The first such server in id order, or none. Replicated 2PC only.
#pragma once

#include <optional>

#include "protocols/ring/ring.hpp"
#include "sim/fault/fault.hpp"
#include "sim/host/simulator.hpp"

namespace cachesim {

std::optional<NodeId> find_txn_role(Simulator& sim, const ring::Ring& ring, FaultAim role);

}  // namespace cachesim
