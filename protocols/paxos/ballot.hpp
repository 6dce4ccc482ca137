// Ballots, slots and group ids: the small value types of Multi-Paxos.
//
// Guarantees: Ballot is totally ordered by (round, node), so two proposers
// never share a ballot (the node id breaks ties) and every node can always
// pick a ballot above any it has seen. kChosen is above every real ballot: an
// acceptor reports a value it KNOWS is chosen with it, so a new leader
// adopts that value over any accepted one (safe: once v is chosen, every
// value accepted at a higher ballot is v too).
#pragma once

#include <compare>
#include <cstdint>
#include <string>

#include "sim/core/node.hpp"

namespace cachesim::paxos {

// A position in the replicated log; slots start at 1 (0 = "nothing").
using Slot = std::uint64_t;
// A Paxos group (one replicated log); several may share a server later.
using GroupId = std::uint32_t;

struct Ballot {
  std::uint32_t round = 0;
  NodeId node = 0;

  friend constexpr auto operator<=>(const Ballot&, const Ballot&) = default;
  constexpr bool is_null() const { return round == 0; }
  constexpr std::uint64_t packed() const { return (std::uint64_t{round} << 32) | node; }
  static constexpr Ballot unpack(std::uint64_t v) {
    return Ballot{static_cast<std::uint32_t>(v >> 32), static_cast<NodeId>(v & 0xffffffffu)};
  }
  std::string str() const { return std::to_string(round) + "." + std::to_string(node); }
};

inline constexpr Ballot kNullBallot{0, 0};
inline constexpr Ballot kChosen{UINT32_MAX, UINT32_MAX};

}  // namespace cachesim::paxos
