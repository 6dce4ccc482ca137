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
// Implementation: the live map is the truth; every write after a sync first
// appends the key's previous value (or its absence) to an undo journal, a
// vector reused from sync to sync. sync() empties the journal; a crash
// replays it backwards, so the oldest entry for a key, its synced value, is
// restored last. So a sync costs nothing per byte stored, a write allocates
// nothing for the journal (no per-key lookup either), and memory holds one
// copy of the data plus the values overwritten since the last sync. A node
// that rewrites the same keys for long without syncing cannot grow the
// journal without bound: past a threshold it is compacted to one entry per
// key (the oldest), the threshold doubling with what remains.
#pragma once

#include <array>
#include <bit>
#include <cstring>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachesim {

// Byte order (unsigned lexicographic, what std::string's < gives), eight
// bytes at a time: stored keys are short (a Paxos log record's is 15 bytes),
// and a call into memcmp for each comparison cost more than comparing.
struct ByteOrder {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept {
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    if (n >= 8) {
      std::size_t i = 0;
      for (; i + 8 <= n; i += 8)
        if (const int c = compare8(a.data() + i, b.data() + i)) return c < 0;
      // The last (overlapping) eight bytes: everything before them is equal.
      if (i < n)
        if (const int c = compare8(a.data() + n - 8, b.data() + n - 8)) return c < 0;
    } else {
      for (std::size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
    }
    return a.size() < b.size();
  }

 private:
  static int compare8(const char* p, const char* q) noexcept {
    std::uint64_t x, y;
    std::memcpy(&x, p, 8);
    std::memcpy(&y, q, 8);
    if (x == y) return 0;
    if constexpr (std::endian::native == std::endian::little) {
      x = __builtin_bswap64(x);  // the first byte becomes the most significant
      y = __builtin_bswap64(y);
    }
    return x < y ? -1 : 1;
  }
};

class Storage {
 public:
  using Map = std::map<std::string, std::string, ByteOrder>;

  // `stream`: a writer that appends under its own key prefix (one Paxos
  // group's log, when a node hosts many groups) names a stream of its own,
  // and each stream keeps its own insertion hint (see Cursor). Streams are
  // taken modulo kStreams; sharing one only costs a lookup.
  void put(std::string_view key, std::string value, std::uint32_t stream = 0);
  static constexpr std::uint32_t kStreams = 32;
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
  // One write since the last sync: the key and what it held before.
  struct Undo {
    std::string key;
    std::optional<std::string> old;  // nullopt: the key was absent
  };
  // Keys written since the last sync, each with its synced value (for the
  // rare readers: crash accounting and durable_*()).
  std::map<std::string_view, const std::optional<std::string>*> synced_view() const;
  void note_undo();  // after each append: compacts the journal past compact_at_

  static constexpr std::size_t kCompactMin = 4096;

  // Per stream, the entry put() wrote last: the hint for the stream's next
  // put. Valid while its generation is the store's: every erase (and a
  // crash) bumps the store's, voiding all hints at once. A copied or moved
  // Storage starts without any (an iterator into another map, or its end(),
  // would not be ours).
  struct Cursor {
    Map::iterator it;
    std::uint64_t generation = 0;  // 0: never valid
    Cursor() = default;
    Cursor(const Cursor&) {}
    Cursor& operator=(const Cursor&) {
      generation = 0;
      return *this;
    }
  };
  void void_cursors() { ++generation_; }

  Map current_;
  std::vector<Undo> undo_;
  std::size_t compact_at_ = kCompactMin;
  std::array<Cursor, kStreams> cursors_;
  std::uint64_t generation_ = 1;
  std::size_t bytes_ = 0;  // keys plus values in current_
  Stats stats_;
};

}  // namespace cachesim
