// The list-append history generator (txn_history_gen.hpp).
#include "sim/check/txn_history_gen.hpp"

#include <algorithm>
#include <map>

#include "sim/core/check.hpp"

namespace cachesim {
namespace {

enum class Plan : std::uint8_t { kOk, kFail, kInfoCommits, kInfoLost };

struct GenTxn {
  std::int64_t process = 0;
  Time invoke = 0, commit = 0, complete = 0;
  Plan plan = Plan::kOk;
  std::vector<MicroOp> ops;    // executed against the shared state
  std::vector<MicroOp> extra;  // injected on fresh keys, results forged
  std::size_t op_index = 0;    // in invoke order, once the events are sorted
};

MicroOp append(const std::string& key, std::int64_t v) { return {"append", key, Value::integer(v)}; }
MicroOp read(const std::string& key, std::vector<std::int64_t> list) {
  std::vector<Value> l;
  for (std::int64_t v : list) l.push_back(Value::integer(v));
  return {"r", key, Value::list(std::move(l))};
}

std::string key_name(std::int64_t id) { return "x" + std::to_string(id); }

// Clients run back to back; returns the transactions in invoke order.
std::vector<GenTxn> schedule(const TxnWorkload& w, Rng& rng) {
  CACHESIM_CHECK(w.clients > 0 && w.max_ops > 0 && w.active_keys > 0 && w.rotation > 0, "TxnWorkload: bad shape");
  CACHESIM_CHECK(w.min_latency >= 1 && w.max_latency >= w.min_latency, "TxnWorkload: bad latency range");
  CACHESIM_CHECK(std::uint64_t{w.reads} + w.appends > 0, "TxnWorkload: empty micro-op mix");
  std::vector<Time> free_at(static_cast<std::size_t>(w.clients), 0);
  std::vector<std::int64_t> process(static_cast<std::size_t>(w.clients));
  for (int c = 0; c < w.clients; ++c) process[static_cast<std::size_t>(c)] = c;
  std::map<std::int64_t, std::int64_t> next_value;
  std::vector<GenTxn> txns;
  txns.reserve(w.txns);
  for (std::size_t s = 0; s < w.txns; ++s) {
    // The client free first (lowest id on ties) invokes next.
    std::size_t c = 0;
    for (std::size_t i = 1; i < free_at.size(); ++i)
      if (free_at[i] < free_at[c]) c = i;
    GenTxn t;
    t.process = process[c];
    t.invoke = free_at[c] + rng.uniform(0, w.max_think);
    t.commit = t.invoke + rng.uniform(w.min_latency, w.max_latency);
    t.complete = t.commit + rng.uniform(w.min_latency, w.max_latency);
    free_at[c] = t.complete;
    if (rng.chance(w.fail)) t.plan = Plan::kFail;
    else if (rng.chance(w.info)) t.plan = rng.below(2) ? Plan::kInfoCommits : Plan::kInfoLost;
    if (t.plan == Plan::kInfoCommits || t.plan == Plan::kInfoLost) process[c] += w.clients;
    const auto base = static_cast<std::int64_t>(s / static_cast<std::size_t>(w.rotation));
    const auto n = rng.uniform(1, w.max_ops);
    for (std::int64_t i = 0; i < n; ++i) {
      const std::int64_t key = base + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(w.active_keys)));
      if (rng.below(std::uint64_t{w.reads} + w.appends) < w.reads) t.ops.push_back({"r", key_name(key), Value::null()});
      else t.ops.push_back(append(key_name(key), ++next_value[key]));
    }
    txns.push_back(std::move(t));
  }
  return txns;
}

// The transactions that take effect, one at a time in commit order.
void execute(std::vector<GenTxn>& txns, const std::vector<std::size_t>& by_commit) {
  std::map<std::string, std::vector<Value>> state;
  for (std::size_t i : by_commit) {
    GenTxn& t = txns[i];
    if (t.plan == Plan::kFail || t.plan == Plan::kInfoLost) continue;
    for (MicroOp& m : t.ops) {
      std::vector<Value>& list = state[m.key];
      if (m.f == "append") list.push_back(m.value);
      else m.value = Value::list(list);
    }
  }
}

