#include "sim/core/rng.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/core/hash.hpp"

namespace cachesim {
namespace {

// Pinned values: if these change, every seed of every user changes meaning.
TEST(Rng, SequenceIsPinned) {
  Rng r(42);
  const std::uint64_t first = r.next();
  const std::uint64_t second = r.next();
  Rng again(42);
  EXPECT_EQ(again.next(), first);
  EXPECT_EQ(again.next(), second);
  EXPECT_EQ(hash64("k1"), hash64("k1"));
  EXPECT_NE(hash64("k1"), hash64("k2"));
  // FNV-1a of "" is the offset basis; the mix of it is fixed forever.
  EXPECT_EQ(fnv1a64(""), kFnvOffset);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);  // published FNV-1a 64 test vector
}

TEST(Rng, StreamsAreIndependentOfEachOther) {
  Rng a = Rng::stream(7, "node", 0);
  Rng b = Rng::stream(7, "node", 1);
  Rng c = Rng::stream(7, "network");
  Rng a2 = Rng::stream(7, "node", 0);
  for (int i = 0; i < 1000; ++i) (void)c.next();  // the network drawing more...
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, a2.next());  // ...does not shift a node's stream
    EXPECT_NE(x, b.next());
  }
}

TEST(Rng, BelowAndUniformStayInRangeAndCoverIt) {
  Rng r(1);
  std::vector<int> seen(7, 0);
  for (int i = 0; i < 7000; ++i) {
    const auto v = r.below(7);
    ASSERT_LT(v, 7u);
    ++seen[v];
  }
  for (int n : seen) EXPECT_NEAR(n, 1000, 150);
  for (int i = 0; i < 1000; ++i) {
    const auto v = r.uniform(-5, 5);
    ASSERT_GE(v, -5);
    ASSERT_LE(v, 5);
  }
  EXPECT_EQ(r.uniform(3, 3), 3);
}

TEST(Rng, ChanceMatchesItsProbability) {
  Rng r(2);
  int hits = 0;
  for (int i = 0; i < 100000; ++i) hits += r.chance(Probability::from_fraction(0.2));
  EXPECT_NEAR(hits, 20000, 600);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(r.chance(Probability::never()));
    EXPECT_TRUE(r.chance(Probability::always()));
  }
}

TEST(Rng, ExponentialAndNormalHaveTheirMoments) {
  Rng r(3);
  double sum = 0, sumsq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) sum += static_cast<double>(r.exponential(1000));
  EXPECT_NEAR(sum / n, 1000, 15);
  sum = 0;
  for (int i = 0; i < n; ++i) {
    const double z = r.standard_normal();
    sum += z;
    sumsq += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sumsq / n, 1.0, 0.01);
}

TEST(Probability, FromFractionRoundsToPartsPerBillion) {
  EXPECT_EQ(Probability::from_fraction(0.01).ppb, 10'000'000u);
  EXPECT_EQ(Probability::from_fraction(1.0), Probability::always());
  EXPECT_EQ(Probability::from_fraction(0.0), Probability::never());
}

}  // namespace
}  // namespace cachesim
