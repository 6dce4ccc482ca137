#include "sim/net/network.hpp"

#include <algorithm>

#include "sim/core/check.hpp"

namespace cachesim {

const char* to_string(DropReason r) {
  switch (r) {
    case DropReason::none: return "none";
    case DropReason::loss: return "loss";
    case DropReason::partition: return "partition";
  }
  return "?";
}

Network::Network(std::uint32_t endpoints, std::uint32_t servers, LinkParams defaults, Rng rng)
    : n_(endpoints),
      servers_(servers),
      defaults_(std::move(defaults)),
      rng_(rng),
      blocked_(static_cast<std::size_t>(endpoints) * endpoints, 0),
      override_(static_cast<std::size_t>(endpoints) * endpoints, 0) {
  CACHESIM_CHECK(servers <= endpoints, "more servers than endpoints");
}

void Network::isolate(NodeId node) {
  for (NodeId other = 0; other < servers_; ++other)
    if (other != node) cut_both(node, other);
  ++cut_links_;
}

void Network::split(const std::vector<std::vector<NodeId>>& groups) {
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (std::size_t h = g + 1; h < groups.size(); ++h)
      for (NodeId a : groups[g])
        for (NodeId b : groups[h]) cut_both(a, b);
  ++cut_links_;
}

void Network::one_way(const std::vector<NodeId>& from, const std::vector<NodeId>& to) {
  for (NodeId a : from)
    for (NodeId b : to)
      if (a != b) cut(a, b);
  ++cut_links_;
}

void Network::bridge(NodeId bridge_node, const std::vector<NodeId>& half_a, const std::vector<NodeId>& half_b) {
  CACHESIM_CHECK(std::find(half_a.begin(), half_a.end(), bridge_node) == half_a.end() &&
                     std::find(half_b.begin(), half_b.end(), bridge_node) == half_b.end(),
                 "the bridge node cannot be in either half");
  split({half_a, half_b});
}

void Network::heal() {
  std::fill(blocked_.begin(), blocked_.end(), 0);
  cut_links_ = 0;
}

std::uint32_t Network::cut_links() const {
  return static_cast<std::uint32_t>(std::count(blocked_.begin(), blocked_.end(), 1));
}

void Network::set_link(NodeId from, NodeId to, const LinkParams& p) {
  std::uint32_t& o = override_[index(from, to)];
  if (o == 0) {
    overrides_.push_back(p);
    o = static_cast<std::uint32_t>(overrides_.size());
  } else {
    overrides_[o - 1] = p;
  }
}

void Network::clear_link(NodeId from, NodeId to) { override_[index(from, to)] = 0; }

std::vector<std::vector<NodeId>> Network::halves(NodeId except) const {
  std::vector<NodeId> rest;
  for (NodeId i = 0; i < servers_; ++i)
    if (i != except) rest.push_back(i);
  const auto mid = rest.begin() + static_cast<std::ptrdiff_t>(rest.size() / 2);
  return {std::vector<NodeId>(rest.begin(), mid), std::vector<NodeId>(mid, rest.end())};
}

}  // namespace cachesim
