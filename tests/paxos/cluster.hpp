// A simulated cache cluster for tests: n CacheNodes and c TestClients in a
// Simulator, an agreement checker watching the nodes' observations, and the
// history the clients recorded.
//
// The checkers here stand in for the harness's (sim/check, not yet
// written): AgreementChecker asserts from "paxos.chosen" and "cache.applied"
// that no two replicas ever learned different commands for one slot, nor
// reached different states at one index; stale_reads() is a linearizability
// check specialised to a single-writer register whose writes only grow.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "protocols/cache/cache_config.hpp"
#include "protocols/cache/cache_node.hpp"
#include "sim/check/agreement.hpp"
#include "sim/host/simulator.hpp"
#include "tests/paxos/test_client.hpp"

namespace cachesim::paxos_test {

// The harness's agreement checker (sim/check/agreement.hpp), in the words
// these tests use. It stops the run at the first breach, like `cachesim run`.
class AgreementChecker final : public SimObserver {
 public:
  void attach(Simulator& sim) { real_ = std::make_unique<cachesim::AgreementChecker>(sim); }
  void on_observation(NodeId node, const Observation& fact) override { real_->on_observation(node, fact); }
  bool ok() const { return !real_->breach(); }
  std::string first() const { return real_->breach() ? real_->breach()->what : std::string(); }
  std::uint64_t chosen_seen() const { return real_->chosen_reports(); }
  std::uint64_t applied_seen() const { return real_->applied_reports(); }

 private:
  std::unique_ptr<cachesim::AgreementChecker> real_;
};

struct ClusterOptions {
  std::uint32_t servers = 5;
  std::uint32_t clients = 5;
  paxos::PaxosConfig paxos = fast_paxos();
  paxos::LeaseConfig lease;
  LinkParams link;
  std::vector<Clock> server_clocks;  // empty: exact clocks
  cache::CacheSeams seams;
  ClientOptions client;
  OpGenerator gen = random_ops(5);

  // Shorter timeouts than the scenario defaults, so tests see many elections
  // per simulated second.
  static paxos::PaxosConfig fast_paxos() {
    paxos::PaxosConfig p;
    p.heartbeat = 20 * kMillisecond;
    p.election_timeout_min = 100 * kMillisecond;
    p.election_timeout_max = 200 * kMillisecond;
    return p;
  }
};

class Cluster {
 public:
  Cluster(std::uint64_t seed, ClusterOptions opt);

  Simulator& sim() { return *sim_; }
  const History& history() const { return history_; }
  const AgreementChecker& agreement() const { return agreement_; }
  const ClusterOptions& options() const { return opt_; }

  // White-box: the server's node (nullptr while crashed).
  const cache::CacheNode* server(NodeId id);
  // The server that currently leads with the highest ballot, if any.
  std::optional<NodeId> leader();
  // Runs until `t`; false if the run failed (an invariant check threw).
  bool run_until(Time t) { return sim_->run_until(t); }

  // Every up server has applied the same index with the same state hash.
  // Returns a description of the difference, or "" when converged.
  std::string divergence();
  std::uint64_t mark(std::string_view name) const;
  // Everything that went wrong, for assertion messages.
  std::string failure_text() const;

 private:
  ClusterOptions opt_;
  History history_;
  AgreementChecker agreement_;
  std::unique_ptr<Simulator> sim_;
};

// Reads of "x" that returned a value older than one whose write completed
// before the read was invoked (register written 1, 2, 3, ... by one client).
struct StaleRead {
  std::int64_t read = 0, newer_acked = 0;
  Time invoke = 0;
};
std::vector<StaleRead> stale_reads(const History& h, std::string_view key = "x");

// Reads and failed cas that report a value nobody ever wrote.
std::uint64_t phantom_values(const History& h);

}  // namespace cachesim::paxos_test
