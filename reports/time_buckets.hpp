// A time axis cut into a bounded number of equal buckets, for charts of a run
// whose length is not known in advance (streaming).
//
// Contract: bucket i covers [i*width, (i+1)*width) ns. It starts with
// `initial_width`; when a time at or past capacity*width arrives, neighbours
// are merged pairwise (Cell::merge) and the width doubles, until the time
// fits. So memory is `capacity` cells, and the result is a function of the
// sequence of (time, update) pairs only. Negative times go to bucket 0.
#pragma once

#include <cstdint>
#include <vector>

namespace cachesim::reports {

template <class Cell>
class TimeBuckets {
 public:
  explicit TimeBuckets(std::size_t capacity = 512, std::int64_t initial_width = 1'000'000)
      : width_(initial_width > 0 ? initial_width : 1), cells_(capacity ? capacity : 1) {}

  // The cell for time t (grows the width first if needed).
  Cell& at(std::int64_t t) {
    if (t < 0) t = 0;
    while (t / width_ >= static_cast<std::int64_t>(cells_.size())) grow();
    const auto i = static_cast<std::size_t>(t / width_);
    if (i + 1 > used_) used_ = i + 1;
    return cells_[i];
  }
  std::int64_t width() const { return width_; }
  std::size_t used() const { return used_; }  // buckets up to the last one touched
  const Cell& operator[](std::size_t i) const { return cells_[i]; }
  std::size_t capacity() const { return cells_.size(); }

 private:
  void grow() {
    const std::size_t n = cells_.size();
    for (std::size_t i = 0; i < n / 2; ++i) {
      Cell merged = cells_[2 * i];
      merged.merge(cells_[2 * i + 1]);
      cells_[i] = merged;
    }
    if (n % 2) cells_[n / 2] = cells_[n - 1];
    for (std::size_t i = (n + 1) / 2; i < n; ++i) cells_[i] = Cell{};
    used_ = (used_ + 1) / 2;
    width_ *= 2;
  }

  std::int64_t width_;
  std::vector<Cell> cells_;
  std::size_t used_ = 0;
};

}  // namespace cachesim::reports
