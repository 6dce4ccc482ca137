// A latency distribution in scenario files (network latency, per-link and
// network-fault latency, client think time):
//
//   {"dist":"constant","value":"1ms"}
//   {"dist":"uniform","min":"1ms","max":"3ms"}
//   {"dist":"exponential","min":"1ms","mean":"2ms","max"?}       min <= mean <= max
//   {"dist":"normal","mean":"2ms","stddev":"500us","min"?,"max"?}
//   {"dist":"lognormal","median":"2ms","sigma":0.5,"min"?,"max"?}  sigma in [0, 10]
//
// Every duration is in 0..kMaxLatency and min <= max. An absent min is 0;
// an absent max is 1000 x the mean (median for lognormal), so that every
// distribution is bounded. The LatencyDist fields a kind does not use are
// zero, so a distribution read and written back compares equal.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/net/latency.hpp"
#include "sim/scenario/json_reader.hpp"

namespace cachesim {

inline constexpr Duration kMaxLatency = 1'000'000 * kSecond;
// An absent max is this many times the mean or median.
inline constexpr Duration kDefaultLatencyMaxFactor = 1000;

LatencyDist read_latency(const JsonReader& r);
// Writes every field the kind uses, min and max included.
nlohmann::json latency_to_json(const LatencyDist& d);

}  // namespace cachesim
