// Words for the transaction checker's findings: transaction ids, lists,
// the reason for each dependency edge, and the collector that counts every
// anomaly but builds (and keeps) only the first few of each kind. Internal
// to sim/check.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/check/txn_check.hpp"
#include "sim/check/txn_index.hpp"

namespace cachesim::txn {

// "T<operation index + 1>".
std::string tid(const Index& ix, std::uint32_t txn);
// A list as JSON; long lists keep their first 3 and last 6 elements around "...".
std::string list_text(const std::vector<Value>& list);
// The txn's first read of `key` (its external read when it has one), or null.
const Read* first_read(const Index& ix, std::uint32_t txn, std::uint32_t key);
// Why `to` must follow `from`: "T2 read x3=[1,4,7], which ends with T1's append 7".
std::string edge_why(const Index& ix, std::uint32_t from, std::uint32_t to, DepKind kind, std::uint32_t key);
// The paragraph that introduces a cycle of this class.
std::string cycle_summary(TxnAnomalyKind kind, bool realtime);

class Sink {
 public:
  Sink(const Index& ix, std::size_t max_per_kind) : ix_(ix), max_(max_per_kind) {}

  // Counts one anomaly of `kind`; true when it is to be listed too (then add() it).
  bool count(TxnAnomalyKind kind) {
    ++total_;
    return counts_[static_cast<std::size_t>(kind)]++ < max_;
  }
  // Lists an anomaly about `txns` (in the order given) and `keys`.
  void add(TxnAnomalyKind kind, const std::vector<std::uint32_t>& txns, const std::vector<std::uint32_t>& keys,
           std::string explanation, std::vector<CycleEdge> cycle = {}, bool realtime = false);

  std::size_t total() const { return total_; }
  const std::array<std::size_t, kTxnAnomalyKinds>& counts() const { return counts_; }
  std::vector<TxnAnomaly>& listed() { return listed_; }

 private:
  const Index& ix_;
  std::size_t max_;
  std::size_t total_ = 0;
  std::array<std::size_t, kTxnAnomalyKinds> counts_{};
  std::vector<TxnAnomaly> listed_;
};

}  // namespace cachesim::txn
