// A scenario, as data: the cluster, its network and clocks, the faults, the
// workload, the checks, and the verdict the scenario expects.
//
// Loaded from JSON by load_scenario() (loader.hpp), which validates every
// field strictly; everything here is therefore already in range and every
// node reference resolved to an index. Defaults live in this file, so the
// loader, the schema and the docs name one place.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocols/paxos/config.hpp"
#include "protocols/ring/ring.hpp"
#include "protocols/twopc/config.hpp"
#include "sim/core/node.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"
#include "sim/fault/fault.hpp"
#include "sim/net/latency.hpp"

namespace cachesim {

struct LinkSpec {
  LatencyDist latency = LatencyDist::uniform(1 * kMillisecond, 3 * kMillisecond);
  Probability loss = Probability::never();
  Probability duplicate = Probability::never();
};

struct LinkOverride {
  NodeId from = 0, to = 0;  // endpoints: servers 0..n-1, then clients n..n+c-1
  std::optional<LatencyDist> latency;
  std::optional<Probability> loss;
  std::optional<Probability> duplicate;
};

struct ClockSpec {
  Duration offset = 0;         // local clock minus true time at the start
  std::int64_t drift_ppm = 0;  // + runs fast; bounded to +-400000 (40%) by the loader
};

// The protocol's own settings, used as they are: the harness may see
// protocols (DESIGN.md's arrows), and one struct means one set of defaults.
using PaxosSpec = paxos::PaxosConfig;
using LeaseSpec = paxos::LeaseConfig;
using RingSpec = ring::RingConfig;     // protocol "sharded" only
using TwoPcSpec = twopc::TwoPcConfig;  // protocol "sharded" only

struct ClusterSpec {
  std::string protocol = "cache";  // which node implementation (see sim/run/systems)
  std::uint32_t nodes = 5;         // servers, named n1..nN
  PaxosSpec paxos;
  LeaseSpec leases;
  RingSpec ring;
  TwoPcSpec twopc;
};

struct OpMix {
  std::uint32_t get = 50, put = 30, del = 5, cas = 15;  // relative weights
};

struct WorkloadSpec {
  std::uint32_t clients = 5;      // named c1..cN
  std::uint32_t keys = 3;
  OpMix mix;
  // Between a client's operations: think time, or, if rate > 0, exponential
  // think time such that all clients together offer `rate` ops per second.
  LatencyDist think = LatencyDist::uniform(0, 10 * kMillisecond);
  double rate = 0.0;
  Duration timeout = 500 * kMillisecond;  // per attempt
  std::uint32_t retries = 2;              // attempts after the first, then info
  bool string_values = false;
  std::uint64_t max_ops = 0;              // 0 = until the workload ends
};

// List-append transactions (protocol "sharded"): each transaction appends
// unique integers to lists and reads whole lists, on keys "x0".."x<keys-1>"
// (disjoint from the key-value workload's "k" keys).
struct TxnWorkloadSpec {
  std::uint32_t clients = 0;  // named t1..tN; 0 = no transaction workload
  std::uint32_t keys = 8;     // active keys at any time: fewer keys, more contention
  // A key is retired (a fresh one takes its place) after this many appends,
  // so lists and reads stay short (sim/workload/txn_key_pool.hpp); 0 = never.
  std::uint64_t max_writes_per_key = 32;
  std::uint32_t min_ops = 1, max_ops = 4;  // micro-ops per transaction
  std::uint32_t read_percent = 50;         // chance a micro-op is a read
  // Chance that a transaction with two or more micro-ops is built to span
  // two or more groups; otherwise all its keys come from one group.
  std::uint32_t multi_group_percent = 50;
  LatencyDist think = LatencyDist::uniform(0, 10 * kMillisecond);
  Duration timeout = 1 * kSecond;  // per attempt
  std::uint32_t retries = 2;       // attempts after the first, then info
  std::uint64_t max_txns = 0;      // 0 = until the workload ends
};

struct CheckSpec {
  bool linearizability = true;
  Duration lin_time_budget = 10 * kSecond;    // wall time
  std::uint64_t lin_memory_budget_mb = 1024;
  // Transaction histories (protocol "sharded" with a transaction workload):
  // atomicity and strict-serializability anomalies (sim/check/txn_*).
  bool transactions = true;
  Duration txn_time_budget = 10 * kSecond;  // wall time
  bool liveness = true;
  // After the last fault heals, every operation completes within this.
  Duration liveness_bound = 5 * kSecond;
  std::vector<std::string> require_marks;  // "sometimes" properties
};

struct Expectation {
  bool pass = true;
  std::string failed_check;  // when !pass: the check expected to fail
};

struct Scenario {
  std::string file;  // where it was loaded from, for messages
  std::string name;
  std::string description;
  std::optional<std::uint64_t> seed;

  Duration duration = 10 * kSecond;  // the workload runs in [0, duration)
  ClusterSpec cluster;
  LinkSpec network;
  std::vector<LinkOverride> links;
  ClockSpec default_clock;
  std::map<NodeId, ClockSpec> clocks;  // per-server overrides
  std::vector<Fault> faults;           // in time order (stable for equal times)
  NemesisSpec nemesis;
  WorkloadSpec workload;
  TxnWorkloadSpec transactions;
  CheckSpec checks;
  Expectation expect;

  std::uint32_t servers() const { return cluster.nodes; }
  std::uint32_t endpoints() const { return cluster.nodes + workload.clients + transactions.clients; }
  // The first transaction client's endpoint id.
  NodeId first_txn_client() const { return cluster.nodes + workload.clients; }
  // "n3" for server 2, "c1" for the first key-value client, "t1" for the
  // first transaction client.
  std::string endpoint_name(NodeId id) const;
  // Every endpoint's name, by id (what trace writers print).
  std::vector<std::string> endpoint_names() const;
};

}  // namespace cachesim
