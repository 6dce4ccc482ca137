// The ring's construction and lookups (contract in ring.hpp).
//
// Arc groups are computed in one backward sweep instead of one clockwise walk
// per point: if S(p) is the ordered replica set of point p's arc and x the
// node at point p-1, then S(p-1) = [x] + (S(p) without x) when x is in S(p),
// else [x] + the first R-1 of S(p). The sweep is O(1) per point (a linked
// list over server slots) plus O(R log R) each time the membership changes,
// so even R close to N stays cheap; a per-point walk would cost about
// N ln N steps per point there.
#include "protocols/ring/ring.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "sim/core/check.hpp"
#include "sim/core/hash.hpp"

namespace cachesim::ring {

namespace {

std::string point_name(NodeId id, std::uint32_t vnode) {
  return "n" + std::to_string(static_cast<std::uint64_t>(id) + 1) + "#" + std::to_string(vnode);
}

bool point_less(const Point& a, const Point& b) {
  if (a.token != b.token) return a.token < b.token;
  if (a.node != b.node) return a.node < b.node;
  return a.vnode < b.vnode;
}

}  // namespace

std::vector<NodeId> first_nodes(std::uint32_t n) {
  std::vector<NodeId> out;
  for (NodeId i = 0; i < n; ++i) out.push_back(i);
  return out;
}

Ring::Ring(std::vector<NodeId> servers, RingConfig cfg) : servers_(std::move(servers)), cfg_(cfg) {
  CACHESIM_CHECK(!servers_.empty() && servers_.size() <= kMaxServers, "ring: 1 to 4096 servers");
  CACHESIM_CHECK(cfg_.vnodes >= 1 && cfg_.vnodes <= kMaxVnodes, "ring: 1 to 4096 vnodes per server");
  CACHESIM_CHECK(cfg_.replicas >= 1 && cfg_.replicas <= servers_.size(), "ring: 1 <= replicas <= servers");
  std::vector<NodeId> sorted = servers_;
  std::sort(sorted.begin(), sorted.end());
  CACHESIM_CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end(), "ring: server ids distinct");
  CACHESIM_CHECK(sorted.back() != kNoNode, "ring: kNoNode is not a server");

  points_.reserve(servers_.size() * cfg_.vnodes);
  for (NodeId id : servers_)
    for (std::uint32_t v = 0; v < cfg_.vnodes; ++v) points_.push_back({hash64(point_name(id, v)), id, v});
  std::sort(points_.begin(), points_.end(), point_less);
  tokens_.reserve(points_.size());
  for (const Point& p : points_) tokens_.push_back(p.token);
  build_arc_groups();
}

