// The only place a run's harness reads the wall clock or the OS's entropy.
//
// sim/cli is outside the deterministic core: it times runs for people,
// enforces the checkers' wall-time budgets, and picks a seed when the user
// gave none (printing it, so the run can be reproduced).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "sim/core/time.hpp"

namespace cachesim::cli {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_;
};

// A callback that turns true once `budget` of wall time has passed from now.
std::function<bool()> wall_deadline(Duration budget);

// A fresh seed from the operating system's entropy.
std::uint64_t random_seed();

}  // namespace cachesim::cli
