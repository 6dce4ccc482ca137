// A simulated sharded cache for 2PC tests: n ShardNodes (a ring of Paxos
// groups, R replicas each) and transaction clients (the real TxnClient) in a
// Simulator, with white-box checkers on the nodes' observations:
//   * agreement (sim/check/agreement.hpp) over every group's log and state;
//   * decided: no txn is reported committed by one replica and aborted by
//     another ("twopc.decided", see twopc/engine.hpp).
// It stops the run at the first breach, like `cachesim run`.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocols/cache/shard_node.hpp"
#include "sim/check/agreement.hpp"
#include "sim/host/simulator.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/workload/history_recorder.hpp"
#include "tests/twopc/script_node.hpp"

namespace cachesim::twopc_test {

class DecidedChecker {
 public:
  // Returns a description of the contradiction, or "".
  std::string note(NodeId node, const Observation& fact);
  std::uint64_t reports() const { return reports_; }
  std::uint64_t committed() const { return committed_; }
  // How txn (client, seq) was reported decided: nullopt if never, else
  // committed (true) or aborted (false); both ways is a breach (note()).
  std::optional<bool> outcome(std::uint64_t client, std::uint64_t seq) const;
  // Reports of txn (client, seq) by participant replicas.
  std::uint64_t reports_of(std::uint64_t client, std::uint64_t seq) const;

 private:
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::pair<std::uint8_t, NodeId>> seen_;  // txn -> (mask, node)
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint64_t> reports_of_;
  std::uint64_t reports_ = 0, committed_ = 0;
};

struct ShardOptions {
  std::uint32_t servers = 5;
  ring::RingConfig ring{8, 3};
  paxos::PaxosConfig paxos = fast_paxos();
  twopc::TwoPcConfig twopc = fast_twopc();
  LinkParams link;
  std::uint32_t clients = 4;
  TxnWorkloadSpec workload = default_workload();
  Time stop = 2 * kSecond;  // clients start no txn after this
  cache::ShardSeams seams;
  std::uint32_t script_nodes = 0;  // ScriptNode endpoints after the clients (script_node.hpp)

  static paxos::PaxosConfig fast_paxos() {
    paxos::PaxosConfig p;
    p.heartbeat = 20 * kMillisecond;
    p.election_timeout_min = 100 * kMillisecond;
    p.election_timeout_max = 200 * kMillisecond;
    return p;
  }
  static twopc::TwoPcConfig fast_twopc() {
    twopc::TwoPcConfig t;
    t.vote_timeout = 200 * kMillisecond;
    t.decision_timeout = 400 * kMillisecond;
    return t;
  }
  static TxnWorkloadSpec default_workload() {
    TxnWorkloadSpec w;
    w.keys = 12;
    w.min_ops = 1;
    w.max_ops = 4;
    w.multi_group_percent = 70;
    w.think = LatencyDist::uniform(0, 5 * kMillisecond);
    w.timeout = 300 * kMillisecond;
    w.retries = 3;
    return w;
  }
};

class ShardCluster final : public SimObserver {
 public:
  ShardCluster(std::uint64_t seed, ShardOptions opt);

  Simulator& sim() { return *sim_; }
  const History& history() const { return history_.history(); }
  const ring::Ring& ring() const { return *ring_; }
  const ShardOptions& options() const { return opt_; }

  // White-box: the server's node (nullptr while crashed).
  const cache::ShardNode* server(NodeId id);
  // Script endpoint i (0-based) and its node id.
  ScriptNode& script(std::uint32_t i);
  NodeId script_id(std::uint32_t i) const { return opt_.servers + opt_.clients + i; }
  // The member of group g that leads it with the highest ballot, if any.
  std::optional<NodeId> leader_of(paxos::GroupId g);
  // Every lock held in any up server's applied state.
  std::vector<twopc::HeldLock> held_locks();
  // Multi-group decisions still remembered (not yet FORGOTTEN) in any up
  // server's applied state, over every replica of every group.
  std::size_t remembered_decisions();
  // Txns begun and not decided, over every replica of every coordinator group.
  std::size_t in_progress_txns();
  // Groups whose up replicas have not all applied the same index and state.
  std::string divergence();
  bool run_until(Time t) { return sim_->run_until(t); }
  // Steps event by event until `pred` holds (true) or `until` passes or the
  // run stops (false). pred is asked before every step.
  template <class Pred>
  bool step_until(Time until, Pred pred) {
    while (sim_->now() < until && !sim_->stopped()) {
      if (pred()) return true;
      if (!sim_->step()) break;
    }
    return false;
  }
  std::uint64_t mark(std::string_view name) const;

  bool decided_ok() const { return decided_breach_.empty(); }
  const std::string& decided_breach() const { return decided_breach_; }
  bool agreement_ok() const { return !agreement_->breach(); }
  const DecidedChecker& decided() const { return decided_; }
  std::string failure_text() const;

  // Counts of completed txns by outcome.
  struct Tally {
    std::uint64_t ok = 0, fail = 0, info = 0, pending = 0, multi_group_ok = 0;
  };
  Tally tally() const;

  void on_observation(NodeId node, const Observation& fact) override;

 private:
  ShardOptions opt_;
  std::shared_ptr<const ring::Ring> ring_;
  HistoryRecorder history_;
  std::unique_ptr<Simulator> sim_;
  std::unique_ptr<AgreementChecker> agreement_;
  DecidedChecker decided_;
  std::string decided_breach_;
};

// Locks held, as text ("g3:x4 by c1000001#7, ...").
std::string describe(const std::vector<twopc::HeldLock>& locks);

}  // namespace cachesim::twopc_test
