// The messages between simulated clients and the cache's servers.
//
// Exactly-once: a client numbers its operations (seq = 1, 2, ...) and sends
// one at a time; a retry reuses the same (client, seq). Servers apply each
// (client, seq) at most once and answer a duplicate with the recorded reply.
//
// Statuses and what a client may conclude from them:
//   ok        the operation took effect (for get: `value` is what was read)
//   mismatch  a cas ran and found another value: it took no effect, and the
//             current value differed from `expected` when it ran
//   redirect  this server is not the leader and did not forward the request;
//             `leader` is its best guess (kNoNode if it has none). The
//             request was not accepted by this server: on its own this reply
//             proves nothing about an earlier attempt sent elsewhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "sim/core/node.hpp"

namespace cachesim::cache {

// A cache value: an integer or a string. Absent keys are std::nullopt.
using Value = std::variant<std::int64_t, std::string>;
using MaybeValue = std::optional<Value>;

enum class OpKind : std::uint8_t { get, put, del, cas };
const char* to_string(OpKind op);

struct ClientRequest {
  static constexpr std::string_view kName = "cache.request";
  std::uint64_t client = 0;  // a client's id: stable across its retries
  std::uint64_t seq = 0;     // 1, 2, 3 ... per client
  OpKind op = OpKind::get;
  std::string key;
  MaybeValue value;     // put: the new value; cas: the new value
  MaybeValue expected;  // cas: the value it must find (nullopt: key absent)
  void describe(std::string& out) const;
};

enum class ReplyStatus : std::uint8_t { ok, mismatch, redirect };
const char* to_string(ReplyStatus s);

struct ClientReply {
  static constexpr std::string_view kName = "cache.reply";
  std::uint64_t client = 0;
  std::uint64_t seq = 0;
  ReplyStatus status = ReplyStatus::ok;
  MaybeValue value;           // get: the value read (nullopt: absent)
  NodeId leader = kNoNode;    // redirect: where to try next
  void describe(std::string& out) const;
};

std::string to_string(const MaybeValue& v);

}  // namespace cachesim::cache
