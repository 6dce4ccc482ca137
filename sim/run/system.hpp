// A system under test, as the harness sees it: how to build its servers and
// its clients for a scenario. Systems are chosen by the scenario's
// cluster.protocol; tests add their own (deliberately broken variants) to a
// registry of their own, so nothing global changes.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/ring/ring.hpp"
#include "sim/fault/fault.hpp"
#include "sim/host/simulator.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/workload/history_recorder.hpp"

namespace cachesim {

class System {
 public:
  virtual ~System() = default;
  // Server `id` (0..servers-1).
  virtual NodeFactory server(NodeId id) = 0;
  // Client number `index` (endpoint id servers + index), recording into `history`.
  virtual NodeFactory client(NodeId id, std::uint32_t index, HistoryRecorder& history) = 0;
  // Whether it runs list-append transactions; the runner refuses a
  // transaction workload for a system that does not.
  virtual bool runs_transactions() const { return false; }
  // Transaction client number `index` (endpoint id sc.first_txn_client() +
  // index); called only when runs_transactions().
  virtual NodeFactory txn_client(NodeId /*id*/, std::uint32_t /*index*/, HistoryRecorder& /*history*/) { return {}; }
  // Whether its clients' history is checked against the key-value model.
  virtual bool key_value_history() const { return true; }
  // The ring that places keys, if the system is sharded (for the summary's
  // balance report); null otherwise.
  virtual const ring::Ring* ring() const { return nullptr; }
  // After the run, with the faults healed: locks still held by live
  // servers' applied state, one line each ("group 3 key x4 locked by
  // c2#17"). Empty when nothing is held or the system has no locks.
  virtual std::vector<std::string> held_locks(Simulator& /*sim*/) const { return {}; }
  // Where a fault aimed at a transaction role (FaultAim::coordinator,
  // participant) strikes now: a server in that role, or none (always none
  // for a system without transactions).
  virtual std::optional<NodeId> txn_role(Simulator& /*sim*/, FaultAim /*role*/) const { return std::nullopt; }
};

using SystemMaker = std::function<std::unique_ptr<System>(const Scenario&)>;

class SystemRegistry {
 public:
  void add(std::string name, SystemMaker maker) { makers_[std::move(name)] = std::move(maker); }
  const SystemMaker* find(std::string_view name) const {
    auto it = makers_.find(name);
    return it == makers_.end() ? nullptr : &it->second;
  }
  // The system the scenario names, or InputError at /cluster/protocol.
  const SystemMaker& require(const Scenario& sc) const;
  std::vector<std::string> names() const {
    std::vector<std::string> v;
    for (const auto& [name, maker] : makers_) v.push_back(name);
    return v;
  }

 private:
  std::map<std::string, SystemMaker, std::less<>> makers_;
};

// The systems cachesim ships: "cache" (the Multi-Paxos replicated cache, one
// group) and "sharded" (groups on a consistent-hashing ring, two-phase commit).
SystemRegistry builtin_systems();

}  // namespace cachesim
