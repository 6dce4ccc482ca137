// The linearizability checker's view of one key: the operations that can
// tell something, classified by what they require of and do to a register,
// with values interned to small integers and events in real-time order.
//
// Contract:
// - split_by_key() keeps every non-txn operation that carries information
//   and drops the rest (a read with no result, a write or delete that
//   failed, a cas rejected with an error: none took effect nor saw anything).
//   Keys come out in byte order of their names; operations within a key keep
//   the history's event order.
// - weaken() derives a history that admits at least the linearizations of
//   the original (the witness search relies on that monotonicity).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/check/history.hpp"

namespace cachesim::lin {

using ValueId = std::uint32_t;
// Id of null: the key holds nothing. The register starts there.
inline constexpr ValueId kAbsent = 0;
// A value no remaining operation can observe (see lin_search.hpp, "dead values").
inline constexpr ValueId kUnobserved = 0xffffffffU;
inline constexpr std::uint32_t kNever = 0xffffffffU;

enum class OpKind : std::uint8_t {
  kRead,       // completed read: requires state == a
  kFailedCas,  // cas that ran and failed: requires state != a, changes nothing
  kWrite,      // completed write (a) or delete (a = kAbsent): state := a
  kCas,        // completed cas: requires state == a; state := b
  kInfoWrite,  // write or delete that may take effect at any time after its invoke, or never
  kInfoCas,    // cas that may take effect (if state == a then) at any time after its invoke, or never
};

inline bool is_observer(OpKind k) { return k == OpKind::kRead || k == OpKind::kFailedCas; }
inline bool is_info(OpKind k) { return k == OpKind::kInfoWrite || k == OpKind::kInfoCas; }

struct KeyOp {
  OpKind kind = OpKind::kRead;
  ValueId a = 0;               // read: value read; write: value written; cas kinds: expected
  ValueId b = 0;               // cas kinds: new value
  std::uint32_t invoke = 0;    // index into KeyHistory::events
  std::uint32_t ret = kNever;  // index into KeyHistory::events; kNever for info ops
  std::uint32_t source = 0;    // index into the operation list the history came from
};

struct KeyHistory {
  std::string key;
  std::vector<KeyOp> ops;
  // Real-time order: (op index << 1) | (1 if its return, 0 if its invoke).
  std::vector<std::uint32_t> events;
  std::vector<Value> values;  // by ValueId; values[kAbsent] is null
  std::size_t dropped = 0;    // operations of this key that tell nothing
  std::size_t observations() const;  // completed reads, failed cas and cas: what can expose a violation
};

std::vector<KeyHistory> split_by_key(const std::vector<Operation>& ops);

// The history cut after `last_event` (operations still pending there become
// info ones, as the search saw them at that event), in which every operation
// completed by then whose `strict` flag is false is weakened: a read or
// failed cas is dropped; a write, delete or cas becomes an info write of its
// (new) value, which may take effect at any time after its invoke,
// unconditionally, or never. Each weakening only adds linearizations.
KeyHistory weaken(const KeyHistory& h, const std::vector<bool>& strict, std::uint32_t last_event);

}  // namespace cachesim::lin
