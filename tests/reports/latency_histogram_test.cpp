// Percentiles users read off the report and the terminal table.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "reports/latency_histogram.hpp"
#include "reports/time_buckets.hpp"

namespace cachesim::reports {
namespace {

std::int64_t nearest_rank(std::vector<std::int64_t> v, double q) {
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

TEST(LatencyHistogram, SmallValuesAreExactNearestRank) {
  LatencyHistogram h;
  for (int v = 1; v <= 100; ++v) h.add(v);
  EXPECT_EQ(h.count(), 100u);
  EXPECT_EQ(h.percentile(0.5), 50);
  EXPECT_EQ(h.percentile(0.9), 90);
  EXPECT_EQ(h.percentile(0.99), 99);
  EXPECT_EQ(h.percentile(0.999), 100);
  EXPECT_EQ(h.percentile(1.0), 100);
  EXPECT_EQ(h.min(), 1);
  EXPECT_EQ(h.max(), 100);
}

TEST(LatencyHistogram, LargeValuesWithinOnePercentAndNeverBelow) {
  LatencyHistogram h;
  std::vector<std::int64_t> v;
  std::uint64_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto ns = static_cast<std::int64_t>((x >> 20) % 5'000'000'000ULL);
    v.push_back(ns);
    h.add(ns);
  }
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const std::int64_t exact = nearest_rank(v, q);
    const std::int64_t got = h.percentile(q);
    EXPECT_GE(got, exact) << q;
    EXPECT_LE(static_cast<double>(got - exact), 0.01 * static_cast<double>(exact) + 1) << q;
  }
  EXPECT_EQ(h.max(), *std::max_element(v.begin(), v.end()));
  EXPECT_EQ(h.percentile(1.0), h.max());
}

TEST(LatencyHistogram, BucketsTileTheLine) {
  // Every value lands in a bucket whose upper bound is >= it and < the next bucket's values.
  for (std::uint64_t v : {0ULL, 255ULL, 256ULL, 257ULL, 511ULL, 512ULL, 1000000ULL, (1ULL << 62) + 5}) {
    const std::size_t b = LatencyHistogram::bucket_of(v);
    EXPECT_GE(LatencyHistogram::bucket_upper(b), v) << v;
    if (b > 0) {
      EXPECT_LT(LatencyHistogram::bucket_upper(b - 1), v) << v;
    }
  }
}

TEST(LatencyHistogram, EmptyAndNegative) {
  LatencyHistogram h;
  EXPECT_EQ(h.percentile(0.5), 0);
  h.add(-5);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.percentile(0.5), 0);
}

struct Count {
  std::uint64_t n = 0;
  void merge(const Count& o) { n += o.n; }
};

TEST(TimeBuckets, DoublesWidthAndKeepsEveryCount) {
  TimeBuckets<Count> tb(8, 10);
  for (std::int64_t t = 0; t < 1000; ++t) tb.at(t).n += 1;
  EXPECT_EQ(tb.width(), 160);  // 10 -> 20 -> 40 -> 80 -> 160: 8 buckets of 160 cover 1000
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < tb.used(); ++i) total += tb[i].n;
  EXPECT_EQ(total, 1000u);
  EXPECT_EQ(tb[0].n, 160u);
  EXPECT_EQ(tb.used(), 7u);  // 999 / 160 = 6
}

TEST(TimeBuckets, OddCapacityMergesTheLastBucketAlone) {
  TimeBuckets<Count> tb(3, 1);
  tb.at(0).n = 1;
  tb.at(1).n = 2;
  tb.at(2).n = 4;
  tb.at(3).n += 8;  // width 2: [0,2) = 3, [2,4) = 4 + 8
  EXPECT_EQ(tb.width(), 2);
  EXPECT_EQ(tb[0].n, 3u);
  EXPECT_EQ(tb[1].n, 12u);
}

}  // namespace
}  // namespace cachesim::reports
