// Field-by-field comparison of Scenarios for the round-trip tests.
//
// scenario.hpp's structs have no operator== (see the report to the lead);
// until they do, this names the first field that differs, which is also a
// better failure message than "not equal".
#pragma once

#include <sstream>
#include <string>

#include "sim/scenario/scenario.hpp"

namespace cachesim::testing {

class ScenarioDiff {
 public:
  // "" when equal, else "path: a != b" for the first difference.
  static std::string of(const Scenario& a, const Scenario& b) {
    ScenarioDiff d;
    d.scenario(a, b);
    return d.first_;
  }

 private:
  template <class T>
  void same(const std::string& what, const T& a, const T& b) {
    if (!first_.empty() || a == b) return;
    std::ostringstream s;
    s << what << " differs";
    if constexpr (requires(std::ostream& o) { o << a; }) s << ": " << a << " != " << b;
    first_ = s.str();
  }

  void latency(const std::string& p, const LatencyDist& a, const LatencyDist& b) {
    same(p + ".kind", static_cast<int>(a.kind), static_cast<int>(b.kind));
    same(p + ".value", a.value, b.value);
    same(p + ".min", a.min, b.min);
    same(p + ".max", a.max, b.max);
    same(p + ".mean", a.mean, b.mean);
    same(p + ".stddev", a.stddev, b.stddev);
    same(p + ".median", a.median, b.median);
    same(p + ".sigma", a.sigma, b.sigma);
  }

  template <class T, class F>
  void optional(const std::string& p, const std::optional<T>& a, const std::optional<T>& b, F each) {
    same(p + " presence", a.has_value(), b.has_value());
    if (a && b) each(p, *a, *b);
  }

  void probability(const std::string& p, Probability a, Probability b) { same(p, a.ppb, b.ppb); }

  void fault(const std::string& p, const Fault& a, const Fault& b) {
    same(p + ".at", a.at, b.at);
    same(p + ".kind", static_cast<int>(a.kind), static_cast<int>(b.kind));
    same(p + ".lasts", a.lasts, b.lasts);
    same(p + ".partition", static_cast<int>(a.partition), static_cast<int>(b.partition));
    same(p + ".aim", static_cast<int>(a.aim), static_cast<int>(b.aim));
    same(p + ".nodes", a.nodes, b.nodes);
    same(p + ".groups", a.groups, b.groups);
    same(p + ".from", a.from, b.from);
    same(p + ".to", a.to, b.to);
    same(p + ".jump", a.jump, b.jump);
    same(p + ".drift_ppm", a.drift_ppm, b.drift_ppm);
    optional(p + ".loss", a.loss, b.loss, [this](auto q, auto x, auto y) { probability(q, x, y); });
    optional(p + ".duplicate", a.duplicate, b.duplicate, [this](auto q, auto x, auto y) { probability(q, x, y); });
    optional(p + ".latency", a.latency, b.latency, [this](auto q, auto& x, auto& y) { latency(q, x, y); });
  }

