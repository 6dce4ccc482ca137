#include "sim/workload/txn_key_pool.hpp"

#include "sim/core/check.hpp"

namespace cachesim {

TxnKeyPool::TxnKeyPool(std::uint32_t active, std::uint64_t max_writes_per_key) : max_writes_(max_writes_per_key) {
  CACHESIM_CHECK(active > 0, "a transaction key pool needs at least one key");
  slots_.resize(active);
  for (Slot& s : slots_) {
    s.serial = next_ + 1;
    s.key = "x" + std::to_string(next_++);
  }
}

void TxnKeyPool::appended(std::uint32_t slot) {
  CACHESIM_CHECK(slot < slots_.size(), "transaction key slot out of range");
  Slot& s = slots_[slot];
  if (max_writes_ == 0 || ++s.writes < max_writes_) return;
  s.serial = next_ + 1;
  s.key = "x" + std::to_string(next_++);
  s.writes = 0;
}

}  // namespace cachesim
