// The cachesim command as users drive it: exit codes, one-line errors,
// reproducible runs, byte-identical traces.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <functional>
#include <vector>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr, interleaved
};

// Runs a shell command; its stdout and exit code.
Result capture(const std::string& cmd) {
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

Result cachesim(const std::string& args) { return capture(std::string(CACHESIM_BINARY) + " " + args + " 2>&1"); }

fs::path temp_dir() {
  fs::path d = fs::temp_directory_path() / ("cachesim-cli-test-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

std::string write_file(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
  return p.string();
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST(Cli, VersionAndHelpOnEverySubcommand) {
  Result v = cachesim("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_EQ(v.out.rfind("cachesim ", 0), 0u) << v.out;
  for (const char* sub : {"", "run ", "validate ", "check "}) {
    Result h = cachesim(std::string(sub) + "--help");
    EXPECT_EQ(h.code, 0) << sub;
    EXPECT_NE(h.out.find("Usage"), std::string::npos) << sub;
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(cachesim("").code, 2);
  EXPECT_EQ(cachesim("frobnicate").code, 2);
  EXPECT_EQ(cachesim("run").code, 2);
  EXPECT_EQ(cachesim("run x.json --seed notanumber").code, 2);
  EXPECT_EQ(cachesim("check h.jsonl --model nosuch").code, 2);
}

TEST(Cli, BadScenarioIsOneLineNamingFileAndPath) {
  const fs::path d = temp_dir();
  const std::string bad = write_file(d / "bad.json", R"({"faults": [{"at": -5, "kind": "heal"}]})");
  Result r = cachesim("validate " + bad);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(lines(r.out), 1) << r.out;
  EXPECT_NE(r.out.find(bad + ": /faults/0/at: expected a duration"), std::string::npos) << r.out;
  Result run = cachesim("run " + bad + " --seed 1");
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(lines(run.out), 1) << run.out;
  Result missing = cachesim("run " + (d / "nope.json").string());
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.out.find("cannot read"), std::string::npos);
  const std::string broken = write_file(d / "broken.json", "{\n  \"seed\": 1,\n  oops\n}");
  Result m = cachesim("validate " + broken);
  EXPECT_EQ(m.code, 2);
  EXPECT_NE(m.out.find(broken + ":3:"), std::string::npos) << m.out;
}

TEST(Cli, CheckGivesZeroOneThreeAndTwoForBadHistories) {
  const fs::path d = temp_dir();
  const std::string good = write_file(d / "good.jsonl",
                                      R"({"process":0,"type":"invoke","f":"write","key":"k","value":1,"time":0}
{"process":0,"type":"ok","f":"write","key":"k","value":1,"time":10}
{"process":1,"type":"invoke","f":"read","key":"k","value":null,"time":20}
{"process":1,"type":"ok","f":"read","key":"k","value":1,"time":30}
)");
  EXPECT_EQ(cachesim("check " + good).code, 0);
  const std::string stale = write_file(d / "stale.jsonl",
                                       R"({"process":0,"type":"invoke","f":"write","key":"k","value":1,"time":0}
{"process":0,"type":"ok","f":"write","key":"k","value":1,"time":10}
{"process":1,"type":"invoke","f":"read","key":"k","value":null,"time":20}
{"process":1,"type":"ok","f":"read","key":"k","value":null,"time":30}
)");
  Result bad = cachesim("check " + stale);
  EXPECT_EQ(bad.code, 1) << bad.out;
  EXPECT_NE(bad.out.find("k"), std::string::npos);
  const std::string writes_only = write_file(d / "writes.jsonl",
                                             R"({"process":0,"type":"invoke","f":"write","key":"k","value":1}
{"process":0,"type":"ok","f":"write","key":"k","value":1}
)");
  EXPECT_EQ(cachesim("check " + writes_only).code, 3) << "no reads: nothing to check";
  const std::string garbage = write_file(d / "garbage.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\nnot json\n");
  Result g = cachesim("check " + garbage);
  EXPECT_EQ(g.code, 2);
  EXPECT_EQ(lines(g.out), 1) << g.out;
  EXPECT_NE(g.out.find("garbage.jsonl:"), std::string::npos) << g.out;
}

TEST(Cli, RunPrintsTheReproduceLineFirstAndTheTraceHash) {
  Result r = cachesim("run scenarios/healthy-5.json --seed 7");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.rfind(std::string(CACHESIM_BINARY) + " run scenarios/healthy-5.json --seed 7\n", 0), 0u) << r.out;
  for (const char* field : {"seed", "sim time", "events", "messages", "faults", "operations", "linearizability",
                            "liveness", "verdict", "trace hash"}) {
    EXPECT_NE(r.out.find(field), std::string::npos) << field;
  }
}

TEST(Cli, RunWithoutSeedPicksOneAndSaysSo) {
  Result r = cachesim("run scenarios/healthy-5.json");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("# seed chosen at random"), std::string::npos) << r.out;
}

TEST(Cli, SameSeedGivesAByteIdenticalTraceAndHistory) {
  const fs::path d = temp_dir();
  const std::string a = (d / "a.jsonl").string(), b = (d / "b.jsonl").string(), c = (d / "c.jsonl").string();
  ASSERT_EQ(cachesim("run scenarios/minority-partition.json --seed 5 --trace " + a + " --history " + a + ".h").code, 0);
  ASSERT_EQ(cachesim("run scenarios/minority-partition.json --seed 5 --trace " + b + " --history " + b + ".h").code, 0);
  ASSERT_EQ(cachesim("run scenarios/minority-partition.json --seed 6 --trace " + c).code, 0);
  const std::string ta = slurp(a);
  EXPECT_GT(lines(ta), 1000);
  EXPECT_EQ(ta, slurp(b));
  EXPECT_EQ(slurp(a + ".h"), slurp(b + ".h"));
  EXPECT_NE(ta, slurp(c));
  for (const char* kind : {"\"send\"", "\"deliver\"", "\"drop\"", "\"timer\"", "\"partition\"", "\"heal\"", "\"log\""})
    EXPECT_NE(ta.find(std::string("\"ev\":") + kind), std::string::npos) << kind;
  // The history a run writes is one the checker reads.
  EXPECT_EQ(cachesim("check " + a + ".h").code, 0);
}

TEST(Cli, CheckDeterminismRunsTwiceAndAgrees) {
  Result r = cachesim("run scenarios/leader-crash-loop.json --seed 3 --check-determinism");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("determinism  two runs, same trace"), std::string::npos) << r.out;
}

TEST(Cli, AFailedCheckExitsOneAndPrintsTheReproduceCommand) {
  Result r = cachesim("run scenarios/drift-leases.json --seed 2");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("reproduce    " + std::string(CACHESIM_BINARY) + " run scenarios/drift-leases.json --seed 2"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("minimal window"), std::string::npos) << r.out;
}

TEST(Cli, ACheckOutOfBudgetExitsThree) {
  // A budget of one nanosecond cannot decide anything.
  Result r = cachesim("run scenarios/healthy-5.json --seed 1 --check-time 1ns");
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("unknown"), std::string::npos);
}

TEST(Cli, JsonSummaryCarriesTheVerdictAndHash) {
  Result r = cachesim("run scenarios/healthy-5.json --seed 4 --json");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("\"verdict\": \"pass\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"trace_hash\": \""), std::string::npos);
}

