// Which seeds a sweep runs: a closed range, and a deterministic slice of it.
//
// Contract:
//   * parse_seed_range("A..B") is the seeds A, A+1, ..., B (A <= B); "N" is
//     the one seed N. Seeds are unsigned 64-bit integers written in decimal.
//     Anything else is InputError: "--seeds: expected A..B with A <= B, found
//     "10..1"".
//   * parse_shard("I/N") is shard I (1-based) of N: the seeds whose position
//     in the range (seed - A) satisfies pos % N == I - 1. The N shards are
//     disjoint, cover the range, and differ in size by at most one, whatever
//     the range; the slice depends only on (range, I, N), so the same command
//     on any machine runs the same seeds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cachesim::sweep {

struct SeedRange {
  std::uint64_t first = 1, last = 1;  // both included
};

struct Shard {
  std::uint64_t index = 1, count = 1;  // 1 <= index <= count
};

inline constexpr std::uint64_t kMaxShards = 1'000'000;

SeedRange parse_seed_range(std::string_view text);
Shard parse_shard(std::string_view text);

// How many seeds of `range` fall in `shard`.
std::uint64_t shard_size(SeedRange range, Shard shard);
// The k-th seed (0-based, k < shard_size) of `shard` within `range`.
std::uint64_t shard_seed(SeedRange range, Shard shard, std::uint64_t k);

// "A..B", or "N" for a single seed.
std::string to_string(SeedRange range);

}  // namespace cachesim::sweep
