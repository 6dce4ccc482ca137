// White-box agreement: what replicas state about their logs must agree.
//
// Protocol nodes report, through Context::observe():
//   {"paxos.chosen",  {group, slot, command_hash}}  a replica learned a slot's value
//   {"cache.applied", {group, index, state_hash}}   a replica's state after applying
//                                                    the log up to index
// Contract: the first report that contradicts an earlier one (a slot chosen
// with two different commands; two replicas with different states after
// the same prefix) is kept as the breach, with the node, time and event
// index, and the run is stopped (a breach is exit 1, whatever comes later).
// Memory: 16 bytes per slot per group (slot numbers are dense).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/host/simulator.hpp"

namespace cachesim {

struct AgreementBreach {
  std::string what;
  std::uint64_t event = 0;
  Time time = 0;
  NodeId node = kNoNode;
};

class AgreementChecker : public SimObserver {
 public:
  explicit AgreementChecker(Simulator& sim) : sim_(sim) {}
  void on_observation(NodeId node, const Observation& fact) override;

  const std::optional<AgreementBreach>& breach() const { return breach_; }
  std::uint64_t chosen_reports() const { return chosen_reports_; }
  std::uint64_t applied_reports() const { return applied_reports_; }

 private:
  struct Seen {
    std::uint64_t hash = 0;
    NodeId node = kNoNode;
    bool set = false;
  };
  // Records `hash` for (group, index) in `table`; false on a contradiction.
  bool agree(std::vector<std::vector<Seen>>& table, std::uint64_t group, std::uint64_t index, std::uint64_t hash,
             NodeId node, Seen* earlier);
  void report(NodeId node, std::string what);

  Simulator& sim_;
  std::vector<std::vector<Seen>> chosen_;   // [group][slot]
  std::vector<std::vector<Seen>> applied_;  // [group][index]
  std::optional<AgreementBreach> breach_;
  std::uint64_t chosen_reports_ = 0, applied_reports_ = 0;
};

}  // namespace cachesim
