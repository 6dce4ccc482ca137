// Cycles in the transaction dependency graph (txn_cycles.hpp): Tarjan's
// strongly connected components, then breadth-first searches for a shortest
// cycle of the most specific class inside each component.
#include "sim/check/txn_cycles.hpp"

#include <algorithm>
#include <optional>

namespace cachesim::txn {
namespace {

using Mask = std::uint8_t;
constexpr Mask bit(DepKind k) { return static_cast<Mask>(1U << static_cast<unsigned>(k)); }
constexpr Mask kWW = bit(DepKind::kWW), kWR = bit(DepKind::kWR), kRT = bit(DepKind::kRT), kRW = bit(DepKind::kRW);

// Edge visits a series of searches may spend improving on a cycle it has,
// and may spend at most before it gives up on a class (G-single only: the
// other classes always succeed at once in a component that has them).
constexpr std::uint64_t kImproveWork = 4'000'000;
constexpr std::uint64_t kGiveUpWork = 16'000'000;

// Nodes belong to a region when mark[node] == tag; tags are never reused,
// so no mark array is ever cleared.
struct Region {
  const std::vector<std::uint32_t>* mark;
  std::uint32_t tag;
  bool has(std::uint32_t v) const { return (*mark)[v] == tag; }
};

class Searcher {
 public:
  Searcher(const Index& ix, const Graph& g, Sink& sink, Budget& budget)
      : ix_(ix), g_(g), sink_(sink), budget_(budget), n_(g.offset.size() - 1) {
    for (auto* v : {&outer_, &inner_, &index_, &low_, &visit_, &parent_}) v->assign(n_, 0);
    on_stack_.assign(n_, 0);
    reported_.assign(n_, 0);
  }

  void pass(bool realtime) {
    const Mask all = static_cast<Mask>(kWW | kWR | kRW | (realtime ? kRT : 0));
    std::vector<std::uint32_t> everyone(n_);
    for (std::uint32_t v = 0; v < n_; ++v) everyone[v] = v;
    const std::vector<std::uint32_t> whole(n_, 0);
    for (const std::vector<std::uint32_t>& comp : components(everyone, {&whole, 0}, all)) {
      if (budget_.spent()) return;
      bool skip = false;
      for (std::uint32_t v : comp) skip |= reported_[v] != 0;
      if (skip) continue;
      const std::uint32_t tag = ++tags_;
      for (std::uint32_t v : comp) outer_[v] = tag;
      std::optional<std::vector<std::uint32_t>> cycle = classify(comp, {&outer_, tag}, realtime);
      if (!cycle) continue;  // budget spent
      for (std::uint32_t v : comp) reported_[v] = 1;
      report(*cycle);
    }
  }