TEST(Cli, BadInputLeavesNoPartialOutputFile) {
  const fs::path d = temp_dir();
  const std::string bad = write_file(d / "bad2.json", R"({"duration": "soon"})");
  const fs::path trace = d / "never.jsonl";
  Result r = cachesim("run " + bad + " --trace " + trace.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(trace));
  Result nodir = cachesim("run scenarios/healthy-5.json --seed 1 --trace /nonexistent-dir/t.jsonl");
  EXPECT_EQ(nodir.code, 2);
  EXPECT_NE(nodir.out.find("/nonexistent-dir/t.jsonl: cannot write"), std::string::npos) << nodir.out;
}

// `check --model txn`: list-append transactions, with the same exit codes.
TEST(Cli, CheckTxnModelGivesZeroOneThreeAndTwoForBadHistories) {
  const fs::path d = temp_dir();
  auto txn = [](int p, const char* type, const char* ops, int t) {
    return "{\"process\":" + std::to_string(p) + ",\"type\":\"" + type + "\",\"f\":\"txn\",\"value\":" + ops +
           ",\"time\":" + std::to_string(t) + "}\n";
  };
  const std::string good = write_file(d / "txn-good.jsonl", txn(1, "invoke", R"([["append","x",1]])", 0) +
                                                                txn(1, "ok", R"([["append","x",1]])", 10) +
                                                                txn(2, "invoke", R"([["r","x",null]])", 20) +
                                                                txn(2, "ok", R"([["r","x",[1]]])", 30));
  Result ok = cachesim("check --model txn " + good);
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("transactions (strict-serializable): ok"), std::string::npos) << ok.out;
  EXPECT_EQ(cachesim("check " + good).code, 3) << "the default model is still kv, which ignores txns";

  // T2 began after T1 completed, yet missed its append: serializable, not strictly.
  const std::string stale = write_file(d / "txn-stale.jsonl", txn(1, "invoke", R"([["append","x",1]])", 0) +
                                                                  txn(1, "ok", R"([["append","x",1]])", 10) +
                                                                  txn(2, "invoke", R"([["r","x",null]])", 20) +
                                                                  txn(2, "ok", R"([["r","x",[]]])", 30));
  Result strict = cachesim("check --model txn " + stale);
  EXPECT_EQ(strict.code, 1) << strict.out;
  EXPECT_NE(strict.out.find("G-single (realtime) on x"), std::string::npos) << strict.out;
  EXPECT_NE(strict.out.find("T1 < T2 (rt): T1 completed"), std::string::npos) << strict.out;
  EXPECT_EQ(cachesim("check --model txn-serializable " + stale).code, 0);
  Result json = cachesim("check --model txn --json " + stale);
  EXPECT_EQ(json.code, 1);
  EXPECT_NE(json.out.find("\"kind\": \"G-single\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"verdict\": \"illegal\""), std::string::npos) << json.out;

  const std::string appends = write_file(d / "txn-appends.jsonl", txn(1, "invoke", R"([["append","x",1]])", 0) +
                                                                      txn(1, "ok", R"([["append","x",1]])", 10));
  Result unknown = cachesim("check --model txn " + appends);
  EXPECT_EQ(unknown.code, 3) << unknown.out;
  EXPECT_NE(unknown.out.find("no reads: nothing to check"), std::string::npos) << unknown.out;

  const std::string w = write_file(d / "txn-w.jsonl", txn(1, "invoke", R"([["w","x",1]])", 0) +
                                                          txn(1, "ok", R"([["w","x",1]])", 10));
  Result bad = cachesim("check --model txn " + w);
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_EQ(lines(bad.out), 1) << bad.out;
  EXPECT_NE(bad.out.find("txn-w.jsonl:2: expected list-append micro-ops"), std::string::npos) << bad.out;
  const std::string broken = write_file(d / "txn-broken.jsonl", txn(1, "invoke", R"([["append","x",1]])", 0) +
                                                                    "{\"process\":1,\"type\":\"ok\",\"f\":\"txn\"\n");
  Result parse = cachesim("check --model txn " + broken);
  EXPECT_EQ(parse.code, 2) << parse.out;
  EXPECT_EQ(lines(parse.out), 1) << parse.out;
  EXPECT_NE(parse.out.find("txn-broken.jsonl:2:"), std::string::npos) << parse.out;
}

