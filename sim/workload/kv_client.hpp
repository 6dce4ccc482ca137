// A simulated client of the replicated cache, Jepsen-style.
//
// One operation at a time (a Jepsen process): think, pick an operation from
// the mix, send it to the server it believes leads, wait. Retries reuse the
// same (client, seq), so servers can apply each operation exactly once.
//
// What it records (DESIGN.md history format):
//   ok    a reply with status ok (reads carry the value read);
//   fail  a cas that ran and found another value (no `error` field);
//   info  an operation whose attempts all ran out: it may or may not have
//         taken effect (error "timeout", or "unavailable" when every attempt
//         was answered with a redirect: a refusal proves nothing, since the
//         network may have delivered a duplicate of the request elsewhere).
//         The client then continues under a new process id (old + clients),
//         as in Jepsen.
//
// Requests go to the key's group (group_router.hpp). A redirect answer sends
// the request on to the named leader at once, up to a budget per attempt
// (2 x the group's members); past it the client waits for its attempt
// timer, and the next attempt has a fresh budget.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "protocols/cache/client_protocol.hpp"
#include "sim/core/node.hpp"
#include "sim/workload/group_router.hpp"
#include "sim/workload/deadline_timer.hpp"
#include "sim/workload/history_recorder.hpp"
#include "sim/scenario/scenario.hpp"

namespace cachesim {

struct KvClientConfig {
  std::uint32_t index = 0;       // 0-based client number
  std::uint32_t clients = 1;     // total clients (for process ids)
  std::uint32_t servers = 1;     // servers are endpoints 0..servers-1
  std::shared_ptr<const ring::Ring> ring;  // sharded: route by the ring; null: one group
  WorkloadSpec workload;
  Time stop = 0;                 // no new operation starts at or after this
};

class KvClient final : public Node {
 public:
  KvClient(KvClientConfig cfg, HistoryRecorder* history)
      : cfg_(std::move(cfg)), history_(history), router_(cfg_.servers, cfg_.ring, cfg_.index) {
    process_ = cfg_.index;
  }

  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& m) override;
  void on_timer(Context& ctx, TimerId id, std::uint64_t tag) override;

  bool busy() const { return in_flight_; }
  std::uint64_t completed() const { return completed_; }

 private:
  enum Tag : std::uint64_t { kThink = 1, kAttempt = 2 };

  void schedule_next(Context& ctx);
  void start_operation(Context& ctx);
  void send_attempt(Context& ctx);
  void finish(Context& ctx, EventType type, Value value, std::optional<std::string> error);
  cache::MaybeValue new_value();
  Value history_value(const cache::MaybeValue& v) const;

  KvClientConfig cfg_;
  HistoryRecorder* history_;
  std::int64_t process_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t values_made_ = 0;
  std::uint64_t completed_ = 0;
  std::uint64_t started_ = 0;

  // The operation in flight.
  bool in_flight_ = false;
  cache::ClientRequest req_;
  OpFunction f_ = OpFunction::kRead;
  std::uint32_t attempts_ = 0;
  std::uint32_t redirects_ = 0;
  bool maybe_applied_ = false;   // some attempt went unanswered (for the error text)
  bool attempt_refused_ = false;  // the current attempt was answered with a redirect
  DeadlineTimer attempt_timer_{kAttempt};
  NodeId target_ = kNoNode;

  GroupRouter router_;
  std::uint32_t group_ = 0;  // the group of the operation in flight
  std::map<std::string, cache::MaybeValue> last_seen_;  // per key: for cas expectations
};

}  // namespace cachesim
