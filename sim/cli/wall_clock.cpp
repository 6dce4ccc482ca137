#include "sim/cli/wall_clock.hpp"

#include <random>

namespace cachesim::cli {

std::function<bool()> wall_deadline(Duration budget) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::nanoseconds(budget);
  return [end] { return std::chrono::steady_clock::now() >= end; };
}

std::uint64_t random_seed() {
  std::random_device rd;
  // Keep seeds short enough to type: 0 .. 2^32-1.
  return static_cast<std::uint64_t>(rd());
}

}  // namespace cachesim::cli
