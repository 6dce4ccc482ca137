// Elle's list-append inference over an index (txn_index.hpp): the checks
// that need no cycle, and the dependency edges for the ones that do.
// Internal to sim/check; the rules are stated in txn_check.hpp.
//
// Contract:
// - infer() sets Read::valid, Append::pos, Key::writer and TxnNode::committed,
//   reports every non-cycle anomaly into the sink (in a fixed order: per key
//   incompatible-order, duplicate-element, garbage-read; then G1a, internal,
//   G1b, fractured-read), and returns the edges: ww, wr, rw between committed
//   txns, never from a txn to itself, plus rt when `realtime`.
// - It returns early (with the edges so far) once the budget is spent.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/check/txn_budget.hpp"
#include "sim/check/txn_explain.hpp"
#include "sim/check/txn_index.hpp"

namespace cachesim::txn {

struct DepEdge {
  std::uint32_t from = 0, to = 0;
  std::uint32_t key = kNone;  // kNone for rt
  DepKind kind = DepKind::kWW;
};

std::vector<DepEdge> infer(Index& ix, Sink& sink, bool realtime, Budget& budget);

}  // namespace cachesim::txn
