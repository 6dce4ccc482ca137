// THROWAWAY: a minimal Ring for this test binary until protocols/ring/ring.cpp
// (another engineer's) is merged; it follows ring.hpp's contract. Delete it
// at that merge.
#include <algorithm>
#include <set>

#include "protocols/ring/ring.hpp"
#include "sim/core/hash.hpp"

namespace cachesim::ring {

Ring::Ring(std::vector<NodeId> servers, RingConfig cfg) : servers_(std::move(servers)), cfg_(cfg) {
  for (NodeId n : servers_)
    for (std::uint32_t i = 0; i < cfg_.vnodes; ++i)
      points_.push_back(Point{hash64("n" + std::to_string(n + 1) + "#" + std::to_string(i)), n, i});
  std::sort(points_.begin(), points_.end(), [](const Point& a, const Point& b) {
    return std::tie(a.token, a.node, a.vnode) < std::tie(b.token, b.node, b.vnode);
  });
  std::set<std::vector<NodeId>> sets;
  std::vector<std::vector<NodeId>> per_point;
  for (std::size_t p = 0; p < points_.size(); ++p) {
    std::vector<NodeId> s;
    for (std::size_t i = 0; s.size() < cfg_.replicas; ++i) {
      const NodeId n = points_[(p + i) % points_.size()].node;
      if (std::find(s.begin(), s.end(), n) == s.end()) s.push_back(n);
    }
    std::sort(s.begin(), s.end());
    sets.insert(s);
    per_point.push_back(s);
  }
  groups_.assign(sets.begin(), sets.end());
  for (const auto& s : per_point)
    arc_group_.push_back(static_cast<GroupIndex>(std::lower_bound(groups_.begin(), groups_.end(), s) - groups_.begin()));
}

std::vector<NodeId> Ring::replicas_of(std::string_view key) const {
  const std::uint64_t h = hash64(key);
  std::size_t p = static_cast<std::size_t>(
      std::lower_bound(points_.begin(), points_.end(), h, [](const Point& a, std::uint64_t t) { return a.token < t; }) -
      points_.begin());
  std::vector<NodeId> s;
  for (std::size_t i = 0; s.size() < cfg_.replicas; ++i) {
    const NodeId n = points_[(p + i) % points_.size()].node;
    if (std::find(s.begin(), s.end(), n) == s.end()) s.push_back(n);
  }
  return s;
}

GroupIndex Ring::group_of(std::string_view key) const {
  const std::uint64_t h = hash64(key);
  const std::size_t p = static_cast<std::size_t>(
      std::lower_bound(points_.begin(), points_.end(), h, [](const Point& a, std::uint64_t t) { return a.token < t; }) -
      points_.begin());
  return arc_group_[p % points_.size()];
}

std::vector<GroupIndex> Ring::groups_of(NodeId node) const {
  std::vector<GroupIndex> out;
  for (GroupIndex g = 0; g < groups_.size(); ++g)
    if (std::find(groups_[g].begin(), groups_[g].end(), node) != groups_[g].end()) out.push_back(g);
  return out;
}

}  // namespace cachesim::ring
