#include "sim/run/sharded_checks.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "sim/check/txn_check.hpp"

namespace cachesim {

void add_transaction_check(RunResult& r, const std::vector<Operation>& txn_ops, std::function<bool()> out_of_time) {
  TxnCheckOptions options;
  options.realtime = true;  // the cache promises strict serializability
  options.budget.out_of_time = std::move(out_of_time);
  const TxnCheckResult t = check_transactions(txn_ops, options, "<run history>");
  CheckResult c{"transactions", CheckStatus::pass, "", ""};
  c.status = t.verdict == Verdict::kOk        ? CheckStatus::pass
             : t.verdict == Verdict::kIllegal ? CheckStatus::fail
                                              : CheckStatus::unknown;
  c.line = std::to_string(t.counts.committed) + " committed, " + std::to_string(t.counts.aborted) + " aborted, " +
           std::to_string(t.counts.info) + " unknown; " + std::to_string(t.counts.reads) + " reads";
  if (t.anomaly_count > 0) {
    c.line += "; " + std::to_string(t.anomaly_count) + " anomalies, first " +
              std::string(to_string(t.anomalies.front().kind));
  }
  if (!t.reason.empty()) c.line += ": " + t.reason;
  if (t.verdict != Verdict::kOk) c.details = render_text(t);
  if (t.verdict == Verdict::kIllegal) r.witnesses["transactions"] = render_json(t);
  r.checks.push_back(std::move(c));
}

void add_held_locks(CheckResult& liveness, const std::vector<std::string>& locks, Time now) {
  if (locks.empty()) return;
  liveness.status = CheckStatus::fail;
  const std::string held = std::to_string(locks.size()) + " locks still held at " + format_time(now) +
                           ", after the faults healed";
  liveness.line = liveness.line.empty() ? held : held + "; " + liveness.line;
  std::string text;
  for (std::size_t i = 0; i < locks.size() && i < 20; ++i) text += locks[i] + "\n";
  if (locks.size() > 20) text += "... and " + std::to_string(locks.size() - 20) + " more\n";
  liveness.details = text + liveness.details;
}

ring::RingBalance ring_balance(const ring::Ring& ring, const std::vector<Operation>& ops) {
  std::map<std::string, std::uint64_t> per_key;
  for (const Operation& op : ops) {
    if (op.f != OpFunction::kTxn) {
      ++per_key[op.key];
      continue;
    }
    std::set<std::string_view> keys;
    for (const MicroOp& m : op.txn) keys.insert(m.key);
    for (std::string_view k : keys) ++per_key[std::string(k)];
  }
  std::vector<std::pair<std::string, std::uint64_t>> key_ops(per_key.begin(), per_key.end());
  return ring::measure_balance(ring, key_ops);
}

}  // namespace cachesim
