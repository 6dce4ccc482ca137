#include "protocols/paxos/log.hpp"

#include <memory>

#include "sim/core/check.hpp"
#include "sim/core/hash.hpp"

namespace cachesim::paxos {

void Log::put(Slot s, Ballot b, const BatchPtr& batch, std::uint32_t index) {
  CACHESIM_CHECK(s >= base(), "log write below the snapshot");
  CACHESIM_CHECK(!b.is_null(), "log write with the null ballot");
  CACHESIM_CHECK(batch && index < batch->size(), "log write outside its batch");
  while (end() <= s) entries_.emplace_back();
  LogEntry& e = entries_[s - base()];
  e.ballot = b;
  e.index = index;
  e.hash = batch->hash(index);
  e.batch = batch;
}

void Log::put(Slot s, Ballot b, Payload payload) {
  put(s, b, std::make_shared<const Batch>(std::move(payload)), 0);
}

void Log::set_commit(Slot s) {
  CACHESIM_CHECK(s >= commit_, "commit index went back");
  CACHESIM_CHECK(s < end(), "commit index beyond the log");
  commit_ = s;
}

void Log::set_applied(Slot s) {
  CACHESIM_CHECK(s >= applied_, "applied index went back");
  CACHESIM_CHECK(s <= commit_, "applied beyond the commit index");
  applied_ = s;
}

void Log::truncate_through(Slot s) {
  if (s <= snapshot_) return;
  CACHESIM_CHECK(s <= applied_, "truncating entries that are not applied");
  const Slot drop = std::min<Slot>(s - snapshot_, entries_.size());
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(drop));
  snapshot_ = s;
  // If the window was shorter than s (a snapshot beyond what we held), it is
  // now empty and base() == s + 1.
}

void Log::install_snapshot(Slot s) {
  CACHESIM_CHECK(s > commit_, "installing a snapshot that is not ahead");
  const Slot drop = std::min<Slot>(s - snapshot_, entries_.size());
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(drop));
  snapshot_ = s;
  commit_ = s;
  applied_ = s;
}

}  // namespace cachesim::paxos
