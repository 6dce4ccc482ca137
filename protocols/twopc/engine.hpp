// Two-phase commit in one Paxos group on one server: the group's share of
// the replicated 2PC state (txn_state.hpp), the records that change it
// (records.hpp), and what its leader does with messages and timers.
//
// Roles. Every group is a PARTICIPANT for the keys it holds; the group of a
// transaction's first key is also its COORDINATOR. Only a group's current
// leader acts; everything a successor needs is in the log:
//   * coordinator: BEGIN (with the coordinator group's own prepare) before
//     any prepare is sent; DECISION before anyone (client or participant) is
//     told; the first DECISION in log order wins;
//   * participant: PREPARE applied before the vote is sent (the vote is a
//     function of the applied record); OUTCOME applied before the ack.
// Recovery. A new leader first applies what earlier leaderships logged (its
// Paxos recovery, up to its barrier; after a restart that is the whole log
// since the last snapshot) as a follower would: state only, no message, no
// reply, no new record, so finished work is rebuilt, not redone. Once its
// barrier is applied it ACTS: it finds begun-undecided txns in its applied
// state and drives them again (re-sends prepares: participants re-vote from
// their PREPARED state; aborts after vote_timeout) and re-sends every
// remembered decision. PREPARED txns without a decision for
// decision_timeout ask the coordinator group, whose leader
// answers from its decisions or, once caught up (its barrier applied, so
// every BEGIN ever applied by any leader is in its state) and finding no
// BEGIN, logs a presumed ABORT. Retransmission until acknowledged; every
// handler is idempotent.
//
// Classic mode (config.hpp): the coordinator is the server that received
// the request while leading the first key's group; it logs nothing and
// decides in memory (classic.cpp). Participants bind a PREPARED txn to that
// server's incarnation (epoch) and take decisions and answers only from it:
// a crash between prepare and decision leaves them locked for good.
//
// Observations: "twopc.decided" {group, client, seq, committed 0/1} each
// time a replica of a participant group settles a txn (its OUTCOME or the
// coordinator group's DECISION applied to a PREPARED txn, the single-group
// fast path, or a no vote for a conflict: a unilateral abort). Harness
// invariant: no txn is decided both ways anywhere.
// Marks: twopc.committed, twopc.aborted, twopc.fast_path, twopc.lock_conflict,
// twopc.decision_asked, twopc.presumed_abort, twopc.recovered_by_new_leader
// (a coordinator leader decides a txn this leadership did not begin),
// twopc.participant_recovered (a participant leader settles a txn an earlier
// leadership of its group prepared), twopc.vote_timeout,
// twopc.duplicate_decision, twopc.classic_blocked.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/paxos/replica.hpp"
#include "protocols/ring/ring.hpp"
#include "protocols/twopc/config.hpp"
#include "protocols/twopc/messages.hpp"
#include "protocols/twopc/records.hpp"
#include "protocols/twopc/seams.hpp"
#include "protocols/twopc/txn_state.hpp"

namespace cachesim::twopc {

class Engine {
 public:
  Engine(GroupId group, NodeId self, std::shared_ptr<const ring::Ring> ring, TwoPcConfig cfg,
         std::shared_ptr<const TwoPcSeams> seams);

  // requires: called once, before any handler, with the group's replica.
  void bind(paxos::Replica* replica) { replica_ = replica; }
  // Classic mode: this server incarnation's id (nonzero, fresh per start).
  void set_epoch(std::uint64_t e) { epoch_ = e; }

  // Handlers. requires: this group is the message's target (see
  // messages.hpp) and this server one of its members.
  void on_request(Context& ctx, NodeId from, const TxnRequest& r);
  void on_prepare(Context& ctx, NodeId from, const PrepareMsg& m);
  void on_vote(Context& ctx, NodeId from, const VoteMsg& m);
  void on_decision(Context& ctx, NodeId from, const DecisionMsg& m);
  void on_ack(Context& ctx, NodeId from, const AckMsg& m);
  void on_ask(Context& ctx, NodeId from, const AskMsg& m);
  // Periodic: timeouts, retransmissions, recovery (ShardNode calls it every tick()).
  void tick(Context& ctx);
  Duration tick_interval() const { return retransmit_; }

