// What must hold for ANY bytes given to the history parser. The libFuzzer
// target history_fuzz.cpp checks it on generated inputs; the regression test
// tests/check/fuzz_regressions_test.cpp on every input a fuzzer ever found a
// bug with (tests/fuzz/regressions/history/) and on the seed corpus.
//
// Contract: history_violation() returns "" when the input was handled
// correctly, else one line saying which property broke. Correctly means:
// - on every line the fast parser accepts, the checked parser accepts too
//   and yields the same event. The fast path only ever says "not sure" and
//   defers, so this is the whole of "the two paths agree": a history parsed
//   with the fast path gives the same events as one parsed without it, or
//   both refuse it;
// - the history is refused with an InputError whose message is one line
//   starting with "fuzz.jsonl:", or accepted, and then write_history()'s
//   output parses back to the same events.
// Anything else (another exception, a crash, a sanitizer report, a hang)
// escapes and is reported by the fuzzer or by GoogleTest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/check/history.hpp"
#include "sim/check/history_parse.hpp"
#include "sim/core/input_error.hpp"
#include "tests/fuzz/refusal.hpp"

namespace cachesim::fuzz {

inline constexpr const char* kHistoryLabel = "fuzz.jsonl";

// "" if the two events are the same; `with_line` compares line numbers too.
inline std::string event_diff(const Event& a, const Event& b, bool with_line) {
  if (a.process != b.process) return "process";
  if (a.type != b.type) return "type";
  if (a.f != b.f) return "f";
  if (a.key != b.key) return "key";
  if (!(a.value == b.value)) return "value " + a.value.to_json() + " vs " + b.value.to_json();
  if (a.txn != b.txn) return "txn";
  if (a.time != b.time) return "time";
  if (a.error != b.error) return "error";
  if (with_line && a.line != b.line) return "line";
  return "";
}

inline bool blank_line(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

inline std::string history_violation(std::string_view text) {
  // Line by line: the fast path never accepts what the checked path refuses
  // or reads differently.
  std::uint64_t line = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view row = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (blank_line(row)) continue;
    Event fast;
    const bool fast_ok = detail::parse_event_fast(row, fast);
    fast.line = line;
    Event checked;
    try {
      checked = detail::parse_event_checked(row, kHistoryLabel, line);
    } catch (const InputError& e) {
      if (fast_ok) return "line " + std::to_string(line) + ": the fast parser accepts what the checked one refuses: " + e.what();
      const std::string bad = bad_message(e.what(), kHistoryLabel);
      if (!bad.empty()) return bad;
      continue;
    }
    if (fast_ok) {
      const std::string diff = event_diff(fast, checked, true);
      if (!diff.empty()) return "line " + std::to_string(line) + ": the fast and checked parsers differ in " + diff;
    }
  }
  // The whole history: refused properly, or it survives writing back.
  History h;
  try {
    h = parse_history(text, kHistoryLabel);
  } catch (const InputError& e) {
    return bad_message(e.what(), kHistoryLabel);
  }
  History back;
  try {
    back = parse_history(history_text(h), kHistoryLabel);
  } catch (const InputError& e) {
    return std::string("an accepted history, written back, is refused: ") + e.what();
  }
  if (back.events.size() != h.events.size()) return "an accepted history written back has a different length";
  for (std::size_t i = 0; i < h.events.size(); ++i) {
    const std::string diff = event_diff(h.events[i], back.events[i], false);
    if (!diff.empty()) return "event " + std::to_string(i) + " changes when written back: " + diff;
  }
  return "";
}

}  // namespace cachesim::fuzz
