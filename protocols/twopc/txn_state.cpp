#include "protocols/twopc/txn_state.hpp"

#include "protocols/twopc/records.hpp"
#include "sim/core/check.hpp"
#include "sim/core/codec.hpp"
#include "sim/core/hash.hpp"

namespace cachesim::twopc {

// ---- participant

Vote TxnState::prepare(TxnId t, GroupId coord_group, NodeId coordinator, std::uint64_t epoch,
                       std::vector<MicroOp> ops, bool apply_now) {
  if (auto it = prepared_.find(t); it != prepared_.end()) {
    // Classic mode binds a prepared txn to the coordinator incarnation that
    // prepared it: only that one may decide it (another could contradict a
    // decision the first already sent).
    if (epoch != 0 && it->second.epoch != epoch) return Vote::no_bound;
    return Vote::yes;
  }
  std::uint64_t& f = fence_[t.client];
  if (t.seq <= f) return Vote::no_stale;
  f = t.seq;
  for (const MicroOp& op : ops) {
    auto l = locks_.find(op.key);
    if (l != locks_.end() && l->second != t) return Vote::no_conflict;  // no-wait: never queue, so no deadlock
  }
  Prepared p{coord_group, coordinator, epoch, std::move(ops), {}, false};
  const std::vector<MicroOp>& kept = p.ops;
  // Reads see the txn's own earlier appends; the locks keep everything else
  // out until the decision, so what is read now is what commit would see.
  // (A txn has a few micro-ops: scanning the earlier ones beats a map.)
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (kept[i].kind != MicroKind::read) continue;
    const List* base = list(kept[i].key);
    List& read = p.reads.emplace_back(base ? *base : List{});
    for (std::size_t j = 0; j < i; ++j)
      if (kept[j].kind == MicroKind::append && kept[j].key == kept[i].key) read.push_back(kept[j].value);
  }
  for (const MicroOp& op : kept) locks_.insert_or_assign(op.key, t);
  if (apply_now) {
    apply_appends(kept);
    p.applied_early = true;
  }
  prepared_.emplace(t, std::move(p));
  return Vote::yes;
}

TxnState::Resolved TxnState::resolve(TxnId t, bool commit, std::uint64_t epoch) {
  auto it = prepared_.find(t);
  if (it == prepared_.end()) {
    std::uint64_t& f = fence_[t.client];
    if (t.seq > f) {
      f = t.seq;  // a decision that overtook its prepare: that prepare must not lock later
      return Resolved::never_prepared;
    }
    return Resolved::not_prepared;  // decided before (a duplicate), or it voted no
  }
  if (epoch != 0 && it->second.epoch != epoch) return Resolved::other_epoch;
  if (commit && !it->second.applied_early) apply_appends(it->second.ops);
  unlock(t, it->second.ops);
  prepared_.erase(it);
  return Resolved::applied;
}

const Prepared* TxnState::prepared(TxnId t) const {
  auto it = prepared_.find(t);
  return it == prepared_.end() ? nullptr : &it->second;
}

std::uint64_t TxnState::fence(std::uint64_t client) const {
  auto it = fence_.find(client);
  return it == fence_.end() ? 0 : it->second;
}

void TxnState::unlock(TxnId t, const std::vector<MicroOp>& ops) {
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const std::string& k = ops[i].key;
    bool seen = false;  // a key touched twice is released once
    for (std::size_t j = 0; j < i && !seen; ++j) seen = ops[j].key == k;
    if (seen) continue;
    auto l = locks_.find(k);
    CACHESIM_CHECK(l != locks_.end(), "a PREPARED txn does not hold the lock on one of its keys");
    CACHESIM_CHECK(l->second == t, "a lock released by a txn that does not own it");
    locks_.erase(l);
  }
}

void TxnState::apply_appends(const std::vector<MicroOp>& ops) {
  for (const MicroOp& op : ops)
    if (op.kind == MicroKind::append) lists_[op.key].push_back(op.value);
}

// ---- coordinator

void TxnState::begin(TxnId t, InProgress p) {
  CACHESIM_CHECK(!decision(t).has_value(), "BEGIN of a txn already decided");
  in_progress_.insert_or_assign(t, std::move(p));
}

const InProgress* TxnState::in_progress(TxnId t) const {
  auto it = in_progress_.find(t);
  return it == in_progress_.end() ? nullptr : &it->second;
}

bool TxnState::decide(TxnId t, bool commit, std::vector<List> reads, std::string reason, bool remember,
                      std::vector<GroupId> participants) {
  if (decision(t).has_value()) return false;  // first decision in log order wins
  // settled_or_unknown(t), knowing it is undecided: a late record of a
  // forgotten txn stays decided as it was. (One lookup per map, not two.)
  if (auto ip = in_progress_.find(t); ip != in_progress_.end()) {
    in_progress_.erase(ip);
  } else if (const Outcome* o = outcome(t.client); o && t.seq < o->seq) {
    return false;
  }
  if (remember) decided_.emplace(t, Remembered{commit, std::move(participants)});
  Outcome& o = outcomes_[t.client];
  const bool latest = t.seq >= o.seq;
  if (latest) {
    o.seq = t.seq;
    o.commit = commit;
    o.reads = std::move(reads);
    o.reason = std::move(reason);
  }
  CACHESIM_CHECK(!(remember || latest) || decision(t) == commit, "a recorded decision that decision() does not find");
  return true;
}

