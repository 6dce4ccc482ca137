// Pictures of why a check failed, from the witnesses summary.json carries.
//
// Linearizability: the check object's "witness" is the checker's JSON
// (sim/check/linearizability.hpp render_json): per illegal key, the first
// operation that cannot be linearized, the values the register could hold
// just before, and a minimal window of operations. lin_timeline_svg() draws
// that window Porcupine-style: one lane per process, a bar from invocation
// to completion labelled with the value read or written, the failing
// operation outlined in red, and the states the register could hold.
//
// Transactions: a check object (or its "witness") with "anomalies": each
// with kind, keys, explanation, transactions and a "cycle" of edges
// {from, to, edge: ww|wr|rw|rt, key, why}. txn_cycle_svg() draws the cycle
// with each edge labelled and explained below; txn_cycle_dot() writes the
// same cycles for Graphviz.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cachesim::reports {

// The illegal keys' results (objects with "key" and "witness"), in order.
std::vector<nlohmann::json> lin_witness_keys(const nlohmann::json& summary);
std::string lin_timeline_svg(const nlohmann::json& key_result);

// Every anomaly of every transaction check, in order.
std::vector<nlohmann::json> txn_anomalies(const nlohmann::json& summary);
std::string txn_cycle_svg(const nlohmann::json& anomaly, std::size_t index);
std::string txn_cycle_dot(const std::vector<nlohmann::json>& anomalies);

// The simulated-time span [first invoke, last completion] of the first
// failure's witness, if any (the default window of the Lamport diagram).
bool first_failure_window(const nlohmann::json& summary, std::int64_t& from, std::int64_t& to);

}  // namespace cachesim::reports
