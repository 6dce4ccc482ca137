// One line of trace.jsonl (sim/core/trace.hpp's format_trace_line), parsed
// without building a JSON tree: the trace may hold tens of millions of lines.
//
// Contract: parse_trace_line() accepts a flat JSON object whose values are
// strings or non-negative integers (what the writer emits; unknown keys are
// ignored, so later additive fields do not break old readers). It fills the
// fields it knows, clears the rest, and returns "" on success, else what was
// expected and what was found (the caller prefixes file and line). Required:
// "i", "t" and "ev".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cachesim::reports {

struct TraceLine {
  std::uint64_t i = 0;
  std::int64_t t = 0;
  std::string ev;    // send, deliver, drop, duplicate, timer, crash, ...
  std::string from;  // message events: sender
  std::string to;    // message events: receiver
  std::string node;  // other events: the acting node ("" when none)
  std::string msg;   // message type name
  std::string reason;  // drop reason
  std::string text;
  std::uint64_t id = 0;  // message id (send/deliver/drop/duplicate share it), timer id
  std::uint64_t tag = 0;
  bool has_id = false;

  bool is_message() const { return ev == "send" || ev == "deliver" || ev == "drop" || ev == "duplicate"; }
  // The endpoint this event happens on: the receiver for deliver and for
  // drops at delivery ("down"), the sender for send and other drops, else node.
  const std::string& where() const;
};

std::string parse_trace_line(std::string_view text, TraceLine& out);

}  // namespace cachesim::reports
