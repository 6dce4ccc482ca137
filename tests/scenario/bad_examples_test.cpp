// Every example in tests/scenario/bad is refused with exactly the message
// its .error file states: the right JSON path, the right words.
#include <gtest/gtest.h>

#include <filesystem>

#include "sim/core/input_error.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/scenario/bad_example.hpp"

namespace cachesim {
namespace {

using testing::bad_examples;

TEST(BadExamples, ThereAreEnoughOfThem) { EXPECT_GE(bad_examples().size(), 30u); }

TEST(BadExamples, EveryExampleHasItsExpectedErrorAndEveryErrorItsExample) {
  const auto json_files = testing::files_in("tests/scenario/bad", ".json");
  const auto error_files = testing::files_in("tests/scenario/bad", ".error");
  ASSERT_EQ(json_files.size(), error_files.size());
  for (std::size_t i = 0; i < json_files.size(); ++i) {
    EXPECT_EQ(std::filesystem::path(json_files[i]).stem(), std::filesystem::path(error_files[i]).stem());
  }
}

TEST(BadExamples, EachIsRefusedWithItsExactOneLineMessage) {
  for (const auto& example : bad_examples()) {
    SCOPED_TRACE(example.file);
    ASSERT_FALSE(example.expected_error.empty());
    const std::string text = testing::read_source_file(example.file);
    try {
      parse_scenario(text, example.file);
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()), example.expected_error);
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
  }
}

TEST(BadExamples, LoadScenarioGivesTheSameMessageUnderThePathAsGiven) {
  const std::string rel = "tests/scenario/bad/fault-at-negative.json";
  const std::string path = testing::source_dir() + "/" + rel;
  try {
    load_scenario(path);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": /faults/3/at: expected a duration such as \"150ms\", found -5");
  }
}

}  // namespace
}  // namespace cachesim
