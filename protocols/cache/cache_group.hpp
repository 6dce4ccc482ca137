// One Paxos group of the cache on one server: the replicated log, the
// key-value state machine it drives, and the client requests waiting on it.
//
// Request path (the leader; followers redirect, see cache_node.hpp):
//   1. answered before (session table: seq <= last applied seq)? reply with
//      the recorded reply (equal seq) or drop (older: the client moved on);
//   2. a get the ReadPolicy allows locally (leases): answer from local state;
//   3. already proposed under the current ballot? remember where to reply;
//   4. else propose it. The reply goes out when the command is applied.
// Every command is applied exactly once per (client, seq), even when a
// retry made two log entries of it (the state machine skips the later one).
//
// Observations: "cache.applied" {group, index, state_hash} after applying
// each index (and after installing a snapshot at index).
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include "protocols/cache/cache_config.hpp"
#include "protocols/cache/client_protocol.hpp"
#include "protocols/cache/kv_store.hpp"
#include "protocols/cache/read_policy.hpp"
#include "protocols/paxos/replica.hpp"
#include "protocols/paxos/state_machine.hpp"

namespace cachesim::cache {

class CacheGroup final : private paxos::StateMachine {
 public:
  CacheGroup(NodeId self, const CacheConfig& cfg, const CacheSeams& seams);

  void start(Context& ctx) { replica_.start(ctx); }
  bool on_paxos_message(Context& ctx, NodeId from, const Message& m) { return replica_.on_message(ctx, from, m); }
  void on_timer(Context& ctx, TimerId id, std::uint64_t tag) { replica_.on_timer(ctx, id, tag); }
  void on_request(Context& ctx, NodeId from, const ClientRequest& r);

  const paxos::Replica& replica() const { return replica_; }
  const KvStore& store() const { return store_; }
  paxos::GroupId group() const { return group_; }

 private:
  void apply(Context& ctx, paxos::Slot slot, std::string_view payload, std::uint64_t payload_hash) override;
  std::string snapshot() const override { return store_.snapshot(); }
  void restore(Context& ctx, paxos::Slot index, std::string_view bytes) override;
  void reply(Context& ctx, NodeId to, std::uint64_t client, std::uint64_t seq, ReplyStatus s, MaybeValue v);

  struct Waiter {
    std::uint64_t seq = 0;
    NodeId reply_to = kNoNode;
    paxos::Ballot ballot;  // proposed under this ballot
  };

  paxos::GroupId group_;
  bool leases_;
  std::shared_ptr<const ReadPolicy> reads_;
  KvStore store_;
  std::map<std::uint64_t, Waiter> waiters_;  // per client: at most one request in flight
  paxos::Replica replica_;                   // last: its constructor may not touch the rest
};

}  // namespace cachesim::cache
