// The sharded cache server: one ShardGroup per ring group this server is a
// member of (GroupId = the ring's GroupIndex), so several Paxos groups share
// a server, each routed by the group id its messages and timer tags carry.
//
// Routing:
//   * key-value ClientRequest: to the key's group (ring.group_of). A server
//     not in that group answers redirect with leader kNoNode (the client
//     asks the ring); a member that does not lead redirects to its leader;
//   * TxnRequest: to the group of its first micro-op's key, the txn's
//     coordinator group; same redirects;
//   * 2PC messages: to the group they name (twopc/messages.hpp); dropped
//     when this server is not a member;
//   * Paxos messages and timers: by their group.
// A single node-level timer (tag kTickTag, outside every group's tag range)
// drives each group's 2PC timeouts and retransmissions.
//
// Classic 2PC's coordinator incarnation (epoch) is drawn from the node's
// random stream at every start: a restarted server is a new incarnation and
// cannot answer for what the old one decided.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "protocols/cache/shard_config.hpp"
#include "protocols/cache/shard_group.hpp"
#include "sim/core/node.hpp"

namespace cachesim::cache {

class ShardNode final : public Node {
 public:
  ShardNode(NodeId self, const ShardConfig& cfg, const ShardSeams& seams = {});

  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& m) override;
  void on_timer(Context& ctx, TimerId id, std::uint64_t tag) override;

  // Inspection for tests and white-box checks.
  const std::map<paxos::GroupId, std::unique_ptr<ShardGroup>>& groups() const { return groups_; }
  const ShardGroup* group(paxos::GroupId g) const;
  // Every lock held in this server's applied state, over all its groups.
  std::vector<twopc::HeldLock> held_locks() const;

  // Timer tag of the 2PC tick: its group field (tag >> 8) is no real group.
  static constexpr std::uint64_t kTickTag = (std::uint64_t{0xFFFFFFFFu} << 8) | 1;

 private:
  ShardGroup* find(paxos::GroupId g);

  std::shared_ptr<const ring::Ring> ring_;
  std::map<paxos::GroupId, std::unique_ptr<ShardGroup>> groups_;
  // groups_ by ring group index (nullptr where this server is no member):
  // every message is routed through it, so one index instead of a search.
  std::vector<ShardGroup*> by_index_;
  Duration tick_ = 0;
};

std::unique_ptr<Node> make_shard_node(NodeId self, const ShardConfig& cfg, const ShardSeams& seams = {});

}  // namespace cachesim::cache
