// One replica of one Multi-Paxos group: acceptor, proposer and learner,
// driven by messages and timers, acting only through the Context.
//
// Requires: a GroupConfig whose members include `self`; a StateMachine that
// outlives the replica; the node routes this group's messages (any type in
// messages.hpp with .group == this group) and timers (timer_group(tag) ==
// this group) here, and calls start() once per incarnation.
//
// Guarantees (and CACHESIM_CHECKed where they can be observed locally):
//   * safety: a slot this replica learned chosen never changes value
//     (learned values are compared on every later learning), the commit
//     index never decreases, applied <= commit, ballots never go back;
//   * durability: promises and accepted values are synced before the reply
//     that reveals them; a restart rebuilds from storage alone (snapshot,
//     then the contiguous known-chosen entries) and catches up from peers;
//   * leadership: randomized election timeouts; a leader heartbeats every
//     `heartbeat`, steps down on a higher ballot or when it has not heard
//     from a majority for election_timeout_max (check-quorum), and after
//     winning re-proposes every unchosen slot from its commit point (holes
//     become no-ops) followed by one no-op barrier of its own ballot;
//   * bounded memory: snapshots every snapshot_every applied slots truncate
//     the log; the accept window, queue and pipeline are bounded.
// Observations: "paxos.chosen" {group, slot, hash64(command)} each time this
// replica learns a slot chosen (not for slots it gets inside a snapshot).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "protocols/paxos/acceptor.hpp"
#include "protocols/paxos/config.hpp"
#include "protocols/paxos/durable.hpp"
#include "protocols/paxos/lease.hpp"
#include "protocols/paxos/log.hpp"
#include "protocols/paxos/messages.hpp"
#include "protocols/paxos/proposer.hpp"
#include "protocols/paxos/state_machine.hpp"
#include "sim/core/node.hpp"

namespace cachesim::paxos {

class Replica {
 public:
  // `durable` may be a subclass (tests' broken variants); null = the correct one.
  Replica(const GroupConfig& cfg, NodeId self, StateMachine& sm, std::unique_ptr<DurableState> durable = nullptr);

  void start(Context& ctx);
  // Handles m if it is one of this group's Paxos messages; false otherwise.
  bool on_message(Context& ctx, NodeId from, const Message& m);
  void on_timer(Context& ctx, TimerId id, std::uint64_t tag);
  // The group a timer tag belongs to.
  static GroupId timer_group(std::uint64_t tag) { return static_cast<GroupId>(tag >> 8); }

  // ---- the proposer's client side
  enum class ProposeResult { queued, not_leader, overloaded };
  ProposeResult propose(Context& ctx, Payload command);
  bool leading() const { return proposer_.leading(); }
  // The leader this replica believes in (itself when leading), or kNoNode.
  NodeId leader_hint() const;
  Ballot ballot() const { return proposer_.ballot(); }

  // ---- local reads: true only for a leader that holds a lease (leases
  // enabled, a majority of fresh grants) and has applied its own barrier, so
  // its applied state includes every write any leader acknowledged.
  bool lease_valid(Time now) const;
  // A leader whose lease of this term lapsed (held once, and not renewed in
  // time): its reads go through the log until a majority grants again.
  bool lease_lapsed(Time now) const;
  bool barrier_applied() const { return leading() && log_.applied() >= barrier_; }

  // ---- inspection (tests, white-box checks)
  GroupId group() const { return cfg_.group; }
  const Log& log() const { return log_; }
  Ballot promised() const { return acceptor_.promised(); }
  Slot snapshot_index() const { return log_.snapshot_index(); }

 private:
  enum TimerKind : std::uint64_t { kElection = 1, kHeartbeat = 2 };

  // replica.cpp: lifecycle, timers, phase 1 and leadership
  std::uint64_t tag(TimerKind k) const { return (std::uint64_t{cfg_.group} << 8) | k; }
  std::size_t index_of(NodeId n) const;
  void arm_election(Context& ctx, Duration after);
  void on_election_timer(Context& ctx);
  void on_heartbeat_timer(Context& ctx);
  void start_election(Context& ctx);
  void handle(Context& ctx, NodeId from, const Prepare& m);
  void handle(Context& ctx, NodeId from, const Promise& m);
  void handle(Context& ctx, NodeId from, const Reject& m);
  void become_leader(Context& ctx);
  void step_down(Context& ctx, const char* why);
  void note_ballot(Ballot b);
  void heard_leader(Context& ctx, Ballot b);

  // replica_phase2.cpp: accepts, rounds, heartbeats
  void handle(Context& ctx, NodeId from, const Accept& m);
  void handle(Context& ctx, NodeId from, const Accepted& m);
  void handle(Context& ctx, NodeId from, const Heartbeat& m);
  void handle(Context& ctx, NodeId from, const HeartbeatAck& m);
  void flush_rounds(Context& ctx);
  void advance_leader_commit(Context& ctx);
  void send_round(Context& ctx, const Round& r, std::uint32_t skip_mask);
  void broadcast_heartbeat(Context& ctx);
  void retransmit(Context& ctx);

  // replica_learn.cpp: commit, apply, catch-up, snapshots
  void learn_commit(Context& ctx, Ballot leader, Slot commit, NodeId source);
  void commit_one(Context& ctx, Slot s);
  void apply_committed(Context& ctx);
  void maybe_snapshot(Context& ctx);
  void request_catchup(Context& ctx, NodeId source, bool force);
  void handle(Context& ctx, NodeId from, const CatchupRequest& m);
  void handle(Context& ctx, NodeId from, const CatchupReply& m);
  void handle(Context& ctx, NodeId from, const SnapshotInstall& m);
  bool install_chosen(Context& ctx, Slot s, const BatchPtr& batch, std::uint32_t index);
  // Writes the known-chosen slots [first, last] durably and syncs.
  void persist_chosen(Context& ctx, Slot first, Slot last);

  GroupConfig cfg_;
  NodeId self_;
  std::size_t self_index_;
  StateMachine& sm_;
  std::unique_ptr<DurableState> durable_;
  Log log_;
  Acceptor acceptor_;
  Proposer proposer_;

  // election and leader tracking
  std::uint32_t highest_round_ = 0;  // highest ballot round seen anywhere
  NodeId leader_ = kNoNode;          // who we follow (when not leading)
  Ballot leader_ballot_;             // that leader's ballot
  Time last_heard_ = 0;              // local time of the last leader traffic
  Duration election_timeout_ = 0;    // current randomized timeout
  TimerId election_timer_ = 0;
  TimerId heartbeat_timer_ = 0;
  std::vector<Time> last_ack_;       // leader: per member, local time of its last reply
  // Leader: per member, local time of the last accept sent to it (or
  // kNeverSent). An accept carries the ballot and commit index, as a
  // heartbeat does, so a member sent one within the heartbeat interval gets
  // no heartbeat (unless leases are on: only heartbeat acks grant them).
  // Busy groups then send almost no heartbeats (Raft's AppendEntries habit).
  std::vector<Time> last_sent_;
  static constexpr Time kNeverSent = std::numeric_limits<Time>::min() / 2;
  Slot barrier_ = 0;                 // leader: slot of its barrier no-op

  // leases
  Duration lease_span_ = 0;  // leader-side trusted span (lease.hpp)
  LeaderLease lease_;
  VoteGuard guard_;

  // catch-up and snapshots
  Time catchup_after_ = 0;  // local time before which no new catch-up request goes out
  std::shared_ptr<const std::string> snapshot_;  // latest snapshot bytes, for installs
};

}  // namespace cachesim::paxos
