// Distributions of one-way message latency.
//
// Every sample is a whole number of nanoseconds, clamped to [min, max]. The
// jitter between samples is what reorders messages on a link: the network
// keeps no FIFO order, as UDP would not.
#pragma once

#include <string>

#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"

namespace cachesim {

struct LatencyDist {
  enum class Kind { constant, uniform, exponential, normal, lognormal };
  Kind kind = Kind::uniform;
  // constant: value.      uniform: min..max.
  // exponential: min plus an exponential tail, so that the mean is `mean`.
  // normal: mean, stddev. lognormal: median * exp(sigma * N(0,1)).
  // Every kind is clamped to [min, max].
  Duration value = 0;
  Duration min = 1 * kMillisecond;
  Duration max = 2 * kMillisecond;
  Duration mean = 0;
  Duration stddev = 0;
  Duration median = 0;
  double sigma = 0.0;

  static LatencyDist constant(Duration v);
  static LatencyDist uniform(Duration lo, Duration hi);

  Duration sample(Rng& rng) const {
    if (kind == Kind::uniform) return rng.uniform(min, max);  // the common case, inline
    return sample_other(rng);
  }
  // "uniform(1ms..2ms)" and the like, for summaries.
  std::string describe() const;

 private:
  Duration sample_other(Rng& rng) const;
};

const char* to_string(LatencyDist::Kind k);

}  // namespace cachesim
