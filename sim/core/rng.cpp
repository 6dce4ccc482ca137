#include "sim/core/rng.hpp"

#include <cmath>
#include <numbers>

#include "sim/core/check.hpp"
#include "sim/core/hash.hpp"

namespace cachesim {

Probability Probability::from_fraction(double p) {
  CACHESIM_CHECK(p >= 0.0 && p <= 1.0, "probability out of range");
  return Probability{static_cast<std::uint32_t>(std::llround(p * kOne))};
}

void Rng::reseed(std::uint64_t seed) {
  std::uint64_t x = seed;
  for (auto& w : s_) {
    x += 0x9e3779b97f4a7c15ULL;
    w = mix64(x);
  }
}

Rng Rng::stream(std::uint64_t root, std::string_view name, std::uint64_t index) {
  Hasher h;
  h.add(root);
  h.add_bytes(name);
  h.add(index);
  return Rng(h.value());
}

Duration Rng::exponential(Duration mean) {
  CACHESIM_CHECK(mean >= 0, "Rng::exponential: negative mean");
  if (mean == 0) return 0;
  const double x = -std::log(unit_open_zero()) * static_cast<double>(mean);
  // Cap the tail at 1000 means: keeps arithmetic finite, changes nothing real.
  const double cap = 1000.0 * static_cast<double>(mean);
  return static_cast<Duration>(std::llround(x < cap ? x : cap));
}

double Rng::standard_normal() {
  const double u1 = unit_open_zero();
  const double u2 = unit();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace cachesim
