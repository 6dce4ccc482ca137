// The messages between servers for two-phase commit.
//
// Routing: each message names the group that must handle it (`group` for
// the participant side, `coord_group` for the coordinator side), so a server
// hosting several groups hands it to the right one. Only a group's leader
// acts on them; followers drop them (senders retransmit, and broadcast to
// every member when they do not know the leader, so the leader hears).
//
// Every handler is idempotent: the network duplicates, reorders and loses
// messages, and senders retransmit until they hear back.
//
//   coordinator --Prepare--> participant       (until its vote arrives)
//   participant --Vote-----> coordinator       (after PREPARE is applied)
//   coordinator --Decision-> participant       (until acked)
//   participant --Ack------> coordinator       (after OUTCOME is applied)
//   participant --Ask------> coordinator group (PREPARED too long)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/twopc/types.hpp"

namespace cachesim::twopc {

struct PrepareMsg {
  static constexpr std::string_view kName = "twopc.prepare";
  TxnId txn;
  GroupId group = 0;        // the participant group
  GroupId coord_group = 0;
  std::uint64_t epoch = 0;  // classic: the coordinator's incarnation; 0 = replicated
  std::vector<MicroOp> ops;
  void describe(std::string& out) const;
};

struct VoteMsg {
  static constexpr std::string_view kName = "twopc.vote";
  TxnId txn;
  GroupId group = 0;  // the voting participant group
  GroupId coord_group = 0;
  Vote vote = Vote::yes;
  std::vector<List> reads;  // yes: one per read micro-op of this group, in order
  void describe(std::string& out) const;
};

struct DecisionMsg {
  static constexpr std::string_view kName = "twopc.decision";
  TxnId txn;
  GroupId group = 0;  // the participant group told
  GroupId coord_group = 0;
  bool commit = false;
  std::uint64_t epoch = 0;
  void describe(std::string& out) const;
};

struct AckMsg {
  static constexpr std::string_view kName = "twopc.ack";
  TxnId txn;
  GroupId group = 0;  // the participant group that applied the decision
  GroupId coord_group = 0;
  void describe(std::string& out) const;
};

struct AskMsg {
  static constexpr std::string_view kName = "twopc.ask";
  TxnId txn;
  GroupId group = 0;  // the asking participant group
  GroupId coord_group = 0;
  std::uint64_t epoch = 0;
  void describe(std::string& out) const;
};

}  // namespace cachesim::twopc
