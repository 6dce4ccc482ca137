// scenarios/schema.json and the loader agree: every good scenario is valid
// under the schema and loads; every bad example is refused by the loader
// and, unless marked loader-only, by the schema too; and a loader-only
// example really is beyond JSON Schema (the schema accepts it), so the
// marks stay honest as the schema grows.
//
// Runs scripts/validate_schema.py with /usr/bin/python3, which needs the
// Debian package python3-jsonschema.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>
#include <memory>

#include "sim/core/input_error.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/scenario/bad_example.hpp"

namespace cachesim {
namespace {

using testing::good_files;

struct SchemaRun {
  std::map<std::string, std::string> verdict;  // file -> "valid" or "invalid: ..."
  std::string output;
};

SchemaRun validate(const std::vector<std::string>& files) {
  std::string cmd = "cd '" + testing::source_dir() + "' && /usr/bin/python3 scripts/validate_schema.py";
  for (const std::string& f : files) cmd += " '" + f + "'";
  cmd += " 2>&1";
  SchemaRun run;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), &pclose);
  if (!pipe) return run;
  std::array<char, 4096> buf;
  while (std::fgets(buf.data(), buf.size(), pipe.get()) != nullptr) run.output += buf.data();
  pclose(pipe.release());
  std::size_t start = 0;
  while (start < run.output.size()) {
    std::size_t end = run.output.find('\n', start);
    if (end == std::string::npos) end = run.output.size();
    const std::string line = run.output.substr(start, end - start);
    for (const std::string& f : files) {
      if (line.rfind(f + ": ", 0) == 0) run.verdict[f] = line.substr(f.size() + 2);
    }
    start = end + 1;
  }
  return run;
}

// One Python run judges every file (starting Python with jsonschema costs
// a quarter of a second).
const SchemaRun& schema_verdicts() {
  static const SchemaRun run = [] {
    std::vector<std::string> files = good_files();
    for (const auto& e : testing::bad_examples()) files.push_back(e.file);
    return validate(files);
  }();
  return run;
}

std::string verdict(const std::string& file) {
  const auto it = schema_verdicts().verdict.find(file);
  return it == schema_verdicts().verdict.end() ? "no verdict" : it->second;
}

TEST(SchemaAgreement, TheValidatorJudgedEveryFile) {
  const SchemaRun& run = schema_verdicts();
  // No verdicts at all means the schema did not load or jsonschema is missing.
  EXPECT_EQ(run.verdict.size(), good_files().size() + testing::bad_examples().size())
      << "validate_schema.py (needs python3-jsonschema) said:\n"
      << run.output;
}

TEST(SchemaAgreement, GoodScenariosAreValidAndLoad) {
  const auto files = good_files();
  ASSERT_FALSE(files.empty());
  for (const std::string& f : files) {
    SCOPED_TRACE(f);
    EXPECT_EQ(verdict(f), "valid");
    EXPECT_NO_THROW(parse_scenario(testing::read_source_file(f), f));
  }
}

TEST(SchemaAgreement, BadExamplesAreRefusedByTheSchemaUnlessLoaderOnly) {
  for (const auto& e : testing::bad_examples()) {
    SCOPED_TRACE(e.file);
    EXPECT_THROW(parse_scenario(testing::read_source_file(e.file), e.file), InputError);
    const std::string v = verdict(e.file);
    ASSERT_NE(v, "no verdict");
    if (e.loader_only.empty()) {
      EXPECT_NE(v, "valid") << "the schema accepts what the loader refuses";
    } else {
      EXPECT_EQ(v, "valid") << "marked loader-only (" << e.loader_only << ") but the schema refuses it: drop the mark";
    }
  }
}

}  // namespace
}  // namespace cachesim
