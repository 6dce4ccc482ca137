// Consistent hashing with virtual nodes: which servers hold a key.
//
// The ring: every server places `vnodes` points, at hash64("<name>#<i>")
// for i in 0..vnodes-1 (name = "n<id+1>", the scenario's node name), on a
// 64-bit circle. A key sits at hash64(key); its replica set is the first
// `replicas` DISTINCT servers met walking clockwise (increasing tokens,
// wrapping) from the key's position, the first one met being the key's
// primary. A key whose hash equals a point's token is that point's (the walk
// starts AT the key's position). Points with equal tokens are ordered by node
// then vnode. hash64 (sim/core/hash.hpp) is specified, so every platform
// builds the same ring.
//
// Every distinct replica set (as a sorted member list) is one replication
// group: groups() lists them sorted (lexicographically), and a group's index
// in that list is its GroupIndex, stable for a given (servers, vnodes,
// replicas) and independent of the order `servers` is given in.
//
// Requires: 1 <= replicas <= servers.size() <= kMaxServers, 1 <= vnodes <=
// kMaxVnodes, server ids distinct (CACHESIM_CHECK otherwise: the scenario
// loader refuses such input first). Guarantees: replicas_of(key) has exactly
// `replicas` distinct members; group_of(key) names the group whose members
// are that set. Cost: construction O(P log P) for P = servers x vnodes
// points; group_of is one hash and a binary search over the sorted tokens
// (the group of every arc is precomputed); replicas_of walks clockwise from
// the key's point until it has met `replicas` distinct servers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/node.hpp"

namespace cachesim::ring {

using GroupIndex = std::uint32_t;

inline constexpr std::uint32_t kMaxServers = 4096;
inline constexpr std::uint32_t kMaxVnodes = 4096;

struct RingConfig {
  std::uint32_t vnodes = 64;   // points per server
  std::uint32_t replicas = 3;  // R: servers per key
};

// Servers 0..n-1: the ring of a cluster whose servers are its first n nodes.
std::vector<NodeId> first_nodes(std::uint32_t n);

struct Point {
  std::uint64_t token = 0;  // position on the circle
  NodeId node = kNoNode;
  std::uint32_t vnode = 0;  // which of the node's points
};

class Ring {
 public:
  Ring(std::vector<NodeId> servers, RingConfig cfg);

  // Where a key sits on the circle: hash64(key).
  static std::uint64_t position_of(std::string_view key);
  // The point whose arc holds `position`: the first point clockwise from it
  // (token >= position, wrapping to point 0).
  std::size_t point_at(std::uint64_t position) const;

  // The key's replica set, primary first, then clockwise order.
  std::vector<NodeId> replicas_of(std::string_view key) const;
  std::vector<NodeId> replicas_at(std::uint64_t position) const;
  // The key's primary: replicas_of(key)[0], without building the set.
  NodeId primary_of(std::string_view key) const { return points_[point_at(position_of(key))].node; }
  // The group holding the key.
  GroupIndex group_of(std::string_view key) const { return arc_group_[point_at(position_of(key))]; }
  GroupIndex group_at(std::uint64_t position) const { return arc_group_[point_at(position)]; }
  // Every distinct replica set, each sorted ascending; index = GroupIndex.
  const std::vector<std::vector<NodeId>>& groups() const { return groups_; }
  // The groups `node` is a member of, ascending (empty for a non-server).
  std::vector<GroupIndex> groups_of(NodeId node) const;
  // All points, by token (ties broken by node then vnode).
  const std::vector<Point>& points() const { return points_; }
  // Per point (same index as points()): the group of the keys on its arc,
  // i.e. the keys whose position lies after the previous point's token, up to
  // and including this point's.
  const std::vector<GroupIndex>& arc_groups() const { return arc_group_; }
  // As given to the constructor (not sorted).
  const std::vector<NodeId>& servers() const { return servers_; }
  const RingConfig& config() const { return cfg_; }

 private:
  void build_arc_groups();

  std::vector<NodeId> servers_;
  RingConfig cfg_;
  std::vector<Point> points_;
  // points_[i].token, contiguous: the binary search touches only these.
  std::vector<std::uint64_t> tokens_;
  std::vector<std::vector<NodeId>> groups_;
  // Per point: the group of keys that land just before it (its arc).
  std::vector<GroupIndex> arc_group_;
  // Per server (index = position in servers_): groups it belongs to.
  std::vector<std::vector<GroupIndex>> groups_by_server_;
};

// How evenly the ring spreads load, and what one membership change costs.
//
// Two samples, on purpose: keys_per_node counts the keys "k0".."k<sample-1>"
// (a uniform sample of the key space, so it describes the ring, whatever the
// workload's few keys are), while ops_per_node weighs the workload's own keys
// by their operation counts (the load the run actually put on each server).
// Every ratio whose mean is 0 (no operations) is reported as 0.
struct RingBalance {
  // What was measured.
  std::uint32_t servers = 0, vnodes = 0, replicas = 0, groups = 0;
  std::uint32_t sample = 0;     // sample keys for keys_per_node and movement
  std::uint64_t total_ops = 0;  // sum of key_ops' counts
  // Per server (index = position in servers()): sample keys it replicates
  // (any replica role), and operations on the workload keys it replicates.
  std::vector<std::uint64_t> keys_per_node;
  std::vector<std::uint64_t> ops_per_node;
  double keys_max_over_mean = 0, keys_cv = 0;  // cv = stddev / mean (population)
  double ops_max_over_mean = 0, ops_cv = 0;
  // Over the sample keys: the fraction whose PRIMARY changes when one server
  // is added (id = max id + 1) or removed (the highest id), beside the ideal
  // of a perfectly balanced ring (1/(N+1) for an add, 1/N for a remove); and
  // the fraction whose replica SET changes at all, beside its ideal
  // (R/(N+1) for an add, R/N for a remove). Removing from a ring with
  // N == R shrinks R to N-1 (every set changes); with N == 1 there is nothing
  // to remove and the remove fields are 0.
  double moved_on_add = 0, ideal_add = 0;
  double moved_on_remove = 0, ideal_remove = 0;
  double set_changed_on_add = 0, set_changed_on_remove = 0;
  double ideal_set_add = 0, ideal_set_remove = 0;
};

// `key_ops`: (key, operation count) pairs; the movement fractions use the
// keys "k0".."k<sample-1>" so they describe the ring, not the workload.
// Requires sample >= 1.
RingBalance measure_balance(const Ring& ring, const std::vector<std::pair<std::string, std::uint64_t>>& key_ops,
                            std::uint32_t sample = 10000);

// A few lines for people (run summaries), deterministic: fixed precision,
// no locale. Example:
//   ring: 5 servers x 64 vnodes, R=3, 10 groups
//   keys per server (10000 sampled): max/mean 1.041, cv 0.031
//   ops per server (1200 ops): max/mean 1.102, cv 0.070
//   primary moved: add 0.172 (ideal 0.167), remove 0.195 (ideal 0.200)
//   replica set changed: add 0.498 (ideal 0.500), remove 0.604 (ideal 0.600)
std::string describe(const RingBalance& b);

}  // namespace cachesim::ring
