// Scenario files: strict JSON in, Scenario out, and back.
//
// Contract (load/parse): returns a Scenario whose every field is in range
// and every node name resolved, or throws InputError with one line:
//
//   FILE: /json/path: expected WHAT, found FOUND
//   FILE:LINE:COLUMN: malformed JSON: REASON
//   FILE: cannot read: REASON
//
// FILE is `path` (or `file_label`) exactly as given. Unknown keys, wrong
// JSON types (3.0 is not an integer), out-of-range values, malformed
// durations, dangling node names, duplicate keys and contradictory fields
// are all refused; nothing is silently fixed up. Absent fields take the
// defaults of scenario.hpp (name: the file's stem). The top-level key
// "$schema" is accepted and ignored, so editors can find the schema.
// Faults are stored sorted by `at`, stable for equal times. The format is
// described for people and editors by scenarios/schema.json. A top-level
// "swarm" section (ranges drawn per seed) is checked as swarm.hpp says and
// not applied here: ScenarioSource (swarm.hpp) gives the scenario per seed.
//
// Contract (scenario_to_json): writes every field explicitly, defaults
// included, faults in stored order, the seed if set, so that for every
// Scenario s the loader produced, parse_scenario(scenario_to_json(s).dump(),
// s.file) equals s (and so does writing it again).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.hpp"

namespace cachesim {

Scenario load_scenario(const std::string& path);
Scenario parse_scenario(std::string_view text, const std::string& file_label);
// A parsed document without a "swarm" section (swarm.hpp takes it out first;
// parse_scenario and load_scenario check it and return the values as written).
Scenario parse_scenario_json(const nlohmann::json& doc, const std::string& file_label);
nlohmann::json scenario_to_json(const Scenario& s);

}  // namespace cachesim
