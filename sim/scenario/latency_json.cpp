#include "sim/scenario/latency_json.hpp"

#include <algorithm>
#include <string>

#include "sim/scenario/duration.hpp"

namespace cachesim {

namespace {

using Kind = LatencyDist::Kind;

constexpr DurationRange kRange{0, kMaxLatency};

Duration field(const JsonObject& o, std::string_view key) { return read_duration(o.required(key), kRange); }

Duration field_or(const JsonObject& o, std::string_view key, Duration fallback) {
  if (auto r = o.get(key)) return read_duration(*r, kRange);
  return fallback;
}

// The cut-off when the file gives none: kDefaultLatencyMaxFactor times the
// typical latency, but never past what a file may write (the scenario
// written back, e.g. by `cachesim shrink`, must load again).
Duration default_max(Duration typical) { return std::min(typical * kDefaultLatencyMaxFactor, kMaxLatency); }

// Refuses `hi` < `lo`, at `hi_key` if the file gave it, else at `lo_key`.
void require_order(const JsonObject& o, std::string_view lo_key, Duration lo, std::string_view hi_key, Duration hi) {
  if (lo <= hi) return;
  if (auto r = o.get(hi_key)) {
    r->fail("a duration no less than " + std::string(lo_key) + " (" + format_duration(lo) + ")");
  }
  o.required(lo_key).fail("a duration no more than " + std::string(hi_key) + " (" + format_duration(hi) + ")");
}

}  // namespace

LatencyDist read_latency(const JsonReader& r) {
  const JsonObject o = r.object("a latency object");
  const Kind kind = o.required("dist").choice<Kind>({{"constant", Kind::constant},
                                                      {"uniform", Kind::uniform},
                                                      {"exponential", Kind::exponential},
                                                      {"normal", Kind::normal},
                                                      {"lognormal", Kind::lognormal}});
  LatencyDist d;
  d.kind = kind;
  d.value = d.min = d.max = d.mean = d.stddev = d.median = 0;
  d.sigma = 0.0;
  switch (kind) {
    case Kind::constant:
      o.allow({"dist", "value"}, "a constant latency");
      d.value = d.min = d.max = field(o, "value");
      break;
    case Kind::uniform:
      o.allow({"dist", "min", "max"}, "a uniform latency");
      d.min = field(o, "min");
      d.max = field(o, "max");
      require_order(o, "min", d.min, "max", d.max);
      break;
    case Kind::exponential:
      o.allow({"dist", "min", "mean", "max"}, "an exponential latency");
      d.min = field(o, "min");
      d.mean = field(o, "mean");
      d.max = field_or(o, "max", default_max(d.mean));
      require_order(o, "min", d.min, "mean", d.mean);
      require_order(o, "mean", d.mean, "max", d.max);
      break;
    case Kind::normal:
      o.allow({"dist", "mean", "stddev", "min", "max"}, "a normal latency");
      d.mean = field(o, "mean");
      d.stddev = field(o, "stddev");
      d.min = field_or(o, "min", 0);
      d.max = field_or(o, "max", default_max(d.mean));
      require_order(o, "min", d.min, "max", d.max);
      break;
    case Kind::lognormal:
      o.allow({"dist", "median", "sigma", "min", "max"}, "a lognormal latency");
      d.median = field(o, "median");
      d.sigma = o.required("sigma").number(0.0, 10.0, "a number in 0..10");
      d.min = field_or(o, "min", 0);
      d.max = field_or(o, "max", default_max(d.median));
      require_order(o, "min", d.min, "max", d.max);
      break;
  }
  return d;
}

nlohmann::json latency_to_json(const LatencyDist& d) {
  nlohmann::json j;
  j["dist"] = to_string(d.kind);
  switch (d.kind) {
    case Kind::constant:
      j["value"] = duration_to_json(d.value);
      return j;
    case Kind::uniform:
      break;
    case Kind::exponential:
      j["mean"] = duration_to_json(d.mean);
      break;
    case Kind::normal:
      j["mean"] = duration_to_json(d.mean);
      j["stddev"] = duration_to_json(d.stddev);
      break;
    case Kind::lognormal:
      j["median"] = duration_to_json(d.median);
      j["sigma"] = d.sigma;
      break;
  }
  j["min"] = duration_to_json(d.min);
  j["max"] = duration_to_json(d.max);
  return j;
}

}  // namespace cachesim
