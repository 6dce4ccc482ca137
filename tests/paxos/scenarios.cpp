#include "tests/paxos/scenarios.hpp"

#include <vector>

namespace cachesim::paxos_test {

namespace {
ScenarioResult finish(Cluster& c) {
  ScenarioResult r;
  r.run_ok = !c.sim().failure().has_value();
  r.agreement_ok = c.agreement().ok();
  r.divergence = r.run_ok ? c.divergence() : "";
  r.stale = stale_reads(c.history()).size();
  r.phantoms = phantom_values(c.history());
  r.lease_reads = c.mark("cache.lease_read");
  r.lease_lapses = c.mark("cache.lease_expired");
  r.why = c.failure_text() + r.divergence;
  return r;
}
}  // namespace

ScenarioResult crash_after_promise(std::uint64_t seed, const cache::CacheSeams& seams) {
  ClusterOptions opt;
  opt.clients = 8;
  opt.client.stop_at = 3 * kSecond;
  opt.seams = seams;
  Cluster c(seed, opt);
  Simulator& sim = c.sim();
  c.run_until(500 * kMillisecond);
  const std::optional<NodeId> l = c.leader();
  if (!l) {
    ScenarioResult r;
    r.run_ok = false;
    r.why = "no leader at 0.5 s";
    return r;
  }
  std::vector<NodeId> others;
  for (NodeId i = 0; i < 5; ++i)
    if (i != *l) others.push_back(i);
  const NodeId x = others[0], z = others[1], rival_a = others[2], rival_b = others[3];
  sim.bridge(x, {*l, z}, {rival_a, rival_b});
  paxos::Ballot seen = c.server(x)->group().replica().promised();
  int crashes = 0;
  while (sim.now() < 2500 * kMillisecond && sim.step()) {
    const cache::CacheNode* node = c.server(x);
    if (!node) continue;
    const paxos::Ballot p = node->group().replica().promised();
    if (p <= seen) continue;
    seen = p;
    if ((p.node == rival_a || p.node == rival_b) && crashes < 20) {
      ++crashes;
      sim.crash(x);
      sim.restart(x);
      seen = c.server(x)->group().replica().promised();
    }
  }
  sim.heal();
  c.run_until(4 * kSecond);
  ScenarioResult r = finish(c);
  if (crashes == 0) {  // the adversary never struck: the run proves nothing
    r.run_ok = false;
    r.why += " (no promise to a rival was ever crashed)";
  }
  return r;
}

ScenarioResult isolate_leader(std::uint64_t seed, ClusterOptions opt, std::int64_t leader_drift_ppm) {
  opt.clients = 4;
  opt.gen = monotonic_register(1);
  opt.client.timeout = 50 * kMillisecond;
  opt.client.think_min = 1 * kMillisecond;
  opt.client.think_max = 3 * kMillisecond;
  opt.client.stop_at = 4 * kSecond;
  Cluster c(seed, opt);
  Simulator& sim = c.sim();
  sim.at(600 * kMillisecond, [&c, &sim, leader_drift_ppm] {
    if (const std::optional<NodeId> l = c.leader()) {
      sim.clock_drift(*l, leader_drift_ppm);
      sim.isolate(*l);
    }
  });
  sim.at(3500 * kMillisecond, [&sim] { sim.heal(); });
  c.run_until(5 * kSecond);
  ScenarioResult r = finish(c);
  if (c.history().ops.size() != c.history().started) r.why += " (operations left unfinished)";
  return r;
}

}  // namespace cachesim::paxos_test
