// The small value types two-phase commit shares between its log records,
// its messages and its state: transaction ids, votes, lists.
//
// A transaction is identified by (client, seq): the client's own number for
// it, stable across retries (txn_protocol.hpp). Ids are totally ordered so
// they can key ordered maps (determinism: no unordered containers).
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

#include "protocols/paxos/ballot.hpp"
#include "protocols/twopc/txn_protocol.hpp"

namespace cachesim::twopc {

using paxos::GroupId;

struct TxnId {
  std::uint64_t client = 0;
  std::uint64_t seq = 0;
  friend constexpr auto operator<=>(const TxnId&, const TxnId&) = default;
  std::string str() const { return "c" + std::to_string(client) + "#" + std::to_string(seq); }
};

// A list-append key's value: the integers appended to it, in order.
using List = std::vector<std::int64_t>;

// A participant's answer to a prepare.
enum class Vote : std::uint8_t {
  yes,          // PREPARED is in the group's log: keys locked, reads taken
  no_conflict,  // first sight of the txn, and a key is locked by another txn
  no_stale,     // seen before (or a later txn of the same client was): not
                // prepared here, never will be; the txn cannot have committed
                // without this group unless this group already applied it
  no_bound,     // classic mode only: prepared for another coordinator
                // incarnation, whose decision alone counts
};
const char* to_string(Vote v);

}  // namespace cachesim::twopc
