// Seed ranges and shards: what `--seeds` and `--shard` accept, and that the
// shards of a range are disjoint, cover it and are balanced.
#include <gtest/gtest.h>

#include <set>

#include "sim/core/input_error.hpp"
#include "sim/sweep/seed_range.hpp"

namespace cachesim::sweep {
namespace {

TEST(SeedRange, ParsesRangesAndSingleSeeds) {
  const SeedRange r = parse_seed_range("1..10000");
  EXPECT_EQ(r.first, 1u);
  EXPECT_EQ(r.last, 10000u);
  const SeedRange one = parse_seed_range("42");
  EXPECT_EQ(one.first, 42u);
  EXPECT_EQ(one.last, 42u);
  EXPECT_EQ(parse_seed_range("0..18446744073709551614").last, 18446744073709551614u);
  EXPECT_EQ(to_string(parse_seed_range("5..9")), "5..9");
  EXPECT_EQ(to_string(parse_seed_range("7..7")), "7");
}

TEST(SeedRange, RefusesAnythingElseInOneLine) {
  for (const char* bad : {"", "10..1", "1..", "..5", "a..b", "-1..5", "1...5", "1..5x", " 1..5", "1.5",
                          "18446744073709551616", "0..18446744073709551615"}) {
    try {
      parse_seed_range(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const InputError& e) {
      const std::string m = e.what();
      EXPECT_EQ(m.rfind("--seeds: expected ", 0), 0u) << m;
      EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    }
  }
}

TEST(Shard, ParsesAndRefuses) {
  const Shard s = parse_shard("2/8");
  EXPECT_EQ(s.index, 2u);
  EXPECT_EQ(s.count, 8u);
  for (const char* bad : {"0/3", "4/3", "1/0", "3", "/3", "1/", "a/b", "1/2/3", "1/1000001"}) {
    EXPECT_THROW(parse_shard(bad), InputError) << bad;
  }
}

TEST(Shard, ShardsAreDisjointCoverTheRangeAndAreBalanced) {
  for (const auto& [first, last] : {std::pair<std::uint64_t, std::uint64_t>{1, 100}, {5, 5}, {0, 7}, {10, 12}}) {
    for (std::uint64_t n = 1; n <= 9; ++n) {
      std::set<std::uint64_t> seen;
      std::uint64_t smallest = UINT64_MAX, largest = 0;
      for (std::uint64_t i = 1; i <= n; ++i) {
        const SeedRange range{first, last};
        const Shard shard{i, n};
        const std::uint64_t size = shard_size(range, shard);
        smallest = std::min(smallest, size);
        largest = std::max(largest, size);
        for (std::uint64_t k = 0; k < size; ++k) {
          const std::uint64_t seed = shard_seed(range, shard, k);
          EXPECT_GE(seed, first);
          EXPECT_LE(seed, last);
          EXPECT_EQ((seed - first) % n, i - 1) << "position rule";
          EXPECT_TRUE(seen.insert(seed).second) << "seed " << seed << " in two shards";
        }
      }
      EXPECT_EQ(seen.size(), last - first + 1) << first << ".." << last << " in " << n;
      EXPECT_LE(largest - smallest, 1u);
    }
  }
}

TEST(Shard, HugeRangesDoNotOverflow) {
  const SeedRange r = parse_seed_range("1..18446744073709551615");
  EXPECT_EQ(shard_size(r, {1, 1}), UINT64_MAX);
  EXPECT_EQ(shard_seed(r, {3, 4}, 0), 3u);
  EXPECT_EQ(shard_size(r, {2, 2}), UINT64_MAX / 2);
}

}  // namespace
}  // namespace cachesim::sweep