std::optional<bool> TxnState::decision(TxnId t) const {
  // decide() raises the client's outcome to every txn it records, so no txn
  // above the client's latest outcome is decided, and the latest one is
  // answered by its outcome: only older txns need the (large) decided_ map.
  // Most calls are about a client's newest txn: one lookup among clients.
  auto o = outcomes_.find(t.client);
  if (o == outcomes_.end() || t.seq > o->second.seq) return std::nullopt;
  if (o->second.seq == t.seq) return o->second.commit;
  if (auto it = decided_.find(t); it != decided_.end()) return it->second.commit;
  return std::nullopt;
}

bool TxnState::settled_or_unknown(TxnId t) const {
  if (decision(t) || in_progress(t)) return false;
  const Outcome* o = outcome(t.client);
  return o != nullptr && t.seq < o->seq;
}

void TxnState::forget(TxnId t) { decided_.erase(t); }

const Outcome* TxnState::outcome(std::uint64_t client) const {
  auto it = outcomes_.find(client);
  return it == outcomes_.end() ? nullptr : &it->second;
}

// ---- data, inspection, snapshots

const List* TxnState::list(std::string_view key) const {
  auto it = lists_.find(key);
  return it == lists_.end() ? nullptr : &it->second;
}

std::vector<HeldLock> TxnState::held_locks() const {
  std::vector<HeldLock> out;
  for (const auto& [k, t] : locks_) out.push_back(HeldLock{group_, k, t});
  return out;
}

void TxnState::fold(std::uint64_t record_hash) {
  Hasher h;
  h.add(digest_);
  h.add(record_hash);
  digest_ = h.value();
}

namespace {
void write_lists(Writer& w, const std::vector<List>& ls) {
  w.u32(static_cast<std::uint32_t>(ls.size()));
  for (const List& l : ls) write_list(w, l);
}
std::vector<List> read_lists(Reader& r) {
  std::vector<List> ls(r.u32());
  for (List& l : ls) l = read_list(r);
  return ls;
}
}  // namespace

std::string TxnState::snapshot() const {
  Writer w;
  w.u64(digest_);
  w.u64(lists_.size());
  for (const auto& [k, l] : lists_) {
    w.str(k);
    write_list(w, l);
  }
  w.u64(locks_.size());
  for (const auto& [k, t] : locks_) {
    w.str(k);
    write_txn(w, t);
  }
  w.u64(prepared_.size());
  for (const auto& [t, p] : prepared_) {
    write_txn(w, t);
    w.u32(p.coord_group).u32(p.coordinator).u64(p.epoch).boolean(p.applied_early);
    write_ops(w, p.ops);
    write_lists(w, p.reads);
  }
  w.u64(fence_.size());
  for (const auto& [c, s] : fence_) w.u64(c).u64(s);
  w.u64(in_progress_.size());
  for (const auto& [t, p] : in_progress_) {
    write_txn(w, t);
    write_ops(w, p.ops);
    for (GroupId g : p.op_group) w.u32(g);
    w.u8(static_cast<std::uint8_t>(p.own_vote));
    write_lists(w, p.own_reads);
  }
  w.u64(decided_.size());
  for (const auto& [t, r] : decided_) {
    write_txn(w, t);
    w.boolean(r.commit).u32(static_cast<std::uint32_t>(r.participants.size()));
    for (GroupId g : r.participants) w.u32(g);
  }
  w.u64(outcomes_.size());
  for (const auto& [c, o] : outcomes_) {
    w.u64(c).u64(o.seq).boolean(o.commit).str(o.reason);
    write_lists(w, o.reads);
  }
  return w.take();
}

void TxnState::restore(std::string_view bytes) {
  *this = TxnState(group_);
  Reader in(bytes);
  digest_ = in.u64();
  for (std::uint64_t n = in.u64(); n > 0; --n) {
    std::string k = in.str();
    lists_.emplace(std::move(k), read_list(in));
  }
  for (std::uint64_t n = in.u64(); n > 0; --n) {
    std::string k = in.str();
    locks_.emplace(std::move(k), read_txn(in));
  }
  for (std::uint64_t n = in.u64(); n > 0; --n) {
    const TxnId t = read_txn(in);
    Prepared p;
    p.coord_group = in.u32();
    p.coordinator = in.u32();
    p.epoch = in.u64();
    p.applied_early = in.boolean();
    p.ops = read_ops(in);
    p.reads = read_lists(in);
    prepared_.emplace(t, std::move(p));
  }
  for (std::uint64_t n = in.u64(); n > 0; --n) {
    const std::uint64_t c = in.u64();
    fence_.emplace(c, in.u64());
  }
  for (std::uint64_t n = in.u64(); n > 0; --n) {
    const TxnId t = read_txn(in);
    InProgress p;
    p.ops = read_ops(in);
    p.op_group.resize(p.ops.size());
    for (GroupId& g : p.op_group) g = in.u32();
    p.own_vote = static_cast<Vote>(in.u8());
    p.own_reads = read_lists(in);
    in_progress_.emplace(t, std::move(p));
  }
  for (std::uint64_t n = in.u64(); n > 0; --n) {
    const TxnId t = read_txn(in);
    Remembered r;
    r.commit = in.boolean();
    r.participants.resize(in.u32());
    for (GroupId& g : r.participants) g = in.u32();
    decided_.emplace(t, std::move(r));
  }
  for (std::uint64_t n = in.u64(); n > 0; --n) {
    const std::uint64_t c = in.u64();
    Outcome o;
    o.seq = in.u64();
    o.commit = in.boolean();
    o.reason = in.str();
    o.reads = read_lists(in);
    outcomes_.emplace(c, std::move(o));
  }
  in.finish();
}

}  // namespace cachesim::twopc
