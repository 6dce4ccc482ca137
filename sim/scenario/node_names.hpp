// The names scenario files use for endpoints: servers n1..nN are NodeIds
// 0..N-1, key-value clients c1..cC are NodeIds N..N+C-1, transaction clients
// t1..tT follow them (the layout LinkOverride and Fault use). Names have no leading zeros; "n0" and "n01" are not names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/node.hpp"
#include "sim/scenario/json_reader.hpp"

namespace cachesim {

struct NodeNames {
  std::uint32_t servers = 0;
  std::uint32_t clients = 0;
  std::uint32_t txn_clients = 0;

  // "n3" for id 2; "c1" for id `servers`; "t1" for id `servers + clients`.
  std::string name(NodeId id) const;
  // The server named `name`, if there is one.
  std::optional<NodeId> server(std::string_view name) const;
  // "n1..n5", for messages.
  std::string server_range() const;
  // A server: "expected a server name n1..n5, found "n9"".
  NodeId read_server(const JsonReader& r) const;
  // A server or a client: "expected a node name n1..n5 or c1..c3, found "x""
  // (with ", t1..t2" when there are transaction clients).
  NodeId read_endpoint(const JsonReader& r) const;
  // The server named `key` (an object key, e.g. under /clocks/nodes), or
  // the same error as read_server with the key as what was found.
  NodeId server_from_key(const JsonReader& at, const std::string& key) const;
};

}  // namespace cachesim
