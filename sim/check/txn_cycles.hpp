// Cycles in the transaction dependency graph (txn_check.hpp states the
// rules). Internal to sim/check.
//
// Contract:
// - build_graph() sorts the edges by (from, to, kind), drops repeats of the
//   same (from, to, kind), and lays them out by source node. Because kinds
//   sort ww < wr < rt < rw, a search that may use several kinds between the
//   same two nodes takes the most specific one.
// - find_cycles() reports, into the sink, one cycle per strongly connected
//   component: the non-realtime pass first, then (when realtime) the pass
//   with rt edges, skipping components that contain a node of a cycle
//   reported by the first pass. Per component it tries G0, G1c, G-single,
//   G2 in turn (with rt edges allowed in the second pass) and keeps a
//   shortest cycle of the first class that has one; each BFS series is
//   bounded in work (edge visits), so in huge components the cycle may be
//   neither the shortest nor of the most specific class; the class reported
//   is always the one of the cycle shown (counted from its edges). The cycle
//   starts at its transaction with the smallest index.
// - Stops promptly when the budget is spent.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/check/txn_budget.hpp"
#include "sim/check/txn_explain.hpp"
#include "sim/check/txn_infer.hpp"

namespace cachesim::txn {

struct Graph {
  std::vector<std::uint32_t> offset;  // node count + 1
  std::vector<DepEdge> out;           // by source node
  std::size_t bytes() const { return offset.capacity() * 4 + out.capacity() * sizeof(DepEdge); }
};

Graph build_graph(std::size_t nodes, std::vector<DepEdge> edges);

void find_cycles(const Index& ix, const Graph& g, bool realtime, Sink& sink, Budget& budget);

}  // namespace cachesim::txn
