// The event queue: a 4-ary min-heap of (time, sequence) keys.
//
// Contract: pop() returns entries in increasing time; entries with equal time
// come out in the order they were pushed (the sequence number breaks ties),
// which is what makes same-instant events deterministic. The payload is a
// small index into the caller's slab, packed with time and sequence into one
// 16-byte key, so the heap moves 16-byte entries (four children to a cache
// line) and never a closure (a heap-allocated closure per event costs ~2.5x;
// a 4-ary heap keeps sift-down shallow as the queue grows).
//
// Bounds: slots below 2^24 (16M events alive at once) and 2^40 pushes in a
// run (30 hours at 10M events a second); past either, push() throws an
// InvariantViolation.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/core/time.hpp"

namespace cachesim {

class EventQueue {
 public:
  static constexpr int kSlotBits = 24;
  static constexpr std::uint32_t kMaxSlots = 1u << kSlotBits;
  static constexpr std::uint64_t kMaxPushes = std::uint64_t{1} << (64 - kSlotBits);

  struct Entry {
    // time << 64 | sequence << kSlotBits | slot. Sequence numbers are
    // unique, so the order of keys is the order of (time, sequence).
    unsigned __int128 key;
    Time time() const { return static_cast<Time>(key >> 64); }
    std::uint32_t slot() const { return static_cast<std::uint32_t>(key) & (kMaxSlots - 1); }
  };

  bool empty() const { return heap_.size() == static_cast<std::size_t>(root_taken_); }
  std::size_t size() const { return heap_.size() - static_cast<std::size_t>(root_taken_); }
  const Entry& top() const { return heap_.front(); }
  std::uint64_t pushed() const { return seq_; }

  // Takes the earliest entry but leaves its place at the root as a hole: the
  // next push() fills the hole with one sift-down instead of a pop (sift-down)
  // and a push (sift-up). Call settle() once the taken event is handled.
  // Between take() and settle(), top() must not be read.
  Entry take() {
    root_taken_ = true;
    return heap_.front();
  }
  void settle() {
    if (root_taken_) {
      root_taken_ = false;
      const Entry last = heap_.back();
      heap_.pop_back();
      if (!heap_.empty()) sift_down(last);
    }
  }

  // time >= 0, slot < kMaxSlots.
  void push(Time time, std::uint32_t slot) {
    CACHESIM_CHECK(slot < kMaxSlots && seq_ < kMaxPushes, "event queue: slot or sequence out of range");
    const Entry x{(static_cast<unsigned __int128>(static_cast<std::uint64_t>(time)) << 64) | (seq_++ << kSlotBits) |
                  slot};
    if (root_taken_) {
      root_taken_ = false;
      sift_down(x);
      return;
    }
    std::size_t i = heap_.size();
    heap_.emplace_back();
    while (i > 0) {
      const std::size_t p = (i - 1) / 4;
      if (!(x.key < heap_[p].key)) break;
      heap_[i] = heap_[p];
      i = p;
    }
    heap_[i] = x;
  }

  Entry pop() {
    settle();
    const Entry top = heap_.front();
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    return top;
  }

  // Removes every entry whose slot dead(slot) says is dead (a cancelled
  // timer, say; dead is called once per entry), then restores the heap in
  // O(n) (Floyd's heapify). The others pop
  // in the same order as before: keys are unique, so any heap of the same
  // entries pops them in one order. May be called between take() and
  // settle(): it settles first.
  template <class Dead>
  void remove_if(Dead&& dead) {
    settle();
    std::erase_if(heap_, [&](const Entry& e) { return dead(e.slot()); });
    for (std::size_t i = heap_.size() > 1 ? (heap_.size() - 2) / 4 + 1 : 0; i-- > 0;) sift_down_at(i);
  }

  void clear() {
    heap_.clear();
    root_taken_ = false;
  }

 private:
  std::size_t min_child(std::size_t c, std::size_t n) const {
    if (c + 3 < n) {
      const std::size_t a = c + static_cast<std::size_t>(heap_[c + 1].key < heap_[c].key);
      const std::size_t b = c + 2 + static_cast<std::size_t>(heap_[c + 3].key < heap_[c + 2].key);
      return heap_[b].key < heap_[a].key ? b : a;
    }
    std::size_t best = c;
    for (std::size_t j = c + 1; j < n; ++j)
      if (heap_[j].key < heap_[best].key) best = j;
    return best;
  }

  // The plain sift-down of heap_[i] within its subtree (for heapify).
  void sift_down_at(std::size_t i) {
    const std::size_t n = heap_.size();
    const Entry x = heap_[i];
    for (;;) {
      const std::size_t c = 4 * i + 1;
      if (c >= n) break;
      const std::size_t best = min_child(c, n);
      if (!(heap_[best].key < x.key)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = x;
  }

  // Floyd's trick: walk the hole at the root down to a leaf along the
  // smallest children, then sift x up from there.
  void sift_down(const Entry& x) {
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    for (;;) {
      const std::size_t c = 4 * i + 1;
      if (c >= n) break;
      const std::size_t best = min_child(c, n);
      heap_[i] = heap_[best];
      i = best;
    }
    while (i > 0) {
      const std::size_t p = (i - 1) / 4;
      if (!(x.key < heap_[p].key)) break;
      heap_[i] = heap_[p];
      i = p;
    }
    heap_[i] = x;
  }

  std::vector<Entry> heap_;
  std::uint64_t seq_ = 0;
  bool root_taken_ = false;
};

}  // namespace cachesim
