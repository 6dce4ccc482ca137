// What a Paxos replica drives: a deterministic state machine fed the chosen
// log in order. The log is generic: commands are opaque bytes, so the cache
// (and later two-phase-commit records) define their own encodings.
//
// Contract the replica guarantees: apply() is called for slots 1, 2, 3, ...
// in order with no gaps, each slot once per incarnation of the replica
// (after a restart it resumes from the last snapshot), with the chosen
// command; an empty payload is a no-op (a hole filled by a new leader, or a
// barrier) and must still count as applied. restore() replaces the whole
// state by a snapshot taken at `index`; after it, apply() resumes at
// index + 1. snapshot() must capture everything apply() depends on.
// apply() also gets hash64(payload), which the log keeps for every entry, so
// a state machine that folds commands into a state hash need not hash again.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "protocols/paxos/ballot.hpp"
#include "sim/core/node.hpp"

namespace cachesim::paxos {

class StateMachine {
 public:
  virtual ~StateMachine() = default;
  virtual void apply(Context& ctx, Slot slot, std::string_view payload, std::uint64_t payload_hash) = 0;
  virtual std::string snapshot() const = 0;
  virtual void restore(Context& ctx, Slot index, std::string_view bytes) = 0;
};

}  // namespace cachesim::paxos
