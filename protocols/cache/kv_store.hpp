// The key-value state machine with its exactly-once session table.
//
// Guarantees:
//   * apply() is deterministic: the same commands in the same order give the
//     same state and replies on every replica;
//   * exactly once: per client, a command whose seq is <= the last applied
//     seq is not applied again; an equal seq returns the recorded reply
//     (duplicate), a lower one is stale and returns nothing;
//   * state_hash() covers the whole key-value map and session table and is
//     maintained in O(1) per change (XOR of hash64-based digests of each
//     (key, value) and each (client, seq, reply)): equal states, equal hash;
//   * snapshot()/restore() round-trip everything above (sessions included,
//     so exactly-once survives snapshot installs).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/cache/client_protocol.hpp"
#include "protocols/cache/command.hpp"

namespace cachesim::cache {

struct SessionEntry {
  std::uint64_t seq = 0;
  ReplyStatus status = ReplyStatus::ok;
  MaybeValue value;
};

class KvStore {
 public:
  enum class Outcome : std::uint8_t { applied, duplicate, stale };
  struct Result {
    Outcome outcome = Outcome::applied;
    ReplyStatus status = ReplyStatus::ok;
    MaybeValue value;
  };

  Result apply(const Command& c);

  MaybeValue get(std::string_view key) const;
  const SessionEntry* session(std::uint64_t client) const;
  std::uint64_t state_hash() const;
  std::size_t keys() const { return data_.size(); }
  std::size_t sessions() const { return sessions_.size(); }

  std::string snapshot() const;
  void restore(std::string_view bytes);

 private:
  void set(const std::string& key, const MaybeValue& v);
  void record(std::uint64_t client, const SessionEntry& s);

  std::map<std::string, Value, std::less<>> data_;
  std::map<std::uint64_t, SessionEntry> sessions_;
  std::uint64_t data_hash_ = 0, session_hash_ = 0;
};

}  // namespace cachesim::cache
