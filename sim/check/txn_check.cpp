// The transaction checker's entry points (txn_check.hpp): index, infer,
// graph, cycles, verdict.
#include "sim/check/txn_check.hpp"

#include "sim/check/txn_budget.hpp"
#include "sim/check/txn_cycles.hpp"
#include "sim/check/txn_explain.hpp"
#include "sim/check/txn_index.hpp"
#include "sim/check/txn_infer.hpp"

namespace cachesim {

std::string_view to_string(TxnAnomalyKind k) {
  switch (k) {
    case TxnAnomalyKind::kG0: return "G0";
    case TxnAnomalyKind::kG1a: return "G1a";
    case TxnAnomalyKind::kG1b: return "G1b";
    case TxnAnomalyKind::kG1c: return "G1c";
    case TxnAnomalyKind::kGSingle: return "G-single";
    case TxnAnomalyKind::kG2: return "G2";
    case TxnAnomalyKind::kFracturedRead: return "fractured-read";
    case TxnAnomalyKind::kIncompatibleOrder: return "incompatible-order";
    case TxnAnomalyKind::kDuplicateElement: return "duplicate-element";
    case TxnAnomalyKind::kGarbageRead: return "garbage-read";
    case TxnAnomalyKind::kInternal: return "internal";
  }
  return "?";
}

std::string_view to_string(DepKind k) {
  switch (k) {
    case DepKind::kWW: return "ww";
    case DepKind::kWR: return "wr";
    case DepKind::kRT: return "rt";
    case DepKind::kRW: return "rw";
  }
  return "?";
}

TxnCheckResult check_transactions(const std::vector<Operation>& ops, const TxnCheckOptions& options,
                                  const std::string& source) {
  TxnCheckResult result;
  result.realtime = options.realtime;
  txn::Index ix = txn::build_index(ops, source);
  result.non_txn_ops = ix.non_txn_ops;
  for (const txn::TxnNode& t : ix.txns) {
    result.counts.committed += t.outcome == Outcome::kOk;
    result.counts.aborted += t.outcome == Outcome::kFail;
    result.counts.info += t.outcome == Outcome::kInfo;
  }
  result.counts.reads = ix.reads.size();
  result.counts.appends = ix.appends.size();

  txn::Budget budget(options.budget);
  txn::Sink sink(ix, options.max_listed_per_kind);
  if (!budget.memory(ix.bytes())) {
    std::vector<txn::DepEdge> edges = txn::infer(ix, sink, options.realtime, budget);
    if (!budget.spent() && !budget.memory(ix.bytes() + 2 * edges.capacity() * sizeof(txn::DepEdge) +
                                          8 * ix.txns.size() * sizeof(std::uint32_t))) {
      const txn::Graph graph = txn::build_graph(ix.txns.size(), std::move(edges));
      txn::find_cycles(ix, graph, options.realtime, sink, budget);
    }
  }

  result.anomaly_count = sink.total();
  result.anomaly_counts = sink.counts();
  result.anomalies = std::move(sink.listed());
  if (result.anomaly_count > 0) {
    result.verdict = Verdict::kIllegal;
  } else if (budget.spent()) {
    result.verdict = Verdict::kUnknown;
    result.reason = budget.reason();
  } else if (ix.txns.empty()) {
    result.verdict = Verdict::kUnknown;
    result.reason = "no transactions: nothing to check";
  } else if (ix.reads.empty()) {
    result.verdict = Verdict::kUnknown;
    result.reason = "no reads: nothing to check";
  } else {
    result.verdict = Verdict::kOk;
  }
  return result;
}

TxnCheckResult check_transactions(const History& history, const TxnCheckOptions& options) {
  return check_transactions(pair_operations(history), options, history.source);
}

}  // namespace cachesim
