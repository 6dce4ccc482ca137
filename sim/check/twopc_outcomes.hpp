// White-box atomicity of two-phase commit: every participant decides the
// same way.
//
// Protocol nodes report, through Context::observe(), each time a replica of
// a participant group applies a transaction's decision:
//   {"twopc.decided", {group, client, seq, committed (1) or aborted (0)}}
// Contract: the first report that contradicts an earlier one for the same
// transaction (client, seq) — committed at one participant (or replica),
// aborted at another — is kept as the breach with the node, time and event
// index, and the run is stopped: a breach is exit 1 whatever comes later.
// Memory: one entry per decided transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "sim/check/agreement.hpp"  // AgreementBreach
#include "sim/host/simulator.hpp"

namespace cachesim {

class TwoPcOutcomeChecker : public SimObserver {
 public:
  explicit TwoPcOutcomeChecker(Simulator& sim) : sim_(sim) {}
  void on_observation(NodeId node, const Observation& fact) override;

  const std::optional<AgreementBreach>& breach() const { return breach_; }
  std::uint64_t reports() const { return reports_; }
  std::uint64_t transactions() const { return decided_.size(); }
  std::uint64_t committed() const { return committed_; }

 private:
  struct Decided {
    bool committed = false;
    std::uint64_t group = 0;
    NodeId node = kNoNode;
  };

  Simulator& sim_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, Decided> decided_;  // (client, seq)
  std::optional<AgreementBreach> breach_;
  std::uint64_t reports_ = 0, committed_ = 0;
};

}  // namespace cachesim