  void scenario(const Scenario& a, const Scenario& b) {
    same("file", a.file, b.file);
    same("name", a.name, b.name);
    same("description", a.description, b.description);
    same("seed", a.seed, b.seed);
    same("duration", a.duration, b.duration);

    const ClusterSpec &ca = a.cluster, &cb = b.cluster;
    same("cluster.protocol", ca.protocol, cb.protocol);
    same("cluster.nodes", ca.nodes, cb.nodes);
    same("paxos.heartbeat", ca.paxos.heartbeat, cb.paxos.heartbeat);
    same("paxos.election_timeout_min", ca.paxos.election_timeout_min, cb.paxos.election_timeout_min);
    same("paxos.election_timeout_max", ca.paxos.election_timeout_max, cb.paxos.election_timeout_max);
    same("paxos.max_batch", ca.paxos.max_batch, cb.paxos.max_batch);
    same("paxos.pipeline", ca.paxos.pipeline, cb.paxos.pipeline);
    same("paxos.snapshot_every", ca.paxos.snapshot_every, cb.paxos.snapshot_every);
    same("paxos.catchup_batch", ca.paxos.catchup_batch, cb.paxos.catchup_batch);
    same("leases.enabled", ca.leases.enabled, cb.leases.enabled);
    same("leases.length", ca.leases.length, cb.leases.length);
    same("leases.drift_bound_ppm", ca.leases.drift_bound_ppm, cb.leases.drift_bound_ppm);

    latency("network.latency", a.network.latency, b.network.latency);
    probability("network.loss", a.network.loss, b.network.loss);
    probability("network.duplicate", a.network.duplicate, b.network.duplicate);
    same("links.size", a.links.size(), b.links.size());
    for (std::size_t i = 0; first_.empty() && i < a.links.size(); ++i) {
      const std::string p = "links[" + std::to_string(i) + "]";
      same(p + ".from", a.links[i].from, b.links[i].from);
      same(p + ".to", a.links[i].to, b.links[i].to);
      optional(p + ".latency", a.links[i].latency, b.links[i].latency,
               [this](auto q, auto& x, auto& y) { latency(q, x, y); });
      optional(p + ".loss", a.links[i].loss, b.links[i].loss, [this](auto q, auto x, auto y) { probability(q, x, y); });
      optional(p + ".duplicate", a.links[i].duplicate, b.links[i].duplicate,
               [this](auto q, auto x, auto y) { probability(q, x, y); });
    }

    same("default_clock.offset", a.default_clock.offset, b.default_clock.offset);
    same("default_clock.drift_ppm", a.default_clock.drift_ppm, b.default_clock.drift_ppm);
    same("clocks.size", a.clocks.size(), b.clocks.size());
    for (auto ia = a.clocks.begin(), ib = b.clocks.begin(); first_.empty() && ia != a.clocks.end(); ++ia, ++ib) {
      same("clocks key", ia->first, ib->first);
      same("clocks.offset", ia->second.offset, ib->second.offset);
      same("clocks.drift_ppm", ia->second.drift_ppm, ib->second.drift_ppm);
    }

    same("faults.size", a.faults.size(), b.faults.size());
    for (std::size_t i = 0; first_.empty() && i < a.faults.size(); ++i) {
      fault("faults[" + std::to_string(i) + "]", a.faults[i], b.faults[i]);
    }

    const NemesisSpec &na = a.nemesis, &nb = b.nemesis;
    same("nemesis.enabled", na.enabled, nb.enabled);
    same("nemesis.kinds", na.kinds, nb.kinds);
    same("nemesis.partitions", na.partitions, nb.partitions);
    same("nemesis.start", na.start, nb.start);
    same("nemesis.stop", na.stop, nb.stop);
    same("nemesis.interval_min", na.interval_min, nb.interval_min);
    same("nemesis.interval_max", na.interval_max, nb.interval_max);
    same("nemesis.lasts_min", na.lasts_min, nb.lasts_min);
    same("nemesis.lasts_max", na.lasts_max, nb.lasts_max);
    same("nemesis.max_down", na.max_down, nb.max_down);
    same("nemesis.clock_jump_max", na.clock_jump_max, nb.clock_jump_max);
    same("nemesis.drift_ppm_max", na.drift_ppm_max, nb.drift_ppm_max);
    probability("nemesis.loss_max", na.loss_max, nb.loss_max);
    probability("nemesis.duplicate_max", na.duplicate_max, nb.duplicate_max);

    const WorkloadSpec &wa = a.workload, &wb = b.workload;
    same("workload.clients", wa.clients, wb.clients);
    same("workload.keys", wa.keys, wb.keys);
    same("mix.get", wa.mix.get, wb.mix.get);
    same("mix.put", wa.mix.put, wb.mix.put);
    same("mix.del", wa.mix.del, wb.mix.del);
    same("mix.cas", wa.mix.cas, wb.mix.cas);
    latency("workload.think", wa.think, wb.think);
    same("workload.rate", wa.rate, wb.rate);
    same("workload.timeout", wa.timeout, wb.timeout);
    same("workload.retries", wa.retries, wb.retries);
    same("workload.string_values", wa.string_values, wb.string_values);
    same("workload.max_ops", wa.max_ops, wb.max_ops);

    same("checks.linearizability", a.checks.linearizability, b.checks.linearizability);
    same("checks.lin_time_budget", a.checks.lin_time_budget, b.checks.lin_time_budget);
    same("checks.lin_memory_budget_mb", a.checks.lin_memory_budget_mb, b.checks.lin_memory_budget_mb);
    same("checks.liveness", a.checks.liveness, b.checks.liveness);
    same("checks.liveness_bound", a.checks.liveness_bound, b.checks.liveness_bound);
    same("checks.require_marks", a.checks.require_marks, b.checks.require_marks);

    same("expect.pass", a.expect.pass, b.expect.pass);
    same("expect.failed_check", a.expect.failed_check, b.expect.failed_check);
  }

  std::string first_;
};

}  // namespace cachesim::testing
