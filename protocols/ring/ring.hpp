// Consistent hashing with virtual nodes: which servers hold a key.
//
// The ring: every server places `vnodes` points, at hash64("<name>#<i>")
// for i in 0..vnodes-1 (name = "n<id+1>", the scenario's node name), on a
// 64-bit circle. A key sits at hash64(key); its replica set is the first
// `replicas` DISTINCT servers met walking clockwise (increasing tokens,
// wrapping) from the key's position, the first one met being the key's
// primary. hash64 (sim/core/hash.hpp) is specified, so every platform builds
// the same ring.
//
// Every distinct replica set (as a sorted member list) is one replication
// group: groups() lists them sorted, and a group's index in that list is its
// GroupIndex, stable for a given (servers, vnodes, replicas).
//
// Requires: 1 <= replicas <= servers.size() <= 4096, vnodes >= 1, server ids
// distinct. Guarantees: replicas_of(key) has exactly `replicas` distinct
// members; group_of(key) names the group whose members are that set.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/node.hpp"

namespace cachesim::ring {

using GroupIndex = std::uint32_t;

struct RingConfig {
  std::uint32_t vnodes = 64;   // points per server
  std::uint32_t replicas = 3;  // R: servers per key
};

struct Point {
  std::uint64_t token = 0;  // position on the circle
  NodeId node = kNoNode;
  std::uint32_t vnode = 0;  // which of the node's points
};

class Ring {
 public:
  Ring(std::vector<NodeId> servers, RingConfig cfg);

  // The key's replica set, primary first, then clockwise order.
  std::vector<NodeId> replicas_of(std::string_view key) const;
  // The group holding the key.
  GroupIndex group_of(std::string_view key) const;
  // Every distinct replica set, each sorted ascending; index = GroupIndex.
  const std::vector<std::vector<NodeId>>& groups() const { return groups_; }
  // The groups `node` is a member of, ascending.
  std::vector<GroupIndex> groups_of(NodeId node) const;
  // All points, by token (ties broken by node then vnode).
  const std::vector<Point>& points() const { return points_; }
  const std::vector<NodeId>& servers() const { return servers_; }
  const RingConfig& config() const { return cfg_; }

 private:
  std::vector<NodeId> servers_;
  RingConfig cfg_;
  std::vector<Point> points_;
  std::vector<std::vector<NodeId>> groups_;
  // Per point: the group of keys that land just before it (its arc).
  std::vector<GroupIndex> arc_group_;
};

// How evenly the ring spreads load, and what one membership change costs.
struct RingBalance {
  // Per server (index = position in servers()): keys it replicates (any
  // replica role) among the sample, and operations on those keys.
  std::vector<std::uint64_t> keys_per_node;
  std::vector<std::uint64_t> ops_per_node;
  double keys_max_over_mean = 0, keys_cv = 0;  // cv = stddev / mean
  double ops_max_over_mean = 0, ops_cv = 0;
  // Over the sample keys: the fraction whose PRIMARY changes when one server
  // is added (id = max id + 1) or removed (the highest id), beside the ideal
  // of a perfectly balanced ring (1/(N+1) for an add, 1/N for a remove); and
  // the fraction whose replica SET changes at all (ideal about R/N).
  double moved_on_add = 0, ideal_add = 0;
  double moved_on_remove = 0, ideal_remove = 0;
  double set_changed_on_add = 0, set_changed_on_remove = 0;
};

// `key_ops`: (key, operation count) pairs; the movement fractions use the
// keys "k0".."k<sample-1>" so they describe the ring, not the workload.
RingBalance measure_balance(const Ring& ring, const std::vector<std::pair<std::string, std::uint64_t>>& key_ops,
                            std::uint32_t sample = 10000);

}  // namespace cachesim::ring
