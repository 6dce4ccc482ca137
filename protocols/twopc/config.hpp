// Configuration of two-phase commit across replication groups.
//
// Mirrors sim/scenario's TwoPcSpec (which is this struct: one set of
// defaults). See twopc/README.md for the protocol.
#pragma once

#include <cstdint>

#include "sim/core/time.hpp"

namespace cachesim::twopc {

enum class CoordinatorMode : std::uint8_t {
  // The coordinator's decision goes through its group's Paxos log before
  // anyone hears it; the group's next leader finishes what a crashed leader
  // started. Never blocks once a majority of each group is up.
  replicated,
  // Textbook 2PC: one coordinator server decides alone and keeps the
  // decision only in memory. Participants that voted yes block while it is
  // down, and forever if it lost the decision.
  classic,
};

struct TwoPcConfig {
  CoordinatorMode mode = CoordinatorMode::replicated;
  // Coordinator: a transaction whose votes are not all in after this aborts.
  Duration vote_timeout = 500 * kMillisecond;
  // Participant: a transaction PREPARED this long without a decision makes
  // it ask the coordinator's group (and again every such interval).
  Duration decision_timeout = 1 * kSecond;
};

// Header-only, so the scenario loader can name modes without linking 2PC.
inline const char* to_string(CoordinatorMode m) {
  return m == CoordinatorMode::classic ? "classic" : "replicated";
}

}  // namespace cachesim::twopc
