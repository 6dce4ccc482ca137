// Engine benchmark: 16 nodes passing tokens through the real node API.
//
// Shape (close to ../shared/perf's yardstick): every node starts 4 tokens;
// a node that receives a token forwards it to a uniformly chosen peer; the
// network adds 1ms + uniform jitter below 1ms and loses 1%. Lost tokens are
// replaced by a per-node 40ms timer that injects a fresh one, which keeps
// about 60 tokens in flight. Trace hash on, no trace file.
//
//   engine_bench --events=10000000
// prints one JSON line: name, events, events_per_sec, ns_per_event,
// peak_rss_bytes, trace_hash, sim_time_ns.
#include <cinttypes>
#include <cstdio>
#include <memory>

#include "sim/host/simulator.hpp"
#include "tests/bench/bench_util.hpp"

namespace cachesim {
namespace {

struct Token {
  static constexpr std::string_view kName = "bench.token";
  std::uint32_t origin = 0;
  std::uint32_t hops = 0;
  std::uint64_t id = 0;
};

class TokenNode final : public Node {
 public:
  explicit TokenNode(std::uint32_t n) : n_(n) {}
  void on_start(Context& ctx) override {
    for (int k = 0; k < 4; ++k) forward(ctx, Token{ctx.self(), 0, next_id_++});
    ctx.set_timer(40 * kMillisecond, 0);
  }
  void on_message(Context& ctx, NodeId, const Message& m) override {
    const Token* t = m.as<Token>();
    ++received_;
    hopsum_ += t->hops;
    forward(ctx, Token{t->origin, t->hops + 1, t->id});
  }
  void on_timer(Context& ctx, TimerId, std::uint64_t) override {
    forward(ctx, Token{ctx.self(), 0, next_id_++});
    ctx.set_timer(40 * kMillisecond, 0);
  }

 private:
  void forward(Context& ctx, Token t) {
    const auto peer = static_cast<NodeId>(ctx.rng().below(n_ - 1));
    ctx.send(peer >= ctx.self() ? peer + 1 : peer, t);
  }
  std::uint32_t n_;
  std::uint64_t next_id_ = 0, received_ = 0, hopsum_ = 0;
};

}  // namespace
}  // namespace cachesim

int main(int argc, char** argv) {
  using namespace cachesim;
  const std::uint64_t target = bench::flag(argc, argv, "events", 10'000'000);
  const std::uint32_t n = 16;
  std::vector<EndpointSpec> eps;
  for (NodeId i = 0; i < n; ++i)
    eps.push_back({"n" + std::to_string(i + 1), [n](NodeId) { return std::make_unique<TokenNode>(n); }, Clock()});
  LinkParams net;
  net.latency = LatencyDist::uniform(1 * kMillisecond, 2 * kMillisecond - 1);
  net.loss = Probability::from_fraction(0.01);
  Simulator sim(42, std::move(eps), n, net);
  sim.start();
  bench::Stopwatch sw;
  while (sim.stats().events < target && sim.step()) {
  }
  const double s = sw.seconds();
  const std::uint64_t ev = sim.stats().events;
  std::printf(
      "{\"name\":\"engine\",\"events\":%" PRIu64 ",\"events_per_sec\":%.0f,\"ns_per_event\":%.1f,"
      "\"peak_rss_bytes\":%" PRIu64 ",\"trace_hash\":\"%016" PRIx64 "\",\"sim_time_ns\":%" PRId64
      ",\"messages\":%" PRIu64 ",\"max_pending\":%" PRIu64 "}\n",
      ev, static_cast<double>(ev) / s, s * 1e9 / static_cast<double>(ev), bench::peak_rss_bytes(), sim.trace().hash(),
      sim.now(), sim.stats().sent, sim.stats().max_pending);
  return 0;
}
