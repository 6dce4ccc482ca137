// The cache's log commands: a client operation as bytes in the Paxos log.
//
// Contract: decode(encode(r)) gives back r's client, seq, op, key, value and
// expected exactly; the encoding is the same on every platform (codec.hpp).
// The first byte is a kind tag so that later kinds of log records (two-phase
// commit prepare/commit) can share the log; the empty payload stays the
// Paxos no-op and is never produced here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "protocols/cache/client_protocol.hpp"
#include "sim/core/codec.hpp"

namespace cachesim::cache {

enum class CommandKind : std::uint8_t { client_op = 'C' };

struct Command {
  std::uint64_t client = 0;
  std::uint64_t seq = 0;
  OpKind op = OpKind::get;
  std::string key;
  MaybeValue value;
  MaybeValue expected;
};

std::string encode_command(const ClientRequest& r);
// Decodes a payload produced by encode_command (a malformed one fails an
// invariant check: only our own encoder writes the log).
Command decode_command(std::string_view payload);

// Value encoding shared with snapshots.
void write_value(Writer& w, const MaybeValue& v);
MaybeValue read_value(Reader& r);

}  // namespace cachesim::cache
