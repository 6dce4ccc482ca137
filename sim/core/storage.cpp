#include "sim/core/storage.hpp"

#include <algorithm>
#include <iterator>
#include <set>

namespace cachesim {

// Every change appends what the key held before. The caller is about to
// overwrite or erase the live value, so the journal takes it by move: nothing
// is copied but the key (short keys stay in the string's inline buffer).

void Storage::put(std::string_view key, std::string value, std::uint32_t stream) {
  ++stats_.puts;
  // Logs write under increasing keys: when the key falls just after the last
  // one the stream wrote, its successor is the exact lower bound and
  // insertion hint (two comparisons instead of a search from the root).
  Cursor& cursor = cursors_[stream % kStreams];
  Map::iterator it;
  if (cursor.generation == generation_ && cursor.it->first < key) {
    it = std::next(cursor.it);
    if (it != current_.end() && it->first < key) it = current_.lower_bound(key);
  } else {
    it = current_.lower_bound(key);
  }
  if (it == current_.end() || it->first != key) {
    undo_.push_back(Undo{std::string(key), std::nullopt});
    bytes_ += key.size() + value.size();
    it = current_.emplace_hint(it, std::string(key), std::move(value));
  } else {
    bytes_ = bytes_ - it->second.size() + value.size();
    undo_.push_back(Undo{it->first, std::move(it->second)});
    it->second = std::move(value);
  }
  cursor.it = it;
  cursor.generation = generation_;
  note_undo();
}

void Storage::erase(std::string_view key) {
  auto it = current_.find(key);
  if (it == current_.end()) return;
  ++stats_.erases;
  bytes_ -= it->first.size() + it->second.size();
  undo_.push_back(Undo{it->first, std::move(it->second)});
  void_cursors();
  current_.erase(it);
  note_undo();
}

void Storage::erase_range(std::string_view from, std::string_view to) {
  auto first = current_.lower_bound(from);
  auto last = current_.lower_bound(to);
  for (auto it = first; it != last; ++it) {
    ++stats_.erases;
    bytes_ -= it->first.size() + it->second.size();
    undo_.push_back(Undo{it->first, std::move(it->second)});
  }
  if (first != last) void_cursors();
  current_.erase(first, last);
  note_undo();
}

const std::string* Storage::get(std::string_view key) const {
  auto it = current_.find(key);
  return it == current_.end() ? nullptr : &it->second;
}

void Storage::note_undo() {
  if (undo_.size() < compact_at_) [[likely]]
    return;
  // Only the oldest entry per key matters to a crash: keep those, in order.
  std::vector<bool> keep(undo_.size());
  {
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < undo_.size(); ++i) keep[i] = seen.insert(undo_[i].key).second;
  }
  std::size_t out = 0;
  for (std::size_t i = 0; i < undo_.size(); ++i)
    if (keep[i]) {
      if (out != i) undo_[out] = std::move(undo_[i]);
      ++out;
    }
  undo_.resize(out);
  compact_at_ = std::max(kCompactMin, 2 * out);
}

void Storage::sync() {
  ++stats_.syncs;
  undo_.clear();  // keeps its capacity: the next writes allocate nothing here
  compact_at_ = kCompactMin;
}

std::map<std::string_view, const std::optional<std::string>*> Storage::synced_view() const {
  std::map<std::string_view, const std::optional<std::string>*> first;
  for (const Undo& u : undo_) first.emplace(u.key, &u.old);  // keeps the oldest entry per key
  return first;
}

void Storage::lose_unsynced() {
  stats_.lost_writes += synced_view().size();  // keys, as before: not writes
  void_cursors();
  for (auto u = undo_.rbegin(); u != undo_.rend(); ++u) {
    auto it = current_.find(u->key);
    if (it != current_.end()) {
      bytes_ -= it->first.size() + it->second.size();
      current_.erase(it);
    }
    if (u->old) {
      bytes_ += u->key.size() + u->old->size();
      current_.emplace(std::move(u->key), std::move(*u->old));
    }
  }
  undo_.clear();
}

std::size_t Storage::durable_keys() const {
  std::size_t n = current_.size();
  for (const auto& [key, old] : synced_view()) {
    n -= current_.find(key) != current_.end();
    n += old->has_value();
  }
  return n;
}

std::size_t Storage::durable_bytes() const {
  std::size_t n = bytes_;
  for (const auto& [key, old] : synced_view()) {
    auto it = current_.find(key);
    if (it != current_.end()) n -= it->first.size() + it->second.size();
    if (*old) n += key.size() + (*old)->size();
  }
  return n;
}

}  // namespace cachesim
