// A small protocol that exists only in tests, to exercise the engine.
//
// Echo nodes: on start each node arms a periodic timer; at each tick it
// sends a Ping to every other endpoint it is told about; a Ping is answered
// with a Pong. Everything a node sees is counted, and it keeps a durable
// counter of ticks ("ticks" key, synced every `sync_every` ticks) so tests
// can see what survives a crash.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/codec.hpp"
#include "sim/core/node.hpp"
#include "sim/host/simulator.hpp"

namespace cachesim::testing {

struct Ping {
  static constexpr std::string_view kName = "test.ping";
  std::uint64_t n = 0;
  void describe(std::string& out) const { out += "n=" + std::to_string(n); }
};
struct Pong {
  static constexpr std::string_view kName = "test.pong";
  std::uint64_t n = 0;
};

struct EchoStats {
  std::uint64_t pings_received = 0, pongs_received = 0, ticks = 0, starts = 0;
  std::vector<Time> tick_times;  // local time at each tick
  std::vector<NodeId> ping_from;
};

class EchoNode : public Node {
 public:
  // `stats` outlives the node (kept by the test across crashes).
  EchoNode(std::vector<NodeId> peers, Duration period, std::uint64_t sync_every, EchoStats* stats)
      : peers_(std::move(peers)), period_(period), sync_every_(sync_every), stats_(stats) {}

  void on_start(Context& ctx) override {
    ++stats_->starts;
    if (const std::string* v = ctx.storage().get("ticks")) {
      Reader r(*v);
      durable_ticks_ = r.u64();
      r.finish();
    }
    if (period_ > 0) ctx.set_timer(period_, 1);
  }
  void on_message(Context& ctx, NodeId from, const Message& m) override {
    if (const Ping* p = m.as<Ping>()) {
      ++stats_->pings_received;
      stats_->ping_from.push_back(from);
      ctx.send(from, Pong{p->n});
    } else if (m.is<Pong>()) {
      ++stats_->pongs_received;
    }
  }
  void on_timer(Context& ctx, TimerId, std::uint64_t tag) override {
    if (tag != 1) return;
    ++stats_->ticks;
    stats_->tick_times.push_back(ctx.now());
    ++durable_ticks_;
    ctx.storage().put("ticks", Writer().u64(durable_ticks_).take());
    if (sync_every_ && durable_ticks_ % sync_every_ == 0) ctx.storage().sync();
    for (NodeId p : peers_) ctx.send(p, Ping{durable_ticks_});
    ctx.set_timer(period_, 1);
  }
  std::uint64_t durable_ticks() const { return durable_ticks_; }

 private:
  std::vector<NodeId> peers_;
  Duration period_;
  std::uint64_t sync_every_;
  EchoStats* stats_;
  std::uint64_t durable_ticks_ = 0;
};

// n echo nodes named n1..nN, each pinging every other every `period`;
// stats[i] (which must outlive the simulator) collects node i's counts.
inline std::vector<EndpointSpec> echo_endpoints(std::uint32_t n, Duration period, std::uint64_t sync_every,
                                                std::vector<EchoStats>& stats, const std::vector<Clock>& clocks = {}) {
  std::vector<EndpointSpec> eps;
  for (NodeId i = 0; i < n; ++i) {
    std::vector<NodeId> peers;
    for (NodeId j = 0; j < n; ++j)
      if (j != i) peers.push_back(j);
    EchoStats* st = &stats[i];
    eps.push_back({"n" + std::to_string(i + 1),
                   [=](NodeId) { return std::make_unique<EchoNode>(peers, period, sync_every, st); },
                   i < clocks.size() ? clocks[i] : Clock()});
  }
  return eps;
}

}  // namespace cachesim::testing
