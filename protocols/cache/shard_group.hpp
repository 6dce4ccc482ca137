// One Paxos group of the sharded cache on one server: the replicated log,
// and the state machine it drives, which holds both the key-value store
// (client ops, as in cache_group.hpp) and the group's share of two-phase
// commit (lists, locks, PREPARED and coordinator records; twopc/engine.hpp).
// Both kinds of commands share the log, told apart by their first byte.
//
// Key-value requests (ShardNode has already checked that the key belongs to
// this group) take the path of kv_service.hpp, as in the single-group cache.
//
// Observations: "cache.applied" {group, index, state_hash} after each
// applied index, where state_hash covers the key-value store and the 2PC
// state (a digest of the 2PC records applied), so the agreement checker
// compares replicas of every group.
#pragma once

#include <cstdint>
#include <memory>

#include "protocols/cache/client_protocol.hpp"
#include "protocols/cache/kv_service.hpp"
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
  void on_request(Context& ctx, NodeId from, const ClientRequest& r) { kv_.on_request(ctx, from, r, replica_); }
  twopc::Engine& txns() { return engine_; }
  const twopc::Engine& engine() const { return engine_; }

  const paxos::Replica& replica() const { return replica_; }
  const KvStore& store() const { return kv_.store(); }
  const twopc::TxnState& txn_state() const { return engine_.state(); }
  paxos::GroupId group() const { return group_; }
  std::uint64_t state_hash() const;

 private:
  void apply(Context& ctx, paxos::Slot slot, std::string_view payload, std::uint64_t payload_hash) override;
  std::string snapshot() const override;
  void restore(Context& ctx, paxos::Slot index, std::string_view bytes) override;

  paxos::GroupId group_;
  KvService kv_;
  twopc::Engine engine_;
  paxos::Replica replica_;  // last: its constructor may not touch the rest
};

}  // namespace cachesim::cache
