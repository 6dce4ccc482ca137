// Virtual time: integer nanoseconds, never floating point, never a wall clock.
#pragma once

#include <cstdint>
#include <string>

namespace cachesim {

// A point in virtual time, in nanoseconds since the start of the run.
using Time = std::int64_t;
// A length of virtual time, in nanoseconds.
using Duration = std::int64_t;

inline constexpr Duration kNanosecond = 1;
inline constexpr Duration kMicrosecond = 1'000;
inline constexpr Duration kMillisecond = 1'000'000;
inline constexpr Duration kSecond = 1'000'000'000;

// The longest run we accept: about 106 days. Far below INT64_MAX so that
// time arithmetic (time + latency, clock offsets) cannot overflow.
inline constexpr Time kMaxRunTime = Time{1} << 53;

// Renders a duration for people with the largest unit that keeps it exact
// ("150ms", "2s", "1500us", "7ns"); parse_duration() reads it back.
std::string format_duration(Duration d);

// Renders a time as seconds with nanosecond precision ("12.000150000s"),
// fixed width after the point, for log lines and summaries.
std::string format_time(Time t);

}  // namespace cachesim
