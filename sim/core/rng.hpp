// Seeded randomness: our own generator and our own distributions.
//
// Contract: for a given seed, every method returns the same sequence on every
// platform, compiler and optimisation level. The standard library's
// distributions are banned (their algorithms differ between implementations);
// so are the C library's generator and the OS entropy device (tests/tidy
// enforces it).
//
// A run splits its root seed once, at set-up, into named streams (one per
// node, one for the network, one for the nemesis, ...), so that one component
// drawing more numbers never shifts what another component draws.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/check.hpp"
#include "sim/core/time.hpp"

namespace cachesim {

// A probability as an integer count of parts per billion, so that comparisons
// are exact and scenario values like 0.01 mean the same everywhere.
struct Probability {
  static constexpr std::uint32_t kOne = 1'000'000'000;
  std::uint32_t ppb = 0;

  static constexpr Probability never() { return {0}; }
  static constexpr Probability always() { return {kOne}; }
  // Rounds a fraction in [0, 1] to the nearest part per billion.
  static Probability from_fraction(double p);
  double fraction() const { return static_cast<double>(ppb) / kOne; }
  friend constexpr bool operator==(Probability, Probability) = default;
};

// xoshiro256** (Blackman & Vigna), seeded through SplitMix64.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) { reseed(seed); }

  // The stream named `name` (and `index`, for per-node streams) of the run
  // whose root seed is `root`. Independent of every other stream of that run.
  static Rng stream(std::uint64_t root, std::string_view name, std::uint64_t index = 0);

  void reseed(std::uint64_t seed);

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n) without modulo bias (Lemire's multiply-and-reject). n > 0.
  std::uint64_t below(std::uint64_t n) {
    CACHESIM_CHECK(n > 0, "Rng::below(0)");
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) [[unlikely]] {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(next()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }
  // Uniform integer in the closed range [lo, hi]. lo <= hi.
  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
    CACHESIM_CHECK(lo <= hi, "Rng::uniform: empty range");
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    if (span == UINT64_MAX) [[unlikely]] return static_cast<std::int64_t>(next());
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + below(span + 1));
  }
  // True with probability p.
  bool chance(Probability p) { return p.ppb != 0 && below(Probability::kOne) < p.ppb; }
  // Uniform double in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform double in (0, 1]: safe to take the logarithm of.
  double unit_open_zero() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
  // Exponential with the given mean (>= 0), rounded to nanoseconds.
  Duration exponential(Duration mean);
  // Standard normal variate (Box-Muller; one value per call for simplicity).
  double standard_normal();

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace cachesim
