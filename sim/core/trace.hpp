// The trace: every engine event, folded into a 64-bit hash and optionally
// streamed to sinks (a JSON Lines file, a determinism comparator, reports).
//
// Contract: the hash is a function of the events' kind, time, endpoints,
// message type, ids and text, in order; it does not depend on whether any
// sink is attached, nor on message details (describe()), which are only
// rendered for sinks. Nothing is kept in memory per event: memory stays flat
// however long the run.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/hash.hpp"
#include "sim/core/json_text.hpp"
#include "sim/core/message.hpp"
#include "sim/core/node.hpp"
#include "sim/core/time.hpp"

namespace cachesim {

enum class TraceKind : std::uint8_t {
  send,       // from, to, msg, id
  deliver,    // from, to, msg, id
  drop,       // from, to, msg, id, text = reason (loss, partition, down)
  duplicate,  // from, to, msg, id: the message will be delivered twice (both with this id)
  timer,      // node, id = timer id, ref = tag
  crash,
  restart,
  pause,
  resume,
  partition,  // text = what changed
  heal,
  clock,      // node, text = what changed
  network,    // text = what changed
  log,        // node, text
  mark,       // node, text = mark name
  note,       // harness note (text), e.g. "nemesis stopped"
};

const char* to_string(TraceKind k);

struct TraceEvent {
  TraceKind kind = TraceKind::note;
  Time time = 0;
  NodeId node = kNoNode;  // the acting node; the sender for message events
  NodeId peer = kNoNode;  // the receiver for message events
  std::uint64_t id = 0;
  std::uint64_t ref = 0;
  const Message* msg = nullptr;
  std::string_view text;
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  // `index` counts trace events from 0.
  virtual void write(std::uint64_t index, const TraceEvent& e) = 0;
  virtual void flush() {}
};

class Trace {
 public:
  void record(const TraceEvent& e) {
    // A cheap fold (multiply, rotate) per word: this runs twice per message.
    // Time and endpoints enter whole; id, ref, kind and the type's hash are
    // xor-packed into one word, and text enters as its hash: a fingerprint
    // for telling runs apart, not a proof two runs are equal (the trace
    // files are compared line by line for that).
    fold(static_cast<std::uint64_t>(e.time));
    fold((static_cast<std::uint64_t>(e.node) << 32) | e.peer);
    fold(e.id ^ (e.ref << 20) ^ (static_cast<std::uint64_t>(e.kind) << 58) ^ (e.msg ? e.msg->type_hash() : 0));
    if (!e.text.empty()) fold(hash64(e.text));
    for (TraceSink* s : sinks_) s->write(count_, e);
    ++count_;
  }
  std::uint64_t hash() const { return mix64(h_ ^ count_); }
  std::uint64_t count() const { return count_; }
  void add_sink(TraceSink* s) { sinks_.push_back(s); }
  void flush() {
    for (TraceSink* s : sinks_) s->flush();
  }

 private:
  void fold(std::uint64_t w) {
    const std::uint64_t x = (h_ ^ w) * 0x9e3779b97f4a7c15ULL;
    h_ = (x << 29) | (x >> 35);
  }
  std::uint64_t h_ = kFnvOffset;
  std::uint64_t count_ = 0;
  std::vector<TraceSink*> sinks_;
};

// Renders one trace event as a JSON line (no newline), with endpoint names.
void format_trace_line(std::string& out, std::uint64_t index, const TraceEvent& e,
                       const std::vector<std::string>& names);

// Streams the trace to a file as JSON Lines, buffered; flat memory.
class JsonlTraceWriter : public TraceSink {
 public:
  // `names[i]` is endpoint i's name. The file is owned by the caller.
  JsonlTraceWriter(std::FILE* file, const std::vector<std::string>* names) : file_(file), names_(names) {}
  ~JsonlTraceWriter() override { flush(); }
  void write(std::uint64_t index, const TraceEvent& e) override;
  void flush() override;

 private:
  std::FILE* file_;
  const std::vector<std::string>* names_;
  std::string buf_;
};

}  // namespace cachesim
