// Harness-side observers of what nodes report (Context::observe / mark).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/host/simulator.hpp"

namespace cachesim {

// Forwards every report to several observers, in order.
class ObserverFanout : public SimObserver {
 public:
  void add(SimObserver* o) { observers_.push_back(o); }
  void on_mark(NodeId node, std::string_view name) override {
    for (SimObserver* o : observers_) o->on_mark(node, name);
  }
  void on_observation(NodeId node, const Observation& fact) override {
    for (SimObserver* o : observers_) o->on_observation(node, fact);
  }

 private:
  std::vector<SimObserver*> observers_;
};

// Who leads group 0: nodes report {"paxos.leader", {group, ballot_round,
// ballot_node}} when they become leader. The latest claim with the highest
// ballot wins; a claimant that crashed since (even if it restarted) leads no
// more.
class LeaderTracker : public SimObserver {
 public:
  explicit LeaderTracker(const Simulator& sim) : sim_(sim) {}
  void on_observation(NodeId node, const Observation& fact) override {
    if (fact.kind != "paxos.leader" || fact.v[0] != 0) return;
    const std::pair<std::uint64_t, std::uint64_t> ballot{fact.v[1], fact.v[2]};
    if (!leader_ || ballot >= ballot_) {
      leader_ = node;
      ballot_ = ballot;
      incarnation_ = sim_.incarnation(node);
    }
  }
  std::optional<NodeId> leader() const {
    if (leader_ && sim_.up(*leader_) && sim_.incarnation(*leader_) == incarnation_) return leader_;
    return std::nullopt;
  }

 private:
  const Simulator& sim_;
  std::optional<NodeId> leader_;
  std::pair<std::uint64_t, std::uint64_t> ballot_{0, 0};
  std::uint32_t incarnation_ = 0;
};

}  // namespace cachesim
