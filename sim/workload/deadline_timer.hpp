// A timeout that is re-armed far more often than it fires: a client's
// attempt timer, set anew with every attempt and made moot by nearly every
// answer. One engine timer stays set; when it comes due before the deadline
// (which moved on since it was set) it is set again for the rest. So an
// operation costs no timer of its own, and no cancelled timer waits in the
// engine's queue for each operation.
//
// Times are the node's local clock, as Context::set_timer's spans are; a
// clock that jumps back only makes the timer come due early and be set again.
#pragma once

#include <cstdint>

#include "sim/core/node.hpp"

namespace cachesim {

class DeadlineTimer {
 public:
  explicit DeadlineTimer(std::uint64_t tag) : tag_(tag) {}

  // The deadline becomes now + after, replacing any earlier one.
  void arm(Context& ctx, Duration after) {
    const Time now = ctx.now();
    deadline_ = now + after;
    armed_ = true;
    if (timer_ == 0 || due_ > deadline_) set(ctx, now, after);
  }
  void disarm() { armed_ = false; }
  bool armed() const { return armed_; }

  // Call for every timer that carries this tag: true once the deadline has
  // passed (the timer is then disarmed), false for an early or stale one.
  bool expired(Context& ctx, TimerId id) {
    if (id != timer_) return false;
    timer_ = 0;
    if (!armed_) return false;
    const Time now = ctx.now();
    if (now >= deadline_) {
      armed_ = false;
      return true;
    }
    set(ctx, now, deadline_ - now);
    return false;
  }

 private:
  void set(Context& ctx, Time now, Duration after) {
    if (timer_ != 0) ctx.cancel_timer(timer_);
    timer_ = ctx.set_timer(after, tag_);
    due_ = now + after;
  }

  std::uint64_t tag_;
  TimerId timer_ = 0;  // the engine timer set, if any
  Time due_ = 0;       // when it comes due (local time)
  Time deadline_ = 0;
  bool armed_ = false;
};

}  // namespace cachesim