// Reports (issue: trace and timing reports).

TEST(Cli, RunOutWritesARunDirectoryAndReportRebuildsItByteForByte) {
  const fs::path d = temp_dir() / "run-out";
  fs::remove_all(d);
  Result r = cachesim("run scenarios/drift-leases.json --seed 2 --out " + d.string());
  EXPECT_EQ(r.code, 1) << r.out;  // drift-leases fails linearizability by design
  for (const char* f : {"scenario.json", "summary.json", "history.jsonl", "trace.jsonl", "report.html",
                        "trace.perfetto.json", "lamport.dot"})
    EXPECT_TRUE(fs::exists(d / f)) << f;
  // The timing table comes before the verdicts.
  const auto timing = r.out.find("timing       kind");
  ASSERT_NE(timing, std::string::npos) << r.out;
  EXPECT_LT(timing, r.out.find("checks\n"));
  EXPECT_NE(r.out.find("throughput   "), std::string::npos);
  EXPECT_EQ(r.out.find("\033["), std::string::npos);  // not a terminal: no colour
  // The scenario as run carries its seed; summary.json carries the witness the page draws.
  EXPECT_NE(slurp(d / "scenario.json").find("\"seed\": 2"), std::string::npos);
  EXPECT_NE(slurp(d / "summary.json").find("\"witness\""), std::string::npos);
  const std::string html = slurp(d / "report.html");
  EXPECT_NE(html.find("class=\"chart lin-timeline\""), std::string::npos);
  EXPECT_NE(slurp(d / "lamport.dot").find("the window of the first failure's witness"), std::string::npos);
  const std::string perfetto = slurp(d / "trace.perfetto.json");
  Result rep = cachesim("report " + d.string());
  EXPECT_EQ(rep.code, 0) << rep.out;
  EXPECT_NE(rep.out.find(d.string() + "/report.html"), std::string::npos) << rep.out;
  EXPECT_EQ(slurp(d / "report.html"), html);
  EXPECT_EQ(slurp(d / "trace.perfetto.json"), perfetto);
  // Replaying the scenario as run gives the same trace.
  const fs::path d2 = temp_dir() / "run-out-replay";
  fs::remove_all(d2);
  cachesim("run " + (d / "scenario.json").string() + " --out " + d2.string());
  EXPECT_EQ(slurp(d2 / "trace.jsonl"), slurp(d / "trace.jsonl"));
}

TEST(Cli, WithoutOutNothingIsWritten) {
  const fs::path d = temp_dir() / "no-out";
  fs::remove_all(d);
  fs::create_directories(d);
  const std::string cmd = "cd " + d.string() + " && " + std::string(CACHESIM_BINARY) + " run " +
                          (fs::current_path() / "scenarios/healthy-5.json").string() + " --seed 1 >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_TRUE(fs::is_empty(d));
}

