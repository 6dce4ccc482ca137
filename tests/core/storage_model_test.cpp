// Storage against the simplest model of its contract: a live map plus a
// full copy taken at each sync. Random operation sequences (seeded) must
// agree on every observable: contents, get, has_unsynced, what a crash
// leaves, durable_keys/bytes and lost_writes. Long unsynced stretches
// exercise the journal's compaction.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "sim/core/rng.hpp"
#include "sim/core/storage.hpp"

namespace cachesim {
namespace {

struct Model {
  std::map<std::string, std::string> live, synced;
  std::set<std::string> touched;  // keys written since the last sync
  std::uint64_t lost = 0;

  std::size_t bytes(const std::map<std::string, std::string>& m) const {
    std::size_t n = 0;
    for (const auto& [k, v] : m) n += k.size() + v.size();
    return n;
  }
};

std::map<std::string, std::string> as_map(const Storage::Map& m) { return {m.begin(), m.end()}; }

// sync_odds and crash_odds are percentages per step; every `check_every`
// steps the full observables are compared.
void run_sequence(std::uint64_t seed, int steps, std::uint64_t sync_odds, std::uint64_t crash_odds, std::uint64_t keys,
                  int check_every) {
  Rng rng(seed);
  Storage s;
  Model m;
  auto key = [&] { return "k" + std::to_string(rng.below(keys)); };
  if (sync_odds == 0) {  // a synced value under every key, for the crash to restore
    for (std::uint64_t i = 0; i < keys; ++i) {
      s.put("k" + std::to_string(i), "synced" + std::to_string(i));
      m.live["k" + std::to_string(i)] = "synced" + std::to_string(i);
    }
    s.sync();
    m.synced = m.live;
  }
  for (int step = 0; step < steps; ++step) {
    const std::uint64_t op = rng.below(100);
    if (op < 50) {
      const std::string k = key(), v(rng.below(40), static_cast<char>('a' + rng.below(26)));
      s.put(k, v, static_cast<std::uint32_t>(rng.below(40)));  // any stream: hints never change results
      m.live[k] = v;
      m.touched.insert(k);
    } else if (op < 70) {
      const std::string k = key();
      s.erase(k);
      if (m.live.erase(k)) m.touched.insert(k);
    } else if (op < 75) {
      std::string a = key(), b = key();
      if (b < a) std::swap(a, b);
      s.erase_range(a, b);
      for (auto it = m.live.lower_bound(a); it != m.live.end() && it->first < b;) {
        m.touched.insert(it->first);
        it = m.live.erase(it);
      }
    } else if (op < 75 + sync_odds) {
      s.sync();
      m.synced = m.live;
      m.touched.clear();
    } else if (op < 75 + sync_odds + crash_odds) {
      s.lose_unsynced();
      m.lost += m.touched.size();
      m.live = m.synced;
      m.touched.clear();
    }
    ASSERT_EQ(s.has_unsynced(), !m.touched.empty()) << "seed " << seed << " step " << step;
    if (step % check_every == 0 || step + 1 == steps) {
      ASSERT_EQ(as_map(s.contents()), m.live) << "seed " << seed << " step " << step;
      ASSERT_EQ(s.durable_keys(), m.synced.size()) << "seed " << seed << " step " << step;
      ASSERT_EQ(s.durable_bytes(), m.bytes(m.synced)) << "seed " << seed << " step " << step;
      ASSERT_EQ(s.stats().lost_writes, m.lost) << "seed " << seed << " step " << step;
    }
  }
  s.lose_unsynced();
  EXPECT_EQ(as_map(s.contents()), m.synced) << "seed " << seed;
}

TEST(StorageModel, FrequentSyncsAndCrashesAgreeWithTheModel) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) run_sequence(seed, 600, 10, 1, 12, 1);
}

// No sync until the final crash, many keys: the journal passes its
// compaction threshold (4096 entries) several times.
TEST(StorageModel, LongUnsyncedStretchesAgreeWithTheModel) {
  for (std::uint64_t seed = 100; seed <= 103; ++seed) run_sequence(seed, 20000, 0, 0, 3000, 1000);
}

// Logs of several writers interleaved, each appending under its own prefix
// with its own stream (how Paxos groups sharing a node write), with
// truncations and crashes between: the per-stream insertion hints must never
// put a key out of place or keep pointing into erased entries.
TEST(StorageModel, InterleavedAppendStreamsAgreeWithTheModel) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Rng rng(seed);
    Storage s;
    Model m;
    std::uint64_t next[40] = {};
    auto log_key = [](std::uint64_t stream, std::uint64_t n) {
      char k[32];
      std::snprintf(k, sizeof k, "L%02llu/%08llu", static_cast<unsigned long long>(stream),
                    static_cast<unsigned long long>(n));
      return std::string(k);
    };
    for (int step = 0; step < 3000; ++step) {
      const std::uint64_t op = rng.below(100);
      const std::uint64_t g = rng.below(40);
      if (op < 80) {
        const std::string k = log_key(g, next[g]++), v(rng.below(20), 'x');
        s.put(k, v, static_cast<std::uint32_t>(g));
        m.live[k] = v;
      } else if (op < 88) {  // a snapshot truncates the stream's log below a point
        const std::string to = log_key(g, next[g] - rng.below(next[g] + 1));
        s.erase_range(log_key(g, 0), to);
        m.live.erase(m.live.lower_bound(log_key(g, 0)), m.live.lower_bound(to));
      } else if (op < 97) {
        s.sync();
        m.synced = m.live;
      } else {
        s.lose_unsynced();
        m.live = m.synced;
      }
      if (step % 10 == 0) {
        ASSERT_EQ(as_map(s.contents()), m.live) << "seed " << seed << " step " << step;
      }
    }
    EXPECT_EQ(as_map(s.contents()), m.live) << "seed " << seed;
  }
}

}  // namespace
}  // namespace cachesim
