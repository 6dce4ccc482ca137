#include "sim/run/runner.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "sim/check/agreement.hpp"
#include "sim/check/linearizability.hpp"
#include "sim/check/liveness.hpp"
#include "sim/check/twopc_outcomes.hpp"
#include "sim/core/input_error.hpp"
#include "sim/fault/injector.hpp"
#include "sim/run/observers.hpp"
#include "sim/run/sharded_checks.hpp"

namespace cachesim {

const char* to_string(CheckStatus s) {
  switch (s) {
    case CheckStatus::pass: return "pass";
    case CheckStatus::fail: return "fail";
    case CheckStatus::unknown: return "unknown";
    case CheckStatus::skipped: return "skipped";
  }
  return "?";
}

std::string RunResult::failed_check() const {
  for (const CheckResult& c : checks)
    if (c.status == CheckStatus::fail) return c.name;
  return "";
}

namespace {

LinkParams link_params(const LinkSpec& s) {
  LinkParams p;
  p.latency = s.latency;
  p.loss = s.loss;
  p.duplicate = s.duplicate;
  return p;
}

Clock server_clock(const Scenario& sc, NodeId id) {
  auto it = sc.clocks.find(id);
  const ClockSpec& c = it == sc.clocks.end() ? sc.default_clock : it->second;
  return Clock(c.offset, c.drift_ppm);
}

// When the last scheduled or nemesis fault (with its undo) is over.
Time fault_end(const Scenario& sc) {
  Time end = 0;
  for (const Fault& f : sc.faults) end = std::max(end, f.at + f.lasts.value_or(0));
  if (sc.nemesis.enabled) end = std::max(end, sc.nemesis.stop);
  return end;
}

std::string where(const Simulator& sim, std::uint64_t event, Time time, NodeId node) {
  std::string s = "at event " + std::to_string(event) + ", " + format_time(time);
  if (node != kNoNode) s += " on " + sim.name(node);
  return s;
}

HistoryCounts count(const std::vector<Operation>& ops) {
  HistoryCounts c;
  for (const Operation& op : ops) {
    ++c.ops;
    if (!op.completed || op.outcome == Outcome::kInfo) {
      ++c.info;
    } else if (op.outcome == Outcome::kOk) {
      ++c.ok;
    } else {
      ++c.fail;
    }
  }
  return c;
}

}  // namespace

RunResult run_scenario(const Scenario& sc, const RunOptions& options, const SystemRegistry& systems) {
  std::unique_ptr<System> system = systems.require(sc)(sc);
  HistoryRecorder recorder;
  if (options.history_stream) recorder.stream_to(options.history_stream);

  std::vector<EndpointSpec> endpoints;
  for (NodeId id = 0; id < sc.servers(); ++id) endpoints.push_back({sc.endpoint_name(id), system->server(id), server_clock(sc, id)});
  for (std::uint32_t c = 0; c < sc.workload.clients; ++c) {
    const NodeId id = sc.servers() + c;
    endpoints.push_back({sc.endpoint_name(id), system->client(id, c, recorder), Clock()});
  }
  if (sc.transactions.clients > 0 && !system->runs_transactions()) {
    throw InputError(sc.file + ": /transactions: expected a protocol that runs transactions (\"sharded\"), found \"" +
                     sc.cluster.protocol + "\"");
  }
  for (std::uint32_t t = 0; t < sc.transactions.clients; ++t) {
    const NodeId id = sc.first_txn_client() + t;
    endpoints.push_back({sc.endpoint_name(id), system->txn_client(id, t, recorder), Clock()});
  }
  Simulator sim(options.seed, std::move(endpoints), sc.servers(), link_params(sc.network));
  for (const LinkOverride& o : sc.links) {
    LinkParams p = sim.network().link(o.from, o.to);
    if (o.latency) p.latency = *o.latency;
    if (o.loss) p.loss = *o.loss;
    if (o.duplicate) p.duplicate = *o.duplicate;
    sim.network().set_link(o.from, o.to, p);
  }
  for (TraceSink* s : options.trace_sinks) sim.trace().add_sink(s);
  AgreementChecker agreement(sim);
  LeaderTracker leaders(sim);
  TwoPcOutcomeChecker outcomes(sim);
  ObserverFanout observers;
  observers.add(&agreement);
  if (system->runs_transactions()) observers.add(&outcomes);
  observers.add(&leaders);
  sim.set_observer(&observers);
  FaultInjector faults(sim);
  faults.set_leader_source([&leaders] { return leaders.leader(); });
  faults.set_role_source([&sim, &system](FaultAim role) { return system->txn_role(sim, role); });
  faults.schedule(sc.faults);
  faults.start_nemesis(sc.nemesis);

  // ---- run
  sim.start();
  const Time settle = std::max(sc.duration, fault_end(sc));
  const Time hard_end = settle + sc.checks.liveness_bound;
  sim.run_until(settle);
  while (!sim.stopped() && sim.now() < hard_end && recorder.pending() > 0) {
    sim.run_until(std::min(sim.now() + 10 * kMillisecond, hard_end));
  }
  // Locks: the last transactions' decisions reach their participants after
  // their clients heard; give the protocol the liveness bound to finish
  // (no client is active now) before judging what is still held.
  const bool judge_locks = system->runs_transactions() && sc.transactions.clients > 0;
  if (judge_locks && !sim.stopped()) sim.run_until(sim.now() + sc.checks.liveness_bound);
  sim.trace().flush();
  recorder.flush();

  RunResult r;
  r.scenario = sc.name;
  r.file = sc.file;
  r.seed = options.seed;
  r.sim_time = sim.now();
  r.stats = sim.stats();
  r.trace_hash = sim.trace().hash();
  r.trace_events = sim.trace().count();
  for (const auto& [name, n] : sim.marks()) r.marks.emplace(name, n);
  r.injected = faults.injected();
  if (!faults.disrupted()) r.quiet_start = faults.last_disruption();
  r.expected = sc.expect.pass ? "pass" : "fail " + sc.expect.failed_check + " (every other check holding)";
  const bool cut_short = sim.failure() || agreement.breach() || outcomes.breach();

  // ---- checks
  {
    CheckResult c{"invariants", CheckStatus::pass, "no protocol assertion failed", ""};
    if (const auto& f = sim.failure()) {
      c.status = CheckStatus::fail;
      c.line = f->what;
      c.details = f->what + "\n" + where(sim, f->event, f->time, f->node) + "\n";
    }
    r.checks.push_back(std::move(c));
  }
  {
    CheckResult c{"agreement", CheckStatus::pass,
                  std::to_string(agreement.chosen_reports()) + " chosen and " +
                      std::to_string(agreement.applied_reports()) + " applied reports agree",
                  ""};
    if (agreement.chosen_reports() + agreement.applied_reports() == 0) {
      c.status = CheckStatus::skipped;
      c.line = "no replica reported what it chose or applied";
    }
    if (const auto& b = agreement.breach()) {
      c.status = CheckStatus::fail;
      c.line = b->what;
      c.details = b->what + "\n" + where(sim, b->event, b->time, b->node) + "\n";
    }
    r.checks.push_back(std::move(c));
  }
  if (system->runs_transactions()) {
    CheckResult c{"atomicity", CheckStatus::pass,
                  std::to_string(outcomes.transactions()) + " decided transactions (" +
                      std::to_string(outcomes.committed()) + " committed), " + std::to_string(outcomes.reports()) +
                      " participant reports agree",
                  ""};
    if (outcomes.reports() == 0) {
      c.status = CheckStatus::skipped;
      c.line = "no participant reported a decision";
    }
    if (const auto& b = outcomes.breach()) {
      c.status = CheckStatus::fail;
      c.line = b->what;
      c.details = b->what + "\n" + where(sim, b->event, b->time, b->node) + "\n";
    }
    r.checks.push_back(std::move(c));
  }
  const std::vector<Operation> ops = pair_operations(recorder.history());
  r.counts = count(ops);
  // Each checker takes its own kind of operation. Copies only when a run has
  // both kinds; most runs have one, which is then checked in place.
  std::vector<Operation> kv_split, txn_split;
  const std::size_t txn_count =
      static_cast<std::size_t>(std::count_if(ops.begin(), ops.end(), [](const Operation& op) { return op.f == OpFunction::kTxn; }));
  if (txn_count != 0 && txn_count != ops.size())
    for (const Operation& op : ops) (op.f == OpFunction::kTxn ? txn_split : kv_split).push_back(op);
  const std::vector<Operation>& kv_ops = txn_count == 0 ? ops : kv_split;
  const std::vector<Operation>& txn_ops = txn_count == ops.size() ? ops : txn_split;
  if (const ring::Ring* ring = system->ring()) r.ring = ring_balance(*ring, ops);
  if (sc.checks.linearizability && system->key_value_history() && sc.workload.clients == 0) {
    // Skipped beside a transaction check, which judges what clients saw;
    // alone, the run would pass having checked no client at all.
    const bool txn_checked = sc.checks.transactions && sc.transactions.clients > 0;
    r.checks.push_back({"linearizability", txn_checked ? CheckStatus::skipped : CheckStatus::unknown,
                        txn_checked ? "no key-value clients" : "no key-value clients: no history to check", ""});
  } else if (sc.checks.linearizability && system->key_value_history()) {
    LinearizabilityBudget budget;
    budget.max_memory_bytes = static_cast<std::size_t>(sc.checks.lin_memory_budget_mb) << 20;
    if (options.make_deadline) budget.out_of_time = options.make_deadline(sc.checks.lin_time_budget);
    const LinearizabilityResult lin = check_linearizability(kv_ops, budget);
    CheckResult c{"linearizability", CheckStatus::pass, "", ""};
    c.status = lin.verdict == Verdict::kOk        ? CheckStatus::pass
               : lin.verdict == Verdict::kIllegal ? CheckStatus::fail
                                                  : CheckStatus::unknown;
    std::size_t vacuous = 0;
    for (const KeyResult& k : lin.keys) vacuous += k.vacuous;
    c.line = std::to_string(lin.keys.size()) + " keys, " + std::to_string(lin.operations) + " operations";
    if (vacuous) c.line += " (" + std::to_string(vacuous) + " keys never read)";
    if (!lin.reason.empty()) c.line += ": " + lin.reason;
    if (lin.verdict != Verdict::kOk) c.details = render_text(lin);
    if (lin.verdict == Verdict::kIllegal) r.witnesses["linearizability"] = render_json(lin);
    r.checks.push_back(std::move(c));
  }
  if (sc.checks.transactions && sc.transactions.clients > 0) {
    std::function<bool()> out_of_time;
    if (options.make_deadline) out_of_time = options.make_deadline(sc.checks.txn_time_budget);
    add_transaction_check(r, txn_ops, std::move(out_of_time));
  }
  if (sc.checks.liveness) {
    CheckResult c{"liveness", CheckStatus::skipped, "", ""};
    if (cut_short) {
      c.line = "the run stopped early";
    } else if (!r.quiet_start) {
      c.line = "the faults never healed: nothing to judge";
    } else {
      const LivenessResult live = check_liveness(ops, *r.quiet_start, sc.checks.liveness_bound, sim.now());
      c.status = live.held ? CheckStatus::pass : CheckStatus::fail;
      if (live.vacuous) c.status = CheckStatus::skipped;
      c.line = live.vacuous ? "no operation ran in the quiet phase: nothing to judge"
               : live.held  ? std::to_string(live.judged) + " operations completed within " +
                               format_duration(sc.checks.liveness_bound) + " of the quiet phase (from " +
                               format_time(*r.quiet_start) + ")"
                         : std::to_string(live.stuck.size()) + " operations stuck after the faults healed at " +
                               format_time(*r.quiet_start);
      c.details = live.text;
      if (judge_locks && !live.vacuous) add_held_locks(c, system->held_locks(sim), sim.now());
    }
    r.checks.push_back(std::move(c));
  }
  if (!sc.checks.require_marks.empty()) {
    CheckResult c{"marks", CheckStatus::pass, "", ""};
    std::string missing;
    for (const std::string& m : sc.checks.require_marks)
      if (!r.marks.contains(m)) missing += (missing.empty() ? "" : ", ") + m;
    if (missing.empty()) {
      c.line = "every required mark was hit";
    } else {
      c.status = CheckStatus::fail;
      c.line = "vacuous run: never saw " + missing;
    }
    r.checks.push_back(std::move(c));
  }

  // ---- verdict
  bool any_unknown = false, any_fail = false;
  for (const CheckResult& c : r.checks) {
    any_fail |= c.status == CheckStatus::fail;
    any_unknown |= c.status == CheckStatus::unknown;
  }
  r.verdict = any_fail ? CheckStatus::fail : any_unknown ? CheckStatus::unknown : CheckStatus::pass;
  if (sc.expect.pass) {
    r.as_expected = r.verdict == CheckStatus::pass;
  } else {
    // The named check must fail, and it alone: a scenario that expects stale
    // reads must not hide a broken agreement or a vacuous run behind them.
    const CheckResult* c = r.check(sc.expect.failed_check);
    r.as_expected = c && c->status == CheckStatus::fail;
    for (const CheckResult& other : r.checks)
      if (&other != c && (other.status == CheckStatus::fail || other.status == CheckStatus::unknown))
        r.as_expected = false;
  }
  if (options.keep_history) r.history = recorder.take_history();
  return r;
}

}  // namespace cachesim