// Adds the injected micro-ops (see the header); returns false when the
// history has no room for it.
bool inject(TxnInjection kind, std::vector<GenTxn>& txns, const std::vector<std::size_t>& by_commit,
            std::int64_t fresh_key, GeneratedTxnHistory& out, std::vector<std::size_t>& roles) {
  std::vector<std::size_t> ok;  // ok transactions from the middle of the commit order on
  for (std::size_t r = by_commit.size() / 2; r < by_commit.size(); ++r)
    if (txns[by_commit[r]].plan == Plan::kOk) ok.push_back(by_commit[r]);
  const std::string x = key_name(fresh_key), y = key_name(fresh_key + 1);
  if (kind == TxnInjection::kStaleRead) {
    if (ok.empty()) return false;
    const std::size_t t1 = ok[0];
    std::size_t t2 = txns.size();
    for (std::size_t i : ok)
      if (txns[i].invoke > txns[t1].complete) {
        t2 = i;
        break;
      }
    if (t2 == txns.size()) return false;
    txns[t1].extra = {append(x, 1)};
    txns[t2].ops.clear();
    txns[t2].extra = {read(x, {})};
    roles = {t1, t2};
    out.keys = {x};
    return true;
  }
  if (ok.size() < 3) return false;
  const std::size_t t1 = ok[0], t2 = ok[1], t3 = ok[2];
  GenTxn &a = txns[t1], &b = txns[t2], &c = txns[t3];
  a.ops.clear();
  b.ops.clear();
  roles = {t1, t2, t3};
  out.keys = {x};
  switch (kind) {
    case TxnInjection::kG0:
      a.extra = {append(x, 1), append(y, 1)};
      b.extra = {append(x, 2), append(y, 2)};
      c.extra = {read(x, {1, 2}), read(y, {2, 1})};
      out.keys = {x, y};
      break;
    case TxnInjection::kG1a:
      a.plan = Plan::kFail;
      a.extra = {append(x, 1)};
      c.extra = {read(x, {1})};
      roles = {t1, t3};
      break;
    case TxnInjection::kG1b:
      a.extra = {append(x, 1), append(x, 2)};
      b.extra = {read(x, {1})};
      c.extra = {read(x, {1, 2})};
      break;
    case TxnInjection::kG1c:
      a.extra = {append(x, 1), read(y, {1})};
      b.extra = {append(y, 1), read(x, {1})};
      roles = {t1, t2};
      out.keys = {x, y};
      break;
    case TxnInjection::kGSingle:
      a.extra = {read(x, {}), append(x, 1)};
      b.extra = {read(x, {}), append(x, 2)};
      c.extra = {read(x, {1, 2})};
      break;
    case TxnInjection::kG2:
      a.extra = {read(x, {}), read(y, {}), append(x, 1)};
      b.extra = {read(x, {}), read(y, {}), append(y, 1)};
      c.extra = {read(x, {1}), read(y, {1})};
      out.keys = {x, y};
      break;
    case TxnInjection::kFracturedRead:
      a.extra = {append(x, 1), append(y, 1)};
      b.extra = {read(x, {1}), read(y, {})};
      c.extra = {read(y, {1})};
      out.keys = {x, y};
      break;
    case TxnInjection::kIncompatibleOrder:
      a.extra = {append(x, 1)};
      b.extra = {append(x, 2), read(x, {2})};
      c.extra = {read(x, {1, 2})};
      break;
    case TxnInjection::kDuplicateElement:
      a.extra = {append(x, 1)};
      c.extra = {read(x, {1, 1})};
      roles = {t1, t3};
      break;
    case TxnInjection::kGarbageRead:
      a.extra = {append(x, 1)};
      c.extra = {read(x, {1, 2})};
      roles = {t1, t3};
      break;
    case TxnInjection::kInternal:
      a.extra = {append(x, 1), read(x, {})};
      roles = {t1};
      break;
    case TxnInjection::kNone:
    case TxnInjection::kStaleRead: return false;
  }
  return true;
}