void Ring::build_arc_groups() {
  const std::size_t n = servers_.size(), r = cfg_.replicas, count = points_.size();
  // Server slots: a dense index per NodeId, for the sweep's arrays.
  std::map<NodeId, std::uint32_t> slot_of;
  for (std::uint32_t i = 0; i < n; ++i) slot_of.emplace(servers_[i], i);
  std::vector<std::uint32_t> point_slot(count);
  for (std::size_t i = 0; i < count; ++i) point_slot[i] = slot_of.at(points_[i].node);

  // The ordered set S as a doubly linked list over slots; `none` ends it.
  constexpr std::uint32_t none = UINT32_MAX;
  std::vector<std::uint32_t> next(n, none), prev(n, none);
  std::vector<char> in_set(n, 0);
  std::uint32_t head = none, tail = none;
  std::size_t size = 0;
  auto unlink = [&](std::uint32_t s) {
    (prev[s] == none ? head : next[prev[s]]) = next[s];
    (next[s] == none ? tail : prev[next[s]]) = prev[s];
    in_set[s] = 0;
    --size;
  };
  auto push_front = [&](std::uint32_t s) {
    prev[s] = none;
    next[s] = head;
    (head == none ? tail : prev[head]) = s;
    head = s;
    in_set[s] = 1;
    ++size;
  };

  // S(0) by the definition: walk clockwise from point 0. Pushing each newly
  // met server at the front builds the list reversed, so reverse the walk.
  std::vector<std::uint32_t> walk;
  for (std::size_t i = 0; i < count && walk.size() < r; ++i) {
    const std::uint32_t s = point_slot[i];
    if (std::find(walk.begin(), walk.end(), s) == walk.end()) walk.push_back(s);
  }
  CACHESIM_CHECK(walk.size() == r, "ring: every server has a point, so R distinct are met");
  for (auto it = walk.rbegin(); it != walk.rend(); ++it) push_front(*it);

  // Temporary ids in order of first sight; renumbered to sorted order below.
  std::map<std::vector<NodeId>, GroupIndex> seen;
  std::vector<GroupIndex> temp(count);
  std::vector<NodeId> members;
  GroupIndex current = 0;
  auto intern = [&]() {
    members.clear();
    for (std::uint32_t s = head; s != none; s = next[s]) members.push_back(servers_[s]);
    std::sort(members.begin(), members.end());
    auto it = seen.lower_bound(members);  // most changes revisit a known group: no copy then
    if (it == seen.end() || it->first != members) it = seen.emplace_hint(it, members, static_cast<GroupIndex>(seen.size()));
    current = it->second;
  };
  intern();
  temp[0] = current;
  for (std::size_t i = count - 1; i >= 1; --i) {
    const std::uint32_t x = point_slot[i];
    if (in_set[x]) {
      unlink(x);  // same members, x moves to the front
      push_front(x);
    } else {
      unlink(tail);
      push_front(x);
      intern();
    }
    temp[i] = current;
  }
  // The sweep closes the circle: S(0) rebuilt from S(1) must be S(0) again.
  {
    const std::uint32_t x = point_slot[0];
    if (!in_set[x]) unlink(tail);
    else unlink(x);
    push_front(x);
    intern();
    CACHESIM_CHECK(current == temp[0] && size == r, "ring: the sweep agrees with the walk at point 0");
  }

  std::vector<GroupIndex> rank(seen.size());
  groups_.clear();
  groups_.reserve(seen.size());
  for (const auto& [set, id] : seen) {
    rank[id] = static_cast<GroupIndex>(groups_.size());
    groups_.push_back(set);
  }
  arc_group_.resize(count);
  for (std::size_t i = 0; i < count; ++i) arc_group_[i] = rank[temp[i]];

  groups_by_server_.assign(n, {});
  for (GroupIndex g = 0; g < groups_.size(); ++g)
    for (NodeId m : groups_[g]) groups_by_server_[slot_of.at(m)].push_back(g);
}

std::uint64_t Ring::position_of(std::string_view key) { return hash64(key); }

std::size_t Ring::point_at(std::uint64_t position) const {
  const auto it = std::lower_bound(tokens_.begin(), tokens_.end(), position);
  return it == tokens_.end() ? 0 : static_cast<std::size_t>(it - tokens_.begin());
}

std::vector<NodeId> Ring::replicas_of(std::string_view key) const { return replicas_at(position_of(key)); }

std::vector<NodeId> Ring::replicas_at(std::uint64_t position) const {
  std::vector<NodeId> out;
  out.reserve(cfg_.replicas);
  const std::size_t count = points_.size();
  // At most one full turn: every server has a point, so R distinct are met.
  for (std::size_t i = point_at(position), step = 0; out.size() < cfg_.replicas && step < count; ++step) {
    const NodeId id = points_[i].node;
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    if (++i == count) i = 0;
  }
  CACHESIM_CHECK(out.size() == cfg_.replicas, "ring: a full turn meets every server");
  return out;
}

std::vector<GroupIndex> Ring::groups_of(NodeId node) const {
  for (std::size_t i = 0; i < servers_.size(); ++i)
    if (servers_[i] == node) return groups_by_server_[i];
  return {};
}

}  // namespace cachesim::ring
