// The durable state of one replica: promised ballot, accepted entries and
// the latest snapshot, laid out in the node's Storage.
//
// Layout (group g as 4 big-endian bytes, slots as 8, so keys sort by slot and
// stay within the small-string buffer):
//   'P' g                 promised ballot
//   'L' g last (last-first as 2 bytes)
//                         a run of slots [first, last] accepted at one ballot:
//                         ballot, count, payloads (kChosen: known chosen)
//   'S' g                 snapshot: index, state-machine bytes
//   'I' g                 present once the replica has started before
// One record per accept round, not per slot: a storage write costs a few
// ordered-map operations, and rounds carry up to max_batch commands. A slot
// may appear in several runs (re-accepted at a higher ballot); load() keeps
// the highest ballot, which is the acceptor's current vote since its votes
// for a slot only ever move to higher ballots. Keys sort by LAST slot, so a
// snapshot at index erases exactly the runs wholly at or below it.
//
// Contract: writes become durable only at sync(); the replica syncs before
// any reply that depends on them (promise, accepted). persist_promise() is
// THE seam for the broken-acceptor variant in tests/: the correct version
// makes the promise durable before returning; a subclass that skips it is
// the classic Paxos bug a crash turns into two chosen values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/paxos/ballot.hpp"
#include "protocols/paxos/messages.hpp"
#include "sim/core/storage.hpp"

namespace cachesim::paxos {

struct RecoveredEntry {
  Slot slot = 0;
  Ballot ballot;
  Payload payload;
};

struct Recovered {
  bool restarted = false;  // this replica ran before (it may have granted leases)
  Ballot promised;
  Slot snapshot_index = 0;
  std::string snapshot;                 // state-machine bytes; empty if none
  std::vector<RecoveredEntry> entries;  // slots > snapshot_index, ascending
};

class DurableState {
 public:
  explicit DurableState(GroupId group);
  virtual ~DurableState() = default;
  DurableState(const DurableState&) = delete;
  DurableState& operator=(const DurableState&) = delete;

  // Everything this group's replica had synced. promised is at least the
  // highest ballot of any stored entry (accepting b implies promising b).
  Recovered load(const Storage& storage) const;

  // Records, durably, that this replica has started (before it answers
  // anything), so that a later start knows it is a restart.
  void mark_started(Storage& storage);

  // Guarantees: `b` is the durable promised ballot when this returns.
  virtual void persist_promise(Storage& storage, Ballot b);

  // Buffered: slots [first, first + payloads.size()) at ballot b, durable at
  // the next sync(). requires 1 <= payloads.size() <= 65535.
  void write_run(Storage& storage, Slot first, Ballot b, const std::vector<const Payload*>& payloads);
  // Stores the snapshot and erases every run wholly <= index.
  void write_snapshot(Storage& storage, Slot index, std::string_view state);
  void sync(Storage& storage) { storage.sync(); }

 private:
  std::string key(char kind) const;
  std::string run_key(Slot last, std::uint16_t span) const;

  GroupId group_;
};

}  // namespace cachesim::paxos
