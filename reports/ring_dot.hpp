// ring.dot: the consistent-hashing ring for Graphviz (`circo`-style layout
// through `dot -Kcirco`, or plain `dot -Tsvg`): the servers and their
// virtual-node arcs, in token order around the circle, coloured by owner,
// with each server's key and operation load when summary.json has them.
//
// Input: summary.json's "ring" object. Used fields (each optional):
// "nodes" (names), "points" ([token, node] pairs or {"token","node"}
// objects, node an index into "nodes" or a name), "keys_per_node",
// "ops_per_node". At most kMaxRingPoints arcs are drawn (the label says how
// many were left out). Returns "" when there is no ring in this run.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace cachesim::reports {

constexpr std::size_t kMaxRingPoints = 256;

std::string ring_dot(const nlohmann::json& ring);

}  // namespace cachesim::reports
