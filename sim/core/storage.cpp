#include "sim/core/storage.hpp"

namespace cachesim {

void Storage::remember(Map::iterator it, std::string_view key) {
  if (undo_.find(key) != undo_.end()) return;  // already saved since the last sync
  if (it == current_.end()) {
    undo_.emplace(std::string(key), std::nullopt);
  } else {
    undo_.emplace(it->first, it->second);
  }
}

void Storage::put(std::string_view key, std::string value) {
  ++stats_.puts;
  auto it = current_.find(key);
  remember(it, key);
  if (it == current_.end()) {
    bytes_ += key.size() + value.size();
    current_.emplace(std::string(key), std::move(value));
  } else {
    bytes_ = bytes_ - it->second.size() + value.size();
    it->second = std::move(value);
  }
}

void Storage::erase(std::string_view key) {
  auto it = current_.find(key);
  if (it == current_.end()) return;
  ++stats_.erases;
  remember(it, key);
  bytes_ -= it->first.size() + it->second.size();
  current_.erase(it);
}

void Storage::erase_range(std::string_view from, std::string_view to) {
  auto first = current_.lower_bound(from);
  auto last = current_.lower_bound(to);
  for (auto it = first; it != last; ++it) {
    ++stats_.erases;
    remember(it, it->first);
    bytes_ -= it->first.size() + it->second.size();
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
