#include "sim/sweep/result_line.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "sim/core/input_error.hpp"
#include "sim/run/summary.hpp"
#include "sim/scenario/json_document.hpp"
#include "sim/scenario/json_reader.hpp"

namespace cachesim::sweep {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::int64_t kI64Max = std::numeric_limits<std::int64_t>::max();

void append_compact(std::string& out, const json& v) {
  switch (v.type()) {
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.items()) {
        if (!first) out += ',';
        first = false;
        out += json(key).dump(-1, ' ', false, json::error_handler_t::replace);
        out += ':';
        append_compact(out, item);
      }
      out += '}';
      return;
    }
    case json::value_t::array: {
      out += '[';
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        append_compact(out, v[i]);
      }
      out += ']';
      return;
    }
    case json::value_t::number_float: {
      const double d = v.get<double>();
      char buf[64];
      const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
      std::string text(buf, ec == std::errc() ? end : buf);
      if (ec != std::errc() || !std::isfinite(d)) text = "null";  // as nlohmann writes them
      else if (text.find_first_of(".e") == std::string::npos) text += ".0";
      out += text;
      return;
    }
    default: out += v.dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

}  // namespace

std::string compact_json(const json& value) {
  std::string out;
  append_compact(out, value);
  return out;
}

SeedResult result_of_run(const RunResult& r, const std::string& scenario_file, const json& swarm,
                         std::int64_t wall_ms) {
  SeedResult s;
  s.seed = r.seed;
  s.verdict = to_string(r.verdict);
  s.failed_check = r.failed_check();
  s.sim_time_ns = r.sim_time;
  s.events = r.stats.events;
  s.wall_ms = wall_ms;
  s.trace_hash = hex64(r.trace_hash);
  s.scenario = scenario_file;
  s.swarm = swarm;
  return s;
}

SeedResult crash_result(std::uint64_t seed, const std::string& cause, const std::string& scenario_file,
                        const json& swarm, std::int64_t wall_ms) {
  SeedResult s;
  s.seed = seed;
  s.verdict = "crash";
  s.failed_check = cause;
  s.wall_ms = wall_ms;
  s.scenario = scenario_file;
  s.swarm = swarm;
  return s;
}

std::string format_result_line(const SeedResult& r) {
  ordered_json j;
  j["seed"] = r.seed;
  j["verdict"] = r.verdict;
  j["failed_check"] = r.failed_check;
  j["sim_time_ns"] = r.sim_time_ns ? ordered_json(*r.sim_time_ns) : ordered_json(nullptr);
  j["events"] = r.events ? ordered_json(*r.events) : ordered_json(nullptr);
  j["wall_ms"] = r.wall_ms;
  j["trace_hash"] = r.trace_hash ? ordered_json(*r.trace_hash) : ordered_json(nullptr);
  j["scenario"] = r.scenario;
  std::string line = j.dump(-1, ' ', false, json::error_handler_t::replace);
  if (!r.swarm.is_null()) {
    line.pop_back();  // the closing brace
    line += ",\"swarm\":" + compact_json(r.swarm) + "}";
  }
  return line;
}

SeedResult parse_result_line(std::string_view line, const std::string& where) {
  json doc;
  try {
    doc = parse_json_document(line, where);
  } catch (const InputError&) {
    throw InputError(where + ": expected a sweep result line (a JSON object), found " +
                     render_found_string(line));
  }
  const JsonReader root(doc, where);
  root.object("a sweep result line (a JSON object)");
  const JsonObject o(root, "a sweep result line");
  o.allow({"seed", "verdict", "failed_check", "sim_time_ns", "events", "wall_ms", "trace_hash", "scenario", "swarm"},
          "a sweep result line");
  SeedResult r;
  r.seed = o.required("seed").unsigned_integer(0, std::numeric_limits<std::uint64_t>::max());
  r.verdict = o.required("verdict").choice<std::string>(
      {{"pass", "pass"}, {"fail", "fail"}, {"unknown", "unknown"}, {"crash", "crash"}});
  r.failed_check = o.required("failed_check").string();
  const bool crash = r.verdict == "crash";
  const auto nullable = [&](std::string_view key) -> std::optional<JsonReader> {
    const JsonReader v = o.required(key);
    if (crash) {
      if (!v.json().is_null()) v.fail("null (the run crashed)");
      return std::nullopt;
    }
    return v;
  };
  if (auto v = nullable("sim_time_ns")) r.sim_time_ns = v->integer(0, kI64Max);
  if (auto v = nullable("events")) r.events = v->unsigned_integer(0, std::numeric_limits<std::uint64_t>::max());
  r.wall_ms = o.required("wall_ms").integer(0, kI64Max);
  if (auto v = nullable("trace_hash")) {
    constexpr std::string_view kWhat = "a trace hash of 16 hex digits";
    const std::string& h = v->string(kWhat);
    if (h.size() != 16 || h.find_first_not_of("0123456789abcdef") != std::string::npos) v->fail(kWhat);
    r.trace_hash = h;
  }
  const JsonReader sc = o.required("scenario");
  r.scenario = sc.string("a scenario file name");
  if (r.scenario.empty()) sc.fail("a scenario file name");
  if (auto v = o.get("swarm")) {
    v->object("a drawn swarm configuration");
    r.swarm = v->json();
  }
  if (r.verdict == "fail" && r.failed_check.empty()) o.required("failed_check").fail("the failed check's name");
  if (r.verdict == "pass" && !r.failed_check.empty()) o.required("failed_check").fail("\"\" for a passing run");
  return r;
}

}  // namespace cachesim::sweep
