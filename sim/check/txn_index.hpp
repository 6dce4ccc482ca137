// The list-append view of a history, for the transaction checker
// (txn_check.hpp): every txn, append and read, interned by key, with input
// validated. Internal to sim/check.
//
// Contract:
// - build_index() throws InputError ("SOURCE:LINE: expected ..., found ...")
//   for the bad inputs listed in txn_check.hpp; otherwise it returns an index
//   that refers into `ops` (which must outlive it).
// - Keys are numbered in byte order of their names; txns in operation order;
//   appends and reads in operation order, then micro-op order. So everything
//   derived from the index is deterministic.
// - A key's version order is its longest read (the first such, in history
//   order); Key::longest names it. Nothing here checks that the other reads
//   agree with it: that is inference (txn_infer.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/check/history.hpp"

namespace cachesim::txn {

inline constexpr std::uint32_t kNone = UINT32_MAX;
// What a read that saw no list (null, or not a list) contributes: nothing.
inline const std::vector<Value> kNoElements;

struct TxnNode {
  std::uint32_t op = 0;                 // index into the operation list
  Outcome outcome = Outcome::kInfo;     // kInfo also when never completed
  bool committed = false;               // ok, or info with an observed append (set by inference)
  std::uint32_t first_mop = 0;          // its micro-ops are mop_key[first_mop, first_mop + n)
  std::uint32_t first_append = 0;       // its appends are appends[first_append, next txn's)
  std::uint32_t first_read = 0;         // its reads are reads[first_read, next txn's)
};

struct Range {
  std::uint32_t begin = 0, end = 0;
};

struct Append {
  std::uint32_t txn = 0, mop = 0, key = 0;
  std::uint32_t pos = kNone;  // position in the key's version order; kNone: never observed
  bool first = false;         // the txn's first append to this key
  bool final = false;         // the txn's last append to this key
};

struct Read {
  std::uint32_t txn = 0, mop = 0, key = 0;
  bool external = false;  // the txn's first read of the key, before its own appends to it
  bool valid = true;      // a prefix of the version order (set by inference)
  const std::vector<Value>* list = nullptr;
};

struct Key {
  std::string name;
  std::vector<std::uint32_t> appends;  // append ids, sorted by element (for lookup)
  std::vector<std::uint32_t> reads;    // read ids, in history order
  std::uint32_t longest = kNone;       // read id of the version order; kNone: never read
  std::vector<std::uint32_t> writer;   // per version-order position: append id, kNone if never appended
};

struct Index {
  const std::vector<Operation>* ops = nullptr;
  std::vector<TxnNode> txns;
  std::vector<std::uint32_t> txn_of_op;  // operation index -> txn id, kNone for non-txn operations
  std::vector<std::uint32_t> mop_key;    // key id of every micro-op, by TxnNode::first_mop
  std::vector<Append> appends;
  std::vector<Read> reads;
  std::vector<Key> keys;
  std::size_t non_txn_ops = 0;

  const Operation& op(std::uint32_t txn) const { return (*ops)[txns[txn].op]; }
  Range appends_of(std::uint32_t txn) const {
    return {txns[txn].first_append,
            txn + 1 < txns.size() ? txns[txn + 1].first_append : static_cast<std::uint32_t>(appends.size())};
  }
  Range reads_of(std::uint32_t txn) const {
    return {txns[txn].first_read,
            txn + 1 < txns.size() ? txns[txn + 1].first_read : static_cast<std::uint32_t>(reads.size())};
  }
  const MicroOp& micro(std::uint32_t txn, std::uint32_t mop) const { return op(txn).txn[mop]; }
  const Value& element(const Append& a) const { return micro(a.txn, a.mop).value; }
  // The key's version order (empty when never read).
  const std::vector<Value>& order(std::uint32_t key) const;
  // The append of `v` to `key`, or kNone.
  std::uint32_t find_append(std::uint32_t key, const Value& v) const;
  // A rough count of the bytes this index holds (for the memory budget).
  std::size_t bytes() const;
};

// Total order on list elements (integers before strings).
int compare_elements(const Value& a, const Value& b);

Index build_index(const std::vector<Operation>& ops, const std::string& source);

}  // namespace cachesim::txn
