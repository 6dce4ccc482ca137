// Invariant checks that stay on in release builds.
//
// A failed check is a bug found, not a crash: it throws InvariantViolation,
// which the simulator catches, stamps with the seed and event index, and
// reports as a failed run (exit 1) with the command that reproduces it.
// Never use assert() for simulation invariants: NDEBUG would remove it.
#pragma once

#include <stdexcept>
#include <string>

namespace cachesim {

class InvariantViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] void invariant_failed(const char* expr, const std::string& what, const char* file, int line);

}  // namespace cachesim

#define CACHESIM_CHECK(cond, what)                                                       \
  do {                                                                                   \
    if (!(cond)) [[unlikely]] ::cachesim::invariant_failed(#cond, (what), __FILE__, __LINE__); \
  } while (0)
