#include "sim/scenario/swarm.hpp"

#include <bit>
#include <cmath>
#include <limits>
#include <utility>

#include "sim/core/hash.hpp"
#include "sim/core/input_error.hpp"
#include "sim/core/rng.hpp"
#include "sim/scenario/duration.hpp"
#include "sim/scenario/json_document.hpp"
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/loader.hpp"

namespace cachesim {

namespace {

using nlohmann::json;
constexpr double kMicro = 1e6;  // decimals are drawn in millionths
constexpr std::string_view kPointerWhat = "a JSON pointer to a place in the scenario, such as \"/network/loss\"";

// The message of an InputError about `file`, without its "FILE: " prefix, so
// it can be nested in a message that names the swarm entry.
std::string without_file(const InputError& e, const std::string& file) {
  std::string m = e.what();
  if (m.rfind(file + ": ", 0) == 0) m.erase(0, file.size() + 2);
  return m;
}

json decimal_value(std::int64_t millionths) { return static_cast<double>(millionths) / kMicro; }

bool overlaps(const std::string& a, const std::string& b) {
  const auto inside = [](const std::string& outer, const std::string& inner) {
    return inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 && inner[outer.size()] == '/';
  };
  return inside(a, b) || inside(b, a);
}

// Checks the place a pointer names: the parent exists as an object (the key
// may be absent) or as an array holding that index.
void check_place(const JsonReader& key_reader, const std::string& pointer, const json& doc) {
  const auto fail = [&](std::string_view expected) { key_reader.fail(expected, render_found_string(pointer)); };
  if (pointer.empty() || pointer[0] != '/') fail(kPointerWhat);
  json::json_pointer jp;
  try {
    jp = json::json_pointer(pointer);
  } catch (const json::exception&) {
    fail(kPointerWhat);
  }
  const std::string first = pointer.substr(1, pointer.find('/', 1) == std::string::npos ? std::string::npos
                                                                                          : pointer.find('/', 1) - 1);
  if (first == "swarm" || first == "seed" || first == "$schema")
    fail("a place other than /swarm, /seed and /$schema");
  const json::json_pointer parent = jp.parent_pointer();
  bool ok = false;
  try {
    if (doc.contains(parent)) {
      const json& p = doc.at(parent);
      ok = p.is_object() || (p.is_array() && doc.contains(jp));
    }
  } catch (const json::exception&) {
    ok = false;  // an array index that is not a number
  }
  if (!ok) fail("a place whose parent object (or array element) is in the scenario");
}

SwarmEntry read_range(const JsonObject& entry, const std::string& pointer) {
  const JsonObject o(entry.reader(), "a range");
  o.allow({"min", "max"});
  const JsonReader min = o.required("min"), max = o.required("max");
  SwarmEntry e;
  e.pointer = pointer;
  const json &a = min.json(), &b = max.json();
  constexpr std::int64_t kLo = std::numeric_limits<std::int64_t>::min(), kHi = std::numeric_limits<std::int64_t>::max();
  if (a.is_string()) {
    e.kind = SwarmEntry::Kind::duration;
    const auto lo = parse_duration(a.get_ref<const std::string&>());
    if (!lo) min.fail("a duration such as \"150ms\"");
    if (!b.is_string()) max.fail("a duration such as \"150ms\", as min is");
    const auto hi = parse_duration(b.get_ref<const std::string&>());
    if (!hi) max.fail("a duration such as \"150ms\"");
    e.lo = *lo;
    e.hi = *hi;
  } else if (a.is_number_integer() && b.is_number_integer()) {
    e.kind = SwarmEntry::Kind::integer;
    e.lo = min.integer(kLo, kHi);
    e.hi = max.integer(kLo, kHi);
  } else if (a.is_number()) {
    e.kind = SwarmEntry::Kind::decimal;
    constexpr std::string_view kWhat = "a number in -1e12..1e12";
    if (!b.is_number()) max.fail("a number, as min is");
    e.lo = std::llround(min.number(-kMaxSwarmDecimal, kMaxSwarmDecimal, kWhat) * kMicro);
    e.hi = std::llround(max.number(-kMaxSwarmDecimal, kMaxSwarmDecimal, kWhat) * kMicro);
  } else {
    min.fail("a number, an integer or a duration such as \"150ms\"");
  }
  if (e.hi < e.lo) max.fail("a value no less than min");
  return e;
}

SwarmEntry read_subset(const JsonObject& entry, const std::string& pointer) {
  const JsonObject o(entry.reader(), "a subset");
  o.allow({"subset_of", "min_items"});
  SwarmEntry e;
  e.pointer = pointer;
  e.kind = SwarmEntry::Kind::subset;
  for (const JsonReader& item : o.required("subset_of").array("a list of values", 1, kMaxSwarmSubset)) {
    for (const json& seen : e.values)
      if (seen == item.json()) item.fail("each value once");
    e.values.push_back(item.json());
  }
  e.min_items = 1;
  if (auto m = o.get("min_items")) e.min_items = m->unsigned_integer(0, e.values.size());
  return e;
}

SwarmEntry read_entry(const JsonReader& r, const std::string& pointer) {
  if (r.json().is_array()) {
    SwarmEntry e;
    e.pointer = pointer;
    e.kind = SwarmEntry::Kind::choice;
    for (const JsonReader& item : r.array("a list of choices", 1, kMaxSwarmChoices)) e.values.push_back(item.json());
    return e;
  }
  const JsonObject o = r.object("a range {\"min\", \"max\"}, a list of choices or {\"subset_of\": [...]}");
  if (o.has("subset_of")) return read_subset(o, pointer);
  return read_range(o, pointer);
}

// The values check_swarm() tries for an entry, each with how to name it.
std::vector<std::pair<std::string, json>> extremes(const SwarmEntry& e) {
  std::vector<std::pair<std::string, json>> out;
  const auto endpoint = [&](std::int64_t v) -> json {
    switch (e.kind) {
      case SwarmEntry::Kind::decimal: return decimal_value(v);
      case SwarmEntry::Kind::duration: return duration_to_json(v);
      default: return v;
    }
  };
  switch (e.kind) {
    case SwarmEntry::Kind::integer:
    case SwarmEntry::Kind::decimal:
    case SwarmEntry::Kind::duration:
      out.emplace_back("its min", endpoint(e.lo));
      out.emplace_back("its max", endpoint(e.hi));
      break;
    case SwarmEntry::Kind::choice:
      for (std::size_t i = 0; i < e.values.size(); ++i) out.emplace_back("choice " + std::to_string(i), e.values[i]);
      break;
    case SwarmEntry::Kind::subset: {
      out.emplace_back("the whole set", json(e.values));
      json smallest = json::array();
      for (std::size_t i = 0; i < e.min_items; ++i) smallest.push_back(e.values[i]);
      out.emplace_back("its smallest subset", smallest);
      break;
    }
  }
  return out;
}

json draw_entry(const SwarmEntry& e, std::uint64_t seed) {
  Rng rng = Rng::stream(seed, "swarm", hash64(e.pointer));
  switch (e.kind) {
    case SwarmEntry::Kind::integer: return rng.uniform(e.lo, e.hi);
    case SwarmEntry::Kind::decimal: return decimal_value(rng.uniform(e.lo, e.hi));
    case SwarmEntry::Kind::duration: {
      // In whole microseconds when both ends are: "17373us" reads better than "17372970ns".
      const std::int64_t step = e.lo % 1000 == 0 && e.hi % 1000 == 0 ? 1000 : 1;
      return duration_to_json(rng.uniform(e.lo / step, e.hi / step) * step);
    }
    case SwarmEntry::Kind::choice: return e.values[rng.below(e.values.size())];
    case SwarmEntry::Kind::subset: {
      // Uniform over the subsets with at least min_items items: draw any
      // subset and reject the small ones (at most 2^16 subsets).
      const std::uint64_t n = e.values.size();
      std::uint64_t mask;
      do {
        mask = rng.below(std::uint64_t{1} << n);
      } while (static_cast<std::size_t>(std::popcount(mask)) < e.min_items);
      json out = json::array();
      for (std::uint64_t i = 0; i < n; ++i)
        if (mask & (std::uint64_t{1} << i)) out.push_back(e.values[i]);
      return out;
    }
  }
  return nullptr;
}

}  // namespace

std::optional<Swarm> take_swarm(json& doc, const std::string& file) {
  if (!doc.is_object() || !doc.contains("swarm")) return std::nullopt;
  const json section = std::move(doc["swarm"]);
  doc.erase("swarm");
  const JsonReader r(section, file, "/swarm");
  const JsonObject o = r.object("a swarm object of places and ranges");
  const auto items = o.items();
  if (items.empty()) r.fail("a swarm object with at least one entry");
  if (items.size() > kMaxSwarmEntries) r.fail("a swarm object with at most 64 entries");
  Swarm s;
  for (const auto& [pointer, item] : items) {
    check_place(item, pointer, doc);
    for (const SwarmEntry& earlier : s.entries)
      if (overlaps(earlier.pointer, pointer))
        item.fail("a place outside " + earlier.pointer + " (entries may not overlap)", render_found_string(pointer));
    s.entries.push_back(read_entry(item, pointer));
  }
  return s;
}

void check_swarm(const Swarm& swarm, const json& base, const std::string& file) {
  for (const SwarmEntry& e : swarm.entries) {
    const json::json_pointer jp(e.pointer);
    for (const auto& [name, value] : extremes(e)) {
      json doc = base;
      doc[jp] = value;
      try {
        parse_scenario_json(doc, file);
      } catch (const InputError& err) {
        throw InputError(file + ": " + json_path_child("/swarm", e.pointer) + ": at " + name + " " +
                         render_found(value) + ": " + without_file(err, file));
      }
    }
  }
}

json draw_swarm(const Swarm& swarm, std::uint64_t seed) {
  json out = json::object();
  for (const SwarmEntry& e : swarm.entries) out[e.pointer] = draw_entry(e, seed);
  return out;
}

json apply_swarm(json base, const json& drawn) {
  for (const auto& [pointer, value] : drawn.items()) base[json::json_pointer(pointer)] = value;
  return base;
}

ScenarioSource ScenarioSource::load(const std::string& path) { return parse(read_input_file(path), path); }

ScenarioSource ScenarioSource::parse(std::string_view text, const std::string& file_label) {
  ScenarioSource src;
  src.file_ = file_label;
  src.doc_ = parse_json_document(text, file_label);
  src.swarm_ = take_swarm(src.doc_, file_label);
  src.base_ = parse_scenario_json(src.doc_, file_label);
  if (src.swarm_) check_swarm(*src.swarm_, src.doc_, file_label);
  return src;
}

Scenario ScenarioSource::for_seed(std::uint64_t seed) const {
  if (!swarm_) return base_;
  try {
    return parse_scenario_json(apply_swarm(doc_, draw_swarm(*swarm_, seed)), file_);
  } catch (const InputError& err) {
    throw InputError(file_ + ": swarm draw for seed " + std::to_string(seed) + ": " + without_file(err, file_));
  }
}

json ScenarioSource::drawn(std::uint64_t seed) const { return swarm_ ? draw_swarm(*swarm_, seed) : json(nullptr); }

}  // namespace cachesim
