// Swarm testing: a scenario that gives ranges instead of values, and a
// configuration drawn from them for each seed.
//
// A scenario's optional top-level "swarm" object maps places in the scenario
// (RFC 6901 JSON pointers, as in every loader message) to what may go there:
//
//   "swarm": {
//     "/network/loss":          {"min": 0, "max": 0.2},          numbers, in steps of 1e-6
//     "/workload/clients":      {"min": 1, "max": 8},            integers (both ends JSON integers)
//     "/network/latency/max":   {"min": "3ms", "max": "50ms"},   durations, in steps of 1us (of 1ns
//                                                                 if an end is not whole microseconds)
//     "/workload/values":       ["int", "string"],               one of these JSON values
//     "/nemesis/kinds":         {"subset_of": ["crash", "pause", "partition"], "min_items": 1}
//   }                                    a subset (order kept) of at least min_items items (default 1)
//
// Contract:
//   * take_swarm() removes "swarm" from a document and checks its shape; a
//     malformed section is InputError "FILE: /swarm/...: expected ..., found ...".
//     The parent of every place must exist in the scenario (the place itself
//     may be absent: the drawn value is added there); places may not overlap,
//     nor touch /swarm, /seed, /$schema or the root.
//   * check_swarm() loads the scenario once with each entry at each of its
//     extremes (min and max, every choice, the whole set and its smallest
//     subset), the other entries as written, so a range of the wrong type or
//     beyond what the loader accepts is refused at load time naming the
//     entry: "FILE: /swarm/~1network~1loss: at its max 1.5: /network/loss:
//     expected a probability in [0, 1], found 1.5".
//   * draw_swarm() is a pure function of (swarm, seed): each entry draws from
//     its own stream, Rng::stream(seed, "swarm", hash64(pointer)), so adding
//     an entry never changes what the others draw.
//   * ScenarioSource::for_seed() parses the drawn document with the normal
//     strict loader: every drawn configuration is validated like a
//     hand-written one. Entries that interact (a drawn latency min above a
//     drawn max) can only be refused per draw: "FILE: swarm draw for seed 7:
//     /network/latency: ...".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.hpp"

namespace cachesim {

struct SwarmEntry {
  enum class Kind : std::uint8_t { integer, decimal, duration, choice, subset };
  std::string pointer;  // the place in the scenario, e.g. "/network/loss"
  Kind kind = Kind::integer;
  std::int64_t lo = 0, hi = 0;            // integer; duration (ns); decimal (in millionths)
  std::vector<nlohmann::json> values;     // choice: the choices; subset: the set
  std::size_t min_items = 0;              // subset
};

struct Swarm {
  std::vector<SwarmEntry> entries;  // sorted by pointer
};

// Limits: choices and subset sets are small; decimals stay exact in millionths.
inline constexpr std::size_t kMaxSwarmEntries = 64;
inline constexpr std::size_t kMaxSwarmChoices = 64;
inline constexpr std::size_t kMaxSwarmSubset = 16;
inline constexpr double kMaxSwarmDecimal = 1e12;

std::optional<Swarm> take_swarm(nlohmann::json& doc, const std::string& file);
void check_swarm(const Swarm& swarm, const nlohmann::json& base, const std::string& file);
// {pointer: drawn value}, keys in pointer order.
nlohmann::json draw_swarm(const Swarm& swarm, std::uint64_t seed);
// `base` with each drawn value put at its pointer.
nlohmann::json apply_swarm(nlohmann::json base, const nlohmann::json& drawn);

// A scenario file as a sweep sees it: the scenario, or for a swarm scenario
// the base document and a drawn scenario per seed.
class ScenarioSource {
 public:
  // Throw InputError as load_scenario() does, plus the swarm errors above.
  static ScenarioSource load(const std::string& path);
  static ScenarioSource parse(std::string_view text, const std::string& file_label);

  bool has_swarm() const { return swarm_.has_value(); }
  // The scenario with the values as written (the swarm not applied).
  const Scenario& base() const { return base_; }
  // The scenario to run with `seed`. Throws InputError naming the seed if the
  // drawn configuration is refused.
  Scenario for_seed(std::uint64_t seed) const;
  // The drawn configuration for `seed` ({pointer: value}); null without a swarm.
  nlohmann::json drawn(std::uint64_t seed) const;

 private:
  std::string file_;
  Scenario base_;
  nlohmann::json doc_;  // without "swarm"
  std::optional<Swarm> swarm_;
};

}  // namespace cachesim
