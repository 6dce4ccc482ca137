// Deterministic generator of list-append transaction histories, valid or
// with one deliberately injected anomaly, for the transaction checker's
// tests and benchmark (txn_check.hpp).
//
// Contract:
// - The same workload (seed included) gives the same history, byte for
//   byte, on every platform (cachesim::Rng only).
// - Clients run transactions one after another with think time between;
//   each transaction takes effect atomically at one instant strictly inside
//   its interval (a serial execution in commit order, with overlap in real
//   time), so without an injection the history is strictly serializable.
//   A fail transaction takes no effect. An info transaction takes effect or
//   not, with even odds, and its client goes on under a new process id.
//   Keys slide: transaction number s uses keys x<s/rotation> ..
//   x<s/rotation + active_keys - 1>, so lists stay short however long the
//   history. Appended values are 1, 2, 3, ... per key.
// - An injection adds micro-ops on fresh keys (touched by nothing else) to
//   two or three ok transactions T1, T2, T3 taken from the middle of the
//   commit order (T1 and T2 keep no other micro-ops, so no other dependency
//   can change the anomaly's class) and forges their results:
//     kG0                T1 and T2 append to x and y; x = [T1, T2], y = [T2, T1]; T3 reads both
//     kG1a               T1 (made to fail) appends to x; T3 reads it
//     kG1b               T1 appends 1 then 2 to x; T2 reads [1]; T3 reads [1,2]
//     kG1c               T1 appends x and reads T2's append to y; T2 the other way round
//     kGSingle           T1 and T2 both read x = [] and append to it (lost update); T3 reads x
//     kG2                T1 and T2 read x and y empty, T1 appends x, T2 appends y (write skew); T3 reads
//     kFracturedRead     T1 appends to x and y; T2 reads x with it and y without; T3 reads y
//     kIncompatibleOrder T1 appends 1, T2 appends 2 and reads [2]; T3 reads [1,2]
//     kDuplicateElement  T1 appends 1 to x; T3 reads [1,1]
//     kGarbageRead       T1 appends 1 to x; T3 reads [1,2]
//     kInternal          T1 appends 1 to x, then reads x = []
//     kStaleRead         T1 appends 1 to x; T2, invoked after T1 completed, reads x = []:
//                        serializable (T2 before T1) but not strictly serializable
//   When the history is too small for it, nothing is injected (injected
//   says so).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/check/history.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"

namespace cachesim {

enum class TxnInjection : std::uint8_t {
  kNone,
  kG0,
  kG1a,
  kG1b,
  kG1c,
  kGSingle,
  kG2,
  kFracturedRead,
  kIncompatibleOrder,
  kDuplicateElement,
  kGarbageRead,
  kInternal,
  kStaleRead,
};
std::string_view to_string(TxnInjection i);

struct TxnWorkload {
  std::uint64_t seed = 1;
  int clients = 10;
  std::size_t txns = 1000;
  int max_ops = 4;        // micro-ops per transaction: 1 .. max_ops
  int active_keys = 8;    // keys in use at once
  int rotation = 8;       // transactions per step of the sliding key window
  std::uint32_t reads = 1, appends = 1;  // micro-op mix, integer weights
  Probability fail = Probability::from_fraction(0.05);
  Probability info = Probability::from_fraction(0.02);
  Duration min_latency = 10 * kMicrosecond;  // invoke to commit, and commit to completion
  Duration max_latency = 1 * kMillisecond;
  Duration max_think = 100 * kMicrosecond;
  TxnInjection inject = TxnInjection::kNone;
};

struct GeneratedTxnHistory {
  History history;
  TxnInjection injected = TxnInjection::kNone;
  std::vector<std::string> keys;  // the fresh keys of the injection
  std::vector<std::size_t> txns;  // operation indices (pair_operations order) of T1, T2, T3 as used
};

GeneratedTxnHistory generate_txn_history(const TxnWorkload& w);

}  // namespace cachesim
