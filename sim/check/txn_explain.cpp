// Words for the transaction checker's findings (txn_explain.hpp).
#include "sim/check/txn_explain.hpp"

#include <algorithm>

namespace cachesim::txn {
namespace {

std::string at(const std::optional<Time>& t, std::uint64_t line) {
  return (t ? "at " + format_time(*t) + ", " : std::string()) + "line " + std::to_string(line);
}

// Positions of the ww edge from -> to on `key`, found the way inference made
// it: the last append of `from` before the next committed append of another
// txn, which is `to`'s.
bool ww_positions(const Index& ix, std::uint32_t from, std::uint32_t to, std::uint32_t key, std::size_t& pf,
                  std::size_t& pt) {
  const std::vector<std::uint32_t>& w = ix.keys[key].writer;
  std::uint32_t prev = kNone;
  std::size_t prev_pos = 0;
  for (std::size_t p = 0; p < w.size(); ++p) {
    if (w[p] == kNone) continue;
    const std::uint32_t t = ix.appends[w[p]].txn;
    if (!ix.txns[t].committed) continue;
    if (prev == from && t == to) {
      pf = prev_pos;
      pt = p;
      return true;
    }
    prev = t;
    prev_pos = p;
  }
  return false;
}

// The txn's appends to `key` that no read saw, as "7" or "7, 8".
std::string unseen_append(const Index& ix, std::uint32_t txn, std::uint32_t key) {
  std::string s;
  const Range r = ix.appends_of(txn);
  for (std::uint32_t a = r.begin; a < r.end; ++a)
    if (ix.appends[a].key == key && ix.appends[a].pos == kNone)
      s += (s.empty() ? "" : ", ") + ix.element(ix.appends[a]).to_json();
  return s;
}

}  // namespace

std::string tid(const Index& ix, std::uint32_t txn) { return "T" + std::to_string(ix.txns[txn].op + 1); }

std::string list_text(const std::vector<Value>& list) {
  constexpr std::size_t kHead = 3, kTail = 6;
  std::string s = "[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list.size() > kHead + kTail + 1 && i == kHead) {
      s += "...,";
      i = list.size() - kTail;
    }
    if (s.size() > 1 && s.back() != ',') s += ",";
    list[i].append_json(s);
  }
  return s + "]";
}

const Read* first_read(const Index& ix, std::uint32_t txn, std::uint32_t key) {
  const Range r = ix.reads_of(txn);
  for (std::uint32_t i = r.begin; i < r.end; ++i)
    if (ix.reads[i].key == key) return &ix.reads[i];
  return nullptr;
}

std::string edge_why(const Index& ix, std::uint32_t from, std::uint32_t to, DepKind kind, std::uint32_t key) {
  const std::string f = tid(ix, from), t = tid(ix, to);
  if (kind == DepKind::kRT) {
    const Operation& a = ix.op(from);
    const Operation& b = ix.op(to);
    return f + " completed (ok " + at(a.complete_time, a.complete_line) + ") before " + t + " was invoked (" +
           at(b.invoke_time, b.invoke_line) + ")";
  }
  const std::string& k = ix.keys[key].name;
  const std::vector<Value>& order = ix.order(key);
  if (kind == DepKind::kWW) {
    std::size_t pf = 0, pt = 0;
    if (!ww_positions(ix, from, to, key, pf, pt)) {
      const std::string unseen = unseen_append(ix, to, key);
      return t + " appended " + unseen + " to " + k + ", which no read saw, so after " + f +
             "'s append that ends the longest read " + k + "=" + list_text(order);
    }
    return t + " appended " + order[pt].to_json() + " to " + k + " after " + f + "'s append " + order[pf].to_json() +
           " (" + k + "=" + list_text(order) + " in its longest read)";
  }
  const std::uint32_t reader = kind == DepKind::kWR ? to : from;
  const Read* r = first_read(ix, reader, key);
  if (!r) return "(no read of " + k + " by " + tid(ix, reader) + ")";
  const std::string read = tid(ix, reader) + " read " + k + "=" + list_text(*r->list);
  if (kind == DepKind::kWR) {
    if (r->list->empty()) return read;
    return read + ", which ends with " + f + "'s append " + r->list->back().to_json();
  }
  // rw: the writer of the next element after what was read.
  const std::vector<std::uint32_t>& w = ix.keys[key].writer;
  for (std::size_t p = r->list->size(); p < w.size(); ++p) {
    if (w[p] == kNone || ix.appends[w[p]].txn != to) continue;
    const std::string next = order[p].to_json();
    if (r->list->empty()) return read + ", and " + t + " appended " + next + ", the first element of " + k;
    return read + ", and " + t + " appended " + next + ", the next element of " + k + " (" + k + "=" +
           list_text(order) + " in its longest read)";
  }
  return read + ", and " + t + " appended " + unseen_append(ix, to, key) + " to " + k +
         ", which no read saw, so after every version read";
}

std::string cycle_summary(TxnAnomalyKind kind, bool realtime) {
  std::string s;
  switch (kind) {
    case TxnAnomalyKind::kG0:
      s = "Write cycle (G0): these transactions' appends are ordered one way on one key and the other way on "
          "another, so no order of whole transactions gives these version orders; even read uncommitted forbids it.";
      break;
    case TxnAnomalyKind::kG1c:
      s = "Circular information flow (G1c): around this cycle each transaction overwrote or was read by the next, "
          "with no anti-dependency; read committed forbids it.";
      break;
    case TxnAnomalyKind::kGSingle:
      s = "Single anti-dependency cycle (G-single: read skew, lost update): exactly one rw edge: a transaction "
          "missed the effect of "
          "one that, through the other edges, precedes it; snapshot isolation and serializability forbid it.";
      break;
    default:
      s = "Anti-dependency cycle (G2): a cycle with two or more anti-dependencies (rw), as in write skew; "
          "serializability forbids it (snapshot isolation allows it).";
      break;
  }
  if (realtime)
    s += " The cycle needs real-time (rt) edges: the history is not strictly serializable, although these "
         "transactions might be serializable in some order that ignores real time.";
  return s;
}

void Sink::add(TxnAnomalyKind kind, const std::vector<std::uint32_t>& txns, const std::vector<std::uint32_t>& keys,
               std::string explanation, std::vector<CycleEdge> cycle, bool realtime) {
  TxnAnomaly a;
  a.kind = kind;
  a.realtime = realtime;
  for (std::uint32_t k : keys)
    if (std::find(a.keys.begin(), a.keys.end(), ix_.keys[k].name) == a.keys.end()) a.keys.push_back(ix_.keys[k].name);
  for (std::uint32_t t : txns) {
    bool seen = false;
    for (const TxnWitness& w : a.transactions) seen |= w.index == ix_.txns[t].op;
    if (!seen) a.transactions.push_back({ix_.txns[t].op, ix_.op(t)});
  }
  a.cycle = std::move(cycle);
  a.explanation = std::move(explanation);
  listed_.push_back(std::move(a));
}

}  // namespace cachesim::txn
