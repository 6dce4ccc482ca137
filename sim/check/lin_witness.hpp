// The smallest window of a non-linearizable key history.
//
// Contract: given a key history whose search failed at `fail_event` (the
// return of the first operation that cannot be linearized), returns a set of
// completed operations W such that weaken(h, W, fail_event) (lin_model.hpp:
// every other completed write, delete or cas may take effect at any time
// after its invoke, unconditionally, or never; every other read is ignored)
// is still not linearizable. Weakening only adds linearizations, so W is a genuine
// proof: "these operations cannot be linearized even if every other
// operation had timed out". W is 1-minimal (weakening any one of its
// operations makes the cut history linearizable) unless `minimal` is false,
// which happens only when the budget ran out while shrinking: the witness
// search may take at most 8 times the steps of the search that found the
// failure (and at least 2^20).
//
// How: a binary search for the latest cut c such that weakening every
// operation that returned before c keeps the history illegal (monotone in c),
// then a greedy pass over the remaining operations: reads and failed cas
// first, then writes and cas, each group earliest first.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/check/lin_model.hpp"
#include "sim/check/lin_search.hpp"

namespace cachesim::lin {

struct Window {
  std::vector<std::uint32_t> ops;  // indices into KeyHistory::ops, in invoke order
  bool minimal = true;
  std::uint64_t steps = 0;
};

Window find_window(const KeyHistory& h, std::uint32_t fail_event, std::uint64_t search_steps,
                   const SearchLimits& limits);

}  // namespace cachesim::lin
