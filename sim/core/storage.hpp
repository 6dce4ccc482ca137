// A node's durable storage: an ordered key-value store with explicit sync.
//
// Contract: put()/erase() take effect at once for the node's own reads (like
// a page cache), but become durable only at the next sync(). A crash
// (lose_unsynced(), called by the host) reverts the store to what was last
// synced: every write after that sync is gone, whether the node had read it
// back or not. Keys iterate in byte order, so a protocol can keep a log
// under zero-padded keys ("log/00000000000000000042") and scan it in order.
//
// Values are bytes; see codec.hpp for the small binary encoder protocols use.
//
// Implementation: the live map is the truth; the first write to a key after
// a sync saves the key's synced value in an undo journal. sync() drops the
// journal; a crash puts the saved values back. So a sync costs nothing per
// byte stored, and memory holds one copy of the data plus what is unsynced.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachesim {

class Storage {
 public:
  using Map = std::map<std::string, std::string, std::less<>>;

  void put(std::string_view key, std::string value);
  void erase(std::string_view key);
  // Erases every key in [from, to).
  void erase_range(std::string_view from, std::string_view to);
  // The current value (synced or not), or nullptr.
  const std::string* get(std::string_view key) const;
  // Current keys and values in order, for scans: the map is not modified
  // until the next put/erase.
  const Map& contents() const { return current_; }

  // Makes every write so far durable.
  void sync();
  bool has_unsynced() const { return !undo_.empty(); }

  // Host side: forget every write since the last sync (the crash).
  void lose_unsynced();

  struct Stats {
    std::uint64_t puts = 0, erases = 0, syncs = 0, lost_writes = 0;
  };
  const Stats& stats() const { return stats_; }
  // What a crash now would leave: keys, and bytes of keys plus values.
  std::size_t durable_keys() const;
  std::size_t durable_bytes() const;

 private:
  // key -> its value at the last sync (nullopt: absent then).
  using Undo = std::map<std::string, std::optional<std::string>, std::less<>>;
  // Whether key is already saved since the last sync; `u` is where it is or goes.
  bool journaled(std::string_view key, Undo::iterator& u);

  Map current_;
  Undo undo_;
  std::size_t bytes_ = 0;  // keys plus values in current_
  Stats stats_;
};

}  // namespace cachesim
