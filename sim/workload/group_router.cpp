#include "sim/workload/group_router.hpp"

#include <algorithm>

#include "sim/core/check.hpp"

namespace cachesim {

GroupRouter::GroupRouter(std::uint32_t servers, std::shared_ptr<const ring::Ring> ring, std::uint32_t client_index)
    : ring_(std::move(ring)), client_index_(client_index) {
  CACHESIM_CHECK(servers > 0, "a client needs servers");
  if (!ring_) {
    for (NodeId n = 0; n < servers; ++n) all_.push_back(n);
  }
}

bool GroupRouter::is_member(std::uint32_t group, NodeId node) const {
  const auto& m = members(group);
  return std::find(m.begin(), m.end(), node) != m.end();
}

NodeId GroupRouter::guess(std::uint32_t group) const {
  if (auto it = guess_.find(group); it != guess_.end()) return it->second;
  const auto& m = members(group);
  return m[client_index_ % m.size()];
}

NodeId GroupRouter::next_after(std::uint32_t group, NodeId after) const {
  const auto& m = members(group);
  auto it = std::find(m.begin(), m.end(), after);
  if (it == m.end() || ++it == m.end()) return m.front();
  return *it;
}

}  // namespace cachesim
