// Terse list-append histories for the transaction checker's tests, built as
// JSON Lines text (so they go through the real parser), one event per call:
//   TxnText h;
//   h.txn(1, R"([["append","x",1]])");              // invoked and completed ok at once
//   h.invoke(2, R"([["r","x",null]])").ok(2, R"([["r","x",[1]]])");
// Operation indices (and so ids T1, T2, ...) follow invoke order.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/check/history.hpp"
#include "sim/check/txn_check.hpp"

namespace cachesim::testing {

// The anomaly kinds a check found, each once, in enum order.
inline std::vector<TxnAnomalyKind> found_kinds(const TxnCheckResult& r) {
  std::vector<TxnAnomalyKind> out;
  for (std::size_t k = 0; k < kTxnAnomalyKinds; ++k)
    if (r.anomaly_counts[k]) out.push_back(static_cast<TxnAnomalyKind>(k));
  return out;
}

class TxnText {
 public:
  // Invokes with the given micro-ops, reads blanked to null.
  TxnText& invoke(int p, const std::string& ops) {
    nlohmann::json j = nlohmann::json::parse(ops);
    for (auto& m : j)
      if (m[0] == "r") m[2] = nullptr;
    pending_[p] = j.dump();
    return line(p, "invoke", j.dump());
  }
  TxnText& ok(int p, const std::string& ops) { return line(p, "ok", ops); }
  TxnText& fail(int p) { return line(p, "fail", pending_.at(p)); }
  TxnText& info(int p) { return line(p, "info", pending_.at(p)); }
  // A whole transaction, invoked and completed ok before the next event.
  TxnText& txn(int p, const std::string& ops) { return invoke(p, ops).ok(p, ops); }

  const std::string& text() const { return text_; }
  History history() const { return parse_history(text_, "t.jsonl"); }
  TxnCheckResult check(bool realtime = true) const {
    TxnCheckOptions o;
    o.realtime = realtime;
    return check_transactions(history(), o);
  }

 private:
  TxnText& line(int p, const char* type, const std::string& ops) {
    time_ += 10;
    text_ += R"({"process":)" + std::to_string(p) + R"(,"type":")" + type + R"(","f":"txn","value":)" + ops +
             R"(,"time":)" + std::to_string(time_) + "}\n";
    return *this;
  }
  std::string text_;
  std::map<int, std::string> pending_;
  long time_ = 0;
};

// Anomalies of one kind in a result.
inline std::vector<const TxnAnomaly*> of_kind(const TxnCheckResult& r, TxnAnomalyKind k) {
  std::vector<const TxnAnomaly*> out;
  for (const TxnAnomaly& a : r.anomalies)
    if (a.kind == k) out.push_back(&a);
  return out;
}

// The ids ("T1", ...) of an anomaly's transactions, in the order listed.
inline std::vector<std::string> ids(const TxnAnomaly& a) {
  std::vector<std::string> out;
  for (const TxnWitness& w : a.transactions) out.push_back("T" + std::to_string(w.index + 1));
  return out;
}

// A cycle as "T1-ww-T2-rw-T1".
inline std::string cycle_text(const TxnAnomaly& a) {
  std::string s;
  for (const CycleEdge& e : a.cycle)
    s += "T" + std::to_string(e.from + 1) + "-" + std::string(to_string(e.kind)) + "-";
  if (!a.cycle.empty()) s += "T" + std::to_string(a.cycle.front().from + 1);
  return s;
}

}  // namespace cachesim::testing