Event event(const GenTxn& t, EventType type, Time time, bool with_reads) {
  Event e;
  e.process = t.process;
  e.type = type;
  e.f = OpFunction::kTxn;
  e.time = time;
  for (const std::vector<MicroOp>* list : {&t.ops, &t.extra})
    for (const MicroOp& m : *list) {
      e.txn.push_back(m);
      if (m.f == "r" && !with_reads) e.txn.back().value = Value::null();
    }
  return e;
}

}  // namespace

std::string_view to_string(TxnInjection i) {
  switch (i) {
    case TxnInjection::kNone: return "none";
    case TxnInjection::kG0: return "G0";
    case TxnInjection::kG1a: return "G1a";
    case TxnInjection::kG1b: return "G1b";
    case TxnInjection::kG1c: return "G1c";
    case TxnInjection::kGSingle: return "G-single";
    case TxnInjection::kG2: return "G2";
    case TxnInjection::kFracturedRead: return "fractured-read";
    case TxnInjection::kIncompatibleOrder: return "incompatible-order";
    case TxnInjection::kDuplicateElement: return "duplicate-element";
    case TxnInjection::kGarbageRead: return "garbage-read";
    case TxnInjection::kInternal: return "internal";
    case TxnInjection::kStaleRead: return "stale-read";
  }
  return "?";
}

GeneratedTxnHistory generate_txn_history(const TxnWorkload& w) {
  Rng rng = Rng::stream(w.seed, "history_gen.txn");
  GeneratedTxnHistory out;
  std::vector<GenTxn> txns = schedule(w, rng);
  std::vector<std::size_t> by_commit(txns.size());
  for (std::size_t i = 0; i < txns.size(); ++i) by_commit[i] = i;
  std::stable_sort(by_commit.begin(), by_commit.end(),
                   [&](std::size_t a, std::size_t b) { return txns[a].commit < txns[b].commit; });
  std::vector<std::size_t> roles;
  const auto fresh_key = static_cast<std::int64_t>(w.txns / static_cast<std::size_t>(w.rotation)) + w.active_keys;
  if (w.inject != TxnInjection::kNone && inject(w.inject, txns, by_commit, fresh_key, out, roles))
    out.injected = w.inject;
  else
    out.keys.clear();
  execute(txns, by_commit);

  struct At {
    Time time;
    std::size_t txn;
    bool complete;
  };
  std::vector<At> order;
  order.reserve(2 * txns.size());
  for (std::size_t i = 0; i < txns.size(); ++i) {
    order.push_back({txns[i].invoke, i, false});
    order.push_back({txns[i].complete, i, true});
  }
  std::sort(order.begin(), order.end(), [](const At& a, const At& b) {
    if (a.time != b.time) return a.time < b.time;
    return a.txn < b.txn;  // an earlier transaction of the same client completes before the next invokes
  });
  std::size_t invokes = 0;
  for (const At& at : order) {
    GenTxn& t = txns[at.txn];
    Event e;
    if (!at.complete) {
      t.op_index = invokes++;
      e = event(t, EventType::kInvoke, at.time, false);
    } else {
      const EventType type = t.plan == Plan::kOk     ? EventType::kOk
                             : t.plan == Plan::kFail ? EventType::kFail
                                                     : EventType::kInfo;
      e = event(t, type, at.time, type == EventType::kOk);
    }
    e.line = out.history.events.size() + 1;
    out.history.events.push_back(std::move(e));
  }
  for (std::size_t r : roles) out.txns.push_back(txns[r].op_index);
  return out;
}

}  // namespace cachesim
