// Decides whether one key's history is linearizable for a register with
// read, write, delete and cas, within a budget.
//
// Contract: search() returns kLinearizable only if a linearization exists
// and kIllegal only if none does; past the budget it returns promptly with
// kOutOf*, and kTooConcurrent when more than 64 completed operations are
// pending at once, or when the counters of the info operations that can
// still matter (R6) need more than 64 bits (about 64 distinct ones). Memory used is
// bounded by limits.max_memory_bytes (counted conservatively: capacities).
// The result is a pure function of the history and of when out_of_time first
// answers true.
//
// ALGORITHM. Breadth-first "just in time" linearization (Lowe, "Testing for
// linearizability", 2017) over the events in real-time order. A
// configuration is what the future depends on: the register's state, which
// pending operations are already linearized, which info operations took
// effect. Every linearization L maps onto such a run: the operation at
// position j of L is linearized at the earliest return event among it and
// the operations after it in L, so at the return of X the search linearizes
// a block of pending operations ending with X. The frontier (the set of
// configurations reachable at one event) is deduplicated, which is Lowe's
// memoization of (linearized set, state) restricted to the only part of that
// set that can still differ: the pending operations. Memory is the frontier,
// not the history. The history is illegal exactly when the frontier becomes
// empty; that event names the first operation that cannot be linearized.
//
// REDUCTIONS, each sound (no linearization is lost) and exact (none added):
//
// R1 Eager observers. A pending read of the current state, or a pending cas
//    that failed (no error) whose expected value differs from the state, is
//    linearized at once. Proof: such an op O changes nothing; in any valid
//    continuation L = X1..Xk O Y.., moving O to the front keeps every op's
//    state; real time allows it because O is pending now, so every op that
//    returned before O's invoke is already linearized. Consequence: no
//    configuration holds a pending unlinearized observer its state satisfies,
//    so the orders among concurrent reads never branch. This covers the
//    failed cas that only an info write explains: see R2.
// R2 Lazy info operations. An info write/delete/cas is linearized only as a
//    step of a block and only if the next step observes its result (a read,
//    a cas, a failed cas, an info cas). Proof: in any linearization, an info
//    op followed directly by a write/delete (or by nothing) has its effect
//    overwritten unseen; deleting it from L changes no other op's state, and
//    "never took effect" is allowed for info. Consequence: timed-out writes
//    are not linearized "somewhere" in every possible way (Porcupine's
//    2^timeouts blow-up); they appear exactly where something reads them.
// R3 Early writes must be read. A completed write linearized before its own
//    return (not last in its block) must be observed by the next step. If a
//    write Y is directly overwritten by a write Z, Y's position is immaterial
//    to everyone else; the search leaves Y pending and marks it "masked"
//    when Z is linearized while Y is pending (Config::mask). At Y's return a
//    masked Y may be retired as if placed right before Z: Y was pending then
//    (callable), Z is unconditional so nothing sees Y, and Z precedes Y's
//    return. A cas is not masked this way: its precondition depends on where
//    it goes.
// R4 Dead values. After the last event at which an operation could observe
//    value v (the last return of a read of v or of a cas whose expected value
//    is v, or the release of an info cas expecting v), a state v is replaced
//    by kUnobserved. Every later op treats v and kUnobserved alike: no read
//    or cas can match either, and every failed cas differs from both. This
//    merges configurations that differ only in a value nobody will read.
// R5 Interchangeable info writes. An info write whose value can no longer be
//    observed (R4) is only useful to let a failed cas fail (any such value
//    differs from every later expected value), and all of them are equally
//    able to do so at any later time (info ops never expire). So they are
//    counted (Config::spare, capped at the number of failed cas still to
//    return) instead of tracked one by one. An info cas whose new value is
//    dead and whose expected value no later failed cas expects can help
//    nothing and is forgotten.
// R6 Classes of info operations. Info operations with the same kind and
//    values that are both invoked are interchangeable for the rest of the
//    history (info ops never expire, and they stop mattering at the same
//    event). So a configuration records how many of each class took effect
//    (counters packed in Config::used), not which, and a block tries one
//    member per class. A hundred timed-out deletes cost 7 bits, not 100.
// R7 Dominance. A configuration is dropped when another has the same state
//    and linearized pending operations, no more info operations taken
//    effect in any class, at least the same masked writes and at least as
//    many spares: all of those are resources the search only spends, so the
//    dominated one can do nothing the other cannot.
//
// The time callback is polled every 4096 steps (a step is one configuration
// expanded); memory is checked at the same points.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/check/lin_model.hpp"

namespace cachesim::lin {

struct SearchLimits {
  const std::function<bool()>* out_of_time = nullptr;  // may be null or empty: no time limit
  std::size_t max_memory_bytes = SIZE_MAX;
  std::uint64_t max_steps = UINT64_MAX;
  // Skip R4 (dead values stay concrete): slower, for naming the states the
  // register could hold in a witness.
  bool concrete_states = false;
};

enum class SearchStatus : std::uint8_t {
  kLinearizable,
  kIllegal,
  kOutOfTime,
  kOutOfMemory,
  kOutOfSteps,
  kTooConcurrent,
};

struct SearchResult {
  SearchStatus status = SearchStatus::kLinearizable;
  std::uint32_t fail_event = 0;        // kIllegal: the return event no configuration survived
  std::vector<ValueId> states_before;  // kIllegal: states possible just before it, ascending
  std::uint64_t steps = 0;
  std::size_t peak_frontier = 0;
  std::size_t peak_bytes = 0;
};

SearchResult search(const KeyHistory& h, const SearchLimits& limits);

}  // namespace cachesim::lin
