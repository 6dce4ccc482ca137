// A node's local clock: true time seen through an offset and a rate error.
//
//   local(t) = base_local + (t - base_true) * (1 + drift_ppm / 1e6)
//
// A clock jump moves local time at once and leaves the rate; a drift change
// takes effect from the current instant. Timers measure elapsed local time
// (an oscillator), so a jump moves now() but not a pending timer, while a
// fast clock makes every timer fire early in true time. A timer keeps the
// true deadline computed when it was set: a later drift change affects only
// timers set after it. All arithmetic is in integers (128-bit
// intermediates), never floating point.
#pragma once

#include <cstdint>

#include "sim/core/check.hpp"
#include "sim/core/time.hpp"

namespace cachesim {

class Clock {
 public:
  static constexpr std::int64_t kMillion = 1'000'000;

  Clock(Duration offset = 0, std::int64_t drift_ppm = 0) : base_local_(offset), drift_ppm_(drift_ppm) {
    CACHESIM_CHECK(drift_ppm > -kMillion / 2 && drift_ppm < kMillion, "drift out of range");
  }

  Time local(Time true_now) const {
    if (drift_ppm_ == 0) return base_local_ + (true_now - base_true_);  // the common case: no division
    const __int128 elapsed = true_now - base_true_;
    return base_local_ + static_cast<Time>(elapsed * (kMillion + drift_ppm_) / kMillion);
  }

  // The true time it takes this clock to advance by `local_span` (rounded up,
  // so a timer never fires before its local deadline).
  Duration true_span(Duration local_span) const {
    if (drift_ppm_ == 0) return local_span;
    const __int128 num = static_cast<__int128>(local_span) * kMillion;
    const __int128 den = kMillion + drift_ppm_;
    return static_cast<Duration>((num + den - 1) / den);
  }

  void jump(Time true_now, Duration by) {
    rebase(true_now);
    base_local_ += by;
  }
  void set_drift(Time true_now, std::int64_t ppm) {
    CACHESIM_CHECK(ppm > -kMillion / 2 && ppm < kMillion, "drift out of range");
    rebase(true_now);
    drift_ppm_ = ppm;
  }
  std::int64_t drift_ppm() const { return drift_ppm_; }

 private:
  void rebase(Time true_now) {
    base_local_ = local(true_now);
    base_true_ = true_now;
  }
  Time base_true_ = 0;
  Time base_local_ = 0;
  std::int64_t drift_ppm_ = 0;
};

}  // namespace cachesim
