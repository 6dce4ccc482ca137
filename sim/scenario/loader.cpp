#include "sim/scenario/loader.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <set>
#include <utility>

#include "sim/scenario/duration.hpp"
#include "sim/scenario/fault_json.hpp"
#include "sim/scenario/json_document.hpp"
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/latency_json.hpp"
#include "sim/scenario/limits.hpp"
#include "sim/scenario/nemesis_json.hpp"
#include "sim/scenario/node_names.hpp"
#include "sim/scenario/probability_json.hpp"
#include "sim/scenario/sharding_json.hpp"
#include "sim/scenario/swarm.hpp"

namespace cachesim {

namespace {

// Protocol names, check names and marks: what code and command lines use.
const std::string& read_identifier(const JsonReader& r) {
  static constexpr std::string_view kWhat = "an identifier of characters a-z 0-9 . _ -";
  const std::string& s = r.string(kWhat);
  const bool ok = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
  if (!ok) r.fail(kWhat);
  return s;
}

void read_paxos(const JsonReader& r, PaxosSpec& p) {
  const JsonObject o = r.object("the paxos object");
  o.allow({"heartbeat", "election_timeout", "max_batch", "pipeline", "snapshot_every", "catchup_batch"},
          "the paxos settings");
  if (auto v = o.get("heartbeat")) p.heartbeat = read_duration(*v, {1, kMaxProtocolTimer});
  if (auto v = o.get("election_timeout")) {
    read_min_max(*v, "an election timeout object", {1, kMaxProtocolTimer}, p.election_timeout_min,
                 p.election_timeout_max);
  }
  if (auto v = o.get("max_batch")) p.max_batch = v->u32(1, kMaxPaxosBatch);
  if (auto v = o.get("pipeline")) p.pipeline = v->u32(1, kMaxPaxosPipeline);
  if (auto v = o.get("snapshot_every")) p.snapshot_every = v->unsigned_integer(1, kMaxSnapshotEvery);
  if (auto v = o.get("catchup_batch")) p.catchup_batch = v->unsigned_integer(1, kMaxPaxosBatch);
}

void read_leases(const JsonReader& r, LeaseSpec& l) {
  const JsonObject o = r.object("the leases object");
  o.allow({"enabled", "length", "drift_bound_ppm"}, "the lease settings");
  if (auto v = o.get("enabled")) l.enabled = v->boolean();
  if (auto v = o.get("length")) l.length = read_duration(*v, {1, kMaxProtocolTimer});
  if (auto v = o.get("drift_bound_ppm")) l.drift_bound_ppm = v->integer(0, kMaxDriftPpm);
}

void read_cluster(const JsonReader& r, ClusterSpec& c) {
  const JsonObject o = r.object("the cluster object");
  o.allow({"protocol", "nodes", "paxos", "leases", "ring", "twopc"}, "the cluster");
  if (auto v = o.get("protocol")) c.protocol = read_identifier(*v);
  if (auto v = o.get("nodes")) c.nodes = v->u32(1, kMaxServers);
  if (auto v = o.get("paxos")) read_paxos(*v, c.paxos);
  if (auto v = o.get("leases")) read_leases(*v, c.leases);
  for (const char* sharded_only : {"ring", "twopc"}) {
    if (auto v = o.get(sharded_only); v && c.protocol == kSingleGroupProtocol) {
      v->fail("no ring or twopc settings for protocol \"cache\" (one Paxos group; use \"sharded\")");
    }
  }
  const std::optional<JsonReader> ring = o.get("ring");
  if (ring) read_ring(*ring, c.ring);
  if (auto v = o.get("twopc")) read_twopc(*v, c.twopc);
  // A replica set is that many distinct servers. Checked whether or not the
  // ring is given: its default replica count binds a small cluster too, and
  // the scenario writer always writes the ring of a sharded cluster out.
  if (c.protocol != kSingleGroupProtocol && c.ring.replicas > c.nodes) {
    const std::string replicas = std::to_string(c.ring.replicas) + " replicas";
    if (ring) ring->fail("at most " + std::to_string(c.nodes) + " replicas (the cluster's nodes)", replicas);
    const std::string expected = "at least " + std::to_string(c.ring.replicas) +
                                 " nodes (the ring's default replica count; or give \"ring\": {\"replicas\": N})";
    if (auto v = o.get("nodes")) v->fail(expected);
    r.fail(expected, "a cluster of " + std::to_string(c.nodes) + " nodes");
  }
}

void read_workload(const JsonReader& r, WorkloadSpec& w) {
  const JsonObject o = r.object("the workload object");
  o.allow({"clients", "keys", "mix", "think", "rate", "timeout", "retries", "values", "max_ops"}, "the workload");
  // 0 clients: a cluster that only runs transactions.
  if (auto v = o.get("clients")) w.clients = v->u32(0, kMaxClients);
  if (auto v = o.get("keys")) w.keys = v->u32(1, kMaxKeys);
  if (auto v = o.get("mix")) {
    const JsonObject m = v->object("an operation mix object");
    m.allow({"get", "put", "delete", "cas"}, "an operation mix");
    // Given a mix, the operations it leaves out are not run at all.
    w.mix = OpMix{0, 0, 0, 0};
    if (auto x = m.get("get")) w.mix.get = x->u32(0, kMaxMixWeight);
    if (auto x = m.get("put")) w.mix.put = x->u32(0, kMaxMixWeight);
    if (auto x = m.get("delete")) w.mix.del = x->u32(0, kMaxMixWeight);
    if (auto x = m.get("cas")) w.mix.cas = x->u32(0, kMaxMixWeight);
    if (w.mix.get + w.mix.put + w.mix.del + w.mix.cas == 0) v->fail("weights with a positive sum");
  }
  o.exclusive("think", "rate");
  if (auto v = o.get("think")) w.think = read_latency(*v);
  if (auto v = o.get("rate")) {
    constexpr std::string_view kWhat = "a number of operations per second in (0, 1000000000]";
    w.rate = v->number(0.0, kMaxRate, kWhat);
    if (!(w.rate > 0.0)) v->fail(kWhat);
  }
  if (auto v = o.get("timeout")) w.timeout = read_duration(*v, {1, kMaxClientTimeout});
  if (auto v = o.get("retries")) w.retries = v->u32(0, kMaxRetries);
  if (auto v = o.get("values")) w.string_values = v->choice<bool>({{"int", false}, {"string", true}});
  if (auto v = o.get("max_ops")) w.max_ops = v->unsigned_integer(0, kMaxOps);
}

void read_network(const JsonReader& r, const NodeNames& names, Scenario& s) {
  const JsonObject o = r.object("the network object");
  o.allow({"latency", "loss", "duplicate", "links"}, "the network");
  if (auto v = o.get("latency")) s.network.latency = read_latency(*v);
  if (auto v = o.get("loss")) s.network.loss = read_probability(*v);
  if (auto v = o.get("duplicate")) s.network.duplicate = read_probability(*v);
  if (auto v = o.get("links")) {
    const std::size_t endpoints = names.servers + names.clients;
    std::set<std::pair<NodeId, NodeId>> seen;
    for (const JsonReader& item : v->array("a list of link overrides", 0, endpoints * (endpoints - 1))) {
      const JsonObject l = item.object("a link override object");
      l.allow({"from", "to", "latency", "loss", "duplicate"}, "a link override");
      LinkOverride link;
      link.from = names.read_endpoint(l.required("from"));
      const JsonReader to = l.required("to");
      link.to = names.read_endpoint(to);
      if (link.to == link.from) to.fail("a node other than \"from\"");
      l.at_least_one({"latency", "loss", "duplicate"});
      if (auto x = l.get("latency")) link.latency = read_latency(*x);
      if (auto x = l.get("loss")) link.loss = read_probability(*x);
      if (auto x = l.get("duplicate")) link.duplicate = read_probability(*x);
      if (!seen.insert({link.from, link.to}).second) item.fail("each link (from, to) once");
      s.links.push_back(std::move(link));
    }
  }
}

ClockSpec read_clock(const JsonReader& r, ClockSpec c) {
  const JsonObject o = r.object("a clock object");
  o.allow({"offset", "drift_ppm"}, "a clock");
  if (auto v = o.get("offset")) c.offset = read_duration(*v, {-kMaxClockOffset, kMaxClockOffset});
  if (auto v = o.get("drift_ppm")) c.drift_ppm = v->integer(-kMaxDriftPpm, kMaxDriftPpm);
  return c;
}

void read_clocks(const JsonReader& r, const NodeNames& names, Scenario& s) {
  const JsonObject o = r.object("the clocks object");
  o.allow({"default", "nodes"}, "the clocks");
  if (auto v = o.get("default")) s.default_clock = read_clock(*v, s.default_clock);
  if (auto v = o.get("nodes")) {
    // A server's clock starts from the default clock: it overrides only what it names.
    for (const auto& [key, item] : v->object("an object of server clocks").items()) {
      s.clocks[names.server_from_key(item, key)] = read_clock(item, s.default_clock);
    }
  }
}

void read_checks(const JsonReader& r, CheckSpec& c) {
  const JsonObject o = r.object("the checks object");
  o.allow({"linearizability", "transactions", "liveness", "require_marks"}, "the checks");
  if (auto v = o.get("linearizability")) {
    if (v->json().is_boolean()) {
      c.linearizability = v->boolean();
    } else {
      const JsonObject l = v->object("true, false or a linearizability object");
      l.allow({"time_budget", "memory_budget_mb"}, "the linearizability check");
      c.linearizability = true;
      if (auto x = l.get("time_budget")) c.lin_time_budget = read_duration(*x, {1, kMaxCheckBudget});
      if (auto x = l.get("memory_budget_mb")) c.lin_memory_budget_mb = x->unsigned_integer(1, kMaxMemoryBudgetMb);
    }
  }
  if (auto v = o.get("transactions")) {
    if (v->json().is_boolean()) {
      c.transactions = v->boolean();
    } else {
      const JsonObject t = v->object("true, false or a transactions object");
      t.allow({"time_budget"}, "the transaction check");
      c.transactions = true;
      if (auto x = t.get("time_budget")) c.txn_time_budget = read_duration(*x, {1, kMaxCheckBudget});
    }
  }
  if (auto v = o.get("liveness")) {
    if (v->json().is_boolean()) {
      c.liveness = v->boolean();
    } else {
      const JsonObject l = v->object("true, false or a liveness object");
      l.allow({"bound"}, "the liveness check");
      c.liveness = true;
      if (auto x = l.get("bound")) c.liveness_bound = read_duration(*x, {1, kMaxCheckBudget});
    }
  }
  if (auto v = o.get("require_marks")) {
    for (const JsonReader& item : v->array("a list of mark names", 0, kMaxMarks)) {
      const std::string& mark = read_identifier(item);
      if (std::find(c.require_marks.begin(), c.require_marks.end(), mark) != c.require_marks.end()) {
        item.fail("each mark once");
      }
      c.require_marks.push_back(mark);
    }
  }
}

void read_expect(const JsonReader& r, Expectation& e) {
  const JsonObject o = r.object("the expect object");
  o.allow({"verdict", "check"}, "the expectation");
  e.pass = o.required("verdict").choice<bool>({{"pass", true}, {"fail", false}});
  if (e.pass) {
    r.object("a passing expectation").allow({"verdict"});
  } else {
    e.failed_check = read_identifier(r.object("a failing expectation").required("check"));
  }
}

}  // namespace

Scenario parse_scenario(std::string_view text, const std::string& file_label) {
  nlohmann::json doc = parse_json_document(text, file_label);
  const std::optional<Swarm> swarm = take_swarm(doc, file_label);  // swarm.hpp: ranges drawn per seed
  Scenario s = parse_scenario_json(doc, file_label);
  if (swarm) check_swarm(*swarm, doc, file_label);
  return s;
}

Scenario parse_scenario_json(const nlohmann::json& doc, const std::string& file_label) {
  const JsonObject top = JsonReader(doc, file_label).object("a scenario object");
  top.allow({"$schema", "name", "description", "seed", "duration", "cluster", "network", "clocks", "faults",
             "nemesis", "workload", "transactions", "checks", "expect"},
            "a scenario");

  Scenario s;
  s.file = file_label;
  if (auto v = top.get("$schema")) v->string();
  if (auto v = top.get("name")) {
    s.name = v->string("a non-empty string");
    if (s.name.empty()) v->fail("a non-empty string");
  } else {
    s.name = std::filesystem::path(file_label).stem().string();
  }
  if (auto v = top.get("description")) s.description = v->string();
  if (auto v = top.get("seed")) s.seed = v->unsigned_integer(0, std::numeric_limits<std::uint64_t>::max());
  if (auto v = top.get("duration")) s.duration = read_duration(*v, {1, kMaxScenarioDuration});

  // Node names resolve against the cluster and workload sizes, so those go first.
  if (auto v = top.get("cluster")) read_cluster(*v, s.cluster);
  if (auto v = top.get("workload")) read_workload(*v, s.workload);
  if (auto v = top.get("transactions")) {
    if (s.cluster.protocol == kSingleGroupProtocol) {
      v->fail("no transactions for protocol \"cache\" (one Paxos group; use \"sharded\")");
    }
    read_transactions(*v, s.transactions);
  }
  const NodeNames names{s.cluster.nodes, s.workload.clients, s.transactions.clients};

  if (auto v = top.get("network")) read_network(*v, names, s);
  if (auto v = top.get("clocks")) read_clocks(*v, names, s);
  if (auto v = top.get("faults")) {
    for (const JsonReader& item : v->array("a list of faults", 0, kMaxFaults)) {
      s.faults.push_back(read_fault(item, names, s.duration, s.cluster.protocol != kSingleGroupProtocol));
    }
    std::stable_sort(s.faults.begin(), s.faults.end(), [](const Fault& a, const Fault& b) { return a.at < b.at; });
  }
  s.nemesis = read_nemesis(top.get("nemesis"), s.cluster.nodes, s.duration);
  if (auto v = top.get("checks")) read_checks(*v, s.checks);
  if (auto v = top.get("expect")) read_expect(*v, s.expect);
  return s;
}

Scenario load_scenario(const std::string& path) { return parse_scenario(read_input_file(path), path); }

}  // namespace cachesim
