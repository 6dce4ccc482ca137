// Collects the history of a run as clients record it.
//
// Contract: events are kept in the order they were recorded, which is
// virtual-time order (the simulator is single-threaded), so the result is a
// valid history for the checkers. If a stream is attached, every event is
// also appended to it as one JSON line as soon as it happens (a run that
// dies midway still leaves its history up to that point).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

#include "sim/check/history.hpp"

namespace cachesim {

class HistoryRecorder {
 public:
  void record(Event e);

  // Not owned; flushed by flush() and when the recorder is destroyed.
  void stream_to(std::FILE* file) { file_ = file; }
  void flush();
  ~HistoryRecorder() { flush(); }

  const History& history() const { return history_; }
  // Hands the history over (the run is over; the recorder is left empty).
  History take_history() { return std::move(history_); }
  // Invokes not yet completed.
  std::uint64_t pending() const { return pending_; }
  std::uint64_t invocations() const { return invocations_; }

 private:
  History history_;
  std::uint64_t pending_ = 0, invocations_ = 0;
  std::FILE* file_ = nullptr;
  std::string buf_;
};

}  // namespace cachesim
