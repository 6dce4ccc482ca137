// The cache server: the Node the simulator hosts.
//
// Composes one CacheGroup (a Paxos replica plus the key-value state
// machine) per group it serves; today that is the one group of its
// CacheConfig, routed by the group id every Paxos message and timer tag
// carries, so several groups (replica sets from a consistent-hashing ring)
// can share a server later without changing the Paxos code.
//
// Client requests to a follower are REDIRECTED (ClientReply redirect with
// the leader it believes in), not forwarded: the client then talks to the
// leader directly, a redirect proves nothing was accepted (the contract of
// client_protocol.hpp), and no server holds state for requests it does not
// own.
#pragma once

#include <memory>
#include <vector>

#include "protocols/cache/cache_config.hpp"
#include "protocols/cache/cache_group.hpp"
#include "sim/core/node.hpp"

namespace cachesim::cache {

class CacheNode final : public Node {
 public:
  CacheNode(NodeId self, const CacheConfig& cfg, const CacheSeams& seams = {});

  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& m) override;
  void on_timer(Context& ctx, TimerId id, std::uint64_t tag) override;

  // Inspection for tests and white-box checks.
  const CacheGroup& group() const { return *groups_.front(); }

 private:
  std::vector<std::unique_ptr<CacheGroup>> groups_;
};

std::unique_ptr<Node> make_cache_node(NodeId self, const CacheConfig& cfg);
// With seams: tests' broken variants.
std::unique_ptr<Node> make_cache_node(NodeId self, const CacheConfig& cfg, const CacheSeams& seams);

}  // namespace cachesim::cache
