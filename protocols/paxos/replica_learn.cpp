// Replica: learning what is chosen (commit index), applying it, catching up
// lagging replicas and snapshots.
#include "protocols/paxos/replica.hpp"

#include "sim/core/check.hpp"

namespace cachesim::paxos {

// A follower learns slot s chosen when the leader of ballot b says its commit
// index is >= s and our entry at s was accepted at b: a leader proposes one
// value per slot per ballot, and it only reports slots chosen whose value is
// its own proposal (or that it learned chosen, see install_chosen). Other
// slots wait for catch-up.
void Replica::learn_commit(Context& ctx, Ballot b, Slot commit, NodeId source) {
  if (commit <= log_.commit()) return;
  const Slot before = log_.commit();
  while (log_.commit() < commit) {
    const LogEntry* e = log_.find(log_.commit() + 1);
    if (!e || (e->ballot != b && e->ballot != kChosen)) break;
    commit_one(ctx, log_.commit() + 1);
  }
  if (log_.commit() > before) apply_committed(ctx);
  if (log_.commit() < commit) request_catchup(ctx, source, false);
}

void Replica::commit_one(Context& ctx, Slot s) {
  const LogEntry* e = log_.find(s);
  CACHESIM_CHECK(e != nullptr, "committing a slot with no value");
  log_.set_commit(s);
  ctx.observe(Observation{"paxos.chosen", {cfg_.group, s, e->hash, 0}});
}

void Replica::apply_committed(Context& ctx) {
  while (log_.applied() < log_.commit()) {
    const Slot s = log_.applied() + 1;
    const LogEntry* e = log_.find(s);
    CACHESIM_CHECK(e != nullptr, "applying a slot with no value");
    sm_.apply(ctx, s, e->payload(), e->hash);
    log_.set_applied(s);
  }
  maybe_snapshot(ctx);
}

void Replica::maybe_snapshot(Context& ctx) {
  const Slot every = cfg_.paxos.snapshot_every;
  if (every == 0 || log_.applied() - log_.snapshot_index() < every) return;
  const Slot at = log_.applied();
  std::string bytes = sm_.snapshot();
  durable_->write_snapshot(ctx.storage(), at, bytes);
  log_.truncate_through(at);
  durable_->sync(ctx.storage());
  snapshot_ = std::make_shared<const std::string>(std::move(bytes));
  ctx.mark("paxos.snapshot_taken");
}

void Replica::request_catchup(Context& ctx, NodeId source, bool force) {
  if (source == kNoNode || source == self_) return;
  const Time now = ctx.now();
  const Duration gap = 2 * cfg_.paxos.heartbeat;  // one request in flight; retried if lost
  // (The second test keeps a backward clock jump from silencing us.)
  if (!force && now < catchup_after_ && catchup_after_ - now <= gap) return;
  catchup_after_ = now + gap;
  ctx.send(source, CatchupRequest{cfg_.group, log_.commit() + 1});
}

void Replica::handle(Context& ctx, NodeId from, const CatchupRequest& m) {
  if (m.from_slot > log_.commit()) return;
  if (m.from_slot < log_.base()) {
    if (!snapshot_) return;
    ctx.send(from, SnapshotInstall{cfg_.group, log_.snapshot_index(), snapshot_});
    return;
  }
  const Slot last = std::min<Slot>(log_.commit(), m.from_slot + cfg_.paxos.catchup_batch - 1);
  auto batch = std::make_shared<Batch>();
  batch->reserve(last - m.from_slot + 1);
  for (Slot s = m.from_slot; s <= last; ++s) batch->push_back(log_.find(s)->payload());
  ctx.send(from, CatchupReply{cfg_.group, m.from_slot, log_.commit(), std::move(batch)});
}

bool Replica::install_chosen(Context& ctx, Slot s, const BatchPtr& batch, std::uint32_t index) {
  CACHESIM_CHECK(s == log_.commit() + 1, "chosen values are installed in order");
  const LogEntry* e = log_.find(s);
  if (leading() && e && e->ballot == proposer_.ballot() && e->hash != batch->hash(index)) {
    // A slot we proposed was chosen with another value: a higher ballot won
    // it, so our ballot is stale. Stop before our commit index can vouch
    // for our own (unchosen) proposal to followers.
    ctx.mark("paxos.ballot_preempted");
    step_down(ctx, "a slot it proposed was chosen with another value");
  }
  log_.put(s, kChosen, batch, index);  // the caller writes it durably (persist_chosen)
  commit_one(ctx, s);
  return true;
}

void Replica::persist_chosen(Context& ctx, Slot first, Slot last) {
  if (first > last) return;
  std::vector<const Payload*> run;
  for (Slot s = first; s <= last; ++s) {
    run.push_back(&log_.find(s)->payload());
    if (run.size() == 65535) {
      durable_->write_run(ctx.storage(), s + 1 - run.size(), kChosen, run);
      run.clear();
    }
  }
  if (!run.empty()) durable_->write_run(ctx.storage(), last + 1 - run.size(), kChosen, run);
  durable_->sync(ctx.storage());
}

void Replica::handle(Context& ctx, NodeId from, const CatchupReply& m) {
  if (!m.batch) return;
  bool progressed = false;
  const Slot before = log_.commit();
  for (std::size_t i = 0; i < m.batch->size(); ++i) {
    const Slot s = m.first + i;
    if (s < log_.base()) continue;
    if (s <= log_.commit()) {
      const LogEntry* e = log_.find(s);
      CACHESIM_CHECK(e != nullptr && e->hash == m.batch->hash(i), "a chosen slot changed value");
      continue;
    }
    if (s != log_.commit() + 1) break;
    install_chosen(ctx, s, m.batch, static_cast<std::uint32_t>(i));
    progressed = true;
  }
  if (!progressed) return;
  persist_chosen(ctx, before + 1, log_.commit());
  ctx.mark("paxos.catchup");
  if (leading()) proposer_.forget_through(log_.commit());
  apply_committed(ctx);
  if (m.commit > log_.commit()) {
    request_catchup(ctx, from, true);
  } else {
    catchup_after_ = 0;
  }
}

void Replica::handle(Context& ctx, NodeId from, const SnapshotInstall& m) {
  if (!m.state || m.index <= log_.commit()) return;
  if (leading()) step_down(ctx, "installing a snapshot");  // cannot vouch for its own proposals below it
  sm_.restore(ctx, m.index, *m.state);
  log_.install_snapshot(m.index);
  durable_->write_snapshot(ctx.storage(), m.index, *m.state);
  durable_->sync(ctx.storage());
  snapshot_ = m.state;
  ctx.mark("paxos.snapshot_installed");
  ctx.log("paxos g" + std::to_string(cfg_.group) + ": installed snapshot at " + std::to_string(m.index) +
          " from node " + std::to_string(from));
  request_catchup(ctx, from, true);
}

}  // namespace cachesim::paxos
