#include "protocols/paxos/durable.hpp"

#include <algorithm>
#include <map>

#include "sim/core/codec.hpp"

namespace cachesim::paxos {

namespace {
void put_be(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint64_t get_be(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<std::uint8_t>(in[at + static_cast<std::size_t>(i)]);
  return v;
}
}  // namespace

DurableState::DurableState(GroupId group) : group_(group) {}

std::string DurableState::key(char kind) const {
  std::string k(1, kind);
  put_be(k, group_, 4);
  return k;
}

std::string DurableState::run_key(Slot last, std::uint16_t span) const {
  // Built in place: 15 bytes, within the string's inline buffer.
  char k[15];
  k[0] = 'L';
  for (int i = 0; i < 4; ++i) k[1 + i] = static_cast<char>((group_ >> (8 * (3 - i))) & 0xff);
  for (int i = 0; i < 8; ++i) k[5 + i] = static_cast<char>((last >> (8 * (7 - i))) & 0xff);
  k[13] = static_cast<char>((span >> 8) & 0xff);
  k[14] = static_cast<char>(span & 0xff);
  return std::string(k, sizeof k);
}

Recovered DurableState::load(const Storage& storage) const {
  Recovered r;
  r.restarted = storage.get(key('I')) != nullptr;
  if (const std::string* p = storage.get(key('P'))) {
    Reader in(*p);
    r.promised = Ballot::unpack(in.u64());
    in.finish();
  }
  if (const std::string* s = storage.get(key('S'))) {
    Reader in(*s);
    r.snapshot_index = in.u64();
    r.snapshot = in.str();
    in.finish();
  }
  // Runs ending above the snapshot, keyed by last slot; per slot the highest
  // ballot wins (see the header).
  std::map<Slot, RecoveredEntry> best;
  const std::string lo = run_key(r.snapshot_index + 1, 0), prefix = key('L');
  const Storage::Map& all = storage.contents();
  for (auto it = all.lower_bound(lo); it != all.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    CACHESIM_CHECK(it->first.size() == 15, "bad log record key");
    const Slot last = get_be(it->first, 5, 8);
    const Slot first = last - get_be(it->first, 13, 2);
    Reader in(it->second);
    const Ballot b = Ballot::unpack(in.u64());
    const std::uint32_t n = in.u32();
    CACHESIM_CHECK(n == last - first + 1, "log record length does not match its key");
    for (Slot s = first; s <= last; ++s) {
      Payload p = in.str();
      if (s <= r.snapshot_index) continue;
      auto [e, fresh] = best.try_emplace(s, RecoveredEntry{s, b, {}});
      if (fresh || b > e->second.ballot) {
        e->second.ballot = b;
        e->second.payload = std::move(p);
      }
    }
    in.finish();
    if (b != kChosen) r.promised = std::max(r.promised, b);
  }
  r.entries.reserve(best.size());
  for (auto& [slot, e] : best) r.entries.push_back(std::move(e));
  return r;
}

void DurableState::mark_started(Storage& storage) {
  if (storage.get(key('I'))) return;
  storage.put(key('I'), std::string());
  storage.sync();
}

void DurableState::persist_promise(Storage& storage, Ballot b) {
  storage.put(key('P'), Writer().u64(b.packed()).take());
  storage.sync();
}

void DurableState::write_run(Storage& storage, Slot first, Ballot b, const std::vector<const Payload*>& payloads) {
  CACHESIM_CHECK(!payloads.empty() && payloads.size() <= 65535, "bad log run length");
  std::size_t size = 8 + 4;
  for (const Payload* p : payloads) size += 4 + p->size();
  Writer w;
  w.reserve(size).u64(b.packed()).u32(static_cast<std::uint32_t>(payloads.size()));
  for (const Payload* p : payloads) w.str(*p);
  // Each group's log is a stream of its own: a node hosting many groups
  // interleaves their appends, and a shared insertion hint would always miss.
  storage.put(run_key(first + payloads.size() - 1, static_cast<std::uint16_t>(payloads.size() - 1)), w.take(), group_);
}

void DurableState::write_snapshot(Storage& storage, Slot index, std::string_view state) {
  storage.put(key('S'), Writer().u64(index).str(state).take());
  storage.erase_range(run_key(0, 0), run_key(index + 1, 0));
}

}  // namespace cachesim::paxos
