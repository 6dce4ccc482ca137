// The two paths of the history line parser (history.hpp's parse_history()),
// exposed so that a test can hold them to each other.
//
// Contract: parse_event_fast() accepts a subset of valid lines (the writer's
// shape: a flat object of the known fields, integers, strings without
// escapes, a cas's [expected, new]; txn lines and anything unusual are left
// to the checked path) and, when it returns true, yields exactly the Event
// parse_event_checked() yields. parse_event_checked() accepts every valid
// line and throws InputError "SOURCE:LINE: expected ..., found ..." for the
// rest. Neither checks times or pairing (parse_history() does).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/check/history.hpp"

namespace cachesim::detail {

bool parse_event_fast(std::string_view text, Event& e);
Event parse_event_checked(std::string_view text, const std::string& source, std::uint64_t line);

}  // namespace cachesim::detail
