// The ring's balance and the cost of one membership change (contract in
// ring.hpp). Runs once per run summary, so clarity beats speed here: it
// builds the two neighbouring rings (one server more, one fewer) and
// compares every sample key's placement.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "protocols/ring/ring.hpp"
#include "sim/core/check.hpp"

namespace cachesim::ring {

namespace {

struct Spread {
  double max_over_mean = 0, cv = 0;
};

// Population statistics: the servers are the whole population, not a sample.
Spread spread_of(const std::vector<std::uint64_t>& counts) {
  if (counts.empty()) return {};
  double sum = 0, max = 0;
  for (std::uint64_t c : counts) {
    sum += static_cast<double>(c);
    max = std::max(max, static_cast<double>(c));
  }
  const double mean = sum / static_cast<double>(counts.size());
  if (mean == 0) return {};
  double squares = 0;
  for (std::uint64_t c : counts) squares += (static_cast<double>(c) - mean) * (static_cast<double>(c) - mean);
  return {max / mean, std::sqrt(squares / static_cast<double>(counts.size())) / mean};
}

std::string sample_key(std::uint32_t i) { return "k" + std::to_string(i); }

struct Movement {
  double primary = 0, set = 0;
};

// Primaries come from the point a key lands on, sets from the precomputed
// arc groups (sorted member lists), so nothing is allocated per key.
Movement movement(const Ring& before, const Ring& after, std::uint32_t sample) {
  std::uint64_t primary = 0, set = 0;
  for (std::uint32_t i = 0; i < sample; ++i) {
    const std::uint64_t pos = Ring::position_of(sample_key(i));
    primary += before.points()[before.point_at(pos)].node != after.points()[after.point_at(pos)].node;
    set += before.groups()[before.group_at(pos)] != after.groups()[after.group_at(pos)];
  }
  return {static_cast<double>(primary) / sample, static_cast<double>(set) / sample};
}

}  // namespace

RingBalance measure_balance(const Ring& ring, const std::vector<std::pair<std::string, std::uint64_t>>& key_ops,
                            std::uint32_t sample) {
  CACHESIM_CHECK(sample >= 1, "measure_balance: at least one sample key");
  const std::vector<NodeId>& servers = ring.servers();
  const std::size_t n = servers.size();
  const std::uint32_t r = ring.config().replicas;
  std::map<NodeId, std::size_t> slot_of;
  for (std::size_t i = 0; i < n; ++i) slot_of.emplace(servers[i], i);

  RingBalance b;
  b.servers = static_cast<std::uint32_t>(n);
  b.vnodes = ring.config().vnodes;
  b.replicas = r;
  b.groups = static_cast<std::uint32_t>(ring.groups().size());
  b.sample = sample;
  b.keys_per_node.assign(n, 0);
  b.ops_per_node.assign(n, 0);

  // Counting by group: a key adds one to each member of its group.
  std::vector<std::uint64_t> keys_by_group(ring.groups().size(), 0), ops_by_group(ring.groups().size(), 0);
  for (std::uint32_t i = 0; i < sample; ++i) ++keys_by_group[ring.group_of(sample_key(i))];
  for (const auto& [key, ops] : key_ops) {
    ops_by_group[ring.group_of(key)] += ops;
    b.total_ops += ops;
  }
  for (GroupIndex g = 0; g < ring.groups().size(); ++g)
    for (NodeId m : ring.groups()[g]) {
      b.keys_per_node[slot_of.at(m)] += keys_by_group[g];
      b.ops_per_node[slot_of.at(m)] += ops_by_group[g];
    }
  const Spread keys = spread_of(b.keys_per_node), ops = spread_of(b.ops_per_node);
  b.keys_max_over_mean = keys.max_over_mean;
  b.keys_cv = keys.cv;
  b.ops_max_over_mean = ops.max_over_mean;
  b.ops_cv = ops.cv;

  const NodeId highest = *std::max_element(servers.begin(), servers.end());
  const double nd = static_cast<double>(n);
  if (n < kMaxServers && highest + 1 != kNoNode) {
    std::vector<NodeId> grown = servers;
    grown.push_back(highest + 1);
    const Ring added(std::move(grown), ring.config());
    const Movement m = movement(ring, added, sample);
    b.moved_on_add = m.primary;
    b.set_changed_on_add = m.set;
    b.ideal_add = 1.0 / (nd + 1);
    b.ideal_set_add = std::min(1.0, r / (nd + 1));
  }
  if (n > 1) {
    std::vector<NodeId> shrunk;
    for (NodeId id : servers)
      if (id != highest) shrunk.push_back(id);
    RingConfig cfg = ring.config();
    cfg.replicas = std::min<std::uint32_t>(cfg.replicas, static_cast<std::uint32_t>(n - 1));
    const Ring removed(std::move(shrunk), cfg);
    const Movement m = movement(ring, removed, sample);
    b.moved_on_remove = m.primary;
    b.set_changed_on_remove = m.set;
    b.ideal_remove = 1.0 / nd;
    b.ideal_set_remove = std::min(1.0, r / nd);
  }
  return b;
}

std::string describe(const RingBalance& b) {
  char buf[512];
  std::string out;
  std::snprintf(buf, sizeof buf, "ring: %u servers x %u vnodes, R=%u, %u groups\n", b.servers, b.vnodes, b.replicas,
                b.groups);
  out += buf;
  std::snprintf(buf, sizeof buf, "keys per server (%u sampled): max/mean %.3f, cv %.3f\n", b.sample,
                b.keys_max_over_mean, b.keys_cv);
  out += buf;
  std::snprintf(buf, sizeof buf, "ops per server (%llu ops): max/mean %.3f, cv %.3f\n",
                static_cast<unsigned long long>(b.total_ops), b.ops_max_over_mean, b.ops_cv);
  out += buf;
  std::snprintf(buf, sizeof buf, "primary moved: add %.3f (ideal %.3f), remove %.3f (ideal %.3f)\n", b.moved_on_add,
                b.ideal_add, b.moved_on_remove, b.ideal_remove);
  out += buf;
  std::snprintf(buf, sizeof buf, "replica set changed: add %.3f (ideal %.3f), remove %.3f (ideal %.3f)\n",
                b.set_changed_on_add, b.ideal_set_add, b.set_changed_on_remove, b.ideal_set_remove);
  out += buf;
  return out;
}

}  // namespace cachesim::ring