TEST(Cli, ReportOnABadRunDirectoryIsOneLineAndExitTwo) {
  Result missing = cachesim("report /nonexistent-run-dir");
  EXPECT_EQ(missing.code, 2);
  EXPECT_EQ(missing.out, "/nonexistent-run-dir: expected a run directory (cachesim run --out DIR), found none\n");
  const fs::path d = temp_dir() / "bad-run";
  fs::remove_all(d);
  fs::create_directories(d);
  write_file(d / "summary.json", R"({"scenario":"x","seed":1,"sim_time_ns":5,"checks":[]})");
  write_file(d / "history.jsonl", "");
  write_file(d / "trace.jsonl", "{\"i\":0,\"t\":1,\"ev\":\"send\"}\nnot json\n");
  Result bad = cachesim("report " + d.string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(lines(bad.out), 1) << bad.out;
  EXPECT_NE(bad.out.find("trace.jsonl:2: expected a JSON object"), std::string::npos) << bad.out;
  Result window = cachesim("report " + d.string() + " --window later");
  EXPECT_EQ(window.code, 2);
  EXPECT_NE(window.out.find("--window: expected FROM:TO"), std::string::npos) << window.out;
  Result both = cachesim("run scenarios/healthy-5.json --out " + d.string() + " --trace t.jsonl");
  EXPECT_EQ(both.code, 2);
  EXPECT_EQ(lines(both.out), 1) << both.out;
}

// ---- sweep and merge ---------------------------------------------------------

struct Split {
  int code = -1;
  std::string out, err;  // stdout, stderr
};

Split cachesim_split(const std::string& args) {
  const fs::path err = temp_dir() / ("stderr-" + std::to_string(std::hash<std::string>{}(args)) + ".txt");
  const std::string cmd = std::string(CACHESIM_BINARY) + " " + args + " 2>" + err.string();
  const Result out = capture(cmd);
  Split r;
  r.code = out.code;
  r.out = out.out;
  r.err = slurp(err);
  return r;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    v.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return v;
}

// A result line without its one wall-clock figure.
std::string without_wall(std::string line) {
  const std::size_t at = line.find("\"wall_ms\":");
  if (at == std::string::npos) return line;
  return line.erase(at, line.find(',', at) + 1 - at);
}

std::vector<std::string> sorted_results(const std::string& out) {
  std::vector<std::string> v;
  for (const std::string& l : lines_of(out)) v.push_back(without_wall(l));
  std::sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) {
    return std::stoull(a.substr(8)) < std::stoull(b.substr(8));  // {"seed":N
  });
  return v;
}

// The closing summary: everything on stderr from its first line on.
std::string summary_of(const std::string& err) {
  const std::size_t at = err.find("summary: ");
  return at == std::string::npos ? "" : err.substr(at);
}

std::string line_for_seed(const std::string& out, std::uint64_t seed) {
  for (const std::string& l : lines_of(out))
    if (l.rfind("{\"seed\":" + std::to_string(seed) + ",", 0) == 0) return l;
  return "";
}

TEST(CliSweep, ASeedsLineIsTheSameRunAloneOrInASweep) {
  for (const char* scenario : {"scenarios/healthy-5.json", "scenarios/swarm-faults.json"}) {
    const Split sweep = cachesim_split(std::string("sweep ") + scenario + " --seeds 1..4 --jobs 2");
    ASSERT_EQ(sweep.code, 0) << sweep.err;
    ASSERT_EQ(lines(sweep.out), 4) << sweep.out;
    for (std::uint64_t seed : {1, 4}) {
      const Split alone = cachesim_split(std::string("run ") + scenario + " --seed " + std::to_string(seed) + " --json-line");
      ASSERT_EQ(alone.code, 0) << alone.err;
      const std::string in_sweep = line_for_seed(sweep.out, seed);
      ASSERT_FALSE(in_sweep.empty()) << sweep.out;
      EXPECT_EQ(without_wall(in_sweep), without_wall(lines_of(alone.out).at(0)));
    }
  }
  // A swarm scenario's line carries the configuration drawn for the seed, and
  // `run` shows the same draw.
  const Split line = cachesim_split("run scenarios/swarm-faults.json --seed 3 --json-line");
  const std::size_t at = line.out.find(",\"swarm\":{");
  ASSERT_NE(at, std::string::npos) << line.out;
  const std::string drawn = line.out.substr(at + 9, line.out.size() - at - 9 - 2);  // without "}\n"
  const Result text = cachesim("run scenarios/swarm-faults.json --seed 3");
  EXPECT_NE(text.out.find("swarm        " + drawn + "\n"), std::string::npos) << drawn << "\n" << text.out;
}

