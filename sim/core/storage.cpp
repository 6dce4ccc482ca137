#include "sim/core/storage.hpp"

namespace cachesim {

// The first change to a key after a sync saves what the key held at the
// sync. The caller is about to overwrite or erase the live value, so the
// journal takes it by move: nothing is copied.
bool Storage::journaled(std::string_view key, Undo::iterator& u) {
  u = undo_.lower_bound(key);
  return u != undo_.end() && u->first == key;
}

void Storage::put(std::string_view key, std::string value) {
  ++stats_.puts;
  // One search per map: lower_bound, then insert at the hint.
  auto it = current_.lower_bound(key);
  const bool exists = it != current_.end() && it->first == key;
  Undo::iterator u;
  const bool saved = journaled(key, u);
  if (!exists) {
    if (!saved) undo_.emplace_hint(u, std::string(key), std::nullopt);
    bytes_ += key.size() + value.size();
    current_.emplace_hint(it, std::string(key), std::move(value));
  } else {
    bytes_ = bytes_ - it->second.size() + value.size();
    if (!saved) undo_.emplace_hint(u, it->first, std::move(it->second));
    it->second = std::move(value);
  }
}

void Storage::erase(std::string_view key) {
  auto it = current_.find(key);
  if (it == current_.end()) return;
  ++stats_.erases;
  bytes_ -= it->first.size() + it->second.size();
  Undo::iterator u;
  if (!journaled(key, u)) undo_.emplace_hint(u, it->first, std::move(it->second));
  current_.erase(it);
}

void Storage::erase_range(std::string_view from, std::string_view to) {
  auto first = current_.lower_bound(from);
  auto last = current_.lower_bound(to);
  for (auto it = first; it != last; ++it) {
    ++stats_.erases;
    bytes_ -= it->first.size() + it->second.size();
    Undo::iterator u;
    if (!journaled(it->first, u)) undo_.emplace_hint(u, it->first, std::move(it->second));
  }
  current_.erase(first, last);
}

const std::string* Storage::get(std::string_view key) const {
  auto it = current_.find(key);
  return it == current_.end() ? nullptr : &it->second;
}

void Storage::sync() {
  ++stats_.syncs;
  undo_.clear();
}

void Storage::lose_unsynced() {
  stats_.lost_writes += undo_.size();
  for (auto& [key, old] : undo_) {
    auto it = current_.find(key);
    if (it != current_.end()) {
      bytes_ -= it->first.size() + it->second.size();
      current_.erase(it);
    }
    if (old) {
      bytes_ += key.size() + old->size();
      current_.emplace(key, std::move(*old));
    }
  }
  undo_.clear();
}

std::size_t Storage::durable_keys() const {
  std::size_t n = current_.size();
  for (const auto& [key, old] : undo_) {
    n -= current_.find(key) != current_.end();
    n += old.has_value();
  }
  return n;
}

std::size_t Storage::durable_bytes() const {
  std::size_t n = bytes_;
  for (const auto& [key, old] : undo_) {
    auto it = current_.find(key);
    if (it != current_.end()) n -= it->first.size() + it->second.size();
    if (old) n += key.size() + old->size();
  }
  return n;
}

}  // namespace cachesim
