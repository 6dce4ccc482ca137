#include "tests/paxos/cluster.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace cachesim::paxos_test {

Cluster::Cluster(std::uint64_t seed, ClusterOptions opt) : opt_(std::move(opt)) {
  cache::CacheConfig cfg;
  for (NodeId i = 0; i < opt_.servers; ++i) cfg.servers.push_back(i);
  cfg.paxos = opt_.paxos;
  cfg.lease = opt_.lease;
  std::vector<EndpointSpec> eps;
  for (NodeId i = 0; i < opt_.servers; ++i) {
    const Clock clock = i < opt_.server_clocks.size() ? opt_.server_clocks[i] : Clock();
    eps.push_back(EndpointSpec{"n" + std::to_string(i + 1),
                               [cfg, seams = opt_.seams](NodeId self) { return cache::make_cache_node(self, cfg, seams); },
                               clock});
  }
  ClientOptions co = opt_.client;
  co.servers = opt_.servers;
  for (std::uint32_t c = 0; c < opt_.clients; ++c) {
    const std::uint64_t id = c + 1;
    eps.push_back(EndpointSpec{"c" + std::to_string(id),
                               [co, id, gen = opt_.gen, h = &history_](NodeId) {
                                 return std::make_unique<TestClient>(id, co, gen, h);
                               },
                               Clock()});
  }
  sim_ = std::make_unique<Simulator>(seed, std::move(eps), opt_.servers, opt_.link);
  agreement_.attach(*sim_);
  sim_->set_observer(&agreement_);
  sim_->start();
}

const cache::CacheNode* Cluster::server(NodeId id) {
  return static_cast<const cache::CacheNode*>(sim_->node(id));
}

std::optional<NodeId> Cluster::leader() {
  std::optional<NodeId> best;
  paxos::Ballot top;
  for (NodeId i = 0; i < opt_.servers; ++i) {
    const cache::CacheNode* n = server(i);
    if (!n || !n->group().replica().leading()) continue;
    if (!best || n->group().replica().ballot() > top) {
      best = i;
      top = n->group().replica().ballot();
    }
  }
  return best;
}

std::string Cluster::divergence() {
  std::optional<std::pair<paxos::Slot, std::uint64_t>> first;
  for (NodeId i = 0; i < opt_.servers; ++i) {
    const cache::CacheNode* n = server(i);
    if (!n) continue;
    const auto here = std::make_pair(n->group().replica().log().applied(), n->group().store().state_hash());
    if (!first) {
      first = here;
    } else if (here != *first) {
      return "server " + std::to_string(i) + " applied " + std::to_string(here.first) + " (hash " +
             std::to_string(here.second) + ") vs " + std::to_string(first->first) + " (hash " +
             std::to_string(first->second) + ")";
    }
  }
  return "";
}

std::uint64_t Cluster::mark(std::string_view name) const {
  auto it = sim_->marks().find(name);
  return it == sim_->marks().end() ? 0 : it->second;
}

std::string Cluster::failure_text() const {
  std::string s;
  if (const auto& f = sim_->failure()) s += "run failed at event " + std::to_string(f->event) + ": " + f->what + ". ";
  if (!agreement_.ok()) s += "agreement: " + agreement_.first() + ". ";
  return s;
}

std::vector<StaleRead> stale_reads(const History& h, std::string_view key) {
  // Acked writes by completion time; reads checked against the newest write
  // acked before they were invoked.
  std::vector<std::pair<Time, std::int64_t>> acked;
  for (const OpRecord& o : h.ops)
    if (o.key == key && o.op == OpKind::put && o.status == ReplyStatus::ok)
      acked.emplace_back(o.complete, std::get<std::int64_t>(*o.value));
  std::sort(acked.begin(), acked.end());
  std::vector<std::int64_t> prefix_max(acked.size());
  std::int64_t m = 0;
  for (std::size_t i = 0; i < acked.size(); ++i) prefix_max[i] = m = std::max(m, acked[i].second);
  std::vector<StaleRead> out;
  for (const OpRecord& o : h.ops) {
    if (o.key != key || o.op != OpKind::get || o.status != ReplyStatus::ok) continue;
    auto it = std::lower_bound(acked.begin(), acked.end(), std::make_pair(o.invoke, std::int64_t{INT64_MIN}));
    if (it == acked.begin()) continue;
    const std::int64_t must = prefix_max[static_cast<std::size_t>(it - acked.begin()) - 1];
    const std::int64_t got = o.result ? std::get<std::int64_t>(*o.result) : 0;
    if (got < must) out.push_back(StaleRead{got, must, o.invoke});
  }
  return out;
}

std::uint64_t phantom_values(const History& h) {
  // Writes still in flight at the end may have taken effect: count them too.
  std::set<MaybeValue> written(h.attempted.begin(), h.attempted.end());
  written.insert(MaybeValue{});
  std::uint64_t bad = 0;
  for (const OpRecord& o : h.ops) {
    const bool reads = (o.op == OpKind::get && o.status == ReplyStatus::ok) ||
                       (o.op == OpKind::cas && o.status == ReplyStatus::mismatch);
    if (reads && !written.count(o.result)) ++bad;
  }
  return bad;
}

}  // namespace cachesim::paxos_test
