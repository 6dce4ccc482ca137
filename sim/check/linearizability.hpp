// Linearizability of a key-value history, per key, against a register with
// read, write, delete and cas (Wing & Gong's definition; Jepsen's info
// semantics).
//
// Contract:
// - Each key is checked on its own (P-compositionality: a history of
//   independent registers is linearizable iff each key's is).
// - The verdict is illegal if any key is illegal; else unknown if any key is
//   unknown (out of budget, or beyond the checker) or if the whole history
//   has nothing observable (no completed read or cas: "no reads: nothing to
//   check"); else ok. A key with nothing observable is ok but marked vacuous.
//   txn operations are ignored (counted in txn_ops_ignored); a history of
//   only txn operations is unknown, with a reason saying so.
// - illegal and ok are proofs; unknown is returned promptly once the budget
//   is spent, never a hang: out_of_time is polled every few thousand search
//   steps, and the search structures of the key being checked never exceed
//   max_memory_bytes (counted conservatively).
// - For an illegal key, the witness names the first operation that cannot be
//   linearized, the values the register could hold just before it completed,
//   and a minimal window of operations (see lin_witness.hpp).
// - The result (and its renderings) is a pure function of the history and of
//   the answers of out_of_time. Keys are checked and reported in byte order.
//
// The algorithm and why each optimisation is sound: lin_search.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/check/history.hpp"

namespace cachesim {

enum class Verdict : std::uint8_t { kOk, kIllegal, kUnknown };
std::string_view to_string(Verdict v);

struct LinearizabilityBudget {
  // Polled every few thousand steps; true means stop now. Empty: no limit.
  std::function<bool()> out_of_time;
  std::size_t max_memory_bytes = std::size_t{1} << 30;
  // Each key is first searched with at most this many steps; keys that need
  // more are searched again, without this limit, once every key had its
  // share, so that one hard key cannot keep an easy illegal one from being
  // found before the time runs out.
  std::uint64_t fair_share_steps = std::uint64_t{1} << 22;
};

struct WitnessOp {
  std::size_t index = 0;  // into the operation list (pair_operations order)
  Operation op;
};

struct Witness {
  WitnessOp failing;  // the first operation (by completion) that cannot be linearized
  // The values the register could hold just before `failing` completed, as
  // JSON text; "(unobserved)" stands for any value no later operation reads.
  std::vector<std::string> states_before;
  std::size_t prefix_ops = 0;      // operations of the key completed before it: linearizable together
  std::vector<WitnessOp> window;   // not linearizable even if all others had timed out; by invoke
  bool window_minimal = true;      // false: the budget ran out while shrinking the window
};

struct KeyStats {
  std::size_t ops = 0;           // operations that tell something (see lin_model.hpp)
  std::size_t info_ops = 0;      // of which timed out or never completed
  std::size_t observations = 0;  // completed reads and cas
  std::size_t dropped = 0;       // operations that tell nothing
  std::size_t events = 0;
  std::uint64_t steps = 0;       // configurations expanded, including the witness search
  std::size_t peak_frontier = 0;
  std::size_t peak_memory_bytes = 0;
};

struct KeyResult {
  std::string key;
  Verdict verdict = Verdict::kUnknown;
  bool vacuous = false;  // nothing observable on this key
  std::string reason;    // why unknown, or what failed
  KeyStats stats;
  std::optional<Witness> witness;  // illegal only
};

struct LinearizabilityResult {
  Verdict verdict = Verdict::kUnknown;
  std::string reason;
  std::size_t operations = 0;  // all operations of the history
  std::size_t txn_ops_ignored = 0;
  std::vector<KeyResult> keys;
};

LinearizabilityResult check_linearizability(const History& history, const LinearizabilityBudget& budget = {});
LinearizabilityResult check_linearizability(const std::vector<Operation>& ops, const LinearizabilityBudget& budget = {});

// Several lines for people: the verdict first, then one line per key, then
// the witness of each illegal key.
std::string render_text(const LinearizabilityResult& result);
nlohmann::json render_json(const LinearizabilityResult& result);

// One operation for people: "process 3 read -> 5 (invoked 0.000120000s, line 7; ok 0.000150000s, line 9)".
std::string describe_operation(const Operation& op);

}  // namespace cachesim
