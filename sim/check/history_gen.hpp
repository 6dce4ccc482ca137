// Deterministic generators of key-value histories, for tests and benchmarks.
//
// Contract: the same options (seed included) give the same history, byte for
// byte, on every platform (cachesim::Rng only).
//
// generate_register_history() simulates clients of a correct register: each
// operation takes effect at one instant strictly inside its interval, so the
// history is linearizable unless a violation is injected. A timed-out
// operation completes as info; it takes effect (or not, with even odds) at
// an instant after its invoke, possibly after the client gave up on it, and
// the client goes on under a new process id. Written values are unique per
// key (1, 2, 3, ...), which makes an injected violation certain:
// - kStaleRead: a read in the second half of one key's history returns the
//   value of a write that a later write had overwritten before the read
//   began (both writes completed, the second after the first);
// - kPhantomRead: a read returns a value never written.
//
// generate_fuzz_history() makes small arbitrary histories (random intervals,
// random results from a small value domain), linearizable or not, to compare
// checkers against each other.
#pragma once

#include <cstdint>
#include <string>

#include "sim/check/history.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"

namespace cachesim {

enum class Violation : std::uint8_t { kNone, kStaleRead, kPhantomRead };

struct RegisterWorkload {
  std::uint64_t seed = 1;
  int clients = 10;
  int keys = 5;
  std::size_t ops = 1000;  // in total, across clients and keys
  Probability timeout = Probability::never();
  bool only_writes_time_out = false;  // true: `timeout` applies to writes alone
  // Operation mix, as integer weights.
  std::uint32_t reads = 50, writes = 30, cases = 15, deletes = 5;
  Duration min_latency = 10 * kMicrosecond;
  Duration max_latency = 1 * kMillisecond;
  Duration max_think = 100 * kMicrosecond;
  bool string_values = false;  // "v7" instead of 7
  bool with_time = true;       // false: no "time" (event order is real-time order)
  Violation violation = Violation::kNone;
};

struct GeneratedHistory {
  History history;
  // kNone, or the violation actually injected (there may be no eligible read
  // in a tiny history): the key and the line of the read's completion.
  Violation injected = Violation::kNone;
  std::string key;
  std::uint64_t line = 0;
};

GeneratedHistory generate_register_history(const RegisterWorkload& w);

struct FuzzWorkload {
  std::uint64_t seed = 1;
  int processes = 3;
  int ops = 6;
  int values = 3;  // values are 1..values (and null)
  Probability info = Probability::from_fraction(0.15);
  bool cas = true;
  bool deletes = true;
};

History generate_fuzz_history(const FuzzWorkload& w);

}  // namespace cachesim
