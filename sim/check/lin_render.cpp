// Text and JSON renderings of a linearizability result (linearizability.hpp).
#include <nlohmann/json.hpp>

#include "sim/check/linearizability.hpp"

namespace cachesim {
namespace {

std::string when(const std::optional<Time>& t, std::uint64_t line) {
  std::string s = t ? format_time(*t) + ", " : std::string();
  return s + "line " + std::to_string(line);
}

std::string what(const Operation& op) {
  switch (op.f) {
    case OpFunction::kRead:
      return op.outcome == Outcome::kOk ? "read -> " + op.value.to_json() : std::string("read");
    case OpFunction::kWrite: return "write " + op.value.to_json();
    case OpFunction::kDelete: return "delete";
    case OpFunction::kCas: {
      std::string s = "cas " + op.value.as_list()[0].to_json() + " -> " + op.value.as_list()[1].to_json();
      if (op.is_failed_cas()) s += " (failed: the value was not " + op.value.as_list()[0].to_json() + ")";
      return s;
    }
    case OpFunction::kTxn: return "txn";
  }
  return "?";
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

nlohmann::json op_json(const WitnessOp& w) {
  const Operation& op = w.op;
  nlohmann::json j;
  j["index"] = w.index;
  j["process"] = op.process;
  j["f"] = std::string(to_string(op.f));
  j["key"] = op.key;
  j["value"] = value_json(op.value);
  j["outcome"] = !op.completed ? "pending"
                 : op.outcome == Outcome::kOk ? "ok"
                 : op.outcome == Outcome::kFail ? "fail"
                                                : "info";
  j["invoke_line"] = op.invoke_line;
  if (op.invoke_time) j["invoke_time"] = *op.invoke_time;
  if (op.completed) {
    j["complete_line"] = op.complete_line;
    if (op.complete_time) j["complete_time"] = *op.complete_time;
  }
  j["text"] = describe_operation(op);
  return j;
}

std::string stats_text(const KeyStats& s) {
  return std::to_string(s.ops) + " operations (" + std::to_string(s.info_ops) + " timed out, " +
         std::to_string(s.observations) + " observations), " + std::to_string(s.steps) + " steps, peak frontier " +
         std::to_string(s.peak_frontier) + ", peak memory " + std::to_string(s.peak_memory_bytes / 1024) + " KiB";
}

}  // namespace

std::string describe_operation(const Operation& op) {
  std::string s = "process " + std::to_string(op.process) + " " + what(op) + " (invoked " +
                  when(op.invoke_time, op.invoke_line);
  if (!op.completed) return s + "; never completed)";
  switch (op.outcome) {
    case Outcome::kOk: s += "; ok "; break;
    case Outcome::kFail: s += "; fail "; break;
    case Outcome::kInfo: s += "; timed out "; break;
  }
  return s + when(op.complete_time, op.complete_line) + ")";
}

std::string render_text(const LinearizabilityResult& r) {
  std::string out = "linearizability: " + std::string(to_string(r.verdict));
  if (!r.reason.empty()) out += ": " + r.reason;
  out += "\n";
  if (r.txn_ops_ignored) out += "  " + std::to_string(r.txn_ops_ignored) + " txn operations ignored\n";
  for (const KeyResult& k : r.keys) {
    out += "  key " + json_quoted(k.key) + ": " + std::string(to_string(k.verdict));
    if (k.vacuous || k.verdict == Verdict::kUnknown) out += " (" + k.reason + ")";
    out += "; " + stats_text(k.stats) + "\n";
  }
  for (const KeyResult& k : r.keys) {
    if (!k.witness) continue;
    const Witness& w = *k.witness;
    out += "key " + json_quoted(k.key) + " is not linearizable.\n";
    out += "  cannot linearize: " + describe_operation(w.failing.op) + "\n";
    out += "  the " + std::to_string(w.prefix_ops) + " operations that completed before it can be linearized together;";
    out += " just before it completed the register could only hold: ";
    for (std::size_t i = 0; i < w.states_before.size(); ++i) out += (i ? ", " : "") + w.states_before[i];
    out += "\n";
    out += std::string("  ") + (w.window_minimal ? "minimal window" : "window (not minimal: budget ran out)") +
           " of " + std::to_string(w.window.size()) +
           " operations that cannot be linearized even if every other operation had timed out:\n";
    for (const WitnessOp& o : w.window) out += "    " + describe_operation(o.op) + "\n";
  }
  return out;
}

nlohmann::json render_json(const LinearizabilityResult& r) {
  nlohmann::json j;
  j["checker"] = "linearizability";
  j["verdict"] = std::string(to_string(r.verdict));
  j["reason"] = r.reason;
  j["operations"] = r.operations;
  j["txn_ops_ignored"] = r.txn_ops_ignored;
  nlohmann::json keys = nlohmann::json::array();
  for (const KeyResult& k : r.keys) {
    nlohmann::json kj;
    kj["key"] = k.key;
    kj["verdict"] = std::string(to_string(k.verdict));
    kj["vacuous"] = k.vacuous;
    kj["reason"] = k.reason;
    kj["stats"] = {{"ops", k.stats.ops},
                   {"info_ops", k.stats.info_ops},
                   {"observations", k.stats.observations},
                   {"dropped", k.stats.dropped},
                   {"events", k.stats.events},
                   {"steps", k.stats.steps},
                   {"peak_frontier", k.stats.peak_frontier},
                   {"peak_memory_bytes", k.stats.peak_memory_bytes}};
    if (k.witness) {
      const Witness& w = *k.witness;
      nlohmann::json wj;
      wj["failing"] = op_json(w.failing);
      wj["states_before"] = w.states_before;
      wj["prefix_ops"] = w.prefix_ops;
      wj["window_minimal"] = w.window_minimal;
      nlohmann::json win = nlohmann::json::array();
      for (const WitnessOp& o : w.window) win.push_back(op_json(o));
      wj["window"] = win;
      kj["witness"] = wj;
    }
    keys.push_back(kj);
  }
  j["keys"] = keys;
  return j;
}

}  // namespace cachesim
