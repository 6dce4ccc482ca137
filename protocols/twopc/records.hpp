// Two-phase commit's records in a group's Paxos log.
//
// Every fact a new leader needs goes through the log as one of these, so
// that whoever leads next finds it in its applied state:
//   BEGIN     (coordinator group) the transaction, every micro-op with the
//             group its key belongs to. Applying it also PREPAREs the
//             coordinator group's own share (locks, reads), and for a
//             transaction that touches only this group it decides at once:
//             the single-group fast path, one record per transaction.
//   PREPARE   (participant group) this group's micro-ops of a transaction,
//             and who coordinates it. Applying it locks the keys if they are
//             free and takes the reads: the vote.
//   DECISION  (coordinator group) commit or abort, with the reads the client
//             is told. The FIRST decision record for a txn in log order wins;
//             later ones are ignored (a new leader's presumed abort and an
//             old leader's commit can both reach the log, only one counts).
//   OUTCOME   (participant group) the decision, applied: appends on commit,
//             locks released either way.
//   FORGET    (coordinator group) every participant group acknowledged the
//             decision: it is dropped, so coordinator memory stays bounded.
//
// Contract: decode(encode(x)) == x; the first byte is the kind tag, distinct
// from the cache's client-op tag 'C' (protocols/cache/command.hpp), so both
// share one log. Bytes are the same on every platform (sim/core/codec.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/twopc/types.hpp"
#include "sim/core/codec.hpp"
#include "sim/core/node.hpp"

namespace cachesim::twopc {

enum class RecordKind : std::uint8_t { begin = 'B', prepare = 'P', decision = 'D', outcome = 'O', forget = 'F' };

// The record kind of a log payload, if it is one of ours.
std::optional<RecordKind> record_kind(std::string_view payload);

struct BeginRecord {
  TxnId txn;
  std::vector<MicroOp> ops;
  std::vector<GroupId> op_group;  // per op: the group of its key
};

struct PrepareRecord {
  TxnId txn;
  GroupId coord_group = 0;
  NodeId coordinator = kNoNode;  // who sent the prepare: where the vote goes
  std::uint64_t epoch = 0;       // classic: the coordinator's incarnation; 0 = replicated
  std::vector<MicroOp> ops;      // this group's micro-ops, in transaction order
};

struct DecisionRecord {
  TxnId txn;
  bool commit = false;
  bool presumed = false;         // an abort logged for a txn this group never began
  std::vector<List> reads;       // commit: one per read micro-op, in order
  std::string reason;            // abort: why, for the client
};

struct OutcomeRecord {
  TxnId txn;
  bool commit = false;
  std::uint64_t epoch = 0;  // classic: the deciding coordinator's incarnation
};

// Coordinator group: every participant group acknowledged the decision, so
// the group need not remember it any longer.
struct ForgetRecord {
  TxnId txn;
};

std::string encode(const BeginRecord& r);
// The same bytes as encode(BeginRecord{txn, ops, op_group}), without copying
// the ops into a record first.
std::string encode_begin(TxnId txn, const std::vector<MicroOp>& ops, const std::vector<GroupId>& op_group);
std::string encode(const PrepareRecord& r);
std::string encode(const DecisionRecord& r);
std::string encode(const OutcomeRecord& r);
std::string encode(const ForgetRecord& r);
// Decoders require the matching kind (a mismatch fails an invariant check:
// only our own encoders write the log).
BeginRecord decode_begin(std::string_view payload);
PrepareRecord decode_prepare(std::string_view payload);
DecisionRecord decode_decision(std::string_view payload);
OutcomeRecord decode_outcome(std::string_view payload);
ForgetRecord decode_forget(std::string_view payload);

}  // namespace cachesim::twopc

namespace cachesim::twopc {
// Shared with snapshots (txn_state.cpp).
void write_txn(Writer& w, TxnId t);
TxnId read_txn(Reader& r);
void write_ops(Writer& w, const std::vector<MicroOp>& ops);
std::vector<MicroOp> read_ops(Reader& r);
void write_list(Writer& w, const List& l);
List read_list(Reader& r);
}  // namespace cachesim::twopc
