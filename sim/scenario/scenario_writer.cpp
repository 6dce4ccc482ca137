// scenario_to_json (declared in loader.hpp): the inverse of parse_scenario.
#include <nlohmann/json.hpp>

#include "sim/scenario/duration.hpp"
#include "sim/scenario/fault_json.hpp"
#include "sim/scenario/latency_json.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/nemesis_json.hpp"
#include "sim/scenario/node_names.hpp"
#include "sim/scenario/probability_json.hpp"
#include "sim/scenario/sharding_json.hpp"

namespace cachesim {

namespace {

using nlohmann::json;

json clock_to_json(const ClockSpec& c) {
  return json{{"offset", duration_to_json(c.offset)}, {"drift_ppm", c.drift_ppm}};
}

json cluster_to_json(const ClusterSpec& c) {
  const PaxosSpec& p = c.paxos;
  json j{
      {"protocol", c.protocol},
      {"nodes", c.nodes},
      {"paxos",
       {{"heartbeat", duration_to_json(p.heartbeat)},
        {"election_timeout",
         {{"min", duration_to_json(p.election_timeout_min)}, {"max", duration_to_json(p.election_timeout_max)}}},
        {"max_batch", p.max_batch},
        {"pipeline", p.pipeline},
        {"snapshot_every", p.snapshot_every},
        {"catchup_batch", p.catchup_batch}}},
      {"leases",
       {{"enabled", c.leases.enabled},
        {"length", duration_to_json(c.leases.length)},
        {"drift_bound_ppm", c.leases.drift_bound_ppm}}},
  };
  if (c.protocol != kSingleGroupProtocol) {
    j["ring"] = ring_to_json(c.ring);
    j["twopc"] = twopc_to_json(c.twopc);
  }
  return j;
}

json network_to_json(const Scenario& s, const NodeNames& names) {
  json links = json::array();
  for (const LinkOverride& l : s.links) {
    json j{{"from", names.name(l.from)}, {"to", names.name(l.to)}};
    if (l.latency) j["latency"] = latency_to_json(*l.latency);
    if (l.loss) j["loss"] = probability_to_json(*l.loss);
    if (l.duplicate) j["duplicate"] = probability_to_json(*l.duplicate);
    links.push_back(std::move(j));
  }
  return json{{"latency", latency_to_json(s.network.latency)},
              {"loss", probability_to_json(s.network.loss)},
              {"duplicate", probability_to_json(s.network.duplicate)},
              {"links", std::move(links)}};
}

json workload_to_json(const WorkloadSpec& w) {
  json j{{"clients", w.clients},
         {"keys", w.keys},
         {"mix", {{"get", w.mix.get}, {"put", w.mix.put}, {"delete", w.mix.del}, {"cas", w.mix.cas}}},
         {"timeout", duration_to_json(w.timeout)},
         {"retries", w.retries},
         {"values", w.string_values ? "string" : "int"},
         {"max_ops", w.max_ops}};
  // The file format makes think and rate exclusive; with a rate, think is unused.
  if (w.rate > 0.0) {
    j["rate"] = w.rate;
  } else {
    j["think"] = latency_to_json(w.think);
  }
  return j;
}

json checks_to_json(const CheckSpec& c) {
  json j;
  j["linearizability"] = c.linearizability ? json{{"time_budget", duration_to_json(c.lin_time_budget)},
                                                  {"memory_budget_mb", c.lin_memory_budget_mb}}
                                           : json(false);
  j["transactions"] = c.transactions ? json{{"time_budget", duration_to_json(c.txn_time_budget)}} : json(false);
  j["liveness"] = c.liveness ? json{{"bound", duration_to_json(c.liveness_bound)}} : json(false);
  j["require_marks"] = c.require_marks;
  return j;
}

}  // namespace

json scenario_to_json(const Scenario& s) {
  const NodeNames names{s.cluster.nodes, s.workload.clients, s.transactions.clients};
  json j;
  j["name"] = s.name;
  j["description"] = s.description;
  if (s.seed) j["seed"] = *s.seed;
  j["duration"] = duration_to_json(s.duration);
  j["cluster"] = cluster_to_json(s.cluster);
  j["network"] = network_to_json(s, names);
  json nodes = json::object();
  for (const auto& [id, c] : s.clocks) nodes[names.name(id)] = clock_to_json(c);
  j["clocks"] = json{{"default", clock_to_json(s.default_clock)}, {"nodes", std::move(nodes)}};
  json faults = json::array();
  for (const Fault& f : s.faults) faults.push_back(fault_to_json(f, names));
  j["faults"] = std::move(faults);
  j["nemesis"] = nemesis_to_json(s.nemesis);
  j["workload"] = workload_to_json(s.workload);
  if (s.cluster.protocol != kSingleGroupProtocol) j["transactions"] = transactions_to_json(s.transactions);
  j["checks"] = checks_to_json(s.checks);
  j["expect"] = s.expect.pass ? json{{"verdict", "pass"}} : json{{"verdict", "fail"}, {"check", s.expect.failed_check}};
  return j;
}

}  // namespace cachesim
