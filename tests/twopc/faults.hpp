// Fault helpers shared by the 2PC fault tests.
#pragma once

#include <optional>

#include "tests/twopc/shard_cluster.hpp"

namespace cachesim::twopc_test {

// Steps the run until some server coordinates an undecided txn that a
// participant group already voted yes on (or `until` passes); returns it.
inline std::optional<NodeId> step_until_coordinator_waits(ShardCluster& c, Time until) {
  std::optional<NodeId> found;
  c.step_until(until, [&] {
    for (NodeId i = 0; i < c.options().servers; ++i) {
      const cache::ShardNode* s = c.server(i);
      if (!s) continue;
      for (const auto& [g, grp] : s->groups())
        if (grp->engine().waiting_with_yes() > 0) {
          found = i;
          return true;
        }
    }
    return false;
  });
  return found;
}

// Steps until a group's leader holds a PREPARED txn coordinated by another
// group; returns that leader.
inline std::optional<NodeId> step_until_participant_prepared(ShardCluster& c, Time until) {
  std::optional<NodeId> found;
  c.step_until(until, [&] {
    for (NodeId i = 0; i < c.options().servers; ++i) {
      const cache::ShardNode* s = c.server(i);
      if (!s) continue;
      for (const auto& [g, grp] : s->groups()) {
        if (!grp->replica().leading()) continue;
        for (const auto& [t, p] : grp->txn_state().prepared_all())
          if (p.coord_group != g) {
            found = i;
            return true;
          }
      }
    }
    return false;
  });
  return found;
}

}  // namespace cachesim::twopc_test
