// The messages between replicas of one Paxos group.
//
// Every message names its group, so one server can host several groups.
// Hot messages (accepted, heartbeat, heartbeat ack) fit the 64-byte inline
// buffer; command batches are shared immutable vectors, so broadcasting an
// accept to n peers copies a pointer, not n batches (a copy of a Message
// still reads as an independent value: nobody mutates a sent batch).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/paxos/ballot.hpp"
#include "sim/core/hash.hpp"

namespace cachesim::paxos {

// Commands are opaque bytes to the log; the empty string is a no-op.
using Payload = std::string;

// Commands proposed together, each with its hash64 taken once, when it is
// added. Every replica's log keeps a command's hash (agreement reports,
// comparing a chosen value with a proposal), and all replicas share one
// immutable batch, so hashing at each of them would repeat the same work.
class Batch {
 public:
  Batch() = default;
  explicit Batch(Payload p) { push_back(std::move(p)); }
  void reserve(std::size_t n) {
    payloads_.reserve(n);
    hashes_.reserve(n);
  }
  void push_back(Payload p) {
    hashes_.push_back(hash64(p));
    payloads_.push_back(std::move(p));
  }
  std::size_t size() const { return payloads_.size(); }
  bool empty() const { return payloads_.empty(); }
  const Payload& operator[](std::size_t i) const { return payloads_[i]; }
  // hash64((*this)[i]).
  std::uint64_t hash(std::size_t i) const { return hashes_[i]; }

 private:
  std::vector<Payload> payloads_;
  std::vector<std::uint64_t> hashes_;
};
using BatchPtr = std::shared_ptr<const Batch>;

// Phase 1a: "promise me `ballot`, and tell me what you accepted from
// `from_slot` on" (from_slot = the candidate's commit index + 1).
struct Prepare {
  static constexpr std::string_view kName = "paxos.prepare";
  GroupId group = 0;
  Ballot ballot;
  Slot from_slot = 1;
  void describe(std::string& out) const;
};

struct PromiseEntry {
  Slot slot = 0;
  Ballot ballot;  // kChosen when the acceptor knows the value is chosen
  Payload payload;
};

// Phase 1b: the promise, with every accepted entry at or above from_slot.
struct Promise {
  static constexpr std::string_view kName = "paxos.promise";
  GroupId group = 0;
  Ballot ballot;
  Slot commit = 0;
  std::vector<PromiseEntry> entries;  // ascending slots
  void describe(std::string& out) const;
};

// A refusal of a prepare or an accept. `promised` is what the acceptor is
// bound to (a higher ballot preempts the proposer); `commit` lets a
// candidate that is too far behind fetch a snapshot; `guarded` says the
// refusal is a lease guard, not a higher ballot.
struct Reject {
  static constexpr std::string_view kName = "paxos.reject";
  GroupId group = 0;
  Ballot ballot;    // the ballot refused
  Ballot promised;  // what the acceptor has promised
  Slot commit = 0;
  bool guarded = false;
  void describe(std::string& out) const;
};

// Phase 2a: slots [first, first + batch.size()) get the batch's values.
struct Accept {
  static constexpr std::string_view kName = "paxos.accept";
  GroupId group = 0;
  Ballot ballot;
  Slot first = 0;
  Slot commit = 0;  // the leader's commit index, for followers to learn
  BatchPtr batch;
  void describe(std::string& out) const;
};

// Phase 2b for a whole accept round. `ok` false: the acceptor could not take
// part of the range (slots it truncated into a snapshot, or conflicting with
// what it knows chosen); its `commit` tells the leader where to catch up.
struct Accepted {
  static constexpr std::string_view kName = "paxos.accepted";
  GroupId group = 0;
  Ballot ballot;
  Slot first = 0;
  std::uint32_t count = 0;
  bool ok = true;
  Slot commit = 0;
  void describe(std::string& out) const;
};

// The leader's heartbeat: suppresses elections, carries the commit index,
// and (with leases) asks each voter for a lease grant. `sent_at` is the
// leader's own clock; only the leader ever interprets it.
struct Heartbeat {
  static constexpr std::string_view kName = "paxos.heartbeat";
  GroupId group = 0;
  Ballot ballot;
  Slot commit = 0;
  Time sent_at = 0;
  void describe(std::string& out) const;
};

struct HeartbeatAck {
  static constexpr std::string_view kName = "paxos.heartbeat_ack";
  GroupId group = 0;
  Ballot ballot;
  Time sent_at = 0;  // echoed from the heartbeat
  Slot commit = 0;
  bool lease_granted = false;
  void describe(std::string& out) const;
};

// "Send me the chosen entries from `from_slot` on."
struct CatchupRequest {
  static constexpr std::string_view kName = "paxos.catchup_request";
  GroupId group = 0;
  Slot from_slot = 0;
  void describe(std::string& out) const;
};

// Chosen values for [first, first + batch.size()).
struct CatchupReply {
  static constexpr std::string_view kName = "paxos.catchup_reply";
  GroupId group = 0;
  Slot first = 0;
  Slot commit = 0;  // the sender's commit index
  BatchPtr batch;
  void describe(std::string& out) const;
};

// The state machine as of `index` (every slot <= index applied).
struct SnapshotInstall {
  static constexpr std::string_view kName = "paxos.snapshot";
  GroupId group = 0;
  Slot index = 0;
  std::shared_ptr<const std::string> state;
  void describe(std::string& out) const;
};

}  // namespace cachesim::paxos
