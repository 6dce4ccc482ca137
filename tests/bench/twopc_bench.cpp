// Simulated transactions per wall second: a 9-node sharded cache (ring with
// R=3, 64 vnodes per server, default Paxos and 2PC settings), list-append
// txn clients with the default transaction workload (but --keys active
// keys), no faults, no checkers: the protocols and the engine alone.
// Prints one JSON line: txns_per_sec counts every transaction that
// completed (committed or aborted: an abort runs the same prepare and the
// same decision through Paxos), committed_per_sec the committed ones alone.
// 64 keys for 40 clients is moderate contention (about 55% commit under
// no-wait locking); --keys=8 is a hot spot (about 25%).
//
//   twopc_bench [--seeds=3] [--clients=40] [--seconds=10] [--servers=9] [--keys=64]
#include <cinttypes>
#include <cstdio>
#include <memory>

#include "protocols/cache/shard_node.hpp"
#include "sim/host/simulator.hpp"
#include "sim/workload/txn_client.hpp"
#include "tests/bench/bench_util.hpp"

int main(int argc, char** argv) {
  using namespace cachesim;
  const std::uint64_t seeds = bench::flag(argc, argv, "seeds", 3);
  const auto clients = static_cast<std::uint32_t>(bench::flag(argc, argv, "clients", 40));
  const auto seconds_sim = static_cast<Time>(bench::flag(argc, argv, "seconds", 10));
  const auto servers = static_cast<std::uint32_t>(bench::flag(argc, argv, "servers", 9));
  const auto keys = static_cast<std::uint32_t>(bench::flag(argc, argv, "keys", 64));
  std::uint64_t txns = 0, committed = 0, events = 0, groups = 0;
  double wall = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    auto ring = std::make_shared<const ring::Ring>(ring::first_nodes(servers), ring::RingConfig{64, 3});
    groups = ring->groups().size();
    cache::ShardConfig cfg;
    cfg.ring = ring;
    HistoryRecorder history;
    std::vector<EndpointSpec> eps;
    for (NodeId i = 0; i < servers; ++i)
      eps.push_back(EndpointSpec{"n" + std::to_string(i + 1),
                                 [cfg](NodeId self) { return cache::make_shard_node(self, cfg); }, Clock()});
    TxnWorkloadSpec workload;
    workload.keys = keys;
    auto pool = std::make_shared<TxnKeyPool>(workload.keys, workload.max_writes_per_key);
    for (std::uint32_t c = 0; c < clients; ++c) {
      TxnClientConfig tc;
      tc.keys = pool;
      tc.workload = workload;
      tc.index = c;
      tc.clients = clients;
      tc.ring = ring;
      tc.stop = seconds_sim * kSecond;
      eps.push_back(EndpointSpec{"t" + std::to_string(c + 1),
                                 [tc, h = &history](NodeId) { return std::make_unique<TxnClient>(tc, h); }, Clock()});
    }
    bench::Stopwatch sw;
    Simulator sim(seed, std::move(eps), servers, LinkParams{});
    sim.start();
    sim.run_until((seconds_sim + 2) * kSecond);
    wall += sw.seconds();
    events += sim.stats().events;
    for (const Event& e : history.history().events) {
      txns += e.type != EventType::kInvoke;
      committed += e.type == EventType::kOk;
    }
  }
  std::printf("{\"name\":\"twopc\",\"servers\":%u,\"groups\":%" PRIu64 ",\"clients\":%u,\"seeds\":%" PRIu64
              ",\"keys\":%u,\"txns\":%" PRIu64 ",\"committed\":%" PRIu64 ",\"txns_per_sec\":%.0f,"
              "\"committed_per_sec\":%.0f,\"events_per_sec\":%.0f,\"peak_rss_bytes\":%" PRIu64 "}\n",
              servers, groups, clients, seeds, keys, txns, committed, txns / wall, committed / wall, events / wall,
              bench::peak_rss_bytes());
  return 0;
}
