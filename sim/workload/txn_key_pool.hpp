// The active keys of a list-append transaction workload, shared by every
// transaction client of one run (Elle's key rotation).
//
// `active` slots each hold a key; a slot's key is retired once
// `max_writes_per_key` appends to it have been issued, and a fresh key takes
// its place ("x0".."x<active-1>" first, then "x<active>", ...). Why: a read
// returns the whole list, so without rotation every read (its message, its
// Paxos records, its history line) grows with the run, and the checker's
// version orders grow with it; with rotation lists stay short while the
// number of keys in play (the contention) stays what the scenario says.
// 0 keeps every key for the whole run.
//
// Shared mutable state between clients is fine here: the pool is the test's
// generator (Jepsen's is global too), not part of any protocol, and the
// simulator runs one handler at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cachesim {

class TxnKeyPool {
 public:
  TxnKeyPool(std::uint32_t active, std::uint64_t max_writes_per_key);

  std::uint32_t slots() const { return static_cast<std::uint32_t>(slots_.size()); }
  const std::string& key(std::uint32_t slot) const { return slots_[slot].key; }
  // A number that names the slot's current key: no other key of this pool
  // ever has it, and it is never 0. Cheaper to compare than the key.
  std::uint64_t serial(std::uint32_t slot) const { return slots_[slot].serial; }
  // One more append to the slot's key was issued; retires the key when it
  // reaches the limit (a transaction built before keeps the name it has).
  void appended(std::uint32_t slot);
  std::uint64_t keys_used() const { return next_; }

 private:
  struct Slot {
    std::string key;
    std::uint64_t serial = 0;  // the key's number + 1
    std::uint64_t writes = 0;
  };
  std::vector<Slot> slots_;
  std::uint64_t max_writes_;
  std::uint64_t next_ = 0;  // the number of the next fresh key
};

}  // namespace cachesim
