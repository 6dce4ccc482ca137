// What must hold for ANY bytes given to the scenario loader. The libFuzzer
// target scenario_fuzz.cpp checks it on generated inputs; the regression test
// tests/scenario/fuzz_regressions_test.cpp on every input a fuzzer ever found
// a bug with (tests/fuzz/regressions/scenario/) and on the seed corpus.
//
// Contract: scenario_violation() returns "" when the input was handled
// correctly, else one line saying which property broke. Correctly means:
// refused with an InputError whose message is one line starting with the
// label "fuzz.json:", or accepted, and then scenario_to_json() written and
// loaded back gives the same scenario (the shrinker writes scenarios this
// way). Anything else (another exception, a crash, a sanitizer report, a
// hang) escapes and is reported by the fuzzer or by GoogleTest.
#pragma once

#include <string>
#include <string_view>

#include "sim/core/input_error.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/fuzz/refusal.hpp"
#include "tests/scenario/scenario_equal.hpp"

namespace cachesim::fuzz {

inline constexpr const char* kScenarioLabel = "fuzz.json";

inline std::string scenario_violation(std::string_view text) {
  Scenario s;
  try {
    s = parse_scenario(text, kScenarioLabel);
  } catch (const InputError& e) {
    return bad_message(e.what(), kScenarioLabel);
  }
  const std::string written = scenario_to_json(s).dump();
  Scenario back;
  try {
    back = parse_scenario(written, kScenarioLabel);
  } catch (const InputError& e) {
    return std::string("an accepted scenario, written back, is refused: ") + e.what();
  }
  const std::string diff = testing::ScenarioDiff::of(s, back);
  if (!diff.empty()) return "an accepted scenario changes when written and loaded back: " + diff;
  return "";
}

}  // namespace cachesim::fuzz