 private:
  // Strongly connected components (two nodes or more) of the region's nodes
  // through edges in `mask`, each sorted, ordered by their smallest node.
  std::vector<std::vector<std::uint32_t>> components(const std::vector<std::uint32_t>& nodes, Region region,
                                                   Mask mask) {
    std::vector<std::vector<std::uint32_t>> out;
    const std::uint32_t epoch = ++epochs_;
    std::uint32_t counter = 0;
    struct Frame {
      std::uint32_t v, cursor;
    };
    std::vector<Frame> frames;
    std::vector<std::uint32_t> stack;
    auto enter = [&](std::uint32_t v) {
      visit_[v] = epoch;
      index_[v] = low_[v] = counter++;
      stack.push_back(v);
      on_stack_[v] = 1;
      frames.push_back({v, g_.offset[v]});
    };
    for (std::uint32_t s : nodes) {
      if (visit_[s] == epoch) continue;
      enter(s);
      while (!frames.empty()) {
        if (budget_.tick()) return out;
        Frame& f = frames.back();
        const std::uint32_t v = f.v;
        if (f.cursor < g_.offset[v + 1]) {
          const DepEdge& e = g_.out[f.cursor++];
          if (!(mask & bit(e.kind)) || !region.has(e.to)) continue;
          if (visit_[e.to] != epoch) enter(e.to);
          else if (on_stack_[e.to]) low_[v] = std::min(low_[v], index_[e.to]);
          continue;
        }
        frames.pop_back();
        if (!frames.empty()) low_[frames.back().v] = std::min(low_[frames.back().v], low_[v]);
        if (low_[v] != index_[v]) continue;
        std::vector<std::uint32_t> comp;
        std::uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack_[w] = 0;
          comp.push_back(w);
        } while (w != v);
        if (comp.size() < 2) continue;
        std::sort(comp.begin(), comp.end());
        out.push_back(std::move(comp));
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // A shortest path (edge indices) from src to dst inside the region through
  // edges in `mask`; src == dst asks for a shortest cycle through src.
  std::optional<std::vector<std::uint32_t>> path(std::uint32_t src, std::uint32_t dst, Region region, Mask mask,
                                                 std::uint64_t& work) {
    const std::uint32_t epoch = ++epochs_;
    queue_.clear();
    queue_.push_back(src);
    visit_[src] = epoch;
    for (std::size_t head = 0; head < queue_.size(); ++head) {
      const std::uint32_t u = queue_[head];
      for (std::uint32_t i = g_.offset[u]; i < g_.offset[u + 1]; ++i) {
        ++work;
        if (budget_.tick()) return std::nullopt;
        const DepEdge& e = g_.out[i];
        if (!(mask & bit(e.kind)) || !region.has(e.to)) continue;
        if (e.to == dst) {
          std::vector<std::uint32_t> p{i};
          for (std::uint32_t x = u; x != src; x = g_.out[parent_[x]].from) p.push_back(parent_[x]);
          std::reverse(p.begin(), p.end());
          return p;
        }
        if (visit_[e.to] == epoch) continue;
        visit_[e.to] = epoch;
        parent_[e.to] = i;
        queue_.push_back(e.to);
      }
    }
    return std::nullopt;
  }

  static void keep_shorter(std::optional<std::vector<std::uint32_t>>& best, std::vector<std::uint32_t> c) {
    if (!best || c.size() < best->size()) best = std::move(c);
  }

  // A shortest cycle through edges in `mask` inside the region, if any.
  std::optional<std::vector<std::uint32_t>> shortest_cycle(const std::vector<std::uint32_t>& nodes, Region region,
                                                           Mask mask) {
    std::optional<std::vector<std::uint32_t>> best;
    std::uint64_t work = 0;
    for (const std::vector<std::uint32_t>& comp : components(nodes, region, mask)) {
      const std::uint32_t tag = ++tags_;
      for (std::uint32_t v : comp) inner_[v] = tag;
      for (std::uint32_t s : comp) {
        if ((best && (best->size() == 2 || work > kImproveWork)) || budget_.spent()) return best;
        if (auto c = path(s, s, {&inner_, tag}, mask, work)) keep_shorter(best, std::move(*c));
      }
    }
    return best;
  }

  // A shortest cycle made of one edge in `closing` (u -> v) and a path v -> u
  // through edges in `mask`, trying first the closing edges whose ends are
  // strongly connected through `mask` (they are certain to close a cycle).
  std::optional<std::vector<std::uint32_t>> closed_by(const std::vector<std::uint32_t>& nodes, Region region,
                                                      Mask closing, Mask mask) {
    const std::uint32_t none = ++tags_;  // a tag no node has
    for (const std::vector<std::uint32_t>& comp : components(nodes, region, mask)) {
      const std::uint32_t tag = ++tags_;
      for (std::uint32_t v : comp) inner_[v] = tag;
    }
    std::vector<std::uint32_t> certain, other;
    for (std::uint32_t u : nodes)
      for (std::uint32_t i = g_.offset[u]; i < g_.offset[u + 1]; ++i) {
        const DepEdge& e = g_.out[i];
        if (!(closing & bit(e.kind)) || !region.has(e.to)) continue;
        const bool together = inner_[u] > none && inner_[u] == inner_[e.to];
        (together ? certain : other).push_back(i);
      }
    std::optional<std::vector<std::uint32_t>> best;
    std::uint64_t work = 0;
    for (const std::vector<std::uint32_t>* list : {&certain, &other})
      for (std::uint32_t i : *list) {
        if (budget_.spent() || (best && (best->size() == 2 || work > kImproveWork)) || work > kGiveUpWork)
          return best;
        const DepEdge& e = g_.out[i];
        if (auto p = path(e.to, e.from, region, mask, work)) {
          std::vector<std::uint32_t> c{i};
          c.insert(c.end(), p->begin(), p->end());
          keep_shorter(best, std::move(c));
        }
      }
    return best;
  }

  std::optional<std::vector<std::uint32_t>> classify(const std::vector<std::uint32_t>& comp, Region region,
                                                     bool realtime) {
    const Mask rt = realtime ? kRT : 0;
    if (auto c = shortest_cycle(comp, region, static_cast<Mask>(kWW | rt))) return c;
    if (auto c = shortest_cycle(comp, region, static_cast<Mask>(kWW | kWR | rt))) return c;
    if (auto c = closed_by(comp, region, kRW, static_cast<Mask>(kWW | kWR | rt))) return c;
    return closed_by(comp, region, kRW, static_cast<Mask>(kWW | kWR | kRW | rt));
  }

  void report(std::vector<std::uint32_t> cycle) {
    // Start at the transaction with the smallest index.
    std::size_t start = 0;
    for (std::size_t i = 1; i < cycle.size(); ++i)
      if (g_.out[cycle[i]].from < g_.out[cycle[start]].from) start = i;
    std::rotate(cycle.begin(), cycle.begin() + static_cast<std::ptrdiff_t>(start), cycle.end());
    std::size_t rw = 0;
    bool wr = false, rt = false;
    for (std::uint32_t i : cycle) {
      rw += g_.out[i].kind == DepKind::kRW;
      wr |= g_.out[i].kind == DepKind::kWR;
      rt |= g_.out[i].kind == DepKind::kRT;
    }
    const TxnAnomalyKind kind = rw > 1    ? TxnAnomalyKind::kG2
                                : rw == 1 ? TxnAnomalyKind::kGSingle
                                : wr      ? TxnAnomalyKind::kG1c
                                          : TxnAnomalyKind::kG0;
    if (!sink_.count(kind)) return;
    std::vector<std::uint32_t> txns, keys;
    std::vector<CycleEdge> edges;
    for (std::uint32_t i : cycle) {
      const DepEdge& e = g_.out[i];
      txns.push_back(e.from);
      CycleEdge c;
      c.from = ix_.txns[e.from].op;
      c.to = ix_.txns[e.to].op;
      c.kind = e.kind;
      if (e.key != kNone) {
        c.key = ix_.keys[e.key].name;
        if (std::find(keys.begin(), keys.end(), e.key) == keys.end()) keys.push_back(e.key);
      }
      c.why = edge_why(ix_, e.from, e.to, e.kind, e.key);
      edges.push_back(std::move(c));
    }
    sink_.add(kind, txns, keys, cycle_summary(kind, rt), std::move(edges), rt);
  }

  const Index& ix_;
  const Graph& g_;
  Sink& sink_;
  Budget& budget_;
  std::size_t n_;
  std::vector<std::uint32_t> outer_, inner_, index_, low_, visit_, parent_, queue_;
  std::vector<std::uint8_t> on_stack_, reported_;
  std::uint32_t tags_ = 0, epochs_ = 0;
};

}  // namespace

Graph build_graph(std::size_t nodes, std::vector<DepEdge> edges) {
  std::sort(edges.begin(), edges.end(), [](const DepEdge& a, const DepEdge& b) {
    if (a.from != b.from) return a.from < b.from;
    if (a.to != b.to) return a.to < b.to;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.key < b.key;
  });
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [](const DepEdge& a, const DepEdge& b) {
                            return a.from == b.from && a.to == b.to && a.kind == b.kind;
                          }),
              edges.end());
  Graph g;
  g.offset.assign(nodes + 1, 0);
  for (const DepEdge& e : edges) ++g.offset[e.from + 1];
  for (std::size_t v = 0; v < nodes; ++v) g.offset[v + 1] += g.offset[v];
  g.out = std::move(edges);
  g.out.shrink_to_fit();
  return g;
}

void find_cycles(const Index& ix, const Graph& g, bool realtime, Sink& sink, Budget& budget) {
  Searcher s(ix, g, sink, budget);
  s.pass(false);
  if (realtime && !budget.spent()) s.pass(true);
}

}  // namespace cachesim::txn