TEST(CliSweep, TheShardsUnionIsTheWholeSweepAndMergeSummarisesItTheSame) {
  const fs::path d = temp_dir();
  const Split whole = cachesim_split("sweep scenarios/healthy-5.json --seeds 1..8 --jobs 2");
  ASSERT_EQ(whole.code, 0) << whole.err;
  std::string shards, files;
  for (int i = 1; i <= 3; ++i) {
    const std::string file = (d / ("shard-" + std::to_string(i) + ".jsonl")).string();
    const Split s = cachesim_split("sweep scenarios/healthy-5.json --seeds 1..8 --jobs 1 --shard " + std::to_string(i) +
                                   "/3 --out " + file);
    ASSERT_EQ(s.code, 0) << s.err;
    EXPECT_TRUE(s.out.empty()) << "with --out, stdout stays empty";
    shards += slurp(file);
    files += " " + file;
  }
  EXPECT_EQ(sorted_results(shards), sorted_results(whole.out));
  const Split merged = cachesim_split("merge" + files);
  EXPECT_EQ(merged.code, 0) << merged.err;
  EXPECT_EQ(merged.err, summary_of(whole.err));
  EXPECT_NE(merged.err.find("summary: 8 runs of scenarios/healthy-5.json, seeds 1..8\n"), std::string::npos)
      << merged.err;
}

TEST(CliSweep, AFailingScenarioGroupsFailuresByCheckWithReproduceCommands) {
  const Split s = cachesim_split("sweep scenarios/drift-leases.json --seeds 1..12 --jobs 2 --progress-interval 1ns");
  ASSERT_EQ(s.code, 1) << s.err;
  EXPECT_NE(s.err.find("failures by check:\n  linearizability: "), std::string::npos) << s.err;
  EXPECT_NE(s.err.find("progress: "), std::string::npos) << "plain progress lines when stderr is not a terminal";
  // Every failed seed's reproduce command is listed, and it reproduces the failure.
  std::uint64_t failed = 0, first_failed = 0;
  for (const std::string& l : lines_of(s.out)) {
    if (l.find("\"verdict\":\"fail\",\"failed_check\":\"linearizability\"") == std::string::npos) continue;
    const std::uint64_t seed = std::stoull(l.substr(8));
    if (!failed++) first_failed = seed;
    EXPECT_NE(s.err.find(std::string(CACHESIM_BINARY) + " run scenarios/drift-leases.json --seed " + std::to_string(seed) + "\n"),
              std::string::npos)
        << seed << "\n" << s.err;
  }
  ASSERT_GT(failed, 0u) << s.out;
  EXPECT_NE(s.err.find("  linearizability: " + std::to_string(failed) + " run"), std::string::npos) << s.err;
  EXPECT_EQ(cachesim("run scenarios/drift-leases.json --seed " + std::to_string(first_failed)).code, 1);
}

TEST(CliSweep, StopOnFailureStopsAtTheFirstFailure) {
  const Split s = cachesim_split("sweep scenarios/drift-leases.json --seeds 1..60 --jobs 1 --stop-on-failure");
  EXPECT_EQ(s.code, 1) << s.err;
  const std::vector<std::string> results = lines_of(s.out);
  ASSERT_FALSE(results.empty());
  EXPECT_LT(results.size(), 60u);
  EXPECT_NE(results.back().find("\"verdict\":\"fail\""), std::string::npos) << results.back();
  for (std::size_t i = 0; i + 1 < results.size(); ++i)
    EXPECT_NE(results[i].find("\"verdict\":\"pass\""), std::string::npos) << "one job: only the last one failed";
  EXPECT_NE(s.err.find("stopped at the first failure"), std::string::npos) << s.err;
}

TEST(CliSweep, ATimeBudgetEndsTheSweep) {
  const Split s = cachesim_split("sweep scenarios/healthy-5.json --seeds 1..100000 --jobs 1 --time-budget 1s");
  EXPECT_EQ(s.code, 0) << s.err;
  EXPECT_NE(s.err.find("time budget reached"), std::string::npos) << s.err;
  EXPECT_LT(lines(s.out), 100000);
}

TEST(CliSweep, AnInterruptKillsTheWorkersAndLeavesNoOutputFile) {
  const fs::path out = temp_dir() / "interrupted.jsonl";
  const std::string cmd = "timeout --preserve-status -s INT 1 " + std::string(CACHESIM_BINARY) +
                          " sweep scenarios/healthy-5.json --seeds 1..100000 --jobs 2 --out " + out.string() +
                          " 2>/dev/null";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_FALSE(fs::exists(out));
  // No worker outlives the sweep (they would still have the output path in their command line).
  // "[-]-out" matches "--out" but not this shell's own command line.
  const std::string check = "pgrep -f -- '[-]-out " + out.string() + "' >/dev/null";
  EXPECT_NE(std::system(check.c_str()), 0) << "a worker process is still running";
}

TEST(CliSweep, SweepAndMergeHaveHelp) {
  for (const char* sub : {"sweep --help", "merge --help"}) {
    const Result h = cachesim(sub);
    EXPECT_EQ(h.code, 0) << sub;
    EXPECT_NE(h.out.find("Usage"), std::string::npos) << sub;
  }
  EXPECT_NE(cachesim("sweep --help").out.find("--shard"), std::string::npos);
}

