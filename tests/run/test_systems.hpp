// Key-value systems that exist only in tests, to drive the harness end to end.
//
//   test.primary    server n1 applies every request in arrival order with
//                   exactly-once sessions; the other servers redirect to it.
//                   Linearizable (one copy, one order).
//   test.stale      like test.primary, but reads are answered from a copy
//                   refreshed only every 50ms: stale reads (not linearizable).
//   test.deaf       like test.primary, but n1 stops answering at 1s: clients
//                   get stuck (liveness fails).
//   test.assert     like test.primary, but n1 fails an invariant check on
//                   its 100th request.
//   test.leaky      like test.primary, but n1 logs a count kept in a
//                   process-wide static: the second run in one process
//                   differs from the first (what --check-determinism catches).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "protocols/cache/client_protocol.hpp"
#include "sim/core/check.hpp"
#include "sim/run/system.hpp"
#include "sim/run/kv_clients.hpp"

namespace cachesim::testing {

enum class Flaw { none, stale_reads, deaf, assertion, leaky };

class PrimaryKv : public Node {
 public:
  explicit PrimaryKv(Flaw flaw) : flaw_(flaw) {}
  void on_start(Context& ctx) override {
    if (flaw_ == Flaw::stale_reads) ctx.set_timer(50 * kMillisecond, 1);
  }
  void on_timer(Context& ctx, TimerId, std::uint64_t) override {
    snapshot_ = data_;
    ctx.set_timer(50 * kMillisecond, 1);
  }
  void on_message(Context& ctx, NodeId from, const Message& m) override {
    const auto* req = m.as<cache::ClientRequest>();
    if (!req) return;
    cache::ClientReply rep;
    rep.client = req->client;
    rep.seq = req->seq;
    if (ctx.self() != 0) {
      rep.status = cache::ReplyStatus::redirect;
      rep.leader = 0;
      ctx.send(from, rep);
      return;
    }
    if (flaw_ == Flaw::deaf && ctx.now() >= 1 * kSecond) return;
    if (flaw_ == Flaw::leaky && ctx.now() >= 2 * kSecond) {
      static std::uint64_t requests_in_this_process = 0;  // the bug: state outside the run
      ctx.log("served " + std::to_string(++requests_in_this_process) + " requests");
    }
    ++requests_;
    CACHESIM_CHECK(flaw_ != Flaw::assertion || requests_ < 100, "test.assert: the 100th request");
    auto& session = sessions_[req->client];
    if (session.first == req->seq) {
      ctx.mark("test.deduplicated");
      ctx.send(from, session.second);
      return;
    }
    switch (req->op) {
      case cache::OpKind::get: {
        const auto& source = flaw_ == Flaw::stale_reads ? snapshot_ : data_;
        auto it = source.find(req->key);
        if (it != source.end()) rep.value = it->second;
        break;
      }
      case cache::OpKind::put: data_[req->key] = *req->value; break;
      case cache::OpKind::del: data_.erase(req->key); break;
      case cache::OpKind::cas: {
        auto it = data_.find(req->key);
        const cache::MaybeValue current = it == data_.end() ? cache::MaybeValue{} : cache::MaybeValue{it->second};
        if (current == req->expected) {
          data_[req->key] = *req->value;
        } else {
          rep.status = cache::ReplyStatus::mismatch;
          rep.value = current;
        }
        break;
      }
    }
    session = {req->seq, rep};
    ctx.send(from, rep);
  }

 private:
  Flaw flaw_;
  std::uint64_t requests_ = 0;
  std::map<std::string, cache::Value> data_, snapshot_;
  std::map<std::uint64_t, std::pair<std::uint64_t, cache::ClientReply>> sessions_;
};

class PrimarySystem : public System {
 public:
  PrimarySystem(const Scenario& sc, Flaw flaw) : sc_(sc), flaw_(flaw) {}
  NodeFactory server(NodeId) override {
    return [flaw = flaw_](NodeId) { return std::make_unique<PrimaryKv>(flaw); };
  }
  NodeFactory client(NodeId, std::uint32_t index, HistoryRecorder& history) override {
    return kv_client_factory(sc_, index, history);
  }

 private:
  const Scenario& sc_;
  Flaw flaw_;
};

inline SystemRegistry test_systems() {
  SystemRegistry r;
  r.add("test.primary", [](const Scenario& sc) { return std::make_unique<PrimarySystem>(sc, Flaw::none); });
  r.add("test.stale", [](const Scenario& sc) { return std::make_unique<PrimarySystem>(sc, Flaw::stale_reads); });
  r.add("test.deaf", [](const Scenario& sc) { return std::make_unique<PrimarySystem>(sc, Flaw::deaf); });
  r.add("test.assert", [](const Scenario& sc) { return std::make_unique<PrimarySystem>(sc, Flaw::assertion); });
  r.add("test.leaky", [](const Scenario& sc) { return std::make_unique<PrimarySystem>(sc, Flaw::leaky); });
  return r;
}

// A small contended scenario for these systems.
inline Scenario primary_scenario(const std::string& protocol) {
  Scenario sc;
  sc.file = "<test>";
  sc.name = protocol;
  sc.duration = 3 * kSecond;
  sc.cluster.protocol = protocol;
  sc.cluster.nodes = 3;
  sc.workload.clients = 4;
  sc.workload.keys = 2;
  sc.workload.think = LatencyDist::uniform(0, 20 * kMillisecond);
  sc.checks.liveness_bound = 2 * kSecond;
  return sc;
}

}  // namespace cachesim::testing
