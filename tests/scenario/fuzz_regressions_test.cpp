// The scenario fuzz properties (tests/fuzz/scenario_properties.hpp) hold on
// every input scenario_fuzz ever found a bug with, kept in
// tests/fuzz/regressions/scenario/, and on the fuzzer's seed corpus. Each
// regression file's first bytes are the input; why it once failed is in the
// commit that added it and in the test below that names it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/fuzz/scenario_properties.hpp"
#include "tests/scenario/test_files.hpp"

namespace cachesim {
namespace {

using testing::files_in;
using testing::read_source_file;

std::vector<std::string> regressions() {
  std::vector<std::string> out;
  const std::string dir = "tests/fuzz/regressions/scenario";
  for (const auto& e : std::filesystem::directory_iterator(testing::source_dir() + "/" + dir))
    if (e.is_regular_file() && e.path().filename().string()[0] != '.') out.push_back(dir + "/" + e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ScenarioFuzzRegressions, EveryPastFindingIsHandled) {
  for (const std::string& file : regressions()) {
    EXPECT_EQ(fuzz::scenario_violation(read_source_file(file)), "") << file;
  }
}

TEST(ScenarioFuzzRegressions, TheSeedCorpusIsHandled) {
  std::vector<std::string> files = files_in("scenarios");
  for (const char* dir : {"tests/scenario/good", "tests/scenario/bad"})
    for (const std::string& f : files_in(dir)) files.push_back(f);
  EXPECT_GT(files.size(), 20u);
  for (const std::string& file : files) EXPECT_EQ(fuzz::scenario_violation(read_source_file(file)), "") << file;
}

TEST(ScenarioFuzzRegressions, ThePropertiesRejectBadRefusals) {
  EXPECT_EQ(fuzz::bad_message("fuzz.json: /seed: expected an integer, found \"x\"", "fuzz.json"), "");
  EXPECT_NE(fuzz::bad_message("fuzz.json: two\nlines", "fuzz.json"), "");
  EXPECT_NE(fuzz::bad_message("/seed: expected an integer", "fuzz.json"), "");
}

}  // namespace
}  // namespace cachesim
