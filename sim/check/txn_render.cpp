// Text and JSON renderings of a transaction check (txn_check.hpp).
//
// The JSON object (the lead and the reports code against it; keep it):
// {"checker":"transactions", "model":"strict-serializable"|"serializable",
//  "verdict":"ok"|"illegal"|"unknown", "reason":"..." (unknown only),
//  "counts":{"committed","aborted","info","reads","appends"}, "non_txn_ops":N,
//  "anomaly_count":N, "anomaly_counts":{"G1a":N,...} (kinds found only),
//  "anomalies":[{"kind","realtime","keys":[...],"explanation",
//     "transactions":[{"id":"T1","process","invoke_time":ns|null,"complete_time":ns|null,
//                      "invoke_line","complete_line":N|null,"outcome":"ok"|"fail"|"info","ops":[...]}],
//     "cycle":[{"from":"T1","to":"T2","edge":"ww"|"wr"|"rw"|"rt","key":"x3"|null,"why":"..."}]}]}
#include <nlohmann/json.hpp>

#include "sim/check/txn_check.hpp"

namespace cachesim {
namespace {

std::string id(std::size_t index) { return "T" + std::to_string(index + 1); }

std::string_view outcome(const Operation& op) {
  if (!op.completed) return "info";
  switch (op.outcome) {
    case Outcome::kOk: return "ok";
    case Outcome::kFail: return "fail";
    case Outcome::kInfo: return "info";
  }
  return "info";
}

nlohmann::json value_json(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return nullptr;
    case Value::Kind::kInt: return v.as_int();
    case Value::Kind::kString: return v.as_string();
    case Value::Kind::kList: {
      nlohmann::json a = nlohmann::json::array();
      for (const Value& x : v.as_list()) a.push_back(value_json(x));
      return a;
    }
  }
  return nullptr;
}

std::string ops_text(const Operation& op) {
  std::string s = "[";
  for (std::size_t i = 0; i < op.txn.size(); ++i) {
    const MicroOp& m = op.txn[i];
    s += i ? ",[" : "[";
    append_json_string(s, m.f);
    s += ",";
    append_json_string(s, m.key);
    s += "," + m.value.to_json() + "]";
  }
  return s + "]";
}

std::string when(const std::optional<Time>& t, std::uint64_t line) {
  return (t ? format_time(*t) + " " : std::string()) + "(line " + std::to_string(line) + ")";
}

std::string describe(const TxnWitness& w) {
  const Operation& op = w.op;
  std::string s = id(w.index) + ": process " + std::to_string(op.process) + ", invoked " +
                  when(op.invoke_time, op.invoke_line);
  if (!op.completed) s += ", never completed";
  else s += ", " + std::string(op.outcome == Outcome::kInfo ? "timed out" : outcome(op)) + " " +
            when(op.complete_time, op.complete_line);
  return s + ": " + ops_text(op);
}

std::string model(const TxnCheckResult& r) { return r.realtime ? "strict-serializable" : "serializable"; }

}  // namespace

