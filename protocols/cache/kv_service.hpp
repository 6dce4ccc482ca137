// The key-value side of one Paxos group on one server: the store the log
// drives, and the client requests waiting on the log. Shared by the
// single-group cache (cache_group.hpp) and the sharded one (shard_group.hpp),
// whose groups serve client requests the same way.
//
// Request path (on_request; the group's owner has checked the key is its own):
//   0. not leading? redirect to the leader this replica believes in;
//   1. answered before (session table: seq <= last applied seq)? reply with
//      the recorded reply (equal seq) or drop (older: the client moved on);
//   2. a get the ReadPolicy allows locally (leases): answer from local state;
//   3. already proposed under the current ballot? remember where to reply;
//   4. else propose it. The reply goes out when the command is applied
//      (apply()): every command is applied exactly once per (client, seq),
//      even when a retry made two log entries of it (the store skips the
//      later one).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string_view>

#include "protocols/cache/client_protocol.hpp"
#include "protocols/cache/kv_store.hpp"
#include "protocols/cache/read_policy.hpp"
#include "protocols/paxos/replica.hpp"

namespace cachesim::cache {

class KvService {
 public:
  // `reads` null: the default LeaseReadPolicy.
  KvService(bool leases, std::shared_ptr<const ReadPolicy> reads);

  void on_request(Context& ctx, NodeId from, const ClientRequest& r, paxos::Replica& replica);
  // Applies one key-value command from the log and answers its waiter.
  void apply(Context& ctx, std::string_view payload, const paxos::Replica& replica);

  KvStore& store() { return store_; }
  const KvStore& store() const { return store_; }

 private:
  void reply(Context& ctx, const paxos::Replica& replica, NodeId to, std::uint64_t client, std::uint64_t seq,
             ReplyStatus s, MaybeValue v);

  struct Waiter {
    std::uint64_t seq = 0;
    NodeId reply_to = kNoNode;
    paxos::Ballot ballot;  // proposed under this ballot
  };

  bool leases_;
  std::shared_ptr<const ReadPolicy> reads_;
  KvStore store_;
  std::map<std::uint64_t, Waiter> waiters_;  // per client: at most one request in flight
};

}  // namespace cachesim::cache
