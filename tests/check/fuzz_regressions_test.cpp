// The history fuzz properties (tests/fuzz/history_properties.hpp: the fast
// and checked line parsers agree, refusals are one line, accepted histories
// survive writing back) hold on every input history_fuzz ever found a bug
// with, kept in tests/fuzz/regressions/history/, and on inputs of the kind
// the fuzzer starts from.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/check/history_gen.hpp"
#include "tests/fuzz/history_properties.hpp"

namespace cachesim {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(HistoryFuzzRegressions, EveryPastFindingIsHandled) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(CACHESIM_SOURCE_DIR) / "tests/fuzz/regressions/history"))
    if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) EXPECT_EQ(fuzz::history_violation(slurp(f)), "") << f;
}

// history_fuzz's first finding: a number beyond a double threw the JSON
// library's out_of_range, which the parser did not catch (the CLI said
// "internal error").
TEST(HistoryFuzzRegressions, ANumberBeyondADoubleIsMalformedJson) {
  try {
    parse_history(R"({"process":0,"type":"invoke","f":"read","key":"k","value":1e309})", "h.jsonl");
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "h.jsonl:1: expected a JSON object, found malformed JSON: a number out of range");
  }
}

TEST(HistoryFuzzRegressions, GeneratedHistoriesAreHandled) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    RegisterWorkload w;
    w.seed = seed;
    w.ops = 50;
    w.string_values = seed % 2 == 0;
    w.with_time = seed % 3 != 0;
    w.timeout = Probability::from_fraction(0.2);
    std::ostringstream out;
    write_history(out, generate_register_history(w).history);
    EXPECT_EQ(fuzz::history_violation(out.str()), "") << "seed " << seed;
  }
}

TEST(HistoryFuzzRegressions, UnusualButValidLinesAreHandled) {
  // Lines the fast path leaves to the checked one: escapes, nested values,
  // txns, non-string errors, extra fields, blank lines, CRLF endings.
  const std::string text =
      R"({"process":0,"type":"invoke","f":"cas","key":"k\u00e9\n","value":["a",2]})" "\r\n"
      "\n"
      R"({"process":0,"type":"fail","f":"cas","key":"k\u00e9\n","value":["a",2],"error":{"why":1}})" "\n"
      R"({"index":3,"process":1,"type":"invoke","f":"txn","value":[["append","k",7],["r","k",null]]})" "\n"
      R"({"process":1,"type":"ok","f":"txn","value":[["append","k",7],["r","k",[7]]]})" "\n"
      R"({"process":2,"type":"invoke","f":"delete","key":"k","value":[[1],[]]})" "\n";
  EXPECT_EQ(fuzz::history_violation(text), "");
  EXPECT_EQ(fuzz::history_violation("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k\"}\n\xff\xfe"), "");
}

}  // namespace
}  // namespace cachesim
