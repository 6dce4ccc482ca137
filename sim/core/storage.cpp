#include "sim/core/storage.hpp"

namespace cachesim {

void Storage::put(std::string_view key, std::string value) {
  ++stats_.puts;
  auto it = current_.find(key);
  if (it == current_.end()) {
    current_.emplace(std::string(key), std::move(value));
  } else {
    it->second = std::move(value);
  }
  dirty_.emplace(key);
}

void Storage::erase(std::string_view key) {
  auto it = current_.find(key);
  if (it == current_.end()) return;
  ++stats_.erases;
  current_.erase(it);
  dirty_.emplace(key);
}

void Storage::erase_range(std::string_view from, std::string_view to) {
  auto first = current_.lower_bound(from);
  auto last = current_.lower_bound(to);
  for (auto it = first; it != last; ++it) {
    ++stats_.erases;
    dirty_.insert(it->first);
  }
  current_.erase(first, last);
}

const std::string* Storage::get(std::string_view key) const {
  auto it = current_.find(key);
  return it == current_.end() ? nullptr : &it->second;
}

void Storage::sync() {
  ++stats_.syncs;
  for (const std::string& key : dirty_) {
    auto cur = current_.find(key);
    auto dur = durable_.find(key);
    if (dur != durable_.end()) {
      durable_bytes_ -= dur->first.size() + dur->second.size();
    }
    if (cur == current_.end()) {
      if (dur != durable_.end()) durable_.erase(dur);
      continue;
    }
    durable_bytes_ += cur->first.size() + cur->second.size();
    if (dur == durable_.end()) {
      durable_.emplace(cur->first, cur->second);
    } else {
      dur->second = cur->second;
    }
  }
  dirty_.clear();
}

void Storage::lose_unsynced() {
  stats_.lost_writes += dirty_.size();
  for (const std::string& key : dirty_) {
    auto dur = durable_.find(key);
    if (dur == durable_.end()) {
      current_.erase(key);
    } else {
      current_.insert_or_assign(dur->first, dur->second);
    }
  }
  dirty_.clear();
}

}  // namespace cachesim
