#include "sim/scenario/nemesis_json.hpp"

#include <algorithm>
#include <string>

#include "sim/scenario/duration.hpp"
#include "sim/scenario/fault_json.hpp"
#include "sim/scenario/limits.hpp"
#include "sim/scenario/probability_json.hpp"

namespace cachesim {

namespace {

using nlohmann::json;

template <class T>
std::vector<T> read_unique_list(const JsonReader& r, std::string_view what, std::size_t max_items,
                                std::initializer_list<std::pair<std::string_view, T>> options) {
  std::vector<T> out;
  for (const JsonReader& item : r.array(what, 1, max_items)) {
    const T v = item.choice<T>(options);
    if (std::find(out.begin(), out.end(), v) != out.end()) item.fail("each value once");
    out.push_back(v);
  }
  return out;
}

}  // namespace

NemesisSpec read_nemesis(const std::optional<JsonReader>& r, std::uint32_t servers, Duration run_duration) {
  NemesisSpec n;
  n.enabled = r.has_value();
  n.kinds = {FaultKind::partition, FaultKind::crash, FaultKind::pause, FaultKind::clock, FaultKind::network};
  n.partitions = {PartitionKind::isolate, PartitionKind::split, PartitionKind::one_way, PartitionKind::bridge};
  n.start = 0;
  n.stop = run_duration;
  n.interval_min = kNemesisIntervalMin;
  n.interval_max = kNemesisIntervalMax;
  n.lasts_min = kNemesisLastsMin;
  n.lasts_max = kNemesisLastsMax;
  n.max_down = (servers - 1) / 2;
  n.clock_jump_max = kNemesisClockJumpMax;
  n.drift_ppm_max = kNemesisDriftPpmMax;
  n.loss_max = kNemesisLossMax;
  n.duplicate_max = kNemesisDuplicateMax;
  if (!r) return n;

  const JsonObject o = r->object("the nemesis object");
  o.allow({"enabled", "kinds", "partitions", "start", "stop", "interval", "lasts", "max_down", "clock_jump_max",
           "drift_ppm_max", "loss_max", "duplicate_max"},
          "the nemesis");
  if (auto e = o.get("enabled")) n.enabled = e->boolean();
  if (auto k = o.get("kinds")) {
    n.kinds = read_unique_list<FaultKind>(*k, "a list of fault kinds", 5,
                                          {{"partition", FaultKind::partition},
                                           {"crash", FaultKind::crash},
                                           {"pause", FaultKind::pause},
                                           {"clock", FaultKind::clock},
                                           {"network", FaultKind::network}});
  }
  if (auto p = o.get("partitions")) {
    n.partitions = read_unique_list<PartitionKind>(*p, "a list of partition types", 4,
                                                   {{"isolate", PartitionKind::isolate},
                                                    {"split", PartitionKind::split},
                                                    {"one-way", PartitionKind::one_way},
                                                    {"bridge", PartitionKind::bridge}});
  }
  if (auto s = o.get("stop")) n.stop = read_duration(*s, {1, run_duration});
  if (auto s = o.get("start")) {
    n.start = read_duration(*s);
    if (n.start >= n.stop) s->fail("a duration before stop (" + format_duration(n.stop) + ")");
  }
  if (auto i = o.get("interval")) {
    read_min_max(*i, "an interval object", {1, kMaxFaultFor}, n.interval_min, n.interval_max);
  }
  if (auto l = o.get("lasts")) read_min_max(*l, "a lasts object", {1, kMaxFaultFor}, n.lasts_min, n.lasts_max);
  if (auto m = o.get("max_down")) n.max_down = static_cast<std::uint32_t>(m->integer(0, servers - 1));
  if (auto c = o.get("clock_jump_max")) n.clock_jump_max = read_duration(*c, {0, kMaxClockOffset});
  if (auto d = o.get("drift_ppm_max")) n.drift_ppm_max = d->integer(0, kMaxDriftPpm);
  if (auto l = o.get("loss_max")) n.loss_max = read_probability(*l);
  if (auto d = o.get("duplicate_max")) n.duplicate_max = read_probability(*d);
  return n;
}

json nemesis_to_json(const NemesisSpec& n) {
  json kinds = json::array(), partitions = json::array();
  for (FaultKind k : n.kinds) kinds.push_back(to_string(k));
  for (PartitionKind p : n.partitions) partitions.push_back(to_string(p));
  return json{{"enabled", n.enabled},
              {"kinds", kinds},
              {"partitions", partitions},
              {"start", duration_to_json(n.start)},
              {"stop", duration_to_json(n.stop)},
              {"interval", {{"min", duration_to_json(n.interval_min)}, {"max", duration_to_json(n.interval_max)}}},
              {"lasts", {{"min", duration_to_json(n.lasts_min)}, {"max", duration_to_json(n.lasts_max)}}},
              {"max_down", n.max_down},
              {"clock_jump_max", duration_to_json(n.clock_jump_max)},
              {"drift_ppm_max", n.drift_ppm_max},
              {"loss_max", probability_to_json(n.loss_max)},
              {"duplicate_max", probability_to_json(n.duplicate_max)}};
}

}  // namespace cachesim
