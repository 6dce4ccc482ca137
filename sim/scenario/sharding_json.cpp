#include "sim/scenario/sharding_json.hpp"

#include "sim/scenario/duration.hpp"
#include "sim/scenario/latency_json.hpp"
#include "sim/scenario/limits.hpp"

namespace cachesim {

void read_ring(const JsonReader& r, RingSpec& ring) {
  const JsonObject o = r.object("the ring object");
  o.allow({"vnodes", "replicas"}, "the ring settings");
  if (auto v = o.get("vnodes")) ring.vnodes = v->u32(1, kMaxVnodes);
  // Paxos acknowledgements are a 32-bit mask: a group has at most 32 members.
  if (auto v = o.get("replicas")) ring.replicas = v->u32(1, 32);
}

void read_twopc(const JsonReader& r, TwoPcSpec& twopc) {
  const JsonObject o = r.object("the twopc object");
  o.allow({"mode", "vote_timeout", "decision_timeout"}, "the two-phase commit settings");
  if (auto v = o.get("mode")) {
    twopc.mode = v->choice<twopc::CoordinatorMode>(
        {{"replicated", twopc::CoordinatorMode::replicated}, {"classic", twopc::CoordinatorMode::classic}});
  }
  if (auto v = o.get("vote_timeout")) twopc.vote_timeout = read_duration(*v, {1, kMaxProtocolTimer});
  if (auto v = o.get("decision_timeout")) twopc.decision_timeout = read_duration(*v, {1, kMaxProtocolTimer});
}

void read_transactions(const JsonReader& r, TxnWorkloadSpec& t) {
  const JsonObject o = r.object("the transactions object");
  o.allow({"clients", "keys", "max_writes_per_key", "ops", "read_percent", "multi_group_percent", "think", "timeout",
           "retries", "max_txns"},
          "the transaction workload");
  if (auto v = o.get("clients")) t.clients = v->u32(0, kMaxClients);
  if (auto v = o.get("keys")) t.keys = v->u32(1, kMaxKeys);
  if (auto v = o.get("max_writes_per_key")) t.max_writes_per_key = v->unsigned_integer(0, kMaxOps);
  if (auto v = o.get("ops")) {
    const JsonObject ops = v->object("an object {\"min\": ..., \"max\": ...} of micro-ops per transaction");
    ops.allow({"min", "max"}, "the micro-op count");
    if (auto x = ops.get("min")) t.min_ops = x->u32(1, kMaxTxnOps);
    if (auto x = ops.get("max")) t.max_ops = x->u32(1, kMaxTxnOps);
    if (t.min_ops > t.max_ops) {
      v->fail("min <= max", "min " + std::to_string(t.min_ops) + ", max " + std::to_string(t.max_ops));
    }
  }
  if (auto v = o.get("read_percent")) t.read_percent = v->u32(0, 100);
  if (auto v = o.get("multi_group_percent")) t.multi_group_percent = v->u32(0, 100);
  if (auto v = o.get("think")) t.think = read_latency(*v);
  if (auto v = o.get("timeout")) t.timeout = read_duration(*v, {1, kMaxClientTimeout});
  if (auto v = o.get("retries")) t.retries = v->u32(0, kMaxRetries);
  if (auto v = o.get("max_txns")) t.max_txns = v->unsigned_integer(0, kMaxOps);
}

nlohmann::json ring_to_json(const RingSpec& ring) {
  return nlohmann::json{{"vnodes", ring.vnodes}, {"replicas", ring.replicas}};
}

nlohmann::json twopc_to_json(const TwoPcSpec& twopc) {
  return nlohmann::json{{"mode", twopc::to_string(twopc.mode)},
                        {"vote_timeout", duration_to_json(twopc.vote_timeout)},
                        {"decision_timeout", duration_to_json(twopc.decision_timeout)}};
}

nlohmann::json transactions_to_json(const TxnWorkloadSpec& t) {
  return nlohmann::json{{"clients", t.clients},
                        {"keys", t.keys},
                        {"max_writes_per_key", t.max_writes_per_key},
                        {"ops", {{"min", t.min_ops}, {"max", t.max_ops}}},
                        {"read_percent", t.read_percent},
                        {"multi_group_percent", t.multi_group_percent},
                        {"think", latency_to_json(t.think)},
                        {"timeout", duration_to_json(t.timeout)},
                        {"retries", t.retries},
                        {"max_txns", t.max_txns}};
}

}  // namespace cachesim
