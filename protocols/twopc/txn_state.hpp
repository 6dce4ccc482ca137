// The replicated state of two-phase commit in one group: what every replica
// of the group holds after applying the same log prefix.
//
// Participant side: list-append data, the lock table, the PREPARED
// transactions (their micro-ops, reads and coordinator) and, per client,
// the highest transaction seq seen here (a fence: a transaction at or below
// it that is not PREPARED now is never prepared later, which makes late and
// duplicate prepares harmless without remembering every transaction).
// Coordinator side: transactions begun and not yet decided, the decisions
// (first one wins) and, per client, the latest outcome (to answer retries).
// A multi-group decision is remembered with its participant groups until a
// FORGET record says every one of them has settled the txn (so none can ask
// again); then only the client's latest outcome remains.
//
// Guarantees (CACHESIM_CHECKed):
//   * locks: a key has at most one owner; only its owner releases it; a
//     PREPARED txn owns every key it touches;
//   * a decision is recorded at most once per txn (first wins: decide()
//     returns false for the rest, and the caller ignores them);
//   * a commit is applied only to a PREPARED txn (resolve() of a commit for
//     a txn above the fence is a protocol bug);
//   * snapshot()/restore() round-trip everything, and digest() is the same
//     on every replica that applied the same records.
// Pure state: no Context, no messages; the engine (engine.hpp) drives it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/twopc/types.hpp"
#include "sim/core/node.hpp"

namespace cachesim::twopc {

struct Prepared {
  GroupId coord_group = 0;
  NodeId coordinator = kNoNode;
  std::uint64_t epoch = 0;
  std::vector<MicroOp> ops;
  std::vector<List> reads;  // one per read micro-op, as of the prepare
  bool applied_early = false;  // broken variant only: appends already applied
};

struct InProgress {
  std::vector<MicroOp> ops;
  std::vector<GroupId> op_group;
  Vote own_vote = Vote::yes;
  std::vector<List> own_reads;
};

struct Outcome {
  std::uint64_t seq = 0;
  bool commit = false;
  std::vector<List> reads;
  std::string reason;
};

struct HeldLock {
  GroupId group = 0;
  std::string key;
  TxnId txn;
};

class TxnState {
 public:
  explicit TxnState(GroupId group) : group_(group) {}

  // ---- participant
  // Locks the ops' keys and takes the reads if the txn is fresh (above the
  // client's fence) and no key is locked by another txn. Idempotent: a txn
  // already PREPARED votes yes again with the same reads. `apply_now` is the
  // broken apply-at-prepare variant.
  // Takes `ops` by value: a PREPARED txn keeps them (callers move them in).
  Vote prepare(TxnId t, GroupId coord_group, NodeId coordinator, std::uint64_t epoch, std::vector<MicroOp> ops,
               bool apply_now);
  // never_prepared: the txn is above the fence (this group never saw its
  // prepare); a commit then is a protocol bug the caller reports.
  enum class Resolved : std::uint8_t { applied, not_prepared, never_prepared, other_epoch };
  // Applies a decision to a PREPARED txn: appends on commit, unlock always.
  // A txn not PREPARED is fenced (a later prepare of it votes no).
  Resolved resolve(TxnId t, bool commit, std::uint64_t epoch);
  const Prepared* prepared(TxnId t) const;
  const std::map<TxnId, Prepared>& prepared_all() const { return prepared_; }
  std::uint64_t fence(std::uint64_t client) const;

  // ---- coordinator
  void begin(TxnId t, InProgress p);
  const InProgress* in_progress(TxnId t) const;
  const std::map<TxnId, InProgress>& in_progress_all() const { return in_progress_; }
  // Records the decision unless one is already recorded (first wins) or
  // the txn is settled and forgotten (see settled_or_unknown()).
  // `remember`: keep it for participants' questions (multi-group txns), with
  // `participants`, the other groups that must settle it before forget().
  bool decide(TxnId t, bool commit, std::vector<List> reads, std::string reason, bool remember,
              std::vector<GroupId> participants = {});
  std::optional<bool> decision(TxnId t) const;
  // Neither decided (as far as remembered), nor begun, and older than the
  // client's latest outcome here: forgotten after every participant settled
  // it, or never begun here (so no participant ever prepared it). Nobody
  // can be waiting for its decision.
  bool settled_or_unknown(TxnId t) const;
  // The FORGET record: drops a remembered decision.
  void forget(TxnId t);
  struct Remembered {
    bool commit = false;
    std::vector<GroupId> participants;
  };
  const std::map<TxnId, Remembered>& remembered() const { return decided_; }
  const Outcome* outcome(std::uint64_t client) const;

  // ---- data and inspection
  const List* list(std::string_view key) const;
  std::vector<HeldLock> held_locks() const;
  std::size_t decisions_kept() const { return decided_.size(); }
  std::uint64_t digest() const { return digest_; }
  void fold(std::uint64_t record_hash);  // the engine folds each applied record in

  std::string snapshot() const;
  void restore(std::string_view bytes);

 private:
  void unlock(TxnId t, const std::vector<MicroOp>& ops);
  void apply_appends(const std::vector<MicroOp>& ops);

  GroupId group_;
  std::map<std::string, List, std::less<>> lists_;
  std::map<std::string, TxnId, std::less<>> locks_;
  std::map<TxnId, Prepared> prepared_;
  std::map<std::uint64_t, std::uint64_t> fence_;  // client -> highest seq seen as participant
  std::map<TxnId, InProgress> in_progress_;
  std::map<TxnId, Remembered> decided_;
  std::map<std::uint64_t, Outcome> outcomes_;  // client -> latest decided here
  std::uint64_t digest_ = 0;
};

}  // namespace cachesim::twopc
