// A random nemesis for tests: crashes, restarts, partitions (isolate, split,
// bridge) and heals, drawn from its own seeded stream and scheduled with
// Simulator::at(); at `quiet_at` it heals everything and restarts every
// crashed server, so liveness can be checked afterwards.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/host/simulator.hpp"

namespace cachesim::paxos_test {

struct NemesisOptions {
  Time start = 300 * kMillisecond;
  Time quiet_at = 3 * kSecond;
  Duration min_gap = 50 * kMillisecond, max_gap = 250 * kMillisecond;
  std::uint32_t max_down = 2;  // servers crashed at once (a majority stays up)
  bool crashes = true, partitions = true;
};

inline void schedule_nemesis(Simulator& sim, std::uint64_t seed, NemesisOptions o) {
  auto rng = std::make_shared<Rng>(Rng::stream(seed, "test-nemesis"));
  const std::uint32_t n = sim.servers();
  Time t = o.start;
  while (true) {
    t += rng->uniform(o.min_gap, o.max_gap);
    if (t >= o.quiet_at) break;
    sim.at(t, [&sim, rng, n, o] {
      std::vector<NodeId> down, up;
      for (NodeId i = 0; i < n; ++i) (sim.up(i) ? up : down).push_back(i);
      const std::uint64_t pick = rng->below(6);
      if (o.crashes && pick == 0 && down.size() < o.max_down && !up.empty()) {
        sim.crash(up[rng->below(up.size())]);
      } else if (o.crashes && pick == 1 && !down.empty()) {
        sim.restart(down[rng->below(down.size())]);
      } else if (o.partitions && pick == 2) {
        sim.heal();
        sim.isolate(static_cast<NodeId>(rng->below(n)));
      } else if (o.partitions && pick == 3) {
        sim.heal();
        std::vector<NodeId> perm(n);
        for (NodeId i = 0; i < n; ++i) perm[i] = i;
        for (std::size_t i = n - 1; i > 0; --i) std::swap(perm[i], perm[rng->below(i + 1)]);
        const NodeId bridge = perm[0];
        std::vector<NodeId> a(perm.begin() + 1, perm.begin() + 1 + (n - 1) / 2), b(perm.begin() + 1 + (n - 1) / 2, perm.end());
        sim.bridge(bridge, a, b);
      } else if (o.partitions && pick == 4) {
        sim.heal();
        std::vector<NodeId> a, b;
        for (NodeId i = 0; i < n; ++i) (rng->below(2) ? a : b).push_back(i);
        sim.split({a, b});
      } else {
        sim.heal();
      }
    });
  }
  sim.at(o.quiet_at, [&sim, n] {
    sim.heal();
    for (NodeId i = 0; i < n; ++i)
      if (!sim.up(i)) sim.restart(i);
  });
}

}  // namespace cachesim::paxos_test
