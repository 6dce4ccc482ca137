#include "sim/scenario/probability_json.hpp"

namespace cachesim {

Probability read_probability(const JsonReader& r) {
  return Probability::from_fraction(r.number(0.0, 1.0, "a probability in 0..1"));
}

nlohmann::json probability_to_json(Probability p) {
  // Whole values as integers: "loss": 0 reads better than 0.0.
  if (p.ppb == 0) return 0;
  if (p.ppb == Probability::kOne) return 1;
  return p.fraction();
}

}  // namespace cachesim
