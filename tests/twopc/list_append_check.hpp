// A small list-append history checker for these tests (the project's Elle-
// style checker lives elsewhere; this one checks what 2PC must guarantee and
// names the txns involved):
//   aborted read   an ok read shows a value whose append's txn failed;
//   phantom        an ok read shows a value nobody appended;
//   duplicate      a value appears twice in one list;
//   divergence     two reads of one key where neither list is a prefix of
//                  the other (appends applied in different orders, or lost);
//   fractured      one ok txn saw a txn's append on one key but not its
//                  append on another key it also read;
//   lost commit    an ok txn appended v to k, and a txn invoked after it
//                  completed read k without v.
#pragma once

#include <string>
#include <vector>

#include "sim/check/history.hpp"

namespace cachesim::twopc_test {

std::vector<std::string> list_append_anomalies(const History& h);

}  // namespace cachesim::twopc_test
