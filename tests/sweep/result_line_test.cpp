// Result lines round-trip, are refused when malformed, and the closing
// summary is order-independent, groups failures and refuses duplicates.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sim/core/input_error.hpp"
#include "sim/sweep/result_line.hpp"
#include "sim/sweep/sweep_summary.hpp"

namespace cachesim::sweep {
namespace {

SeedResult pass(std::uint64_t seed) {
  SeedResult r;
  r.seed = seed;
  r.verdict = "pass";
  r.sim_time_ns = 10'000'000'000;
  r.events = 1234 + seed;
  r.wall_ms = 17;
  r.trace_hash = "00000000000000ab";
  r.scenario = "scenarios/healthy-5.json";
  return r;
}

SeedResult fail(std::uint64_t seed, const std::string& check) {
  SeedResult r = pass(seed);
  r.verdict = "fail";
  r.failed_check = check;
  return r;
}

std::string error_of(const std::string& line) {
  try {
    parse_result_line(line, "r.jsonl:3");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(ResultLine, HasTheDocumentedKeysInOrder) {
  EXPECT_EQ(format_result_line(pass(7)),
            R"({"seed":7,"verdict":"pass","failed_check":"","sim_time_ns":10000000000,"events":1241,"wall_ms":17,)"
            R"("trace_hash":"00000000000000ab","scenario":"scenarios/healthy-5.json"})");
}

TEST(ResultLine, RoundTripsPassFailCrashAndSwarm) {
  SeedResult s = fail(9, "linearizability");
  s.swarm = nlohmann::json{{"/network/loss", 0.125}, {"/workload/clients", 3}};
  const SeedResult c = crash_result(11, "signal SIGSEGV", "x.json", nullptr, 5);
  for (const SeedResult& r : {pass(1), s, c}) {
    const std::string line = format_result_line(r);
    EXPECT_EQ(parse_result_line(line, "here"), r) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos);
  }
  EXPECT_NE(format_result_line(c).find(R"("sim_time_ns":null)"), std::string::npos);
}

TEST(ResultLine, RefusesMalformedLinesNamingTheLine) {
  const std::string good = format_result_line(pass(1));
  struct Bad {
    std::string line, expect;
  };
  const std::vector<Bad> bad = {
      {"not json", "r.jsonl:3: expected a sweep result line"},
      {"[1,2]", "r.jsonl:3: expected a sweep result line (a JSON object), found [1,2]"},
      {R"({"seed":1})", "r.jsonl:3: expected a sweep result line with \"verdict\""},
      {std::string(good).replace(good.find("\"pass\""), 6, "\"maybe\""), "r.jsonl:3: /verdict: expected one of"},
      {std::string(good).replace(good.find("\"seed\":1"), 8, "\"seed\":-1"), "r.jsonl:3: /seed: expected an integer"},
      {std::string(good).replace(good.find("00000000000000ab"), 16, "xyz"), "r.jsonl:3: /trace_hash: expected a trace hash"},
      {std::string(good).insert(1, "\"extra\":1,"), "r.jsonl:3: /extra: expected a key of a sweep result line"},
      {std::string(good).replace(good.find("\"pass\""), 6, "\"fail\""), "r.jsonl:3: /failed_check: expected the failed check"},
  };
  for (const Bad& b : bad) {
    const std::string m = error_of(b.line);
    EXPECT_EQ(m.rfind(b.expect, 0), 0u) << b.line << "\n -> " << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  }
}

TEST(SweepSummary, IsTheSameWhateverTheOrderOfResults) {
  std::vector<SeedResult> results;
  for (std::uint64_t s = 1; s <= 30; ++s)
    results.push_back(s % 7 == 0 ? fail(s, "linearizability") : s % 11 == 0 ? fail(s, "liveness") : pass(s));
  results.push_back(crash_result(31, "signal SIGSEGV", "scenarios/healthy-5.json", nullptr, 3));
  SweepSummary forward, backward;
  for (const SeedResult& r : results) forward.add(r, "a");
  std::reverse(results.begin(), results.end());
  for (const SeedResult& r : results) backward.add(r, "b");
  EXPECT_EQ(forward.render("cachesim"), backward.render("cachesim"));
  EXPECT_EQ(forward.exit_code(), 1);
  EXPECT_EQ(forward.failures(), 7u);  // 7, 14, 21, 28; 11, 22; and the crash
  const std::string text = forward.render("build/cachesim");
  EXPECT_EQ(text,
            "summary: 31 runs of scenarios/healthy-5.json, seeds 1..31\n"
            "  pass 24, fail 6, unknown 0, crash 1\n"
            "failures by check:\n"
            "  crash (signal SIGSEGV): 1 run\n"
            "    build/cachesim run scenarios/healthy-5.json --seed 31\n"
            "  linearizability: 4 runs\n"
            "    build/cachesim run scenarios/healthy-5.json --seed 7\n"
            "    build/cachesim run scenarios/healthy-5.json --seed 14\n"
            "    build/cachesim run scenarios/healthy-5.json --seed 21\n"
            "    build/cachesim run scenarios/healthy-5.json --seed 28\n"
            "  liveness: 2 runs\n"
            "    build/cachesim run scenarios/healthy-5.json --seed 11\n"
            "    build/cachesim run scenarios/healthy-5.json --seed 22\n");
}

TEST(SweepSummary, ExitCodesAndGaps) {
  SweepSummary ok;
  ok.add(pass(1), "a");
  ok.add(pass(3), "a");
  EXPECT_EQ(ok.exit_code(), 0);
  EXPECT_NE(ok.render("c").find("seeds 1..3 (not all of them)"), std::string::npos) << ok.render("c");
  SeedResult u = pass(2);
  u.verdict = "unknown";
  ok.add(u, "a");
  EXPECT_EQ(ok.exit_code(), 3);
  EXPECT_NE(ok.render("c").find("undecided"), std::string::npos);
}

TEST(SweepSummary, RefusesDuplicateSeedsAndMixedScenarios) {
  SweepSummary s;
  s.add(pass(5), "a.jsonl:1");
  try {
    s.add(pass(5), "b.jsonl:4");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "b.jsonl:4: expected each seed once, found seed 5 again (first at a.jsonl:1)");
  }
  SeedResult other = pass(5);
  other.trace_hash = "00000000000000ff";
  try {
    s.add(other, "b.jsonl:5");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("with a different result"), std::string::npos) << e.what();
  }
  SeedResult elsewhere = pass(6);
  elsewhere.scenario = "scenarios/lossy-20.json";
  EXPECT_THROW(s.add(elsewhere, "c.jsonl:1"), InputError);
}

TEST(SweepSummary, CapsTheReproduceCommandsPerGroup) {
  SweepSummary s;
  for (std::uint64_t seed = 1; seed <= kReproducePerGroup + 5; ++seed) s.add(fail(seed, "agreement"), "a");
  const std::string text = s.render("cachesim");
  EXPECT_NE(text.find("--seed 20\n"), std::string::npos);
  EXPECT_EQ(text.find("--seed 21\n"), std::string::npos);
  EXPECT_NE(text.find("... and 5 more"), std::string::npos) << text;
}

TEST(SweepSummary, QuotesPathsTheShellWouldSplit) {
  EXPECT_EQ(reproduce_command("cachesim", "my scenarios/x.json", 3), "cachesim run 'my scenarios/x.json' --seed 3");
}

}  // namespace
}  // namespace cachesim::sweep
