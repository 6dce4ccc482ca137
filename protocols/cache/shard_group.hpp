// One Paxos group of the sharded cache on one server: the replicated log,
// and the state machine it drives, which holds both the key-value store
// (client ops, as in cache_group.hpp) and the group's share of two-phase
// commit (lists, locks, PREPARED and coordinator records; twopc/engine.hpp).
// Both kinds of commands share the log, told apart by their first byte.
//
// Key-value request path (the leader; ShardNode has already checked that
// the key belongs to this group): answered-before -> recorded reply;
// lease read -> local; in flight -> remember the reply address; else
// propose. A follower redirects to the leader it believes in.
//
// Observations: "cache.applied" {group, index, state_hash} after each
// applied index, where state_hash covers the key-value store and the 2PC
// state (a digest of the 2PC records applied), so the agreement checker
// compares replicas of every group.
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include "protocols/cache/client_protocol.hpp"
#include "protocols/cache/kv_store.hpp"
#include "protocols/cache/read_policy.hpp"
#include "protocols/cache/shard_config.hpp"
#include "protocols/paxos/replica.hpp"
#include "protocols/paxos/state_machine.hpp"
#include "protocols/twopc/engine.hpp"

namespace cachesim::cache {

class ShardGroup final : private paxos::StateMachine {
 public:
  ShardGroup(NodeId self, paxos::GroupId group, const ShardConfig& cfg, const ShardSeams& seams);

  void start(Context& ctx, std::uint64_t epoch);
  bool on_paxos_message(Context& ctx, NodeId from, const Message& m) { return replica_.on_message(ctx, from, m); }
  void on_timer(Context& ctx, TimerId id, std::uint64_t tag) { replica_.on_timer(ctx, id, tag); }
  void on_request(Context& ctx, NodeId from, const ClientRequest& r);
  twopc::Engine& txns() { return engine_; }
  const twopc::Engine& engine() const { return engine_; }

  const paxos::Replica& replica() const { return replica_; }
  const KvStore& store() const { return store_; }
  const twopc::TxnState& txn_state() const { return engine_.state(); }
  paxos::GroupId group() const { return group_; }
  std::uint64_t state_hash() const;

 private:
  void apply(Context& ctx, paxos::Slot slot, std::string_view payload, std::uint64_t payload_hash) override;
  std::string snapshot() const override;
  void restore(Context& ctx, paxos::Slot index, std::string_view bytes) override;
  void apply_kv(Context& ctx, std::string_view payload);
  void reply(Context& ctx, NodeId to, std::uint64_t client, std::uint64_t seq, ReplyStatus s, MaybeValue v);

  struct Waiter {
    std::uint64_t seq = 0;
    NodeId reply_to = kNoNode;
    paxos::Ballot ballot;
  };

  paxos::GroupId group_;
  bool leases_;
  std::shared_ptr<const ReadPolicy> reads_;
  KvStore store_;
  std::map<std::uint64_t, Waiter> waiters_;
  twopc::Engine engine_;
  paxos::Replica replica_;  // last: its constructor may not touch the rest
};

}  // namespace cachesim::cache
