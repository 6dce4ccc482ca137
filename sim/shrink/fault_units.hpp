// The faults a run injected, grouped into the units the shrinker removes or
// keeps whole: a fault together with the fault that undid it.
//
// Contract: group_fault_units(injected) partitions `injected` (a run's
// RunResult::injected: every fault applied, undos included, in time order)
// into units. A crash is grouped with the next restart of the same server, a
// pause with the next resume of it, a partition with the next heal; every
// other fault (clock, network, an undo with no cause in the list) is a unit
// of its own. Each unit lists indices into `injected`, ascending; units are
// ordered by their first index. faults_of(injected, units) is the schedule
// made of the chosen units, in the original order. Dropping a unit never
// leaves a dangling undo behind, and any undo left unpaired is harmless (a
// restart of a running server, a heal with no partition, do nothing).
#pragma once

#include <cstddef>
#include <vector>

#include "sim/fault/fault.hpp"

namespace cachesim {

using FaultUnit = std::vector<std::size_t>;

std::vector<FaultUnit> group_fault_units(const std::vector<Fault>& injected);
std::vector<Fault> faults_of(const std::vector<Fault>& injected, const std::vector<FaultUnit>& units);

}  // namespace cachesim
