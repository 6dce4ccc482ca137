// The search's configurations and an insertion-ordered set of them.
//
// A Config is everything the future of a key's search depends on at one
// point of its history (lin_search.hpp explains each field). ConfigSet keeps
// configurations in insertion order (iteration order never depends on hash
// values, so results are the same on every platform) with an open-addressing
// index for deduplication, and reports the bytes it holds so the search can
// keep to its memory budget.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/hash.hpp"

namespace cachesim::lin {

struct Config {
  std::uint64_t lin = 0;   // slots of pending completed operations already linearized
  std::uint64_t mask = 0;  // slots of pending unlinearized writes overwritten since their invoke
  std::uint64_t used = 0;  // per class of info operations, how many took effect (packed counters)
  std::uint32_t state = 0;
  std::uint32_t spare = 0;  // bit 31: search-local flag (see lin_search.cpp); rest: a count
  friend bool operator==(const Config&, const Config&) = default;
};

inline std::uint64_t hash_config(const Config& c) {
  std::uint64_t h = mix64(c.lin ^ 0x9e3779b97f4a7c15ULL);
  h = mix64(h ^ c.mask ^ (c.used << 1));
  return mix64(h ^ (static_cast<std::uint64_t>(c.state) << 32 | c.spare) ^ (c.used >> 63));
}

class ConfigSet {
 public:
  // Adds c unless present. Returns true if it was added.
  bool insert(const Config& c) {
    if ((items_.size() + 1) * 2 > table_.size()) grow();
    std::size_t i = hash_config(c) & (table_.size() - 1);
    while (table_[i] != 0) {
      if (items_[table_[i] - 1] == c) return false;
      i = (i + 1) & (table_.size() - 1);
    }
    items_.push_back(c);
    table_[i] = static_cast<std::uint32_t>(items_.size());
    return true;
  }

  void clear() {
    // A table blown up by one large step shrinks back, so that the many small
    // steps that follow do not each pay for clearing it.
    if (table_.size() > 1024 && items_.size() * 16 < table_.size()) {
      table_.assign(64, 0);
      std::vector<Config>().swap(items_);
    } else {
      std::fill(table_.begin(), table_.end(), 0);
      items_.clear();
    }
  }

  // Rebuilds the index after items were changed in place (keeping them distinct).
  void rehash() {
    std::fill(table_.begin(), table_.end(), 0);
    for (std::size_t k = 0; k < items_.size(); ++k) {
      std::size_t i = hash_config(items_[k]) & (table_.size() - 1);
      while (table_[i] != 0) i = (i + 1) & (table_.size() - 1);
      table_[i] = static_cast<std::uint32_t>(k + 1);
    }
  }

  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Config>& items() const { return items_; }
  std::vector<Config>& items() { return items_; }
  std::size_t bytes() const { return items_.capacity() * sizeof(Config) + table_.size() * sizeof(std::uint32_t); }
  void swap(ConfigSet& o) {
    items_.swap(o.items_);
    table_.swap(o.table_);
  }

 private:
  void grow() {
    std::size_t n = table_.empty() ? 64 : table_.size() * 2;
    table_.assign(n, 0);
    rehash();
  }

  std::vector<Config> items_;
  std::vector<std::uint32_t> table_ = std::vector<std::uint32_t>(64, 0);
};

}  // namespace cachesim::lin
