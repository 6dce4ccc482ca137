#include "sim/scenario/scenario.hpp"

namespace cachesim {

std::string Scenario::endpoint_name(NodeId id) const {
  if (id < cluster.nodes) return "n" + std::to_string(id + 1);
  if (id < first_txn_client()) return "c" + std::to_string(id - cluster.nodes + 1);
  return "t" + std::to_string(id - first_txn_client() + 1);
}

std::vector<std::string> Scenario::endpoint_names() const {
  std::vector<std::string> names;
  for (NodeId id = 0; id < endpoints(); ++id) names.push_back(endpoint_name(id));
  return names;
}

}  // namespace cachesim
