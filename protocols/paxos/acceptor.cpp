#include "protocols/paxos/acceptor.hpp"

#include "sim/core/check.hpp"
#include "sim/core/hash.hpp"

namespace cachesim::paxos {

void Acceptor::raise_promise(Storage& storage, Ballot b) {
  CACHESIM_CHECK(b >= promised_, "promised ballot went back");
  if (b == promised_) return;
  durable_.persist_promise(storage, b);  // durable before any reply built on it
  promised_ = b;
}

Acceptor::PrepareOutcome Acceptor::on_prepare(Storage& storage, const Prepare& p, Promise& out) {
  if (p.ballot < promised_) return PrepareOutcome::stale_ballot;
  if (p.from_slot < log_.base()) return PrepareOutcome::behind;
  raise_promise(storage, p.ballot);
  out.group = p.group;
  out.ballot = p.ballot;
  out.commit = log_.commit();
  out.entries.clear();
  for (Slot s = p.from_slot; s < log_.end(); ++s) {
    const LogEntry* e = log_.find(s);
    if (!e) continue;
    out.entries.push_back(PromiseEntry{s, s <= log_.commit() ? kChosen : e->ballot, e->payload()});
  }
  return PrepareOutcome::promised;
}

Acceptor::AcceptOutcome Acceptor::on_accept(Storage& storage, Ballot b, Slot first, const BatchPtr& batch_ptr) {
  const Batch& batch = *batch_ptr;
  if (b < promised_) return AcceptOutcome::stale_ballot;
  raise_promise(storage, b);
  bool all = true, wrote = false;
  // Contiguous written slots become one durable record (durable.hpp).
  run_.clear();
  Slot run_first = 0;
  auto flush = [&] {
    if (run_.empty()) return;
    durable_.write_run(storage, run_first, b, run_);
    run_.clear();
    wrote = true;
  };
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Slot s = first + i;
    if (s < log_.base()) {  // truncated into a snapshot: cannot vouch for the value
      all = false;
      flush();
      continue;
    }
    const LogEntry* e = log_.find(s);
    if (s <= log_.commit()) {
      CACHESIM_CHECK(e != nullptr, "a committed slot is missing from the log");
      if (e->hash != batch.hash(i)) all = false;  // a stale leader's value: refuse, keep the chosen one
      flush();
      continue;
    }
    if (e && e->ballot == b) {  // a retransmission: same ballot, same value
      flush();
      continue;
    }
    if (!log_.accepts_slot(s)) {  // too far ahead of what we know: catch up first
      all = false;
      flush();
      continue;
    }
    if (run_.empty()) run_first = s;
    run_.push_back(&batch[i]);
    log_.put(s, b, batch_ptr, static_cast<std::uint32_t>(i));
  }
  flush();
  if (wrote) durable_.sync(storage);
  return all ? AcceptOutcome::accepted : AcceptOutcome::partial;
}

}  // namespace cachesim::paxos