std::string render_text(const TxnCheckResult& r) {
  std::string out = "transactions (" + model(r) + "): " + std::string(to_string(r.verdict));
  if (!r.reason.empty()) out += ": " + r.reason;
  if (r.anomaly_count > 0) {
    out += ": " + std::to_string(r.anomaly_count) + (r.anomaly_count == 1 ? " anomaly (" : " anomalies (");
    bool first = true;
    for (std::size_t k = 0; k < kTxnAnomalyKinds; ++k) {
      if (!r.anomaly_counts[k]) continue;
      out += (first ? "" : ", ") + std::string(to_string(static_cast<TxnAnomalyKind>(k))) + " " +
             std::to_string(r.anomaly_counts[k]);
      first = false;
    }
    out += ")";
  }
  out += "\n";
  const TxnCounts& c = r.counts;
  out += "  " + std::to_string(c.committed) + " committed, " + std::to_string(c.aborted) + " aborted, " +
         std::to_string(c.info) + " info; " + std::to_string(c.reads) + " reads, " + std::to_string(c.appends) +
         " appends";
  if (r.non_txn_ops) out += "; " + std::to_string(r.non_txn_ops) + " non-txn operations ignored";
  out += "\n";
  std::array<std::size_t, kTxnAnomalyKinds> listed{};
  for (const TxnAnomaly& a : r.anomalies) {
    ++listed[static_cast<std::size_t>(a.kind)];
    out += std::string(to_string(a.kind)) + (a.realtime ? " (realtime)" : "") + " on ";
    for (std::size_t i = 0; i < a.keys.size(); ++i) out += (i ? ", " : "") + a.keys[i];
    out += ":\n  " + a.explanation + "\n";
    for (const CycleEdge& e : a.cycle)
      out += "  " + id(e.from) + " < " + id(e.to) + " (" + std::string(to_string(e.kind)) + "): " + e.why + "\n";
    for (const TxnWitness& w : a.transactions) out += "    " + describe(w) + "\n";
  }
  for (std::size_t k = 0; k < kTxnAnomalyKinds; ++k)
    if (r.anomaly_counts[k] > listed[k])
      out += "(" + std::to_string(r.anomaly_counts[k] - listed[k]) + " more " +
             std::string(to_string(static_cast<TxnAnomalyKind>(k))) + " not listed)\n";
  return out;
}

nlohmann::json render_json(const TxnCheckResult& r) {
  nlohmann::json j;
  j["checker"] = "transactions";
  j["model"] = model(r);
  j["verdict"] = std::string(to_string(r.verdict));
  if (r.verdict == Verdict::kUnknown) j["reason"] = r.reason;
  j["counts"] = {{"committed", r.counts.committed},
                 {"aborted", r.counts.aborted},
                 {"info", r.counts.info},
                 {"reads", r.counts.reads},
                 {"appends", r.counts.appends}};
  j["non_txn_ops"] = r.non_txn_ops;
  j["anomaly_count"] = r.anomaly_count;
  nlohmann::json counts = nlohmann::json::object();
  for (std::size_t k = 0; k < kTxnAnomalyKinds; ++k)
    if (r.anomaly_counts[k]) counts[std::string(to_string(static_cast<TxnAnomalyKind>(k)))] = r.anomaly_counts[k];
  j["anomaly_counts"] = counts;
  nlohmann::json anomalies = nlohmann::json::array();
  for (const TxnAnomaly& a : r.anomalies) {
    nlohmann::json aj;
    aj["kind"] = std::string(to_string(a.kind));
    aj["realtime"] = a.realtime;
    aj["keys"] = a.keys;
    aj["explanation"] = a.explanation;
    nlohmann::json txns = nlohmann::json::array();
    for (const TxnWitness& w : a.transactions) {
      const Operation& op = w.op;
      nlohmann::json tj;
      tj["id"] = id(w.index);
      tj["process"] = op.process;
      tj["invoke_time"] = op.invoke_time ? nlohmann::json(*op.invoke_time) : nlohmann::json(nullptr);
      tj["complete_time"] =
          op.completed && op.complete_time ? nlohmann::json(*op.complete_time) : nlohmann::json(nullptr);
      tj["invoke_line"] = op.invoke_line;
      tj["complete_line"] = op.completed ? nlohmann::json(op.complete_line) : nlohmann::json(nullptr);
      tj["outcome"] = std::string(outcome(op));
      nlohmann::json ops = nlohmann::json::array();
      for (const MicroOp& m : op.txn) ops.push_back({m.f, m.key, value_json(m.value)});
      tj["ops"] = ops;
      txns.push_back(tj);
    }
    aj["transactions"] = txns;
    nlohmann::json cycle = nlohmann::json::array();
    for (const CycleEdge& e : a.cycle)
      cycle.push_back({{"from", id(e.from)},
                       {"to", id(e.to)},
                       {"edge", std::string(to_string(e.kind))},
                       {"key", e.key ? nlohmann::json(*e.key) : nlohmann::json(nullptr)},
                       {"why", e.why}});
    aj["cycle"] = cycle;
    anomalies.push_back(aj);
  }
  j["anomalies"] = anomalies;
  return j;
}

}  // namespace cachesim
