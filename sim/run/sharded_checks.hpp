// The checks and figures of sharded, transactional systems, as the runner
// reports them: the transaction history check, locks left held after the
// faults healed, and the ring's balance under the run's workload.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "protocols/ring/ring.hpp"
#include "sim/check/history.hpp"
#include "sim/run/run_result.hpp"

namespace cachesim {

// "transactions": atomicity and strict-serializability anomalies of the
// list-append history (sim/check/txn_check.hpp), unknown past the budget.
// Adds the check to `r`, and its JSON witness when it failed.
void add_transaction_check(RunResult& r, const std::vector<Operation>& txn_ops, std::function<bool()> out_of_time);

// Liveness also requires that no lock outlives the faults: a held lock
// (one line each, from System::held_locks) fails `liveness`. At most 20 are
// listed.
void add_held_locks(CheckResult& liveness, const std::vector<std::string>& locks, Time now);

// Keys and operations per server for the run's operations (a transaction
// counts once for each key it touches), plus the ring's movement figures.
ring::RingBalance ring_balance(const ring::Ring& ring, const std::vector<Operation>& ops);

}  // namespace cachesim
