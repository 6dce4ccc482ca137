// The acceptor role of one replica: promises and accepts, durably.
//
// Requires: the Log and DurableState outlive it; the caller checks lease
// guards before on_prepare (a guard is policy, not Paxos).
// Guarantees:
//   * promised() never decreases (checked);
//   * every reply it authorizes (promise, accepted) reflects state already
//     synced to storage: on_prepare/on_accept return only after the sync;
//   * it never claims to accept a value for a slot it knows chosen with a
//     different value, nor for a slot it truncated (it cannot tell): such
//     rounds come back not-ok rather than as a lie a stale leader could
//     count toward a conflicting choice.
#pragma once

#include <vector>

#include "protocols/paxos/durable.hpp"
#include "protocols/paxos/log.hpp"
#include "protocols/paxos/messages.hpp"
#include "sim/core/storage.hpp"

namespace cachesim::paxos {

class Acceptor {
 public:
  Acceptor(Log& log, DurableState& durable) : log_(log), durable_(durable) {}

  void recover(Ballot promised) { promised_ = promised; }
  Ballot promised() const { return promised_; }

  enum class PrepareOutcome { promised, stale_ballot, behind };
  // On `promised`, fills `out` (ballot, commit, entries >= from_slot; slots
  // this acceptor knows chosen carry kChosen). `behind`: from_slot is below
  // what this acceptor truncated, the candidate must catch up first.
  PrepareOutcome on_prepare(Storage& storage, const Prepare& p, Promise& out);

  enum class AcceptOutcome { accepted, stale_ballot, partial };
  // Accepts [first, first + batch.size()) at ballot b. `partial`: some slots
  // could not be accepted (see the header comment); the rest were.
  AcceptOutcome on_accept(Storage& storage, Ballot b, Slot first, const BatchPtr& batch);

 private:
  void raise_promise(Storage& storage, Ballot b);

  Log& log_;
  DurableState& durable_;
  Ballot promised_;
  std::vector<const Payload*> run_;  // reused scratch: the run being written
};

}  // namespace cachesim::paxos
