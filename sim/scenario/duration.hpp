// Durations as people write them in scenario files.
//
// Accepted: a string of an optional "-", decimal digits, an optional
// fraction (".5"), and one unit of ns, us, ms, s, m (minutes) or h, with no
// spaces: "150ms", "2s", "10us", "5ns", "1.5s", "1m", "1h", "-50ms". A
// fraction is allowed only when the result is a whole number of
// nanoseconds ("1.5us" yes, "1.5ns" no). Or a JSON integer: nanoseconds.
// Everything format_duration() writes is read back exactly.
#pragma once

#include <optional>
#include <string_view>

#include "sim/core/time.hpp"
#include "sim/scenario/json_reader.hpp"

namespace cachesim {

// The duration `text` denotes, or nullopt if it is not one of the accepted
// forms or does not fit in an int64 of nanoseconds.
std::optional<Duration> parse_duration(std::string_view text);

// The durations a field accepts, both ends included.
struct DurationRange {
  Duration min = 0;
  Duration max = kMaxRunTime;
};

// Reads a duration field (string or integer nanoseconds) in `range`.
// Messages, by case:
//   not a duration at all, or negative where min == 0:
//       expected a duration such as "150ms"         (min >= 0)
//       expected a duration such as "-50ms"         (min < 0)
//   0 where min == 1ns:  expected a positive duration such as "150ms"
//   other out of range:  expected a duration in 1ns..1000000s
Duration read_duration(const JsonReader& r, DurationRange range = {});

// {"min": DURATION, "max": DURATION} with both in `range` and min <= max.
// Either key may be absent: `min` and `max` hold the defaults on entry. A
// wrong order is refused at "max" if given, else at "min":
//   expected a duration no less than min (300ms), found "100ms"
// `what` names the object in messages ("an election timeout").
void read_min_max(const JsonReader& r, std::string_view what, DurationRange range, Duration& min, Duration& max);

// A duration as a JSON value, the way scenario files write it ("150ms").
nlohmann::json duration_to_json(Duration d);

}  // namespace cachesim
