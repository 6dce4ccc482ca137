#include "sim/net/latency.hpp"

#include <cmath>
#include <cstdio>

#include "sim/core/check.hpp"

namespace cachesim {

LatencyDist LatencyDist::constant(Duration v) {
  LatencyDist d;
  d.kind = Kind::constant;
  d.value = d.min = d.max = v;
  return d;
}

LatencyDist LatencyDist::uniform(Duration lo, Duration hi) {
  LatencyDist d;
  d.kind = Kind::uniform;
  d.min = lo;
  d.max = hi;
  return d;
}

static Duration from_double(double x) {
  // Bounded before conversion so that no sample can overflow int64.
  if (!(x > 0.0)) return 0;
  if (x > static_cast<double>(kMaxRunTime)) return kMaxRunTime;
  return static_cast<Duration>(std::llround(x));
}

Duration LatencyDist::sample_other(Rng& rng) const {
  Duration d = 0;
  switch (kind) {
    case Kind::constant:
      return value;
    case Kind::uniform:
      return rng.uniform(min, max);
    case Kind::exponential:
      d = min + rng.exponential(mean - min);
      break;
    case Kind::normal:
      d = from_double(static_cast<double>(mean) + static_cast<double>(stddev) * rng.standard_normal());
      break;
    case Kind::lognormal:
      d = from_double(static_cast<double>(median) * std::exp(sigma * rng.standard_normal()));
      break;
  }
  return d < min ? min : (d > max ? max : d);
}

const char* to_string(LatencyDist::Kind k) {
  switch (k) {
    case LatencyDist::Kind::constant: return "constant";
    case LatencyDist::Kind::uniform: return "uniform";
    case LatencyDist::Kind::exponential: return "exponential";
    case LatencyDist::Kind::normal: return "normal";
    case LatencyDist::Kind::lognormal: return "lognormal";
  }
  return "?";
}

std::string LatencyDist::describe() const {
  const std::string range = "[" + format_duration(min) + ".." + format_duration(max) + "]";
  switch (kind) {
    case Kind::constant: return "constant(" + format_duration(value) + ")";
    case Kind::uniform: return "uniform" + range;
    case Kind::exponential: return "exponential(mean " + format_duration(mean) + ")" + range;
    case Kind::normal: return "normal(mean " + format_duration(mean) + ", sd " + format_duration(stddev) + ")" + range;
    case Kind::lognormal: {
      char s[32];
      std::snprintf(s, sizeof s, "%.3g", sigma);
      return "lognormal(median " + format_duration(median) + ", sigma " + s + ")" + range;
    }
  }
  return "?";
}

}  // namespace cachesim
