#include "sim/scenario/fault_json.hpp"

#include <set>
#include <string>

#include "sim/scenario/duration.hpp"
#include "sim/scenario/latency_json.hpp"
#include "sim/scenario/limits.hpp"
#include "sim/scenario/probability_json.hpp"

namespace cachesim {

namespace {

using nlohmann::json;

// One list of node names; each name once, and none already in `taken`
// (other groups, or the bridge node), which the list's names then join.
std::vector<NodeId> read_node_list(const JsonReader& r, const NodeNames& names, std::set<NodeId>& taken,
                                   std::string_view taken_means) {
  std::vector<NodeId> out;
  std::set<NodeId> own;
  for (const JsonReader& item : r.array("a list of node names", 1)) {
    const NodeId id = names.read_endpoint(item);
    if (own.count(id) != 0) item.fail("each node once in a list");
    if (taken.count(id) != 0) item.fail("a node " + std::string(taken_means));
    own.insert(id);
    out.push_back(id);
  }
  taken.insert(out.begin(), out.end());
  return out;
}

// "node" of a fault that may aim at a role: a server, or "leader" for
// whichever server leads when the fault is applied, or (clusters that run
// transactions) "coordinator" / "participant" for a server in that role of
// a cross-group transaction (Fault::aim).
void read_target(const JsonReader& r, Fault& f, const NodeNames& names, bool txn_roles) {
  if (r.json().is_string()) {
    const std::string& s = r.json().get_ref<const std::string&>();
    if (s == "leader") {
      f.aim = FaultAim::leader;
      return;
    }
    if (txn_roles && (s == "coordinator" || s == "participant")) {
      f.aim = s == "coordinator" ? FaultAim::coordinator : FaultAim::participant;
      return;
    }
    if (auto id = names.server(s)) {
      f.nodes = {*id};
      return;
    }
  }
  if (txn_roles) r.fail("a server name " + names.server_range() + ", \"leader\", \"coordinator\" or \"participant\"");
  r.fail("a server name " + names.server_range() + " or \"leader\"");
}

json target_to_json(const Fault& f, const NodeNames& names) {
  return f.aim == FaultAim::nodes ? json(names.name(f.nodes.at(0))) : json(to_string(f.aim));
}

std::vector<std::vector<NodeId>> read_groups(const JsonReader& r, const NodeNames& names, std::set<NodeId> taken,
                                             std::size_t min_groups, std::size_t max_groups,
                                             std::string_view taken_means) {
  std::vector<std::vector<NodeId>> groups;
  for (const JsonReader& g : r.array("a list of groups", min_groups, max_groups)) {
    groups.push_back(read_node_list(g, names, taken, taken_means));
  }
  return groups;
}

void read_partition(const JsonReader& r, Fault& f, const NodeNames& names, bool txn_roles) {
  const JsonObject any = r.object("a partition fault");
  any.allow({"at", "kind", "for", "type", "node", "groups", "from", "to"});
  f.partition = any.required("type").choice<PartitionKind>({{"isolate", PartitionKind::isolate},
                                                            {"split", PartitionKind::split},
                                                            {"one-way", PartitionKind::one_way},
                                                            {"bridge", PartitionKind::bridge}});
  switch (f.partition) {
    case PartitionKind::isolate: {
      const JsonObject o = r.object("an isolate partition");
      o.allow({"at", "kind", "for", "type", "node"});
      read_target(o.required("node"), f, names, txn_roles);
      break;
    }
    case PartitionKind::split: {
      const JsonObject o = r.object("a split partition");
      o.allow({"at", "kind", "for", "type", "groups"});
      f.groups = read_groups(o.required("groups"), names, {}, 2, SIZE_MAX, "in no other group");
      break;
    }
    case PartitionKind::one_way: {
      const JsonObject o = r.object("a one-way partition");
      o.allow({"at", "kind", "for", "type", "from", "to"});
      std::set<NodeId> taken;
      f.from = read_node_list(o.required("from"), names, taken, "not listed before");
      f.to = read_node_list(o.required("to"), names, taken, "not in \"from\"");
      break;
    }
    case PartitionKind::bridge: {
      const JsonObject o = r.object("a bridge partition");
      o.allow({"at", "kind", "for", "type", "node", "groups"});
      read_target(o.required("node"), f, names, txn_roles);
      if (auto g = o.get("groups")) {
        // A bridge aimed at the leader is known only when applied.
        const std::set<NodeId> bridge(f.nodes.begin(), f.nodes.end());
        f.groups = read_groups(*g, names, bridge, 2, 2, "in no other group and not the bridge");
      } else if (names.servers < 3) {
        r.fail("a bridge with \"groups\" (fewer than 3 servers cannot be halved around a bridge)");
      }
      break;
    }
  }
}

json node_list_to_json(const std::vector<NodeId>& ids, const NodeNames& names) {
  json a = json::array();
  for (NodeId id : ids) a.push_back(names.name(id));
  return a;
}

json groups_to_json(const std::vector<std::vector<NodeId>>& groups, const NodeNames& names) {
  json a = json::array();
  for (const auto& g : groups) a.push_back(node_list_to_json(g, names));
  return a;
}

}  // namespace

Fault read_fault(const JsonReader& r, const NodeNames& names, Duration run_duration, bool txn_roles) {
  const JsonObject any = r.object("a fault object");
  any.allow({"at", "kind", "for", "type", "node", "groups", "from", "to", "jump", "drift_ppm", "loss", "duplicate",
             "latency"},
            "a fault");
  Fault f;
  f.kind = any.required("kind").choice<FaultKind>({{"partition", FaultKind::partition},
                                                   {"heal", FaultKind::heal},
                                                   {"crash", FaultKind::crash},
                                                   {"restart", FaultKind::restart},
                                                   {"pause", FaultKind::pause},
                                                   {"resume", FaultKind::resume},
                                                   {"clock", FaultKind::clock},
                                                   {"network", FaultKind::network}});
  // From here on messages name the kind: "a crash fault with "node"".
  const JsonObject o = r.object(std::string("a ") + to_string(f.kind) + " fault");
  switch (f.kind) {
    case FaultKind::partition:
      read_partition(r, f, names, txn_roles);
      break;
    case FaultKind::heal:
      o.allow({"at", "kind"});
      break;
    case FaultKind::crash:
    case FaultKind::pause:
      o.allow({"at", "kind", "for", "node"});
      read_target(o.required("node"), f, names, txn_roles);
      break;
    case FaultKind::restart:
    case FaultKind::resume:
      o.allow({"at", "kind", "node"});
      f.nodes = {names.read_server(o.required("node"))};
      break;
    case FaultKind::clock:
      o.allow({"at", "kind", "for", "node", "jump", "drift_ppm"});
      read_target(o.required("node"), f, names, txn_roles);
      o.at_least_one({"jump", "drift_ppm"});
      if (auto j = o.get("jump")) f.jump = read_duration(*j, {-kMaxClockOffset, kMaxClockOffset});
      if (auto d = o.get("drift_ppm")) f.drift_ppm = d->integer(-kMaxDriftPpm, kMaxDriftPpm);
      break;
    case FaultKind::network:
      o.allow({"at", "kind", "for", "loss", "duplicate", "latency", "from", "to"});
      o.at_least_one({"loss", "duplicate", "latency"});
      o.together("from", "to");
      if (auto l = o.get("loss")) f.loss = read_probability(*l);
      if (auto d = o.get("duplicate")) f.duplicate = read_probability(*d);
      if (auto l = o.get("latency")) f.latency = read_latency(*l);
      if (auto from = o.get("from")) {
        f.from = {names.read_endpoint(*from)};
        const JsonReader to = o.required("to");
        f.to = {names.read_endpoint(to)};
        if (f.to == f.from) to.fail("a node other than \"from\"");
      }
      break;
  }

  const JsonReader at = o.required("at");
  f.at = read_duration(at);
  const Duration at_limit = run_duration + kFaultTailAfterDuration;
  if (f.at >= at_limit) {
    at.fail("a duration before " + format_duration(at_limit) + " (the run's duration plus " +
            format_duration(kFaultTailAfterDuration) + ")");
  }
  if (auto fo = o.get("for")) f.lasts = read_duration(*fo, {1, kMaxFaultFor});
  return f;
}

json fault_to_json(const Fault& f, const NodeNames& names) {
  json j;
  j["at"] = duration_to_json(f.at);
  j["kind"] = to_string(f.kind);
  if (f.lasts) j["for"] = duration_to_json(*f.lasts);
  switch (f.kind) {
    case FaultKind::partition:
      j["type"] = to_string(f.partition);
      switch (f.partition) {
        case PartitionKind::isolate:
          j["node"] = target_to_json(f, names);
          break;
        case PartitionKind::split:
          j["groups"] = groups_to_json(f.groups, names);
          break;
        case PartitionKind::one_way:
          j["from"] = node_list_to_json(f.from, names);
          j["to"] = node_list_to_json(f.to, names);
          break;
        case PartitionKind::bridge:
          j["node"] = target_to_json(f, names);
          if (!f.groups.empty()) j["groups"] = groups_to_json(f.groups, names);
          break;
      }
      break;
    case FaultKind::heal:
      break;
    case FaultKind::crash:
    case FaultKind::restart:
    case FaultKind::pause:
    case FaultKind::resume:
      j["node"] = target_to_json(f, names);
      break;
    case FaultKind::clock:
      j["node"] = target_to_json(f, names);
      if (f.jump) j["jump"] = duration_to_json(*f.jump);
      if (f.drift_ppm) j["drift_ppm"] = *f.drift_ppm;
      break;
    case FaultKind::network:
      if (f.loss) j["loss"] = probability_to_json(*f.loss);
      if (f.duplicate) j["duplicate"] = probability_to_json(*f.duplicate);
      if (f.latency) j["latency"] = latency_to_json(*f.latency);
      if (!f.from.empty() && !f.to.empty()) {
        j["from"] = names.name(f.from.at(0));
        j["to"] = names.name(f.to.at(0));
      }
      break;
  }
  return j;
}

}  // namespace cachesim
