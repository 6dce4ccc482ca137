// The simulated network between endpoints (servers and clients).
//
// Decides, for each message at the moment it is sent, whether it is lost,
// blocked by a partition, duplicated, and how long each copy takes. All
// draws come from the network's own random stream. Links are directed: a
// partition can cut n1 -> n2 and leave n2 -> n1 working.
//
// Contract: route() is a pure function of the settings and the network's
// stream; a message blocked by a partition draws nothing. Messages already in
// flight when a partition starts still arrive, as packets on the wire would.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/node.hpp"
#include "sim/core/rng.hpp"
#include "sim/net/latency.hpp"

namespace cachesim {

struct LinkParams {
  LatencyDist latency = LatencyDist::uniform(1 * kMillisecond, 3 * kMillisecond);
  Probability loss = Probability::never();
  Probability duplicate = Probability::never();
};

enum class DropReason : std::uint8_t { none, loss, partition };
const char* to_string(DropReason r);

struct Route {
  DropReason drop = DropReason::none;
  int copies = 0;           // 1, or 2 when duplicated
  Duration delay[2] = {0, 0};
};

class Network {
 public:
  // Endpoints 0..servers-1 are servers, servers..endpoints-1 clients.
  Network(std::uint32_t endpoints, std::uint32_t servers, LinkParams defaults, Rng rng);

  Route route(NodeId from, NodeId to) {
    Route r;
    if (blocked_[index(from, to)]) {
      r.drop = DropReason::partition;
      return r;
    }
    const LinkParams& p = link(from, to);
    if (rng_.chance(p.loss)) {
      r.drop = DropReason::loss;
      return r;
    }
    r.copies = 1;
    r.delay[0] = p.latency.sample(rng_);
    if (rng_.chance(p.duplicate)) {
      r.copies = 2;
      r.delay[1] = p.latency.sample(rng_);
    }
    return r;
  }

  // ---- partitions: every call replaces nothing, it only cuts more links,
  //      except heal(), which restores every link.
  void cut(NodeId from, NodeId to) { blocked_[index(from, to)] = 1; }
  bool blocked(NodeId from, NodeId to) const { return blocked_[index(from, to)] != 0; }
  // Cuts `node` from every other server, both ways (clients still reach it,
  // as in Jepsen: partitions are between the database nodes).
  void isolate(NodeId node);
  // Cuts every link between endpoints of different groups, both ways.
  void split(const std::vector<std::vector<NodeId>>& groups);
  void one_way(const std::vector<NodeId>& from, const std::vector<NodeId>& to);
  // Two halves that cannot reach each other; `bridge` reaches both.
  void bridge(NodeId bridge, const std::vector<NodeId>& half_a, const std::vector<NodeId>& half_b);
  void heal();
  bool partitioned() const { return cut_links_ > 0; }
  std::uint32_t cut_links() const;

  // ---- link parameters
  const LinkParams& defaults() const { return defaults_; }
  void set_defaults(const LinkParams& p) { defaults_ = p; }
  // Overrides one directed link; clear_link() returns it to the defaults.
  void set_link(NodeId from, NodeId to, const LinkParams& p);
  void clear_link(NodeId from, NodeId to);
  const LinkParams& link(NodeId from, NodeId to) const {
    const std::uint32_t o = override_[index(from, to)];
    return o == 0 ? defaults_ : overrides_[o - 1];
  }

  std::uint32_t endpoints() const { return n_; }
  std::uint32_t servers() const { return servers_; }
  // The servers split in two halves in order, without `except`.
  std::vector<std::vector<NodeId>> halves(NodeId except) const;

 private:
  std::size_t index(NodeId from, NodeId to) const { return static_cast<std::size_t>(from) * n_ + to; }
  void cut_both(NodeId a, NodeId b) {
    cut(a, b);
    cut(b, a);
  }

  std::uint32_t n_, servers_;
  LinkParams defaults_;
  Rng rng_;
  std::vector<std::uint8_t> blocked_;
  std::vector<std::uint32_t> override_;  // 0 = defaults, else index + 1 into overrides_
  std::vector<LinkParams> overrides_;
  std::uint32_t cut_links_ = 0;          // nonzero once anything was cut since the last heal
};

}  // namespace cachesim
