// The random nemesis in scenario files:
//
//   "nemesis": {"enabled": true, "kinds": [...], "partitions": [...],
//               "start": "1s", "stop": "8s", "interval": {"min","max"},
//               "lasts": {"min","max"}, "max_down": 2, "clock_jump_max": "100ms",
//               "drift_ppm_max": 500, "loss_max": 0.1, "duplicate_max": 0.05}
//
// Every key is optional. "enabled" is true when the object is present and
// false when it is absent; either way every other field is filled in (an
// absent nemesis reads as {"enabled": false}), so a scenario written back
// states the nemesis it would have run. 0 <= start < stop <= run duration;
// interval and lasts are > 0 with min <= max; max_down <= servers - 1.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "sim/fault/fault.hpp"
#include "sim/scenario/json_reader.hpp"

namespace cachesim {

// Defaults for the fields NemesisSpec leaves at zero (a zero interval would
// make a nemesis that never lets time advance). They belong in NemesisSpec
// itself; they are here until scenario.hpp takes them.
inline constexpr Duration kNemesisIntervalMin = 500 * kMillisecond;
inline constexpr Duration kNemesisIntervalMax = 2 * kSecond;
inline constexpr Duration kNemesisLastsMin = 500 * kMillisecond;
inline constexpr Duration kNemesisLastsMax = 2 * kSecond;
inline constexpr Duration kNemesisClockJumpMax = 100 * kMillisecond;
inline constexpr std::int64_t kNemesisDriftPpmMax = 500;  // within LeaseSpec's default drift bound
inline constexpr Probability kNemesisLossMax{100'000'000};      // 0.1
inline constexpr Probability kNemesisDuplicateMax{50'000'000};  // 0.05

// `r` is the "nemesis" value, or nullopt when the key is absent.
NemesisSpec read_nemesis(const std::optional<JsonReader>& r, std::uint32_t servers, Duration run_duration);
nlohmann::json nemesis_to_json(const NemesisSpec& n);

}  // namespace cachesim
