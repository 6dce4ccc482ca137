// The transaction checker's budget as its loops see it: a cheap tick() to
// call in inner loops (out_of_time is asked only every 4096 ticks, because
// it reads a clock), and a memory test. Once spent, it stays spent and keeps
// the first reason. Internal to sim/check.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/check/txn_check.hpp"

namespace cachesim::txn {

class Budget {
 public:
  explicit Budget(const TxnCheckBudget& b) : b_(b) {}

  // True once the budget is spent.
  bool tick() {
    if (spent_) return true;
    if ((++ticks_ & 4095U) == 0) return now();
    return false;
  }
  // Asks out_of_time now.
  bool now() {
    if (!spent_ && b_.out_of_time && b_.out_of_time()) spend("time budget exceeded");
    return spent_;
  }
  // True (and spent) when `bytes` exceed the memory budget.
  bool memory(std::size_t bytes) {
    if (!spent_ && bytes > b_.max_memory_bytes)
      spend("memory budget exceeded (needs more than " + std::to_string(bytes >> 20) + " MiB of " +
            std::to_string(b_.max_memory_bytes >> 20) + " MiB)");
    return spent_;
  }
  bool spent() const { return spent_; }
  const std::string& reason() const { return reason_; }

 private:
  void spend(std::string why) {
    spent_ = true;
    reason_ = std::move(why);
  }
  const TxnCheckBudget& b_;
  std::uint64_t ticks_ = 0;
  bool spent_ = false;
  std::string reason_;
};

}  // namespace cachesim::txn