TEST(CliSweep, BadInputIsOneLineAndExitTwo) {
  const fs::path d = temp_dir();
  const std::string out = (d / "never-written.jsonl").string();
  struct Bad {
    std::string args, expect;
  };
  const std::vector<Bad> bad = {
      {"sweep scenarios/healthy-5.json --seeds 10..1", "--seeds: expected A..B"},
      {"sweep scenarios/healthy-5.json --seeds x --out " + out, "--seeds: expected A..B"},
      {"sweep scenarios/healthy-5.json --seeds 1..5 --shard 4/3", "--shard: expected I/N"},
      {"sweep scenarios/healthy-5.json --seeds 1..5 --shard 1", "--shard: expected I/N"},
      {"sweep scenarios/healthy-5.json --seeds 1..5 --jobs 0", "--jobs: expected a number of worker processes"},
      {"sweep scenarios/healthy-5.json --seeds 1..5 --time-budget soon", "--time-budget: expected a duration"},
      {"sweep " + (d / "nope.json").string() + " --seeds 1..5 --out " + out, "nope.json: cannot read"},
  };
  for (const Bad& b : bad) {
    const Split s = cachesim_split(b.args);
    EXPECT_EQ(s.code, 2) << b.args << "\n" << s.err;
    EXPECT_EQ(lines(s.err), 1) << b.args << "\n" << s.err;
    EXPECT_NE(s.err.find(b.expect), std::string::npos) << b.args << "\n" << s.err;
    EXPECT_TRUE(s.out.empty()) << b.args;
  }
  EXPECT_FALSE(fs::exists(out)) << "no partial output file";
  EXPECT_EQ(cachesim("sweep scenarios/healthy-5.json").code, 2) << "--seeds is required";
}

TEST(CliSweep, MergeRefusesBadResultFilesNamingTheLine) {
  const fs::path d = temp_dir();
  const Split one = cachesim_split("run scenarios/healthy-5.json --seed 2 --json-line");
  ASSERT_EQ(one.code, 0);
  const std::string good = write_file(d / "good.jsonl", one.out);
  const std::string garbage = write_file(d / "garbage.jsonl", one.out + "not json\n");
  const std::string wrong = write_file(d / "wrong.jsonl", "\n" + std::string(one.out).replace(one.out.find("pass"), 4, "okay"));
  const std::string empty = write_file(d / "empty.jsonl", "");
  struct Bad {
    std::string args, expect;
  };
  const std::vector<Bad> bad = {
      {"merge " + garbage, garbage + ":2: expected a sweep result line"},
      {"merge " + wrong, wrong + ":2: /verdict: expected one of"},
      {"merge " + good + " " + good, good + ":1: expected each seed once, found seed 2 again (first at " + good + ":1)"},
      {"merge " + empty, empty + ": expected at least one result line"},
      {"merge " + (d / "missing.jsonl").string(), "missing.jsonl: cannot read"},
      {"merge " + d.string(), d.string() + ": cannot read"},
  };
  for (const Bad& b : bad) {
    const Split s = cachesim_split(b.args);
    EXPECT_EQ(s.code, 2) << b.args << "\n" << s.err;
    EXPECT_EQ(lines(s.err), 1) << b.args << "\n" << s.err;
    EXPECT_NE(s.err.find(b.expect), std::string::npos) << b.args << "\n" << s.err;
  }
  const Split ok = cachesim_split("merge " + good);
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(ok.err, "summary: 1 runs of scenarios/healthy-5.json, seeds 2\n  pass 1, fail 0, unknown 0, crash 0\n");
}

TEST(CliSweep, TheParallelScriptsMergedSummaryEqualsASingleSweeps) {
  if (std::system("command -v parallel >/dev/null 2>&1") != 0) GTEST_SKIP() << "GNU parallel not installed (scripts/setup installs it)";
  const fs::path d = temp_dir() / "parallel";
  fs::remove_all(d);
  const std::string cmd = "CACHESIM=" + std::string(CACHESIM_BINARY) +
                          " scripts/sweep-parallel --shards 3 --dir " + d.string() +
                          " scenarios/healthy-5.json 1..6 > " + (d.string() + ".out") + " 2> " + (d.string() + ".err");
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << cmd;
  EXPECT_EQ(WEXITSTATUS(status), 0) << slurp(d.string() + ".err");
  const Split single = cachesim_split("sweep scenarios/healthy-5.json --seeds 1..6 --jobs 2");
  ASSERT_EQ(single.code, 0);
  EXPECT_EQ(summary_of(slurp(d.string() + ".err")), summary_of(single.err));
  for (int i = 1; i <= 3; ++i) EXPECT_TRUE(fs::exists(d / ("shard-" + std::to_string(i) + "-of-3.jsonl")));
}

