// The bounds of the scenario format, in one place: the loader enforces
// them and scenarios/schema.json repeats them (tests check the two agree).
// Every quantity is bounded so that no scenario can overflow time
// arithmetic or ask the simulator for unbounded work by accident.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/core/time.hpp"

namespace cachesim {

inline constexpr Duration kMaxScenarioDuration = 1'000'000 * kSecond;
// Scheduled faults may fall up to this long after the workload ends (so
// that a run can be seen to recover).
inline constexpr Duration kFaultTailAfterDuration = 1000 * kSecond;
inline constexpr Duration kMaxFaultFor = 1'000'000 * kSecond;
inline constexpr std::size_t kMaxFaults = 10'000;

inline constexpr std::uint32_t kMaxServers = 64;
inline constexpr std::uint32_t kMaxClients = 1000;
inline constexpr std::uint32_t kMaxKeys = 1'000'000;

// 40%: far beyond real oscillators (~100 ppm), which is the point: a stalled
// VM's clock, or a scenario that breaks a lease's drift bound on purpose.
inline constexpr std::int64_t kMaxDriftPpm = 400'000;        // clocks, faults, nemesis, leases
inline constexpr Duration kMaxClockOffset = 1000 * kSecond;  // |offset|, |jump|, clock_jump_max
inline constexpr Duration kMaxProtocolTimer = 1000 * kSecond;  // heartbeat, election timeout, lease

inline constexpr std::uint32_t kMaxPaxosBatch = 65'536;     // max_batch, catchup_batch
inline constexpr std::uint32_t kMaxPaxosPipeline = 1024;
inline constexpr std::uint64_t kMaxSnapshotEvery = 1'000'000'000;

inline constexpr std::uint32_t kMaxMixWeight = 1'000'000;
inline constexpr double kMaxRate = 1e9;                      // ops per second, all clients
inline constexpr Duration kMaxClientTimeout = 1000 * kSecond;
inline constexpr std::uint32_t kMaxRetries = 100;
inline constexpr std::uint64_t kMaxOps = 1'000'000'000'000;

inline constexpr Duration kMaxCheckBudget = 1'000'000 * kSecond;  // linearizability time, liveness bound
inline constexpr std::uint64_t kMaxMemoryBudgetMb = 1'048'576;
inline constexpr std::size_t kMaxMarks = 1000;

inline constexpr std::uint32_t kMaxVnodes = 4096;      // ring points per server
inline constexpr std::uint32_t kMaxTxnOps = 64;        // micro-ops per transaction

}  // namespace cachesim
