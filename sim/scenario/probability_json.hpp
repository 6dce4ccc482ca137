// A probability in scenario files: a JSON number in [0, 1] ("loss": 0.01),
// held as parts per billion (Probability::from_fraction). Written back as
// the fraction, which reads back to the same parts per billion.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/core/rng.hpp"
#include "sim/scenario/json_reader.hpp"

namespace cachesim {

// "expected a probability in 0..1" for anything else.
Probability read_probability(const JsonReader& r);
nlohmann::json probability_to_json(Probability p);

}  // namespace cachesim
