// When each value and each info operation of a key history stops mattering
// (lin_search.hpp, reductions R4 and R5), computed once before the search.
//
// Contract: value[v] is the last event at which some operation can still
// observe v (a read of v or a cas expecting v returns, or an info cas
// expecting v is still able to matter), -1 if none ever can; after it, a
// state v may be replaced by kUnobserved. release[o] is, for an info
// operation o, the event after which it can matter only as a spare (an info
// write) or not at all (an info cas); kNever for the others. An info
// operation released at its own invoke is never pooled. Identical info
// operations that are pooled are released at the same event.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/check/lin_model.hpp"

namespace cachesim::lin {

struct Horizons {
  std::vector<std::int64_t> value;                      // by ValueId
  std::vector<std::uint32_t> release;                   // by op
  std::vector<std::uint32_t> fcas_after;                // by event: failed cas still to return after it
};

Horizons compute_horizons(const KeyHistory& h);

}  // namespace cachesim::lin
