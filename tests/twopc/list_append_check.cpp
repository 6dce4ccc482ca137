#include "tests/twopc/list_append_check.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace cachesim::twopc_test {

namespace {

struct Txn {
  std::size_t index = 0;
  Outcome outcome = Outcome::kInfo;
  Time invoke = 0, complete = 0;
  std::vector<MicroOp> ops;  // reads filled when ok
};

std::vector<std::int64_t> as_ints(const Value& v) {
  std::vector<std::int64_t> out;
  if (v.is_list())
    for (const Value& x : v.as_list()) out.push_back(x.as_int());
  return out;
}

bool is_prefix(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  return a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

std::vector<std::string> list_append_anomalies(const History& h) {
  std::vector<Txn> txns;
  for (const Operation& o : pair_operations(h)) {
    if (o.f != OpFunction::kTxn) continue;
    Txn t;
    t.index = txns.size();
    t.outcome = o.outcome;
    t.invoke = o.invoke_time.value_or(0);
    t.complete = o.complete_time.value_or(INT64_MAX);
    t.ops = o.txn;
    txns.push_back(std::move(t));
  }
  std::vector<std::string> out;
  auto name = [&](std::size_t i) { return "T" + std::to_string(i); };
  // Who appended each (key, value).
  std::map<std::pair<std::string, std::int64_t>, std::size_t> writer;
  for (const Txn& t : txns)
    for (const MicroOp& op : t.ops)
      if (op.f == "append") writer[{op.key, op.value.as_int()}] = t.index;

  std::map<std::string, std::vector<std::pair<std::size_t, std::vector<std::int64_t>>>> reads;  // key -> (txn, list)
  for (const Txn& t : txns) {
    if (t.outcome != Outcome::kOk) continue;
    for (const MicroOp& op : t.ops) {
      if (op.f != "r") continue;
      std::vector<std::int64_t> l = as_ints(op.value);
      std::set<std::int64_t> seen;
      for (std::int64_t v : l) {
        if (!seen.insert(v).second) out.push_back("duplicate: " + name(t.index) + " read " + op.key + " with " + std::to_string(v) + " twice");
        auto w = writer.find({op.key, v});
        if (w == writer.end()) {
          out.push_back("phantom: " + name(t.index) + " read " + std::to_string(v) + " in " + op.key);
        } else if (txns[w->second].outcome == Outcome::kFail) {
          out.push_back("aborted read: " + name(t.index) + " read " + std::to_string(v) + " in " + op.key +
                        ", appended by failed " + name(w->second));
        }
      }
      reads[op.key].emplace_back(t.index, std::move(l));
    }
  }
  for (const auto& [key, rs] : reads) {
    // Every read is a prefix of the longest one.
    const auto* longest = &rs.front().second;
    for (const auto& r : rs)
      if (r.second.size() > longest->size()) longest = &r.second;
    for (const auto& r : rs)
      if (!is_prefix(r.second, *longest))
        out.push_back("divergence: " + name(r.first) + "'s read of " + key + " is not a prefix of the longest read");
  }
  for (const Txn& r : txns) {
    if (r.outcome != Outcome::kOk) continue;
    // What r read, per key (the txn's last read of it).
    std::map<std::string, std::set<std::int64_t>> saw;
    for (const MicroOp& op : r.ops)
      if (op.f == "r") {
        const std::vector<std::int64_t> l = as_ints(op.value);
        saw[op.key] = std::set<std::int64_t>(l.begin(), l.end());
      }
    // Fractured: r saw some of a txn's appends among the keys it read, not all.
    std::map<std::size_t, std::pair<int, int>> seen_missed;  // writer -> (seen, missed)
    for (const Txn& w : txns) {
      if (w.index == r.index) continue;
      for (const MicroOp& op : w.ops) {
        if (op.f != "append") continue;
        auto s = saw.find(op.key);
        if (s == saw.end()) continue;
        auto& sm = seen_missed[w.index];
        (s->second.count(op.value.as_int()) ? sm.first : sm.second)++;
      }
    }
    for (const auto& [w, sm] : seen_missed)
      if (sm.first > 0 && sm.second > 0)
        out.push_back("fractured: " + name(r.index) + " saw some of " + name(w) + "'s appends but not all");
    // Lost commit: an ok append that completed before r began must be seen.
    for (const Txn& w : txns) {
      if (w.outcome != Outcome::kOk || w.complete >= r.invoke) continue;
      for (const MicroOp& op : w.ops) {
        if (op.f != "append") continue;
        auto s = saw.find(op.key);
        if (s != saw.end() && !s->second.count(op.value.as_int()))
          out.push_back("lost commit: " + name(r.index) + " read " + op.key + " without " +
                        std::to_string(op.value.as_int()) + " from " + name(w.index) + ", committed before it began");
      }
    }
  }
  return out;
}

}  // namespace cachesim::twopc_test
