#include "sim/workload/history_recorder.hpp"

namespace cachesim {

void HistoryRecorder::record(Event e) {
  if (e.type == EventType::kInvoke) {
    ++pending_;
    ++invocations_;
  } else if (pending_ > 0) {
    --pending_;
  }
  if (file_) {
    append_event_json(buf_, e);
    if (buf_.size() >= (1u << 16)) flush();
  }
  history_.events.push_back(std::move(e));
}

void HistoryRecorder::flush() {
  if (file_ && !buf_.empty()) {
    std::fwrite(buf_.data(), 1, buf_.size(), file_);
    buf_.clear();
    std::fflush(file_);
  }
}

}  // namespace cachesim
