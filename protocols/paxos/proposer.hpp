// The proposer role of one replica: campaigning (phase 1) and leading
// (pipelined, batched phase 2). Pure bookkeeping: it never sends, syncs or
// reads a clock; the Replica does that and tells it what happened.
//
// Guarantees:
//   * a leader assigns each slot at most one value per ballot (slots come
//     from a counter that only grows while it leads);
//   * at most `pipeline` rounds in flight, each of at most `max_batch`
//     commands. Batching adapts to load: while fewer than pipeline/4 rounds
//     are in flight a round leaves at once (low latency when idle); beyond
//     that only full batches leave, and partial ones wait for a round to
//     complete (so a busy leader sends fewer, fuller rounds); at most `4 * pipeline * max_batch` client commands queued
//     (enqueue() refuses beyond: the client retries, memory stays bounded);
//   * a round is chosen once a majority of members acked it at this ballot;
//     pop_chosen() releases only a contiguous prefix of chosen rounds, so
//     the commit index built from it has no holes.
// Recovery (after a majority of promises): recovered() holds, for every
// slot above the candidate's commit, the value with the highest ballot seen
// in any promise (kChosen ones win); the replica fills holes with no-ops.
#pragma once

#include <cstdint>
#include <deque>
#include <map>

#include "protocols/paxos/ballot.hpp"
#include "protocols/paxos/config.hpp"
#include "protocols/paxos/messages.hpp"
#include "sim/core/time.hpp"

namespace cachesim::paxos {

struct Round {
  Slot first = 0;
  BatchPtr batch;
  std::uint32_t acks = 0;  // bitmask of member indices
  Time sent_at = 0;        // leader's clock, for retransmission
  bool chosen = false;
  Slot last() const { return first + batch->size() - 1; }
};

class Proposer {
 public:
  enum class Role : std::uint8_t { follower, candidate, leader };

  Proposer(std::size_t members, const PaxosConfig& cfg);

  Role role() const { return role_; }
  bool leading() const { return role_ == Role::leader; }
  Ballot ballot() const { return ballot_; }
  std::size_t majority() const { return members_ / 2 + 1; }

  // ---- phase 1
  // requires: b above every ballot this proposer used before.
  void campaign(Ballot b);
  // Merges a promise for the current campaign from member i (duplicates are
  // ignored). True when this promise completed a majority.
  bool add_promise(std::size_t member, const Promise& p);
  // Entries merged from the promises, by slot; moved out (call once, after
  // a majority and before lead()).
  std::map<Slot, PromiseEntry> take_recovered() { return std::move(best_); }

  // ---- phase 2
  // Becomes leader; the first new slot is next_slot.
  void lead(Slot next_slot);
  Slot next_slot() const { return next_slot_; }
  // Queues a recovered value (never refused) or a client command.
  void enqueue_recovery(Payload p) { queue_.push_back(std::move(p)); }
  bool enqueue(Payload p);
  std::size_t queued() const { return queue_.size(); }
  // The next round to send, if the pipeline has room and there is work (see
  // the batching rule above); it
  // is recorded as in flight. The pointer is valid until the next call.
  Round* next_round(Time now);
  // Member i accepted the round starting at `first` at this ballot.
  void on_accepted(std::size_t member, Slot first, std::uint32_t count);
  // Pops the chosen rounds at the front; returns the last slot they cover,
  // or 0 when the front round is not chosen yet.
  Slot pop_chosen();
  // Forgets rounds wholly at or below `commit` (learned chosen elsewhere).
  void forget_through(Slot commit);
  std::deque<Round>& rounds() { return rounds_; }

  void step_down();

 private:
  std::size_t members_;
  PaxosConfig cfg_;
  Role role_ = Role::follower;
  Ballot ballot_;
  std::uint32_t promises_ = 0;  // bitmask
  std::map<Slot, PromiseEntry> best_;
  Slot next_slot_ = 0;
  std::deque<Payload> queue_;
  std::deque<Round> rounds_;  // ascending, contiguous slots
};

}  // namespace cachesim::paxos
