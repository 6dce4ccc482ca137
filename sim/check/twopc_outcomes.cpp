#include "sim/check/twopc_outcomes.hpp"

namespace cachesim {

namespace {
const char* outcome(bool committed) { return committed ? "committed" : "aborted"; }
}  // namespace

void TwoPcOutcomeChecker::on_observation(NodeId node, const Observation& fact) {
  if (fact.kind != "twopc.decided" || breach_) return;
  ++reports_;
  const std::uint64_t group = fact.v[0];
  const bool committed = fact.v[3] != 0;
  const auto key = std::make_pair(fact.v[1], fact.v[2]);
  auto [it, fresh] = decided_.try_emplace(key, Decided{committed, group, node});
  if (fresh) {
    committed_ += committed;
    return;
  }
  if (it->second.committed == committed) return;
  const std::uint64_t events = sim_.stats().events;
  breach_ = AgreementBreach{"transaction c" + std::to_string(key.first) + "#" + std::to_string(key.second) + " " +
                                outcome(it->second.committed) + " in group " + std::to_string(it->second.group) +
                                " at " + sim_.name(it->second.node) + " but " + outcome(committed) + " in group " +
                                std::to_string(group) + " at " + sim_.name(node),
                            events == 0 ? 0 : events - 1, sim_.now(), node};
  sim_.stop();
}

}  // namespace cachesim