TEST(CliSweep, TheSlurmArrayScriptRunsOneShardPerTask) {
  // Slurm's environment for the tasks of an array numbered from 0, as sbatch --array=0-1 sets it.
  const fs::path d = temp_dir() / "slurm";
  fs::remove_all(d);
  for (int task = 0; task < 2; ++task) {
    const std::string cmd = "CACHESIM=" + std::string(CACHESIM_BINARY) +
                            " SCENARIO=scenarios/healthy-5.json SEEDS=1..5 SLURM_ARRAY_JOB_ID=9 SLURM_ARRAY_TASK_MIN=0"
                            " SLURM_ARRAY_TASK_COUNT=2 SLURM_ARRAY_TASK_ID=" + std::to_string(task) +
                            " OUT_DIR=" + d.string() + " bash scripts/sweep-slurm.sbatch 2>/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  const Split merged = cachesim_split("merge " + (d / "shard-1-of-2.jsonl").string() + " " + (d / "shard-2-of-2.jsonl").string());
  EXPECT_EQ(merged.code, 0) << merged.err;
  EXPECT_EQ(merged.err.rfind("summary: 5 runs of scenarios/healthy-5.json, seeds 1..5\n", 0), 0u) << merged.err;
}

// ---- The bad-input audit: every subcommand, every kind of bad input a user
// can give on a command line, through the real binary. Each must exit 2 with
// exactly one line on stderr naming the culprit, print nothing on stdout,
// finish (`timeout` turns a hang into exit 124), and leave no output file,
// finished or partial, behind.

namespace audit {

struct Outcome {
  int code = -1;
  std::string out, err;
};

Outcome run_split(const std::string& args, const fs::path& scratch) {
  const fs::path out = scratch / "stdout.txt", err = scratch / "stderr.txt";
  const std::string cmd = "timeout 120 " + std::string(CACHESIM_BINARY) + " " + args + " >" + out.string() + " 2>" +
                          err.string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  Outcome o;
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = slurp(out);
  o.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return o;
}

struct BadInput {
  std::string args;   // after "cachesim"
  std::string names;  // what the one stderr line must mention
};

std::vector<BadInput> table(const fs::path& d) {
  const std::string good = "scenarios/healthy-5.json";
  const std::string missing = (d / "missing.json").string();
  const std::string dir = (d / "a-directory").string();
  fs::create_directories(dir);
  const std::string empty = write_file(d / "empty.json", "");
  const std::string blank = write_file(d / "blank.jsonl", "\n  \n\t\n");
  std::string bytes;
  for (int i = 0; i < 2048; ++i) bytes.push_back(static_cast<char>((i * 131 + 7) % 256));
  const std::string garbage = write_file(d / "garbage.bin", bytes);
  const std::string through_file = empty + "/x.json";  // a path whose directory is a file
  // Unreadable even for root: reading /proc/self/mem at offset 0 fails (EIO).
  const std::string unreadable = "/proc/self/mem";
  const std::string outputs = (d / "outputs").string();
  const std::string to_outputs = " --trace " + outputs + "/trace.jsonl --history " + outputs + "/history.jsonl";
  std::vector<BadInput> t = {
      {"run " + good + " --frobnicate", "--frobnicate"},
      {"run " + good + " --seed abc", "--seed"},
      {"run " + good + " --seed -1", "--seed"},
      {"run " + good + " --seed 1.5", "--seed"},
      {"run " + good + " --seed 18446744073709551616", "--seed"},
      {"run " + good + " --seed 1 --check-time soon", "--check-time"},
      {"run " + good + " --seed 1 --check-time 99999999999999999999h", "--check-time"},
      {"run " + good + " --seed 1 --check-time 2000000s", "--check-time"},  // over the scenario format's bound
      {"run " + good + " --seed 1 --check-memory-mb 18446744073709551615", "--check-memory-mb"},
      {"run " + good + " --seed 1 --check-memory-mb 0", "--check-memory-mb"},
      {"run " + missing + " --seed 1", missing},
      {"run " + dir + " --seed 1", dir},
      {"run " + unreadable + " --seed 1", unreadable},
      {"run " + empty + " --seed 1", empty},
      {"run " + garbage + " --seed 1", garbage},
      {"run " + through_file + " --seed 1", through_file},
      {"run " + good + " --seed 1 --trace " + dir, dir},
      {"run " + good + " --seed 1 --history " + dir, dir},
      {"run " + good + " --seed 1 --trace " + d.string() + "/no-such-dir/t.jsonl", "no-such-dir/t.jsonl"},
      {"validate --frobnicate " + good, "--frobnicate"},
      {"validate " + missing, missing},
      {"validate " + dir, dir},
      {"validate " + unreadable, unreadable},
      {"validate " + empty, empty},
      {"validate " + garbage, garbage},
      {"validate " + through_file, through_file},
      {"validate /dev/zero", "/dev/zero"},  // endless: refused at the size bound
      {"check --frobnicate " + blank, "--frobnicate"},
      {"check " + blank + " --time-budget soon", "--time-budget"},
      {"check " + blank + " --time-budget 99999999999999999999h", "--time-budget"},
      {"check " + blank + " --memory-mb abc", "--memory-mb"},
      {"check " + blank + " --memory-mb 18446744073709551615", "--memory-mb"},
      {"check " + missing, missing},
      {"check " + dir, dir},
      {"check " + unreadable, unreadable},
      {"check " + empty, empty},
      {"check " + blank, blank},
      {"check " + garbage, garbage},
      {"check " + through_file, through_file},
  };
  const std::string failing = "scenarios/drift-leases.json";
  const std::string out = " --out " + outputs + "/min.json";
  for (const BadInput& b : std::vector<BadInput>{
           {"shrink " + failing + out, "--seed"},  // required
           {"shrink " + failing + " --seed -1" + out, "--seed"},
           {"shrink " + failing + " --seed 2 --max-runs 0" + out, "--max-runs"},
           {"shrink " + failing + " --seed 2 --max-runs abc" + out, "--max-runs"},
           {"shrink " + failing + " --seed 2 --time-budget soon" + out, "--time-budget"},
           {"shrink " + failing + " --seed 2 --out " + dir, dir},
           {"shrink " + missing + " --seed 2" + out, missing},
           {"shrink " + dir + " --seed 2" + out, dir},
           {"shrink " + empty + " --seed 2" + out, empty},
           {"shrink " + garbage + " --seed 2" + out, garbage},
       })
    t.push_back(b);
  // Every run case also asks for a trace and a history, which must not appear.
  for (BadInput& b : t)
    if (b.args.rfind("run ", 0) == 0 && b.args.find("--trace") == std::string::npos &&
        b.args.find("--history") == std::string::npos)
      b.args += to_outputs;
  return t;
}

TEST(CliBadInput, EveryBadInputExitsTwoWithOneLineAndNoOutputFile) {
  const fs::path d = temp_dir() / "audit";
  fs::create_directories(d / "outputs");
  const std::vector<BadInput> cases = table(d);
  EXPECT_GE(cases.size(), 30u);
  for (const BadInput& b : cases) {
    SCOPED_TRACE("cachesim " + b.args);
    const Outcome o = run_split(b.args, d);
    EXPECT_EQ(o.code, 2) << o.err;
    EXPECT_EQ(lines(o.err), 1) << o.err;
    EXPECT_FALSE(o.err.empty() || o.err.back() != '\n') << o.err;
    EXPECT_NE(o.err.find(b.names), std::string::npos) << o.err;
    EXPECT_EQ(o.out, "") << "stdout must carry no result";
    for (const auto& e : fs::directory_iterator(d / "outputs")) ADD_FAILURE() << "left behind: " << e.path();
    for (const auto& e : fs::directory_iterator(d / "a-directory")) ADD_FAILURE() << "left behind: " << e.path();
  }
}

TEST(CliBadInput, AnUnreadableFileIsRefusedForAnyUser) {
  // chmod is no barrier to root, so this case only means something for
  // others; /proc/self/mem in the table covers root.
  const fs::path d = temp_dir() / "audit-perm";
  fs::create_directories(d);
  const std::string f = write_file(d / "locked.json", "{}");
  fs::permissions(f, fs::perms::none);
  if (::access(f.c_str(), R_OK) == 0) GTEST_SKIP() << "running as root: permissions do not stop reading";
  for (const std::string sub : {"run ", "validate ", "check "}) {
    const Outcome o = run_split(sub + f, d);
    EXPECT_EQ(o.code, 2) << sub;
    EXPECT_EQ(lines(o.err), 1) << o.err;
    EXPECT_NE(o.err.find(f + ": cannot read"), std::string::npos) << o.err;
  }
}

}  // namespace audit

}  // namespace