  // The state machine side: a payload whose record_kind() is set, and its
  // hash64 (the log keeps it), folded into the state hash.
  void apply(Context& ctx, std::string_view payload, std::uint64_t payload_hash);

  const TxnState& state() const { return st_; }
  // Txns this server coordinates, undecided (no decision proposed), with a
  // yes vote from another group in hand: a participant is PREPARED and
  // waits on this coordinator (tests and fault aims crash it then, "between
  // prepare and decision"). Ascending.
  std::vector<TxnId> undecided_with_yes() const;
  std::size_t waiting_with_yes() const { return undecided_with_yes().size(); }
  // Replicated mode, a leader with its barrier applied: txns this group
  // holds PREPARED for another coordinator group and has proposed no
  // OUTCOME for in this leadership (it waits on the coordinator). Ascending.
  std::vector<TxnId> prepared_awaiting_decision() const;
  std::string snapshot() const { return st_.snapshot(); }
  void restore(std::string_view bytes) { st_.restore(bytes); }

 private:
  struct GroupVote {
    Vote vote = Vote::yes;
    std::vector<List> reads;
  };
  // Replicated coordinator, leader only: a begun, undecided txn.
  struct CoordTxn {
    NodeId reply_to = kNoNode;
    Time since = 0;         // when this leader started driving it
    Time last_prepare = -1;  // when prepares last went out
    bool mine = false;      // BEGIN proposed by this leadership (not taken over)
    std::map<GroupId, GroupVote> votes;  // first vote per group counts
    bool decision_proposed = false;
    Time decision_at = 0;
  };
  struct Pending {
    NodeId reply_to = kNoNode;
    std::uint64_t ballot = 0;
    Time at = 0;
  };
  // Participant, leader only.
  struct PartTxn {
    NodeId vote_to = kNoNode;      // latest prepare sender
    NodeId ack_to = kNoNode;       // latest decision sender
    GroupId ack_coord = 0;
    std::uint64_t prepare_ballot = 0, outcome_ballot = 0;
    Time prepare_at = 0, outcome_at = 0;
    Time since = -1, asked_at = -1;
    bool prepared_here = false;  // this leadership applied its PREPARE (else it was in the log)
    bool early_voted = false;  // broken variant only
  };
  struct Unacked {
    bool commit = false;
    std::uint64_t epoch = 0;
    std::vector<GroupId> groups;  // ascending, each once (a handful: no std::set)
    Time last_sent = 0;
    bool remembered = false;  // replicated: FORGET once every group acknowledged
    std::uint64_t forget_ballot = 0;  // a FORGET proposed under this ballot, at forget_at
    Time forget_at = 0;
  };
  // Classic coordinator (this server, any role): everything in memory.
  struct ClassicTxn {
    std::vector<MicroOp> ops;
    std::vector<GroupId> op_group;
    NodeId reply_to = kNoNode;
    Time since = 0, last_prepare = 0;
    std::map<GroupId, GroupVote> votes;
    bool decided = false, commit = false, tell_client = true;
    std::set<GroupId> unacked;  // groups not yet acknowledging the decision
    Time last_sent = 0;
  };

