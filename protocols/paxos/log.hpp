// The in-memory replicated log of one replica: a window of slots plus the
// commit and applied indices.
//
// Layout: slots <= snapshot_index() live only in the snapshot; slots in
// [base(), end()) are held here (some may be empty: nothing accepted yet).
//
// Guarantees (checked, they throw InvariantViolation):
//   * snapshot_index <= applied <= commit, and none of them ever decreases;
//   * every slot <= commit holds its chosen value (or is in the snapshot);
//   * accepts_slot() admits no slot more than `max_window` past the commit
//     index, so a far-ahead accept cannot balloon memory.
// Lookups are O(1): the window is a deque indexed by slot - base.
#pragma once

#include <cstdint>
#include <deque>

#include "protocols/paxos/ballot.hpp"
#include "protocols/paxos/messages.hpp"

namespace cachesim::paxos {

// An entry points into the batch it arrived in (shared with the message and
// the other entries of that batch) rather than copying its command: every
// replica would otherwise copy every command once more.
struct LogEntry {
  Ballot ballot;           // null: nothing accepted in this slot
  std::uint32_t index = 0;  // position in batch
  std::uint64_t hash = 0;   // hash64(payload())
  BatchPtr batch;
  bool present() const { return !ballot.is_null(); }
  const Payload& payload() const { return (*batch)[index]; }
};

class Log {
 public:
  explicit Log(Slot max_window) : max_window_(max_window) {}

  Slot base() const { return snapshot_ + 1; }
  Slot end() const { return base() + entries_.size(); }
  Slot last() const { return end() - 1; }  // highest slot held (or the snapshot index)
  Slot commit() const { return commit_; }
  Slot applied() const { return applied_; }
  Slot snapshot_index() const { return snapshot_; }
  std::size_t held() const { return entries_.size(); }

  // The entry at s, or nullptr when s is outside the window or empty.
  const LogEntry* find(Slot s) const {
    if (s < base() || s >= end()) return nullptr;
    const LogEntry& e = entries_[s - base()];
    return e.present() ? &e : nullptr;
  }
  // Whether slot s may be written: inside the window and not truncated.
  bool accepts_slot(Slot s) const { return s >= base() && s <= commit_ + max_window_; }
  // Writes slot s (requires s >= base(); new accepts ask accepts_slot()
  // first, recovery from storage may exceed the window), growing it.
  void put(Slot s, Ballot b, const BatchPtr& batch, std::uint32_t index);
  void put(Slot s, Ballot b, Payload payload);  // a batch of one

  void set_commit(Slot s);
  void set_applied(Slot s);
  // Drops every slot <= s (s <= applied): they now live in a snapshot.
  void truncate_through(Slot s);
  // Replaces everything <= s by an installed snapshot (s > commit): commit
  // and applied jump to s; later slots stay (they may hold accepted values
  // the acceptor must not forget).
  void install_snapshot(Slot s);

 private:
  Slot max_window_;
  Slot snapshot_ = 0, commit_ = 0, applied_ = 0;
  std::deque<LogEntry> entries_;  // entries_[i] is slot base() + i
};

}  // namespace cachesim::paxos
