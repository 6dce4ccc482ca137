// The messages between simulated clients and the sharded cache for
// list-append transactions (the workload Elle checks).
//
// A transaction is a list of micro-operations on keys that may live in
// several replication groups: append a unique integer to a key's list, or
// read the whole list. The client sends it to the leader of its COORDINATOR
// group: the group of the first micro-op's key (ring.hpp's group_of). That
// leader runs two-phase commit across the groups the keys belong to.
//
// Exactly-once: (client, seq) identifies the transaction; a retry reuses it,
// and a server that already decided it answers with the recorded outcome.
//
// Statuses and what a client may conclude from them:
//   committed  it took effect, atomically; `reads` holds, for each read
//              micro-op in order, the list it saw (empty list when absent)
//   aborted    it took no effect anywhere (a lock conflict, a participant
//              that voted no); `reason` says why, for people
//   redirect   this server does not coordinate the transaction's group as
//              leader and did not start it; `leader` is its best guess
//              (kNoNode: ask someone else). Proves nothing about earlier
//              attempts sent elsewhere.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/node.hpp"

namespace cachesim::twopc {

enum class MicroKind : std::uint8_t { append, read };

struct MicroOp {
  MicroKind kind = MicroKind::read;
  std::string key;
  std::int64_t value = 0;  // append: the (unique) value appended
};

struct TxnRequest {
  static constexpr std::string_view kName = "txn.request";
  std::uint64_t client = 0;
  std::uint64_t seq = 0;
  std::vector<MicroOp> ops;
  void describe(std::string& out) const;
};

enum class TxnStatus : std::uint8_t { committed, aborted, redirect };
const char* to_string(TxnStatus s);

struct TxnReply {
  static constexpr std::string_view kName = "txn.reply";
  std::uint64_t client = 0;
  std::uint64_t seq = 0;
  TxnStatus status = TxnStatus::committed;
  std::vector<std::vector<std::int64_t>> reads;  // committed: one per read micro-op
  NodeId leader = kNoNode;                       // redirect: where to try next
  std::string reason;                            // aborted: why
  void describe(std::string& out) const;
};

}  // namespace cachesim::twopc
