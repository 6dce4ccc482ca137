// Transaction atomicity and isolation of a list-append history (Elle's
// inference: Kingsbury & Alvaro, "Elle: Inferring Isolation Anomalies from
// Experimental Observations").
//
// The workload: each txn is a list of micro-ops ["append","k",v] and
// ["r","k",null]; on ok every read is filled in with the whole list of k
// ([] or null when empty). Appended values are unique per key, so a read
// names, element by element, the transactions whose appends it saw.
//
// Contract:
// - Input: the operations of a history (pair_operations order). Operations
//   other than txn are ignored (counted in non_txn_ops). A txn micro-op other
//   than append or r, an append of null or a list, an ok read that is not a
//   list of integers and strings, or a value appended twice to one key
//   (by any invocations) is bad input: InputError naming the line.
// - Outcomes: ok committed; fail did not commit; info (or no completion) may
//   or may not have committed: its appends may be observed, and an info txn
//   whose append was observed is committed for the dependency graph. Only ok
//   txns have reads.
// - Version order of a key: its longest read. Every read of the key must be
//   a prefix of it, else incompatible-order (that read is then left out of
//   the inference). ww: consecutive appends in the version order; wr: a
//   txn's external read (its first read of the key, before its own appends
//   to it) to the writer of the last element read; rw: that read to the
//   writer of the next element. rt (when realtime): T1 completed ok before
//   T2 was invoked, by event order, transitively reduced.
// - Non-cycle anomalies: G1a (a read saw an append of a failed txn), G1b (an
//   external read ended with a non-final append of another txn to that key),
//   garbage-read (an element never appended), duplicate-element, internal (a
//   txn's read disagrees with its own earlier reads and appends, or contains
//   its own later append), fractured-read (an atomicity violation: T2's
//   external reads saw T1's appends to one key but none of T1's appends to
//   another key it read), incompatible-order.
// - Cycles: strongly connected components of the graph (Tarjan), first
//   without rt edges, then, if realtime, with them (components already
//   reported are skipped). Per component one cycle, the most specific class
//   found in this order: G0 (ww only), G1c (ww and wr), G-single (exactly
//   one rw), G2 (more rw); in the realtime pass the same classes with rt
//   edges allowed (realtime=true). Inside a class the cycle is a shortest one
//   from BFS; in components too big to search exhaustively the search is
//   bounded (a cycle is still always reported, perhaps not the shortest or
//   the most specific).
// - Verdict: illegal if any anomaly was found (a proof, even past the
//   budget); else unknown when the budget ran out, when there is no txn, or
//   when no committed txn read anything ("nothing to check"); else ok.
// - The result is a pure function of the operations, the options and the
//   answers of out_of_time. Anomalies are listed at most max_listed_per_kind
//   per kind, all counted.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/check/history.hpp"
#include "sim/check/linearizability.hpp"  // Verdict

namespace cachesim {

enum class TxnAnomalyKind : std::uint8_t {
  kG0,
  kG1a,
  kG1b,
  kG1c,
  kGSingle,
  kG2,
  kFracturedRead,
  kIncompatibleOrder,
  kDuplicateElement,
  kGarbageRead,
  kInternal,
};
inline constexpr std::size_t kTxnAnomalyKinds = 11;
// "G0", "G1a", "G1b", "G1c", "G-single", "G2", "fractured-read",
// "incompatible-order", "duplicate-element", "garbage-read", "internal".
std::string_view to_string(TxnAnomalyKind k);

// A dependency: to must follow from in any serial order (strict: rt too).
enum class DepKind : std::uint8_t { kWW, kWR, kRT, kRW };
std::string_view to_string(DepKind k);  // "ww", "wr", "rt", "rw"

struct TxnCheckBudget {
  std::function<bool()> out_of_time;  // polled often; true: stop now. Empty: no limit.
  std::size_t max_memory_bytes = std::size_t{1} << 30;  // the checker's own structures
};

struct TxnCheckOptions {
  bool realtime = true;  // strict serializability: add rt edges
  TxnCheckBudget budget;
  std::size_t max_listed_per_kind = 8;
};

struct TxnWitness {
  std::size_t index = 0;  // into the operation list; its id is "T<index+1>"
  Operation op;
};

struct CycleEdge {
  std::size_t from = 0, to = 0;  // operation indices
  DepKind kind = DepKind::kWW;
  std::optional<std::string> key;  // none for rt
  std::string why;                 // "T2 read x3=[1,4,7], which ends with T1's append 7"
};

struct TxnAnomaly {
  TxnAnomalyKind kind = TxnAnomalyKind::kG0;
  bool realtime = false;  // the cycle needs a real-time edge
  std::vector<std::string> keys;
  std::vector<TxnWitness> transactions;
  std::vector<CycleEdge> cycle;  // empty for non-cycle anomalies
  std::string explanation;       // one paragraph for people
};

struct TxnCounts {
  std::size_t committed = 0;  // ok txns
  std::size_t aborted = 0;    // fail txns
  std::size_t info = 0;       // info or never completed
  std::size_t reads = 0;      // read micro-ops of ok txns
  std::size_t appends = 0;    // append micro-ops of every txn
};

struct TxnCheckResult {
  Verdict verdict = Verdict::kUnknown;
  std::string reason;  // why unknown
  bool realtime = true;
  TxnCounts counts;
  std::size_t non_txn_ops = 0;  // ignored
  std::size_t anomaly_count = 0;
  std::array<std::size_t, kTxnAnomalyKinds> anomaly_counts{};  // by TxnAnomalyKind
  std::vector<TxnAnomaly> anomalies;  // listed, bounded
};

// `source` names the history in InputError messages.
TxnCheckResult check_transactions(const std::vector<Operation>& ops, const TxnCheckOptions& options = {},
                                  const std::string& source = "<history>");
TxnCheckResult check_transactions(const History& history, const TxnCheckOptions& options = {});

// Lines for people: the verdict and counts, then each anomaly with its
// transactions and every edge of its cycle explained.
std::string render_text(const TxnCheckResult& result);
// The object documented for run directories (see render_json in txn_render.cpp).
nlohmann::json render_json(const TxnCheckResult& result);

}  // namespace cachesim