  // engine.cpp: handlers' shared helpers
  bool leading();  // also notices a new leadership and resets volatile state
  bool caught_up() const { return replica_->barrier_applied(); }
  // Leading with the barrier applied: every record applied from here on was
  // proposed under this leadership, and the applied state holds everything
  // any earlier leader applied. The first call that finds it so takes over
  // (take_over). Side effects of applying a record (messages, replies, new
  // records) happen only while acting.
  bool acting(Context& ctx);
  void take_over(Context& ctx);
  std::uint64_t ballot() const { return replica_->ballot().packed(); }
  void send_to_group(Context& ctx, GroupId g, Message m, bool broadcast);
  void reply(Context& ctx, NodeId to, TxnId t, TxnStatus s, std::vector<List> reads, std::string reason);
  void redirect(Context& ctx, NodeId to, const TxnRequest& r, NodeId leader);
  void observe_decided(Context& ctx, TxnId t, bool committed);
  std::vector<List> assemble_reads(const std::vector<MicroOp>& ops, const std::vector<GroupId>& op_group,
                                   const std::vector<List>& own, const std::map<GroupId, GroupVote>& votes) const;
  // The groups in op_group other than `except`, ascending, each once. A txn
  // has a few micro-ops: a sorted vector is one allocation, a std::set one
  // per group, and this runs several times per transaction.
  static std::vector<GroupId> groups_of(const std::vector<GroupId>& op_group, GroupId except);
  static std::vector<MicroOp> ops_of(const std::vector<MicroOp>& ops, const std::vector<GroupId>& op_group, GroupId g);
  void send_vote(Context& ctx, NodeId to, TxnId t, GroupId coord_group, Vote v, std::vector<List> reads);

  // engine_apply.cpp
  // The decoded record is theirs: its vectors and strings move into the
  // state instead of being copied.
  void apply_begin(Context& ctx, BeginRecord r);
  void apply_prepare(Context& ctx, PrepareRecord r);
  void apply_decision(Context& ctx, DecisionRecord r);
  void apply_outcome(Context& ctx, const OutcomeRecord& r);
  void apply_forget(const ForgetRecord& r);
  // Applies a decision to this group's share; applied: it was PREPARED.
  bool settle(Context& ctx, TxnId t, bool commit, std::uint64_t epoch);

  // engine_drive.cpp: the replicated coordinator's and participant's clocks
  void drive(Context& ctx, TxnId t);
  void propose_decision(Context& ctx, TxnId t, CoordTxn& c, bool commit, std::vector<List> reads, std::string reason);
  void send_prepares(Context& ctx, TxnId t, const InProgress& ip, CoordTxn& c, bool broadcast);
  void tick_coordinator(Context& ctx);
  void tick_participant(Context& ctx);
  void tick_unacked(Context& ctx);
  void propose_forget(Context& ctx, TxnId t);  // requires: unacked_[t] acknowledged by all

  // classic.cpp
  void classic_request(Context& ctx, NodeId from, const TxnRequest& r);
  void classic_vote(Context& ctx, NodeId from, const VoteMsg& m);
  void classic_ack(const AckMsg& m);
  void classic_ask(Context& ctx, NodeId from, const AskMsg& m);
  void classic_drive(Context& ctx, TxnId t, ClassicTxn& c);
  void classic_tick(Context& ctx);

  bool classic() const { return cfg_.mode == CoordinatorMode::classic; }

  GroupId group_;
  NodeId self_;
  std::shared_ptr<const ring::Ring> ring_;
  TwoPcConfig cfg_;
  std::shared_ptr<const TwoPcSeams> seams_;
  Duration retransmit_;
  paxos::Replica* replica_ = nullptr;
  std::uint64_t epoch_ = 0;
  TxnState st_;

  // volatile leader state (reset when a new leadership starts)
  std::uint64_t led_ballot_ = 0;
  bool taken_over_ = false;  // take_over() ran under led_ballot_
  std::map<TxnId, CoordTxn> coord_;
  std::map<TxnId, Pending> begin_pending_;
  std::map<TxnId, Pending> presume_pending_;
  std::map<TxnId, std::set<GroupId>> askers_;
  std::map<TxnId, PartTxn> part_;
  std::map<TxnId, Unacked> unacked_;
  std::map<GroupId, NodeId> hints_;  // other groups' leaders, as last heard

  // classic coordinator state (survives leadership changes, not crashes)
  std::map<TxnId, ClassicTxn> classic_;
  std::map<std::uint64_t, std::uint64_t> classic_seq_;  // client -> latest seq coordinated here
};

}  // namespace cachesim::twopc
