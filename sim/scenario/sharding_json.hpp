// The scenario sections of the sharded cache: cluster.ring, cluster.twopc
// and the transaction workload, read strictly and written back.
//
//   "cluster": {"protocol": "sharded", "nodes": 9,
//               "ring": {"vnodes": 16, "replicas": 3},
//               "twopc": {"mode": "replicated", "vote_timeout": "500ms", "decision_timeout": "1s"}}
//   "transactions": {"clients": 4, "keys": 8, "ops": {"min": 1, "max": 4}, "read_percent": 50,
//                    "multi_group_percent": 50, "think": {...}, "timeout": "1s", "retries": 2,
//                    "max_txns": 0}
//
// The single-group protocol "cache" has no ring and runs no transactions:
// the loader refuses these sections there rather than ignore them.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace cachesim {

// The protocol whose clusters are single Paxos groups without transactions.
inline constexpr std::string_view kSingleGroupProtocol = "cache";

void read_ring(const JsonReader& r, RingSpec& ring);
void read_twopc(const JsonReader& r, TwoPcSpec& twopc);
void read_transactions(const JsonReader& r, TxnWorkloadSpec& t);

nlohmann::json ring_to_json(const RingSpec& ring);
nlohmann::json twopc_to_json(const TwoPcSpec& twopc);
nlohmann::json transactions_to_json(const TxnWorkloadSpec& t);

}  // namespace cachesim
