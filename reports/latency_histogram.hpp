// Latency percentiles in bounded memory: a log-linear histogram (as
// HdrHistogram does it) over non-negative integer nanoseconds.
//
// Contract: values below 256 ns are counted exactly; larger values fall in
// buckets whose width is 1/128 of their lower bound. percentile(q) returns
// the nearest-rank q-quantile (the value at rank ceil(q * count), q in
// (0, 1]) rounded up to its bucket's upper bound and clamped to [min, max]:
// never below the true value, above it by less than 1%. min() and max() are
// exact. Memory is fixed (about 60 KiB) however many values are added, and
// the result depends only on the multiset of values added.
#pragma once

#include <cstdint>
#include <vector>

namespace cachesim::reports {

class LatencyHistogram {
 public:
  LatencyHistogram();
  void add(std::int64_t ns);  // negative values count as 0
  std::uint64_t count() const { return count_; }
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return count_ ? max_ : 0; }
  std::int64_t percentile(double q) const;  // 0 when empty

  static std::size_t bucket_of(std::uint64_t v);
  static std::uint64_t bucket_upper(std::size_t bucket);

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::int64_t min_ = 0, max_ = 0;
};

}  // namespace cachesim::reports
