// Elle's list-append inference (txn_infer.hpp).
#include "sim/check/txn_infer.hpp"

#include <algorithm>

namespace cachesim::txn {
namespace {

using K = TxnAnomalyKind;

bool failed(const Index& ix, std::uint32_t txn) { return ix.txns[txn].outcome == Outcome::kFail; }

std::string kv(const Index& ix, std::uint32_t key, const std::vector<Value>& list) {
  return ix.keys[key].name + "=" + list_text(list);
}

// The first valid read of `key` (history order) that contains position `pos`.
const Read* reader_of(const Index& ix, std::uint32_t key, std::size_t pos) {
  for (std::uint32_t r : ix.keys[key].reads)
    if (ix.reads[r].valid && ix.reads[r].list->size() > pos) return &ix.reads[r];
  return nullptr;
}

std::string ordinal(std::size_t n) {
  const std::size_t m = n % 100;
  const char* suffix = (m >= 11 && m <= 13) ? "th"
                       : n % 10 == 1          ? "st"
                       : n % 10 == 2          ? "nd"
                       : n % 10 == 3          ? "rd"
                                              : "th";
  return std::to_string(n) + suffix;
}

// Version orders: reads that disagree with the longest, then each position's writer.
void version_orders(Index& ix, Sink& sink, Budget& budget) {
  for (std::uint32_t k = 0; k < ix.keys.size(); ++k) {
    Key& key = ix.keys[k];
    if (key.longest == kNone) continue;
    const std::vector<Value>& order = ix.order(k);
    const Read& longest = ix.reads[key.longest];
    for (std::uint32_t r : key.reads) {
      if (budget.tick()) return;
      Read& rd = ix.reads[r];
      const std::vector<Value>& l = *rd.list;
      std::size_t i = 0;
      while (i < l.size() && l[i] == order[i]) ++i;
      if (i == l.size()) continue;
      rd.valid = false;
      if (!sink.count(K::kIncompatibleOrder)) continue;
      sink.add(K::kIncompatibleOrder, {rd.txn, longest.txn}, {k},
               tid(ix, rd.txn) + " read " + kv(ix, k, l) + " and " + tid(ix, longest.txn) + " read " +
                   kv(ix, k, order) + ": the first is not a prefix of the second (their " + ordinal(i + 1) +
                   " elements differ: " + l[i].to_json() + " vs " + order[i].to_json() +
                   "), so no single order of appends to " + key.name + " explains both (incompatible order).");
    }
    key.writer.assign(order.size(), kNone);
    for (std::size_t p = 0; p < order.size(); ++p) {
      if (budget.tick()) return;
      const std::uint32_t a = ix.find_append(k, order[p]);
      if (a == kNone) {
        if (!sink.count(K::kGarbageRead)) continue;
        const Read* r = reader_of(ix, k, p);
        sink.add(K::kGarbageRead, {r->txn}, {k},
                 tid(ix, r->txn) + " read " + kv(ix, k, *r->list) + ", but no transaction ever appended " +
                     order[p].to_json() + " to " + key.name + " (garbage read).");
        continue;
      }
      Append& ap = ix.appends[a];
      if (ap.pos != kNone) {
        if (!sink.count(K::kDuplicateElement)) continue;
        const Read* r = reader_of(ix, k, p);
        sink.add(K::kDuplicateElement, {r->txn, ap.txn}, {k},
                 tid(ix, r->txn) + " read " + kv(ix, k, *r->list) + ", in which " + order[p].to_json() +
                     " appears more than once (at the " + ordinal(ap.pos + 1) + " and " + ordinal(p + 1) +
                     " places), although " + tid(ix, ap.txn) + " appended it once (duplicate element).");
        continue;
      }
      ap.pos = static_cast<std::uint32_t>(p);
      key.writer[p] = a;
    }
  }
}

void mark_committed(Index& ix) {
  for (TxnNode& t : ix.txns) t.committed = t.outcome == Outcome::kOk;
  for (const Append& a : ix.appends)
    if (a.pos != kNone && ix.txns[a.txn].outcome == Outcome::kInfo) ix.txns[a.txn].committed = true;
}

void aborted_reads(const Index& ix, Sink& sink) {
  for (const Append& a : ix.appends) {
    if (a.pos == kNone || !failed(ix, a.txn) || !sink.count(K::kG1a)) continue;
    const Read* r = reader_of(ix, a.key, a.pos);
    sink.add(K::kG1a, {r->txn, a.txn}, {a.key},
             tid(ix, r->txn) + " read " + kv(ix, a.key, *r->list) + ", which includes " + ix.element(a).to_json() +
                 ", appended by " + tid(ix, a.txn) +
                 ", which failed: a committed transaction saw a write of an aborted one (aborted read, G1a).");
  }
}

// A txn's reads against its own earlier reads and appends.
void internal_consistency(const Index& ix, Sink& sink, Budget& budget) {
  struct KeyState {
    const std::vector<Value>* last = nullptr;  // its latest read of the key
    std::vector<const Value*> own;             // its appends since
  };
  std::vector<std::uint32_t> stamp(ix.keys.size(), kNone), slot(ix.keys.size(), 0);
  std::vector<KeyState> states;
  for (std::uint32_t t = 0; t < ix.txns.size(); ++t) {
    if (ix.txns[t].outcome != Outcome::kOk) continue;
    if (budget.tick()) return;
    states.clear();
    const Operation& op = ix.op(t);
    for (std::size_t j = 0; j < op.txn.size(); ++j) {
      const MicroOp& m = op.txn[j];
      const std::uint32_t key = ix.mop_key[ix.txns[t].first_mop + j];
      if (stamp[key] != t) {
        stamp[key] = t;
        slot[key] = static_cast<std::uint32_t>(states.size());
        states.emplace_back();
      }
      KeyState& s = states[slot[key]];
      if (m.f == "append") {
        s.own.push_back(&m.value);
        continue;
      }
      const std::vector<Value>& r = m.value.is_list() ? m.value.as_list() : kNoElements;
      std::vector<Value> expected;
      if (s.last) expected = *s.last;
      for (const Value* v : s.own) expected.push_back(*v);
      bool good;
      if (s.last) {
        good = r == expected;
      } else {
        good = r.size() >= expected.size() &&
               std::equal(expected.begin(), expected.end(), r.end() - static_cast<std::ptrdiff_t>(expected.size()));
      }
      if (!good && sink.count(K::kInternal)) {
        std::string why = tid(ix, t) + " read " + kv(ix, key, r) + ", but ";
        std::vector<Value> own;
        for (const Value* v : s.own) own.push_back(*v);
        if (s.last)
          why += "it had read " + kv(ix, key, *s.last) +
                 (own.empty() ? "" : " and appended " + list_text(own) + " since") +
                 ", so this read should have returned " + list_text(expected);
        else
          why += "it had appended " + list_text(expected) + " to " + ix.keys[key].name +
                 " before, and the read does not end with them";
        sink.add(K::kInternal, {t}, {key}, why + " (internal inconsistency).");
      }
      s.last = &r;
      s.own.clear();
    }
    // An external read that contains the txn's own later append.
    const Range reads = ix.reads_of(t), appends = ix.appends_of(t);
    for (std::uint32_t i = reads.begin; i < reads.end; ++i) {
      const Read& rd = ix.reads[i];
      if (!rd.external || !rd.valid) continue;
      for (std::uint32_t a = appends.begin; a < appends.end; ++a) {
        const Append& ap = ix.appends[a];
        if (ap.key != rd.key || ap.pos == kNone || ap.pos >= rd.list->size() || !sink.count(K::kInternal)) continue;
        sink.add(K::kInternal, {t}, {rd.key},
                 tid(ix, t) + " read " + kv(ix, rd.key, *rd.list) + " before it appended " + ix.element(ap).to_json() +
                     " to " + ix.keys[rd.key].name + " itself: it saw its own future write (internal inconsistency).");
        break;
      }
    }
  }
}

void intermediate_reads(const Index& ix, Sink& sink) {
  for (const Read& rd : ix.reads) {
    if (!rd.external || !rd.valid || rd.list->empty()) continue;
    const std::uint32_t a = ix.keys[rd.key].writer[rd.list->size() - 1];
    if (a == kNone) continue;
    const Append& ap = ix.appends[a];
    if (ap.final || ap.txn == rd.txn || failed(ix, ap.txn) || !sink.count(K::kG1b)) continue;
    std::string later;
    const Range r = ix.appends_of(ap.txn);
    for (std::uint32_t b = r.begin; b < r.end; ++b)
      if (ix.appends[b].key == rd.key && ix.appends[b].final) later = ix.element(ix.appends[b]).to_json();
    sink.add(K::kG1b, {rd.txn, ap.txn}, {rd.key},
             tid(ix, rd.txn) + " read " + kv(ix, rd.key, *rd.list) + ", which ends with " + ix.element(ap).to_json() +
                 ", an intermediate append of " + tid(ix, ap.txn) + ": " + tid(ix, ap.txn) + " went on to append " +
                 later + " to " + ix.keys[rd.key].name + " (intermediate read, G1b).");
  }
}

// T2 saw some of T1's appends through one key but none through another.
void fractured_reads(const Index& ix, Sink& sink, Budget& budget) {
  std::vector<std::uint32_t> seen(ix.txns.size(), kNone);
  std::vector<const Read*> ext;
  for (std::uint32_t t2 = 0; t2 < ix.txns.size(); ++t2) {
    if (budget.tick()) return;
    ext.clear();
    const Range reads = ix.reads_of(t2);
    for (std::uint32_t i = reads.begin; i < reads.end; ++i)
      if (ix.reads[i].external && ix.reads[i].valid) ext.push_back(&ix.reads[i]);
    if (ext.size() < 2) continue;
    for (const Read* x : ext) {
      const std::vector<std::uint32_t>& w = ix.keys[x->key].writer;
      for (std::size_t p = 0; p < x->list->size(); ++p) {
        if (w[p] == kNone) continue;
        const std::uint32_t t1 = ix.appends[w[p]].txn;
        if (t1 == t2 || seen[t1] == t2 || failed(ix, t1)) continue;
        seen[t1] = t2;
        const Range apps = ix.appends_of(t1);
        for (const Read* y : ext) {
          if (y == x) continue;
          bool wrote = false, saw = false;
          for (std::uint32_t b = apps.begin; b < apps.end; ++b) {
            const Append& ap = ix.appends[b];
            if (ap.key != y->key) continue;
            wrote = true;
            saw |= ap.pos != kNone && ap.pos < y->list->size();
          }
          if (!wrote || saw) continue;
          if (sink.count(K::kFracturedRead)) {
            std::string missed;
            for (std::uint32_t b = apps.begin; b < apps.end; ++b)
              if (ix.appends[b].key == y->key)
                missed += (missed.empty() ? "" : ", ") + ix.element(ix.appends[b]).to_json();
            sink.add(K::kFracturedRead, {t2, t1}, {x->key, y->key},
                     tid(ix, t2) + " read " + kv(ix, x->key, *x->list) + ", which includes " + tid(ix, t1) +
                         "'s append " + ix.order(x->key)[p].to_json() + ", but also read " + kv(ix, y->key, *y->list) +
                         ", which misses " + tid(ix, t1) + "'s append " + missed + " to " + ix.keys[y->key].name +
                         ": it saw " + tid(ix, t1) + " only in part (fractured read, an atomicity violation).");
          }
          break;
        }
      }
    }
  }
}

void data_edges(const Index& ix, std::vector<DepEdge>& edges, Budget& budget) {
  const auto committed = [&](std::uint32_t a) { return a != kNone && ix.txns[ix.appends[a].txn].committed; };
  for (std::uint32_t k = 0; k < ix.keys.size(); ++k) {
    std::uint32_t prev = kNone;
    for (std::uint32_t a : ix.keys[k].writer) {
      if (!committed(a)) continue;
      const std::uint32_t t = ix.appends[a].txn;
      if (prev != kNone && prev != t) edges.push_back({prev, t, k, DepKind::kWW});
      prev = t;
    }
  }
  // A committed append that no read saw came after every version read (lists
  // only grow): after the last observed committed writer, and after every
  // read of the whole version order.
  std::vector<std::vector<std::uint32_t>> unseen(ix.keys.size());
  for (const Append& a : ix.appends)
    if (a.pos == kNone && ix.txns[a.txn].committed &&
        (unseen[a.key].empty() || unseen[a.key].back() != a.txn))
      unseen[a.key].push_back(a.txn);
  for (std::uint32_t k = 0; k < ix.keys.size(); ++k) {
    const std::vector<std::uint32_t>& w = ix.keys[k].writer;
    std::size_t p = w.size();
    while (p > 0 && !committed(w[p - 1])) --p;
    if (p == 0) continue;
    const std::uint32_t last = ix.appends[w[p - 1]].txn;
    for (std::uint32_t t : unseen[k])
      if (t != last) edges.push_back({last, t, k, DepKind::kWW});
  }
  for (const Read& rd : ix.reads) {
    if (budget.tick()) return;
    if (!rd.external || !rd.valid) continue;
    const std::vector<std::uint32_t>& w = ix.keys[rd.key].writer;
    const std::size_t len = rd.list->size();
    if (len == w.size())
      for (std::uint32_t t : unseen[rd.key])
        if (t != rd.txn) edges.push_back({rd.txn, t, rd.key, DepKind::kRW});
    if (len > 0 && committed(w[len - 1]) && ix.appends[w[len - 1]].txn != rd.txn)
      edges.push_back({ix.appends[w[len - 1]].txn, rd.txn, rd.key, DepKind::kWR});
    std::size_t p = len;
    while (p < w.size() && !committed(w[p])) ++p;
    if (p < w.size() && ix.appends[w[p]].txn != rd.txn)
      edges.push_back({rd.txn, ix.appends[w[p]].txn, rd.key, DepKind::kRW});
  }
}

// Real-time order among committed txns, transitively reduced: T1 -> T2 when
// T1 completed ok before T2's invoke and no committed T3 fits in between.
void realtime_edges(const Index& ix, std::vector<DepEdge>& edges, Budget& budget) {
  struct Ev {
    std::size_t event;
    std::uint32_t txn;
    bool complete;
  };
  std::vector<Ev> evs;
  for (std::uint32_t t = 0; t < ix.txns.size(); ++t) {
    if (!ix.txns[t].committed) continue;
    const Operation& op = ix.op(t);
    evs.push_back({op.invoke_event, t, false});
    if (ix.txns[t].outcome == Outcome::kOk) evs.push_back({op.complete_event, t, true});
  }
  std::sort(evs.begin(), evs.end(), [](const Ev& a, const Ev& b) { return a.event < b.event; });
  std::size_t completions = 0;
  std::vector<std::uint32_t> frontier;  // completed, and no committed txn invoked since it completed has completed
  for (const Ev& e : evs) {
    if (budget.tick()) return;
    if (!e.complete) {
      for (std::uint32_t f : frontier) edges.push_back({f, e.txn, kNone, DepKind::kRT});
      continue;
    }
    const std::size_t invoked = ix.op(e.txn).invoke_event;
    std::erase_if(frontier, [&](std::uint32_t f) { return ix.op(f).complete_event < invoked; });
    frontier.push_back(e.txn);
    if ((++completions & 0xFFFF) == 0 && budget.memory(ix.bytes() + edges.capacity() * sizeof(DepEdge))) return;
  }
}

}  // namespace

std::vector<DepEdge> infer(Index& ix, Sink& sink, bool realtime, Budget& budget) {
  std::vector<DepEdge> edges;
  version_orders(ix, sink, budget);
  mark_committed(ix);
  if (budget.spent()) return edges;
  aborted_reads(ix, sink);
  internal_consistency(ix, sink, budget);
  intermediate_reads(ix, sink);
  fractured_reads(ix, sink, budget);
  if (budget.spent()) return edges;
  data_edges(ix, edges, budget);
  if (realtime && !budget.spent()) realtime_edges(ix, edges, budget);
  budget.memory(ix.bytes() + edges.capacity() * sizeof(DepEdge));
  return edges;
}

}  // namespace cachesim::txn
