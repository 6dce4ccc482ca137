// A simulated client for the paxos/cache tests (not the harness's client).
//
// One operation at a time, numbered seq = 1, 2, ...; a retry reuses the seq.
// On redirect it follows the hint (or tries the next server); on timeout it
// retries the same seq at the next server, forever, so every operation it
// starts completes once the cluster is live again. Every completed
// operation lands in a History shared with the test (it outlives crashes).
// Clients run on an exact clock (no offset, no drift), so their now() is
// true time and invoke/complete times are comparable across clients.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "protocols/cache/client_protocol.hpp"
#include "sim/core/node.hpp"

namespace cachesim::paxos_test {

using cache::ClientReply;
using cache::ClientRequest;
using cache::MaybeValue;
using cache::OpKind;
using cache::ReplyStatus;
using cache::Value;

struct OpRecord {
  std::uint64_t client = 0, seq = 0;
  OpKind op = OpKind::get;
  std::string key;
  MaybeValue value, expected;  // as requested
  ReplyStatus status = ReplyStatus::ok;
  MaybeValue result;  // what the reply carried
  Time invoke = 0, complete = 0;
  std::uint32_t attempts = 0;
};

struct History {
  std::vector<OpRecord> ops;          // completed operations
  std::vector<MaybeValue> attempted;  // every value a put/cas tried to write (completed or not)
  std::uint64_t started = 0, redirects = 0, timeouts = 0;
  Time last_complete = 0;
};

// Builds operation number `seq` of client `client` (seq >= 1).
using OpGenerator = std::function<ClientRequest(std::uint64_t client, std::uint64_t seq, Rng& rng)>;

struct ClientOptions {
  std::uint32_t servers = 5;
  Duration timeout = 100 * kMillisecond;
  Duration think_min = 0, think_max = 2 * kMillisecond;
  Time stop_at = 1 * kSecond;   // no new operation starts at or after this (true time)
  std::uint64_t max_ops = 0;    // 0 = no bound
};

class TestClient final : public Node {
 public:
  TestClient(std::uint64_t id, ClientOptions opt, OpGenerator gen, History* history)
      : id_(id), opt_(opt), gen_(std::move(gen)), history_(history) {}

  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& m) override;
  void on_timer(Context& ctx, TimerId id, std::uint64_t tag) override;

 private:
  enum : std::uint64_t { kNext = 1, kTimeout = 2, kResend = 3 };
  void next_op(Context& ctx);
  void send(Context& ctx);

  std::uint64_t id_;
  ClientOptions opt_;
  OpGenerator gen_;
  History* history_;
  std::uint64_t seq_ = 0;
  bool busy_ = false;
  ClientRequest req_;
  OpRecord rec_;
  NodeId target_ = 0;
  TimerId timeout_ = 0;
  std::uint32_t redirects_in_row_ = 0;
};

// ---- generators
// Random get/put/del/cas over `keys` keys, integer values unique per write.
OpGenerator random_ops(std::uint32_t keys);
// Client `writer` puts 1, 2, 3, ... to "x"; every other client reads "x".
OpGenerator monotonic_register(std::uint64_t writer);
// cas("counter", i-1 -> i) for i = seq: a counter bumped once per operation
// (a single client; the first op puts 0).
OpGenerator cas_counter();

}  // namespace cachesim::paxos_test
