#include "reports/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace cachesim::reports {

namespace {
constexpr std::size_t kExact = 256;  // values below are their own bucket
constexpr std::size_t kSub = 128;    // buckets per power of two above that
// Highest shift: values up to 2^63 have a leading bit at position 62.
constexpr std::size_t kBuckets = kExact + (63 - 7) * kSub;
}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kBuckets, 0) {}

std::size_t LatencyHistogram::bucket_of(std::uint64_t v) {
  if (v < kExact) return static_cast<std::size_t>(v);
  const int top = 63 - std::countl_zero(v);  // >= 8
  const int shift = top - 7;                 // keep 8 significant bits
  const std::uint64_t mantissa = v >> shift;  // in [128, 255]
  return kExact + static_cast<std::size_t>(shift - 1) * kSub + static_cast<std::size_t>(mantissa - kSub);
}

std::uint64_t LatencyHistogram::bucket_upper(std::size_t b) {
  if (b < kExact) return b;
  const std::size_t shift = (b - kExact) / kSub + 1;
  const std::uint64_t mantissa = (b - kExact) % kSub + kSub;
  return ((mantissa + 1) << shift) - 1;
}

void LatencyHistogram::add(std::int64_t ns) {
  if (ns < 0) ns = 0;
  if (count_ == 0) {
    min_ = max_ = ns;
  } else {
    min_ = std::min(min_, ns);
    max_ = std::max(max_, ns);
  }
  ++count_;
  ++counts_[bucket_of(static_cast<std::uint64_t>(ns))];
}

std::int64_t LatencyHistogram::percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // Nearest rank, computed in integers where it matters: ceil(q * n), at least 1.
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (std::size_t b = 0; b < counts_.size(); ++b) {
    seen += counts_[b];
    if (seen >= rank) {
      const auto up = static_cast<std::int64_t>(bucket_upper(b));
      return std::clamp(up, min_, max_);
    }
  }
  return max_;
}

}  // namespace cachesim::reports
