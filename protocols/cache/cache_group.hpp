// One Paxos group of the cache on one server: the replicated log and the
// key-value service it drives (kv_service.hpp: the store, the request path
// and the client requests waiting on the log).
//
// Observations: "cache.applied" {group, index, state_hash} after applying
// each index (and after installing a snapshot at index).
#pragma once

#include <cstdint>
#include <memory>

#include "protocols/cache/cache_config.hpp"
#include "protocols/cache/client_protocol.hpp"
#include "protocols/cache/kv_service.hpp"
#include "protocols/paxos/replica.hpp"
#include "protocols/paxos/state_machine.hpp"

namespace cachesim::cache {

class CacheGroup final : private paxos::StateMachine {
 public:
  CacheGroup(NodeId self, const CacheConfig& cfg, const CacheSeams& seams);

  void start(Context& ctx) { replica_.start(ctx); }
  bool on_paxos_message(Context& ctx, NodeId from, const Message& m) { return replica_.on_message(ctx, from, m); }
  void on_timer(Context& ctx, TimerId id, std::uint64_t tag) { replica_.on_timer(ctx, id, tag); }
  void on_request(Context& ctx, NodeId from, const ClientRequest& r) { kv_.on_request(ctx, from, r, replica_); }

  const paxos::Replica& replica() const { return replica_; }
  const KvStore& store() const { return kv_.store(); }
  paxos::GroupId group() const { return group_; }

 private:
  void apply(Context& ctx, paxos::Slot slot, std::string_view payload, std::uint64_t payload_hash) override;
  std::string snapshot() const override { return kv_.store().snapshot(); }
  void restore(Context& ctx, paxos::Slot index, std::string_view bytes) override;

  paxos::GroupId group_;
  KvService kv_;
  paxos::Replica replica_;  // last: its constructor may not touch the rest
};

}  // namespace cachesim::cache
