// Where a client sends a request: the members of the replication group that
// holds the key, and which of them it believes leads.
//
// Without a ring (the single-group cache) there is one group, all servers
// 0..servers-1, so routing is what it always was: start at server
// index % servers, follow redirects, and on a timeout try the next server
// round the cluster. With a ring (the sharded cache) the same happens within
// the key's group (ring.hpp's replica set): clients route by the ring, and a
// server outside the group would only redirect them.
//
// Guesses are per group, so a client that learned group 3's leader keeps it
// while it talks to group 5.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string_view>
#include <vector>

#include "protocols/ring/ring.hpp"
#include "sim/core/node.hpp"

namespace cachesim {

class GroupRouter {
 public:
  // `ring` null: one group of all servers. `client_index` spreads clients'
  // first guesses over the members.
  GroupRouter(std::uint32_t servers, std::shared_ptr<const ring::Ring> ring, std::uint32_t client_index);

  std::uint32_t group_of(std::string_view key) const { return ring_ ? ring_->group_of(key) : 0; }
  const std::vector<NodeId>& members(std::uint32_t group) const {
    return ring_ ? ring_->groups()[group] : all_;
  }
  bool is_member(std::uint32_t group, NodeId node) const;
  // The member believed to lead `group`.
  NodeId guess(std::uint32_t group) const;
  void believe(std::uint32_t group, NodeId leader) { guess_[group] = leader; }
  // The member after `after` in the group's order (the first if `after` is
  // not a member): where to try when `after` is silent or clueless.
  NodeId next_after(std::uint32_t group, NodeId after) const;
  const ring::Ring* ring() const { return ring_.get(); }

 private:
  std::shared_ptr<const ring::Ring> ring_;
  std::vector<NodeId> all_;  // without a ring: 0..servers-1
  std::uint32_t client_index_;
  std::map<std::uint32_t, NodeId> guess_;
};

}  // namespace cachesim
