#include "protocols/twopc/records.hpp"

#include "sim/core/check.hpp"

namespace cachesim::twopc {

const char* to_string(Vote v) {
  switch (v) {
    case Vote::yes: return "yes";
    case Vote::no_conflict: return "no(conflict)";
    case Vote::no_stale: return "no(stale)";
    case Vote::no_bound: return "no(bound)";
  }
  return "?";
}

std::optional<RecordKind> record_kind(std::string_view payload) {
  if (payload.empty()) return std::nullopt;
  switch (static_cast<RecordKind>(payload[0])) {
    case RecordKind::begin:
    case RecordKind::prepare:
    case RecordKind::decision:
    case RecordKind::outcome:
    case RecordKind::forget: return static_cast<RecordKind>(payload[0]);
  }
  return std::nullopt;
}

void write_txn(Writer& w, TxnId t) { w.u64(t.client).u64(t.seq); }
TxnId read_txn(Reader& r) {
  TxnId t;
  t.client = r.u64();
  t.seq = r.u64();
  return t;
}

void write_ops(Writer& w, const std::vector<MicroOp>& ops) {
  w.u32(static_cast<std::uint32_t>(ops.size()));
  for (const MicroOp& o : ops) w.u8(static_cast<std::uint8_t>(o.kind)).str(o.key).i64(o.value);
}
std::vector<MicroOp> read_ops(Reader& r) {
  std::vector<MicroOp> ops(r.u32());
  for (MicroOp& o : ops) {
    const std::uint8_t k = r.u8();
    CACHESIM_CHECK(k <= static_cast<std::uint8_t>(MicroKind::read), "bad micro-op kind in a stored record");
    o.kind = static_cast<MicroKind>(k);
    o.key = r.str();
    o.value = r.i64();
  }
  return ops;
}

void write_list(Writer& w, const List& l) {
  w.u32(static_cast<std::uint32_t>(l.size()));
  for (std::int64_t v : l) w.i64(v);
}
List read_list(Reader& r) {
  List l(r.u32());
  for (std::int64_t& v : l) v = r.i64();
  return l;
}

namespace {
// Encoded sizes, so that each encoder allocates its string once.
constexpr std::size_t kTxnBytes = 16;
std::size_t ops_bytes(const std::vector<MicroOp>& ops) {
  std::size_t n = 4;
  for (const MicroOp& o : ops) n += 1 + 4 + o.key.size() + 8;
  return n;
}
Reader open(std::string_view payload, RecordKind k) {
  Reader in(payload);
  CACHESIM_CHECK(in.u8() == static_cast<std::uint8_t>(k), "a 2PC record of an unexpected kind");
  return in;
}
Writer start(RecordKind k) {
  Writer w;
  w.u8(static_cast<std::uint8_t>(k));
  return w;
}
}  // namespace

std::string encode(const BeginRecord& r) { return encode_begin(r.txn, r.ops, r.op_group); }
std::string encode_begin(TxnId txn, const std::vector<MicroOp>& ops, const std::vector<GroupId>& op_group) {
  CACHESIM_CHECK(ops.size() == op_group.size(), "BEGIN: one group per micro-op");
  Writer w = start(RecordKind::begin);
  w.reserve(kTxnBytes + ops_bytes(ops) + 4 * op_group.size());
  write_txn(w, txn);
  write_ops(w, ops);
  for (GroupId g : op_group) w.u32(g);
  return w.take();
}
BeginRecord decode_begin(std::string_view payload) {
  Reader in = open(payload, RecordKind::begin);
  BeginRecord r;
  r.txn = read_txn(in);
  r.ops = read_ops(in);
  r.op_group.resize(r.ops.size());
  for (GroupId& g : r.op_group) g = in.u32();
  in.finish();
  return r;
}

std::string encode(const PrepareRecord& r) {
  Writer w = start(RecordKind::prepare);
  w.reserve(kTxnBytes + 4 + 4 + 8 + ops_bytes(r.ops));
  write_txn(w, r.txn);
  w.u32(r.coord_group).u32(r.coordinator).u64(r.epoch);
  write_ops(w, r.ops);
  return w.take();
}
PrepareRecord decode_prepare(std::string_view payload) {
  Reader in = open(payload, RecordKind::prepare);
  PrepareRecord r;
  r.txn = read_txn(in);
  r.coord_group = in.u32();
  r.coordinator = in.u32();
  r.epoch = in.u64();
  r.ops = read_ops(in);
  in.finish();
  return r;
}

std::string encode(const DecisionRecord& r) {
  Writer w = start(RecordKind::decision);
  std::size_t n = kTxnBytes + 1 + 1 + 4 + 4 + r.reason.size();
  for (const List& l : r.reads) n += 4 + 8 * l.size();
  w.reserve(n);
  write_txn(w, r.txn);
  w.boolean(r.commit).boolean(r.presumed);
  w.u32(static_cast<std::uint32_t>(r.reads.size()));
  for (const List& l : r.reads) write_list(w, l);
  w.str(r.reason);
  return w.take();
}
DecisionRecord decode_decision(std::string_view payload) {
  Reader in = open(payload, RecordKind::decision);
  DecisionRecord r;
  r.txn = read_txn(in);
  r.commit = in.boolean();
  r.presumed = in.boolean();
  r.reads.resize(in.u32());
  for (List& l : r.reads) l = read_list(in);
  r.reason = in.str();
  in.finish();
  return r;
}

std::string encode(const OutcomeRecord& r) {
  Writer w = start(RecordKind::outcome);
  w.reserve(kTxnBytes + 1 + 8);
  write_txn(w, r.txn);
  w.boolean(r.commit).u64(r.epoch);
  return w.take();
}
OutcomeRecord decode_outcome(std::string_view payload) {
  Reader in = open(payload, RecordKind::outcome);
  OutcomeRecord r;
  r.txn = read_txn(in);
  r.commit = in.boolean();
  r.epoch = in.u64();
  in.finish();
  return r;
}

std::string encode(const ForgetRecord& r) {
  Writer w = start(RecordKind::forget);
  write_txn(w, r.txn);
  return w.take();
}
ForgetRecord decode_forget(std::string_view payload) {
  Reader in = open(payload, RecordKind::forget);
  ForgetRecord r;
  r.txn = read_txn(in);
  in.finish();
  return r;
}

}  // namespace cachesim::twopc