namespace {

TEST(CliShrink, WritesAScenarioThatFailsTheSameCheckOnItsOwn) {
  const fs::path d = temp_dir() / "shrink";
  fs::create_directories(d);
  const std::string min = (d / "min.json").string();
  const Result r = cachesim("shrink scenarios/drift-leases.json --seed 2 --out " + min);
  EXPECT_EQ(r.code, 1) << r.out;
  for (const char* field : {"fails linearizability", "faults", "operations", "events", "before", "after", "wrote"})
    EXPECT_NE(r.out.find(field), std::string::npos) << field << "\n" << r.out;
  EXPECT_NE(r.out.find("reproduce " + std::string(CACHESIM_BINARY) + " run " + min), std::string::npos) << r.out;
  const Result again = cachesim("run " + min);
  EXPECT_EQ(again.code, 1) << again.out;
  EXPECT_NE(again.out.find("linearizability  fail"), std::string::npos) << again.out;
}

TEST(CliShrink, APassingRunWritesNothing) {
  const fs::path d = temp_dir() / "shrink-pass";
  fs::create_directories(d);
  const Result r = cachesim("shrink scenarios/healthy-5.json --seed 1 --out " + (d / "min.json").string());
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("nothing to shrink"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::is_empty(d));
}

}  // namespace
